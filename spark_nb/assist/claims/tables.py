"""Claims of an output table: its top and bottom rows, totals and the largest difference.

A table here is plain strings (a header and a body, as a report reads a DataFrame's HTML,
or the text of a pandas Series). Only tables that summarise are read: rows named by labels
(an aggregate such as ``groupby(...).sum()``), not a preview of raw rows (a default
0, 1, 2 … index, ``head()``), not ``describe()`` and not a matrix. Each numeric column
becomes the bars of one chart (categories are the row labels), so the chart claims and
the checker (:mod:`.check`) apply to tables unchanged; a one-row table is read across its
columns (``monthly.to_frame().T``).
"""

from __future__ import annotations

import re

from spark_nb.assist.charts.facts import AxesFacts, Bar, BarFacts, FigureFacts
from spark_nb.assist.claims.claim import Claim
from spark_nb.assist.claims.compute import claims_of, fmt
from spark_nb.assist.claims.positions import say

MAX_ROWS = 60
MAX_COLUMNS = 4
_DESCRIBE = {"count", "mean", "std", "min", "25%", "50%", "75%", "max", "unique", "top", "freq"}
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?$")
_SERIES_END = re.compile(r"^(?:Name:\s*(?P<name>.+?),\s*)?(?:Length:\s*\d+,\s*)?dtype:\s*\w+\s*$")
_TRIMMED = ("…", "...")


def number(cell: str) -> float | None:
    """A table cell as a number ("1,234.5" -> 1234.5, "35.0%" -> 35.0), else None."""
    text = cell.strip().replace("\u2212", "-")
    if not _NUMBER.match(text):
        return None
    return float(text.rstrip("%").replace(",", ""))


def table_facts(header: list[list[str]], body: list[list[str]]) -> FigureFacts | None:
    """The table as chart facts (one Axes of bars per numeric column), or None when it
    does not summarise (see the module)."""
    if not body or any(cell.strip() in _TRIMMED for row in body for cell in row):
        return None  # a cut table: its extremes may be in the rows not shown
    columns = _column_names(header, max(len(r) for r in body))
    width = len(columns)
    rows = [r + [""] * (width - len(r)) for r in body if r]
    if len(rows) == 1 and width >= 4:
        return _across(columns, rows[0])
    labels = [r[0].strip() for r in rows]
    if not _summarises(labels, columns) or len(rows) > MAX_ROWS:
        return None
    facts = FigureFacts(title="")
    for j in range(1, width):
        values = [number(r[j]) for r in rows]
        if any(v is None for v in values) or len(set(values)) < 2:
            continue  # text, missing values, or one value for every row: nothing to rank
        facts.axes.append(_axes(len(facts.axes), columns[j] or f"column {j}", labels, values))
        if len(facts.axes) == MAX_COLUMNS:
            break
    return facts if facts.axes else None


def _column_names(header: list[list[str]], width: int) -> list[str]:
    """One name per column; pandas puts the index name alone on a second header row."""
    names = [""] * width
    for row in header:
        for j, cell in enumerate(row[:width]):
            if cell.strip() and not names[j]:
                names[j] = cell.strip()
    return names


def _summarises(labels: list[str], columns: list[str]) -> bool:
    if len(labels) < 2 or len(set(labels)) != len(labels) or not all(labels):
        return False
    if all(re.fullmatch(r"\d+", x) for x in labels):
        return False  # a default index: rows of raw data, not an aggregate
    if set(labels) <= _DESCRIBE:
        return False
    if set(labels) & set(columns[1:]) and len(set(labels) & set(columns[1:])) >= len(labels) - 1:
        return False  # a correlation or other matrix
    return True


def _across(columns: list[str], row: list[str]) -> FigureFacts | None:
    values = [number(c) for c in row[1:]]
    labels = columns[1:]
    if any(v is None for v in values) or not all(labels) or len(set(values)) < 2:
        return None
    return FigureFacts(title="", axes=[_axes(0, row[0].strip() or "value", labels, values)])


def _axes(index: int, name: str, labels: list[str], values: list[float]) -> AxesFacts:
    total = sum(values)
    positive = total > 0 and all(v >= 0 for v in values)
    bars = [Bar(category=x, value=v, share=(v / total if positive else None)) for x, v in zip(labels, values)]
    ranking = [b.category for b in sorted(bars, key=lambda b: -b.value)]
    facts = BarFacts("vertical", bars, [], totals=dict(zip(labels, values)), ranking=ranking)
    return AxesFacts(index=index, ylabel=name, categories=list(labels), bars=[facts])


def series_table(text: str) -> tuple[list[list[str]], list[list[str]]] | None:
    """A pandas Series as printed ("north    144.5 … Name: revenue, dtype: float64") as a
    header and body, or None if ``text`` is not one."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) < 3:
        return None
    end = _SERIES_END.match(lines[-1].strip())
    if not end:
        return None
    body_lines = lines[:-1]
    index_name = ""
    if len(body_lines[0].split()) == 1 and number(body_lines[0]) is None:
        index_name, body_lines = body_lines[0].strip(), body_lines[1:]  # the index's name
    body = []
    for ln in body_lines:
        parts = ln.rsplit(None, 1)
        if len(parts) != 2 or number(parts[1]) is None:
            return None
        body.append([parts[0].strip(), parts[1]])
    return [[index_name, (end.group("name") or "value").strip()]], body


def table_claims(header: list[list[str]], body: list[list[str]]) -> tuple[FigureFacts, list[Claim]] | None:
    """(facts, claims) of a table that summarises, most interesting first; or None.

    Besides the claims of each column as bars (highest, lowest, share of the total, count)
    a column gets its total and the gap between its top and bottom rows.
    """
    facts = table_facts(header, body)
    if facts is None:
        return None
    shares = {a.index for a in facts.axes if _is_share([b.value for b in a.bars[0].bars])}
    claims = [c for c in claims_of(facts) if c.kind != "count" and not (c.kind == "share" and c.axes in shares)]
    for a in facts.axes:
        claims += _totals(a)
    ordered = {a.index for a in facts.axes if _sorted_by(a)}
    for c in claims:
        if c.axes in ordered:
            c.score += 0.05  # the column the table is sorted by is the one it is about
    claims.sort(key=lambda c: -c.score)
    for i, c in enumerate(claims, 1):
        c.id = f"t{i}"
    return facts, claims


def _sorted_by(a: AxesFacts) -> bool:
    values = [b.value for b in a.bars[0].bars]
    return values == sorted(values) or values == sorted(values, reverse=True)


def _is_share(values: list[float]) -> bool:
    return all(0 <= v <= 1 for v in values) and abs(sum(values) - 1) < 0.02 or \
        all(0 <= v <= 100 for v in values) and abs(sum(values) - 100) < 2


def _totals(a: AxesFacts) -> list[Claim]:
    bars = a.bars[0].bars
    values = [b.value for b in bars]
    name = a.ylabel
    on = {"axes": a.index, "series": "", "fact": "table"}
    out: list[Claim] = []
    if _is_share(values):
        return out  # a column of shares: its total is 1 (or 100) by construction
    total = round(sum(values), 6)
    out.append(Claim("", "total", a.index, "", value=total, value2=float(len(bars)), score=0.5,
                     en=f"The total {name} is {fmt(total)} over {len(bars)} rows.",
                     ja=f"{name}の合計は{len(bars)}行で{fmt(total)}です。", rests_on=on))
    top, low = max(bars, key=lambda b: b.value), min(bars, key=lambda b: b.value)
    gap = round(top.value - low.value, 6)
    rel = gap / low.value if low.value > 0 else None
    out.append(Claim("", "compare", a.index, str(top.category), value=top.value, value2=low.value, x=top.category, x2=low.category,
                     other=str(low.category), direction="up", score=0.7, rel=rel,
                     en=f"The gap in {name} between {say(top.category, a)} ({fmt(top.value)}) and "
                        f"{say(low.category, a)} ({fmt(low.value)}) is {fmt(gap)}.",
                     ja=f"{name}は{say(top.category, a, True)}（{fmt(top.value)}）と{say(low.category, a, True)}"
                        f"（{fmt(low.value)}）の差が{fmt(gap)}です。", rests_on=on))
    return out
