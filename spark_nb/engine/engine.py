"""The engine: one loaded model behind a worker thread, one interface for every backend."""

from __future__ import annotations

import atexit
import dataclasses
import threading
import time
from typing import Any, Mapping, Sequence

from spark_nb.engine import backends
from spark_nb.engine.backends import backend_class
from spark_nb.engine.batch import check_options, sequential
from spark_nb.engine.choice import LARGE_NEEDS, Choice, Machine, announce, choose
from spark_nb.engine.registry import Resolved, resolve
from spark_nb.engine.session import Session
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import (
    BackendInfo,
    Batch,
    Completion,
    GenerationOptions,
    Message,
    candidate_options,
    normalize_messages,
)
from spark_nb.engine.worker import Worker


class Engine:
    """A model loaded by its backend on a thread of its own.

    ``stream()`` returns at once with a :class:`Stream`; ``complete()`` waits for the
    result. Requests are served in order; cancel one with ``stream.cancel()``.
    """

    def __init__(self, resolved: Resolved, settings: EngineSettings | None = None, *,
                 served: bool = False, **backend_options: Any) -> None:
        self.resolved = resolved
        self.settings = settings or EngineSettings()
        self.served = served  # True: the model runs in the per-user model server
        cls = backend_class("served" if served else resolved.backend)
        self._info: BackendInfo | None = None
        self._worker = Worker(
            lambda: cls(resolved, self.settings, **backend_options),
            name=f"spark-nb:{resolved.name}",
        )

    def wait_loaded(self, timeout: float | None = None) -> "Engine":
        """Block until the model is loaded (again, if it was freed); raise the loading error."""
        self._info = self._worker.ensure_loaded().result(timeout).info
        return self

    @property
    def info(self) -> BackendInfo:
        if self._info is None:
            self.wait_loaded()
        return self._info

    @property
    def backend(self) -> Any:
        """The backend object (runs on the worker thread; do not call it from here)."""
        return self._worker.ensure_loaded().result()

    @property
    def loaded(self) -> bool:
        """True while the model is in memory (False once freed while idle)."""
        return self._worker.loaded.done() and not self._worker.unloaded

    def unload(self) -> None:
        """Free the model's memory if it is idle; the next request loads it again."""
        self._worker.unload()

    def stream(self, messages: str | Sequence[Message], *, into: Stream | None = None,
               **options: Any) -> Stream:
        """Start a chat completion; iterate the stream for text, ``wait()`` for usage.

        ``into``: the :class:`Stream` to use (a subclass may send deltas elsewhere, as
        the model server does); by default a new one."""
        opts = GenerationOptions.from_kwargs(**options)
        msgs = normalize_messages(messages)
        stream = into if into is not None else Stream()
        return self._worker.submit(lambda b, s: b.generate(msgs, opts, s), stream)

    def complete(self, messages: str | Sequence[Message], **options: Any) -> Completion:
        """Run a chat completion to the end and return it."""
        return self.stream(messages, **options).wait()

    def stream_batch(self, messages: str | Sequence[Message], n: int = 4, *,
                     sequences: Sequence[Mapping[str, Any]] | None = None,
                     into: Stream | None = None, **options: Any) -> Stream:
        """Start ``n`` answers to one prompt, decoded together in one batch.

        Without ``sequences``: the first answer is greedy and the others sampled
        (``temperature``, default 0.7; ``top_p``, default 0.95; seeds ``seed + i``), see
        :func:`~spark_nb.engine.types.candidate_options`. With ``sequences``: one dict of
        options per answer, over the shared ``options``. Iterating the stream gives
        ``(index, text)`` pairs; ``wait()`` gives a :class:`~spark_nb.engine.types.Batch`.
        The prompt is computed once and shared (with prefix reuse); a cancel ends all of
        them within one step. Prompt-lookup drafting is not used in a batch. ``into``: as
        for :meth:`stream`.
        """
        opts = _sequence_options(n, sequences, options)
        msgs = normalize_messages(messages)
        stream = into if into is not None else Stream()

        def job(backend, s):
            batch = getattr(backend, "generate_batch", None)
            if batch is None:
                return sequential(backend.generate, msgs, opts, s)
            return batch(msgs, opts, s)

        return self._worker.submit(job, stream)

    def complete_batch(self, messages: str | Sequence[Message], n: int = 4, **options: Any) -> Batch:
        """Run :meth:`stream_batch` to the end and return the :class:`Batch`."""
        return self.stream_batch(messages, n, **options).wait()

    def run_session(self, session: Session) -> Stream:
        """Serve ``session`` on the worker thread until it is empty (continuous batching:
        see :mod:`spark_nb.engine.session`); the returned stream ends with it. Backends
        without sessions (MLX, openai) refuse: check :attr:`has_sessions` first."""
        stream = Stream()

        def job(backend, _s):
            backend.run_session(session)
            return Completion(text="", finish_reason="stop")

        return self._worker.submit(job, stream)

    @property
    def has_sessions(self) -> bool:
        """Whether this engine's backend runs sessions (llama.cpp, in this process)."""
        return not self.served and self.resolved.backend in SESSION_BACKENDS

    def offer(self, session: Session, messages: str | Sequence[Message], *, into: Stream,
              sequences: Sequence[Mapping[str, Any]] | None = None, **options: Any) -> bool:
        """Offer one request (``sequences``: a batch of candidates, as for
        :meth:`stream_batch`) to a running ``session``; False when it has ended.
        Prompt-lookup drafting is not used in a session."""
        msgs = normalize_messages(messages)
        options = {k: v for k, v in options.items() if k != "draft"}
        if sequences is None:
            return session.add(msgs, [GenerationOptions.from_kwargs(**options)], into)
        return session.add(msgs, _sequence_options(len(sequences), sequences, options), into, batch=True)

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


def _sequence_options(n: int, sequences: Sequence[Mapping[str, Any]] | None,
                      options: Mapping[str, Any]) -> list[GenerationOptions]:
    """Per-sequence options of a batch: ``sequences`` over the shared ``options``, or the
    candidates' defaults; no drafting in a batch."""
    if sequences is not None:
        opts = [GenerationOptions.from_kwargs(**{**options, **dict(seq)}) for seq in sequences]
    else:
        opts = candidate_options(n, **options)
    return check_options([o if o.draft is None else dataclasses.replace(o, draft=None) for o in opts])


_engines: dict[tuple, Engine] = {}
_lock = threading.Lock()
REAP_EVERY = 30.0  # seconds between looks for idle models
LOCAL_BACKENDS = ("llama_cpp", "mlx")
SESSION_BACKENDS = ("llama_cpp",)  # backends with run_session (continuous batching)


def get_engine(model: str | None = None, *, task: str = "code", backend: str | None = None,
               settings: EngineSettings | None = None, **backend_options: Any) -> Engine:
    """The engine for ``model``, loaded once and shared.

    Without ``model``, the model chosen for ``task`` ("code", "fix", "chart", "report",
    "summary", "complete") by the settings (``SPARK_NB_MODEL_<TASK>``, then
    ``SPARK_NB_MODEL``) or else by this machine: the 1.5B coder for code, fixes, charts
    and reports where about 4 GB are free, the 0.5B for latency-critical tasks (see
    ``spark-nb models``). ``model`` is a registry name, a path to a GGUF file or MLX
    folder, or ``openai:NAME`` for a model on an OpenAI-compatible server. Raises a clear
    error when the model is unknown, not installed or its file is corrupt.
    """
    settings = settings or EngineSettings()
    if model is None and backend != "openai" and settings.backend != "openai":
        choice = chosen(task, settings)
        announce(choice)
        model = choice.model
    resolved = resolve(model, settings, backend)
    served = _served(resolved, settings, backend_options)
    if served:  # the server schedules report exports after interactive requests
        backend_options = {"priority": "background" if task == "report" else "interactive"}
    key = (resolved, tuple(sorted(backend_options.items())), settings.load_key(), served)
    with _lock:  # two threads asking at once share one engine
        engine = _engines.get(key)
        if engine is None or not engine._worker.alive:
            if not served:
                _make_room(resolved)
            engine = _engines[key] = Engine(resolved, settings, served=served, **backend_options)
            _start_reaper()
    try:
        engine.wait_loaded()
    except BaseException:
        with _lock:
            if _engines.get(key) is engine:
                del _engines[key]
        engine._worker.stop(timeout=0)
        raise
    return engine


def _served(resolved: Resolved, settings: EngineSettings, backend_options: Mapping[str, Any]) -> bool:
    """Whether ``resolved`` runs in the per-user model server: a local model, the setting
    not "off", no backend options of this caller's own (those need its own copy), and
    the ``server`` extra installed."""
    from spark_nb.engine import server_link

    return (settings.server != "off" and resolved.backend in LOCAL_BACKENDS
            and not backend_options and server_link.available())


def chosen(task: str = "code", settings: EngineSettings | None = None) -> Choice:
    """The model ``task`` uses when none is named (the settings, then this machine), without
    loading it."""
    settings = settings or EngineSettings()
    return choose(task, models=settings.models, everything=settings.model, loaded=loaded_models())


def loaded_models() -> set[str]:
    """Names of the models loaded in this process now."""
    with _lock:
        return {e.resolved.name for e in _engines.values() if e._worker.alive and e.loaded}


def _make_room(resolved: Resolved) -> None:
    """Before loading another model, free idle ones if memory would not hold both."""
    size = resolved.spec.size if resolved.spec is not None else _file_size(resolved.path)
    if not size or resolved.backend == "openai":
        return
    if Machine.detect().available_bytes >= 1.5 * size + LARGE_NEEDS // 4:
        return
    for engine in _engines.values():
        if engine.resolved != resolved and engine.loaded and engine._worker.idle_for() > 0:
            engine.unload()


def _file_size(path) -> int:
    try:
        return path.stat().st_size if path is not None and path.is_file() else 0
    except OSError:
        return 0


_reaper: threading.Thread | None = None


def _start_reaper() -> None:
    """One daemon thread frees models idle longer than their ``idle_unload`` seconds."""
    global _reaper
    if _reaper is None or not _reaper.is_alive():
        _reaper = threading.Thread(target=_reap_forever, name="spark-nb-idle", daemon=True)
        _reaper.start()


def _reap_forever() -> None:
    while True:
        time.sleep(REAP_EVERY)
        reap_idle()


def reap_idle() -> list[Engine]:
    """Free every loaded model idle longer than its setting allows; return those freed."""
    with _lock:
        engines = list(_engines.values())
    freed = []
    for engine in engines:
        limit = engine.settings.idle_unload
        if limit > 0 and engine.loaded and engine._worker.idle_for() > limit:
            engine.unload()
            freed.append(engine)
    return freed


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
