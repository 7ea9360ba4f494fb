"""Backend ``served``: a local model run by the per-user model server (``spark-nb serve``).

One server per user holds each model once for every kernel (see docs/engine.md). This
backend is the kernel's side: the ``openai`` backend over the server's Unix socket, with
spark_nb's own request fields (K candidates in one request, prompt-lookup drafting,
priorities). It starts the server when none runs. When the server cannot be started, or
speaks another version, or dies and cannot be started again, the model loads in this
process instead, with one line saying so.
"""

from __future__ import annotations

import dataclasses
import os
import time
import warnings
from typing import Any, Sequence

from spark_nb.engine import server_link
from spark_nb.engine.backends import backend_class
from spark_nb.engine.backends.openai import Backend as OpenAIBackend
from spark_nb.engine.backends.openai import ConnectionFailedError, _State
from spark_nb.engine.batch import _batch
from spark_nb.engine.registry import Resolved
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import BackendInfo, Batch, Completion, GenerationOptions, Timings, Usage
from spark_nb.errors import BackendError, OptionsError

PRIORITIES = ("interactive", "background")


class ServerFallbackWarning(UserWarning):
    """The model server could not be used: the model runs in this process instead."""


class Backend:
    """A model of the per-user server, with the in-process backend as the fallback."""

    name = "served"

    def __init__(self, resolved: Resolved, settings: EngineSettings, *,
                 priority: str = "interactive", **unknown: Any) -> None:
        if unknown:
            raise OptionsError(f"unknown option(s) for the served backend: {', '.join(sorted(unknown))}; "
                               "valid options are: priority")
        if priority not in PRIORITIES:
            raise OptionsError(f"priority must be one of {', '.join(PRIORITIES)}, not {priority!r}")
        self.resolved, self.settings, self.priority = resolved, settings, priority
        self.local: Any = None  # the in-process backend, once the server could not be used
        self.remote: OpenAIBackend | None = None
        try:
            self._connect()
        except BackendError as exc:
            self._fall_back(str(exc))

    # -- the connection ------------------------------------------------------------------
    def _model_id(self) -> str:
        """What the server resolves: the registry name, else the file or folder."""
        spec = self.resolved.spec
        if spec is not None or self.resolved.path is None:
            return self.resolved.name
        return os.fspath(self.resolved.path)

    def _connect(self) -> None:
        status = server_link.ensure(self.settings.server_idle)
        problem = server_link.mismatch(status)
        if problem:
            raise BackendError(problem)
        quiet = dataclasses.replace(self.settings, openai_api_key=None, openai_platform_key=None,
                                    openai_base_url=None)
        remote = Resolved(name=self.resolved.name, backend="openai", remote=self._model_id())
        headers = {"X-Spark-NB-Client": f"kernel-{os.getpid()}",
                   "X-Spark-NB-Priority": self.priority,
                   "X-Spark-NB-Backend": self.resolved.backend,
                   server_link.VERSION_HEADER: server_link.version()}
        self.remote = OpenAIBackend(remote, quiet, base_url=server_link.BASE_URL,
                                    uds=str(server_link.socket_path()), headers=headers,
                                    extensions=True, retries=0)
        self.info = BackendInfo(backend=self.name, model=self.resolved.name,
                                device=f"spark-nb serve ({self.resolved.backend}, pid "
                                       f"{status.body.get('pid', '?')})",
                                path=os.fspath(self.resolved.path or ""),
                                details={"socket": str(server_link.socket_path())})

    def _fall_back(self, reason: str) -> None:
        warnings.warn(f"spark_nb: the model server is not used ({reason}); {self.resolved.name} "
                      "loads in this process instead", ServerFallbackWarning, stacklevel=2)
        if self.remote is not None:
            self.remote.close()
            self.remote = None
        self.local = backend_class(self.resolved.backend)(self.resolved, self.settings)
        self.info = self.local.info

    def _call(self, run, stream: Stream):
        """``run(remote, stream)``; a server that is gone before answering is started again
        (once) and asked again, else the model loads here."""
        if self.local is not None:
            return None
        seen = _Watched(stream)
        try:
            return run(self.remote, seen)
        except ConnectionFailedError as exc:
            if seen.emitted or exc.started:
                raise BackendError("the model server stopped in the middle of this answer; "
                                   "ask again (the next request starts it again)") from exc
        try:
            self._connect()
            return run(self.remote, stream)
        except BackendError as exc:
            self._fall_back(f"it stopped, and starting it again failed: {exc}")
            return None

    # -- requests --------------------------------------------------------------------------
    def generate(self, messages: Sequence[dict[str, str]], options: GenerationOptions,
                 stream: Stream) -> Completion:
        result = self._call(lambda remote, s: remote.generate(messages, options, s), stream)
        if result is None:
            return self.local.generate(messages, options, stream)
        result.backend = self.name
        return result

    def generate_batch(self, messages: Sequence[dict[str, str]], options: Sequence[GenerationOptions],
                       stream: Stream) -> Batch:
        """K answers in one request; the server decodes them together in one batch."""
        result = self._call(lambda remote, s: _one_request(remote, messages, options, s), stream)
        if result is not None:
            return result
        return self.local.generate_batch(messages, options, stream)  # llama_cpp and mlx have it

    def reset(self) -> None:
        if self.local is not None:
            getattr(self.local, "reset", lambda: None)()

    def close(self) -> None:
        for part in (self.remote, self.local):
            if part is not None:
                part.close()


class _Watched(Stream):
    """Passes deltas on to ``stream`` and remembers whether any went out."""

    def __init__(self, stream: Stream) -> None:
        super().__init__(stream.cancel_token)
        self.target, self.emitted = stream, False

    def emit(self, text) -> None:
        if text:
            self.emitted = True
            self.target.emit(text)


def _one_request(remote: OpenAIBackend, messages, options: Sequence[GenerationOptions],
                 stream: Stream) -> Batch:
    """K sequences in one request (``spark_sequences``); choices stream tagged by index."""
    t0 = time.perf_counter()
    body = remote._body(messages, options[0])
    body["n"] = len(options)
    body["spark_sequences"] = [
        {"max_tokens": o.max_tokens, "temperature": o.temperature, "top_p": o.top_p,
         "stop": list(o.stop), "seed": o.seed} for o in options]
    state = remote._run(body, stream, _Choices(len(options)))
    if state.finish_reason == "cancelled":
        state.reasons = ["cancelled"] * len(options)
    t_end = time.perf_counter()
    done = []
    for i in range(len(options)):
        info = state.spark.get(i, {})
        first = state.firsts.get(i, t_end)
        done.append(Completion(
            text="".join(state.texts[i]), finish_reason=state.reasons[i] or "stop",
            usage=Usage(completion_tokens=int(info.get("completion_tokens", len(state.texts[i])))),
            timings=Timings(time_to_first_token=first - t0, prompt_seconds=first - t0,
                            decode_seconds=t_end - first, total_seconds=t_end - t0),
            model=remote.model, backend="served", index=i, logprob=info.get("logprob")))
    usage = state.usage()
    prompt = Usage(prompt_tokens=usage.prompt_tokens, cached_prompt_tokens=usage.cached_prompt_tokens)
    t_prompt = min(state.firsts.values()) if state.firsts else t_end
    return _batch(done, prompt, t0, t_prompt, remote.model, "served",
                  batched=bool(state.batched))


class _Choices(_State):
    """The events of a request with K choices: text, finish reason and figures per index."""

    def __init__(self, k: int) -> None:
        super().__init__()
        self.texts: list[list[str]] = [[] for _ in range(k)]
        self.reasons: list[str | None] = [None] * k
        self.firsts: dict[int, float] = {}
        self.spark: dict[int, dict] = {}
        self.batched = False

    def feed(self, chunk: dict | None, stream: Stream) -> bool:
        if chunk is not None:
            for choice in chunk.get("choices") or ():
                i = choice.get("index", 0)
                if not isinstance(i, int) or not 0 <= i < len(self.texts):
                    raise BackendError(f"the model server sent a choice {i!r} of a batch of "
                                       f"{len(self.texts)}")
                text = (choice.get("delta") or {}).get("content") or ""
                if text:
                    self.firsts.setdefault(i, time.perf_counter())
                    self.texts[i].append(text)
                    stream.emit((i, text))
                reason = choice.get("finish_reason")
                if reason:
                    self.reasons[i] = reason if reason in ("length", "cancelled") else "stop"
                if isinstance(choice.get("spark"), dict):
                    self.spark[i] = choice["spark"]
            self.batched = self.batched or bool((chunk.get("spark") or {}).get("batched"))
            chunk = {k: v for k, v in chunk.items() if k != "choices"}
        return super().feed(chunk, stream)
