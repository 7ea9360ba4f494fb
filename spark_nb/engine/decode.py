"""The decode loop every local backend shares: sampling, drafting, limits, text output.

A backend supplies :class:`ModelOps` — forward a batch of tokens, sample at a position
of the last batch, trim its KV cache — and this module does the rest: prompt-lookup
drafts verified in one forward pass, stop strings, ``max_tokens``, the context limit,
cancellation between tokens, and the text stream.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol, Sequence

from spark_nb.engine.context_fit import fit_messages
from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.prompt_lookup import PromptLookup
from spark_nb.engine.stops import StopMatcher
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion, GenerationOptions, Timings, Usage

MAX_DRAFT = 16  # measured on a 20-line fix (llama.cpp): 10 -> 1.8x, 16 -> 2.4x, 24 -> 2.5x


class ModelOps(Protocol):
    """What the loop needs from a backend for one request."""

    n_ctx: int
    max_batch: int

    @property
    def n_live(self) -> int:
        """Tokens whose keys and values are in the cache."""

    def forward(self, tokens: Sequence[int], all_logits: bool) -> None:
        """Append ``tokens`` to the cache and compute logits (every position or the last)."""

    def sample(self, index: int) -> int:
        """Choose the token after position ``index`` of the last forward batch (-1: last)."""

    def truncate(self, n: int) -> None:
        """Keep only the first ``n`` tokens in the cache."""

    def is_eog(self, token: int) -> bool:
        """True for end-of-generation tokens."""


class TokenOutput:
    """Turns generated tokens into text: stop strings, limits, timing of the first token."""

    def __init__(self, stream: Stream, options: GenerationOptions,
                 text_of: Callable[[int], str], flush: Callable[[], str]) -> None:
        self.stream = stream
        self.max_tokens = options.max_tokens
        self.text_of = text_of
        self.flush_text = flush
        self.stops = StopMatcher(options.stop)
        self.parts: list[str] = []
        self.finish_reason = "length"
        self.t_first: float | None = None

    def first_token(self) -> None:
        if self.t_first is None:
            self.t_first = time.perf_counter()

    def push(self, token: int, usage: Usage) -> bool:
        """Take one generated token; False when generation must end."""
        usage.completion_tokens += 1
        self._show(self.stops.feed(self.text_of(token)))
        if self.stops.stopped:
            self.finish_reason = "stop"
            return False
        if usage.completion_tokens >= self.max_tokens:
            self.finish_reason = "length"
            return False
        return True

    def _show(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.stream.emit(text)

    def close(self) -> str:
        if not self.stops.stopped:
            self._show(self.stops.feed(self.flush_text()))
            self._show(self.stops.flush())
        return "".join(self.parts)


def fit_prompt(prompt_tokens: Callable[[Sequence[dict[str, str]]], list[int]],
               messages: Sequence[dict[str, str]], options: GenerationOptions,
               n_ctx: int) -> tuple[list[int], Usage]:
    """The prompt's tokens after dropping old turns to leave room for the answer."""
    reserve = min(options.max_tokens, n_ctx // 4)
    memo: dict[int, list[int]] = {}

    def count(msgs: Sequence[dict[str, str]]) -> int:
        memo[len(msgs)] = prompt_tokens(msgs)
        return len(memo[len(msgs)])

    kept, trimmed, _ = fit_messages(messages, count, n_ctx - reserve)
    tokens = memo[len(kept)]
    return tokens, Usage(prompt_tokens=len(tokens), trimmed_messages=trimmed)


def completion(out: TokenOutput, usage: Usage, t0: float, t_prompt: float,
               model: str, backend: str) -> Completion:
    """The request's result, timed from ``t0`` (request start) to now."""
    t_end = time.perf_counter()
    t_first = out.t_first or t_end
    return Completion(
        text=out.close(), finish_reason=out.finish_reason, usage=usage,
        timings=Timings(time_to_first_token=t_first - t0, prompt_seconds=t_prompt - t0,
                        decode_seconds=t_end - t_first, total_seconds=t_end - t0),
        model=model, backend=backend,
    )


def generate_tokens(ops: ModelOps, prompt: Sequence[int], options: GenerationOptions,
                    out: TokenOutput, usage: Usage, cancel: CancelToken) -> None:
    """Generate after a prompt whose last token has been forwarded."""
    lookup = PromptLookup(prompt) if options.draft == "prompt-lookup" else None
    # Drafts grow while the model confirms them and shrink when it does not, so an
    # answer that stops copying pays little for the drafts it rejects.
    limit = MAX_DRAFT
    pending = ops.sample(-1)
    out.first_token()
    while True:
        if cancel.cancelled:
            out.finish_reason = "cancelled"
            return
        if ops.is_eog(pending):
            out.finish_reason = "stop"
            return
        room = min(options.max_tokens - usage.completion_tokens - 1, ops.n_ctx - ops.n_live - 1)
        if room <= 0:  # this token is the last one: no need to compute what follows it
            if out.push(pending, usage):
                out.finish_reason = "length"
            return
        drafts: list[int] = []
        if lookup is not None:
            lookup.append(pending)
            drafts = lookup.draft(limit=min(limit, room, ops.max_batch - 1))
        base = ops.n_live
        ops.forward([pending, *drafts], all_logits=bool(drafts))
        # Showing the text overlaps with the forward pass on backends that run it lazily.
        if not out.push(pending, usage):
            ops.truncate(base)
            return
        nxt = ops.sample(0)
        accepted = 0
        while accepted < len(drafts) and nxt == drafts[accepted]:
            accepted += 1
            nxt = ops.sample(accepted)
        usage.drafted_tokens += len(drafts)
        usage.accepted_tokens += accepted
        if drafts:
            ops.truncate(base + 1 + accepted)
            limit = min(limit * 2, MAX_DRAFT) if accepted == len(drafts) else max(1, accepted)
        for tok in drafts[:accepted]:
            if cancel.cancelled:
                out.finish_reason = "cancelled"
                return
            if ops.is_eog(tok):
                out.finish_reason = "stop"
                return
            if not out.push(tok, usage):
                return
            lookup.append(tok)
        pending = nxt
