"""Continuous batching: requests that join a model's running decode and leave it when done.

A :class:`Session` is an inbox the model's worker thread drains while it decodes: each
step forwards one token of every sequence of every request admitted so far, and a
request that arrives meanwhile is admitted before the next step (its prompt computed,
then its sequences join). A request of K candidates is K sequences sharing its prompt.
The session ends when its inbox and its running requests are empty; a request offered
after that is refused (``add`` returns False) and starts the next session.

Used by the model server, where requests of several kernels arrive at any time; a
backend that can run a session has ``run_session(session)`` (llama.cpp).
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Sequence

from spark_nb.engine.stream import Stream
from spark_nb.engine.types import GenerationOptions


@dataclass
class Joining:
    """One request offered to a session."""

    messages: list[dict]
    options: list[GenerationOptions]  # one per sequence
    stream: Stream
    batch: bool  # a request of candidates (deltas tagged with their index, a Batch result)
    offered: float = field(default_factory=time.perf_counter)  # its timings count from here


class Session:
    """The inbox of one continuous batch (see the module's notes)."""

    def __init__(self) -> None:
        self._inbox: queue.SimpleQueue[Joining] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._open = True
        self._waiting = 0
        self._active = 0  # offered and not yet ended

    def add(self, messages: Sequence[dict], options: Sequence[GenerationOptions], stream: Stream,
            batch: bool = False) -> bool:
        """Offer a request; False when the session has ended (start another one)."""
        with self._lock:
            if not self._open:
                return False
            self._inbox.put(Joining(list(messages), list(options), stream, batch))
            self._waiting += 1
            self._active += 1
        stream.add_done_callback(self._ended)
        return True

    def _ended(self, _stream: Stream) -> None:
        with self._lock:
            self._active -= 1

    @property
    def active(self) -> int:
        """Requests offered and not yet ended."""
        return self._active

    def take(self) -> Joining | None:
        """The next request offered, or None (worker side)."""
        try:
            joining = self._inbox.get_nowait()
        except queue.Empty:
            return None
        with self._lock:
            self._waiting -= 1
        return joining

    def close_if_idle(self, running: int) -> bool:
        """End the session when nothing runs and nothing waits (worker side)."""
        with self._lock:
            if running or self._waiting:
                return False
            self._open = False
            return True

    def close_now(self) -> list[Joining]:
        """End the session at once; the requests offered and not taken (worker side)."""
        with self._lock:
            self._open = False
        left = []
        while (joining := self.take()) is not None:
            left.append(joining)
        return left

    @property
    def open(self) -> bool:
        return self._open
