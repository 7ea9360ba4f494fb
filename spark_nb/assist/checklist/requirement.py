"""The typed form of one requirement (the kinds are listed in the package's docstring)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("binds", "columns", "index", "length", "shape", "arity", "xlabel", "ylabel", "title",
         "legend", "lines", "bars", "plot_kind", "sorted", "top", "filter", "one_row_per",
         "unique", "no_missing", "dtype", "unchanged", "no_write")


@dataclass(frozen=True)
class Requirement:
    """One thing the request asks for, and the words it was read from."""

    kind: str
    target: str | None
    value: Any
    phrase: str
    origin: str = "pattern"  # "pattern", or "model" for one the model proposed
    number: int = 0  # its place in the request's checklist, from 1 (`--ignore N` names it)

    def as_dict(self) -> dict:
        """kind, target, value and phrase: the form the corpora and the dry-run probe use."""
        d = asdict(self)
        d.pop("origin")
        d.pop("number")
        return d
