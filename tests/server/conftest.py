"""A private runtime folder per test, and servers started as real processes."""

from __future__ import annotations

import os
import signal

import pytest

from spark_nb.engine import engine as engine_module
from spark_nb.engine import server_link
from tests.server.processes import wait_for


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """A private runtime folder; the in-process engines of these tests use the server."""
    folder = tmp_path / "run"
    monkeypatch.setenv("SPARK_NB_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("SPARK_NB_SERVER", "auto")
    # the size of the context changes greedy text at near ties (docs/architecture.md):
    # servers here load with the context of the in-process engine they are compared with
    monkeypatch.setenv("SPARK_NB_N_CTX", "4096")
    yield folder
    for engine in list(engine_module._engines.values()):
        if engine.served:  # they hold this test's socket; in-process engines stay shared
            engine.close()
    status = server_link.probe()
    if status is not None:
        os.kill(status.body["pid"], signal.SIGTERM)
        wait_for(lambda: server_link.probe(0.5) is None, 15)
