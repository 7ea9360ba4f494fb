"""The tiny random MLX models of ``tiny_mlx`` load, route, generate and tokenize with mlx-lm.

Every family is written once per module and loaded with ``mlx_lm.utils.load`` exactly
as a downloaded folder would be; the checks then compare the loaded model with the one
built in memory, confirm the MoE families really are top-2-of-4 expert models, and run
greedy generation. The whole module runs in a few seconds on a CPU.
"""

from __future__ import annotations

import pytest

mx = pytest.importorskip("mlx.core")
pytest.importorskip("mlx_lm")

from mlx_lm.generate import generate  # noqa: E402
from mlx_lm.models.switch_layers import SwitchGLU  # noqa: E402
from mlx_lm.utils import load  # noqa: E402

from .tiny_mlx import (  # noqa: E402
    FAMILIES,
    IM_END,
    IM_START,
    MOE_FAMILIES,
    build_tiny_mlx_model,
    tiny_config,
    tokenizer_vocab,
    write_tiny_mlx_model,
)

TEXT = "売上を月ごとに集計して df.groupby('month')"
PROMPT_IDS = [[5, 77, 300, 401, 502, 650, 12, 9]]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Family -> folder written by ``write_tiny_mlx_model`` (seed 0, defaults)."""
    root = tmp_path_factory.mktemp("tiny_mlx")
    return {f: write_tiny_mlx_model(root / f, f) for f in FAMILIES}


@pytest.fixture(scope="module")
def loaded(folders):
    """Family -> (model, tokenizer) from ``mlx_lm.utils.load``, loaded once."""
    return {f: load(str(path)) for f, path in folders.items()}


def moe_block(layer):
    """The sparse-MoE block of a decoder layer: ``mlp`` (Qwen3, OLMoE) or Mixtral's name."""
    return getattr(layer, "block_sparse_moe", None) or layer.mlp


def top_k(block) -> int:
    """Experts per token; Mixtral calls it ``num_experts_per_tok``, the others ``top_k``."""
    return getattr(block, "top_k", None) or block.num_experts_per_tok


@pytest.mark.parametrize("family", FAMILIES)
def test_loads_with_its_config(family, loaded):
    model, tokenizer = loaded[family]
    vocab = tokenizer_vocab()
    assert model.model_type == family
    assert model.args.vocab_size == len(vocab) == len(tokenizer._tokenizer)
    assert tokenizer.eos_token_ids == {vocab[IM_END]}


@pytest.mark.parametrize("family", MOE_FAMILIES)
def test_moe_families_are_top2_of_4(family, loaded):
    model, _ = loaded[family]
    for layer in model.layers:
        block = moe_block(layer)
        assert isinstance(block.switch_mlp, SwitchGLU)
        assert block.num_experts == block.switch_mlp.gate_proj.num_experts == 4
        assert block.gate.weight.shape[0] == 4
        assert top_k(block) == 2


@pytest.mark.parametrize("family", MOE_FAMILIES)
def test_router_spreads_tokens_over_all_experts(family, loaded):
    # A router that sent every token to the same two experts would hide routing bugs.
    model, _ = loaded[family]
    layer = model.layers[0]
    h = layer.post_attention_layernorm(model.model.embed_tokens(mx.arange(200)))
    chosen = mx.argpartition(-moe_block(layer).gate(h), kth=1, axis=-1)[:, :2]
    assert set(chosen.flatten().tolist()) == {0, 1, 2, 3}


@pytest.mark.parametrize("family", sorted(set(FAMILIES) - set(MOE_FAMILIES)))
def test_dense_families_have_no_experts(family, loaded):
    model, _ = loaded[family]
    assert not [m for _, m in model.named_modules() if isinstance(m, SwitchGLU)]


@pytest.mark.parametrize("family", FAMILIES)
def test_loaded_logits_equal_in_memory_model(family, loaded):
    model, _ = loaded[family]
    ids = mx.array(PROMPT_IDS)
    expected = build_tiny_mlx_model(tiny_config(family), seed=0)(ids)
    got = model(ids)
    assert got.shape == (1, len(PROMPT_IDS[0]), model.args.vocab_size)
    assert mx.allclose(got, expected, atol=1e-5).item()
    other_seed = build_tiny_mlx_model(tiny_config(family), seed=1)(ids)
    assert not mx.allclose(got, other_seed, atol=1e-3).item()


@pytest.mark.parametrize("family", FAMILIES)
def test_outputs_depend_on_the_input(family, loaded):
    model, _ = loaded[family]
    logits = model(mx.array(PROMPT_IDS))[0]
    assert len(set(logits.argmax(axis=-1).tolist())) > 1
    # Not just echoing the input token (what a tied head over huge embeddings does).
    assert logits.argmax(axis=-1).tolist() != PROMPT_IDS[0]


@pytest.mark.parametrize("family", FAMILIES)
def test_greedy_generation_is_deterministic(family, loaded):
    model, tokenizer = loaded[family]
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "df を集計して"}], add_generation_prompt=True, tokenize=False
    )
    first = generate(model, tokenizer, prompt, max_tokens=8)
    assert isinstance(first, str) and first
    assert generate(model, tokenizer, prompt, max_tokens=8) == first


@pytest.mark.parametrize("family", FAMILIES)
def test_tokenizer_round_trips_and_renders_chatml(family, loaded):
    # Per family: transformers picks the tokenizer class from the config's model_type.
    _, tokenizer = loaded[family]
    ids = tokenizer.encode(TEXT, add_special_tokens=False)
    assert tokenizer.decode(ids) == TEXT
    assert len(ids) < len(TEXT.encode()), "the BPE merges should shorten the byte sequence"

    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": TEXT}], add_generation_prompt=True, tokenize=False
    )
    assert prompt == f"{IM_START}user\n{TEXT}{IM_END}\n{IM_START}assistant\n"
    vocab = tokenizer_vocab()
    prompt_ids = tokenizer.encode(prompt, add_special_tokens=False)
    assert prompt_ids.count(vocab[IM_START]) == 2
    assert prompt_ids.count(vocab[IM_END]) == 1


def test_writing_is_deterministic(folders, tmp_path):
    again = write_tiny_mlx_model(tmp_path / "again", "qwen3_moe")
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        assert (again / name).read_bytes() == (folders["qwen3_moe"] / name).read_bytes(), name


def test_overrides_reach_the_loaded_model(tmp_path):
    path = write_tiny_mlx_model(
        tmp_path / "m", "mixtral", seed=3, hidden_size=32, num_hidden_layers=1,
        num_local_experts=8,
    )
    model, _ = load(str(path))
    assert len(model.layers) == 1
    assert model.layers[0].block_sparse_moe.num_experts == 8
    assert model.args.hidden_size == 32


def test_unknown_family_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="family must be one of"):
        write_tiny_mlx_model(tmp_path / "x", "gpt2")
