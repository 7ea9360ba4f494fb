"""The models the server holds: each loaded once, room made before another loads.

Engines come from the in-process engine (:func:`spark_nb.engine.get_engine`), with more
saved prompt states than a kernel keeps, shared out between clients (the
``cache_group`` of each request). Before a model that is not loaded yet is loaded, the
least recently used idle models are freed until it fits in the memory available; when
it still does not fit, the request is refused with what is loaded and what it needs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from spark_nb.engine import Engine, get_engine
from spark_nb.engine.choice import Machine
from spark_nb.engine.registry import resolve
from spark_nb.engine.settings import EngineSettings
from spark_nb.errors import SparkError

CACHE_STATES = 8  # saved prompt states per model (a kernel keeps 4): two or more per client
HEADROOM = 1.2  # a model needs this times its file size free to load


class DoesNotFitError(SparkError):
    """A model does not fit in memory next to the loaded ones, which are all busy."""


@dataclass
class Held:
    engine: Engine
    size: int
    last_used: float = field(default_factory=time.monotonic)
    requests: int = 0


class Models:
    """Loaded models by name and backend."""

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings(server="off")
        self._held: dict[tuple[str, str | None], Held] = {}
        self._lock = threading.Lock()  # one load at a time

    def get(self, model: str, backend: str | None = None) -> Engine:
        """The engine of ``model`` (loading it, and making room first, if needed)."""
        key = (model, backend)
        with self._lock:
            held = self._held.get(key)
            if held is None or not held.engine._worker.alive:
                resolved = resolve(model, self.settings, backend)
                size = resolved.spec.size if resolved.spec is not None else _size(resolved.path)
                self._make_room(size, resolved.name)
                options: dict[str, Any] = {}
                if resolved.backend in ("llama_cpp", "mlx"):
                    options["cache_states"] = CACHE_STATES
                engine = get_engine(model, backend=backend, settings=self.settings, **options)
                held = self._held[key] = Held(engine, size)
            elif not held.engine.loaded:
                self._make_room(held.size, held.engine.resolved.name, keep=held)
                held.engine.wait_loaded()
            held.last_used = time.monotonic()
            held.requests += 1
            return held.engine

    def _make_room(self, size: int, name: str, keep: Held | None = None) -> None:
        if not size:
            return
        need = HEADROOM * size
        if Machine.detect().available_bytes >= need:
            return
        idle = sorted((h for h in self._held.values() if h is not keep and h.engine.loaded
                       and h.engine._worker.idle_for() > 0), key=lambda h: h.last_used)
        for held in idle:
            held.engine.unload()
            _wait_unloaded(held.engine)
            if Machine.detect().available_bytes >= need:
                return
        if Machine.detect().available_bytes < need:
            loaded = ", ".join(f"{h.engine.resolved.name} ({h.size / 1e9:.1f} GB)"
                               for h in self._held.values() if h.engine.loaded) or "none"
            raise DoesNotFitError(
                f"{name} needs about {need / 1e9:.1f} GB of memory and "
                f"{Machine.detect().available_bytes / 1e9:.1f} GB are free; loaded now: {loaded}, "
                "busy. Try again when they are idle, or use a smaller model.")

    def snapshot(self) -> list[dict]:
        with self._lock:
            held = list(self._held.items())
        now = time.monotonic()
        return [{"name": h.engine.resolved.name, "model": key[0], "backend": h.engine.resolved.backend,
                 "loaded": h.engine.loaded, "size": h.size, "requests": h.requests,
                 "idle_s": round(now - h.last_used, 1)} for key, h in held]

    def close(self) -> None:
        with self._lock:
            held, self._held = list(self._held.values()), {}
        for h in held:
            h.engine.close()


def _size(path) -> int:
    try:
        if path is None:
            return 0
        if path.is_file():
            return path.stat().st_size
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except OSError:
        return 0


def _wait_unloaded(engine: Engine, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while engine.loaded and time.monotonic() < deadline:
        time.sleep(0.02)
