"""DataFrame HTML outputs -> a small table (header + rows), trimmed to fit a page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SHAPE = re.compile(r"(\d[\d,]*)\s+rows?\s*[×x]\s*(\d[\d,]*)\s+columns?")
ELLIPSIS = "…"


@dataclass
class Table:
    """A table as plain strings; ``rows``/``cols`` are the frame's full shape when known."""

    header: list[list[str]]
    body: list[list[str]]
    rows: int = 0
    cols: int = 0
    trimmed: bool = False
    cells: list[str] = field(default_factory=list)  # every cell before trimming (grounding)

    def trim(self, max_rows: int, max_cols: int) -> "Table":
        """Keep the first rows and columns (index column included), mark the cut with …."""
        width = max((len(r) for r in self.header + self.body), default=0)
        keep_cols = width if width <= max_cols + 1 else max_cols + 1
        cut_cols = keep_cols < width

        def row(r: list[str]) -> list[str]:
            return r[:keep_cols] + ([ELLIPSIS] if cut_cols else [])

        body = self.body
        cut_rows = len(body) > max_rows
        if cut_rows:
            half = max_rows // 2
            body = body[:half] + [[ELLIPSIS] * width] + body[-(max_rows - half):]
        return Table([row(r) for r in self.header], [row(r) for r in body], self.rows,
                     self.cols, self.trimmed or cut_rows or cut_cols, self.cells)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.header: list[list[str]] = []
        self.body: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._span = 1
        self.tables = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() else 1

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.extend([" ".join("".join(self._cell).split())] * self._span)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.header if self._in_head else self.body).append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        else:
            self.text.append(data)


def parse_html_table(html: str) -> Table | None:
    """The first table of a DataFrame's HTML repr, or None if there is none (or several)."""
    parser = _Collector()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed HTML from some library: show it as text instead
        return None
    if parser.tables != 1 or not (parser.header or parser.body):
        return None
    body = parser.body
    cells = [c for r in parser.header + body for c in r]
    rows, cols = len(body), max((len(r) for r in parser.header + body), default=1) - 1
    m = _SHAPE.search(" ".join(parser.text))
    if m:
        rows, cols = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
    return Table(parser.header, body, rows, cols, bool(m), cells)
