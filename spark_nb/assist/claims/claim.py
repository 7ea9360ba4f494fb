"""A claim: one typed statement computed from a figure's facts, and the facts it rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from spark_nb.assist.charts.facts import Value

KINDS = ("max", "min", "change", "trend", "step", "rank", "share", "compare", "count",
         "correlation", "crossing", "mean", "first", "last", "total")


@dataclass
class Claim:
    """What the data says, exactly: ``en`` and ``ja`` are the template sentences.

    ``subject`` is the series (or, for bars, the category) the claim is about; ``value``
    its number; ``x`` (and ``x2`` for changes and steps) where it is, in the axis's own
    terms (a float, an ISO date or a category label); ``rel`` a relative change as a
    fraction; ``direction`` "up", "down" or "flat"; ``score`` how interesting it is
    (effect size), for ordering.
    """

    id: str
    kind: str
    axes: int
    subject: str
    value: float | None = None
    x: Value = None
    x2: Value = None
    value2: float | None = None
    rel: float | None = None
    direction: str = ""
    strength: str = ""
    other: str = ""  # the second series or category of a comparison or a crossing
    score: float = 0.0
    en: str = ""
    ja: str = ""
    rests_on: dict = field(default_factory=dict)  # {"axes": i, "series": label, "fact": name}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def numbers(self) -> list[float]:
        """The numbers this claim states."""
        out = [v for v in (self.value, self.value2) if v is not None]
        if self.rel is not None:
            out.append(self.rel * 100)
        return out
