"""The MLX backend on tiny random-weight models (MoE and dense) on MLX's CPU build."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("mlx.core")

import spark_nb  # noqa: E402
from spark_nb.errors import BackendError, ModelFileError, OptionsError  # noqa: E402
from tests.engine.tiny_mlx import write_tiny_mlx_model  # noqa: E402

CODE = "def add(a, b):\n    return a + b\n\nprint(add(2, 3))\n"
PROMPT = "Repeat this code exactly:\n" + CODE * 3
SYSTEM_A = "You write pandas code. " * 12
SYSTEM_B = "You describe charts. " * 12


@pytest.fixture(scope="module", params=["qwen3_moe", "mixtral", "olmoe", "llama"])
def engine(request, tmp_path_factory):
    folder = write_tiny_mlx_model(tmp_path_factory.mktemp(request.param), request.param, seed=1)
    eng = spark_nb.get_engine(str(folder), allow_cpu=True)
    yield eng
    eng.close()


def test_loads_with_family_and_experts(engine):
    info = engine.info
    assert info.backend == "mlx" and info.device.startswith("cpu")
    family = info.details["architecture"]
    assert info.details["experts"] == (0 if family == "llama" else 4)


def test_streams_text_with_usage_and_is_deterministic(engine):
    stream = engine.stream(PROMPT, max_tokens=12)
    deltas = list(stream)
    r = stream.wait()
    assert "".join(deltas) == r.text
    assert r.usage.completion_tokens == 12 and r.finish_reason == "length"
    assert r.usage.prompt_tokens > 20 and r.timings.time_to_first_token > 0
    assert engine.complete(PROMPT, max_tokens=12).text == r.text


def test_prefix_reuse_and_alternating_kinds(engine):
    def ask(system, q):
        return engine.complete([{"role": "system", "content": system},
                                {"role": "user", "content": q}], max_tokens=3)

    a = ask(SYSTEM_A, "group by month")
    again = ask(SYSTEM_A, "group by month")
    assert again.usage.cached_prompt_tokens == again.usage.prompt_tokens - 1
    assert again.text == a.text
    ask(SYSTEM_B, "a rising line")
    a2 = ask(SYSTEM_A, "drop duplicates")
    b2 = ask(SYSTEM_B, "a histogram")
    assert a2.usage.cached_prompt_tokens > 40 and b2.usage.cached_prompt_tokens > 40
    # A restored state gives the same answer as computing the prompt from scratch.
    engine.reset()
    cold = ask(SYSTEM_A, "drop duplicates")
    assert cold.usage.cached_prompt_tokens == 0 and cold.text == a2.text


def test_prompt_lookup_gives_the_plain_greedy_text(engine):
    engine.reset()
    plain = engine.complete(PROMPT, max_tokens=40)
    engine.reset()
    drafted = engine.complete(PROMPT, max_tokens=40, draft="prompt-lookup")
    assert drafted.text == plain.text
    assert drafted.usage.completion_tokens == plain.usage.completion_tokens
    assert drafted.usage.drafted_tokens > 0


def test_sampling_with_a_seed_is_reproducible(engine):
    a = engine.complete(PROMPT, max_tokens=8, temperature=0.9, top_p=0.9, seed=5)
    b = engine.complete(PROMPT, max_tokens=8, temperature=0.9, top_p=0.9, seed=5)
    assert a.text == b.text and a.usage.completion_tokens == 8


def test_cancel_mid_generation_and_during_the_prompt(engine, tmp_path):
    stream = engine.stream(PROMPT, max_tokens=500)
    got = []
    for d in stream:
        got.append(d)
        if len(got) == 2:
            stream.cancel()
    r = stream.wait(timeout=60)
    assert r.finish_reason == "cancelled" and r.usage.completion_tokens <= len(got) + 2
    long = engine.stream("numbers " + " ".join(str(i) for i in range(500)), max_tokens=5)
    time.sleep(0.05)
    long.cancel()
    r2 = long.wait(timeout=60)
    assert r2.finish_reason == "cancelled" and r2.usage.completion_tokens == 0
    assert engine.call(lambda b: len(b._live)) < r2.usage.prompt_tokens


def test_cpu_without_permission_is_refused_with_advice(tmp_path, monkeypatch):
    monkeypatch.delenv("SPARK_NB_MLX_CPU", raising=False)
    folder = write_tiny_mlx_model(tmp_path / "m", "llama")
    with pytest.raises(BackendError, match="backend='llama_cpp'"):
        spark_nb.get_engine(str(folder))


def test_unknown_options_and_oversized_models_are_refused(tmp_path, monkeypatch):
    import os

    folder = write_tiny_mlx_model(tmp_path / "m", "llama")
    with pytest.raises(OptionsError, match="valid options are"):
        spark_nb.get_engine(str(folder), allow_cpu=True, n_gpu_layers=1)
    real = os.sysconf
    monkeypatch.setattr(os, "sysconf", lambda n: 1 if n == "SC_PHYS_PAGES" else real(n))
    with pytest.raises(ModelFileError, match="GB of memory"):
        spark_nb.get_engine(str(folder), allow_cpu=True, n_ctx=999)


@pytest.fixture(scope="module")
def smollm2_mlx(smollm2_path):
    """The registry's SmolLM2 GGUF pack, converted to MLX (fp32 on the CPU) and loaded."""
    eng = spark_nb.get_engine("smollm2-135m", backend="mlx", allow_cpu=True)
    yield eng
    eng.close()


def test_gguf_pack_runs_on_mlx_with_json_schema(smollm2_mlx):
    import json

    assert smollm2_mlx.info.details["architecture"] == "llama"
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
              "required": ["name", "age"]}
    r = smollm2_mlx.complete("Describe a cat as JSON with a name and an age.", max_tokens=60,
                             json_schema=schema)
    value = json.loads(r.text)
    assert isinstance(value["name"], str) and isinstance(value["age"], int)
    assert r.finish_reason == "stop"


def test_real_model_prompt_lookup_copies_and_matches_plain(smollm2_mlx):
    fix = [{"role": "user", "content": "Fix the bug and return the whole corrected code:\n```python\n"
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\ntotl = df['a'].sum()\n"
            "print(total)\n```"}]
    smollm2_mlx.reset()
    plain = smollm2_mlx.complete(fix, max_tokens=48)
    smollm2_mlx.reset()
    drafted = smollm2_mlx.complete(fix, max_tokens=48, draft="prompt-lookup")
    assert drafted.text == plain.text
    assert drafted.usage.accepted_tokens > 0


def _llama_greedy(backend, prompt, n):
    """llama.cpp's own greedy continuation, token by token."""
    import llama_cpp
    import numpy as np

    from spark_nb.engine.cancel import CancelToken

    backend.reset()
    backend._eval_prompt(prompt, 0, CancelToken())
    vocab = llama_cpp.llama_vocab_n_tokens(backend._vocab)
    out = []
    for _ in range(n):
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(backend._ctx.ctx, -1), shape=(vocab,))
        out.append(int(logits.argmax()))
        backend._decode([out[-1]], logits_all=False)
    backend.reset()
    return out


def _mlx_teacher_forced(backend, prompt, continuation):
    """MLX's top-1 at each continuation position, fed llama.cpp's tokens."""
    import mlx.core as mx

    logits = backend.model(mx.array([prompt + continuation]))[0]
    start = len(prompt) - 1
    return mx.argmax(logits[start : start + len(continuation)], axis=-1).tolist()


def test_mlx_and_llama_cpp_agree_teacher_forced(smollm2_mlx, smollm2):
    """The same GGUF through both backends: fp32 MLX vs llama.cpp's Q4_1 kernels."""
    msgs = [{"role": "user", "content": "Write a pandas one-liner that counts rows per region."}]
    prompt = smollm2.call(lambda b: b.prompt_tokens(msgs))
    assert smollm2_mlx.call(lambda b: b.prompt_tokens(msgs)) == prompt  # same ids
    cont = smollm2.call(lambda b: _llama_greedy(b, prompt, 16))
    preds = smollm2_mlx.call(lambda b: _mlx_teacher_forced(b, prompt, cont))
    agree = sum(p == c for p, c in zip(preds, cont))
    assert agree >= 15, (agree, preds, cont)


def test_apple_silicon_defaults_to_mlx(monkeypatch, smollm2_path):
    from spark_nb.engine import devices, registry

    monkeypatch.setattr(devices, "is_apple_silicon", lambda: True)
    assert registry.resolve("smollm2-135m").backend == "mlx"
    monkeypatch.setattr(devices, "is_apple_silicon", lambda: False)
    assert registry.resolve("smollm2-135m").backend == "llama_cpp"
