"""Scatter points (PathCollection) and images / heatmaps (AxesImage, QuadMesh)."""

from __future__ import annotations

from typing import Any

import numpy as np

from spark_nb.assist.charts.axes import AxisReader
from spark_nb.assist.charts.facts import ImageFacts, ScatterFacts
from spark_nb.assist.charts.lines import finite_xy, label_of

OUTLIER_Z = 3.0
MAX_OUTLIERS = 5


def strength(r: float | None) -> str:
    """Words for a correlation: "strong positive", "weak negative", "no clear"."""
    if r is None:
        return "undefined"
    a = abs(r)
    if a < 0.1:
        return "no clear"
    word = "very strong" if a >= 0.9 else "strong" if a >= 0.7 else "moderate" if a >= 0.4 else "weak"
    return f"{word} {'positive' if r > 0 else 'negative'}"


def scatter_facts(coll: Any, xr: AxisReader, fallback: str, axis: str = "left") -> ScatterFacts | None:
    """Extent, Pearson r and |z| > 3 outliers of a scatter's points."""
    offsets = np.ma.filled(np.ma.asarray(coll.get_offsets(), dtype=float), np.nan)
    if offsets.ndim != 2 or len(offsets) == 0:
        return None
    return points_facts(offsets[:, 0], offsets[:, 1], label_of(coll, fallback), xr, axis)


def points_facts(x: Any, y: Any, label: str, xr: AxisReader, axis: str = "left") -> ScatterFacts | None:
    """Scatter facts of raw x/y (also used for lines drawn with markers only)."""
    x, y, ignored = finite_xy(x, y)
    if not len(y):
        return None
    r = None
    if len(y) >= 3 and np.ptp(x) > 0 and np.ptp(y) > 0:
        r = float(np.corrcoef(x, y)[0, 1])
    lo, hi = xr.values(np.asarray([x.min(), x.max()]))
    facts = ScatterFacts(label=label, n=int(len(y)), x_min=lo, x_max=hi,
                         y_min=float(y.min()), y_max=float(y.max()), r=r, strength=strength(r),
                         ignored=ignored, axis=axis)
    facts.outliers = _outliers(x, y, xr)
    return facts


def _outliers(x: np.ndarray, y: np.ndarray, xr: AxisReader) -> list[dict]:
    if len(y) < 10:
        return []  # z-scores of a handful of points flag nothing useful
    z = np.zeros(len(y))
    for v in (x, y):
        sd = v.std()
        if sd > 0:
            z = np.maximum(z, np.abs(v - v.mean()) / sd)
    idx = np.nonzero(z > OUTLIER_Z)[0]
    idx = idx[np.argsort(-z[idx])][:MAX_OUTLIERS]
    return [{"x": xv, "y": float(y[i])} for xv, i in zip(xr.values(x[idx]), idx)]


def image_facts(artist: Any, xr: AxisReader, yr: AxisReader) -> ImageFacts | None:
    """Shape, value range and the cells of the extremes (with tick labels when categorical)."""
    arr = artist.get_array()
    if arr is None:
        return None
    data = np.ma.filled(np.ma.asarray(arr, dtype=float), np.nan)
    if data.ndim == 3:  # RGB(A): colours, not values
        return ImageFacts(kind="image", rows=int(data.shape[0]), cols=int(data.shape[1]))
    data = _grid(artist, data)
    if data.ndim != 2 or not data.size:
        return None
    finite = np.isfinite(data)
    if not finite.any():
        return ImageFacts(kind="heatmap", rows=data.shape[0], cols=data.shape[1], ignored=int(data.size))
    safe_min = np.where(finite, data, np.inf)
    safe_max = np.where(finite, data, -np.inf)
    i_min = np.unravel_index(int(np.argmin(safe_min)), data.shape)
    i_max = np.unravel_index(int(np.argmax(safe_max)), data.shape)
    return ImageFacts(kind="heatmap", rows=int(data.shape[0]), cols=int(data.shape[1]),
                      v_min=float(data[i_min]), v_max=float(data[i_max]),
                      at_min=_cell(artist, i_min, xr, yr), at_max=_cell(artist, i_max, xr, yr),
                      ignored=int((~finite).sum()))


def _grid(artist: Any, data: np.ndarray) -> np.ndarray:
    if data.ndim == 1 and hasattr(artist, "get_coordinates"):  # a QuadMesh stores cells flat
        rows, cols = artist.get_coordinates().shape[:2]
        if (rows - 1) * (cols - 1) == data.size:
            return data.reshape(rows - 1, cols - 1)
    return data


def _cell(artist: Any, idx: tuple, xr: AxisReader, yr: AxisReader) -> list:
    """The [row, col] of a cell as the axes label it: tick labels, else 0-based indices."""
    row, col = int(idx[0]), int(idx[1])
    cx, cy = _centre(artist, row, col)
    r_label = yr.value(cy) if yr.kind == "category" and cy is not None else row
    c_label = xr.value(cx) if xr.kind == "category" and cx is not None else col
    return [r_label, c_label]


def _centre(artist: Any, row: int, col: int) -> tuple[float | None, float | None]:
    if hasattr(artist, "get_coordinates"):
        c = artist.get_coordinates()
        quad = c[row:row + 2, col:col + 2].reshape(-1, 2)
        return float(quad[:, 0].mean()), float(quad[:, 1].mean())
    x0, x1, y0, y1 = artist.get_extent()
    rows, cols = artist.get_array().shape[:2]
    cx = x0 + (col + 0.5) * (x1 - x0) / cols
    if artist.origin == "upper":  # row 0 is drawn at the extent's second y value
        y0, y1 = y1, y0
    cy = y0 + (row + 0.5) * (y1 - y0) / rows
    return cx, cy
