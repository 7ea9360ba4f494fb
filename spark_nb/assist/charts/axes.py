"""What an Axes says about its axes: labels, units, scales, dates, categories, twins.

``AxisReader`` turns raw artist coordinates into what the axis shows: a date on a date
axis (matplotlib's day numbers, or pandas' period ordinals), a tick label on a
categorical axis, else the float itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from spark_nb.assist.charts.facts import AxesFacts, Value

_UNIT = re.compile(r"[(\[（［]\s*([^()\[\]（）［］]{1,20}?)\s*[)\]）］]\s*$")


@dataclass
class AxisReader:
    """Reads positions along one axis (x or y) of an Axes."""

    kind: str = "number"  # "number", "date", "period", "category"
    ticks: np.ndarray = field(default_factory=lambda: np.empty(0))
    labels: list[str] = field(default_factory=list)
    freq: Any = None

    def value(self, pos: float) -> Value:
        """The position as the axis shows it (ISO date, category label or float)."""
        return self.values(np.asarray([pos], dtype=float))[0]

    def values(self, pos: np.ndarray) -> list[Value]:
        """Vectorised :meth:`value` for an array of positions."""
        pos = np.asarray(pos, dtype=float)
        if self.kind == "category" and len(self.ticks):
            idx = np.abs(pos[:, None] - self.ticks[None, :]).argmin(axis=1)
            near = np.abs(pos - self.ticks[idx]) <= 0.5
            return [self.labels[i] if ok else _num(p) for i, ok, p in zip(idx, near, pos)]
        if self.kind == "date":
            return _iso(pos * 86400.0)
        if self.kind == "period":
            return _period_iso(pos, self.freq)
        return [_num(p) for p in pos]


def _num(p: float) -> float:
    p = float(p)
    return float(int(p)) if p.is_integer() else p


def _iso(seconds: np.ndarray) -> list[str]:
    stamps = np.asarray(np.round(seconds), dtype="int64").astype("datetime64[s]")
    text = np.datetime_as_string(stamps, unit="s")
    if all(t.endswith("T00:00:00") for t in text):
        return [t[:10] for t in text]
    return [t[:16] for t in text]


def _period_iso(pos: np.ndarray, freq: Any) -> list[Value]:
    import pandas as pd  # only reached for figures pandas drew, so pandas is there

    out: list[Value] = []
    for p in pos:
        try:
            stamp = pd.Period(ordinal=int(round(p)), freq=freq).to_timestamp()
            out.append(stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%dT%H:%M"))
        except Exception:  # noqa: BLE001 - an odd frequency: keep the number
            out.append(_num(p))
    return out


def reader(axis: Any) -> AxisReader:
    """An :class:`AxisReader` for a matplotlib XAxis or YAxis."""
    fmt = axis.get_major_formatter()
    module = type(fmt).__module__
    if getattr(fmt, "freq", None) is not None and "pandas" in module:
        return AxisReader("period", freq=fmt.freq)
    conv = axis.get_converter() if hasattr(axis, "get_converter") else getattr(axis, "converter", None)
    if module == "matplotlib.dates" or (conv is not None and type(conv).__module__ == "matplotlib.dates"):
        return AxisReader("date")
    fixed = type(axis.get_major_locator()).__name__ == "FixedLocator"
    if fixed or type(fmt).__name__ in ("FixedFormatter", "StrCategoryFormatter"):
        ticks = np.asarray(axis.get_majorticklocs(), dtype=float)
        try:
            labels = [str(s) for s in fmt.format_ticks(ticks)]
        except Exception:  # noqa: BLE001 - a formatter that needs a draw: no categories
            labels = []
        if labels and len(labels) == len(ticks) and not all(_numeric(t) for t in labels if t):
            return AxisReader("category", ticks, labels)
    return AxisReader()


def _numeric(text: str) -> bool:
    try:
        float(text.replace("−", "-").replace(",", ""))
        return True
    except ValueError:
        return False


def unit_of(label: str) -> str:
    """The unit written in brackets at the end of an axis label: "Weight (kg)" -> "kg"."""
    m = _UNIT.search(label or "")
    return m.group(1).strip() if m else ""


def describe(ax: Any, index: int) -> AxesFacts:
    """The labels, scales and legend of an Axes (its artists are read elsewhere)."""
    xr, yr = reader(ax.xaxis), reader(ax.yaxis)
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()] if legend is not None else []
    facts = AxesFacts(index=index, title=ax.get_title() or ax.get_title("left") or ax.get_title("right"),
                      xlabel=ax.get_xlabel(), ylabel=ax.get_ylabel(),
                      xscale=ax.get_xscale(), yscale=ax.get_yscale(),
                      x_dates=xr.kind in ("date", "period"), legend=entries)
    facts.x_unit, facts.y_unit = unit_of(facts.xlabel), unit_of(facts.ylabel)
    cats = xr.labels if xr.kind == "category" else yr.labels if yr.kind == "category" else []
    facts.categories = list(cats)
    facts.texts = [t.get_text() for t in ax.texts if t.get_text().strip()][:20]
    return facts


def twins(axes: list) -> dict[int, tuple[str, int | None]]:
    """For Axes that share x and sit on the same spot (``twinx``): side and partner."""
    out: dict[int, tuple[str, int | None]] = {}
    for i, a in enumerate(axes):
        for j in range(i):
            b = axes[j]
            same_place = np.allclose(a.get_position().bounds, b.get_position().bounds)
            if same_place and a.get_shared_x_axes().joined(a, b):
                out.setdefault(j, ("left", i))
                out[i] = ("right", j)
    return out
