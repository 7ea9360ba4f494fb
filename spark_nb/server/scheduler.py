"""Which waiting request a model serves next: priorities first, then fairly by client.

A model runs up to ``capacity(model)`` requests at once: several where its backend
decodes requests together (continuous batching, llama.cpp), else one (a request of K
candidates is one batch either way). When a place frees, the next request is the first
of:

1. interactive requests (``%%spark``, error fixes, charts) before background ones
   (report exports);
2. among those, the client whose last turn on this model began longest ago, so one
   notebook sending many requests takes turns with the others instead of queueing
   them behind its own;
3. then the oldest request.

A request whose client has gone (the HTTP connection closed) is dropped while it waits
and cancelled while it runs, which frees the model for the next one.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from spark_nb.engine.stream import Stream

RANKS = {"interactive": 0, "background": 1}


@dataclass
class Request:
    """One request for a model, waiting or running."""

    model: Any  # the engine (any hashable key of the model)
    client: str
    priority: str
    start: Callable[[], Stream]  # submits it to the model; called once, when its turn comes
    arrived: float = field(default_factory=time.monotonic)
    order: int = 0
    stream: Stream | None = None
    cancelled: bool = False
    began: float | None = None  # when its turn came


class Scheduler:
    """Fair turns on each model for the requests of every client."""

    def __init__(self, capacity: Callable[[Any], int] = lambda model: 1) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._waiting: list[Request] = []
        self._running: dict[Any, list[Request]] = {}
        self._turns: dict[tuple[Any, str], float] = {}  # (model, client) -> when its last turn began
        self._count = itertools.count()
        self.served = 0

    def submit(self, request: Request) -> None:
        """Queue ``request``; it starts now if its model is free."""
        with self._lock:
            request.order = next(self._count)
            self._waiting.append(request)
        self._dispatch(request.model)

    def cancel(self, request: Request) -> None:
        """The client went away: drop the request, or stop it if it runs."""
        with self._lock:
            request.cancelled = True
            if request in self._waiting:
                self._waiting.remove(request)
                return
            stream = request.stream
        if stream is not None:
            stream.cancel()

    def _next(self, model: Any) -> Request | None:
        mine = [r for r in self._waiting if r.model is model]
        if not mine:
            return None
        return min(mine, key=lambda r: (RANKS.get(r.priority, 0),
                                        self._turns.get((model, r.client), float("-inf")), r.order))

    def _dispatch(self, model: Any) -> None:
        while True:
            with self._lock:
                running = self._running.setdefault(model, [])
                if len(running) >= max(1, self.capacity(model)):
                    return
                request = self._next(model)
                if request is None:
                    return
                self._waiting.remove(request)
                running.append(request)
                request.began = time.monotonic()
                self._turns[(model, request.client)] = request.began
            request.stream = request.start()  # never raises: a failure ends its stream
            if request.cancelled:
                request.stream.cancel()
            request.stream.add_done_callback(lambda _s, r=request: self._finished(r))

    def _finished(self, request: Request) -> None:
        with self._lock:
            running = self._running.get(request.model, [])
            if request in running:
                running.remove(request)
            self.served += 1
        self._dispatch(request.model)

    def snapshot(self) -> dict:
        """Counts for the status page: waiting and running, per client."""
        with self._lock:
            clients: dict[str, dict] = {}
            for r in self._waiting:
                clients.setdefault(r.client, {"waiting": 0, "running": 0})["waiting"] += 1
            running = [r for rs in self._running.values() for r in rs]
            for r in running:
                clients.setdefault(r.client, {"waiting": 0, "running": 0})["running"] += 1
            return {"waiting": len(self._waiting), "running": len(running),
                    "served": self.served, "clients": clients}

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._waiting or any(self._running.values()))
