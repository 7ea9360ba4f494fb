"""The llama.cpp side of a batch: K sequences sharing one computed prompt.

After the prompt is in sequence 0, ``llama_memory_seq_cp`` adds sequences 1..K-1 to the
same cells (the unified cache shares them; nothing is copied). Each step fills one
``llama_batch`` with a token per running sequence, at that sequence's own position and
id, with logits for every row; each sequence samples its row with its own sampler chain.
"""

from __future__ import annotations

import codecs
import ctypes
from typing import Sequence

import numpy as np

from spark_nb.engine.types import GenerationOptions


def logprob(backend, row: int, token: int) -> float:
    """The log-probability of ``token`` under row ``row`` of the last decode's logits."""
    ptr = backend._lib.llama_get_logits_ith(backend._ctx.ctx, row)
    logits = np.ctypeslib.as_array(ptr, shape=(backend.n_vocab,))
    top = float(logits.max())
    return float(logits[token]) - top - float(np.log(np.exp(logits - top).sum()))


def fill(batch, rows: Sequence[tuple[int, int, int, bool]]) -> None:
    """Fill a ``llama_batch`` with ``(token, position, sequence, wants_logits)`` rows."""
    for j, (token, pos, seq, wants) in enumerate(rows):
        batch.token[j] = token
        batch.pos[j] = pos
        batch.n_seq_id[j] = 1
        batch.seq_id[j][0] = seq
        batch.logits[j] = wants
    batch.n_tokens = len(rows)


class BatchRun:
    """One batched request on a llama.cpp backend (see :class:`~spark_nb.engine.batch.BatchOps`)."""

    def __init__(self, backend, options: Sequence[GenerationOptions], n_prompt: int) -> None:
        self.b = backend
        self.k = len(options)
        self.n_ctx = backend.n_ctx
        self.n_prompt = n_prompt
        self.samplers = [backend._sampler(o) for o in options]
        self.pos = [n_prompt] * self.k  # where each sequence's next token goes
        self.generated = 0  # tokens forwarded for all sequences together
        self.forked = False

    def fork(self) -> None:
        lib, mem = self.b._lib, self.b._mem
        for seq in range(1, self.k):
            lib.llama_memory_seq_rm(mem, seq, -1, -1)
            lib.llama_memory_seq_cp(mem, 0, seq, -1, -1)
        self.forked = True

    def decoders(self):
        out = []
        for _ in range(self.k):
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            out.append((lambda t, d=decoder: d.decode(self.b.piece(t)),
                        lambda d=decoder: d.decode(b"", final=True)))
        return out

    def used(self) -> int:
        return self.n_prompt + self.generated

    def sample(self, seq: int, row: int) -> tuple[int, float]:
        token = self.samplers[seq].sample(self.b._ctx, row)
        return token, logprob(self.b, row, token)

    def step(self, tokens: Sequence[tuple[int, int]]) -> None:
        batch = self.b._batch.batch
        fill(batch, [(token, self.pos[seq], seq, True) for seq, token in tokens])
        rc = self.b._lib.llama_decode(self.b._ctx.ctx, batch)
        if rc != 0:
            raise RuntimeError(f"llama_decode failed with code {rc} in a batch of {len(tokens)}")
        for seq, token in tokens:
            self.pos[seq] += 1
            if seq == 0:  # sequence 0 is the one kept for prefix reuse
                self.b._live.append(token)
        self.generated += len(tokens)

    def drop(self, seq: int) -> None:
        if seq:
            self.b._lib.llama_memory_seq_rm(self.b._mem, seq, -1, -1)

    def is_eog(self, token: int) -> bool:
        return self.b.is_eog(token)

    def close(self) -> None:
        for s in self.samplers:
            s.close()
        if self.forked:
            for seq in range(1, self.k):
                self.b._lib.llama_memory_seq_rm(self.b._mem, seq, -1, -1)
            self._compact()

    def _compact(self) -> None:
        """Give sequence 0 contiguous cells again. The other sequences' tokens left holes
        between its own, and attention over cells laid out otherwise rounds otherwise: a
        later single request would not give the text it gives on a fresh cache."""
        lib, ctx = self.b._lib, self.b._ctx.ctx
        size = lib.llama_state_seq_get_size(ctx, 0)
        buf = (ctypes.c_uint8 * size)()
        written = lib.llama_state_seq_get_data(ctx, buf, size, 0)
        lib.llama_memory_seq_rm(self.b._mem, -1, -1, -1)
        if not written or not lib.llama_state_seq_set_data(ctx, buf, written, 0):
            self.b._live = []  # nothing kept: the next request computes its prompt afresh


