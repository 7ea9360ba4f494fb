"""Batches on the openai backend: concurrent requests to a real llama-cpp-python server
(SmolLM2-135M on 127.0.0.1) and to small fake servers."""

from __future__ import annotations

import contextlib
import itertools
import time

import pytest

from spark_nb import get_engine
from spark_nb.errors import BackendError
from tests.engine.servers import serving
from tests.engine.test_openai_backend import HELLO, delta, fake, reply, sse  # noqa: F401

PROMPT = "Write one sentence about cats."


@pytest.fixture(scope="module")
def patient(smollm2_path, tmp_path_factory):
    """An engine on a server that queues concurrent requests instead of cutting streams."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serving(smollm2_path, log, "--interrupt_requests", "False", threads=2) as url:
        engine = get_engine("openai:smollm2", base_url=url)
        yield engine
        engine.close()


def warm_greedy(engine, **options):
    # llama-cpp-python's server reuses the previous prompt's cache, and its greedy text
    # from a warm cache can differ from a cold one: compare warm answers only.
    engine.complete(PROMPT, temperature=0, **options)
    return engine.complete(PROMPT, temperature=0, **options)


def tagged(stream):
    """Iterate a batch stream: the batch and each index's joined deltas."""
    parts: dict[int, str] = {}
    for index, text in stream:
        parts[index] = parts.get(index, "") + text
    return stream.wait(), parts


def test_candidates_are_tagged_and_the_greedy_one_matches_complete(patient):
    single = warm_greedy(patient, max_tokens=24)
    batch, parts = tagged(patient.stream_batch(PROMPT, n=3, max_tokens=24))
    assert [c.index for c in batch.completions] == [0, 1, 2]
    assert [parts.get(i, "") for i in range(3)] == batch.texts
    assert batch.texts[0] == single.text
    assert all(t.strip() for t in batch.texts) and len(set(batch.texts)) > 1
    assert batch.backend == "openai" and not batch.batched  # concurrent requests, not one
    assert batch.usage.completion_tokens == sum(c.usage.completion_tokens for c in batch.completions)


def test_each_sequence_has_its_own_limit(patient):
    batch = patient.complete_batch(PROMPT, sequences=[{"max_tokens": 3}, {"max_tokens": 9}],
                                   temperature=0)
    assert [c.usage.completion_tokens for c in batch.completions] == [3, 9]
    assert [c.finish_reason for c in batch.completions] == ["length", "length"]


def test_cancel_stops_every_request(patient):
    stream = patient.stream_batch("Write a very long essay about the history of Rome.", n=3,
                                  max_tokens=1000)
    next(iter(stream))
    t0 = time.perf_counter()
    stream.cancel()
    batch = stream.wait(timeout=5)
    assert time.perf_counter() - t0 < 1.0
    assert [c.finish_reason for c in batch.completions] == ["cancelled"] * 3
    assert all(c.usage.completion_tokens < 1000 for c in batch.completions)
    assert patient.complete("Say hello.", max_tokens=5).text  # the server is still usable


def test_a_server_that_cuts_streams_is_asked_again(llama_server):
    # By default llama-cpp-python's server ends a stream with [DONE] when another
    # request arrives: the cut answers are asked for again, one at a time.
    with get_engine("openai:smollm2", base_url=llama_server) as engine:
        single = warm_greedy(engine, max_tokens=24)
        batch, parts = tagged(engine.stream_batch(PROMPT, n=3, max_tokens=24))
        assert engine.call(lambda b: b._one_at_a_time)
        assert [parts.get(i, "") for i in range(3)] == batch.texts
        assert batch.texts[0] == single.text
        for c in batch.completions:
            assert c.finish_reason == "stop" or c.usage.completion_tokens == 24
        again = engine.complete_batch(PROMPT, n=3, max_tokens=24)  # one request at a time now
        assert again.texts == batch.texts


# -- fake servers ------------------------------------------------------------------------------
def test_requests_carry_each_sequences_options_and_usage_is_summed(fake):
    url, requests = fake(lambda h: sse(h, HELLO))
    with get_engine("openai:fake", base_url=url) as engine:
        batch = engine.complete_batch("hi", n=3, seed=10, max_tokens=7, stop=["\n"])
    assert batch.texts == ["Hello"] * 3
    bodies = sorted((b for _, b in requests), key=lambda b: b.get("seed", -1))
    assert [(b["temperature"], b["top_p"], b.get("seed")) for b in bodies] == [
        (0.0, 1.0, None), (0.7, 0.95, 11), (0.7, 0.95, 12)]
    assert all(b["max_tokens"] == 7 and b["stop"] == ["\n"] for b in bodies)
    u = batch.usage  # the server computed the prompt once per request
    assert (u.prompt_tokens, u.cached_prompt_tokens, u.completion_tokens) == (36, 24, 6)


def test_an_error_in_one_request_stops_the_others(fake):
    arrivals = itertools.count(1)  # next() on it is atomic: the handlers run in threads

    def respond(h):
        if next(arrivals) == 2:
            return reply(400, '{"error": {"message": "no such seed"}}')(h)
        with contextlib.suppress(OSError):  # the client hangs up on a cancelled request
            sse(h, [delta("x") for _ in range(3)], done=False)
            h.server.release.wait(30)

    url, _ = fake(respond)
    with get_engine("openai:fake", base_url=url) as engine:
        t0 = time.perf_counter()
        with pytest.raises(BackendError, match="no such seed"):
            engine.complete_batch("hi", n=3, seed=0)
        assert time.perf_counter() - t0 < 2


def test_cut_answers_are_resumed_past_what_was_shown(fake):
    arrivals = itertools.count(1)

    def respond(h):
        cut = next(arrivals) <= 2  # the first two requests are cut short
        sse(h, [delta("Hel")] if cut else HELLO)

    url, requests = fake(respond)
    with get_engine("openai:fake", base_url=url) as engine:
        batch, parts = tagged(engine.stream_batch("hi", n=3))
        assert batch.texts == ["Hello"] * 3 and parts == {0: "Hello", 1: "Hello", 2: "Hello"}
        assert [c.finish_reason for c in batch.completions] == ["stop"] * 3
        assert len(requests) == 5
        engine.complete_batch("hi", n=3)
        assert len(requests) == 8


def test_a_resumed_answer_that_differs_is_an_error(fake):
    arrivals = itertools.count(1)

    def respond(h):
        sse(h, [delta("Hel")] if next(arrivals) == 1 else [delta("Bye", "stop")])

    url, _ = fake(respond)
    with get_engine("openai:fake", base_url=url) as engine, \
            pytest.raises(BackendError, match="interrupt_requests False"):
        engine.complete_batch("hi", n=2)
