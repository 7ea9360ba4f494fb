"""Shared fixtures: real models from the installed packs, never from a network."""

from __future__ import annotations

import pytest

from spark_nb.engine import get_engine
from spark_nb.engine.registry import MODELS, installed


@pytest.fixture(scope="session")
def smollm2_path():
    """The verified SmolLM2-135M GGUF (extra ``tiny``), assembled into the cache."""
    from spark_nb.engine import packs

    spec = MODELS["smollm2-135m"]
    if not installed(spec):
        pytest.fail('the test model pack is missing: pip install -e ".[tiny,dev]"')
    return packs.ensure(spec.pack, name=spec.name, progress=False)


@pytest.fixture(scope="session")
def smollm2(smollm2_path):
    """A loaded llama.cpp engine on SmolLM2-135M, shared by the session."""
    engine = get_engine("smollm2-135m", n_ctx=4096)
    yield engine
    engine.close()
