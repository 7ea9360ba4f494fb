"""Claims a clause calls for, computed from the points when it names them.

A sentence may compare any two places ("the North exceeded the East"), give the change
between two points ("from 498 in March to 523 in April"), say where two lines cross, or
that a line rose every step. Those are not among the ranked claims; they are computed here
from the short lines' points and the bars, for the clause that asks.
"""

from __future__ import annotations

from typing import Any

from spark_nb.assist.charts.facts import FigureFacts
from spark_nb.assist.claims.claim import Claim
from spark_nb.assist.claims.positions import keys_of, matches

_Clause = Any  # check._Clause: the words, numbers, places and series of one clause


def _between(facts: FigureFacts, clause: _Clause) -> list[Claim]:
    """Changes between the places a clause names, computed from the points of short lines:
    "rose from 498 in March to 523 in April" (two places), "fell in May" (from the point before)."""
    if not clause.places or not ({"up", "down", "flat"} & clause.words or len(clause.places) >= 2):
        return []
    out: list[Claim] = []
    for a in facts.axes:
        for s in a.lines:
            at = [i for place in clause.places[:2] for i, (x, _) in enumerate(s.points) if matches(place, keys_of(x, a))]
            if len(clause.places) >= 2 and len(at) >= 2:
                i, j = at[0], at[-1]
            elif len(at) == 1 and "start" in clause.words:
                i, j = 0, at[0]
            elif len(at) == 1 and at[0] > 0:
                i, j = at[0] - 1, at[0]
            else:
                continue
            (x1, y1), (x2, y2) = s.points[i], s.points[j]
            d = y2 - y1
            out.append(Claim("between", "change", a.index, s.label, value=y1, value2=y2, x=x1, x2=x2,
                             rel=d / abs(y1) if y1 else None, direction="up" if d > 0 else "down" if d < 0 else "flat",
                             rests_on={"axes": a.index, "series": s.label, "fact": "points"}))
    return out

def _values_at(facts: FigureFacts, place: set) -> list[tuple[str, float, int, object]]:
    """(series, value, axes, x) of every point or bar at ``place``."""
    out = []
    for a in facts.axes:
        for s in a.lines + a.scatters:
            for x, y in getattr(s, "points", []):
                if matches(place, keys_of(x, a)):
                    out.append((s.label, y, a.index, x))
        for b in a.bars:
            for bar in b.bars:
                if matches(place, keys_of(bar.category, a)):
                    out.append((bar.series, bar.value, a.index, bar.category))
    return out

def _pairs(facts: FigureFacts, clause: _Clause, series: list[str]) -> list[Claim]:
    """The comparison a clause makes between two places ("the North exceeded the East",
    "month 4 had 62 fewer than month 5") or two series at one place ("in 2020, Plan A had
    400 more than Plan B"), first named first: ``direction`` "up" when the first is larger."""
    if not ({"more", "less"} & clause.words):
        return []
    real = {s for a in facts.axes for s in _series_of(a) if s}
    series = [s for s in series if s in real]
    made = []
    if len(clause.places) >= 2:
        for s1, v1, a1, x1 in _values_at(facts, clause.places[0]):
            for s2, v2, a2, x2 in _values_at(facts, clause.places[1]):
                if s1 == s2 and a1 == a2 and (not series or s1 in series):
                    made.append((v1, v2, s1, s1, a1, x1, x2))
    elif len(clause.places) == 1 and len(series) >= 2:
        at = {s: (v, a, x) for s, v, a, x in _values_at(facts, clause.places[0])}
        ordered = sorted(series[:2], key=lambda s: clause.text.lower().find(s.lower()))
        if all(s in at for s in ordered):
            (v1, a1, x1), (v2, _, _) = at[ordered[0]], at[ordered[1]]
            made.append((v1, v2, ordered[0], ordered[1], a1, x1, None))
    return [Claim("pair", "compare", a, s1, value=v1, value2=v2, other=s2, x=x1, x2=x2,
                  rel=(v1 - v2) / abs(v2) if v2 else None,
                  direction="up" if v1 > v2 else "down" if v1 < v2 else "flat",
                  rests_on={"axes": a, "series": s1, "fact": "points"}) for v1, v2, s1, s2, a, x1, x2 in made]

def _crossings(facts: FigureFacts) -> list[Claim]:
    """Where two lines of one Axes change places, from their points: the first point at
    which the one that was below is above. ``subject`` is the one that goes above."""
    out: list[Claim] = []
    for a in facts.axes:
        for i, s in enumerate(a.lines):
            for t in a.lines[i + 1:]:
                if not s.points or len(s.points) != len(t.points):
                    continue
                diff = [ys - yt for (_, ys), (_, yt) in zip(s.points, t.points)]
                for k in range(1, len(diff)):
                    if diff[k - 1] * diff[k] < 0 or (diff[k - 1] == 0 and k >= 2 and diff[k - 2] * diff[k] < 0):
                        up, down = (s, t) if diff[k] > 0 else (t, s)
                        out.append(Claim("crossing", "crossing", a.index, up.label, other=down.label,
                                         x=s.points[k - 1][0], x2=s.points[k][0], direction="up",
                                         rests_on={"axes": a.index, "series": up.label, "fact": "points"}))
    return out

def _monotone(facts: FigureFacts) -> set[tuple[str, str]]:
    """(series, "up"/"down") of the lines whose every step goes one way."""
    out = set()
    for a in facts.axes:
        for s in a.lines:
            ys = [y for _, y in s.points]
            if len(ys) >= 3 and all(b > x for x, b in zip(ys, ys[1:])):
                out.add((s.label, "up"))
            elif len(ys) >= 3 and all(b < x for x, b in zip(ys, ys[1:])):
                out.add((s.label, "down"))
    return out

def _series_of(axes) -> list[str]:
    out = [s.label for s in axes.lines] + [s.label for s in axes.scatters]
    for b in axes.bars:
        out += list(b.series) or [""]
    return out
