"""Fit a conversation into a context window by dropping its oldest turns."""

from __future__ import annotations

from typing import Callable, Sequence

from spark_nb.errors import ContextOverflowError


def fit_messages(
    messages: Sequence[dict[str, str]],
    count: Callable[[Sequence[dict[str, str]]], int],
    budget: int,
) -> tuple[list[dict[str, str]], int, int]:
    """Drop the oldest non-system turns until ``count(messages) <= budget``.

    System messages and the last message (the request) are always kept. Returns the
    messages, how many were dropped, and their token count; raises
    :class:`ContextOverflowError` when even the kept ones do not fit.
    """
    msgs = list(messages)
    dropped = 0
    n = count(msgs)
    while n > budget:
        idx = next(
            (i for i, m in enumerate(msgs[:-1]) if m["role"] != "system"), None
        )
        if idx is None:
            raise ContextOverflowError(
                f"the prompt is {n:,} tokens but only {budget:,} fit in the model's context "
                "window (after room for the answer). Shorten the request or its context, "
                "lower max_tokens, or load the model with a larger n_ctx."
            )
        del msgs[idx]
        dropped += 1
        n = count(msgs)
    return msgs, dropped, n
