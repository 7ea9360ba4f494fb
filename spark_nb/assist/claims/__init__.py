"""Claims: what a chart's data says, as typed statements, and a checker for any sentence.

:func:`claims_of` computes the claims of a figure's facts (extremes with their positions,
changes, trends, steps, comparisons, shares, counts, correlations), ranked by interest,
each with its template sentence in English and Japanese; :func:`value_claims` adds one per
point of a short line and per bar. :func:`check` holds a sentence against them and says
whether it is true of the data, false (and why), or states nothing (a linking sentence);
:func:`answer` finds the claim that answers a question ("Which month peaked?").
"""

from __future__ import annotations

from spark_nb.assist.claims.answer import answer
from spark_nb.assist.claims.check import Verdict, check
from spark_nb.assist.claims.claim import KINDS, Claim
from spark_nb.assist.claims.compute import claims_of, value_claims

__all__ = ["KINDS", "Claim", "Verdict", "answer", "check", "claims_of", "value_claims"]
