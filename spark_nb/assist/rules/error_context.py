"""What a rule reads about one error (:class:`ErrorContext`) and what it offers back
(:class:`RuleFix`); building the context from a live exception."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

_NAME_MESSAGE = re.compile(r"name '([^']+)' is not defined")


@dataclass
class ErrorContext:
    """What a rule may read about one error.

    ``error_types`` are the names of the exception's classes, most specific first
    (``("ModuleNotFoundError", "ImportError", "Exception", ...)``), so a rule for
    ImportError also sees ModuleNotFoundError. ``line`` is the 1-based line of
    ``source`` where the error was raised (the innermost frame that is in the cell), or
    None when unknown. ``exception`` is the live exception object when there is one (its
    ``name``, ``args``, ``filename`` attributes help), else None (a traceback given as
    text). ``history`` holds the sources of the cells run in this kernel, oldest first,
    without the failing one; ``notebook_cells`` the sources of the notebook's cells in
    page order when the notebook file is known (maybe stale), else empty;
    ``cell_index`` the failing cell's position in ``notebook_cells`` or None.
    """

    source: str
    error_types: tuple[str, ...]
    message: str
    namespace: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None
    exception: BaseException | None = None
    history: Sequence[str] = ()
    notebook_cells: Sequence[str] = ()
    cell_index: int | None = None
    cwd: str = "."

    @property
    def error_type(self) -> str:
        return self.error_types[0] if self.error_types else ""


@dataclass
class RuleFix:
    """One fix a rule offers.

    ``source`` is the whole corrected cell (None when the fix is advice, such as "run
    cell 3 first"); ``title`` says in a few words what changes (``"use 'sales' instead
    of 'sale'"``); ``explanation`` is one sentence on what went wrong, in English, and
    ``explanation_ja`` the same in Japanese; ``rule`` is the module that made it.
    ``skip_dry_run`` marks fixes whose effect the dry run cannot show (installing a
    package): only the static checks judge them.
    """

    source: str | None
    title: str
    explanation: str
    explanation_ja: str = ""
    rule: str = ""
    skip_dry_run: bool = False


def safe_str(exc: BaseException, limit: int = 2000) -> str:
    """``str(exc)``, even for exceptions whose ``__str__`` raises; at most ``limit`` chars."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - any failure of a user's __str__
        try:
            text = repr(exc.args)
        except Exception:  # noqa: BLE001
            text = f"<{type(exc).__name__}: message could not be read>"
    return text if len(text) <= limit else text[:limit] + " …"


def cell_line(tb, cell_filename: str | None = None) -> int | None:
    """The line of the cell where ``tb`` was raised: the innermost frame in the cell.

    The cell is the frame whose file is ``cell_filename`` or, when that is not given,
    the outermost frame that is not IPython's own code.
    """
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    if cell_filename is None:
        cell_filename = next((f for f, _ in frames if "/IPython/" not in f and "\\IPython\\" not in f), None)
    lines = [n for f, n in frames if f == cell_filename]
    return lines[-1] if lines else None


def context_for(source: str, exc: BaseException, namespace: Mapping[str, Any] | None = None,
                cell_filename: str | None = None, **extra: Any) -> ErrorContext:
    """An :class:`ErrorContext` for a live exception raised by ``source``."""
    types = tuple(c.__name__ for c in type(exc).__mro__ if c is not object)
    return ErrorContext(source=source, error_types=types, message=safe_str(exc),
                        namespace=namespace if namespace is not None else {},
                        line=cell_line(exc.__traceback__, cell_filename), exception=exc, **extra)


def missing_name(ctx: ErrorContext) -> str | None:
    """The name the NameError is about, from the exception or its message."""
    name = getattr(ctx.exception, "name", None)
    if isinstance(name, str) and name:
        return name
    match = _NAME_MESSAGE.search(ctx.message)
    return match[1] if match else None
