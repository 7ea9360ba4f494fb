"""The llama.cpp side of a session (continuous batching, :mod:`spark_nb.engine.session`).

Every sequence of every running request has a sequence id of the one context. A request
is admitted when it fits next to the others (its prompt and every sequence's
``max_tokens``, counted against the context's cells): its prompt is computed into its
first sequence, starting from the saved state sharing the longest prefix (restored into
that sequence), and copied to its other sequences with ``llama_memory_seq_cp``. Each
step then fills one ``llama_batch`` with a token of every running sequence. A finished
request's first sequence is saved for prefix reuse (with its client's group) and its
sequences are freed. Admission happens before every step, so a request that arrives
while others decode waits one step, not for them to finish.
"""

from __future__ import annotations

import codecs
import time
from dataclasses import dataclass, field

from spark_nb.engine.backends.llama_cpp_batch import fill, logprob
from spark_nb.engine.batch import _Tagged, _batch
from spark_nb.engine.decode import TokenOutput, completion, fit_prompt
from spark_nb.engine.prefix_cache import MIN_RESTORE_GAIN
from spark_nb.engine.session import Joining, Session
from spark_nb.engine.types import Completion, Usage



@dataclass
class _Seq:
    id: int
    out: TokenOutput
    sampler: object
    usage: Usage
    pending: int = -1
    pending_logprob: float = 0.0
    logprob_sum: float = 0.0
    tokens: list[int] = field(default_factory=list)  # forwarded after the prompt
    done: object = None  # its Completion once finished


@dataclass
class _Running:
    joining: Joining
    prompt: list[int]
    usage: Usage
    seqs: list[_Seq]
    need: int  # cells reserved: the prompt and every sequence's max_tokens
    t0: float
    t_prompt: float = 0.0


class SessionRun:
    """A session on one llama.cpp backend, run on its worker thread."""

    def __init__(self, backend, session: Session) -> None:
        self.b, self.session = backend, session
        self.free = list(range(backend.n_seq_max))
        self.running: list[_Running] = []
        self.held: list[Joining] = []  # offered, waiting for room
        self.reserved = 0

    # -- the loop ------------------------------------------------------------------------
    def run(self) -> None:
        b = self.b
        b._truncate(0)  # seq 0's tokens are in the saved states; the session uses every id
        b._live = []
        error: BaseException | None = None
        try:
            while True:
                self._admit()
                if not self.running:
                    if self.session.close_if_idle(len(self.held)):
                        return
                    time.sleep(0.002)  # a request is being offered
                    continue
                self._step()
        except BaseException as exc:
            error = exc
            raise
        finally:
            for r in list(self.running):
                if error is None:
                    self._finish(r, "cancelled")
                else:
                    self.running.remove(r)
                    r.joining.stream.fail(error)
            for joining in self.held + self.session.close_now():
                joining.stream.fail(error or RuntimeError("the session ended before this request ran"))
            b._lib.llama_memory_seq_rm(b._mem, -1, -1, -1)
            b._live = []

    def _admit(self) -> None:
        while True:
            joining = self.held.pop(0) if self.held else self.session.take()
            if joining is None:
                return
            if joining.stream.cancel_token.cancelled:
                self._refuse(joining)
                continue
            widest = max(joining.options, key=lambda o: o.max_tokens)
            prompt, usage = fit_prompt(self.b.prompt_tokens, joining.messages, widest, self.b.n_ctx)
            need = min(len(prompt) + sum(o.max_tokens for o in joining.options), self.b.n_ctx)
            k = len(joining.options)
            if self.running and (self.reserved + need > self.b.n_ctx or k > len(self.free)):
                self.held.insert(0, joining)  # the oldest waits for room; no overtaking
                return
            if k > len(self.free):  # alone it can never fit in this context
                joining.stream.fail(ValueError(f"{k} sequences do not fit in {self.b.n_seq_max}"))
                continue
            self._start(joining, prompt, usage, need)

    def _start(self, joining: Joining, prompt: list[int], usage: Usage, need: int) -> None:
        b = self.b
        t0 = joining.offered  # time spent waiting for room counts in its timings
        ids = [self.free.pop(0) for _ in joining.options]
        seqs = []
        for i, (sid, opts) in enumerate(zip(ids, joining.options)):
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            target = _Tagged(joining.stream, i) if joining.batch else joining.stream
            out = TokenOutput(target, opts, lambda t, d=decoder: d.decode(b.piece(t)),
                              lambda d=decoder: d.decode(b"", final=True))
            seqs.append(_Seq(sid, out, b._sampler(opts),
                             Usage(prompt_tokens=usage.prompt_tokens, trimmed_messages=usage.trimmed_messages)))
        run = _Running(joining, prompt, usage, seqs, need, t0)
        self.running.append(run)
        self.reserved += need
        try:
            start = self._restore(ids[0], prompt, joining.options[0].cache_group)
            usage.cached_prompt_tokens = start
            for s in seqs:
                s.usage.cached_prompt_tokens = start
            last = self._prefill(ids[0], prompt, start, joining)
        except _Cancelled:
            self._finish(run, "cancelled")
            return
        for s in seqs[1:]:
            b._lib.llama_memory_seq_cp(b._mem, ids[0], s.id, -1, -1)
        run.t_prompt = time.perf_counter()
        for s in seqs:
            s.pending = s.sampler.sample(b._ctx, last)
            s.out.first_token()
            if joining.batch:  # candidates are ranked by it; a single answer needs none
                s.pending_logprob = logprob(b, last, s.pending)

    def _restore(self, sid: int, prompt: list[int], group) -> int:
        b = self.b
        entry, n = b.cache.lookup(prompt)
        if entry is None or n < MIN_RESTORE_GAIN:
            return 0
        if not b._lib.llama_state_seq_set_data(b._ctx.ctx, entry.state, len(entry.state), sid):
            b._lib.llama_memory_seq_rm(b._mem, sid, -1, -1)
            return 0
        reuse = min(n, len(prompt) - 1)  # the last token is computed for its logits
        b._lib.llama_memory_seq_rm(b._mem, sid, reuse, -1)
        return reuse

    def _prefill(self, sid: int, prompt: list[int], start: int, joining: Joining) -> int:
        """Compute ``prompt[start:]`` into sequence ``sid``; the row of its last logits."""
        b = self.b
        batch = b._batch.batch
        row = 0
        for i in range(start, len(prompt), b.n_batch):
            if joining.stream.cancel_token.cancelled:
                raise _Cancelled()
            chunk = prompt[i:i + b.n_batch]
            fill(batch, [(token, i + j, sid, j == len(chunk) - 1) for j, token in enumerate(chunk)])
            rc = b._lib.llama_decode(b._ctx.ctx, batch)
            if rc != 0:
                raise RuntimeError(f"llama_decode failed with code {rc} computing a prompt")
            row = len(chunk) - 1
        return row

    def _step(self) -> None:
        b = self.b
        step: list[tuple[_Running, _Seq]] = []
        for run in list(self.running):
            if run.joining.stream.cancel_token.cancelled:
                self._finish(run, "cancelled")
                continue
            for s in run.seqs:
                if s.done is not None:
                    continue
                token = s.pending
                if b.is_eog(token):
                    self._seq_done(run, s, "stop")
                    continue
                s.logprob_sum += s.pending_logprob
                if not s.out.push(token, s.usage):
                    self._seq_done(run, s, None)
                    continue
                step.append((run, s))
            if all(s.done is not None for s in run.seqs):
                self._finish(run, None)
        if not step:
            return
        batch = b._batch.batch
        fill(batch, [(s.pending, len(run.prompt) + len(s.tokens), s.id, True) for run, s in step])
        rc = b._lib.llama_decode(b._ctx.ctx, batch)
        if rc != 0:  # no room left in the cache: the longest request ends here
            longest = max(self.running, key=lambda r: len(r.prompt) + max(len(s.tokens) for s in r.seqs))
            for s in longest.seqs:
                if s.done is None:
                    self._seq_done(longest, s, "length")
            self._finish(longest, None)
            return
        for j, (run, s) in enumerate(step):
            s.tokens.append(s.pending)
            s.pending = s.sampler.sample(b._ctx, j)
            if run.joining.batch:
                s.pending_logprob = logprob(b, j, s.pending)

    # -- the end of a sequence and of a request ------------------------------------------
    def _seq_done(self, run: _Running, s: _Seq, reason: str | None) -> None:
        if reason is not None:
            s.out.finish_reason = reason
        n = s.usage.completion_tokens
        c = completion(s.out, s.usage, run.t0, run.t_prompt or time.perf_counter(),
                       self.b.resolved.name, self.b.name)
        c.index, c.logprob = run.seqs.index(s), (s.logprob_sum / n if n else None)
        s.done = c

    def _finish(self, run: _Running, reason: str | None) -> None:
        if run not in self.running:
            return
        b = self.b
        for s in run.seqs:
            if s.done is None:
                self._seq_done(run, s, reason or "cancelled")
        first = run.seqs[0]
        if first.done.finish_reason != "cancelled":
            b._save_state(run.joining.options[0].cache_group, first.id, run.prompt + first.tokens)
        for s in run.seqs:
            b._lib.llama_memory_seq_rm(b._mem, s.id, -1, -1)
            s.sampler.close()
            self.free.append(s.id)
        self.free.sort()
        self.running.remove(run)
        self.reserved -= run.need
        done = [s.done for s in run.seqs]
        if run.joining.batch:
            t_prompt = run.t_prompt or time.perf_counter()
            run.joining.stream.finish(_batch(done, run.usage, run.t0, t_prompt, b.resolved.name, b.name))
        else:
            run.joining.stream.finish(done[0])

    def _refuse(self, joining: Joining) -> None:
        joining.stream.finish(Completion(text="", finish_reason="cancelled", model=self.b.resolved.name,
                                         backend=self.b.name))


class _Cancelled(Exception):
    """A request was cancelled while its prompt was computed."""
