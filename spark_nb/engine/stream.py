"""A request in flight: deltas flow from the worker thread to the caller."""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator

from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.types import Completion

_DONE = object()


class Stream:
    """Iterate for text deltas; :meth:`wait` for the :class:`Completion`.

    The caller's thread never runs the model: iteration only reads a queue, so a
    KeyboardInterrupt while iterating or waiting cancels the request and is re-raised.
    """

    def __init__(self, cancel: CancelToken | None = None) -> None:
        self.cancel_token = cancel or CancelToken()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._done = threading.Event()
        self._result: Completion | None = None
        self._error: BaseException | None = None
        self._callbacks: list[Callable[["Stream"], None]] = []
        self._lock = threading.Lock()
        self._consumed = False

    # -- producer side (worker thread) --------------------------------------------
    def emit(self, text: str) -> None:
        if text:
            self._queue.put(text)

    def finish(self, result: Completion) -> None:
        self._result = result
        self._close()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._close()

    def _close(self) -> None:
        with self._lock:
            self._done.set()
            callbacks = list(self._callbacks)
        self._queue.put(_DONE)
        for cb in callbacks:
            cb(self)

    # -- consumer side --------------------------------------------------------------
    def cancel(self) -> None:
        """Stop generation; the worker notices within one token."""
        self.cancel_token.cancel()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def add_done_callback(self, fn: Callable[["Stream"], None]) -> None:
        """Call ``fn(stream)`` from the worker thread when the request ends."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(fn)
                return
        fn(self)

    def __iter__(self) -> Iterator[str]:
        if self._consumed:
            raise RuntimeError("a Stream can be iterated only once; use .wait() for the result")
        self._consumed = True
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    break
                yield item
        except (KeyboardInterrupt, GeneratorExit):
            self.cancel()
            raise
        if self._error is not None:
            raise self._error

    def wait(self, timeout: float | None = None) -> Completion:
        """Block until the request ends and return its result (raising its error)."""
        try:
            if not self._done.wait(timeout):
                raise TimeoutError(f"generation did not finish within {timeout} s")
        except KeyboardInterrupt:
            self.cancel()
            raise
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    @property
    def result(self) -> Completion | None:
        return self._result
