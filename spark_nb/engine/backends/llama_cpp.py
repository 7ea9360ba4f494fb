"""Backend ``llama_cpp``: GGUF models on any CPU (and GPUs llama.cpp was built for).

We drive llama.cpp's context directly rather than through ``llama_cpp.Llama`` so that
we own the decode loop: prompt chunks that can be aborted, several saved KV states for
prefix reuse, prompt-lookup drafts verified in one batch, and exact usage accounting.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import os
import time
from typing import Sequence

from spark_nb._extras import require
from spark_nb.engine import chat_template
from spark_nb.engine.batch import MAX_CANDIDATES, cancelled_batch, decode_batch
from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.decode import TokenOutput, completion, fit_prompt, generate_tokens
from spark_nb.engine.prefix_cache import MIN_CACHED_TOKENS as _MIN_CACHED_TOKENS
from spark_nb.engine.prefix_cache import MIN_RESTORE_GAIN as _MIN_RESTORE_GAIN
from spark_nb.engine.prefix_cache import PrefixCache, common_prefix
from spark_nb.engine.registry import Resolved
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Batch, BackendInfo, Completion, GenerationOptions
from spark_nb.errors import ModelFileError, OptionsError

GGUF_MAGIC = b"GGUF"
_initialized = False


def check_gguf(path: os.PathLike | str) -> None:
    """Fail clearly on a file that is not a complete GGUF model."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc.strerror}") from exc
    if head != GGUF_MAGIC:
        raise ModelFileError(
            f"{path} is not a GGUF model file (it does not start with 'GGUF'); "
            "it may be corrupt or another format"
        )


class _Aborter:
    """A flag llama.cpp polls while it computes a prompt chunk."""

    def __init__(self, lib, cancel: CancelToken | None = None) -> None:
        self.cancel = cancel
        self.callback = lib.ggml_abort_callback(self._poll)

    def _poll(self, _data) -> bool:
        return self.cancel is not None and self.cancel.cancelled


def _has_amx(lib) -> bool:
    """Whether this llama.cpp build puts matrix products on Intel AMX on this CPU.

    With llama-cpp-python 0.3.36 built natively on a Sapphire Rapids VM, AMX crashed the
    process (SIGSEGV in ``ggml_backend_amx_mul_mat``) at the first prompt. AMX is reached
    through llama.cpp's extra weight buffers, so the backend leaves those off where the
    build reports AMX (``extra_buffers=True`` turns them back on). Elsewhere they stay on:
    they also hold the repacked weights that speed up decoding on AVX2 and AVX-512 CPUs.
    ``make test`` builds llama.cpp without AMX on such CPUs (the Makefile), which keeps them.
    """
    try:
        info = lib.llama_print_system_info().decode("ascii", "replace")
    except Exception:  # noqa: BLE001 - an older binding: assume no AMX
        return False
    return "AMX_INT8 = 1" in info


class Backend:
    """GGUF through llama.cpp, one context, seq 0, states saved for prefix reuse."""

    name = "llama_cpp"

    def __init__(
        self,
        resolved: Resolved,
        settings: EngineSettings,
        *,
        n_ctx: int | None = None,
        n_threads: int | None = None,
        n_batch: int = 512,
        cache_states: int = 4,
        cache_bytes: int = 1 << 30,
        flash_attn: bool = True,
        n_seq_max: int = MAX_CANDIDATES,
        extra_buffers: bool | None = None,
        verbose: bool = False,
        **unknown: object,
    ) -> None:
        global _initialized
        if unknown:
            raise OptionsError(
                f"unknown option(s) for the llama_cpp backend: {', '.join(sorted(unknown))}; "
                "valid options are: cache_bytes, cache_states, extra_buffers, flash_attn, n_batch, "
                "n_ctx, n_seq_max, n_threads, verbose"
            )
        lib = require("llama_cpp", "llamacpp", "the llama.cpp backend")
        from llama_cpp import _internals
        from llama_cpp._logger import set_verbose

        if resolved.path is None:
            raise ModelFileError(f"model {resolved.name!r} has no local file to load")
        check_gguf(resolved.path)
        set_verbose(verbose)
        if not _initialized:
            lib.llama_backend_init()
            _initialized = True
        self._lib = lib
        self.resolved = resolved
        mparams = _internals.LlamaModel.default_params()
        if hasattr(mparams, "use_extra_bufts"):
            mparams.use_extra_bufts = (not _has_amx(lib)) if extra_buffers is None else extra_buffers
        try:
            self._model = _internals.LlamaModel(
                path_model=str(resolved.path), params=mparams, verbose=verbose
            )
        except ValueError as exc:
            raise ModelFileError(
                f"llama.cpp could not load {resolved.path}: the file is truncated, corrupt, "
                "or of an architecture this llama.cpp build does not know"
            ) from exc
        self.n_threads = n_threads or settings.n_threads or os.cpu_count() or 1
        ctx_len = min(n_ctx or settings.n_ctx, self._model.n_ctx_train())
        cparams = _internals.LlamaContext.default_params()
        cparams.n_ctx = ctx_len
        cparams.n_batch = n_batch
        cparams.n_ubatch = n_batch
        # Sequences 1.. hold the candidates of a batch. One unified cache of n_ctx cells
        # serves them all: a copied prompt is shared, not duplicated, and a single request
        # keeps the whole context (per-sequence caches would split it n_seq_max ways).
        cparams.n_seq_max = max(1, n_seq_max)
        if hasattr(cparams, "kv_unified"):
            cparams.kv_unified = True
        cparams.n_threads = self.n_threads
        cparams.n_threads_batch = self.n_threads
        cparams.no_perf = True
        cparams.flash_attn_type = (
            lib.LLAMA_FLASH_ATTN_TYPE_ENABLED if flash_attn else lib.LLAMA_FLASH_ATTN_TYPE_DISABLED
        )
        self._ctx = _internals.LlamaContext(model=self._model, params=cparams, verbose=verbose)
        self._batch = _internals.LlamaBatch(n_tokens=n_batch, embd=0, n_seq_max=1, verbose=verbose)
        self.n_seq_max = cparams.n_seq_max
        self.n_vocab = self._model.n_vocab()
        self._internals = _internals
        self.n_ctx = self._ctx.n_ctx()
        self.n_batch = n_batch
        self._vocab = self._model.vocab
        self._mem = self._ctx.memory
        meta = self._model.metadata()
        self._template = meta.get("tokenizer.chat_template")
        self._bos = self._token_text(self._model.token_bos())
        self._eos = self._token_text(self._model.token_eos())
        self._add_bos = self._model.add_bos_token()
        self._piece_buf = ctypes.create_string_buffer(256)
        self._pieces: dict[int, bytes] = {}
        self._live: list[int] = []  # tokens whose keys/values are in seq 0, in order
        self.cache = PrefixCache(max_entries=cache_states, max_bytes=cache_bytes)
        self._aborter = _Aborter(lib)
        self._no_abort = lib.ggml_abort_callback(0)
        gpu = lib.llama_supports_gpu_offload() and mparams.n_gpu_layers > 0
        self.info = BackendInfo(
            backend=self.name,
            model=resolved.name,
            device=("gpu" if gpu else "cpu") + f" ({self.n_threads} threads)",
            context_length=self.n_ctx,
            path=str(resolved.path),
            details={
                "architecture": meta.get("general.architecture", ""),
                "description": self._model.desc(),
                "parameters": self._model.n_params(),
                "experts": int(meta.get(f"{meta.get('general.architecture', '')}.expert_count", 0) or 0),
            },
        )

    # -- tokens ----------------------------------------------------------------------
    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._model.token_get_text(token)

    def piece(self, token: int) -> bytes:
        """The bytes a token stands for (control tokens stand for nothing)."""
        cached = self._pieces.get(token)
        if cached is None:
            n = self._lib.llama_token_to_piece(self._vocab, token, self._piece_buf, 256, 0, False)
            cached = self._piece_buf.raw[: max(n, 0)]
            self._pieces[token] = cached
        return cached

    def tokenize(self, text: str) -> list[int]:
        add_bos = self._add_bos and not (self._bos and text.startswith(self._bos))
        return self._model.tokenize(text.encode("utf-8"), add_bos, True)

    def prompt_tokens(self, messages: Sequence[dict[str, str]]) -> list[int]:
        text = chat_template.render(self._template, messages, bos_token=self._bos, eos_token=self._eos)
        return self.tokenize(text)

    def is_eog(self, token: int) -> bool:
        return bool(self._lib.llama_vocab_is_eog(self._vocab, token))

    # -- KV state ----------------------------------------------------------------------
    def _truncate(self, n: int) -> None:
        """Keep the first ``n`` tokens of seq 0."""
        if n < len(self._live):
            self._lib.llama_memory_seq_rm(self._mem, 0, n, -1)
            del self._live[n:]

    def _save_state(self, group: str | None = None, seq: int = 0,
                    tokens: Sequence[int] | None = None) -> None:
        """Keep sequence ``seq``'s state (holding ``tokens``; seq 0's live tokens by default)
        for prefix reuse."""
        tokens = self._live if tokens is None else tokens
        if len(tokens) < _MIN_CACHED_TOKENS:
            return
        size = self._lib.llama_state_seq_get_size(self._ctx.ctx, seq)
        buf = (ctypes.c_uint8 * size)()
        written = self._lib.llama_state_seq_get_data(self._ctx.ctx, buf, size, seq)
        if written:
            self.cache.put(tokens, buf, written, group)

    def _restore_state(self, tokens: tuple[int, ...], buf) -> bool:
        self._lib.llama_memory_seq_rm(self._mem, 0, -1, -1)
        self._live = []
        if not self._lib.llama_state_seq_set_data(self._ctx.ctx, buf, len(buf), 0):
            return False
        self._live = list(tokens)
        return True

    def _reuse_prefix(self, tokens: list[int]) -> int:
        """Bring the longest known prefix of ``tokens`` into seq 0; return its length."""
        n_live = common_prefix(self._live, tokens)
        entry, n_entry = self.cache.lookup(tokens)
        if entry is not None and n_entry >= n_live + _MIN_RESTORE_GAIN:
            if self._restore_state(entry.tokens, entry.state):
                n_live = n_entry
            else:
                n_live = 0
        reuse = min(n_live, len(tokens) - 1)  # the last token is evaluated for logits
        self._truncate(reuse)
        return reuse

    def _decode(self, tokens: Sequence[int], logits_all: bool) -> None:
        self._batch.set_batch(tokens, len(self._live), logits_all)
        rc = self._lib.llama_decode(self._ctx.ctx, self._batch.batch)
        if rc != 0:
            if rc == 2:  # aborted: drop whatever part of the chunk was written
                self._lib.llama_memory_seq_rm(self._mem, 0, len(self._live), -1)
                raise _Aborted()
            raise RuntimeError(f"llama_decode failed with code {rc}")
        self._live.extend(tokens)

    def _eval_prompt(self, tokens: list[int], start: int, cancel: CancelToken) -> None:
        # llama.cpp polls the abort callback at every graph node: worth it for a prompt
        # chunk (seconds), far too costly per generated token, so it is set only here.
        self._aborter.cancel = cancel
        self._lib.llama_set_abort_callback(self._ctx.ctx, self._aborter.callback, None)
        try:
            for i in range(start, len(tokens), self.n_batch):
                if cancel.cancelled:
                    raise _Aborted()
                self._decode(tokens[i : i + self.n_batch], logits_all=False)
        finally:
            self._lib.llama_set_abort_callback(self._ctx.ctx, self._no_abort, None)
            self._aborter.cancel = None

    # -- sampling ------------------------------------------------------------------------
    def _sampler(self, options: GenerationOptions):
        smpl = self._internals.LlamaSampler()
        if options.json_schema is not None:
            from llama_cpp.llama_grammar import LlamaGrammar

            try:
                grammar = LlamaGrammar.from_json_schema(json.dumps(options.json_schema), verbose=False)
            except Exception as exc:
                raise OptionsError(f"json_schema cannot be turned into a grammar: {exc}") from exc
            smpl.add_grammar(self._model, grammar)
        if options.temperature <= 0:
            smpl.add_greedy()
        else:
            if options.top_p < 1.0:
                smpl.add_top_p(options.top_p, 1)
            smpl.add_temp(options.temperature)
            seed = options.seed if options.seed is not None else int.from_bytes(os.urandom(4), "little")
            smpl.add_dist(seed)
        return smpl

    # -- the request -----------------------------------------------------------------------
    def generate(
        self, messages: Sequence[dict[str, str]], options: GenerationOptions, stream: Stream
    ) -> Completion:
        t0 = time.perf_counter()
        cancel = stream.cancel_token
        tokens, usage = fit_prompt(self.prompt_tokens, messages, options, self.n_ctx)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        out = TokenOutput(stream, options, lambda t: decoder.decode(self.piece(t)),
                          lambda: decoder.decode(b"", final=True))
        sampler = self._sampler(options)
        try:
            start = self._reuse_prefix(tokens)
            usage.cached_prompt_tokens = start
            self._eval_prompt(tokens, start, cancel)
            t_prompt = time.perf_counter()
            generate_tokens(_Ops(self, sampler), tokens, options, out, usage, cancel)
        except _Aborted:
            out.finish_reason = "cancelled"
            t_prompt = out.t_first or time.perf_counter()
        finally:
            sampler.close()
        self._save_state(options.cache_group)
        return completion(out, usage, t0, t_prompt, self.resolved.name, self.name)

    def generate_batch(self, messages: Sequence[dict[str, str]], options: Sequence[GenerationOptions],
                       stream: Stream) -> Batch:
        """K answers to one prompt: the prompt computed once in seq 0, its cells shared with
        seqs 1..K-1 by ``llama_memory_seq_cp``, then one ``llama_decode`` per step."""
        from spark_nb.engine.backends.llama_cpp_batch import BatchRun

        if len(options) > self.n_seq_max:
            raise OptionsError(f"this model was loaded for at most {self.n_seq_max} sequences "
                               f"in a batch, not {len(options)}")
        t0 = time.perf_counter()
        cancel = stream.cancel_token
        widest = max(options, key=lambda o: o.max_tokens)
        tokens, usage = fit_prompt(self.prompt_tokens, messages, widest, self.n_ctx)
        run = BatchRun(self, options, len(tokens))
        try:
            start = self._reuse_prefix(tokens)
            usage.cached_prompt_tokens = start
            self._eval_prompt(tokens, start, cancel)
            t_prompt = time.perf_counter()
            run.fork()
            return decode_batch(run, options, stream, run.decoders(), usage, t0, t_prompt,
                                self.resolved.name, self.name)
        except _Aborted:
            return cancelled_batch(len(options), usage, t0, self.resolved.name, self.name)
        finally:
            run.close()
            self._save_state(options[0].cache_group)

    def run_session(self, session) -> None:
        """Serve a :class:`~spark_nb.engine.session.Session` until it is empty: requests
        join the running decode at the next step (continuous batching)."""
        from spark_nb.engine.backends.llama_cpp_session import SessionRun

        SessionRun(self, session).run()

    def reset(self) -> None:
        """Forget every computed prefix: the next request starts cold."""
        self._truncate(0)
        self.cache.clear()

    def close(self) -> None:
        self.cache.clear()
        self._batch.close()
        self._ctx.close()
        self._model.close()


class _Aborted(Exception):
    """Prompt processing was cancelled."""


class _Ops:
    """The decode loop's view of this backend for one request."""

    def __init__(self, backend: Backend, sampler) -> None:
        self.b = backend
        self.sampler = sampler
        self.n_ctx = backend.n_ctx
        self.max_batch = backend.n_batch

    @property
    def n_live(self) -> int:
        return len(self.b._live)

    def forward(self, tokens: Sequence[int], all_logits: bool) -> None:
        self.b._decode(tokens, logits_all=all_logits)

    def sample(self, index: int) -> int:
        # llama.cpp's sampler chain (grammar included) also accepts the token it picks.
        return self.sampler.sample(self.b._ctx, index)

    def truncate(self, n: int) -> None:
        self.b._truncate(n)

    def is_eog(self, token: int) -> bool:
        return self.b.is_eog(token)
