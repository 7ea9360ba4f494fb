"""FigureFacts -> compact Markdown: bullets per Axes, a table per bar chart.

Every number shown is a fact's value, rounded to six significant digits (two decimals above 1,000), so
text copied from the table passes the grounding check.
"""

from __future__ import annotations

from spark_nb.assist.charts.facts import (AreaFacts, AxesFacts, BarFacts, FigureFacts, HistFacts,
                                          ImageFacts, LineFacts, ScatterFacts, Value)

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


def render(facts: FigureFacts) -> str:
    """The whole figure as Markdown."""
    out = [f"**{facts.title}**"] if facts.title else []
    for a in facts.axes:
        out.extend(_axes(a, len(facts.axes)))
    if facts.notes:
        out.append("- Notes: " + "; ".join(facts.notes))
    return "\n".join(out) if out else "- no data"


def _axes(a: AxesFacts, count: int) -> list[str]:
    name = f"Axes {a.index + 1}" + (f" ({a.side} axis of a twin pair)" if a.side else "")
    head = f"**{name}" + (f": {a.title}**" if a.title else "**") if count > 1 or a.title else ""
    axes_line = "- " + " · ".join(p for p in (_axis("x", a.xlabel, a.xscale, a.x_dates),
                                             _axis("y", a.ylabel, a.yscale, False)) if p)
    lines = [head] if head else []
    if axes_line != "- ":
        lines.append(axes_line)
    if a.legend:
        lines.append("- Legend: " + ", ".join(a.legend))
    lines += [_line(s) for s in a.lines] + [_scatter(s) for s in a.scatters]
    lines += [_hist(h) for h in a.hists] + [_area(s) for s in a.areas] + [_image(i) for i in a.images]
    for b in a.bars:
        lines += _bars(b)
    if not a.has_data:
        lines.append("- no data" + (f" (text: {'; '.join(a.texts[:3])})" if a.texts else ""))
    return lines


def _axis(name: str, label: str, scale: str, dates: bool) -> str:
    bits = [f"{name}: {label}" if label else ""]
    if scale != "linear":
        bits.append(f"{scale} scale")
    if dates:
        bits.append("dates")
    text = ", ".join(b for b in bits if b)
    return text if text and text != f"{name}: " else ""


def _line(s: LineFacts) -> str:
    parts = [f"{s.n:,} points from {fmt(s.x_first)} to {fmt(s.x_last)}",
             f"first {fmt(s.y_first)}, last {fmt(s.y_last)} (change {fmt(s.change)}"
             + (f", {pct(s.rel_change)})" if s.rel_change is not None else ")"),
             f"min {fmt(s.y_min)} at {fmt(s.x_at_min)}, max {fmt(s.y_max)} at {fmt(s.x_at_max)}",
             f"mean {fmt(s.mean)}",
             f"{s.trend} (R² {s.r2:.2f})" if s.trend != "no clear trend" else f"no clear trend (R² {s.r2:.2f})"]
    if s.biggest_step:
        st = s.biggest_step
        parts.append(f"biggest step {fmt(st['delta'])} from {fmt(st['x_from'])} to {fmt(st['x_to'])}")
    if s.peaks:
        parts.append("peaks " + ", ".join(f"{fmt(p['y'])} at {fmt(p['x'])}" for p in s.peaks))
    return f"- Line \"{s.label}\"{_side(s.axis)}: " + "; ".join(parts)


def _side(axis: str) -> str:
    return " (right axis)" if axis == "right" else ""


def _scatter(s: ScatterFacts) -> str:
    text = (f"- Scatter \"{s.label}\"{_side(s.axis)}: {s.n:,} points, x {fmt(s.x_min)} to {fmt(s.x_max)}, "
            f"y {fmt(s.y_min)} to {fmt(s.y_max)}")
    if s.r is not None:
        text += f"; correlation r = {s.r:.2f} ({s.strength})"
    if s.outliers:
        text += "; outliers " + ", ".join(f"({fmt(o['x'])}, {fmt(o['y'])})" for o in s.outliers)
    return text


def _hist(h: HistFacts) -> str:
    what = "density" if h.density else "count"
    name = f" \"{h.label}\"" if h.label else ""
    return (f"- Histogram{name}: {h.bins} bins of width {fmt(h.bin_width)} from {fmt(h.low)} to "
            f"{fmt(h.high)}; total {what} {fmt(h.total)}; modal bin {fmt(h.modal_low)} to "
            f"{fmt(h.modal_high)} ({what} {fmt(h.modal_count)}); mean ≈ {fmt(h.mean)}, "
            f"std ≈ {fmt(h.std)}; {h.shape} (skew {h.skew:.2f})")


def _area(s: AreaFacts) -> str:
    return (f"- Filled area \"{s.label}\"{_side(s.axis)}: x {fmt(s.x_low)} to {fmt(s.x_high)}, "
            f"y {fmt(s.y_low)} to {fmt(s.y_high)}")


def _image(i: ImageFacts) -> str:
    if i.kind == "image" or i.v_min is None:
        return f"- Image {i.rows}×{i.cols}"
    cell = lambda c: "(" + ", ".join(fmt(v) for v in c) + ")"  # noqa: E731
    return (f"- Heatmap {i.rows}×{i.cols}: values {fmt(i.v_min)} to {fmt(i.v_max)}; "
            f"min at {cell(i.at_min)}, max at {cell(i.at_max)}")


def _bars(b: BarFacts) -> list[str]:
    kind = "stacked" if b.stacked else "grouped" if len(b.series) > 1 else ""
    head = f"- Bars ({b.orientation}{', ' + kind if kind else ''}{_side(b.axis).replace(' (', ', ').replace(')', '')}"
    head += f", {len(b.series)} series)" if len(b.series) > 1 else ")"
    from spark_nb.assist.charts.bars import key

    cats = list(dict.fromkeys(key(x.category) for x in b.bars))
    if len(b.series) > 1:
        cols = b.series + ["total"]
        cell = {(key(x.category), x.series): x.value for x in b.bars}
        rows = [[c] + [fmt(cell.get((c, s))) if (c, s) in cell else "" for s in b.series]
                + [fmt(b.totals.get(c))] for c in cats]
    else:
        cols = ["value", "share"]
        rows = [[key(x.category), fmt(x.value), pct(x.share).lstrip("+") if x.share is not None else ""]
                for x in b.bars]
    out = [head + ":", "", "| category | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"| … {len(rows) - MAX_ROWS} more | " + " | ".join("" for _ in cols) + " |")
    out.append("")
    out.append("- Ranking (highest first): " + ", ".join(b.ranking[:10]) + (" …" if len(b.ranking) > 10 else ""))
    out.append(_extremes(b))
    return out


def _extremes(b: BarFacts) -> str:
    """The top and bottom named outright: small models misread them from a table."""
    from spark_nb.assist.charts.bars import key

    if b.totals:
        hi, lo = b.ranking[0], b.ranking[-1]
        return f"- Highest total: {hi} ({fmt(b.totals[hi])}); lowest total: {lo} ({fmt(b.totals[lo])})"
    top = max(b.bars, key=lambda x: x.value)
    low = min(b.bars, key=lambda x: x.value)
    return f"- Highest: {key(top.category)} ({fmt(top.value)}); lowest: {key(low.category)} ({fmt(low.value)})"
