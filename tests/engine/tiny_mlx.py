"""Write tiny random-weight MLX model folders that ``mlx_lm.utils.load`` opens, for tests.

Each folder holds ``config.json``, ``model.safetensors`` and a real Hugging Face fast
tokenizer (byte-level BPE trained here on a small built-in corpus, ChatML template), so
the whole mlx-lm path runs offline exactly as with a downloaded model: config ->
model class -> ``sanitize`` -> weights -> tokenizer -> chat template -> generation.
The weights are random: the models prove that MLX loads and runs an architecture
(dense or Mixture-of-Experts router with top-k experts), not that they write sense.

Sizes are kept tiny (hidden 64, 2 layers, fp32, ~0.1-0.3 M parameters) because MLX's
Linux CPU kernels are scalar; a folder is written in well under a second.
"""

from __future__ import annotations

import importlib
import json
import math
import os
from functools import lru_cache
from pathlib import Path

FAMILIES = ("qwen3_moe", "mixtral", "olmoe", "llama", "qwen2")
MOE_FAMILIES = ("qwen3_moe", "mixtral", "olmoe")

IM_START, IM_END, ENDOFTEXT = "<|im_start|>", "<|im_end|>", "<|endoftext|>"
SPECIAL_TOKENS = (ENDOFTEXT, IM_START, IM_END)
VOCAB_SIZE = 768

# ChatML, as Qwen ships it minus tool handling: enough for mlx-lm and our prompts.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# A few lines of the text the assistant sees (pandas code, English, Japanese), so the
# merges are plausible; the byte-level alphabet still encodes any text at all.
CORPUS = (
    "import pandas as pd",
    "import numpy as np",
    "import matplotlib.pyplot as plt",
    "df = pd.read_csv('sales.csv', parse_dates=['date'])",
    "df['month'] = df['date'].dt.to_period('M')",
    "monthly = df.groupby('month')['amount'].sum().reset_index()",
    "df.groupby(['region', 'month']).agg({'amount': 'sum', 'qty': 'mean'})",
    "df = df.dropna(subset=['amount']).sort_values('date')",
    "df.merge(customers, on='customer_id', how='left')",
    "df.pivot_table(index='month', columns='region', values='amount', aggfunc='sum')",
    "print(df.head())",
    "print(df.describe())",
    "plt.plot(monthly['month'].astype(str), monthly['amount'])",
    "plt.show()",
    "def total(values: list[float]) -> float:",
    "    return sum(values)",
    "for i, row in df.iterrows():",
    "    if row['amount'] > 100:",
    "        print(i, row['amount'])",
    "class Report:",
    "    def __init__(self, df):",
    "        self.df = df",
    "Here is the code to aggregate sales by month.",
    "The function returns the total of the values in the list.",
    "This error means the column does not exist in the data frame.",
    "You can fix it by checking the column names with df.columns.",
    "Explain what this cell does and suggest a faster way.",
    "The plot shows the monthly sales for each region.",
    "売上を月ごとに集計してください。",
    "このセルはデータを読み込んで、欠損値を削除します。",
    "列名が存在しないためにエラーが発生しています。",
    "月別の売上をグラフで表示します。",
    "データフレームの先頭を表示する。",
    "地域ごとの平均を計算して、結果を並べ替えます。",
)


def _train_tokenizer():
    """Train the byte-level BPE; deterministic for the fixed corpus and settings."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    # No prefix space: decode(encode(text)) must give back exactly ``text``.
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        min_frequency=1,
        special_tokens=list(SPECIAL_TOKENS),
        # All 256 byte symbols, so no text ever falls outside the vocabulary.
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    # Repeat the corpus so that frequent pairs clearly outrank one-off ones.
    tok.train_from_iterator(list(CORPUS) * 4, trainer=trainer)
    return tok


@lru_cache(maxsize=1)
def _tokenizer_json() -> str:
    """The serialised tokenizer, trained once per process (several folders share it)."""
    return _train_tokenizer().to_str(pretty=True)


def _tokenizer_config() -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": None,
        "eos_token": IM_END,
        "pad_token": ENDOFTEXT,
        "unk_token": None,
        "add_bos_token": False,
        "add_prefix_space": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 4096,
        "chat_template": CHAT_TEMPLATE,
    }


def tokenizer_vocab() -> dict[str, int]:
    """Token -> id of the tiny tokenizer, special tokens included."""
    data = json.loads(_tokenizer_json())
    return data["model"]["vocab"] | {t["content"]: t["id"] for t in data["added_tokens"]}


def build_tokenizer(folder: os.PathLike | str) -> None:
    """Write ``tokenizer.json`` and ``tokenizer_config.json`` (ChatML) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tokenizer.json").write_text(_tokenizer_json(), encoding="utf-8")
    _write_json(folder / "tokenizer_config.json", _tokenizer_config())


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# -- model config ------------------------------------------------------------------

_COMMON = {
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,  # grouped-query attention, as in every real family here
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "max_position_embeddings": 4096,
    "torch_dtype": "float32",
}

# Per family: the ModelArgs fields its mlx_lm module needs, at tiny sizes. Tied
# embeddings follow the real checkpoints (small Llama/Qwen2 tie, the MoE ones do not),
# so both the ``lm_head`` and the ``as_linear`` paths are covered.
_FAMILY = {
    "qwen3_moe": {
        "head_dim": 16,
        "intermediate_size": 128,  # dense MLP, only used by mlp_only_layers
        "moe_intermediate_size": 32,
        "num_experts": 4,
        "num_experts_per_tok": 2,
        "decoder_sparse_step": 1,
        "mlp_only_layers": [],
        "norm_topk_prob": True,
        "tie_word_embeddings": False,
    },
    "mixtral": {
        "intermediate_size": 32,  # per expert
        "num_local_experts": 4,
        "num_experts_per_tok": 2,
        "tie_word_embeddings": False,
    },
    "olmoe": {
        "intermediate_size": 32,  # per expert
        "num_experts": 4,
        "num_experts_per_tok": 2,
        "norm_topk_prob": False,
        "tie_word_embeddings": False,
    },
    "llama": {"intermediate_size": 128, "tie_word_embeddings": True},
    "qwen2": {"intermediate_size": 128, "tie_word_embeddings": True},
}


def tiny_config(family: str, **overrides) -> dict:
    """``config.json`` content for a tiny ``family`` model; ``overrides`` win."""
    if family not in _FAMILY:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    vocab = tokenizer_vocab()
    config = {
        "model_type": family,
        "architectures": [f"tiny-random-{family}"],
        "vocab_size": len(vocab),
        "eos_token_id": vocab[IM_END],
        "pad_token_id": vocab[ENDOFTEXT],
        "bos_token_id": None,
        **_COMMON,
        **_FAMILY[family],
    }
    config.update(overrides)
    return config


# -- model weights -----------------------------------------------------------------


def _init_value(name: str, shape: tuple[int, ...], key):
    """A random value for one parameter: unit norms, 1/sqrt(fan_in) matrices."""
    import mlx.core as mx

    if name.endswith("norm.weight"):
        # RMSNorm scales at 1 as in freshly initialised real models; randomising them
        # adds nothing and would make q/k norms shrink attention arbitrarily.
        return mx.ones(shape, dtype=mx.float32)
    if name.endswith("bias"):
        # Small but non-zero, so a lost bias (qwen2 q/k/v) shows up in the logits.
        return 0.1 * mx.random.normal(shape, key=key)
    if name.endswith("embed_tokens.weight"):
        # Rows of norm ~1, small next to the layers' outputs (norm ~sqrt(hidden)): with
        # unit-variance rows a tied head sees mostly the input embedding and just echoes
        # the last token, so greedy text would be one token repeated.
        return mx.random.normal(shape, key=key) / math.sqrt(shape[-1])
    # Linear (out, in) and SwitchLinear (experts, out, in): fan_in is the last axis.
    return mx.random.normal(shape, key=key) / math.sqrt(shape[-1])


def _randomise(model, seed: int) -> None:
    """Replace every parameter, one split key per name in sorted order (deterministic)."""
    import mlx.core as mx
    from mlx.utils import tree_flatten

    params = sorted(tree_flatten(model.parameters()))
    keys = mx.random.split(mx.random.key(seed), len(params))
    new = [(name, _init_value(name, tuple(p.shape), k)) for (name, p), k in zip(params, keys)]
    model.load_weights(new, strict=True)
    mx.eval(model.parameters())


def build_tiny_mlx_model(config: dict, *, seed: int = 0):
    """The in-memory mlx_lm ``Model`` for ``config`` with seeded random weights."""
    module = importlib.import_module(f"mlx_lm.models.{config['model_type']}")
    model = module.Model(module.ModelArgs.from_dict(config))
    _randomise(model, seed)
    model.eval()
    return model


def save_weights(folder: Path, model) -> None:
    """Save parameters under the names mlx_lm loads directly (stacked expert weights).

    This is the layout of mlx-community conversions: ``switch_mlp.*`` tensors of shape
    (experts, out, in). ``sanitize`` passes it through untouched; HF's per-expert
    ``experts.N.*`` layout would also load, but is larger and not what MLX folders hold.
    """
    import mlx.core as mx
    from mlx.utils import tree_flatten

    weights = dict(tree_flatten(model.parameters()))
    mx.save_safetensors(str(folder / "model.safetensors"), weights, metadata={"format": "mlx"})


def write_tiny_mlx_model(
    folder: os.PathLike | str, family: str, *, seed: int = 0, **overrides
) -> Path:
    """Write a random ``family`` model (config, weights, tokenizer) to ``folder``; return it.

    ``overrides`` replace config fields (e.g. ``num_hidden_layers=1``, ``num_experts=8``,
    which Mixtral calls ``num_local_experts``); MoE families default to 4 experts with
    2 active per token.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = tiny_config(family, **overrides)
    model = build_tiny_mlx_model(config, seed=seed)
    _write_json(folder / "config.json", config)
    save_weights(folder, model)
    build_tokenizer(folder)
    return folder
