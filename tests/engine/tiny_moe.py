"""Write a tiny random-weight Mixture-of-Experts model as GGUF, for tests.

The model has the real tokenizer and chat template of another GGUF file (the SmolLM2
test model), so prompts tokenize and render exactly as with a real model, but its
weights are random: it proves that llama.cpp loads and runs an MoE architecture
through our backend (router, top-k experts, prefix reuse, drafting), not that it
writes sensible text. A few MB, loads in well under a second.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

ARCHES = ("qwen3moe", "qwen2moe")


def copy_tokenizer(writer, vocab_source: os.PathLike | str) -> int:
    """Copy every ``tokenizer.*`` key of ``vocab_source`` with its GGUF type; return the vocab size."""
    import gguf

    reader = gguf.GGUFReader(vocab_source)
    n_vocab = 0
    for key, field in reader.fields.items():
        if not key.startswith("tokenizer."):
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            # Keep the element type of the source (token_type is INT32, scores FLOAT32):
            # llama.cpp checks it, and guessing it from Python values would get it wrong.
            writer.add_key_value(key, field.contents(), vtype, sub_type=field.types[-1])
        else:
            writer.add_key_value(key, field.contents(), vtype)
        if key == "tokenizer.ggml.tokens":
            n_vocab = len(field.data)
    if not n_vocab:
        raise ValueError(f"{vocab_source} has no tokenizer.ggml.tokens")
    return n_vocab


def write_tiny_moe_gguf(
    path: os.PathLike | str,
    vocab_source: os.PathLike | str,
    *,
    arch: str = "qwen3moe",
    n_layer: int = 2,
    n_embd: int = 64,
    n_head: int = 4,
    n_head_kv: int = 2,
    head_dim: int = 16,
    n_expert: int = 4,
    n_expert_used: int = 2,
    expert_ff: int = 32,
    seed: int = 0,
) -> Path:
    """Write a random ``arch`` MoE model with the tokenizer of ``vocab_source`` to ``path``.

    Shapes below are numpy's (rows = outputs); GGUF stores them reversed, which is
    what llama.cpp's ``{n_in, n_out}`` / ``{n_in, n_out, n_expert}`` mean.
    """
    import gguf

    if arch not in ARCHES:
        raise ValueError(f"arch must be one of {', '.join(ARCHES)}, not {arch!r}")
    path = Path(path)
    rng = np.random.default_rng(seed)
    writer = gguf.GGUFWriter(path, arch)
    writer.add_name(f"tiny-random-{arch}")
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    n_vocab = copy_tokenizer(writer, vocab_source)

    writer.add_context_length(4096)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(expert_ff)  # no dense FFN; the key is still required
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head_kv)
    writer.add_key_length(head_dim)
    writer.add_value_length(head_dim)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(10000.0)
    writer.add_expert_count(n_expert)
    writer.add_expert_used_count(n_expert_used)
    writer.add_expert_feed_forward_length(expert_ff)
    if arch == "qwen2moe":
        writer.add_expert_shared_feed_forward_length(expert_ff)

    def rand(*shape: int, dtype=np.float32) -> np.ndarray:
        # Embeddings and biases at 0.02 like a fresh model; matrices at 1/sqrt(fan-in) so
        # that attention and the experts move the residual stream as much as it already
        # is. At 0.02 everywhere the blocks add a few percent and greedy output is nearly
        # embedding -> output, the same whichever experts the router picks.
        scale = 0.02 if len(shape) == 1 or shape[0] == n_vocab else shape[-1] ** -0.5
        return (rng.standard_normal(shape) * scale).astype(dtype)

    def ones(n: int) -> np.ndarray:
        return np.ones(n, dtype=np.float32)  # norms stay f32: llama.cpp multiplies in f32

    q_dim, kv_dim = n_head * head_dim, n_head_kv * head_dim
    # The two vocabulary-sized matrices are most of the file: f16 halves it.
    writer.add_tensor("token_embd.weight", rand(n_vocab, n_embd, dtype=np.float16))
    writer.add_tensor("output_norm.weight", ones(n_embd))
    writer.add_tensor("output.weight", rand(n_vocab, n_embd, dtype=np.float16))
    for i in range(n_layer):
        blk = f"blk.{i}."
        tensors = {
            "attn_norm.weight": ones(n_embd),
            "attn_q.weight": rand(q_dim, n_embd),
            "attn_k.weight": rand(kv_dim, n_embd),
            "attn_v.weight": rand(kv_dim, n_embd),
            "attn_output.weight": rand(n_embd, q_dim),
            "ffn_norm.weight": ones(n_embd),
            "ffn_gate_inp.weight": rand(n_expert, n_embd),  # the router: a logit per expert
            "ffn_gate_exps.weight": rand(n_expert, expert_ff, n_embd),
            "ffn_up_exps.weight": rand(n_expert, expert_ff, n_embd),
            "ffn_down_exps.weight": rand(n_expert, n_embd, expert_ff),
        }
        if arch == "qwen3moe":  # per-head RMS norms on queries and keys
            tensors["attn_q_norm.weight"] = ones(head_dim)
            tensors["attn_k_norm.weight"] = ones(head_dim)
        else:  # qwen2moe: QKV biases and one always-on shared expert with a sigmoid gate
            tensors["attn_q.bias"] = rand(q_dim)
            tensors["attn_k.bias"] = rand(kv_dim)
            tensors["attn_v.bias"] = rand(kv_dim)
            tensors["ffn_gate_inp_shexp.weight"] = rand(n_embd)
            tensors["ffn_gate_shexp.weight"] = rand(expert_ff, n_embd)
            tensors["ffn_up_shexp.weight"] = rand(expert_ff, n_embd)
            tensors["ffn_down_shexp.weight"] = rand(n_embd, expert_ff)
        for name, array in tensors.items():
            writer.add_tensor(blk + name, array)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
