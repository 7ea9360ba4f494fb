"""Room for another model: idle models freed least recently used first, else a clear refusal."""

from __future__ import annotations

import pytest

from spark_nb.server import models as models_module
from spark_nb.server.models import DoesNotFitError, Held, Models

GB = 10**9


class FakeWorker:
    def __init__(self, idle: float) -> None:
        self.idle = idle

    def idle_for(self) -> float:
        return self.idle


class FakeEngine:
    def __init__(self, name: str, size: int, idle: float, machine) -> None:
        self.resolved = type("R", (), {"name": name, "backend": "llama_cpp"})()
        self._worker = FakeWorker(idle)
        self.loaded = True
        self.size, self.machine = size, machine

    def unload(self) -> None:
        self.loaded = False
        self.machine.free += self.size


class FakeMachine:
    def __init__(self, free: int) -> None:
        self.free = free

    @property
    def available_bytes(self) -> int:
        return self.free


@pytest.fixture
def machine(monkeypatch):
    m = FakeMachine(1 * GB)
    monkeypatch.setattr(models_module.Machine, "detect", staticmethod(lambda: m))
    return m


def holding(machine, *specs):
    models = Models()
    for i, (name, size, idle) in enumerate(specs):
        models._held[(name, None)] = Held(FakeEngine(name, size, idle, machine), size, last_used=float(i))
    return models


def test_idle_models_are_freed_oldest_first_until_the_new_one_fits(machine):
    models = holding(machine, ("old", 2 * GB, 60.0), ("recent", 2 * GB, 5.0))
    models._make_room(2 * GB, "new")  # needs 2.4 GB: freeing "old" gives 3 GB
    engines = {k[0]: h.engine for k, h in models._held.items()}
    assert not engines["old"].loaded and engines["recent"].loaded


def test_busy_models_are_kept_and_the_request_refused_with_what_is_loaded(machine):
    models = holding(machine, ("busy", 2 * GB, 0.0))  # idle_for 0: a request runs on it
    with pytest.raises(DoesNotFitError, match=r"new needs about 2\.4 GB.*busy \(2\.0 GB\)"):
        models._make_room(2 * GB, "new")
    assert models._held[("busy", None)].engine.loaded
