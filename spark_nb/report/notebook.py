"""Read, check, upgrade and (on a copy) execute the notebook a report is written from.

The source file is only ever read: execution works on an in-memory copy, so the
notebook on disk keeps its bytes and its modification time.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spark_nb._extras import require
from spark_nb.report.errors import ReportError

# Executed first, hidden: loads spark_nb so saved figures carry their chart facts,
# with the error hook quiet (an unattended run must not start the model per error).
# The inline backend is resolved first (matplotlib does it at the first figure): setting
# it up removes every display formatter's Figure printer (IPython's
# select_figure_formats), spark_nb's chart facts included.
BACKEND_PRELUDE = """try:
    import matplotlib.pyplot as _plt
    _plt.close(_plt.figure())
    del _plt
except ImportError:
    pass"""
PRELUDE = BACKEND_PRELUDE + """
get_ipython().run_line_magic("load_ext", "spark_nb")
get_ipython().run_line_magic("spark", "auto off")"""
PRELUDE_TAG = "spark-nb-report-prelude"


@dataclass
class SourceNotebook:
    """A loaded notebook: the node, where it came from and what was done to it."""

    nb: Any
    path: Path | None
    sha256: str
    notes: list[str] = field(default_factory=list)      # upgrades and the like
    failed_cells: list[tuple[int, str]] = field(default_factory=list)  # (cell no., error)

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "notebook"


def _nbformat():
    return require("nbformat", "report", "reading notebooks")


def load(path: Path | str) -> SourceNotebook:
    """Read ``path`` as a notebook, upgrading nbformat 3; refuse anything else clearly."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{path} is a directory, not a notebook (.ipynb)") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it ({exc.strerror})") from None
    return from_bytes(raw, path)


def from_bytes(raw: bytes, path: Path | None = None) -> SourceNotebook:
    """Parse notebook bytes; ``path`` is only used in messages and the report's name."""
    where = str(path) if path else "the notebook"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportError(f"{where} is not a notebook: it is not UTF-8 text "
                          "(a binary file?)") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg}); is the file complete?") from None
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise ReportError(f"{where} is JSON but not a Jupyter notebook (no cells)")
    source = SourceNotebook(None, path, hashlib.sha256(raw).hexdigest())
    source.nb = _upgrade(raw.decode("utf-8"), data, where, source.notes)
    return source


def from_node(nb: Any, path: Path | None = None) -> SourceNotebook:
    """Wrap an in-memory notebook (the nbconvert exporter's input)."""
    nbf = _nbformat()
    raw = nbf.writes(nb).encode("utf-8")
    return from_bytes(raw, path)


def _upgrade(text: str, data: dict, where: str, notes: list[str]) -> Any:
    nbf = _nbformat()
    major = data.get("nbformat")
    if not isinstance(major, int) or major < 3:
        raise ReportError(f"{where} uses nbformat {major}, which is not supported "
                          "(only 3 and 4); open and save it in a current Jupyter first")
    try:
        if major > 4:
            raise ReportError(f"{where} uses nbformat {major}, newer than this nbformat supports")
        nb = nbf.reads(text, as_version=nbf.NO_CONVERT)  # joins line lists, as Jupyter does
        if major == 3:
            nb = nbf.convert(nb, 4)
            notes.append(f"{where} was in nbformat 3 and was upgraded to 4 for this report "
                         "(the file itself is unchanged).")
        nbf.validate(nb, relax_add_props=True)
    except ReportError:
        raise
    except Exception as exc:  # nbformat raises several kinds; the user needs one message
        raise ReportError(f"{where} is not a valid notebook: {str(exc).splitlines()[0]}") from None
    return nb


def has_outputs(nb: Any) -> bool:
    """Whether any code cell carries an output."""
    return any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def execute(source: SourceNotebook, *, timeout: int = 300, cwd: Path | None = None,
            on_cell=None, prelude: str = PRELUDE, postlude: str = "") -> SourceNotebook:
    """Run a copy of the notebook with nbclient; failing cells are recorded, not fatal.

    A hidden first cell loads spark_nb, so figures carry facts (and a hidden last cell,
    ``postlude``, may run after the notebook); both are removed again before anything
    reads the outputs.
    """
    nbf = _nbformat()
    nbclient = require("nbclient", "report", "executing notebooks")
    nb = copy.deepcopy(source.nb)
    if prelude:
        nb.cells.insert(0, nbf.v4.new_code_cell(prelude, metadata={"tags": [PRELUDE_TAG]}))
    if postlude:
        nb.cells.append(nbf.v4.new_code_cell(postlude, metadata={"tags": [PRELUDE_TAG]}))
    client = nbclient.NotebookClient(
        nb, timeout=timeout, allow_errors=True, kernel_name="python3",
        resources={"metadata": {"path": str(cwd or (source.path.parent if source.path else "."))}},
    )
    if on_cell is not None:
        client.on_cell_executed = lambda cell, cell_index, execute_reply: on_cell(cell_index)
    # Figures must come out as images: a MPLBACKEND such as Agg in the caller's
    # environment (scripts, test runners) would make the kernel draw nothing.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    try:
        client.execute(env=env)
    except Exception as exc:  # kernel died, timeout: report what ran so far
        raise ReportError(f"executing {source.name} failed: {type(exc).__name__}: "
                          f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    nb.cells = [c for c in nb.cells if PRELUDE_TAG not in c.get("metadata", {}).get("tags", [])]
    done = SourceNotebook(nb, source.path, source.sha256, list(source.notes))
    done.failed_cells = failed_cells(nb)
    return done


def failed_cells(nb: Any) -> list[tuple[int, str]]:
    """(cell number, "Name: message") for every code cell whose outputs hold an error."""
    failed = []
    for i, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                failed.append((i, f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"))
    return failed


def cell_count_in_execution(nb: Any, prelude: str = PRELUDE, postlude: str = "") -> int:
    """Code cells an execution will run, including the hidden prelude and postlude."""
    return bool(prelude) + bool(postlude) + sum(1 for c in nb.cells if c.cell_type == "code")


def save(source: SourceNotebook, path: Path) -> Path:
    """Write an (executed) notebook to ``path`` atomically; never over its own source."""
    from spark_nb.report.write import atomic_write

    if source.path is not None and Path(path).resolve() == Path(source.path).resolve():
        raise ReportError(f"refusing to overwrite the source notebook {path}")
    return atomic_write(Path(path), _nbformat().writes(source.nb))
