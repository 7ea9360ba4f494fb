"""Build a Hugging Face tokenizer (``tokenizer.json`` + ``tokenizer_config.json``) from GGUF metadata.

A GGUF file carries its whole tokenizer: the vocabulary, the BPE merges, each token's
type (normal, control, user-defined...) and the name of the pre-tokenizer
(``tokenizer.ggml.pre``). llama.cpp maps that name to a list of regular expressions
applied one after another; we rebuild the same chain with the ``tokenizers`` library so
that MLX sees exactly the ids llama.cpp sees.
"""

from __future__ import annotations

import json
from pathlib import Path

from spark_nb._extras import require
from spark_nb.errors import ModelFileError

# The pre-tokenizer regexes of llama.cpp (src/llama-vocab.cpp), by family.
_CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
_GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"
_LLAMA3 = (_CONTRACTIONS + r"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
           r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
# Qwen2 is Llama 3's expression with single digits.
_QWEN2 = _LLAMA3.replace(r"\p{N}{1,3}", r"\p{N}")
_REGEXES = {
    "llama3": [_LLAMA3],
    "qwen2": [_QWEN2],
    "starcoder": [r"\p{N}", _GPT2],  # digits alone first, then GPT-2's expression
    "gpt2": [_GPT2],
    # What llama.cpp does for a name it does not know.
    "default": [r"[\p{P}\$\+<=>\^~\|]+", _GPT2, r"\p{N}+", "[0-9][0-9][0-9]"],
}
_PRE_FAMILY = {
    **dict.fromkeys(("llama3", "llama-v3", "llama-bpe", "falcon3", "dbrx", "smaug-bpe"), "llama3"),
    **dict.fromkeys(("qwen2", "stablelm2", "deepseek-r1-qwen", "hunyuan"), "qwen2"),
    **dict.fromkeys(("smollm", "starcoder", "refact", "command-r", "codeshell", "exaone",
                     "minerva-7b"), "starcoder"),
    **dict.fromkeys(("gpt-2", "mpt", "olmo", "jais", "trillion"), "gpt2"),
}
# llama.cpp takes a whole pre-token as one id when the vocabulary has it, skipping
# merges, only for these (its "ignore_merges"); Hugging Face's BPE has the same switch.
_IGNORE_MERGES = {"llama3", "llama-v3", "llama-bpe", "falcon3"}

_CONTROL, _USER_DEFINED = 3, 4  # llama.cpp's token types


def pre_tokenizer_regexes(pre: str | None) -> list[str]:
    """The regexes llama.cpp splits text with for ``tokenizer.ggml.pre`` = ``pre``."""
    return _REGEXES[_PRE_FAMILY.get(pre or "default", "default")]


def build_tokenizer(meta: dict):
    """A ``tokenizers.Tokenizer`` equal to llama.cpp's for the GGUF metadata ``meta``."""
    tk = require("tokenizers", "mlx", "building the tokenizer of a GGUF model")
    kind = meta.get("tokenizer.ggml.model")
    if kind != "gpt2":
        raise ModelFileError(
            f"this GGUF's tokenizer is {kind!r}; converting to MLX supports only byte-level "
            "BPE ('gpt2', as in Llama 3, Qwen and SmolLM models)"
        )
    tokens = meta["tokenizer.ggml.tokens"]
    types = meta.get("tokenizer.ggml.token_type") or [1] * len(tokens)
    pre = meta.get("tokenizer.ggml.pre")
    merges = [tuple(m.split(" ", 1)) for m in meta.get("tokenizer.ggml.merges", [])]
    model = tk.models.BPE(
        vocab={t: i for i, t in enumerate(tokens)}, merges=merges,
        ignore_merges=pre in _IGNORE_MERGES,
    )
    tokenizer = tk.Tokenizer(model)
    splits = [tk.pre_tokenizers.Split(tk.Regex(r), behavior="isolated")
              for r in pre_tokenizer_regexes(pre)]
    # Split first, then map bytes to the printable characters the vocabulary uses.
    tokenizer.pre_tokenizer = tk.pre_tokenizers.Sequence(
        splits + [tk.pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]
    )
    tokenizer.decoder = tk.decoders.ByteLevel()
    # Control tokens (<|im_start|>...) are matched whole before splitting, like
    # llama.cpp's tokenize(..., special=True); user-defined ones always are.
    tokenizer.add_special_tokens([
        tk.AddedToken(t, special=True, normalized=False)
        for t, ty in zip(tokens, types) if ty == _CONTROL
    ])
    tokenizer.add_tokens([
        tk.AddedToken(t, special=False, normalized=False)
        for t, ty in zip(tokens, types) if ty == _USER_DEFINED
    ])
    bos = meta.get("tokenizer.ggml.bos_token_id")
    if meta.get("tokenizer.ggml.add_bos_token") and bos is not None:
        tokenizer.post_processor = tk.processors.TemplateProcessing(
            single=f"{tokens[bos]} $A", pair=f"{tokens[bos]} $A $B",
            special_tokens=[(tokens[bos], bos)],
        )
    return tokenizer


def eos_token_ids(meta: dict) -> list[int]:
    """End-of-sequence ids: EOS plus end-of-turn/message when the GGUF names them."""
    ids = []
    for key in ("eos", "eot", "eom"):
        i = meta.get(f"tokenizer.ggml.{key}_token_id")
        if i is not None and i not in ids:
            ids.append(int(i))
    return ids


def write_tokenizer(meta: dict, folder: Path, *, max_length: int | None = None) -> None:
    """Write ``tokenizer.json`` and ``tokenizer_config.json`` for ``meta`` into ``folder``."""
    tokenizer = build_tokenizer(meta)
    tokenizer.save(str(folder / "tokenizer.json"))
    tokens = meta["tokenizer.ggml.tokens"]

    def token(key: str) -> str | None:
        i = meta.get(f"tokenizer.ggml.{key}_token_id")
        return tokens[i] if i is not None and 0 <= i < len(tokens) else None

    eos = eos_token_ids(meta)
    config = {
        # The generic class: a model-specific one (LlamaTokenizer...) would make
        # transformers rebuild the pre-tokenizer its own way instead of ours.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": token("bos"),
        "eos_token": tokens[eos[0]] if eos else None,
        "pad_token": token("padding"),
        "unk_token": token("unknown"),
        "add_bos_token": bool(meta.get("tokenizer.ggml.add_bos_token", False)),
        "add_eos_token": bool(meta.get("tokenizer.ggml.add_eos_token", False)),
        "clean_up_tokenization_spaces": False,
        "model_max_length": max_length or 1 << 20,
    }
    if meta.get("tokenizer.chat_template"):
        config["chat_template"] = meta["tokenizer.chat_template"]
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False))
