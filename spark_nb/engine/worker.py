"""One thread owns a loaded model and serves its requests in order.

Backends such as MLX bind their streams to the thread that created them, so the
worker both loads the model and runs every request on it. Callers submit work and get
a :class:`~spark_nb.engine.stream.Stream` back at once. An idle worker can free its
model (``unload``) and loads it again, on its own thread, when the next request comes.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion
from spark_nb.errors import SparkError

log = logging.getLogger(__name__)

_STOP = object()
_UNLOAD = object()
_LOAD = object()


class EngineClosedError(SparkError):
    """A request reached an engine that was closed."""


class Worker:
    """A daemon thread that builds an object with ``factory`` and then serves jobs."""

    def __init__(self, factory: Callable[[], Any], name: str = "spark-nb-model") -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.loaded: Future = Future()
        self._closing = False
        self._current: Stream | None = None
        self._state = threading.Lock()
        self._pending = 0  # jobs submitted and not finished
        self.unloaded = False  # the model was freed while idle; the next job loads it again
        self.last_used = time.monotonic()
        self._thread = threading.Thread(target=self._run, args=(factory,), name=name, daemon=True)
        self._thread.start()

    def _load(self, factory: Callable[[], Any]) -> Any:
        try:
            owner = factory()
        except BaseException as exc:  # report load failures to whoever waits
            self.loaded.set_exception(exc)
            return None
        self.loaded.set_result(owner)
        return owner

    def _run(self, factory: Callable[[], Any]) -> None:
        owner = self._load(factory)
        if owner is None:
            self._fail_queued(self.loaded.exception())
            return
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            if job is _UNLOAD:
                owner = self._unload(owner)
                continue
            if owner is None:  # freed while idle: load again for this job (or _LOAD)
                with self._state:
                    self.loaded, self.unloaded = Future(), False
                owner = self._load(factory)
                if owner is None:
                    exc = self.loaded.exception()
                    if job is not _LOAD:
                        self._finish(job[1], exc)
                    self._fail_queued(exc)
                    return
            if job is not _LOAD:
                self._serve(owner, *job)
        self._fail_queued(EngineClosedError("the engine was closed before this request ran"))
        _close(owner)

    def _unload(self, owner: Any) -> Any:
        with self._state:
            if owner is None or self._pending or self._closing:
                return owner  # a request came in meanwhile: keep the model
            self.unloaded = True
        _close(owner)
        return None

    def _finish(self, stream: Stream, exc: BaseException | None) -> None:
        stream.fail(exc)
        with self._state:
            self._pending -= 1
            self.last_used = time.monotonic()

    def _serve(self, owner: Any, fn: Callable[[Any, Stream], Any], stream: Stream) -> None:
        self._current = stream
        try:
            if stream.cancel_token.cancelled or self._closing:
                stream.finish(Completion(text="", finish_reason="cancelled"))
            else:
                stream.finish(fn(owner, stream))
        except BaseException as exc:  # the caller gets it from the stream
            log.debug("request failed", exc_info=True)
            stream.fail(exc)
        finally:
            self._current = None
            with self._state:
                self._pending -= 1
                self.last_used = time.monotonic()

    def _fail_queued(self, exc: BaseException) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job not in (_STOP, _UNLOAD, _LOAD):
                self._finish(job[1], exc)

    def submit(self, fn: Callable[[Any, Stream], Any], stream: Stream) -> Stream:
        """Queue ``fn(owner, stream)``; its return value becomes the stream's result."""
        if self._closing:
            stream.fail(EngineClosedError("this engine is closed; get a new one with get_engine()"))
        elif self.loaded.done() and self.loaded.exception() is not None:
            stream.fail(self.loaded.exception())
        else:
            with self._state:
                self._pending += 1
                self.last_used = time.monotonic()
            self._jobs.put((fn, stream))
        return stream

    def unload(self) -> None:
        """Free the model if nothing is running or queued; it loads again when next needed."""
        self._jobs.put(_UNLOAD)

    def ensure_loaded(self) -> Future:
        """The future of the loaded model, asking a freed model to load again."""
        with self._state:
            if self.unloaded and not self._closing:
                self._jobs.put(_LOAD)
            return self.loaded

    def idle_for(self) -> float:
        """Seconds since the last request finished; 0 while one runs or waits."""
        with self._state:
            return 0.0 if self._pending else time.monotonic() - self.last_used

    def stop(self, timeout: float | None = 10.0) -> None:
        """Cancel what is running and queued, free the model, end the thread."""
        self._closing = True
        current = self._current
        if current is not None:
            current.cancel()
        self._jobs.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._closing


def _close(owner: Any) -> None:
    close = getattr(owner, "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # closing must not raise into nobody
            log.debug("closing the model failed", exc_info=True)
