"""K answers to one prompt: the decode loop local backends share, and the fallback.

The prompt is computed once. The backend then gives each of the K sequences the
prompt's keys and values (llama.cpp copies sequence ids, MLX repeats the cache rows),
and every step forwards one token of each sequence still running in a single batch. On
a memory-bound machine a step of K tokens costs little more than a step of one, since
the weights are read once per step either way.

Each sequence has its own sampler (temperature, top-p, seed), stop strings, token limit
and finish reason; text deltas reach the stream tagged with their index, as
``(index, text)``. Cancelling the stream ends every sequence before the next step.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol, Sequence

from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.decode import TokenOutput, completion
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Batch, Completion, GenerationOptions, Timings, Usage
from spark_nb.errors import OptionsError

MAX_CANDIDATES = 16


class BatchOps(Protocol):
    """What the batch loop needs from a backend, after the prompt has been computed."""

    n_ctx: int

    def used(self) -> int:
        """Cells of the cache in use (the shared prompt once, plus every sequence's tokens)."""

    def sample(self, seq: int, row: int) -> tuple[int, float]:
        """Sequence ``seq``'s next token from row ``row`` of the last forward pass (-1: the
        prompt's last position), and its log-probability under the model."""

    def step(self, tokens: Sequence[tuple[int, int]]) -> None:
        """Forward one ``(seq, token)`` per running sequence; row j of the logits is the j-th."""

    def drop(self, seq: int) -> None:
        """Sequence ``seq`` has finished: free what only it holds."""

    def is_eog(self, token: int) -> bool:
        """True for end-of-generation tokens."""


class _Tagged:
    """A stream's producer side for one sequence: its deltas go out as ``(index, text)``."""

    def __init__(self, stream: Stream, index: int) -> None:
        self.stream, self.index = stream, index

    def emit(self, text: str) -> None:
        if text:
            self.stream.emit((self.index, text))


def check_options(options: Sequence[GenerationOptions]) -> list[GenerationOptions]:
    """The per-sequence options of a batch, refusing what a batch cannot do."""
    options = list(options)
    if not options:
        raise OptionsError("a batch needs at least one sequence")
    if len(options) > MAX_CANDIDATES:
        raise OptionsError(f"at most {MAX_CANDIDATES} sequences decode in one batch, not {len(options)}")
    for o in options:
        if not isinstance(o, GenerationOptions):
            raise OptionsError("each sequence's options must be GenerationOptions")
    return options


def decode_batch(ops: BatchOps, options: Sequence[GenerationOptions], stream: Stream,
                 decoders: Sequence[tuple[Callable[[int], str], Callable[[], str]]],
                 usage: Usage, t0: float, t_prompt: float, model: str, backend: str) -> Batch:
    """Decode every sequence after a computed prompt, one batch per step.

    ``decoders[i]`` is sequence i's ``(text_of, flush)``: a token to its text, and what
    the detokenizer still holds at the end. ``usage`` has the shared prompt's counts.
    """
    cancel: CancelToken = stream.cancel_token
    k = len(options)
    outs = [TokenOutput(_Tagged(stream, i), options[i], *decoders[i]) for i in range(k)]
    seq_usage = [Usage(prompt_tokens=usage.prompt_tokens, cached_prompt_tokens=usage.cached_prompt_tokens,
                       trimmed_messages=usage.trimmed_messages) for _ in range(k)]
    logprob_sums = [0.0] * k
    done: list[Completion | None] = [None] * k
    pending: dict[int, tuple[int, float]] = {}
    for i in range(k):
        pending[i] = ops.sample(i, -1)
        outs[i].first_token()

    def finish(i: int, reason: str | None = None) -> None:
        if reason is not None:
            outs[i].finish_reason = reason
        n = seq_usage[i].completion_tokens
        c = completion(outs[i], seq_usage[i], t0, t_prompt, model, backend)
        c.index, c.logprob = i, (logprob_sums[i] / n if n else None)
        done[i] = c
        ops.drop(i)

    running = list(range(k))
    while running:
        if cancel.cancelled:
            for i in running:
                finish(i, "cancelled")
            break
        step: list[tuple[int, int]] = []
        for i in running:
            token, logprob = pending.pop(i)
            if ops.is_eog(token):
                finish(i, "stop")
                continue
            logprob_sums[i] += logprob
            if not outs[i].push(token, seq_usage[i]):
                finish(i)
                continue
            step.append((i, token))
        # The cache holds the prompt once and every sequence's own tokens.
        room = ops.n_ctx - ops.used()
        while step and len(step) > room:
            i, _ = step.pop()
            finish(i, "length")
        running = [i for i, _ in step]
        if not step:
            break
        ops.step(step)
        for row, (i, _) in enumerate(step):
            pending[i] = ops.sample(i, row)
    return _batch([c for c in done if c is not None], usage, t0, t_prompt, model, backend)


def cancelled_batch(k: int, usage: Usage, t0: float, model: str, backend: str) -> Batch:
    """The batch of a request cancelled while its prompt was computed: K empty answers."""
    done = [Completion(text="", finish_reason="cancelled", index=i, model=model, backend=backend,
                       usage=Usage(prompt_tokens=usage.prompt_tokens)) for i in range(k)]
    return _batch(done, usage, t0, time.perf_counter(), model, backend)


def _batch(completions: list[Completion], usage: Usage, t0: float, t_prompt: float,
           model: str, backend: str, batched: bool = True) -> Batch:
    completions.sort(key=lambda c: c.index)
    total = Usage(prompt_tokens=usage.prompt_tokens, cached_prompt_tokens=usage.cached_prompt_tokens,
                  trimmed_messages=usage.trimmed_messages,
                  completion_tokens=sum(c.usage.completion_tokens for c in completions),
                  drafted_tokens=sum(c.usage.drafted_tokens for c in completions),
                  accepted_tokens=sum(c.usage.accepted_tokens for c in completions))
    t_end = time.perf_counter()
    firsts = [c.timings.time_to_first_token for c in completions if c.usage.completion_tokens]
    ttft = min(firsts) if firsts else t_end - t0
    timings = Timings(time_to_first_token=ttft, prompt_seconds=t_prompt - t0,
                      decode_seconds=max(t_end - t0 - ttft, 0.0), total_seconds=t_end - t0)
    return Batch(completions, total, timings, model, backend, batched)


def sequential(generate: Callable[[Sequence[dict], GenerationOptions, Stream], Completion],
               messages: Sequence[dict], options: Sequence[GenerationOptions], stream: Stream,
               model: str = "", backend: str = "") -> Batch:
    """The batch as K requests one after another, for backends without batched decoding.
    Same result shape; ``batched`` is False and the prompt is counted once per sequence."""
    t0 = time.perf_counter()
    completions: list[Completion] = []
    usage = Usage()
    for i, opts in enumerate(options):
        if stream.cancel_token.cancelled:
            completions.append(Completion(text="", finish_reason="cancelled", index=i, model=model,
                                          backend=backend))
            continue
        one = Stream(stream.cancel_token)
        one.emit = _Tagged(stream, i).emit  # deltas go straight to the batch's stream
        c = generate(messages, opts, one)
        c.index = i
        usage.prompt_tokens += c.usage.prompt_tokens
        usage.cached_prompt_tokens += c.usage.cached_prompt_tokens
        completions.append(c)
    return _batch(completions, usage, t0, t0 + sum(c.timings.prompt_seconds for c in completions),
                  model or (completions[0].model if completions else ""),
                  backend or (completions[0].backend if completions else ""), batched=False)
