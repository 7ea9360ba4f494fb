"""Line series and filled areas: vectorised, so a 100,000-point line takes milliseconds."""

from __future__ import annotations

from typing import Any

import numpy as np

from spark_nb.assist.charts.axes import AxisReader
from spark_nb.assist.charts.facts import AreaFacts, LineFacts

FLAT_R2 = 0.1  # below this a straight line explains too little to call a trend
MAX_PEAKS = 3
MAX_POINTS = 60  # a series this short keeps its points: a sentence may name any of them


def label_of(artist: Any, fallback: str) -> str:
    """The artist's legend label, or ``fallback`` for matplotlib's private ``_child0`` names."""
    label = str(artist.get_label() or "")
    return fallback if not label or label.startswith("_") else label


def finite_xy(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """x and y as floats with the NaN/inf pairs removed, and how many were removed."""
    x = _floats(x)
    y = _floats(y)
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    keep = np.isfinite(x) & np.isfinite(y)
    return x[keep], y[keep], int(n - keep.sum())


def _floats(values: Any) -> np.ndarray:
    arr = np.ma.filled(np.ma.asarray(values), np.nan) if np.ma.isMaskedArray(values) else np.asarray(values)
    if arr.dtype.kind == "M":  # datetime64 x data: matplotlib day numbers, like the axis
        return arr.astype("datetime64[us]").astype("int64") / 86_400e6
    try:
        return arr.astype(float).ravel()
    except (TypeError, ValueError):
        import matplotlib.dates as mdates

        return np.asarray(mdates.date2num(arr), dtype=float).ravel()


def is_reference(line: Any, ax: Any) -> bool:
    """axhline/axvline and error-bar caps: drawn in axes coordinates or two-point verticals."""
    if line.get_transform() is not ax.transData:
        return True
    x = np.asarray(line.get_xdata(orig=False), dtype=float)
    return len(x) == 2 and x[0] == x[1]  # a vertical error bar (seaborn CIs)


def line_facts(line: Any, xr: AxisReader, fallback: str, axis: str = "left") -> LineFacts | None:
    """The facts of one Line2D, or None when it has no finite point."""
    x, y, ignored = finite_xy(line.get_xdata(orig=False), line.get_ydata(orig=False))
    if len(y) == 0:
        return None
    i_min, i_max = int(np.argmin(y)), int(np.argmax(y))
    slope, r2 = _fit(x, y)
    first, last = float(y[0]), float(y[-1])
    rel = (last - first) / abs(first) if first != 0 else None
    trend = "no clear trend" if r2 < FLAT_R2 or slope == 0 else "rising" if slope > 0 else "falling"
    xs = xr.values(np.asarray([x[0], x[-1], x[i_min], x[i_max]]))
    facts = LineFacts(label=label_of(line, fallback), n=int(len(y)), x_first=xs[0], x_last=xs[1],
                      y_first=first, y_last=last, y_min=float(y[i_min]), x_at_min=xs[2],
                      y_max=float(y[i_max]), x_at_max=xs[3], mean=float(y.mean()),
                      change=last - first, rel_change=rel, slope=slope, r2=r2, trend=trend,
                      ignored=ignored, axis=axis)
    if len(y) >= 2:
        d = np.diff(y)
        k = int(np.argmax(np.abs(d)))
        step = xr.values(np.asarray([x[k], x[k + 1]]))
        facts.biggest_step = {"x_from": step[0], "x_to": step[1], "delta": float(d[k])}
    facts.peaks = _peaks(x, y, xr)
    if len(y) <= MAX_POINTS:
        facts.points = [[xv, float(yv)] for xv, yv in zip(xr.values(x), y)]
    return facts


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if len(y) < 2 or np.ptp(x) == 0:
        return 0.0, 0.0
    xc, yc = x - x.mean(), y - y.mean()
    sxx, syy = float(xc @ xc), float(yc @ yc)
    slope = float(xc @ yc) / sxx
    r2 = 0.0 if syy == 0 else float((xc @ yc) ** 2 / (sxx * syy))
    return slope, r2


def _peaks(x: np.ndarray, y: np.ndarray, xr: AxisReader) -> list[dict]:
    """The highest local maxima (only for short series, where each point means something)."""
    if not 3 <= len(y) <= 500:
        return []
    mid = y[1:-1]
    idx = np.nonzero((mid > y[:-2]) & (mid >= y[2:]))[0] + 1
    if len(idx) < 2:
        return []  # one maximum is already the max
    top = idx[np.argsort(-y[idx], kind="stable")][:MAX_PEAKS]
    xs = xr.values(x[top])
    return [{"x": xv, "y": float(y[i])} for xv, i in zip(xs, top)]


def area_facts(coll: Any, xr: AxisReader, fallback: str, axis: str = "left") -> AreaFacts | None:
    """A fill_between PolyCollection: the x extent and the range of its y values."""
    verts = [p.vertices for p in coll.get_paths() if len(p.vertices)]
    if not verts:
        return None
    pts = np.concatenate(verts)
    x, y, _ = finite_xy(pts[:, 0], pts[:, 1])
    if not len(y):
        return None
    lo, hi = xr.values(np.asarray([x.min(), x.max()]))
    return AreaFacts(label=label_of(coll, fallback), x_low=lo, x_high=hi,
                     y_low=float(y.min()), y_high=float(y.max()), axis=axis)
