"""The error panel's state, driven by a real diagnosis (scripted model)."""

from __future__ import annotations

import pytest

pytest.importorskip("anywidget")

from spark_nb.assist.diagnose import diagnose  # noqa: E402
from spark_nb.widgets.fix_panel import FixPanelView  # noqa: E402
from tests.assist.test_generate import ScriptedEngine  # noqa: E402


def _error(source: str, ns: dict) -> BaseException:
    try:
        exec(compile(source, "<cell>", "exec"), dict(ns))
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("the cell did not fail")


def test_the_panel_shows_the_explanation_and_checked_fixes_as_diffs():
    ns = {"total": 3}
    source = "x = 1\nprint(totl)"
    shown = []
    view = FixPanelView("NameError", display=shown.append)
    assert shown == [view.panel] and view.panel.panel == "fix" and view.panel.status == "checking"
    engine = ScriptedEngine("`totl` is a typo.\n```python\nx = 1\nprint(total)\n```")
    d = diagnose(source, _error(source, ns), ns, engine=engine, on_event=view.event, cancel=view.cancel)
    view.result(d)
    p = view.panel
    assert p.status == "done" and "typo" in p.explanation
    model = [f for f in p.fixes if f["origin"] == "model"]
    assert model and model[0]["source"] == "x = 1\nprint(total)"
    assert "-print(totl)" in model[0]["diff"] and "+print(total)" in model[0]["diff"]
    assert all(c["passed"] for c in model[0]["checks"])
    assert "ms" in p.stats and "tokens" in p.stats


def test_cancel_from_the_panel_stops_the_model():
    ns = {}
    source = "print(q)"
    view = FixPanelView("NameError", display=lambda w: None)
    view.panel._on_message(view.panel, {"type": "cancel"}, [])  # Dismiss or Cancel pressed
    engine = ScriptedEngine("Long answer " * 50)
    d = diagnose(source, _error(source, ns), ns, engine=engine, on_event=view.event, cancel=view.cancel)
    view.result(d)
    assert d.cancelled and view.panel.status == "cancelled"


def test_japanese_notebooks_get_japanese_labels():
    view = FixPanelView("KeyError", japanese=True, display=lambda w: None)
    assert view.panel.labels["apply"] == "適用"
