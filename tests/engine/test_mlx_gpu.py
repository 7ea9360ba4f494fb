"""The MLX backend on a GPU (Metal or CUDA). Skipped where MLX has no GPU, as in CI."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mlx.core")

from spark_nb.engine import devices  # noqa: E402

pytestmark = pytest.mark.skipif(
    devices.mlx_device() not in ("metal", "cuda"),
    reason="MLX has no GPU here (needs Apple Silicon or the CUDA build: spark-nb[cuda])",
)


@pytest.fixture(scope="module")
def gpu_engine(smollm2_path):
    import spark_nb

    # On a GPU the GGUF is converted to fp16 and re-quantized to 8 bits (the default).
    engine = spark_nb.get_engine("smollm2-135m", backend="mlx")
    yield engine
    engine.close()


def test_runs_on_the_gpu_device(gpu_engine):
    assert gpu_engine.info.device.startswith("gpu")
    r = gpu_engine.complete("What is the capital of France?", max_tokens=12)
    assert "Paris" in r.text and r.tokens_per_second > 0


def test_gpu_prefix_reuse_prompt_lookup_and_json(gpu_engine):
    system = {"role": "system", "content": "You write pandas code. " * 20}
    first = gpu_engine.complete([system, {"role": "user", "content": "Sum a column."}], max_tokens=4)
    second = gpu_engine.complete([system, {"role": "user", "content": "Mean of a column."}], max_tokens=4)
    assert second.usage.cached_prompt_tokens >= first.usage.prompt_tokens - 12
    fix = "Return this code corrected:\n```python\ntotl = 1\nprint(total)\n```"
    gpu_engine.reset()
    plain = gpu_engine.complete(fix, max_tokens=40)
    gpu_engine.reset()
    drafted = gpu_engine.complete(fix, max_tokens=40, draft="prompt-lookup")
    assert drafted.text == plain.text and drafted.usage.drafted_tokens > 0
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    value = json.loads(gpu_engine.complete("Give a JSON object with a number n.", max_tokens=30,
                                           json_schema=schema).text)
    assert isinstance(value["n"], int)
