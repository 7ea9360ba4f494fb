"""Bars (vertical, horizontal, grouped, stacked) and histograms.

Both are BarContainers of Rectangles; a container whose bars are contiguous bins of one
width on a numeric axis is a histogram.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from spark_nb.assist.charts.axes import AxisReader
from spark_nb.assist.charts.facts import Bar, BarFacts, HistFacts, key
from spark_nb.assist.charts.lines import label_of


@dataclass
class _Rects:
    """The geometry of one container's bars along its own orientation."""

    label: str
    vertical: bool
    pos: np.ndarray  # centre along the category axis
    start: np.ndarray  # left edge (vertical) / bottom edge (horizontal)
    width: np.ndarray
    value: np.ndarray  # height (vertical) / width (horizontal)
    base: np.ndarray


def containers(ax: Any) -> list[_Rects]:
    """The bar containers of an Axes; loose Rectangles (no container) count as one."""
    from matplotlib.container import BarContainer
    from matplotlib.patches import Rectangle

    out, seen = [], set()
    for i, c in enumerate(ax.containers):
        if isinstance(c, BarContainer) and len(c.patches):
            seen.update(id(p) for p in c.patches)
            orientation = getattr(c, "orientation", None) or _guess_orientation(c.patches)
            out.append(_geometry(c.patches, label_of(c, ""), orientation == "vertical"))
    loose = [p for p in ax.patches if isinstance(p, Rectangle) and id(p) not in seen
             and p.get_transform() is ax.transData]
    if loose:
        out.append(_geometry(loose, "", _guess_orientation(loose) == "vertical"))
    return out


def _guess_orientation(patches: list) -> str:
    ys = np.asarray([p.get_y() for p in patches], dtype=float)
    xs = np.asarray([p.get_x() for p in patches], dtype=float)
    return "horizontal" if np.all(xs == 0) and not np.all(ys == 0) else "vertical"


def _geometry(patches: list, label: str, vertical: bool) -> _Rects:
    g = np.asarray([[p.get_x(), p.get_y(), p.get_width(), p.get_height()] for p in patches], dtype=float)
    x, y, w, h = g.T
    if vertical:
        return _Rects(label, True, x + w / 2, x, w, h, y)
    return _Rects(label, False, y + h / 2, y, h, w, x)


def is_hist(r: _Rects, reader: AxisReader) -> bool:
    """Contiguous bins of one width on a numeric (or date) axis, starting from zero."""
    if len(r.value) < 3 or reader.kind == "category" or np.any(r.base != 0):
        return False
    order = np.argsort(r.start)
    start, width = r.start[order], r.width[order]
    if not np.allclose(width, width[0], rtol=1e-6) or width[0] <= 0:
        return False
    return bool(np.allclose(start[:-1] + width[:-1], start[1:], rtol=1e-9, atol=1e-9 * abs(width[0])))


def hist_facts(r: _Rects, axis: str = "left") -> HistFacts:
    """Bins, modal bin, mean/std/skew estimated from bin middles and counts."""
    order = np.argsort(r.start)
    start, width = r.start[order], r.width[order]
    counts = np.nan_to_num(r.value[order], nan=0.0, posinf=0.0, neginf=0.0)
    mids = start + width / 2
    total = float(counts.sum())
    k = int(np.argmax(counts))
    mean = float((mids * counts).sum() / total) if total else 0.0
    var = float((counts * (mids - mean) ** 2).sum() / total) if total else 0.0
    std = var ** 0.5
    skew = float((counts * (mids - mean) ** 3).sum() / (total * std ** 3)) if total and std else 0.0
    shape = "right-skewed" if skew > 0.5 else "left-skewed" if skew < -0.5 else "roughly symmetric"
    area = float((counts * width).sum())
    density = abs(area - 1.0) < 0.01 and not float(total).is_integer()
    return HistFacts(label=r.label, bins=len(counts), bin_width=float(width[0]), low=float(start[0]),
                     high=float(start[-1] + width[-1]), total=area if density else total,
                     modal_low=float(start[k]), modal_high=float(start[k] + width[k]),
                     modal_count=float(counts[k]), mean=mean, std=std, skew=skew, shape=shape,
                     density=density, axis=axis)


def bar_facts(rects: list[_Rects], xr: AxisReader, yr: AxisReader, axis: str = "left") -> BarFacts | None:
    """Every bar with its category and series; totals and ranking over series."""
    if not rects:
        return None
    vertical = rects[0].vertical
    reader = xr if vertical else yr
    bars: list[Bar] = []
    ignored = 0
    for n, r in enumerate(rects):
        series = r.label or (f"series {n + 1}" if len(rects) > 1 else "")
        cats = reader.values(r.pos)
        for cat, value, base in zip(cats, r.value, r.base):
            if not (np.isfinite(value) and np.isfinite(base)):
                ignored += 1
                continue
            bars.append(Bar(category=cat, value=float(value), series=series, base=float(base)))
    if not bars:
        return None
    stacked = len(rects) > 1 and any(b.base != 0 for b in bars)
    totals: dict = {}
    for b in bars:
        name = key(b.category)
        totals[name] = totals.get(name, 0.0) + b.value
    _shares(bars, totals, stacked)
    ranking = sorted(totals, key=lambda k: -totals[k])
    series_names = list(dict.fromkeys(b.series for b in bars if b.series))
    return BarFacts(orientation="vertical" if vertical else "horizontal", bars=bars, series=series_names,
                    stacked=stacked, totals=totals if len(rects) > 1 else {}, ranking=ranking,
                    ignored=ignored, axis=axis)


def _shares(bars: list[Bar], totals: dict, stacked: bool) -> None:
    if any(b.value < 0 for b in bars):
        return  # a share of a total with negative parts means nothing
    if stacked:
        for b in bars:
            t = totals[key(b.category)]
            b.share = b.value / t if t else None
        return
    per_series: dict = {}
    for b in bars:
        per_series[b.series] = per_series.get(b.series, 0.0) + b.value
    for b in bars:
        t = per_series[b.series]
        b.share = b.value / t if t else None
