"""Continuous batching on llama.cpp (SmolLM2-135M): requests join a running decode."""

from __future__ import annotations

import time

import pytest

from spark_nb.engine import get_engine
from spark_nb.engine.session import Session
from spark_nb.engine.stream import Stream

LONG = "Write a very long story about the sea, with many chapters."


@pytest.fixture(scope="module")
def engine(smollm2_path):
    e = get_engine("smollm2-135m", n_ctx=1024, cache_states=8)
    yield e
    e.close()


def offer(engine, session, prompt, **options):
    stream = Stream()
    assert engine.offer(session, prompt, into=stream, **options)
    return stream


def test_a_lone_request_in_a_session_gives_the_plain_greedy_answer(engine):
    expected = engine.complete("Name three colours.", max_tokens=30)
    session = Session()
    job = engine.run_session(session)
    got = offer(engine, session, "Name three colours.", max_tokens=30).wait(60)
    job.wait(30)
    assert got.text == expected.text and got.usage.completion_tokens == expected.usage.completion_tokens
    assert not session.open and not engine.offer(session, "late", into=Stream())  # it has ended


def test_a_request_that_arrives_later_joins_instead_of_waiting(engine):
    session = Session()
    job = engine.run_session(session)
    long = offer(engine, session, LONG, max_tokens=300)
    it = iter(long)
    next(it)  # the long answer is decoding
    short = offer(engine, session, "Say hi.", max_tokens=8)
    done = short.wait(60)
    assert done.text and done.finish_reason in ("stop", "length")
    assert not long.done  # the short one ended while the long one still ran
    rest = long.wait(120)
    job.wait(30)
    assert rest.usage.completion_tokens > done.usage.completion_tokens
    assert rest.finish_reason in ("stop", "length")


def test_candidates_share_their_prompt_and_a_cancel_ends_only_its_request(engine):
    session = Session()
    job = engine.run_session(session)
    other = offer(engine, session, LONG, max_tokens=200)
    batch = offer(engine, session, "Count to five.", max_tokens=12,
                  sequences=[{"temperature": 0}, {"temperature": 0.7, "seed": 1}, {"temperature": 0.7, "seed": 2}])
    tagged = list(batch)
    result = batch.wait(60)
    assert result.batched and len(result.completions) == 3
    for c in result.completions:
        assert c.text == "".join(t for i, t in tagged if i == c.index) and c.logprob is not None
    other.cancel()
    assert other.wait(30).finish_reason == "cancelled"
    job.wait(30)


def test_a_request_waits_for_room_in_the_context_then_runs(engine):
    session = Session()
    job = engine.run_session(session)
    first = offer(engine, session, LONG, max_tokens=600)  # 600 of the 1024 cells
    second = offer(engine, session, LONG + " Another one.", max_tokens=600)
    a = first.wait(180)
    b = second.wait(180)
    job.wait(30)
    assert a.timings.total_seconds and b.text
    # the second could start only once the first left: its first token came after the first's last
    assert b.timings.time_to_first_token > a.timings.total_seconds - 1.0
    assert b.usage.completion_tokens > 0
