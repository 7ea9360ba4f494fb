"""What a dry run produced, as plain data: the names it bound or changed, its figures.

Candidates that all run can still disagree on what they compute. A
:class:`Fingerprinter` is a probe for :func:`~spark_nb.assist.sandbox.run_sandboxed`:
it reads the child's namespace before and after the code and describes each value the
code bound or changed by its type, shape and a digest of its contents (floats rounded
to 6 significant digits, so arithmetic noise does not split two readings). :func:`key`
turns a fingerprint and the printed output into a short key for grouping candidates,
:func:`describe` into one line a person can compare.

Reading runs in the child, after the user's code, so it never calls the user's own
methods (``repr``, ``__eq__``): an object of a type it does not know is recorded by
type alone. Its cost is bounded: a value of more than ``MAX_CELLS`` cells is hashed
from an evenly spaced sample of its rows.
"""

from __future__ import annotations

import warnings
from typing import Any, Mapping

from spark_nb.assist.fingerprint.bindings import _candidates
from spark_nb.assist.fingerprint.compare import _identity, differences, key
from spark_nb.assist.fingerprint.figures import _figures
from spark_nb.assist.fingerprint.hashing import MAX_CELLS
from spark_nb.assist.fingerprint.kinds import _skipped
from spark_nb.assist.fingerprint.values import _entry
from spark_nb.assist.fingerprint.words import describe

__all__ = ["MAX_CELLS", "Fingerprinter", "describe", "differences", "key"]


class Fingerprinter:
    """A probe that fingerprints what ``code`` bound or changed in the namespace.

    :meth:`before` runs in the child before the code, :meth:`__call__` after it; the
    answer is ``{"names": {name: entry}, "figures": [entry, ...]}``, JSON-able.
    """

    def __init__(self, code: str) -> None:
        self.bound, self.loops, self.mutated = _candidates(code)
        self._keys: set[str] | None = None
        self._before: dict[str, tuple[int, tuple]] = {}
        self._figures: dict[int, str] = {}

    def before(self, ns: Mapping[str, Any]) -> None:
        """Record the namespace's names and digests of values the code may change in place."""
        with warnings.catch_warnings():  # what the probe sets off is not the code's output
            warnings.simplefilter("ignore")
            self._record(ns)

    def __call__(self, ns: Mapping[str, Any]) -> dict:
        """The fingerprint of the namespace after the code."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._fingerprint(ns)

    def _record(self, ns: Mapping[str, Any]) -> None:
        self._keys = set(ns)
        for name in [*self.bound, *self.mutated]:
            if name in ns and not name.startswith("_") and not _skipped(ns[name]):
                value = ns[name]
                self._before[name] = (id(value), _identity(_entry(value)))
        self._figures = {f["number"]: f.get("hash", "") for f in _figures()}

    def _fingerprint(self, ns: Mapping[str, Any]) -> dict:
        names: dict[str, dict] = {}
        for name in [*self.bound, *self.loops, *self.mutated]:
            if name in names or name.startswith("_") or name not in ns or _skipped(ns[name]):
                continue
            entry = self._read(name, ns[name])
            if entry is not None:
                names[name] = entry
        figures = [f for f in _figures() if self._figures.get(f["number"]) != f.get("hash", "")]
        for f in figures:
            f.pop("number", None)  # a figure's number depends on what ran before
        return {"names": names, "figures": figures}

    def _read(self, name: str, value: Any) -> dict | None:
        entry = _entry(value)
        existed = self._keys is not None and name in self._keys
        same = existed and self._before.get(name) == (id(value), _identity(entry))
        if same and name not in self.bound and name not in self.loops:
            return None  # only read, or a method that returned a copy
        if existed and not same and name not in self.loops:
            entry["changed"] = True
        if name in self.loops and name not in self.bound:
            entry["loop"] = True
        return entry
