"""The report as Markdown, with its figures in a ``NAME_files/`` folder beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

from spark_nb.report.document import Report, Section
from spark_nb.report.outputs import ErrorItem, Figure, Markdown, Note, Text
from spark_nb.report.tables import Table
from spark_nb.report.write import atomic_write, check_folder

EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}


def render(report: Report, files_dir: str) -> tuple[str, dict[str, bytes]]:
    """(Markdown text, {relative image path: bytes})."""
    L = report.labels
    images: dict[str, bytes] = {}
    out = [f"# {report.title}", f"## {L['summary']}", report.summary]
    for section in (s for s in report.sections if not s.empty):
        out.append(_section(section, L, images, files_dir))
    if report.conclusions:
        out += [f"## {L['conclusions']}", report.conclusions]
    notes = report.note_lines()
    if notes:
        out += [f"## {L['notes']}", "\n".join(f"- {_inline(n)}" for n in notes)]
    if report.include_code:
        out.append(f"## {L['appendix']}")
        for s in report.sections:
            if s.code:
                code = "\n\n".join(c.rstrip() for c in s.code)
                out.append(f"### {s.heading}\n\n```python\n{code}\n```")
    out.append(f"---\n\n<sub>{_inline(report.footer())}</sub>")
    return "\n\n".join(x for x in out if x) + "\n", images


def _inline(text: str) -> str:
    return text.replace("<", "&lt;")


def _section(section: Section, L: dict, images: dict, files_dir: str) -> str:
    out = [f"## {section.heading}"]
    if section.narrative:
        out.append(section.narrative)
    for item in section.items:
        out.append(ITEMS[type(item)](item, L, images, files_dir))
    out += [f"*{_inline(n)}*" for n in section.notes]
    return "\n\n".join(out)


def _text(item: Text, L, images, files_dir) -> str:
    return f"```text\n{item.text}\n```"


def _figure(item: Figure, L, images, files_dir) -> str:
    n = len(images) + 1
    name = f"{files_dir}/figure-{n}{EXTENSIONS[item.mime]}"
    images[name] = item.data
    label = L["figure"].format(n)
    caption = f"{label}: {item.caption}" if item.caption else label
    alt = (item.caption or label).replace("]", ")").replace("[", "(")
    return f"![{alt}]({name.replace(' ', '%20')})\n\n*{_inline(caption)}*"


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def _table(item: Table, L, images, files_dir) -> str:
    rows = item.header + item.body
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    pad = [r + [""] * (width - len(r)) for r in rows]
    header = pad[: max(1, len(item.header))]
    # Markdown has one header row: join a multi-row pandas header column by column
    top = [" ".join(x for x in col if x).strip() for col in zip(*header)]
    lines = ["| " + " | ".join(_cell(c) for c in top) + " |", "|" + "---:|" * width]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in pad[len(header):]]
    if item.trimmed and item.rows:
        lines.append(f"\n*{item.rows} × {item.cols}*")
    return "\n".join(lines)


def _error(item: ErrorItem, L, images, files_dir) -> str:
    return f"> **{_inline(L['error'].format(item.ename, item.evalue))}**"


def _markdown(item: Markdown, L, images, files_dir) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in item.text.splitlines())


def _note(item: Note, L, images, files_dir) -> str:
    return f"*{_inline(item.text)}*"


ITEMS = {Text: _text, Figure: _figure, Table: _table, ErrorItem: _error, Note: _note,
         Markdown: _markdown}


def write(report: Report, output: Path) -> Path:
    """Write ``output`` and its ``NAME_files/`` folder (replaced whole, so no stale figures)."""
    check_folder(output)
    files_dir = f"{output.stem}_files"
    text, images = render(report, files_dir)
    folder = output.parent / files_dir
    if images:
        staging = output.parent / f".{files_dir}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for rel, data in images.items():
            (staging / Path(rel).name).write_bytes(data)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return atomic_write(output, text)
