"""A request as a checklist: the requirements its words state, in a typed form.

"a bar chart of weekly sign-ups per channel, sorted from most to least, with the y-axis
labelled 'Sign-ups' and the Axes kept in `ax`" states five things a check can verify on
what the code produced: `ax` is an Axes, the plot is a bar chart, the bars run from the
largest down, the y label reads "Sign-ups". :func:`extract` finds them with patterns
(English and Japanese), each as a :class:`Requirement` that keeps the words it came from,
so a wrong one is visible and can be switched off. Only what the words state is listed:
nothing is inferred from what would be sensible.

The kinds and their values:

- ``binds``: a variable of a kind: "DataFrame", "Series", "Axes", "Figure", "function",
  "scalar", "dict" or "list";
- ``columns`` (list of names), ``index`` (a column), ``length`` (int), ``shape``
  ([rows, cols]), ``arity`` (int, of the function named by the target);
- ``xlabel``, ``ylabel`` (exact text), ``title`` (text it contains), ``legend`` (True),
  ``lines``, ``bars`` (int), ``plot_kind`` ("bar", "barh", "line", "scatter", "hist",
  "pie", "box");
- ``sorted`` ({"by": column or None, "descending": bool}), ``top`` (int), ``filter`` (a
  pandas query string), ``one_row_per`` (column), ``unique`` (column), ``no_missing``
  (column or None), ``dtype`` ({"column": name or None, "type": "datetime", "integer",
  "float", "string" or "bool"});
- ``unchanged`` (the target, an input, is left as it was; value None), ``no_write``
  (a file name, or None for any file).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from spark_nb.assist.checklist.requirement import KINDS, Requirement

__all__ = ["KINDS", "Requirement", "extract"]

def extract(request: str, names: Iterable[str] = (), engine: Any = None) -> list[Requirement]:
    """The requirements ``request`` states, in the order its words give them.

    ``names`` are the variables the kernel already holds: a name the request mentions
    that is among them is an input (``unchanged`` is about inputs; the other kinds are
    about what the code makes). With an ``engine``, the model proposes more after the
    patterns, each kept only where the request's words hold it
    (:mod:`spark_nb.assist.checklist.proposed`; those have ``origin="model"``).
    """
    from spark_nb.assist.checklist.patterns import find

    if not request or not request.strip():
        return []
    inputs = set(names)
    found = find(request, inputs)
    if engine is None:
        return found
    from spark_nb.assist.checklist.proposed import propose

    more = propose(request, engine, inputs, found)
    ordered = sorted([*found, *more], key=lambda r: _position(request, r.phrase))
    return [replace(r, number=i) for i, r in enumerate(ordered, 1)]


def _position(request: str, phrase: str) -> int:
    at = request.find(phrase)
    return at if at >= 0 else len(request)


def checks(requirements: list[Requirement], dry: Any) -> list:
    """One check per requirement from a passing dry run's verdicts (``dry.details["checklist"]``):
    named "checklist", its message the request's words and what was found. ``no_write`` is
    read from the files the dry run wrote (they went to its scratch folder)."""
    from spark_nb.assist.checks import CheckResult

    verdicts = dry.details.get("checklist") or []
    writes = dry.details.get("writes") or []
    results = []
    for r, v in zip(requirements, verdicts):
        status, message = v.get("status", "skipped"), v.get("message", "")
        if r.kind == "no_write":
            wrote = [w for w in writes if r.value is None or _file_name(w) == r.value]
            status = "failed" if wrote else "passed"
            message = f"would write {', '.join(map(_file_name, wrote))}" if wrote else "writes no file"
        results.append(CheckResult("checklist", status == "passed", f"“{r.phrase}”: {message}",
                                   details={"requirement": r.as_dict(), "number": r.number, "origin": r.origin,
                                            "verdict": status, "found": message},
                                   status=status))
    return results


def _file_name(write: Any) -> str:
    path = write.get("path", "") if isinstance(write, dict) else str(write)
    return path.replace("\\", "/").rsplit("/", 1)[-1]
