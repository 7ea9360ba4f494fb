"""One short sentence about a figure, from its facts alone (no model): for report captions.

Numbers are written with the table's rounding, so a caption always passes the
grounding check.
"""

from __future__ import annotations

from spark_nb.assist.charts.facts import AxesFacts, FigureFacts, key
from spark_nb.assist.charts.table import fmt


def caption_for(facts: FigureFacts, japanese: bool = False) -> str:
    """Title plus the main fact of the first Axes with data, or "No data."."""
    axes = next((a for a in facts.axes if a.has_data), None)
    title = facts.title or (axes.title if axes else "") or next((a.title for a in facts.axes if a.title), "")
    if axes is None:
        return f"{title}: no data." if title else ("データがありません。" if japanese else "No data.")
    fact = _main_fact(axes, japanese)
    if japanese:
        return f"{title}：{fact}。" if title else f"{fact}。"
    return f"{title}: {fact}." if title else f"{fact[:1].upper()}{fact[1:]}."


def _main_fact(a: AxesFacts, ja: bool) -> str:
    if a.bars:
        b = a.bars[0]
        top = b.ranking[0]
        value = b.totals.get(top) if b.totals else next(x.value for x in b.bars if key(x.category) == top)
        what = "total " if b.totals else ""
        return f"{top}が最も高い（{fmt(value)}）" if ja else f"{top} is highest ({what}{fmt(value)})"
    if a.lines:
        from spark_nb.assist.claims.positions import say  # positions in the axis's terms: "April (month 4)"

        s = a.lines[0]
        if ja:
            peak = f"（最大{fmt(s.y_max)}、{say(s.x_at_max, a, True)}）" if s.x_at_max not in (s.x_first, s.x_last) else ""
            return f"{s.label}は{say(s.x_first, a, True)}の{fmt(s.y_first)}から{say(s.x_last, a, True)}の{fmt(s.y_last)}へ{peak}"
        text = (f"{s.label} goes from {fmt(s.y_first)} in {say(s.x_first, a)} to {fmt(s.y_last)} in "
                f"{say(s.x_last, a)}")
        if s.x_at_max not in (s.x_first, s.x_last):  # an extreme at either end is already said
            text += f", peaking at {fmt(s.y_max)} in {say(s.x_at_max, a)}"
        return text
    if a.scatters:
        s = a.scatters[0]
        if s.r is None:
            return f"{s.n:,}点" if ja else f"{s.n:,} points"
        return (f"{s.n:,}点、相関係数 r = {s.r:.2f}" if ja
                else f"{s.n:,} points with a {s.strength} correlation (r = {s.r:.2f})")
    if a.hists:
        h = a.hists[0]
        return (f"最頻区間は{fmt(h.modal_low)}〜{fmt(h.modal_high)}" if ja
                else f"most values fall between {fmt(h.modal_low)} and {fmt(h.modal_high)} ({h.shape})")
    if a.images and a.images[0].v_min is not None:
        i = a.images[0]
        return (f"値は{fmt(i.v_min)}〜{fmt(i.v_max)}" if ja
                else f"values range from {fmt(i.v_min)} to {fmt(i.v_max)}")
    if a.areas:
        s = a.areas[0]
        return f"範囲は{fmt(s.y_low)}〜{fmt(s.y_high)}" if ja else f"a band from {fmt(s.y_low)} to {fmt(s.y_high)}"
    return "画像" if ja else "an image"
