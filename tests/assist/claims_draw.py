"""Draw the plain-data chart specs of ``claim_cases.py`` with matplotlib (Agg)."""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def _x(values: list):
    if values and isinstance(values[0], str) and len(values[0]) >= 10 and values[0][4] == "-":
        return [dt.datetime.fromisoformat(v) for v in values]
    return values


def draw(spec: dict):
    """A matplotlib Figure for one spec (kind line, bar, barh or scatter; optional twin)."""
    fig, ax = plt.subplots()
    kind, x, series = spec["kind"], _x(spec["x"]), spec["series"]
    if kind == "line":
        for name, ys in series.items():
            ax.plot(x, ys, label=name)
    elif kind in ("bar", "barh"):
        if len(series) == 1:
            (name, ys), = series.items()
            (ax.bar if kind == "bar" else ax.barh)(x, ys, label=name)
        else:
            pos = np.arange(len(x))
            width = 0.8 / len(series)
            for i, (name, ys) in enumerate(series.items()):
                offset = pos - 0.4 + width * (i + 0.5)
                if kind == "bar":
                    ax.bar(offset, ys, width, label=name)
                else:
                    ax.barh(offset, ys, width, label=name)
            (ax.set_xticks if kind == "bar" else ax.set_yticks)(pos, [str(v) for v in x])
    elif kind == "scatter":
        for name, ys in series.items():
            ax.scatter(x, ys, label=name)
    if spec.get("twin"):
        other = ax.twinx()
        for name, ys in spec["twin"]["series"].items():
            other.plot(x, ys, label=name, color="C3")
        other.set_ylabel(spec["twin"].get("ylabel", ""))
    ax.set_title(spec.get("title", ""))
    ax.set_xlabel(spec.get("xlabel", ""))
    ax.set_ylabel(spec.get("ylabel", ""))
    if len(series) > 1:
        ax.legend()
    return fig
