"""Prompt-lookup drafting: guess the next tokens by finding the current n-gram earlier.

When an answer copies its input (a corrected cell, an edited paragraph), the tokens
that followed the last few generated tokens the previous time they appeared are a good
guess for what comes next. The model verifies the guess in one forward pass, so the
output is exactly what plain decoding would give; only the speed changes.
"""

from __future__ import annotations

from typing import Iterable


class PromptLookup:
    """An incremental n-gram index over prompt + generated tokens."""

    def __init__(
        self, tokens: Iterable[int], *, max_ngram: int = 4, min_ngram: int = 2, max_draft: int = 16
    ) -> None:
        if not 1 <= min_ngram <= max_ngram:
            raise ValueError("need 1 <= min_ngram <= max_ngram")
        self.max_ngram = max_ngram
        self.min_ngram = min_ngram
        self.max_draft = max_draft
        self.tokens: list[int] = []
        # n -> {n-gram: index of the token that followed its latest occurrence}
        self._index: dict[int, dict[tuple[int, ...], int]] = {
            n: {} for n in range(min_ngram, max_ngram + 1)
        }
        self.extend(tokens)

    def append(self, token: int) -> None:
        toks = self.tokens
        end = len(toks)  # the new token's index: it follows the n-grams ending here
        for n, table in self._index.items():
            if end >= n:
                table[tuple(toks[end - n : end])] = end
        toks.append(token)

    def extend(self, tokens: Iterable[int]) -> None:
        for t in tokens:
            self.append(t)

    def draft(self, limit: int | None = None) -> list[int]:
        """Tokens that followed the longest matching suffix n-gram, newest match first."""
        k = self.max_draft if limit is None else min(limit, self.max_draft)
        toks = self.tokens
        end = len(toks)
        if k <= 0:
            return []
        for n in range(self.max_ngram, self.min_ngram - 1, -1):
            if end < n:
                continue
            start = self._index[n].get(tuple(toks[end - n :]))
            if start is not None and start < end:
                return toks[start : min(start + k, end)]
        return []
