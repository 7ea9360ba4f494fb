"""The MLX side of a batch: K rows of one KV cache, one forward pass of shape (K, 1) a step.

The prompt is computed once, with prefix reuse, in the backend's own batch-1 cache.
Every layer's cache is then copied once with its arrays repeated K times along the
batch axis (mlx-lm's keys and values are ``(batch, heads, positions, dim)``); all rows
stand at the same position, so no padding or mask is needed. The backend's cache is
not written to while the batch runs.

A finished sequence's row is sliced out of the cache before the next step, so later
steps compute only the rows still running (one gather per step in which some sequence
finished; dummy tokens in finished rows would instead cost a full row every step).

Sampling is per sequence. Greedy takes the row's argmax of the raw logits, as a single
request does. Sampled sequences (temperature, top-p) draw with a key of their own,
``mx.random.key(seed)`` split once per step, so a rerun with the same seeds gives the
same answers whatever else the process samples. Each token's log-probability is the
log-softmax of the raw logits at it. A JSON schema is honoured per sequence, each with
its own :class:`~spark_nb.engine.json_constraint.JsonConstraint`.

Afterwards the backend keeps sequence 0's row as its batch-1 cache: the prompt and
the tokens sequence 0 forwarded, with ``_live`` to match, as after a single request;
prefix reuse and saved states work on it unchanged.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Sequence

from spark_nb.engine.types import GenerationOptions


def map_cache(cache: list, fn: Callable[[Any], Any]) -> list:
    """New cache objects whose arrays are ``fn(array)``; the given ones are left alone.

    Every mlx-lm cache (KVCache, RotatingKVCache, QuantizedKVCache, ArraysCache,
    CacheList) keeps the batch axis first in each array of its ``state``.
    """
    from mlx.utils import tree_map

    import mlx.core as mx

    out = []
    for c in cache:
        new = copy.copy(c)  # keeps the class and its settings (step, window, bits)
        new.state = tree_map(lambda a: fn(a) if isinstance(a, mx.array) else a, c.state)
        out.append(new)
    return out


def cache_arrays(cache: list) -> list:
    """Every array a cache holds, to evaluate them."""
    from mlx.utils import tree_flatten

    import mlx.core as mx

    return [a for c in cache for _, a in tree_flatten(c.state) if isinstance(a, mx.array)]


class BatchRun:
    """One batched request on the MLX backend (see :class:`~spark_nb.engine.batch.BatchOps`)."""

    def __init__(self, backend, options: Sequence[GenerationOptions], prompt: Sequence[int],
                 logits) -> None:
        mx = self.mx = backend.mx
        self.b = backend
        self.options = list(options)
        self.k = len(self.options)
        self.prompt = list(prompt)
        # Each row holds its own copy of the prompt: the cache is K rows of n_ctx cells,
        # and a step needs one free cell in every row.
        self.n_ctx = self.k * backend.n_ctx
        self.steps = 0
        self.rows = list(range(self.k))  # the running sequences, in row order
        self.cache_rows = list(self.rows)  # the sequence each row of self.cache holds
        self.tokens0: list[int] = []  # what sequence 0 forwarded, for the backend's cache
        self.logits = logits  # (rows, vocab); one row for the prompt, shared by all
        self.picks: dict[int, tuple[int, float]] | None = None
        self.keys = [None if o.temperature <= 0 else
                     mx.random.key(o.seed if o.seed is not None else _fresh_seed(mx))
                     for o in self.options]
        self.constraints: list[Any] = [None] * self.k
        self.eos = next(iter(backend._eos))
        self.cache = map_cache(backend.cache, lambda a: mx.repeat(a, self.k, axis=0))
        mx.eval(cache_arrays(self.cache))

    def decoders(self):
        out = []
        for _ in range(self.k):
            detok = self.b.tokenizer.detokenizer  # a fresh copy on each access

            def text_of(token: int, d=detok) -> str:
                d.add_token(token)
                return d.last_segment

            def flush(d=detok) -> str:
                d.finalize()
                return d.last_segment

            out.append((text_of, flush))
        return out

    def used(self) -> int:
        return self.k * (len(self.prompt) + self.steps)

    def is_eog(self, token: int) -> bool:
        return self.b.is_eog(token)

    # -- sampling -----------------------------------------------------------------------
    def sample(self, seq: int, row: int) -> tuple[int, float]:
        # Every running sequence's token is chosen at its first request after a forward
        # pass, so the device is synchronised once per step rather than once per row.
        if self.picks is None:
            self.picks = self._pick_all()
        return self.picks[seq]

    def _pick_all(self) -> dict[int, tuple[int, float]]:
        mx = self.mx
        logits = self.logits.astype(mx.float32)
        logprobs = logits - mx.logsumexp(logits, axis=-1, keepdims=True)
        shared = logits.shape[0] == 1
        rows = [0 if shared else r for r in range(len(self.rows))]
        chosen = mx.stack([self._choose(seq, logits[r]).astype(mx.int32)
                           for seq, r in zip(self.rows, rows)])
        logprob = logprobs[mx.array(rows), chosen]
        mx.eval(chosen, logprob)
        picks = dict(zip(self.rows, zip(chosen.tolist(), logprob.tolist())))
        for seq, (token, _) in picks.items():
            c = self.constraints[seq]
            if c is not None and not c.finished:
                c.consume(token)
        return picks

    def _choose(self, seq: int, row):
        """Sequence ``seq``'s next token (lazy) from its row of raw float32 logits."""
        mx = self.mx
        o = self.options[seq]
        if o.json_schema is not None:
            c = self._constraint(seq, row.shape[-1])
            if c.finished:
                return mx.array(self.eos)
            row = mx.where(mx.array(c.allowed()), row, -float("inf"))
        if o.temperature <= 0:
            return mx.argmax(row)
        from mlx_lm.sample_utils import apply_top_p

        self.keys[seq], key = mx.random.split(self.keys[seq])
        logprobs = row - mx.logsumexp(row)
        if o.top_p < 1.0:
            logprobs = apply_top_p(logprobs, o.top_p)
        return mx.random.categorical(logprobs * (1.0 / o.temperature), key=key)

    def _constraint(self, seq: int, vocab: int):
        if self.constraints[seq] is None:
            from spark_nb.engine.json_constraint import JsonConstraint

            self.constraints[seq] = JsonConstraint(self.b.lltokenizer(),
                                                   self.options[seq].json_schema, vocab)
        return self.constraints[seq]

    # -- the cache ------------------------------------------------------------------------
    def step(self, tokens: Sequence[tuple[int, int]]) -> None:
        mx = self.mx
        feed = dict(tokens)
        if [seq for seq, _ in tokens] != self.rows:
            raise RuntimeError("a batch step must forward every running sequence, in order")
        if self.cache_rows != self.rows:
            keep = mx.array([self.cache_rows.index(seq) for seq in self.rows])
            self.cache = map_cache(self.cache, lambda a: a[keep])
            self.cache_rows = list(self.rows)
        x = mx.array([feed[seq] for seq in self.rows], dtype=mx.int32)[:, None]
        self.logits = self.b.model(x, cache=self.cache)[:, -1, :]
        self.picks = None
        self.steps += 1
        if 0 in feed:
            self.tokens0.append(feed[0])

    def drop(self, seq: int) -> None:
        if seq == 0:
            self._keep_row(self.cache_rows.index(0))
        self.rows.remove(seq)

    def _keep_row(self, r: int) -> None:
        """Make sequence 0's row the backend's batch-1 cache, before later steps change it."""
        cache = map_cache(self.cache, lambda a: a[r : r + 1])
        self.mx.eval(cache_arrays(cache))
        self.b.cache = cache
        self.b._live = self.prompt + self.tokens0


def _fresh_seed(mx) -> int:
    """A seed from MLX's global generator, for sampled sequences given none."""
    return int(mx.random.randint(0, 1 << 30, ()).item())
