"""The engine: one loaded model behind a worker thread, one interface for every backend."""

from __future__ import annotations

import atexit
import threading
from typing import Any, Sequence

from spark_nb.engine import backends
from spark_nb.engine.backends import backend_class
from spark_nb.engine.registry import Resolved, resolve
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import (
    BackendInfo,
    Completion,
    GenerationOptions,
    Message,
    normalize_messages,
)
from spark_nb.engine.worker import Worker


class Engine:
    """A model loaded by its backend on a thread of its own.

    ``stream()`` returns at once with a :class:`Stream`; ``complete()`` waits for the
    result. Requests are served in order; cancel one with ``stream.cancel()``.
    """

    def __init__(self, resolved: Resolved, settings: EngineSettings | None = None,
                 **backend_options: Any) -> None:
        self.resolved = resolved
        self.settings = settings or EngineSettings()
        cls = backend_class(resolved.backend)
        self._worker = Worker(
            lambda: cls(resolved, self.settings, **backend_options),
            name=f"spark-nb:{resolved.name}",
        )

    def wait_loaded(self, timeout: float | None = None) -> "Engine":
        """Block until the model is loaded; raise the loading error if it failed."""
        self._worker.loaded.result(timeout)
        return self

    @property
    def info(self) -> BackendInfo:
        return self._worker.loaded.result().info

    @property
    def backend(self) -> Any:
        """The backend object (runs on the worker thread; do not call it from here)."""
        return self._worker.loaded.result()

    def stream(self, messages: str | Sequence[Message], **options: Any) -> Stream:
        """Start a chat completion; iterate the stream for text, ``wait()`` for usage."""
        opts = GenerationOptions.from_kwargs(**options)
        msgs = normalize_messages(messages)
        stream = Stream()
        return self._worker.submit(lambda b, s: b.generate(msgs, opts, s), stream)

    def complete(self, messages: str | Sequence[Message], **options: Any) -> Completion:
        """Run a chat completion to the end and return it."""
        return self.stream(messages, **options).wait()

    def call(self, fn, timeout: float | None = None) -> Any:
        """Run ``fn(backend)`` on the worker thread, in order with requests."""
        box: dict[str, Any] = {}
        stream = Stream()

        def job(backend, _s):
            box["value"] = fn(backend)
            return Completion(text="", finish_reason="stop")

        self._worker.submit(job, stream).wait(timeout)
        return box.get("value")

    def reset(self) -> None:
        """Drop reusable prompt state, so the next request is computed from scratch."""
        self.call(lambda backend: getattr(backend, "reset", lambda: None)())

    def close(self) -> None:
        self._worker.stop()
        with _lock:
            for k, v in list(_engines.items()):
                if v is self:
                    del _engines[k]

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_engines: dict[tuple, Engine] = {}
_lock = threading.Lock()


def get_engine(model: str | None = None, *, backend: str | None = None,
               settings: EngineSettings | None = None, **backend_options: Any) -> Engine:
    """The engine for ``model`` (default: the configured default model), loaded once.

    ``model`` is a registry name (``spark-nb models`` lists them), a path to a GGUF file,
    or ``openai:NAME`` for a model on an OpenAI-compatible server. Raises a clear
    error when the model is unknown, not installed or its file is corrupt.
    """
    settings = settings or EngineSettings()
    resolved = resolve(model, settings, backend)
    key = (resolved, tuple(sorted(backend_options.items())), repr(settings))
    with _lock:  # two threads asking at once share one engine
        engine = _engines.get(key)
        if engine is None or not engine._worker.alive:
            engine = _engines[key] = Engine(resolved, settings, **backend_options)
    try:
        engine.wait_loaded()
    except BaseException:
        with _lock:
            if _engines.get(key) is engine:
                del _engines[key]
        engine._worker.stop(timeout=0)
        raise
    return engine


def close_all() -> None:
    """Close every engine (at interpreter exit, so no model thread outlives Python)."""
    with _lock:
        engines = list(_engines.values())
    for engine in engines:
        engine.close()
    backends.at_exit()


atexit.register(close_all)


def models() -> list[dict[str, Any]]:
    """Every model in the registry with its backend, size and whether it is installed."""
    from spark_nb.engine.devices import default_local_backend
    from spark_nb.engine.registry import MODELS, installed

    return [
        {
            "name": s.name,
            "backend": default_local_backend() if s.pack is not None else s.backend,
            "size": s.size,
            "installed": installed(s),
            "moe": s.moe,
            "description": s.description,
        }
        for s in MODELS.values()
    ]
