"""The error panel's state, driven by a real diagnosis (scripted model)."""

from __future__ import annotations

import pytest

pytest.importorskip("anywidget")

from spark_nb.assist.diagnose import diagnose  # noqa: E402
from spark_nb.widgets.fix_panel import LABELS, FixPanelView, fix_as_dict  # noqa: E402
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


# -- the four verdicts ------------------------------------------------------------------

def _fix(status, checks):
    from spark_nb.assist.checks import CheckResult
    from spark_nb.assist.diagnose import Fix

    fix = Fix(source="print(total)", title="use `total`", origin="rule", rule="name",
              checks=[CheckResult(name, s == "passed", message, status=s) for name, s, message in checks])
    fix.judge()
    return fix


def test_every_check_and_the_fix_carry_their_status():
    from spark_nb.widgets.fix_panel import fix_as_dict

    d = fix_as_dict(_fix("incomplete", [("syntax", "passed", ""), ("columns", "skipped", "no frame"),
                                        ("dry_run", "incomplete", "would connect to 127.0.0.1:5432")]))
    assert d["status"] == "incomplete"
    assert [(c["name"], c["status"], c["passed"]) for c in d["checks"]] == [
        ("syntax", "passed", True), ("columns", "skipped", False), ("dry_run", "incomplete", False)]


def test_an_incomplete_fix_warns_and_is_not_offered_to_run():
    from spark_nb.widgets.fix_panel import fix_as_dict

    d = fix_as_dict(_fix("incomplete", [("syntax", "passed", ""),
                                        ("dry_run", "incomplete", "would connect to 127.0.0.1:5432")]))
    assert d["runnable"] is False and d["source"] == "print(total)"  # Apply stays, Apply & run goes
    assert d["note"].startswith("Not fully checked: would connect to 127.0.0.1:5432, which the sandbox refused.")


def test_a_skipped_fix_says_it_was_not_verified():
    from spark_nb.widgets.fix_panel import LABELS, fix_as_dict

    fix = _fix("skipped", [("dry_run", "skipped", "uses the kernel's open connection `con`; not run in the copy")])
    d = fix_as_dict(fix)
    assert d["status"] == "skipped" and d["checks"][0]["status"] == "skipped"
    assert d["note"] == "Not verified: uses the kernel's open connection `con`; not run in the copy."
    assert fix_as_dict(fix, LABELS["ja"])["note"].startswith("未検証: uses the kernel's open connection")
    passed = fix_as_dict(_fix("passed", [("dry_run", "passed", "ran without errors in 0.01 s")]))
    assert passed["note"] == "" and passed["runnable"] is True


def test_a_real_diagnosis_offers_an_incomplete_fix_with_its_warning():
    ns = {"total": 3}
    source = "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/')\nprint(totl)"
    view = FixPanelView("NameError", display=lambda w: None)
    try:
        exec(compile("print(totl)", "<cell>", "exec"), dict(ns))
    except NameError as exc:
        error = exc
    d = diagnose(source, error, ns, use_model=False, on_event=view.event)
    view.result(d)
    fixes = [f for f in view.panel.fixes if f["source"] and "print(total)" in f["source"]]
    assert fixes, view.panel.fixes
    fix = fixes[0]
    assert fix["status"] == "incomplete" and fix["runnable"] is False
    dry = [c for c in fix["checks"] if c["name"] == "dry_run"]
    assert dry and dry[0]["status"] == "incomplete" and "would request" in dry[0]["message"]
    assert "would request http://127.0.0.1:9/" in fix["note"]


def test_fix_labels_match_in_both_languages():
    from spark_nb.widgets.fix_panel import LABELS

    assert set(LABELS["en"]) == set(LABELS["ja"])


def test_model_fixes_chosen_among_candidates_show_agreement_and_readings():
    from spark_nb.assist.consensus import Scored, choose
    from spark_nb.assist.diagnose import Fix

    fp = {"bound": {"totals": {"type": "Series", "shape": [2], "hash": "a"}}}
    consensus = choose([Scored(0, "a", "k1", -0.1, fp), Scored(1, "b", "k2", -0.2, fp),
                        Scored(2, "a", "k1", -0.3, fp)], total=4)
    fix = Fix(source="a", title="the model's fix", origin="model", status="passed", consensus=consensus,
              reading={"label": "A", "size": 2, "total": 4, "summary": "`totals` is a Series", "chosen": True})
    other = Fix(source="b", title="another reading", origin="model", status="passed",
                reading={"label": "B", "size": 1, "total": 4, "summary": "`totals` is a DataFrame", "chosen": False})
    en = fix_as_dict(fix)
    assert en["agreement"] == "4 candidates · 3 passed · 2 agree"
    assert en["why"] == "2 of 3 passing candidates agree on what the code produces"
    assert en["reading"] == {"title": "reading A · 2 of 4", "summary": "`totals` is a Series", "chosen": True}
    ja = fix_as_dict(other, LABELS["ja"])
    assert ja["title"] == "別の解釈" and ja["agreement"] == ""
    assert ja["reading"]["title"] == "解釈 B · 4 件中 1 件"
    assert fix_as_dict(fix, LABELS["ja"])["why"] == "合格した候補 3 件中 2 件が同じ結果"
    # a fix that was not chosen among candidates carries none of it
    plain = fix_as_dict(Fix(source="x", title="t", origin="rule", status="passed"))
    assert plain["agreement"] == "" and plain["reading"] is None
