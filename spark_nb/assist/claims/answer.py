"""The claim that answers a question about a chart: "Which month peaked?" -> the maximum.

The question is read with the checker's own words (superlatives, directions,
comparisons, correlation, counts, the series it names); the first claim of the kind
asked, for the series named, answers it. A question that asks for none of these gets
no claim: the analysis then answers from the model's prose alone.
"""

from __future__ import annotations

from spark_nb.assist.charts.facts import FigureFacts
from spark_nb.assist.claims.check import _categories, _labels, _read
from spark_nb.assist.claims.claim import Claim

# what each word in a question asks for, in order of precedence
_ASKS = [("max", ("max", "share")), ("min", ("min",)), ("corr", ("correlation",)), ("cross", ("crossing",)),
         ("more", ("compare",)), ("less", ("compare",)), ("up", ("change", "trend")),
         ("down", ("change", "trend")), ("flat", ("trend",)), ("count", ("count",))]


def answer(question: str, facts: FigureFacts, claims: list[Claim]) -> Claim | None:
    """The claim that answers ``question`` first, or None."""
    if not question or not question.strip():
        return None
    clause = _read(question, _labels(facts), _categories(facts))
    words = set(clause.words)
    if not clause.numbers and any(w in question.lower() for w in ("how many", "いくつ", "何個", "何本")):
        words.add("count")
    for word, kinds in _ASKS:
        if word not in words:
            continue
        for c in claims:
            if c.kind in kinds and (not clause.series or c.subject in clause.series or c.other in clause.series):
                return c
    return None
