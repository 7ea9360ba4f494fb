"""Backend ``mlx``: MLX model folders and GGUF files on Apple GPUs, NVIDIA GPUs or (tests) CPU.

mlx-lm supplies the model classes (every MoE family it knows: qwen3_moe, mixtral,
olmoe, deepseek, gpt_oss, ...) and the KV caches; the decode loop, prefix reuse,
prompt-lookup drafting and JSON-schema masking are ours (spark_nb.engine.decode).
The worker thread that builds this backend also runs it: MLX streams are per thread.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Sequence

from spark_nb._extras import require
from spark_nb.engine import chat_template, devices
from spark_nb.engine.batch import cancelled_batch, decode_batch
from spark_nb.engine.decode import TokenOutput, completion, fit_prompt, generate_tokens
from spark_nb.engine.prefix_cache import MIN_RESTORE_GAIN as _MIN_RESTORE_GAIN
from spark_nb.engine.prefix_cache import PrefixCache, common_prefix
from spark_nb.engine.registry import Resolved
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import BackendInfo, Batch, Completion, GenerationOptions
from spark_nb.errors import BackendError, ModelFileError, OptionsError

_OPTIONS = ("allow_cpu", "cache_bytes", "cache_states", "n_ctx", "prefill_step", "quantize_bits")


class _Cancelled(Exception):
    pass


def _check_memory(nbytes: int, what: str) -> None:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return
    if nbytes > 0.85 * total:
        raise ModelFileError(
            f"{what} needs about {nbytes / 1e9:.1f} GB but this machine has "
            f"{total / 1e9:.1f} GB of memory; pick a smaller or more quantized model"
        )


class Backend:
    """An mlx-lm model with our decode loop and several saved prompt caches."""

    name = "mlx"

    def __init__(self, resolved: Resolved, settings: EngineSettings, *,
                 allow_cpu: bool | None = None, n_ctx: int | None = None,
                 cache_states: int = 4, cache_bytes: int = 1 << 30,
                 prefill_step: int | None = None, quantize_bits: int | None = None,
                 **unknown: Any) -> None:
        if unknown:
            raise OptionsError(f"unknown option(s) for the mlx backend: {', '.join(sorted(unknown))}; "
                               f"valid options are: {', '.join(_OPTIONS)}")
        mx = require("mlx.core", "mlx", "the MLX backend")
        require("mlx_lm", "mlx", "the MLX backend")
        self.mx = mx
        self.device = devices.mlx_device()
        if allow_cpu is None:
            allow_cpu = os.environ.get("SPARK_NB_MLX_CPU", "") not in ("", "0")
        if self.device == "cpu" and not allow_cpu:
            raise BackendError(
                "MLX has no GPU on this machine (no Apple Silicon, no CUDA build): its CPU "
                "kernels are for tests only (about 2 tokens/s on a 0.5B model). Use "
                "backend='llama_cpp' here, or pass allow_cpu=True (SPARK_NB_MLX_CPU=1) to insist."
            )
        mx.set_default_device(mx.cpu if self.device == "cpu" else mx.gpu)
        try:
            folder = self._folder(resolved, quantize_bits)
            from mlx_lm.utils import load

            try:
                self.model, self.tokenizer = load(str(folder))
            except (FileNotFoundError, ValueError) as exc:
                raise ModelFileError(f"mlx-lm could not load {folder}: {exc}") from exc
        except BaseException:
            mx.clear_streams()  # this thread ends now: its streams must go with it
            raise
        if self.device == "cpu":
            # fp32 is the only fast-enough dtype on MLX's scalar CPU kernels.
            self.model.set_dtype(mx.float32)
        from mlx_lm.models.cache import can_trim_prompt_cache, make_prompt_cache

        self._make_cache = lambda: make_prompt_cache(self.model)
        self.cache = self._make_cache()
        self.trimmable = can_trim_prompt_cache(self.cache)
        self._live: list[int] = []
        self.states = PrefixCache(max_entries=cache_states, max_bytes=cache_bytes)
        self.prefill_step = prefill_step or (128 if self.device == "cpu" else 512)
        trained = getattr(getattr(self.model, "args", None), "max_position_embeddings", None)
        self.n_ctx = min(n_ctx or settings.n_ctx, trained or 1 << 30)
        self._eos = set(self.tokenizer.eos_token_ids)
        hf = self.tokenizer._tokenizer
        hf.model_max_length = 1 << 30  # we trim to the context ourselves; silence its warning
        self._template = getattr(hf, "chat_template", None)
        self._bos = hf.bos_token or ""
        self._eos_text = hf.eos_token or ""
        self._lltok = None
        config = getattr(self.model, "args", None)
        self.info = BackendInfo(
            backend=self.name, model=resolved.name,
            device={"metal": "gpu (Metal)", "cuda": "gpu (CUDA)"}.get(self.device, "cpu (tests only)"),
            context_length=self.n_ctx, path=str(folder),
            details={"architecture": getattr(config, "model_type", ""),
                     "experts": int(getattr(config, "num_experts", 0) or getattr(config, "num_local_experts", 0) or 0)},
        )

    def _folder(self, resolved: Resolved, quantize_bits: int | None) -> Path:
        path = resolved.path
        if path is None:
            raise ModelFileError(f"model {resolved.name!r} has no local file or folder to load")
        if path.is_dir():
            size = sum(p.stat().st_size for p in path.glob("*.safetensors"))
            _check_memory(size * (2 if self.device == "cpu" else 1), f"model {resolved.name}")
            return path
        from spark_nb.engine.gguf_convert import convert_gguf

        # GGUF weights are dequantized: fp32 on the CPU; on a GPU fp16 re-quantized to 8 bits
        # (4 bits on top of the GGUF's own 4-bit rounding loses too much on small models).
        on_cpu = self.device == "cpu"
        _check_memory(path.stat().st_size * (8 if on_cpu else 2), f"converting {resolved.name}")
        return convert_gguf(path, dtype="float32" if on_cpu else "float16",
                            quantize_bits=None if on_cpu else (quantize_bits or 8))

    # -- tokens ------------------------------------------------------------------
    def tokenize(self, text: str) -> list[int]:
        return list(self.tokenizer._tokenizer.encode(text, add_special_tokens=False))

    def prompt_tokens(self, messages: Sequence[dict[str, str]]) -> list[int]:
        return self.tokenize(chat_template.render(self._template, messages, bos_token=self._bos,
                                                  eos_token=self._eos_text))

    def is_eog(self, token: int) -> bool:
        return token in self._eos

    # -- cache --------------------------------------------------------------------
    def truncate(self, n: int) -> None:
        if n < len(self._live):
            from mlx_lm.models.cache import trim_prompt_cache

            trim_prompt_cache(self.cache, len(self._live) - n)
            del self._live[n:]

    def _save_state(self, group: str | None = None) -> None:
        if not self.trimmable or len(self._live) < 32:
            return
        # Slices are new arrays: later in-place cache updates cannot change them.
        saved = [(c.keys[..., : c.offset, :], c.values[..., : c.offset, :]) for c in self.cache]
        self.mx.eval(saved)
        self.states.put(self._live, saved, sum(k.nbytes + v.nbytes for k, v in saved), group)

    def _restore(self, tokens: tuple[int, ...], saved) -> None:
        self.cache = self._make_cache()
        for c, (k, v) in zip(self.cache, saved):
            c.keys, c.values, c.offset = k[...], v[...], k.shape[2]
        self._live = list(tokens)

    def _reuse_prefix(self, tokens: list[int]) -> int:
        if not self.trimmable:
            self.cache, self._live = self._make_cache(), []
            return 0
        n_live = common_prefix(self._live, tokens)
        entry, n_entry = self.states.lookup(tokens)
        if entry is not None and n_entry >= n_live + _MIN_RESTORE_GAIN:
            self._restore(entry.tokens, entry.state)
            n_live = n_entry
        reuse = min(n_live, len(tokens) - 1)
        self.truncate(reuse)
        return reuse

    def reset(self) -> None:
        self.cache, self._live = self._make_cache(), []
        self.states.clear()

    # -- forward ------------------------------------------------------------------
    def forward(self, tokens: Sequence[int], all_logits: bool):
        mx = self.mx
        logits = self.model(mx.array([list(tokens)], dtype=mx.int32), cache=self.cache)
        self._live.extend(tokens)
        return logits[0] if all_logits else logits[0, -1:]

    def _prefill(self, tokens: list[int], start: int, cancel) -> Any:
        """Fill the cache with ``tokens[start:]``; return the last position's logits."""
        mx = self.mx
        # All but the last token only fill the cache: their logits are never evaluated,
        # so MLX's lazy graph skips the output projection for them.
        for i in range(start, len(tokens) - 1, self.prefill_step):
            if cancel.cancelled:
                raise _Cancelled()
            chunk = tokens[i : min(i + self.prefill_step, len(tokens) - 1)]
            self.model(mx.array([chunk], dtype=mx.int32), cache=self.cache)
            self._live.extend(chunk)
            mx.eval([c.state for c in self.cache])
        if cancel.cancelled:
            raise _Cancelled()
        return self.forward(tokens[-1:], all_logits=False)

    # -- the request ----------------------------------------------------------------
    def generate(self, messages: Sequence[dict[str, str]], options: GenerationOptions,
                 stream: Stream) -> Completion:
        t0 = time.perf_counter()
        cancel = stream.cancel_token
        tokens, usage = fit_prompt(self.prompt_tokens, messages, options, self.n_ctx)
        detok = self.tokenizer.detokenizer
        detok.reset()

        def text_of(token: int) -> str:
            detok.add_token(token)
            return detok.last_segment

        def flush() -> str:
            detok.finalize()
            return detok.last_segment

        out = TokenOutput(stream, options, text_of, flush)
        ops = _Ops(self, options)
        try:
            start = self._reuse_prefix(tokens)
            usage.cached_prompt_tokens = start
            ops.set_logits(self._prefill(tokens, start, cancel))
            t_prompt = time.perf_counter()
            if options.draft and not self.trimmable:
                options = GenerationOptions(**{**options.__dict__, "draft": None})
            generate_tokens(ops, tokens, options, out, usage, cancel)
        except _Cancelled:
            out.finish_reason = "cancelled"
            t_prompt = time.perf_counter()
        finally:
            ops.finish()
        self._save_state(options.cache_group)
        return completion(out, usage, t0, t_prompt, self.info.model, self.name)

    def generate_batch(self, messages: Sequence[dict[str, str]], options: Sequence[GenerationOptions],
                       stream: Stream) -> Batch:
        """K answers to one prompt: the prompt computed once (with prefix reuse), its cache
        repeated into K rows, then one forward pass of shape (K, 1) per step.

        Each sequence has its own sampler, seed, stop strings, token limit and JSON
        schema. Afterwards the cache holds the prompt and sequence 0's tokens, as after
        a single request (see :mod:`~spark_nb.engine.backends.mlx_batch`).
        """
        from spark_nb.engine.backends.mlx_batch import BatchRun

        t0 = time.perf_counter()
        widest = max(options, key=lambda o: o.max_tokens)
        tokens, usage = fit_prompt(self.prompt_tokens, messages, widest, self.n_ctx)
        try:
            start = self._reuse_prefix(tokens)
            usage.cached_prompt_tokens = start
            try:
                logits = self._prefill(tokens, start, stream.cancel_token)
            except _Cancelled:
                return cancelled_batch(len(options), usage, t0, self.info.model, self.name)
            t_prompt = time.perf_counter()
            run = BatchRun(self, options, tokens, logits)
            return decode_batch(run, options, stream, run.decoders(), usage, t0, t_prompt,
                                self.info.model, self.name)
        finally:
            self._save_state(options[0].cache_group)

    def lltokenizer(self):
        if self._lltok is None:
            llg_hf = require("llguidance.hf", "mlx", "JSON-schema output on MLX")
            self._lltok = llg_hf.from_tokenizer(self.tokenizer._tokenizer)
        return self._lltok

    def close(self) -> None:
        self.states.clear()
        self.cache = self.model = None
        # MLX streams belong to the thread that made them and must be destroyed by it
        # before the thread ends, or the process can abort at exit.
        self.mx.synchronize()
        self.mx.clear_streams()


def at_exit() -> None:
    """Destroy the main thread's MLX streams before the interpreter shuts down."""
    import sys

    mx = sys.modules.get("mlx.core")
    if mx is not None:
        mx.clear_streams()


class _Ops:
    """The decode loop's view of the MLX backend for one request."""

    def __init__(self, backend: Backend, options: GenerationOptions) -> None:
        from mlx_lm.sample_utils import make_sampler

        self.b = backend
        self.mx = backend.mx
        self.n_ctx = backend.n_ctx
        self.max_batch = backend.prefill_step
        self.greedy = options.temperature <= 0
        self.sampler = None if self.greedy else make_sampler(temp=options.temperature, top_p=options.top_p)
        if options.seed is not None:
            self.mx.random.seed(options.seed)
        self.schema = options.json_schema
        self.constraint = None
        self.logits = None
        self._argmax = None
        self._picks: list[int] | None = None
        # Plain greedy decoding runs one step ahead, like mlx-lm: the next forward pass
        # is queued on the lazily computed token before Python learns its value.
        self.lookahead = self.greedy and self.schema is None and not options.draft
        self._ahead = None

    def set_logits(self, logits) -> None:
        self.logits, self._picks = logits, None
        if self.greedy and self.schema is None:
            self._argmax = self.mx.argmax(logits, axis=-1)
            self.mx.async_eval(self._argmax)  # computes while the loop shows text

    def _queue_ahead(self) -> None:
        mx = self.mx
        logits = self.b.model(self._argmax[-1:][None].astype(mx.int32), cache=self.b.cache)[0, -1:]
        argmax = mx.argmax(logits, axis=-1)
        mx.async_eval(argmax)
        self._ahead = (logits, argmax)

    def _drop_ahead(self) -> None:
        """Forget the queued step: its token leaves the cache."""
        if self._ahead is not None:
            from mlx_lm.models.cache import trim_prompt_cache

            trim_prompt_cache(self.b.cache, 1)
            self._ahead = None

    def finish(self) -> None:
        self._drop_ahead()

    @property
    def n_live(self) -> int:
        return len(self.b._live)

    def forward(self, tokens: Sequence[int], all_logits: bool) -> None:
        if self._ahead is not None and len(tokens) == 1 and tokens[0] == self._picks[-1]:
            # The queued step is exactly this one: it is already in the cache.
            self.b._live.append(tokens[0])
            self.logits, self._argmax = self._ahead
            self._ahead, self._picks = None, None
            return
        self._drop_ahead()
        self.set_logits(self.b.forward(tokens, all_logits))

    def sample(self, index: int) -> int:
        if self.greedy and self.schema is None:
            if self._picks is None:
                if self.lookahead:
                    self._queue_ahead()
                self._picks = self._argmax.tolist()
            return self._picks[index]
        mx = self.mx
        row = self.logits[index].astype(mx.float32)
        if self.schema is not None:
            if self.constraint is None:
                from spark_nb.engine.json_constraint import JsonConstraint

                self.constraint = JsonConstraint(self.b.lltokenizer(), self.schema, row.shape[-1])
            if self.constraint.finished:
                return next(iter(self.b._eos))
            row = mx.where(mx.array(self.constraint.allowed()), row, -float("inf"))
        if self.greedy:
            token = int(mx.argmax(row).item())
        else:
            logprobs = row - mx.logsumexp(row)
            token = int(self.sampler(logprobs[None]).item())
        if self.constraint is not None:
            self.constraint.consume(token)
        return token

    def truncate(self, n: int) -> None:
        self._drop_ahead()
        self.b.truncate(n)

    def is_eog(self, token: int) -> bool:
        return self.b.is_eog(token)
