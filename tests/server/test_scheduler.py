"""The server's turns: priorities, fairness between clients, and cancelling (no model)."""

from __future__ import annotations

from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion
from spark_nb.server.scheduler import Request, Scheduler

MODEL = object()


def requests(scheduler, started, specs):
    """Queue requests named by (client, priority); each records its start and returns a
    stream the test finishes by hand."""
    made = {}
    for name, client, priority in specs:
        def start(name=name):
            started.append(name)
            made[name].stream_ = Stream()
            return made[name].stream_
        made[name] = Request(MODEL, client, priority, start)
        scheduler.submit(made[name])
    return made


def finish(request):
    request.stream_.finish(Completion(text="", finish_reason="stop"))


def test_one_request_runs_at_a_time_and_clients_take_turns():
    s, started = Scheduler(), []
    made = requests(s, started, [("a1", "A", "interactive"), ("a2", "A", "interactive"),
                                 ("a3", "A", "interactive"), ("b1", "B", "interactive")])
    assert started == ["a1"]
    finish(made["a1"])
    assert started == ["a1", "b1"]  # B's first request before A's second, though it came later
    finish(made["b1"])
    finish(made["a2"])
    finish(made["a3"])
    assert started == ["a1", "b1", "a2", "a3"]
    assert s.snapshot()["served"] == 4 and not s.busy


def test_interactive_requests_go_before_background_ones():
    s, started = Scheduler(), []
    made = requests(s, started, [("first", "R", "background"), ("report", "R", "background"),
                                 ("spark", "K", "interactive")])
    finish(made["first"])
    assert started == ["first", "spark"]
    finish(made["spark"])
    assert started[-1] == "report"


def test_a_waiting_request_whose_client_left_is_dropped_and_a_running_one_cancelled():
    s, started = Scheduler(), []
    made = requests(s, started, [("a", "A", "interactive"), ("b", "B", "interactive"),
                                 ("c", "C", "interactive")])
    s.cancel(made["b"])
    assert s.snapshot()["waiting"] == 1
    s.cancel(made["a"])
    assert made["a"].stream_.cancel_token.cancelled
    finish(made["a"])
    assert started == ["a", "c"]
    snap = s.snapshot()
    assert snap["running"] == 1 and snap["clients"] == {"C": {"waiting": 0, "running": 1}}
