"""GGUF -> MLX conversion, checked against llama.cpp on the same GGUF files.

Tokenization must give llama.cpp's ids exactly. The converted models' next-token
choices must agree with llama.cpp's when both are fed the same tokens (teacher
forcing); for the tiny random MoE, whose weights are f16 (no quantization noise),
the logits themselves must match, which proves the expert and router mapping.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from spark_nb.engine.gguf_convert import convert_gguf, unpermute_rows
from spark_nb.errors import ModelFileError
from tests.engine.tiny_moe import write_tiny_moe_gguf

mx = pytest.importorskip("mlx.core")
llama_cpp = pytest.importorskip("llama_cpp")
mlx_utils = pytest.importorskip("mlx_lm.utils")

MIXED = "売上を月ごとに集計して df.groupby('month')"
MESSAGES = [{"role": "user", "content": "Write a Python function that returns the sum of a list."}]
N_FORCED = 16


def llama_cpp_greedy(gguf_path, prompt_ids: list[int], n: int):
    """llama.cpp's greedy continuation of ``prompt_ids`` and its logits at every position."""
    llm = llama_cpp.Llama(str(gguf_path), n_ctx=512, logits_all=True, n_threads=2, verbose=False)
    try:
        llm.eval(prompt_ids)
        continuation = []
        for _ in range(n):
            continuation.append(int(np.argmax(llm.scores[llm.n_tokens - 1])))
            llm.eval([continuation[-1]])
        return continuation, np.array(llm.scores[: llm.n_tokens])
    finally:
        llm.close()


def mlx_logits(model, ids: list[int]) -> np.ndarray:
    return np.array(model(mx.array([ids]))[0].astype(mx.float32))


def teacher_forced_agreement(gguf_path, folder) -> tuple[int, list[float]]:
    """How many of llama.cpp's 16 greedy tokens MLX also picks, and llama.cpp's top-1
    margins where they differ (a near tie flips on rounding alone)."""
    model, tokenizer = mlx_utils.load(str(folder))
    text = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, tokenize=False)
    prompt = tokenizer.encode(text, add_special_tokens=False)
    continuation, ref = llama_cpp_greedy(gguf_path, prompt, N_FORCED)
    logits = mlx_logits(model, prompt + continuation[:-1])
    picked = logits[len(prompt) - 1:].argmax(-1)
    agree = int((picked == np.array(continuation)).sum())
    margins = []
    for i in np.flatnonzero(picked != np.array(continuation)):
        top2 = np.sort(ref[len(prompt) - 1 + i])[-2:]
        margins.append(float(top2[1] - top2[0]))
    print(f"\n{gguf_path.name}: teacher-forced top-1 agreement {agree}/{N_FORCED}; "
          f"llama.cpp margins where they differ: {margins}")
    return agree, margins


@pytest.fixture(scope="module")
def smollm2_mlx(smollm2_path, tmp_path_factory):
    start = time.perf_counter()
    folder = convert_gguf(smollm2_path, out_dir=tmp_path_factory.mktemp("mlx") / "smollm2", progress=False)
    print(f"\nsmollm2 -> MLX fp32 in {time.perf_counter() - start:.1f} s")
    return folder


def _tiny_moe(arch, smollm2_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("moe") / f"tiny-{arch}.gguf"
    return write_tiny_moe_gguf(path, smollm2_path, arch=arch, n_expert=4, n_expert_used=2, seed=0)


@pytest.fixture(scope="module")
def moe_gguf(smollm2_path, tmp_path_factory):
    return _tiny_moe("qwen3moe", smollm2_path, tmp_path_factory)


def test_folder_has_config_weights_and_tokenizer(smollm2_mlx):
    config = json.loads((smollm2_mlx / "config.json").read_text())
    assert config["model_type"] == "llama"
    assert config["num_hidden_layers"] == 30 and config["num_key_value_heads"] == 3
    assert config["tie_word_embeddings"] is True
    for name in ("model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        assert (smollm2_mlx / name).is_file(), name


def test_tokenizer_matches_llama_cpp(smollm2_path, smollm2_mlx):
    _, tokenizer = mlx_utils.load(str(smollm2_mlx))
    vocab = llama_cpp.Llama(str(smollm2_path), vocab_only=True, verbose=False)
    samples = [MIXED, "  x = [1, 2, 345]\n\n\tif x:  # I'm done\n", "<|im_start|>user\nhi<|im_end|>\n"]
    for text in samples:
        ids = tokenizer.encode(text, add_special_tokens=False)
        assert ids == vocab.tokenize(text.encode(), add_bos=False, special=True), text
        assert tokenizer.decode(ids) == text
    for special in ("<|im_start|>", "<|im_end|>", "<|endoftext|>"):
        assert len(tokenizer.encode(special, add_special_tokens=False)) == 1, special
    assert tokenizer.eos_token_id == 2
    rendered = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, tokenize=False)
    assert MESSAGES[0]["content"] in rendered and rendered.endswith("<|im_start|>assistant\n")


def test_smollm2_agrees_with_llama_cpp(smollm2_path, smollm2_mlx):
    agree, margins = teacher_forced_agreement(smollm2_path, smollm2_mlx)
    assert agree >= N_FORCED - 1
    assert all(m < 0.1 for m in margins)  # any disagreement is a near tie, not a bug


def test_qwen_coder_default_model_agrees_with_llama_cpp(tmp_path):
    """Q4_K / Q5_0 / Q6_K / Q8_0 tensors; qwen2 layout with QKV biases."""
    from spark_nb.engine.registry import MODELS, installed, resolve

    if not installed(MODELS["qwen2.5-coder-0.5b"]):
        pytest.skip("the default model pack is not installed")
    gguf_path = resolve("qwen2.5-coder-0.5b").path
    start = time.perf_counter()
    folder = convert_gguf(gguf_path, out_dir=tmp_path / "qwen", progress=False)
    print(f"\nqwen2.5-coder-0.5b -> MLX fp32 in {time.perf_counter() - start:.1f} s")
    # Tied in the original model, but this GGUF keeps its own (Q8_0) output matrix.
    assert json.loads((folder / "config.json").read_text())["tie_word_embeddings"] is False
    agree, margins = teacher_forced_agreement(gguf_path, folder)
    assert agree >= N_FORCED - 1
    assert all(m < 0.1 for m in margins)


@pytest.mark.parametrize("arch", ["qwen3moe", "qwen2moe"])
def test_tiny_moe_logits_match_llama_cpp(arch, smollm2_path, tmp_path_factory, tmp_path):
    moe_gguf = _tiny_moe(arch, smollm2_path, tmp_path_factory)
    folder = convert_gguf(moe_gguf, out_dir=tmp_path / "moe", progress=False)
    model, tokenizer = mlx_utils.load(str(folder))
    assert type(model).__module__ == f"mlx_lm.models.{arch[:-3]}_moe"
    moe = model.model.layers[0].mlp
    assert moe.switch_mlp.gate_proj.weight.shape == (4, 32, 64) and moe.gate.weight.shape == (4, 64)

    ids = tokenizer.encode("def add(a, b):\n    return a + b\n# " + MIXED, add_special_tokens=False)
    _, ref = llama_cpp_greedy(moe_gguf, ids, 0)
    ours = mlx_logits(model, ids)
    scale = np.abs(ref).max()
    print(f"\ntiny {arch}: max |logit diff| {np.abs(ours - ref).max():.2e} (logits up to {scale:.2f})")
    assert np.abs(ours - ref).max() < 1e-2 * scale
    assert (ours.argmax(-1) == ref.argmax(-1)).all()

    # The comparison is sharp enough to catch a wrong mapping: route to the wrong experts.
    moe.gate.weight = moe.gate.weight[::-1]
    assert np.abs(mlx_logits(model, ids) - ref).max() > 5 * np.abs(ours - ref).max()


def test_quantized_conversion_loads_and_stays_close(moe_gguf, tmp_path):
    fp = mlx_logits(mlx_utils.load(str(convert_gguf(moe_gguf, out_dir=tmp_path / "fp", progress=False)))[0],
                    list(range(100, 120)))
    folder = convert_gguf(moe_gguf, quantize_bits=8, out_dir=tmp_path / "q8", progress=False)
    config = json.loads((folder / "config.json").read_text())
    assert config["quantization"]["bits"] == 8
    model, _ = mlx_utils.load(str(folder))
    assert hasattr(model.model.embed_tokens, "scales")
    q8 = mlx_logits(model, list(range(100, 120)))
    assert np.abs(q8 - fp).max() < 0.05 * np.abs(fp).max()


def test_second_call_returns_the_cached_folder(moe_gguf, tmp_path, monkeypatch):
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(tmp_path / "cache"))
    first = convert_gguf(moe_gguf, progress=False)
    assert first.parent == tmp_path / "cache" / "mlx" and first.name.endswith("-float32")
    mtime = (first / "model.safetensors").stat().st_mtime_ns
    start = time.perf_counter()
    again = convert_gguf(moe_gguf, progress=False)
    assert again == first and time.perf_counter() - start < 1.0
    assert (again / "model.safetensors").stat().st_mtime_ns == mtime
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temp folder left
    assert convert_gguf(moe_gguf, dtype="float16", progress=False) != first


def test_unsupported_architecture_names_the_supported_ones(tmp_path):
    import gguf

    path = tmp_path / "gpt2.gguf"
    writer = gguf.GGUFWriter(path, "gpt2")
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(ModelFileError, match="'gpt2'.*llama, qwen2, qwen3, qwen3moe"):
        convert_gguf(path, out_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_unpermute_undoes_llama_cpp_permutation():
    def permute(w, n_head):  # what llama.cpp's converter does to q/k rows
        return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)

    w = np.arange(24 * 5, dtype=np.float32).reshape(24, 5)
    assert np.array_equal(unpermute_rows(permute(w, 3), 3), w)
    assert np.array_equal(unpermute_rows(permute(w[:, 0], 3), 3), w[:, 0])  # biases too
