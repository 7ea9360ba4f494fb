"""K answers to one prompt, checked one by one, then grouped by what they produced.

A small model is often wrong in ways that run. Asked for several answers (one greedy,
the others sampled, decoded together in one batch), the right reading is usually the
one most answers agree on: the passing candidates are grouped by the fingerprint of
their dry run (the names they bound and their values, what they printed, the figures
they drew) and the largest group wins (:mod:`spark_nb.assist.consensus`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from spark_nb.assist.checks import CheckResult

DEFAULT_LOCAL = 4  # candidates per request on a local model
SAMPLING = {"temperature": 0.7, "top_p": 0.95}


@dataclass
class Answer:
    """One candidate text from the model."""

    index: int
    text: str
    completion_tokens: int = 0
    logprob: float | None = None
    finish_reason: str = "stop"


@dataclass
class Asked:
    """The answers of one request to the model."""

    answers: list[Answer] = field(default_factory=list)
    prompt_tokens: int = 0
    model: str = ""
    cancelled: bool = False
    batched: bool = False

    @property
    def completion_tokens(self) -> int:
        return sum(a.completion_tokens for a in self.answers)


def default_count(engine: Any) -> int:
    """Candidates for ``engine`` when the caller names none: 4 on a local GPU model (MLX),
    where a batch of 4 costs little more than one answer; 1 on llama.cpp on a CPU, where
    it was measured to cost nearly 4 times as much on 2 cores (docs/benchmarks.md), and 1
    on a remote server (each extra answer is a whole request there). Ask for more with
    ``candidates=`` or ``%spark config candidates=4``."""
    if not hasattr(engine, "stream_batch"):
        return 1
    resolved = getattr(engine, "resolved", None)
    return DEFAULT_LOCAL if getattr(resolved, "backend", "") == "mlx" else 1


def ask(engine: Any, messages: list[dict], k: int, *, max_tokens: int, draft: str | None = None,
        emit: Callable[[str, Any], None], cancel: threading.Event | None = None,
        seed: int = 0) -> Asked:
    """Ask for ``k`` answers (one request when k is 1, else one batch). The first answer's
    text streams as "delta" events; the others' as "candidate_delta" ``(index, text)``."""
    if k <= 1 or not hasattr(engine, "stream_batch"):
        stream = engine.stream(messages, max_tokens=max_tokens, draft=draft)
        for delta in stream:
            if cancel is not None and cancel.is_set():
                stream.cancel()
            emit("delta", delta)
        c = stream.wait()
        return Asked([Answer(0, c.text, c.usage.completion_tokens, getattr(c, "logprob", None),
                             c.finish_reason)], c.usage.prompt_tokens, c.model,
                     cancelled=c.finish_reason == "cancelled" or _set(cancel))
    stream = engine.stream_batch(messages, k, max_tokens=max_tokens, seed=seed, **SAMPLING)
    for index, delta in stream:
        if cancel is not None and cancel.is_set():
            stream.cancel()
        if index == 0:
            emit("delta", delta)
        else:
            emit("candidate_delta", (index, delta))
    batch = stream.wait()
    answers = [Answer(c.index, c.text, c.usage.completion_tokens, c.logprob, c.finish_reason)
               for c in batch.completions]
    return Asked(answers, batch.usage.prompt_tokens, batch.model,
                 cancelled=any(a.finish_reason == "cancelled" for a in answers) or _set(cancel),
                 batched=batch.batched)


def _set(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


def grouping_key(checks: list[CheckResult]) -> tuple[str, dict | None, str]:
    """(key, fingerprint, output) of a passing candidate, from its last dry run or examples."""
    from spark_nb.assist.fingerprint import key

    ran = [c for c in checks if c.name in ("dry_run", "examples")]
    if not ran:
        return key(None, ""), None, ""
    details = ran[-1].details
    fingerprint, output = details.get("fingerprint"), details.get("output", "") or ""
    return key(fingerprint, output), fingerprint, output


def choose(candidates: list, total: int):
    """The consensus over candidates that passed (objects with index, code, checks,
    logprob and passed); None when none passed."""
    from spark_nb.assist.consensus import Scored, choose as group

    scored = []
    for c in candidates:
        if not c.passed:
            continue
        k, fingerprint, output = grouping_key(c.checks)
        c.key = k
        scored.append(Scored(index=c.index, code=c.code, key=k, logprob=c.logprob,
                             fingerprint=fingerprint, output=output))
    return group(scored, total) if scored else None
