"""Fixtures for the engine tests."""

from __future__ import annotations

import pytest

from tests.engine.servers import serving


@pytest.fixture(scope="session")
def llama_server(smollm2_path, tmp_path_factory):
    """Base URL of llama-cpp-python's server on SmolLM2-135M with its default options.

    Loading the model is most of a server's start, so every test that is happy with the
    defaults shares this one.
    """
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serving(smollm2_path, log, threads=4) as url:
        yield url
