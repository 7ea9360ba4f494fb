"""The llama.cpp backend on a real model (SmolLM2-135M from the `tiny` pack)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from spark_nb.engine import get_engine

CODE_SYSTEM = "You are a careful Python assistant. " + " ".join(
    f"Rule {i}: write clear, tested, idiomatic pandas code and explain it briefly." for i in range(40)
)
CHART_SYSTEM = "You describe charts precisely. " + " ".join(
    f"Guideline {i}: state exact numbers from the data and never guess." for i in range(40)
)
BUGGY_CELL = """import pandas as pd
df = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]})
df["c"] = df["a"] + df["b"]
totl = df["c"].sum()
print(total)
means = df.mean()
print(means)
"""


def test_stream_yields_the_completion_text_with_usage_and_timings(smollm2):
    stream = smollm2.stream("Write a Python function that adds two numbers.", max_tokens=40)
    deltas = list(stream)
    result = stream.wait()
    assert len(deltas) > 5
    assert "".join(deltas) == result.text
    assert result.finish_reason == "length" and result.usage.completion_tokens == 40
    assert result.usage.prompt_tokens > 10
    t = result.timings
    assert 0 < t.time_to_first_token <= t.total_seconds and t.decode_seconds > 0
    assert result.tokens_per_second > 0
    assert result.backend == "llama_cpp" and result.model == "smollm2-135m"


def test_greedy_is_deterministic_and_stop_strings_cut_the_text(smollm2):
    msgs = [{"role": "user", "content": "Count from 1 to 20, separated by commas."}]
    full = smollm2.complete(msgs, max_tokens=60)
    again = smollm2.complete(msgs, max_tokens=60)
    assert full.text == again.text
    assert len(full.text) > 30
    stop = full.text[20:26]  # a stop string the greedy answer is known to contain
    cut = smollm2.complete(msgs, max_tokens=60, stop=["@@never@@", stop])
    assert cut.finish_reason == "stop"
    assert cut.text == full.text[: full.text.find(stop)]
    assert cut.usage.completion_tokens < full.usage.completion_tokens


def test_prefix_reuse_for_extended_and_repeated_prompts(smollm2):
    first = [{"role": "system", "content": CODE_SYSTEM}, {"role": "user", "content": "Sum a column."}]
    r1 = smollm2.complete(first, max_tokens=8)
    again = smollm2.complete(first, max_tokens=8)
    assert again.usage.cached_prompt_tokens == again.usage.prompt_tokens - 1
    extended = first + [{"role": "assistant", "content": r1.text},
                        {"role": "user", "content": "Now the mean."}]
    r2 = smollm2.complete(extended, max_tokens=8)
    assert r2.usage.cached_prompt_tokens >= r1.usage.prompt_tokens - 1


def test_prefix_reuse_when_two_kinds_of_request_alternate(smollm2):
    def ask(system, question):
        msgs = [{"role": "system", "content": system}, {"role": "user", "content": question}]
        return smollm2.complete(msgs, max_tokens=6)

    a = ask(CODE_SYSTEM, "How do I group by month?")
    b = ask(CHART_SYSTEM, "What does a rising line mean?")
    a2 = ask(CODE_SYSTEM, "How do I drop duplicate rows?")
    b2 = ask(CHART_SYSTEM, "What is a histogram?")
    # Each request resumes from the saved state of its own kind, not the other's.
    assert a.usage.prompt_tokens > 300 and b.usage.prompt_tokens > 300
    assert a2.usage.cached_prompt_tokens > 300
    assert b2.usage.cached_prompt_tokens > 300


def test_prompt_lookup_gives_the_plain_greedy_text_with_accepted_drafts(smollm2):
    msgs = [{"role": "user", "content": "Fix the bug in this code and return the whole corrected "
                                         "code in one code block:\n```python\n" + BUGGY_CELL + "```"}]
    # Both start cold: a reused prefix was computed by a different kernel (prompt
    # batch vs single token) and may shift near-tied logits.
    smollm2.reset()
    plain = smollm2.complete(msgs, max_tokens=120)
    smollm2.reset()
    drafted = smollm2.complete(msgs, max_tokens=120, draft="prompt-lookup")
    assert drafted.text == plain.text
    assert drafted.usage.completion_tokens == plain.usage.completion_tokens
    assert drafted.usage.drafted_tokens > 0 and drafted.usage.accepted_tokens > 0
    assert plain.usage.drafted_tokens == 0


def test_json_schema_output_is_valid_json_of_that_schema(smollm2):
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
    }
    r = smollm2.complete("Describe a cat as JSON with a name and an age.", max_tokens=80,
                         json_schema=schema)
    value = json.loads(r.text)
    assert isinstance(value["name"], str) and isinstance(value["age"], int)
    assert r.finish_reason == "stop"


def test_temperature_sampling_with_seed_is_reproducible(smollm2):
    kw = dict(max_tokens=20, temperature=0.9, top_p=0.95, seed=7)
    a = smollm2.complete("Name a colour.", **kw)
    b = smollm2.complete("Name a colour.", **kw)
    assert a.text == b.text and a.usage.completion_tokens > 0


def test_cancel_mid_generation_stops_within_a_token(smollm2):
    stream = smollm2.stream("Write a long story about a data analyst.", max_tokens=400)
    got = []
    for delta in stream:
        got.append(delta)
        if len(got) == 3:
            stream.cancel()
    result = stream.wait()
    assert result.finish_reason == "cancelled"
    # The worker notices the cancel before the next token: at most one more arrives.
    assert result.usage.completion_tokens <= len(got) + 2


def test_cancel_during_prompt_processing(smollm2):
    long_prompt = "Summarise these numbers: " + ", ".join(str(i) for i in range(600))
    stream = smollm2.stream(long_prompt, max_tokens=10)
    time.sleep(0.05)
    stream.cancel()
    result = stream.wait(timeout=30)
    assert result.finish_reason == "cancelled"
    assert result.usage.completion_tokens == 0
    # Only part of the prompt was computed before the cancel took effect.
    evaluated = smollm2.call(lambda backend: len(backend._live))
    assert evaluated < result.usage.prompt_tokens
    # The engine is still healthy afterwards.
    assert smollm2.complete("Say hi.", max_tokens=3).usage.completion_tokens == 3


def test_keyboard_interrupt_in_the_caller_cancels_the_request(smollm2):
    # A runner started in the background (nohup, some CI agents) ignores SIGINT, and then
    # Python installs no KeyboardInterrupt handler: install it for this test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        stream = smollm2.stream("Write a very long essay about statistics.", max_tokens=2000)
        deltas = iter(stream)
        next(deltas)  # generating: the interrupt lands in the middle of the answer
        timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            for _ in deltas:
                pass
    finally:
        signal.signal(signal.SIGINT, previous)
    result = stream.wait(timeout=30)
    assert result.finish_reason == "cancelled"
    assert result.usage.completion_tokens < 2000


def test_caller_thread_is_free_while_the_model_generates(smollm2):
    stream = smollm2.stream("Write a poem about pandas.", max_tokens=60)
    # stream() returned before generation finished: the worker thread does the work.
    assert not stream.done
    assert stream.wait(timeout=60).usage.completion_tokens > 0


def test_long_conversation_is_trimmed_to_fit_and_too_long_request_is_refused(smollm2_path):
    from spark_nb.errors import ContextOverflowError

    engine = get_engine(str(smollm2_path), n_ctx=512)
    try:
        turns = []
        for i in range(12):
            turns += [{"role": "user", "content": f"Question {i}: " + "data " * 30},
                      {"role": "assistant", "content": "An answer " * 10}]
        turns.append({"role": "user", "content": "And finally?"})
        r = engine.complete(turns, max_tokens=16)
        assert r.usage.trimmed_messages > 0
        assert r.usage.prompt_tokens <= 512 - 16
        with pytest.raises(ContextOverflowError, match="context window"):
            engine.complete("word " * 2000, max_tokens=16)
    finally:
        engine.close()


def test_engines_are_shared_and_closing_cancels_and_refuses_new_requests(smollm2_path):
    from concurrent.futures import ThreadPoolExecutor

    from spark_nb.engine.worker import EngineClosedError

    with ThreadPoolExecutor(4) as pool:
        engines = list(pool.map(lambda _: get_engine(str(smollm2_path), n_ctx=1024), range(4)))
    engine = engines[0]
    assert all(e is engine for e in engines)
    running = engine.stream("Write a long essay about data.", max_tokens=2000)
    queued = engine.stream("And another one.", max_tokens=2000)
    next(iter(running))  # generation has started
    engine.close()
    assert running.wait(timeout=30).finish_reason == "cancelled"
    queued_result = queued.wait(timeout=30)
    assert queued_result.finish_reason == "cancelled" and queued_result.text == ""
    with pytest.raises(EngineClosedError, match="closed"):
        engine.stream("Too late.").wait(timeout=5)
    # Asking again gives a fresh, working engine.
    fresh = get_engine(str(smollm2_path), n_ctx=1024)
    assert fresh is not engine
    assert fresh.complete("Hi.", max_tokens=2).usage.completion_tokens == 2
    fresh.close()


def test_extra_weight_buffers_are_left_off_only_where_the_build_reports_amx():
    from spark_nb.engine.backends.llama_cpp import _has_amx

    class Lib:
        def __init__(self, info: bytes) -> None:
            self.info = info

        def llama_print_system_info(self) -> bytes:
            return self.info

    assert _has_amx(Lib(b"CPU : AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | REPACK = 1 |"))
    assert not _has_amx(Lib(b"CPU : AVX2 = 1 | AVX512 = 1 | REPACK = 1 |"))
    assert not _has_amx(object())  # a binding without the call


def test_extra_buffers_can_be_asked_for_and_an_unknown_option_names_it(smollm2_path):
    from spark_nb.errors import OptionsError

    with pytest.raises(OptionsError, match="extra_buffers"):
        get_engine("smollm2-135m", extra_bufers=False)
    engine = get_engine("smollm2-135m", n_ctx=512, extra_buffers=False)
    try:
        assert engine.complete("Say hi.", max_tokens=4).usage.completion_tokens >= 1
    finally:
        engine.close()
