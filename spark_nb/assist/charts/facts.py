"""The facts read from a figure, as plain dataclasses that go to and from JSON.

x positions and categories are ``Value``: a float, an ISO date string (for date axes)
or a category label, so a fact reads the way the chart's axis does.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Union

Value = Union[float, str, None]
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# bookkeeping that is not a statement about the data (a 0 here would back "the lowest is 0")
_NOT_STATED = {"index", "twin_of", "size"}
_ZERO_NOT_STATED = {"ignored", "base"}


@dataclass
class LineFacts:
    """One line series: its extent, extremes, trend and biggest step."""

    label: str
    n: int
    x_first: Value
    x_last: Value
    y_first: float
    y_last: float
    y_min: float
    x_at_min: Value
    y_max: float
    x_at_max: Value
    mean: float
    change: float  # last - first
    rel_change: float | None  # (last - first) / |first|, a fraction
    slope: float  # per x unit (per day on a date axis)
    r2: float  # of a linear fit: how well a straight trend describes the series
    trend: str  # "rising", "falling" or "no clear trend"
    biggest_step: dict = field(default_factory=dict)  # {"x_from","x_to","delta"}
    peaks: list[dict] = field(default_factory=list)  # highest local maxima {"x","y"}
    ignored: int = 0  # NaN / inf points left out
    axis: str = "left"
    points: list = field(default_factory=list)  # [[x, y], ...] of a short series (MAX_POINTS)


@dataclass
class Bar:
    """One bar: its category, value, series (legend entry) and base (stacked bars)."""

    category: Value
    value: float
    series: str = ""
    base: float = 0.0
    share: float | None = None  # of the category total (stacked) or of all bars (single series)


@dataclass
class BarFacts:
    """The bars of one Axes: every bar, totals per category, ranking."""

    orientation: str  # "vertical" or "horizontal"
    bars: list[Bar]
    series: list[str]
    stacked: bool = False
    totals: dict = field(default_factory=dict)  # category -> total over series
    ranking: list = field(default_factory=list)  # categories, highest total first
    ignored: int = 0
    axis: str = "left"


@dataclass
class HistFacts:
    """A histogram: bins, counts, the modal bin, spread and skew."""

    label: str
    bins: int
    bin_width: float
    low: float
    high: float
    total: float  # sum of counts (or of densities x width when density=True)
    modal_low: float
    modal_high: float
    modal_count: float
    mean: float  # estimated from bin middles
    std: float
    skew: float
    shape: str  # "right-skewed", "left-skewed" or "roughly symmetric"
    density: bool = False
    axis: str = "left"


@dataclass
class ScatterFacts:
    """A scatter: extent, correlation and outliers."""

    label: str
    n: int
    x_min: Value
    x_max: Value
    y_min: float
    y_max: float
    r: float | None  # Pearson correlation
    strength: str  # e.g. "strong positive"
    outliers: list[dict] = field(default_factory=list)  # {"x","y"} with |z| > 3
    ignored: int = 0
    axis: str = "left"


@dataclass
class AreaFacts:
    """A filled area (fill_between): its x extent and value range."""

    label: str
    x_low: Value
    x_high: Value
    y_low: float
    y_high: float
    axis: str = "left"


@dataclass
class ImageFacts:
    """An image or heatmap: shape, value range and where the extremes are."""

    kind: str  # "heatmap" or "image" (RGB)
    rows: int
    cols: int
    v_min: float | None = None
    v_max: float | None = None
    at_min: list = field(default_factory=list)  # [row, col] labels (or indices)
    at_max: list = field(default_factory=list)
    ignored: int = 0


@dataclass
class AxesFacts:
    """One Axes (subplot): labels, scales and what is drawn on it."""

    index: int
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    x_unit: str = ""
    y_unit: str = ""
    xscale: str = "linear"
    yscale: str = "linear"
    x_dates: bool = False
    categories: list = field(default_factory=list)  # tick labels of a categorical axis
    legend: list[str] = field(default_factory=list)
    side: str = ""  # "left"/"right" for twin axes sharing x
    twin_of: int | None = None
    lines: list[LineFacts] = field(default_factory=list)
    bars: list[BarFacts] = field(default_factory=list)
    hists: list[HistFacts] = field(default_factory=list)
    scatters: list[ScatterFacts] = field(default_factory=list)
    areas: list[AreaFacts] = field(default_factory=list)
    images: list[ImageFacts] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.lines or self.bars or self.hists or self.scatters or self.areas or self.images)


_KINDS = {"lines": LineFacts, "bars": BarFacts, "hists": HistFacts, "scatters": ScatterFacts,
          "areas": AreaFacts, "images": ImageFacts}


@dataclass
class FigureFacts:
    """Everything read from one figure; ``numbers()`` lists every number it states."""

    title: str = ""
    axes: list[AxesFacts] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    size: list = field(default_factory=list)  # inches [w, h]

    @property
    def has_data(self) -> bool:
        return any(a.has_data for a in self.axes)

    def to_dict(self) -> dict:
        """A JSON-able dict (floats, strings, lists, dicts only)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "FigureFacts":
        """The inverse of :meth:`to_dict`."""
        axes = []
        for a in d.get("axes", []):
            kw = {k: v for k, v in a.items() if k in {f.name for f in fields(AxesFacts)}}
            for name, kind in _KINDS.items():
                kw[name] = [_build(kind, item) for item in a.get(name, [])]
            axes.append(AxesFacts(**kw))
        return cls(title=d.get("title", ""), axes=axes, notes=list(d.get("notes", [])),
                   size=list(d.get("size", [])))

    def numbers(self) -> list[float]:
        """Every number the facts state (dates as YYYYMMDD, see ``grounding.date_number``)."""
        out: list[float] = []
        _collect(self.to_dict(), out)
        out.append(float(len(self.axes)))
        for a in self.axes:
            out.append(float(a.index + 1))  # "Axes 2" as the table names it
            out.extend(float(len(getattr(a, k))) for k in _KINDS)
            out.extend([float(len(a.categories)), float(len(a.legend))])
            for b in a.bars:
                out.extend([float(len(b.bars)), float(len(b.series)), float(len(b.totals))])
        stated = {v for v in out if v != 0.0}
        if any(_has_zero(a) for a in self.axes):
            stated.add(0.0)  # only when the data itself holds a zero
        return sorted(stated)


def key(category: object) -> str:
    """A category as a dict key (JSON keys are strings): 2.0 -> "2"."""
    if isinstance(category, float) and category.is_integer():
        return str(int(category))
    return str(category)


def _has_zero(a: AxesFacts) -> bool:
    values: list[float] = []
    _collect([asdict(x) for k in _KINDS for x in getattr(a, k)], values)
    return 0.0 in values


def _build(kind: type, item: dict) -> Any:
    names = {f.name for f in fields(kind)}
    kw = {k: v for k, v in item.items() if k in names}
    if kind is BarFacts:
        kw["bars"] = [Bar(**b) for b in kw.get("bars", [])]
    return kind(**kw)


def _collect(value: Any, out: list[float]) -> None:
    from spark_nb.assist.grounding import date_number

    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        out.append(float(value))
    elif isinstance(value, str):
        m = _ISO.match(value)
        if m:
            out.append(date_number(int(m[1]), int(m[2]), int(m[3])))
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in _NOT_STATED or (k in _ZERO_NOT_STATED and not v):
                continue
            _collect(k, out)
            _collect(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect(v, out)
