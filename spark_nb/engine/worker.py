"""One thread owns a loaded model and serves its requests in order.

Backends such as MLX bind their streams to the thread that created them, so the
worker both loads the model and runs every request on it. Callers submit work and get
a :class:`~spark_nb.engine.stream.Stream` back at once.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable

from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion
from spark_nb.errors import SparkError

log = logging.getLogger(__name__)

_STOP = object()


class EngineClosedError(SparkError):
    """A request reached an engine that was closed."""


class Worker:
    """A daemon thread that builds an object with ``factory`` and then serves jobs."""

    def __init__(self, factory: Callable[[], Any], name: str = "spark-nb-model") -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.loaded: Future = Future()
        self._closing = False
        self._current: Stream | None = None
        self._thread = threading.Thread(target=self._run, args=(factory,), name=name, daemon=True)
        self._thread.start()

    def _run(self, factory: Callable[[], Any]) -> None:
        try:
            owner = factory()
        except BaseException as exc:  # report load failures to whoever waits
            self.loaded.set_exception(exc)
            self._fail_queued(exc)
            return
        self.loaded.set_result(owner)
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            self._serve(owner, *job)
        self._fail_queued(EngineClosedError("the engine was closed before this request ran"))
        close = getattr(owner, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # closing must not raise into nobody
                log.debug("closing the model failed", exc_info=True)

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

    def _fail_queued(self, exc: BaseException) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not _STOP:
                job[1].fail(exc)

    def submit(self, fn: Callable[[Any, Stream], Any], stream: Stream) -> Stream:
        """Queue ``fn(owner, stream)``; its return value becomes the stream's result."""
        if self._closing:
            stream.fail(EngineClosedError("this engine is closed; get a new one with get_engine()"))
        elif self.loaded.done() and self.loaded.exception() is not None:
            stream.fail(self.loaded.exception())
        else:
            self._jobs.put((fn, stream))
        return stream

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
