"""FigureFacts -> compact Markdown: bullets per Axes, a table per bar chart.

Every number shown is a fact's value, rounded to six significant digits (two decimals above 1,000), so
text copied from the table passes the grounding check.

Titles, labels and categories are the figure's own text, so untrusted. The model reads
them as they are (``render(facts)``); for display they go through an ``escape``
(:func:`spark_nb.assist.safe_html.escape_markdown`), so that a label such as
``<img src=x onerror=...>`` or ``[x](javascript:...)`` shows as those characters and never
becomes markup. Only the structure around them (bullets, bold, table rules) is ours.
"""

from __future__ import annotations

from typing import Callable

from spark_nb.assist.charts.facts import (AreaFacts, AxesFacts, BarFacts, FigureFacts, HistFacts,
                                          ImageFacts, LineFacts, ScatterFacts, Value, key)

MAX_ROWS = 20


def fmt(v: Value) -> str:
    """A number as a person writes it: 1,234.57, 12.3457, 0.2561, 3; strings unchanged."""
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if a >= 1:
        return f"{v:.6g}"
    return f"{v:.4g}"


def pct(fraction: float | None) -> str:
    """A fraction as a signed percentage: 0.253 -> +25.3%."""
    return "n/a" if fraction is None else f"{fraction * 100:+.1f}%"


class _Text:
    """Writes the figure's own text: ``t(label)`` for a string, ``t.v(value)`` for a value."""

    def __init__(self, escape: Callable[[str], str] | None) -> None:
        self.escape = escape

    def __call__(self, text: object) -> str:
        text = str(text)
        return self.escape(text) if self.escape else text

    def v(self, value: Value) -> str:
        return self(fmt(value))


def render(facts: FigureFacts, escape: Callable[[str], str] | None = None) -> str:
    """The whole figure as Markdown; ``escape`` is applied to every piece of the figure's
    own text (titles, labels, categories, values), none for the model."""
    t = _Text(escape)
    out = [f"**{t(facts.title)}**"] if facts.title else []
    for a in facts.axes:
        out.extend(_axes(a, len(facts.axes), t))
    if facts.notes:
        out.append("- Notes: " + "; ".join(t(n) for n in facts.notes))
    return "\n".join(out) if out else "- no data"


def _axes(a: AxesFacts, count: int, t: _Text) -> list[str]:
    name = f"Axes {a.index + 1}" + (f" ({t(a.side)} axis of a twin pair)" if a.side else "")
    head = f"**{name}" + (f": {t(a.title)}**" if a.title else "**") if count > 1 or a.title else ""
    axes_line = "- " + " · ".join(p for p in (_axis("x", a.xlabel, a.xscale, a.x_dates, t),
                                             _axis("y", a.ylabel, a.yscale, False, t)) if p)
    lines = [head] if head else []
    if axes_line != "- ":
        lines.append(axes_line)
    if a.legend:
        lines.append("- Legend: " + ", ".join(t(x) for x in a.legend))
    lines += [_line(s, t) for s in a.lines] + [_scatter(s, t) for s in a.scatters]
    lines += [_hist(h, t) for h in a.hists] + [_area(s, t) for s in a.areas] + [_image(i, t) for i in a.images]
    for b in a.bars:
        lines += _bars(b, t)
    if not a.has_data:
        lines.append("- no data" + (f" (text: {'; '.join(t(x) for x in a.texts[:3])})" if a.texts else ""))
    return lines


def _axis(name: str, label: str, scale: str, dates: bool, t: _Text) -> str:
    bits = [f"{name}: {t(label)}" if label else ""]
    if scale != "linear":
        bits.append(f"{t(scale)} scale")
    if dates:
        bits.append("dates")
    text = ", ".join(b for b in bits if b)
    return text if text and text != f"{name}: " else ""


def _line(s: LineFacts, t: _Text) -> str:
    v = t.v
    parts = [f"{s.n:,} points from {v(s.x_first)} to {v(s.x_last)}",
             f"first {v(s.y_first)}, last {v(s.y_last)} (change {v(s.change)}"
             + (f", {pct(s.rel_change)})" if s.rel_change is not None else ")"),
             f"min {v(s.y_min)} at {v(s.x_at_min)}, max {v(s.y_max)} at {v(s.x_at_max)}",
             f"mean {v(s.mean)}",
             f"{t(s.trend)} (R² {s.r2:.2f})" if s.trend != "no clear trend" else f"no clear trend (R² {s.r2:.2f})"]
    if s.biggest_step:
        st = s.biggest_step
        parts.append(f"biggest step {v(st['delta'])} from {v(st['x_from'])} to {v(st['x_to'])}")
    if s.peaks:
        parts.append("peaks " + ", ".join(f"{v(p['y'])} at {v(p['x'])}" for p in s.peaks))
    return f"- Line \"{t(s.label)}\"{_side(s.axis)}: " + "; ".join(parts)


def _side(axis: str) -> str:
    return " (right axis)" if axis == "right" else ""


def _scatter(s: ScatterFacts, t: _Text) -> str:
    v = t.v
    text = (f"- Scatter \"{t(s.label)}\"{_side(s.axis)}: {s.n:,} points, x {v(s.x_min)} to {v(s.x_max)}, "
            f"y {v(s.y_min)} to {v(s.y_max)}")
    if s.r is not None:
        text += f"; correlation r = {s.r:.2f} ({t(s.strength)})"
    if s.outliers:
        text += "; outliers " + ", ".join(f"({v(o['x'])}, {v(o['y'])})" for o in s.outliers)
    return text


def _hist(h: HistFacts, t: _Text) -> str:
    v = t.v
    what = "density" if h.density else "count"
    name = f" \"{t(h.label)}\"" if h.label else ""
    return (f"- Histogram{name}: {t(h.bins)} bins of width {v(h.bin_width)} from {v(h.low)} to "
            f"{v(h.high)}; total {what} {v(h.total)}; modal bin {v(h.modal_low)} to "
            f"{v(h.modal_high)} ({what} {v(h.modal_count)}); mean ≈ {v(h.mean)}, "
            f"std ≈ {v(h.std)}; {t(h.shape)} (skew {h.skew:.2f})")


def _area(s: AreaFacts, t: _Text) -> str:
    v = t.v
    return (f"- Filled area \"{t(s.label)}\"{_side(s.axis)}: x {v(s.x_low)} to {v(s.x_high)}, "
            f"y {v(s.y_low)} to {v(s.y_high)}")


def _image(i: ImageFacts, t: _Text) -> str:
    if i.kind == "image" or i.v_min is None:
        return f"- Image {t(i.rows)}×{t(i.cols)}"
    cell = lambda c: "(" + ", ".join(t.v(x) for x in c) + ")"  # noqa: E731
    return (f"- Heatmap {t(i.rows)}×{t(i.cols)}: values {t.v(i.v_min)} to {t.v(i.v_max)}; "
            f"min at {cell(i.at_min)}, max at {cell(i.at_max)}")


def _bars(b: BarFacts, t: _Text) -> list[str]:
    kind = "stacked" if b.stacked else "grouped" if len(b.series) > 1 else ""
    head = f"- Bars ({t(b.orientation)}{', ' + kind if kind else ''}{_side(b.axis).replace(' (', ', ').replace(')', '')}"
    head += f", {len(b.series)} series)" if len(b.series) > 1 else ")"

    v = t.v
    cats = list(dict.fromkeys(key(x.category) for x in b.bars))
    if len(b.series) > 1:
        cols = [t(s) for s in b.series] + ["total"]
        cell = {(key(x.category), x.series): x.value for x in b.bars}
        rows = [[t(c)] + [v(cell.get((c, s))) if (c, s) in cell else "" for s in b.series]
                + [v(b.totals.get(c))] for c in cats]
    else:
        cols = ["value", "share"]
        rows = [[t(key(x.category)), v(x.value), pct(x.share).lstrip("+") if x.share is not None else ""]
                for x in b.bars]
    out = [head + ":", "", "| category | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"| … {len(rows) - MAX_ROWS} more | " + " | ".join("" for _ in cols) + " |")
    out.append("")
    out.append("- Ranking (highest first): " + ", ".join(t(r) for r in b.ranking[:10])
               + (" …" if len(b.ranking) > 10 else ""))
    out.append(_extremes(b, t))
    return out


def _extremes(b: BarFacts, t: _Text) -> str:
    """The top and bottom named outright: small models misread them from a table."""

    if b.totals:
        hi, lo = b.ranking[0], b.ranking[-1]
        return f"- Highest total: {t(hi)} ({t.v(b.totals[hi])}); lowest total: {t(lo)} ({t.v(b.totals[lo])})"
    top = max(b.bars, key=lambda x: x.value)
    low = min(b.bars, key=lambda x: x.value)
    return (f"- Highest: {t(key(top.category))} ({t.v(top.value)}); "
            f"lowest: {t(key(low.category))} ({t.v(low.value)})")
