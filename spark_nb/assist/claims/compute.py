"""Claims computed from a figure's facts, each stated by a template in English and Japanese.

Lines give their extremes with positions, the change from first to last point (absolute
and relative), the trend with its strength, the biggest step and, with two or more lines
on one Axes, which runs higher; bars give the highest and lowest categories, the ranking,
the top category's share and, for grouped bars, the series compared; scatters their
correlation; histograms their modal bin. Numbers are written as a reader would and stay
exact enough for the checker (:mod:`.check`) to hold a sentence against them.
"""

from __future__ import annotations

import re
from typing import Any

from spark_nb.assist.charts.facts import AxesFacts, BarFacts, FigureFacts, LineFacts
from spark_nb.assist.claims.claim import Claim
from spark_nb.assist.claims.positions import say

MAX_PER_AXES = 12


def fmt(v: float) -> str:
    """A number as a report writes it: 523, 4.25, 12,345, 0.031."""
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    if abs(v) < 1:
        return f"{v:.3g}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def pct(rel: float | None) -> str:
    """A relative change as a percentage, with two significant digits below 1% (0.25%)."""
    if rel is None:
        return ""
    v = abs(rel) * 100
    return f"{v:.2g}%" if 0 < v < 1 else f"{v:.1f}%"


def strength(r2: float) -> str:
    return "strong" if r2 >= 0.8 else "moderate" if r2 >= 0.4 else "weak"


_STRENGTH_JA = {"strong": "強い", "moderate": "中程度の", "weak": "弱い", "monotone": "一貫した"}


def claims_of(facts: FigureFacts) -> list[Claim]:
    """Every claim the facts support, most interesting first, ids c1, c2, ..."""
    made: list[Claim] = []
    for a in facts.axes:
        own: list[Claim] = []
        for line in a.lines:
            own += _line(a, line)
        if len(a.lines) >= 2:
            own += _lines_compared(a, a.lines)
        for b in a.bars:
            own += _bars(a, b)
        for s in a.scatters:
            if s.r is not None:
                direction = "up" if s.r > 0 else "down" if s.r < 0 else "flat"
                name = _points_name(s.label, a)
                said = "no clear" if s.strength == "no clear" else f"a {s.strength}"
                own.append(Claim("", "correlation", a.index, s.label, value=round(s.r, 2), direction=direction,
                                 strength=s.strength, score=abs(s.r),
                                 en=f"{_cap(name)} shows {said} correlation (r = {s.r:.2f}).",
                                 ja=(f"{name}にははっきりした相関はありません（r = {s.r:.2f}）。" if s.strength == "no clear"
                                     else f"{name}には{_ja_corr(s.r)}相関があります（r = {s.r:.2f}）。"),
                                 rests_on={"axes": a.index, "series": s.label, "fact": "r"}))
        for h in a.hists:
            # a histogram's y axis counts ("Count", "Frequency"): the variable is on x
            hname = h.label if h.label and not _GENERIC.match(h.label) else a.xlabel or "the values"
            own.append(Claim("", "max", a.index, h.label, value=h.modal_count, x=f"{fmt(h.modal_low)}–{fmt(h.modal_high)}",
                             score=0.5, en=f"The most common range of {hname} is {fmt(h.modal_low)}–"
                                          f"{fmt(h.modal_high)}, with {fmt(h.modal_count)}.",
                             ja=f"{hname}で最も多い範囲は{fmt(h.modal_low)}〜{fmt(h.modal_high)}で、"
                                f"{fmt(h.modal_count)}です。",
                             rests_on={"axes": a.index, "series": h.label, "fact": "modal"}))
        own.sort(key=lambda c: -c.score)
        made += own[:MAX_PER_AXES]
    made.sort(key=lambda c: -c.score)
    for i, c in enumerate(made, 1):
        c.id = f"c{i}"
    return made


def value_claims(facts: FigureFacts) -> list[Claim]:
    """One claim per point of a short line and per bar, "v1", "v2", …: what the checker
    holds "revenue was 498 in March" against. Not ranked: each says one value."""
    made: list[Claim] = []
    for a in facts.axes:
        for s in a.lines:
            total = sum(y for _, y in s.points)
            positive = all(y >= 0 for _, y in s.points) and total > 0
            made.append(Claim("", "count", a.index, s.label, value=float(s.n),
                              en=f"{_cap(_name(s.label, a))} has {s.n} points.",
                              ja=f"{_name(s.label, a)}のデータ点は{s.n}個です。",
                              rests_on={"axes": a.index, "series": s.label, "fact": "n"}))
            for x, y in s.points:
                made.append(Claim("", "value", a.index, s.label, value=y, x=x, rel=y / total if positive else None,
                                  en=f"{_cap(_name(s.label, a))} is {fmt(y)} in {say(x, a)}.",
                                  ja=f"{say(x, a, True)}の{_name(s.label, a)}は{fmt(y)}です。",
                                  rests_on={"axes": a.index, "series": s.label, "fact": "points"}))
        for b in a.bars:
            for bar in b.bars:
                name = bar.series or a.ylabel or "value"
                made.append(Claim("", "value", a.index, bar.series, value=bar.value, x=bar.category, rel=bar.share,
                                  en=f"{bar.category} has {name} {fmt(bar.value)}.",
                                  ja=f"{bar.category}の{bar.series or a.ylabel or '値'}は{fmt(bar.value)}です。",
                                  rests_on={"axes": a.index, "series": bar.series, "fact": "bars"}))
        for s in a.scatters:
            made.append(Claim("", "count", a.index, s.label, value=float(s.n),
                              en=f"The scatter of {_name(s.label, a)} has {s.n} points.",
                              ja=f"{_name(s.label, a)}の散布図の点は{s.n}個です。",
                              rests_on={"axes": a.index, "series": s.label, "fact": "n"}))
    for i, c in enumerate(made, 1):
        c.id = f"v{i}"
    return made


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


_GENERIC = re.compile(r"^(?:line|series|bars|points|_\w+)\s*\d*$", re.I)


def _name(label: str, a: AxesFacts) -> str:
    if label and not _GENERIC.match(label):
        return label
    return a.ylabel or label or "the values"


def _points_name(label: str, a: AxesFacts) -> str:
    """A scatter by its own label, else "units against price" from its axes."""
    if label and not _GENERIC.match(label):
        return label
    if a.ylabel and a.xlabel:
        return f"{a.ylabel} against {a.xlabel}"
    return a.ylabel or "the points"


def _ja_corr(r: float) -> str:
    size = "強い" if abs(r) >= 0.7 else "中程度の" if abs(r) >= 0.4 else "弱い"
    return f"{size}{'正の' if r > 0 else '負の'}"


def _line(a: AxesFacts, s: LineFacts) -> list[Claim]:
    name, on = _name(s.label, a), {"axes": a.index, "series": s.label}
    out = [
        Claim("", "max", a.index, s.label, value=s.y_max, x=s.x_at_max, score=1.0,
              en=f"{_cap(name)} is highest in {say(s.x_at_max, a)}, at {fmt(s.y_max)}.",
              ja=f"{name}が最も高いのは{say(s.x_at_max, a, True)}で、{fmt(s.y_max)}です。",
              rests_on={**on, "fact": "y_max"}),
        Claim("", "min", a.index, s.label, value=s.y_min, x=s.x_at_min, score=0.9,
              en=f"{_cap(name)} is lowest in {say(s.x_at_min, a)}, at {fmt(s.y_min)}.",
              ja=f"{name}が最も低いのは{say(s.x_at_min, a, True)}で、{fmt(s.y_min)}です。",
              rests_on={**on, "fact": "y_min"}),
    ]
    if s.n >= 2:
        direction = "up" if s.change > 0 else "down" if s.change < 0 else "flat"
        word = {"up": "up", "down": "down", "flat": "unchanged"}[direction]
        # a relative change from a start near zero (-0.5 -> -430) is a number without meaning
        meaningful = s.rel_change is not None and s.change and abs(s.rel_change) < 10
        rel = f" ({'+' if s.change > 0 else '-'}{pct(s.rel_change)})" if meaningful else ""
        out.append(Claim("", "change", a.index, s.label, value=s.y_first, value2=s.y_last, x=s.x_first,
                         x2=s.x_last, rel=s.rel_change, direction=direction,
                         score=min(abs(s.rel_change or 0.0), 2.0) + 0.3,
                         en=f"{_cap(name)} goes from {fmt(s.y_first)} in {say(s.x_first, a)} to {fmt(s.y_last)} in "
                            f"{say(s.x_last, a)}, {word} {fmt(abs(s.change))}{rel}.",
                         ja=f"{name}は{say(s.x_first, a, True)}の{fmt(s.y_first)}から{say(s.x_last, a, True)}の"
                            f"{fmt(s.y_last)}へ{fmt(abs(s.change))}{_ja_dir(direction)}{rel}。",
                         rests_on={**on, "fact": "change"}))
        trend = {"rising": "up", "falling": "down"}.get(s.trend, "flat")
        st = strength(s.r2)
        ys = [y for _, y in s.points]
        if len(ys) >= 3 and (all(b > a_ for a_, b in zip(ys, ys[1:])) or all(b < a_ for a_, b in zip(ys, ys[1:]))):
            st, trend = "monotone", "up" if ys[-1] > ys[0] else "down"  # every step the same way
        out.append(Claim("", "trend", a.index, s.label, direction=trend, strength=st, value=round(s.r2, 2),
                         value2=s.mean,
                         score=s.r2 if trend != "flat" else 0.1,
                         en=(f"{_cap(name)} {'rises' if trend == 'up' else 'falls'} at every step." if st == "monotone"
                             else f"{_cap(name)} shows a {st} {'rising' if trend == 'up' else 'falling'} trend." if trend != "flat"
                             else f"{_cap(name)} shows no clear trend."),
                         ja=(f"{name}には{_STRENGTH_JA[st]}{'上昇' if trend == 'up' else '下降'}傾向があります。"
                             if trend != "flat" else f"{name}にははっきりした傾向はありません。"),
                         rests_on={**on, "fact": "trend"}))
    step = s.biggest_step
    if step and s.n >= 3:
        d = step["delta"]
        direction = "up" if d > 0 else "down" if d < 0 else "flat"
        out.append(Claim("", "step", a.index, s.label, value=abs(d), x=step["x_from"], x2=step["x_to"],
                         direction=direction, score=0.4,
                         en=f"The biggest move in {name} is from {say(step['x_from'], a)} to {say(step['x_to'], a)}, "
                            f"{'up' if d > 0 else 'down'} {fmt(abs(d))}.",
                         ja=f"{name}の最大の変化は{say(step['x_from'], a, True)}から{say(step['x_to'], a, True)}への"
                            f"{fmt(abs(d))}の{'増加' if d > 0 else '減少'}です。",
                         rests_on={**on, "fact": "biggest_step"}))
    return out


def _ja_dir(direction: str) -> str:
    return {"up": "増加しました", "down": "減少しました", "flat": "の変化で横ばいでした"}[direction]


def _lines_compared(a: AxesFacts, lines: list[LineFacts]) -> list[Claim]:
    ranked = sorted(lines, key=lambda s: -s.mean)
    hi, lo = ranked[0], ranked[-1]
    return [Claim("", "compare", a.index, hi.label, value=hi.mean, value2=lo.mean, other=lo.label, direction="up",
                  score=0.6,
                  en=f"{_cap(_name(hi.label, a))} runs above {_name(lo.label, a)} on average ({fmt(round(hi.mean, 2))} "
                     f"against {fmt(round(lo.mean, 2))}).",
                  ja=f"平均では{_name(hi.label, a)}（{fmt(round(hi.mean, 2))}）が{_name(lo.label, a)}"
                     f"（{fmt(round(lo.mean, 2))}）を上回っています。",
                  rests_on={"axes": a.index, "series": hi.label, "fact": "mean"})]


def _bars(a: AxesFacts, b: BarFacts) -> list[Claim]:
    out: list[Claim] = []
    by_series: dict[str, list[Any]] = {}
    for bar in b.bars:
        by_series.setdefault(bar.series, []).append(bar)
    for series, bars in by_series.items():
        if not bars:
            continue
        top = max(bars, key=lambda x: x.value)
        low = min(bars, key=lambda x: x.value)
        name = series or a.ylabel or "value"
        name_ja = series or a.ylabel or "値"
        on = {"axes": a.index, "series": series}
        top_at, low_at = say(top.category, a), say(low.category, a)
        top_ja, low_ja = say(top.category, a, True), say(low.category, a, True)
        out.append(Claim("", "max", a.index, series, value=top.value, x=top.category, score=1.0,
                         en=(f"{_cap(series)} is highest in {top_at}, at {fmt(top.value)}." if series
                             else f"{_cap(str(top_at))} has the highest {name}, at {fmt(top.value)}."),
                         ja=f"{name_ja}が最も高いのは{top_ja}で、{fmt(top.value)}です。",
                         rests_on={**on, "fact": "max"}))
        if len(bars) >= 2:
            out.append(Claim("", "min", a.index, series, value=low.value, x=low.category, score=0.9,
                             en=(f"{_cap(series)} is lowest in {low_at}, at {fmt(low.value)}." if series
                                 else f"{_cap(str(low_at))} has the lowest {name}, at {fmt(low.value)}."),
                             ja=f"{name_ja}が最も低いのは{low_ja}で、{fmt(low.value)}です。",
                             rests_on={**on, "fact": "min"}))
            total = sum(x.value for x in bars)
            if total > 0 and all(x.value >= 0 for x in bars):
                share = top.value / total
                out.append(Claim("", "share", a.index, series, value=top.value, x=top.category, rel=share,
                                 score=share,
                                 en=f"{_cap(str(top_at))} makes up {share * 100:.1f}% of the total {name}.",
                                 ja=f"{top_ja}は{name_ja}の合計の{share * 100:.1f}%を占めます。",
                                 rests_on={**on, "fact": "share"}))
        out.append(Claim("", "count", a.index, series, value=float(len(bars)), score=0.2,
                         en=f"There are {len(bars)} bars{f' for {series}' if series else ''}.",
                         ja=f"{series + 'の' if series else ''}棒は{len(bars)}本です。",
                         rests_on={**on, "fact": "count"}))
    if len(by_series) == 2:
        (s1, b1), (s2, b2) = by_series.items()
        v1, v2 = sum(x.value for x in b1), sum(x.value for x in b2)
        hi, lo, vh, vl = (s1, s2, v1, v2) if v1 >= v2 else (s2, s1, v2, v1)
        out.append(Claim("", "compare", a.index, hi, value=vh, value2=vl, other=lo, direction="up", score=0.6,
                         en=f"{hi} is higher than {lo} in total ({fmt(vh)} against {fmt(vl)}).",
                         ja=f"合計では{hi}（{fmt(vh)}）が{lo}（{fmt(vl)}）を上回っています。",
                         rests_on={"axes": a.index, "series": hi, "fact": "totals"}))
    return out
