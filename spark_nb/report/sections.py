"""Split a notebook into the parts of its analysis: on its headings, or by groups of cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
_COMMENT = re.compile(r"^\s*#\s*(.+)$", re.M)
CELLS_PER_PART = 3  # without headings, this many code cells make one part


@dataclass
class Part:
    """One section of the analysis: its heading, markdown and code cells in order."""

    heading: str
    cells: list[Any] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # cell numbers, 1-based

    @property
    def code_cells(self) -> list[Any]:
        return [c for c in self.cells if c.cell_type == "code"]

    def markdown(self) -> str:
        return "\n\n".join(_src(c) for c in self.cells if c.cell_type == "markdown")


def _src(cell: Any) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def headings(cell: Any) -> list[tuple[int, str]]:
    """(level, text) of each markdown heading in a cell."""
    if cell.cell_type != "markdown":
        return []
    return [(len(m.group(1)), m.group(2).strip()) for m in _HEADING.finditer(_src(cell))]


def title_of(nb: Any, fallback: str) -> str:
    """The notebook's first level-1 heading, else its file name made readable."""
    for cell in nb.cells:
        for level, text in headings(cell):
            if level == 1:
                return text
    return fallback.replace("_", " ").replace("-", " ").strip().capitalize() or "Report"


def split(nb: Any, labels: dict) -> list[Part]:
    """The parts of the analysis, without the title heading; empty parts are dropped."""
    found = [(i, lvl, txt) for i, c in enumerate(nb.cells) for lvl, txt in headings(c)]
    title_cell = next((i for i, lvl, _ in found if lvl == 1), None)
    levels = [lvl for i, lvl, _ in found if not (i == title_cell and lvl == 1)]
    parts = _by_heading(nb, min(levels), title_cell, labels) if levels else _by_groups(nb, labels)
    return [p for p in parts if p.code_cells or _has_images(p)]


def _by_heading(nb: Any, level: int, title_cell: int | None, labels: dict) -> list[Part]:
    parts = [Part(labels["setup"])]
    for i, cell in enumerate(nb.cells):
        starts = [t for lvl, t in headings(cell) if lvl == level]
        if i == title_cell and level == 1:
            starts = starts[1:]  # the title heading itself starts no section
        if starts:
            parts.append(Part(starts[0]))
        parts[-1].cells.append(cell)
        parts[-1].numbers.append(i + 1)
    return parts


def _by_groups(nb: Any, labels: dict) -> list[Part]:
    parts: list[Part] = []
    code_seen = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            if code_seen % CELLS_PER_PART == 0:
                parts.append(Part(_topic(cell) or labels["part"].format(len(parts) + 1)))
            code_seen += 1
        elif not parts:
            parts.append(Part(labels["part"].format(1)))
        parts[-1].cells.append(cell)
        parts[-1].numbers.append(i + 1)
    return parts


def _topic(cell: Any) -> str:
    """A cell's first comment as a heading ("# Revenue by month" -> "Revenue by month")."""
    m = _COMMENT.search(_src(cell))
    return m.group(1).strip()[:80] if m and not m.group(1).startswith("!") else ""


def _has_images(part: Part) -> bool:
    return any(c.get("attachments") for c in part.cells)
