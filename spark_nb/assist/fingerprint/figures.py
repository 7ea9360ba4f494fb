"""The open matplotlib figures, each read into an entry by the chart extractor.

pyplot is only looked up, never imported: code that drew nothing pays nothing for it.
"""

from __future__ import annotations

import sys
from typing import Any

from spark_nb.assist.fingerprint.clip import _clip, _error
from spark_nb.assist.fingerprint.hashing import _digest
from spark_nb.assist.fingerprint.values import _canon


def _figures() -> list[dict]:
    """An entry for every open matplotlib figure, when pyplot is in use."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    out = []
    try:
        numbers = list(plt.get_fignums())
    except Exception:  # noqa: BLE001 - a pyplot the code broke has no figures to read
        return []
    for number in numbers:
        try:
            fig = plt.figure(number)
        except Exception:  # noqa: BLE001
            continue
        out.append({"number": number, **_figure(fig)})
    return out


def _figure(fig: Any) -> dict:
    try:
        from spark_nb.assist.charts.caption import caption_for
        from spark_nb.assist.charts.extract import figure_facts

        facts = figure_facts(fig)
        data = facts.to_dict()
        data.pop("size", None)  # the figure's size in inches is not what it shows
    except Exception as exc:  # noqa: BLE001 - a figure the extractor cannot read is recorded as such
        return {"kind": "unknown", "error": _error(exc)}
    entry: dict = {"kind": _figure_kind(facts), "axes": len(facts.axes),
                   "lines": sum(len(a.lines) for a in facts.axes),
                   "bars": sum(len(b.bars) for a in facts.axes for b in a.bars),
                   "points": sum(s.n for a in facts.axes for s in a.scatters),
                   "bins": sum(h.bins for a in facts.axes for h in a.hists),
                   "series": _series_labels(facts), "title": facts.title or next(
                       (a.title for a in facts.axes if a.title), ""),
                   "hash": _digest(_canon(data))}
    first = next((a for a in facts.axes if a.has_data), facts.axes[0] if facts.axes else None)
    entry.update(xlabel=first.xlabel if first else "", ylabel=first.ylabel if first else "")
    try:
        entry["preview"] = _clip(caption_for(facts))
    except Exception:  # noqa: BLE001 - the caption is a courtesy
        entry["preview"] = ""
    return entry


def _figure_kind(facts: Any) -> str:
    kinds = []
    for a in facts.axes:
        for field_name, kind in (("bars", "bar"), ("lines", "line"), ("scatters", "scatter"),
                                 ("hists", "histogram"), ("areas", "area"), ("images", "image")):
            if getattr(a, field_name) and kind not in kinds:
                kinds.append(kind)
    return "+".join(kinds) or "empty"


def _series_labels(facts: Any) -> list[str]:
    labels: list[str] = []
    for a in facts.axes:
        labels += [s.label for s in a.lines] + [s for b in a.bars for s in b.series]
        labels += [s.label for s in a.scatters] + [h.label for h in a.hists]
    return [str(label) for label in labels if label][:10]
