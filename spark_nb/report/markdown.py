"""The report as Markdown, with its figures in a ``NAME_files/`` folder beside it.

Text from the notebook or the model is escaped (headings, captions, notes, table cells,
errors) or, where it is Markdown (a cell's Markdown output, the model's prose), rebuilt
by ``sanitize.to_markdown`` with unsafe links and every image removed. Code is fenced
with more backticks than it contains.

``NAME_files/`` is the writer's own: it is created with a marker file naming the figures
in it. A folder of that name without the marker belongs to someone else and is never
changed; a later export replaces only the figures its marker lists.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from spark_nb.report.document import Report, Section
from spark_nb.report.errors import ReportError
from spark_nb.report.outputs import ErrorItem, Figure, Markdown, Note, Text
from spark_nb.report.sanitize import escape_text, fence, to_markdown
from spark_nb.report.tables import Table
from spark_nb.report.write import atomic_write, check_folder, new_folder, sync_folder

EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
MARKER = ".spark-nb-report.json"
_FIGURE_NAME = re.compile(r"^figure-\d+\.(png|jpg|svg)$")


def _line(text: str) -> str:
    return escape_text(text, one_line=True)


def render(report: Report, files_dir: str) -> tuple[str, dict[str, bytes]]:
    """(Markdown text, {relative image path: bytes})."""
    L = report.labels
    images: dict[str, bytes] = {}
    out = [f"# {_line(report.title)}", f"## {_line(L['summary'])}",
           "\n".join(f"- {_finding(f, L)}" for f in report.findings),
           to_markdown(report.summary) if report.summary else ""]
    for section in (s for s in report.sections if not s.empty):
        out.append(_section(section, L, images, files_dir, report.lang))
    if report.conclusions:
        out += [f"## {_line(L['conclusions'])}", to_markdown(report.conclusions)]
    notes = report.note_lines()
    if notes:
        out += [f"## {_line(L['notes'])}", "\n".join(f"- {_line(n)}" for n in notes)]
    if report.include_code:
        out.append(f"## {_line(L['appendix'])}")
        for s in report.sections:
            if s.code:
                code = "\n\n".join(c.rstrip() for c in s.code)
                out.append(f"### {_line(s.heading)}\n\n{fence(code, 'python')}")
    out.append(f"---\n\n<sub>{_line(report.footer())}</sub>")
    return "\n\n".join(x for x in out if x) + "\n", images


def _section(section: Section, L: dict, images: dict, files_dir: str, lang: str = "en") -> str:
    out = [f"## {_line(section.heading)}"]
    if section.narrative:
        out.append(to_markdown(section.narrative))
    if section.findings:
        out.append(("" if lang == "ja" else " ").join(_finding(f, L) for f in section.findings))
    for item in section.items:
        out.append(ITEMS[type(item)](item, L, images, files_dir))
    out += [f"*{_line(n)}*" for n in section.notes]
    return "\n\n".join(x for x in out if x)


def _finding(f, L: dict) -> str:
    """A claim sentence and the cell it rests on: "… at 523. [cell 12]"."""
    return f"{_line(f.text)} {_line('[' + L['cell'].format(f.cell) + ']')}"


def _text(item: Text, L, images, files_dir) -> str:
    return fence(item.text, "text")


def _figure(item: Figure, L, images, files_dir) -> str:
    if item.mime not in EXTENSIONS:
        return f"*{_line(L['skipped'].format(item.mime))}*"
    n = len(images) + 1
    name = f"{files_dir}/figure-{n}{EXTENSIONS[item.mime]}"
    images[name] = item.data
    label = L["figure"].format(n)
    caption = f"{label}: {item.caption}" if item.caption else label
    return f"![{_line(item.caption or label)}]({quote(name)})\n\n*{_line(caption)}*"


def _table(item: Table, L, images, files_dir) -> str:
    rows = item.header + item.body
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    pad = [r + [""] * (width - len(r)) for r in rows]
    header = pad[: max(1, len(item.header))]
    # Markdown has one header row: join a multi-row pandas header column by column
    top = [" ".join(x for x in col if x).strip() for col in zip(*header)]
    cell = lambda text: _line(text) or " "  # noqa: E731 (escapes "|" too)
    lines = ["| " + " | ".join(cell(c) for c in top) + " |", "|" + "---:|" * width]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in pad[len(header):]]
    if item.trimmed and item.rows:
        lines.append(f"\n*{item.rows} × {item.cols}*")
    return "\n".join(lines)


def _error(item: ErrorItem, L, images, files_dir) -> str:
    return f"> **{_line(L['error'].format(item.ename, item.evalue))}**"


def _markdown(item: Markdown, L, images, files_dir) -> str:
    text = to_markdown(item.text)
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _note(item: Note, L, images, files_dir) -> str:
    return f"*{_line(item.text)}*"


ITEMS = {Text: _text, Figure: _figure, Table: _table, ErrorItem: _error, Note: _note,
         Markdown: _markdown}


# ---------------------------------------------------------------- the figures' folder

def _ours(folder: Path) -> list[str] | None:
    """The figure names a folder's marker lists, or None when the folder is not ours."""
    marker = folder / MARKER
    if folder.is_symlink() or not folder.is_dir() or marker.is_symlink() or not marker.is_file():
        return None
    try:
        names = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return None
    return [n for n in names if isinstance(n, str) and _FIGURE_NAME.match(n)]


def _marker(names: list[str]) -> str:
    return json.dumps({"written_by": "spark_nb report", "files": sorted(names)}, indent=1)


def _not_ours(folder: Path, why: str) -> ReportError:
    return ReportError(f"cannot write the report's figures into {folder}: {why}; spark_nb "
                       "changes only a figures folder it created. Move it away, or choose "
                       "another -o name")


def _write_figures(folder: Path, figures: dict[str, bytes]) -> None:
    """Put ``figures`` ({file name: bytes}) in ``folder``, touching nothing we did not write."""
    exists = folder.exists() or folder.is_symlink()
    if not exists:
        if not figures:
            return
        staging = new_folder(folder.parent, f".{folder.name}.")
        try:
            for name, data in figures.items():
                atomic_write(staging / name, data)
            atomic_write(staging / MARKER, _marker(list(figures)))
            staging.rename(folder)  # fails if the folder appeared meanwhile (not empty)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)  # ours: made by new_folder above
            raise _not_ours(folder, f"it could not be created ({exc.strerror or exc})") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        sync_folder(folder.parent)
        return
    listed = _ours(folder)
    if listed is None:
        if figures:
            raise _not_ours(folder, "it already exists and spark_nb did not create it")
        return  # nothing to write there: leave it as it is
    for name in figures:
        if name not in listed and (folder / name).exists():
            raise _not_ours(folder, f"it holds {name}, which spark_nb did not write")
    for name, data in figures.items():
        atomic_write(folder / name, data)
    for name in set(listed) - set(figures):  # figures of an earlier export, no longer used
        (folder / name).unlink(missing_ok=True)
    if figures or any(p.name != MARKER for p in folder.iterdir()):
        # a file someone added keeps the folder, and it stays ours for the next export
        atomic_write(folder / MARKER, _marker(list(figures)))
        return
    (folder / MARKER).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something appeared meanwhile: leave it


def write(report: Report, output: Path) -> Path:
    """Write ``output`` and the figures in ``NAME_files/`` beside it."""
    check_folder(output)
    files_dir = f"{output.stem}_files"
    text, images = render(report, files_dir)
    _write_figures(output.parent / files_dir, {Path(rel).name: data for rel, data in images.items()})
    return atomic_write(output, text)
