"""Cancellation shared between the caller and the worker thread."""

from __future__ import annotations

import threading


class CancelToken:
    """Set from any thread; the worker checks it between tokens and prompt chunks."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
