"""Convert a GGUF file into an MLX model folder that ``mlx_lm.load`` opens.

MLX reads only a few GGUF quant types itself, so we dequantize every tensor with the
``gguf`` package (numpy), rename it to the Hugging Face / mlx-lm name, undo the row
permutation llama.cpp's converter applies to Llama's query/key projections, write
``model.safetensors`` + ``config.json`` + a tokenizer rebuilt from the GGUF metadata,
and optionally re-quantize with MLX. The result is cached by the source file's SHA-256.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from spark_nb._extras import require
from spark_nb.engine.gguf_tokenizer import eos_token_ids, write_tokenizer
from spark_nb.engine.settings import cache_dir
from spark_nb.errors import ModelFileError, OptionsError

# GGUF architecture -> mlx-lm model_type.
ARCHITECTURES = {
    "llama": "llama",
    "qwen2": "qwen2",
    "qwen3": "qwen3",
    "qwen3moe": "qwen3_moe",
    "qwen2moe": "qwen2_moe",
}
DTYPES = ("float32", "float16", "bfloat16")
QUANT_BITS = (2, 3, 4, 5, 6, 8)
GROUP_SIZE = 64
_MARKER = ".spark_nb_complete"  # written last: a folder without it is unfinished
_SHARD_BYTES = 4 << 30

_TOP_NAMES = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"}
_LAYER_NAMES = {
    "attn_norm": "input_layernorm",
    "ffn_norm": "post_attention_layernorm",
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "attn_q_norm": "self_attn.q_norm",
    "attn_k_norm": "self_attn.k_norm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
    "ffn_gate_inp": "mlp.gate",  # the MoE router
    # Experts are already stacked (n_expert, out, in): mlx-lm's SwitchGLU layout.
    "ffn_gate_exps": "mlp.switch_mlp.gate_proj",
    "ffn_up_exps": "mlp.switch_mlp.up_proj",
    "ffn_down_exps": "mlp.switch_mlp.down_proj",
    "ffn_gate_inp_shexp": "mlp.shared_expert_gate",
    "ffn_gate_shexp": "mlp.shared_expert.gate_proj",
    "ffn_up_shexp": "mlp.shared_expert.up_proj",
    "ffn_down_shexp": "mlp.shared_expert.down_proj",
}
_hashes: dict[tuple[str, int, int], str] = {}


def convert_gguf(path: os.PathLike | str, *, dtype: str = "float32", quantize_bits: int | None = None,
                 out_dir: os.PathLike | str | None = None, progress: bool = True) -> Path:
    """Convert the GGUF file ``path`` to an MLX model folder and return the folder.

    Weights are dequantized to ``dtype``; with ``quantize_bits`` they are then quantized
    by MLX (affine, group size 64). The default ``out_dir`` is in the cache, named by the
    file's SHA-256 and the options, and a finished folder is returned as is.
    """
    if dtype not in DTYPES:
        raise OptionsError(f"dtype must be one of {', '.join(DTYPES)}, not {dtype!r}")
    if quantize_bits is not None and quantize_bits not in QUANT_BITS:
        raise OptionsError(f"quantize_bits must be one of {QUANT_BITS} or None, not {quantize_bits!r}")
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"no GGUF file at {path}")
    if out_dir is None:
        suffix = f"-q{quantize_bits}" if quantize_bits else ""
        out_dir = cache_dir() / "mlx" / f"{_sha256(path)[:16]}-{dtype}{suffix}"
    out_dir = Path(out_dir)
    if (out_dir / _MARKER).is_file():
        return out_dir

    require("mlx.core", "mlx", "converting GGUF models to MLX")  # fail before any work
    reader = _open(path)
    meta = {k: f.contents() for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    arch = meta.get("general.architecture")
    if arch not in ARCHITECTURES:
        raise ModelFileError(
            f"{path.name}: converting architecture {arch!r} to MLX is not supported; "
            f"supported: {', '.join(ARCHITECTURES)}"
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        config = model_config(meta, reader.tensors)
        tmp.mkdir()
        # First: an unsupported tokenizer fails before minutes of weight conversion.
        write_tokenizer(meta, tmp, max_length=config["max_position_embeddings"])
        # Weights to quantize go to a side folder first: MLX loads them lazily from
        # there while it writes the quantized files.
        weights_dir = tmp / "unquantized" if quantize_bits else tmp
        weights_dir.mkdir(exist_ok=True)
        _write_json(weights_dir / "config.json", config)
        _write_weights(reader, meta, weights_dir, dtype, progress, desc=f"converting {path.name}")
        if quantize_bits:
            _quantize(weights_dir, tmp, quantize_bits)
            shutil.rmtree(weights_dir)
        (tmp / _MARKER).write_text(json.dumps({"source": str(path), "dtype": dtype,
                                               "quantize_bits": quantize_bits}))
        _publish(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def _open(path: Path):
    gguf = require("gguf", "mlx", "reading GGUF files")
    try:
        return gguf.GGUFReader(path)
    except Exception as exc:  # truncated or not a GGUF file: numpy/struct errors
        raise ModelFileError(f"{path} is not a readable GGUF file ({exc})") from exc


def _sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _hashes:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(8 << 20):
                h.update(chunk)
        _hashes[key] = h.hexdigest()
    return _hashes[key]


def _publish(tmp: Path, out_dir: Path) -> None:
    """Rename the finished folder into place; an unfinished one there is replaced."""
    if out_dir.exists() and not (out_dir / _MARKER).is_file():
        shutil.rmtree(out_dir, ignore_errors=True)
    try:
        os.replace(tmp, out_dir)
    except OSError:
        if not (out_dir / _MARKER).is_file():  # another process finished first: fine
            raise


def model_config(meta: dict, tensors) -> dict:
    """The Hugging Face ``config.json`` of a GGUF model, with the names mlx-lm reads."""
    arch = meta["general.architecture"]

    def get(key: str, default=None):
        return meta.get(f"{arch}.{key}", default)

    by_name = {t.name: t for t in tensors}
    names = set(by_name)
    if "token_embd.weight" not in names:
        raise ModelFileError("the GGUF file has no token_embd.weight tensor")
    if "rope_freqs.weight" in names:
        raise ModelFileError("Llama 3.1-style RoPE scaling (rope_freqs) is not supported for MLX yet")
    if arch == "llama" and get("expert_count"):
        raise ModelFileError("Mixtral-style MoE in a 'llama' GGUF is not supported for MLX yet")
    n_embd, n_head = get("embedding_length"), get("attention.head_count")
    config = {
        "model_type": ARCHITECTURES[arch],
        "hidden_size": n_embd,
        "num_hidden_layers": get("block_count"),
        "intermediate_size": get("feed_forward_length", 0),
        "num_attention_heads": n_head,
        "num_key_value_heads": get("attention.head_count_kv", n_head),
        "head_dim": get("attention.key_length", n_embd // n_head),
        "rms_norm_eps": get("attention.layer_norm_rms_epsilon", 1e-6),
        "rope_theta": get("rope.freq_base", 10000.0),
        "vocab_size": int(by_name["token_embd.weight"].shape[1]),  # GGUF shape (n_embd, n_vocab)
        "max_position_embeddings": get("context_length", 4096),
        "tie_word_embeddings": "output.weight" not in names,
        "attention_bias": "blk.0.attn_q.bias" in names,
        "mlp_bias": False,
    }
    scaling = get("rope.scaling.type")
    if scaling in ("linear", "yarn") and get("rope.scaling.factor"):
        config["rope_scaling"] = {"type": scaling, "factor": get("rope.scaling.factor")}
        if get("rope.scaling.original_context_length"):
            config["rope_scaling"]["original_max_position_embeddings"] = get(
                "rope.scaling.original_context_length")
    if get("expert_count"):
        config.update(
            num_experts=get("expert_count"),
            num_experts_per_tok=get("expert_used_count"),
            moe_intermediate_size=get("expert_feed_forward_length"),
            shared_expert_intermediate_size=get("expert_shared_feed_forward_length", 0),
            # llama.cpp renormalizes the chosen experts' weights for Qwen3-MoE only.
            norm_topk_prob=arch == "qwen3moe",
            decoder_sparse_step=1,
            mlp_only_layers=[],
        )
    bos = meta.get("tokenizer.ggml.bos_token_id")
    eos = eos_token_ids(meta)
    config["bos_token_id"] = int(bos) if bos is not None else None
    config["eos_token_id"] = eos[0] if len(eos) == 1 else (eos or None)
    return config


def hf_name(name: str) -> str:
    """The mlx-lm parameter name of the GGUF tensor ``name``."""
    stem, _, kind = name.rpartition(".")
    if stem in _TOP_NAMES:
        return f"{_TOP_NAMES[stem]}.{kind}"
    parts = stem.split(".")
    if len(parts) == 3 and parts[0] == "blk" and parts[2] in _LAYER_NAMES:
        return f"model.layers.{parts[1]}.{_LAYER_NAMES[parts[2]]}.{kind}"
    raise ModelFileError(f"unexpected tensor {name!r} in the GGUF file; cannot convert it to MLX")


def unpermute_rows(w, n_head: int):
    """Undo llama.cpp's Llama q/k permutation (``LlamaModel.permute`` in convert_hf_to_gguf).

    It regroups each head's rows from Hugging Face's two halves (rotate-half RoPE) into
    interleaved pairs (GGML's RoPE); mlx-lm's Llama expects the halves back.
    """
    rows = w.shape[0]
    return w.reshape(n_head, rows // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def _tensor_array(tensor, meta: dict):
    """One GGUF tensor as float32 numpy in Hugging Face layout."""
    import numpy as np
    from gguf.quants import dequantize

    try:
        w = dequantize(tensor.data, tensor.tensor_type)
    except NotImplementedError as exc:
        raise ModelFileError(f"tensor {tensor.name}: {exc}") from exc
    w = np.asarray(w, dtype=np.float32).reshape(tuple(int(d) for d in reversed(tensor.shape)))
    arch = meta["general.architecture"]
    if arch == "llama" and tensor.name.split(".")[-2] in ("attn_q", "attn_k"):
        heads = meta[f"{arch}.attention.head_count"]
        if tensor.name.split(".")[-2] == "attn_k":
            heads = meta.get(f"{arch}.attention.head_count_kv", heads)
        w = unpermute_rows(w, heads)
    if tensor.name.endswith("ffn_gate_inp_shexp.weight") and w.ndim == 1:
        w = w[None, :]  # a Linear(dim, 1) in mlx-lm
    return w


def _write_weights(reader, meta: dict, folder: Path, dtype: str, progress: bool, desc: str) -> None:
    """Dequantize, rename and save every tensor, in shards of at most ~4 GiB."""
    mx = require("mlx.core", "mlx", "converting GGUF models to MLX")
    target = getattr(mx, dtype)
    shard, size, files = {}, 0, []

    def flush():
        nonlocal shard, size
        if shard:
            files.append(folder / f"model-{len(files) + 1:05d}.safetensors")
            mx.save_safetensors(str(files[-1]), shard, metadata={"format": "mlx"})
            shard, size = {}, 0

    names = {t.name for t in reader.tensors}
    for tensor in _progress(reader.tensors, desc, progress):
        array = mx.array(_tensor_array(tensor, meta)).astype(target)
        mx.eval(array)
        shard[hf_name(tensor.name)] = array
        if tensor.name == "token_embd.weight" and "output.weight" not in names \
                and meta["general.architecture"] == "qwen2moe":
            shard["lm_head.weight"] = array  # mlx-lm's Qwen2-MoE always has its own head
        size += array.nbytes
        if size >= _SHARD_BYTES:
            flush()
    flush()
    if len(files) == 1:
        files[0].rename(folder / "model.safetensors")


def _quantize(src: Path, dst: Path, bits: int) -> None:
    """Quantize the model in ``src`` with mlx-lm and save it (weights + config) to ``dst``."""
    utils = require("mlx_lm.utils", "mlx", "quantizing models with MLX")
    model, config = utils.load_model(src, lazy=True)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints bits per weight
        model, config = utils.quantize_model(model, config, group_size=GROUP_SIZE, bits=bits)
    utils.save_model(dst, model)
    utils.save_config(config, dst / "config.json")


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2))


def _progress(items, desc: str, enabled: bool):
    if not enabled:
        return items
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, unit="tensor")
