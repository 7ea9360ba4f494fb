"""Batched candidates on the MLX backend, on tiny random-weight models (MoE and dense).

The greedy rows of a batch are compared with single requests exactly: on these models
(and on SmolLM2 converted to fp32, measured over 48 tokens) a row of a (K, 1) forward
pass gives the same argmax as the batch-1 pass, so no tolerance is needed.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mlx.core")

import spark_nb  # noqa: E402
from spark_nb.engine.stream import Stream  # noqa: E402
from spark_nb.engine.types import GenerationOptions  # noqa: E402
from tests.engine.tiny_mlx import write_tiny_mlx_model  # noqa: E402

PROMPT = "Repeat this code exactly:\n" + "def add(a, b):\n    return a + b\n" * 3
GREEDY = {"temperature": 0}


@pytest.fixture(scope="module", params=["qwen3_moe", "llama"])
def folder(request, tmp_path_factory):
    return write_tiny_mlx_model(tmp_path_factory.mktemp(request.param), request.param, seed=1)


@pytest.fixture(scope="module")
def engine(folder):
    eng = spark_nb.get_engine(str(folder), allow_cpu=True)
    yield eng
    eng.close()


def test_one_sequence_batch_equals_complete(engine):
    single = engine.complete(PROMPT, max_tokens=24)
    batch = engine.complete_batch(PROMPT, sequences=[GREEDY], max_tokens=24)
    assert batch.batched and batch.backend == "mlx"
    (c,) = batch.completions
    assert c.index == 0 and c.text == single.text
    assert c.usage.completion_tokens == single.usage.completion_tokens == 24
    assert c.logprob is not None and c.logprob < 0


def test_greedy_rows_equal_the_single_answer(engine):
    single = engine.complete(PROMPT, max_tokens=32)
    batch = engine.complete_batch(PROMPT, sequences=[GREEDY] * 3, max_tokens=32)
    assert batch.texts == [single.text] * 3
    assert [c.index for c in batch.completions] == [0, 1, 2]
    # The prompt is counted once; every sequence's tokens are counted.
    assert batch.usage.prompt_tokens == single.usage.prompt_tokens
    assert batch.usage.completion_tokens == 3 * 32


def test_sampled_candidates_are_reproducible(engine):
    first = engine.complete_batch(PROMPT, n=4, max_tokens=12)
    again = engine.complete_batch(PROMPT, n=4, max_tokens=12)
    assert first.texts == again.texts
    assert [c.logprob for c in first.completions] == pytest.approx([c.logprob for c in again.completions])
    assert first.texts[0] == engine.complete(PROMPT, max_tokens=12).text  # candidate 0 is greedy
    assert len(set(first.texts[1:])) > 1, "different seeds should give different samples"
    other = engine.complete_batch(PROMPT, n=4, max_tokens=12, seed=100)
    assert other.texts[1:] != first.texts[1:]


def test_max_tokens_and_stop_strings_per_sequence(engine):
    full = engine.complete(PROMPT, max_tokens=16).text
    stop = full[6:8]
    expected = engine.complete(PROMPT, max_tokens=16, stop=[stop])
    assert expected.finish_reason == "stop"
    batch = engine.complete_batch(PROMPT, temperature=0, sequences=[
        {"max_tokens": 3}, {"max_tokens": 9}, {"max_tokens": 16, "stop": [stop]}, {"max_tokens": 16}])
    tokens = [c.usage.completion_tokens for c in batch.completions]
    assert tokens[:2] == [3, 9] and tokens[3] == 16
    assert [c.finish_reason for c in batch.completions] == ["length", "length", "stop", "length"]
    assert batch.completions[2].text == expected.text
    assert batch.completions[3].text == full


def test_streamed_deltas_are_tagged_with_their_index(engine):
    stream = engine.stream_batch(PROMPT, n=3, max_tokens=10)
    parts: dict[int, list[str]] = {}
    for index, text in stream:
        parts.setdefault(index, []).append(text)
    batch = stream.wait()
    assert sorted(parts) == [0, 1, 2]
    assert ["".join(parts[i]) for i in range(3)] == batch.texts


def test_cancel_ends_every_sequence(engine):
    stream = engine.stream_batch(PROMPT, n=3, max_tokens=400)
    seen = 0
    for _ in stream:
        seen += 1
        if seen == 4:
            stream.cancel()
    batch = stream.wait(timeout=60)
    assert [c.finish_reason for c in batch.completions] == ["cancelled"] * 3
    # The worker may run a few steps ahead of the reader before it sees the cancel.
    assert all(c.usage.completion_tokens < 200 for c in batch.completions)


def test_cancel_during_the_prompt_gives_empty_answers(engine):
    opts = [GenerationOptions(max_tokens=5)] * 2
    stream = Stream()
    stream.cancel()
    msgs = [{"role": "user", "content": "numbers " + " ".join(map(str, range(300)))}]
    batch = engine.call(lambda b: b.generate_batch(msgs, opts, stream))
    assert [(c.text, c.finish_reason) for c in batch.completions] == [("", "cancelled")] * 2


def test_state_is_restored_after_a_batch(engine):
    engine.reset()
    before = engine.complete(PROMPT, max_tokens=20)
    batch = engine.complete_batch(PROMPT, n=3, max_tokens=20)

    def state(b):
        c = b.cache[0]
        return len(b._live), c.offset, c.keys.shape[0]

    live, offset, rows = engine.call(state)
    # The backend keeps sequence 0 (greedy): the prompt and the tokens it forwarded.
    assert rows == 1 and live == offset == batch.usage.prompt_tokens + 20 - 1
    after = engine.complete(PROMPT, max_tokens=20)
    assert after.text == before.text == batch.texts[0]
    assert after.usage.cached_prompt_tokens == after.usage.prompt_tokens - 1


def test_json_schema_per_sequence(engine):
    batch = engine.complete_batch(PROMPT, n=3, max_tokens=20, json_schema={"type": "boolean"})
    for c in batch.completions:
        assert c.finish_reason == "stop" and json.loads(c.text) in (True, False)
    choice = {"type": "string", "enum": ["yes", "no", "maybe"]}
    batch = engine.complete_batch(PROMPT, sequences=[{"json_schema": choice}, {}], max_tokens=8,
                                  temperature=0)
    assert json.loads(batch.completions[0].text) in ("yes", "no", "maybe")
    assert batch.completions[1].usage.completion_tokens == 8  # no schema: free text


def test_the_context_window_ends_every_row(folder):
    eng = spark_nb.get_engine(str(folder), allow_cpu=True, n_ctx=40)
    try:
        batch = eng.complete_batch("hi", sequences=[GREEDY] * 3, max_tokens=100)
        n_prompt = batch.usage.prompt_tokens
        # Every row holds the prompt and its own tokens; the last token needs no cell.
        assert [c.usage.completion_tokens for c in batch.completions] == [40 - n_prompt + 1] * 3
        assert [c.finish_reason for c in batch.completions] == ["length"] * 3
        assert len(set(batch.texts)) == 1
    finally:
        eng.close()
