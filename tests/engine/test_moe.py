"""MoE through llama.cpp: a tiny random-weight qwen3moe GGUF runs through the public API.

Random weights write nonsense, so these tests check the machinery (loading, routing,
exact usage, prefix reuse, drafting that changes nothing), never the text's meaning.
"""

from __future__ import annotations

import numpy as np
import pytest

import spark_nb
from tests.engine.tiny_moe import write_tiny_moe_gguf

N_EXPERT, N_USED = 4, 2
# Repetitive, so the random model's own loops and the prompt give prompt lookup n-grams.
PROMPT = "def add(a, b):\n    return a + b\n" * 6 + "Repeat the code above."


@pytest.fixture(scope="module")
def moe_path(tmp_path_factory, smollm2_path):
    out = tmp_path_factory.mktemp("moe") / "tiny-qwen3moe.gguf"
    return write_tiny_moe_gguf(out, smollm2_path, n_expert=N_EXPERT, n_expert_used=N_USED, seed=0)


@pytest.fixture(scope="module")
def moe_reader(moe_path):
    import gguf

    return gguf.GGUFReader(moe_path)  # parsing 49k tokens and merges takes a second


@pytest.fixture(scope="module")
def moe(moe_path):
    engine = spark_nb.get_engine(str(moe_path))
    yield engine
    engine.close()


def test_file_has_experts_and_the_source_tokenizer(moe_reader, smollm2_path):
    import gguf

    fields = moe_reader.fields
    assert fields["general.architecture"].contents() == "qwen3moe"
    assert fields["qwen3moe.expert_count"].contents() == N_EXPERT
    assert fields["qwen3moe.expert_used_count"].contents() == N_USED
    tensors = {t.name: t for t in moe_reader.tensors}
    for i in range(2):
        # GGUF shapes are numpy's reversed: the expert axis is the last one.
        assert list(tensors[f"blk.{i}.ffn_gate_inp.weight"].shape) == [64, N_EXPERT]
        for kind in ("gate", "up", "down"):
            assert tensors[f"blk.{i}.ffn_{kind}_exps.weight"].shape[-1] == N_EXPERT
    # Every tokenizer key is copied with its type and value, arrays included.
    source = gguf.GGUFReader(smollm2_path).fields
    keys = [k for k in source if k.startswith("tokenizer.")]
    assert "tokenizer.chat_template" in keys and "tokenizer.ggml.merges" in keys
    for key in keys:
        assert fields[key].types == source[key].types, key
        assert fields[key].contents() == source[key].contents(), key


def test_router_spreads_tokens_over_experts(moe_reader):
    """The router is not degenerate: different tokens pick different top-k experts."""
    tensors = {t.name: t for t in moe_reader.tensors}
    embd = np.asarray(tensors["token_embd.weight"].data[:512], dtype=np.float32)
    router = np.asarray(tensors["blk.0.ffn_gate_inp.weight"].data, dtype=np.float32)
    x = embd / np.sqrt((embd**2).mean(axis=1, keepdims=True) + 1e-6)  # attn_norm, weight 1
    picks = {tuple(sorted(row)) for row in np.argsort(-(x @ router.T), axis=1)[:, :N_USED]}
    assert len(picks) >= 4  # of the 6 possible pairs
    assert {e for pair in picks for e in pair} == set(range(N_EXPERT))


def test_loads_as_moe_through_llama_cpp(moe):
    assert moe.info.backend == "llama_cpp"
    assert moe.info.details["architecture"] == "qwen3moe"
    assert moe.info.details["experts"] == N_EXPERT


def test_greedy_generation_streams_exact_usage(moe):
    stream = moe.stream(PROMPT, max_tokens=16, temperature=0)
    deltas = list(stream)
    done = stream.wait()
    assert done.finish_reason == "length"
    assert done.usage.completion_tokens == 16
    assert done.usage.prompt_tokens > 0
    assert "".join(deltas) == done.text and done.text


def test_same_request_is_deterministic_and_reuses_prefix(moe):
    first = moe.complete(PROMPT + " Twice.", max_tokens=16, temperature=0)
    second = moe.complete(PROMPT + " Twice.", max_tokens=16, temperature=0)
    assert second.text == first.text
    assert second.usage.cached_prompt_tokens > 0
    assert second.usage.cached_prompt_tokens < second.usage.prompt_tokens


def test_prompt_lookup_matches_plain_greedy(moe):
    plain = moe.complete(PROMPT, max_tokens=64, temperature=0)
    drafted = moe.complete(PROMPT, max_tokens=64, temperature=0, draft="prompt-lookup")
    assert drafted.text == plain.text
    assert drafted.usage.completion_tokens == plain.usage.completion_tokens == 64
    assert drafted.usage.drafted_tokens > 0
    assert 0 < drafted.usage.accepted_tokens <= drafted.usage.drafted_tokens


def test_expert_used_count_changes_the_computation(moe, moe_path, tmp_path):
    """llama.cpp really routes: the same weights with top-1 instead of top-2 decode differently."""
    top1 = write_tiny_moe_gguf(tmp_path / "top1.gguf", moe_path, n_expert=N_EXPERT,
                               n_expert_used=1, seed=0)
    engine = spark_nb.get_engine(str(top1))
    try:
        assert engine.info.details["experts"] == N_EXPERT
        one = engine.complete(PROMPT, max_tokens=16, temperature=0)
    finally:
        engine.close()
    two = moe.complete(PROMPT, max_tokens=16, temperature=0)
    assert one.text != two.text


def test_qwen2moe_with_shared_expert_runs(smollm2_path, tmp_path):
    """The other MoE layout llama.cpp knows: routed experts plus a gated shared expert."""
    path = write_tiny_moe_gguf(tmp_path / "q2.gguf", smollm2_path, arch="qwen2moe", seed=0)
    engine = spark_nb.get_engine(str(path))
    try:
        assert engine.info.details["architecture"] == "qwen2moe"
        assert engine.info.details["experts"] == N_EXPERT
        plain = engine.complete(PROMPT, max_tokens=32, temperature=0)
        drafted = engine.complete(PROMPT, max_tokens=32, temperature=0, draft="prompt-lookup")
    finally:
        engine.close()
    assert plain.usage.completion_tokens == 32 and plain.finish_reason == "length"
    assert drafted.text == plain.text
