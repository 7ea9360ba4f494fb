"""The %%spark panel's state, driven by the real loop (scripted answers) and the magic."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("anywidget")
pd = pytest.importorskip("pandas")

from spark_nb.assist.generate import generate  # noqa: E402
from spark_nb.widgets import PanelView, SparkPanel  # noqa: E402
from tests.assist.test_generate import ScriptedEngine, block  # noqa: E402


def _view(request: str, **kw) -> tuple[PanelView, list]:
    shown = []
    return PanelView(request, display=shown.append, **kw), shown


def test_the_panel_loads_its_es_module_from_js():
    esm = SparkPanel._esm
    text = str(esm)
    assert "export default" in text and "render" in text
    assert Path(__file__).resolve().parents[2].joinpath("js", "panels.js").read_text() == text


def test_stages_checks_and_result_follow_the_loop():
    sales = pd.DataFrame({"region": ["e", "w"], "revenue": [1.0, 2.0]})
    engine = ScriptedEngine(block("totals = sales.groupby('Region')['revenue'].sum()"),
                            block("totals = sales.groupby('region')['revenue'].sum()"))
    view, shown = _view("revenue per region")
    assert shown == [view.panel] and view.panel.status == "generating"
    view.context("(context)")
    codes = []
    view.panel.observe(lambda change: codes.append(change["new"]), names="code")
    g = generate("revenue per region", namespace={"sales": sales}, engine=engine,
                 on_event=view.event, cancel=view.cancel)
    view.result(g)
    p = view.panel
    assert p.status == "passed" and p.code == "totals = sales.groupby('region')['revenue'].sum()"
    labels = [(s["label"], s["state"]) for s in p.stages]
    assert labels[0] == ("generate", "pass")
    assert ("columns", "fail") in labels and ("repair round 1", "pass") in labels
    assert labels[-1] == ("dry_run", "pass")
    failing = next(s for s in p.stages if s["state"] == "fail")
    assert "Region" in failing["detail"] and "line 1" in failing["detail"]
    assert "Inserted" in p.message and "tokens" in p.stats and "scripted" in p.stats
    assert p.context == ""  # shown only with -v
    assert codes and codes[-1] == p.code  # the code streamed into the panel as it came


def test_a_failing_result_is_marked_and_not_inserted():
    engine = ScriptedEngine(*[block("print(nope)")] * 3)
    view, _ = _view("print something", verbose=True)
    view.context("variables: none")
    g = generate("print something", namespace={}, engine=engine, on_event=view.event)
    view.result(g)
    assert view.panel.status == "failed" and "Not inserted" in view.panel.message
    assert view.panel.code == "print(nope)" and view.panel.context == "variables: none"
    assert sum(s["label"] == "names" and s["state"] == "fail" for s in view.panel.stages) == 3


def test_japanese_requests_get_japanese_labels():
    view, _ = _view("売上を集計して", japanese=True)
    assert view.panel.labels["cancel"] == "キャンセル"
    view.context("")
    assert view.panel.stages[0]["label"] == "生成"


def test_the_cancel_message_stops_generation_within_a_token():
    class SlowEngine(ScriptedEngine):
        def stream(self, messages, **options):
            from spark_nb.engine.stream import Stream
            from spark_nb.engine.types import Completion, Usage

            s = Stream()

            def produce():
                for i in range(200):
                    if s.cancel_token.cancelled:
                        s.finish(Completion(text="x = 1\n" * i, finish_reason="cancelled",
                                            usage=Usage(completion_tokens=i), model="slow"))
                        return
                    s.emit("x = 1\n")
                    threading.Event().wait(0.01)
                s.finish(Completion(text="x = 1\n" * 200, finish_reason="stop", usage=Usage(), model="slow"))
            threading.Thread(target=produce, daemon=True).start()
            return s

    view, _ = _view("count to a lot")
    seen = []

    def on_event(kind, data):
        view.event(kind, data)
        if kind == "delta":
            seen.append(data)
            if len(seen) == 5:  # the button's message, as the frontend sends it
                view.panel._on_message(view.panel, {"type": "cancel"}, [])
    g = generate("count to a lot", namespace={}, engine=SlowEngine(), on_event=on_event,
                 cancel=view.cancel)
    assert g.cancelled and not g.passed and len(seen) < 10
    view.cancelled()
    assert view.panel.status == "cancelled" and "nothing was inserted" in view.panel.message


def test_the_magic_drives_the_panel(ip, scripted):
    scripted(block("totals = sales.groupby('region')['revenue'].sum()"))
    ip.run_line_magic("spark", "config view=panel")
    try:
        ip.run_cell_magic("spark", "", "total revenue per region into totals")
        view = ip.magics_manager.registry["SparkMagics"].last_view
        assert isinstance(view, PanelView) and view.panel.status == "passed"
        assert ip.inserted == ["totals = sales.groupby('region')['revenue'].sum()"]
    finally:
        ip.run_line_magic("spark", "config view=auto")


def test_a_bad_view_setting_is_refused(ip, capsys):
    ip.run_line_magic("spark", "config view=fancy")
    assert "choose one of auto, panel, text" in capsys.readouterr().err
