"""Requirements the model proposes beyond the patterns, kept only when the words hold them.

The patterns read fixed wordings; users write many more. The model is shown the
request and asked which of its words state a requirement and of which kind, as JSON held
to a schema (kind and the exact words, nothing else). Each proposal is then kept only if

- its words occur in the request (the model quotes, it does not paraphrase or invent);
- :func:`.values.read` finds a value of that kind in those words (a ``top`` needs a
  number, a ``ylabel`` its quoted text);
- no requirement the patterns read is of the same kind over the same words.

So a proposal is a pointer into the request, and the value comes from the request's
words by rule, never from the model. Kept ones have ``origin="model"``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from spark_nb.assist.checklist.requirement import KINDS, Requirement
from spark_nb.assist.checklist.targets import Names, resolve
from spark_nb.assist.checklist.values import names as backticked, read

MAX_PROPOSALS = 8
SCHEMA = {
    "type": "object",
    "properties": {"requirements": {
        "type": "array", "maxItems": MAX_PROPOSALS,
        "items": {"type": "object",
                  "properties": {"kind": {"enum": list(KINDS)}, "words": {"type": "string", "maxLength": 120}},
                  "required": ["kind", "words"], "additionalProperties": False}}},
    "required": ["requirements"], "additionalProperties": False,
}
SYSTEM = """You read a data-analysis request and list the checkable requirements it states.
For each, give its kind and the exact words of the request that state it (copied, not reworded).
Kinds: binds (the kind of result: DataFrame, Series, list, dict, function, number, Axes),
columns (column names it must have), index, length (rows), shape, arity (function parameters),
xlabel, ylabel (quoted label text), title (quoted text), legend, lines, bars, plot_kind (bar, line,
scatter, histogram, pie, box), sorted (order and direction), top (the first or largest N), filter
(a condition on a column), one_row_per, unique, no_missing, dtype (a column's type),
unchanged (an input left as it is), no_write (no file written).
List only what the words state. If nothing is stated, give an empty list. Answer with JSON only.

Request: Make `top_cities`, a DataFrame of the 5 cities with the most visits, sorted by `visits` descending, with columns `city` and `visits`.
{"requirements": [{"kind": "binds", "words": "a DataFrame"}, {"kind": "top", "words": "the 5 cities with the most visits"}, {"kind": "sorted", "words": "sorted by `visits` descending"}, {"kind": "columns", "words": "columns `city` and `visits`"}]}

Request: Plot monthly sales as a line chart in `ax`, label the y axis "Sales" and add a legend.
{"requirements": [{"kind": "plot_kind", "words": "a line chart"}, {"kind": "ylabel", "words": "label the y axis \\"Sales\\""}, {"kind": "legend", "words": "add a legend"}]}

Request: `daily` に日付ごとの売上合計を入れて。`date` 列は日付型にして、欠損値は除いて、元の `sales` は変えないで。
{"requirements": [{"kind": "dtype", "words": "`date` 列は日付型"}, {"kind": "no_missing", "words": "欠損値は除いて"}, {"kind": "unchanged", "words": "元の `sales` は変えないで"}]}

Request: Explore the data and tell me what you find.
{"requirements": []}"""


def propose(request: str, engine: Any, inputs: set[str], found: list[Requirement],
            max_tokens: int = 240) -> list[Requirement]:
    """The model's proposals for ``request`` that hold (see the module's docstring), not
    numbered; ``found`` are the patterns' requirements."""
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": f"Request: {request}"}]
    try:
        text = engine.complete(messages, max_tokens=max_tokens, temperature=0.0, json_schema=SCHEMA).text
        proposals = json.loads(text).get("requirements", [])
    except (ValueError, AttributeError):
        return []  # no usable answer: the patterns' checklist stands alone
    return kept(request, proposals, inputs, found)


def kept(request: str, proposals: list, inputs: set[str], found: list[Requirement]) -> list[Requirement]:
    """The proposals (dicts with kind and words) that the request's words hold."""
    names = Names.read(request, inputs)
    out: list[Requirement] = []
    for p in proposals[:MAX_PROPOSALS]:
        if not isinstance(p, dict) or p.get("kind") not in KINDS or not isinstance(p.get("words"), str):
            continue
        m = _locate(p["words"], request)
        if m is None:
            continue
        words, kind = m.group(0), p["kind"]
        target = _target(kind, m, request, names, inputs)
        r = read(kind, words, target)
        if r is None or _covered(r, m.span(), request, [*found, *out]):
            continue
        out.append(r)
    return out


def _locate(words: str, request: str) -> re.Match | None:
    """Where ``words`` occur in the request, spaces and letter case aside."""
    words = words.strip(" ,.;:、。")
    if len(words) < 2:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    return re.search(pattern, request, re.I)


def _target(kind: str, m: re.Match, request: str, names: Names, inputs: set[str]) -> str | None:
    if kind == "unchanged":
        named = backticked(m.group(0))
        return next((n for n in named if n in inputs), named[0] if named else None)
    return resolve(kind, m, request, names)


def _covered(r: Requirement, span: tuple[int, int], request: str, found: list[Requirement]) -> bool:
    """A requirement of the same kind already read over these words, or with this value."""
    for k in found:
        if k.kind != r.kind:
            continue
        if k.value == r.value and k.target == r.target:
            return True
        at = request.find(k.phrase)
        if at >= 0 and at < span[1] and span[0] < at + len(k.phrase):
            return True
    return False
