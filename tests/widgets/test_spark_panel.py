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


# -- the four verdicts ------------------------------------------------------------------

URLOPEN = "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/')"
USES_CON = "rows = con.execute('select 1').fetchall()"


def _stage(view, label):
    return [s for s in view.panel.stages if s["label"] == label][-1]


def test_a_dry_run_that_reaches_the_network_is_incomplete_not_passed():
    engine = ScriptedEngine(block(URLOPEN))
    view, _ = _view("fetch the page")
    view.context("")
    g = generate("fetch the page", namespace={}, engine=engine, on_event=view.event, cancel=view.cancel)
    view.result(g)
    p = view.panel
    assert g.status == "incomplete" and len(engine.calls) == 1  # no repair: nothing to repair
    dry = _stage(view, "dry_run")
    assert dry["state"] == "incomplete" and "would request http://127.0.0.1:9/" in dry["detail"]
    assert p.status == "incomplete" and p.labels["incomplete"] == "incomplete"
    assert p.message.startswith("Inserted below, not run: would request http://127.0.0.1:9/")
    assert "pass" not in {s["state"] for s in p.stages if s["label"] == "dry_run"}


def test_a_check_of_the_kernels_open_connection_is_skipped_and_says_why(tmp_path):
    sqlite3 = pytest.importorskip("sqlite3")
    con = sqlite3.connect(tmp_path / "user.db")
    engine = ScriptedEngine(block(USES_CON))
    view, _ = _view("read one row")
    view.context("")
    g = generate("read one row", namespace={"con": con}, engine=engine, on_event=view.event)
    view.result(g)
    p = view.panel
    dry = _stage(view, "dry_run")
    assert dry["state"] == "skip" and "open connection `con`" in dry["detail"]
    assert p.status == "skipped" and p.labels["skipped"] == "not verified"
    assert p.message.startswith("Inserted below, not run and not verified: uses the kernel's open connection `con`")
    con.close()


def test_a_passed_dry_run_says_what_it_would_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = "with open('out.csv', 'w') as f:\n    f.write('a,b\\n' * 3000)"
    view, _ = _view("write a file")
    view.context("")
    g = generate("write a file", namespace={}, engine=ScriptedEngine(block(code)), on_event=view.event)
    view.result(g)
    if g.status != "passed":
        pytest.skip(f"the sandbox did not pass the write here: {g.checks[-1].message}")
    dry = _stage(view, "dry_run")
    assert dry["state"] == "pass" and "would write out.csv (" in dry["detail"], dry
    assert view.panel.status == "passed" and not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("status, state", [("passed", "pass"), ("failed", "fail"),
                                           ("skipped", "skip"), ("incomplete", "incomplete")])
def test_each_check_status_has_its_own_stage_state(status, state):
    from spark_nb.assist.checks import CheckResult

    check = CheckResult("dry_run", status == "passed", f"{status} because", status=status)
    stage = PanelView._check_stage(check, {})
    assert stage == {"label": "dry_run", "state": state, "detail": f"{status} because"}


def test_skipped_and_incomplete_notes_are_in_japanese_too():
    from spark_nb.widgets.spark_panel import LABELS

    assert set(LABELS["en"]) == set(LABELS["ja"])
    engine = ScriptedEngine(block(URLOPEN))
    view, _ = _view("ページを取得して", japanese=True)
    view.context("")
    view.result(generate("ページを取得して", namespace={}, engine=engine, on_event=view.event))
    assert view.panel.status == "incomplete" and view.panel.labels["incomplete"] == "未完了"
    assert view.panel.message.startswith("下に挿入しました（未実行）: would request")
    assert LABELS["ja"]["skipped"] == "未検証"


def test_a_skipped_result_without_a_dry_run_still_says_why():
    from spark_nb.assist.checks import CheckResult
    from spark_nb.assist.generate import Generation

    g = Generation(request="r", code="x = 1", passed=False, rounds=0, status="skipped",
                   checks=[CheckResult("syntax", True)])
    view, _ = _view("r")
    view.result(g)
    assert view.panel.status == "skipped"
    assert view.panel.message == "Inserted below, not run and not verified: the dry run did not run."


def test_the_magic_inserts_incomplete_code_but_does_not_run_it_even_with_run(ip, scripted):
    scripted(block(URLOPEN))
    ip.run_line_magic("spark", "config view=panel")
    try:
        ip.run_cell_magic("spark", "--run", "fetch http://127.0.0.1:9/")
        view = ip.magics_manager.registry["SparkMagics"].last_view
        assert view.panel.status == "incomplete"
        assert "not run" in view.panel.message and "Ran in this cell" not in view.panel.message
        assert ip.inserted == [URLOPEN]
    finally:
        ip.run_line_magic("spark", "config view=auto")


def test_candidates_that_disagree_are_drawn_as_readings_and_nothing_is_inserted():
    from tests.assist.test_candidates import REQUEST, RIGHT, WRONG, sales
    from tests.assist.test_generate import ScriptedBatchEngine

    engine = ScriptedBatchEngine([block(WRONG), block(RIGHT), block(WRONG + "\n"), block(RIGHT + "\n")])
    view, _ = _view(REQUEST)
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4, on_event=view.event)
    view.result(g)
    p = view.panel
    assert p.status == "ambiguous" and "nothing was inserted" in p.message
    assert p.agreement == "4 candidates · 2 agree"
    assert p.why == "tie between groups of 2, no majority: the one the model found more likely is listed first"
    assert [(r["title"], r["chosen"]) for r in p.readings] == [("A · 2 of 4", False), ("B · 2 of 4", False)]
    assert [r["code"] for r in p.readings] == [WRONG, RIGHT]
    assert p.readings[1]["use"] == "Insert B below" and p.readings[1]["hint"] == "%spark pick B inserts it below"
    assert "DataFrame" in p.readings[0]["summary"] and "Series" in p.readings[1]["summary"]


def test_a_majority_is_inserted_and_the_other_reading_is_kept_in_japanese_too():
    from tests.assist.test_candidates import RIGHT, RIGHT_TOO, WRONG, sales
    from tests.assist.test_generate import ScriptedBatchEngine

    request = "地域ごとに sales の revenue を合計して totals に入れて"
    engine = ScriptedBatchEngine([block(WRONG), block(RIGHT), block(RIGHT_TOO), block("print(nope)")])
    view, _ = _view(request, japanese=True)
    g = generate(request, namespace={"sales": sales()}, engine=engine, candidates=4, on_event=view.event)
    view.result(g)
    p = view.panel
    assert p.status == "passed" and p.code in (RIGHT, RIGHT_TOO)
    assert p.agreement == "候補 4 件 · 合格 3 件 · 2 件が一致"
    assert p.why == "合格した候補 3 件中 2 件が同じ結果"
    assert [(r["title"], r["chosen"]) for r in p.readings] == [("A · 4 件中 2 件", True), ("B · 4 件中 1 件", False)]
    assert p.readings[1]["use"] == "B を下に挿入"


def test_one_candidate_has_no_agreement_line():
    engine = ScriptedEngine(block("x = 1"))
    view, _ = _view("set x to 1")
    view.result(generate("set x to 1", namespace={}, engine=engine))
    assert view.panel.agreement == "" and view.panel.readings == []


def test_the_requests_checklist_is_drawn_with_a_mark_per_requirement():
    from tests.assist.test_candidates import sales

    request = "Make `ranked`, a Series of revenue per region, sorted from highest to lowest."
    answer = 'ranked = sales.groupby("region")["revenue"].sum().sort_values()'
    view, _ = _view(request)
    g = generate(request, namespace={"sales": sales()}, engine=ScriptedEngine(*[block(answer)] * 3),
                 on_event=view.event)
    view.result(g)
    asked = [s for s in view.panel.stages if s["label"].startswith("asked")]
    assert asked[:2] == [
        {"label": "asked: “a Series”", "state": "pass", "detail": "`ranked` is a Series"},
        {"label": "asked: “sorted from highest to lowest”", "state": "fail",
         "detail": "the values of `ranked` are not from largest to smallest (row 1: 26.0 then 47.0)",
         "ignore_source": f"%%spark --ignore 2\n{request}"}]
    assert view.panel.status == "failed"  # never inserted: the request's order is not met
    ja, _ = _view("地域ごとの revenue の合計を Series `ranked` にして、高い順に並べてください。", japanese=True)
    g = generate("地域ごとの revenue の合計を Series `ranked` にして、高い順に並べてください。",
                 namespace={"sales": sales()}, engine=ScriptedEngine(*[block(answer)] * 3), on_event=ja.event)
    labels = [s["label"] for s in ja.panel.stages if s["label"].startswith("依頼")]
    assert labels[:2] == ["依頼: 「Series `ranked`」", "依頼: 「高い順」"]


def test_a_requirement_the_model_read_says_so_by_its_words():
    import json

    from tests.assist.test_candidates import sales

    class Proposing(ScriptedEngine):
        def complete(self, messages, **options):
            words = [{"kind": "sorted", "words": "big earners on top"}]
            return type("C", (), {"text": json.dumps({"requirements": words})})()

    request = "Make `ranked`, a Series of revenue per region, big earners on top."
    answer = 'ranked = sales.groupby("region")["revenue"].sum().sort_values(ascending=False)'
    view, _ = _view(request)
    g = generate(request, namespace={"sales": sales()}, engine=Proposing(block(answer)), on_event=view.event,
                 propose=True)
    view.result(g)
    asked = [s["label"] for s in view.panel.stages if s["label"].startswith("asked")]
    assert asked == ["asked: “a Series”", "asked: “big earners on top” (read by the model)"]


def test_a_failed_requirement_offers_the_cell_again_with_it_ignored():
    from tests.assist.test_candidates import sales

    request = "Make `ranked`, a Series of revenue per region, sorted from highest to lowest."
    answer = 'ranked = sales.groupby("region")["revenue"].sum().sort_values()'
    view = PanelView(request, display=lambda w: None, line="-k 1 --ignore=5")
    g = generate(request, namespace={"sales": sales()}, engine=ScriptedEngine(*[block(answer)] * 3),
                 on_event=view.event, rounds=0)
    view.result(g)
    failed = next(s for s in view.panel.stages if s["state"] == "fail")
    assert failed["ignore_source"] == f"%%spark -k 1 --ignore 2,5\n{request}"
    assert all("ignore_source" not in s for s in view.panel.stages if s["state"] == "pass")
    # run again with it ignored: it is listed as ignored, and the code passes
    view = PanelView(request, display=lambda w: None, line="--ignore 2")
    g = generate(request, namespace={"sales": sales()}, engine=ScriptedEngine(block(answer)),
                 on_event=view.event, ignore=[2])
    view.result(g)
    assert g.passed and g.ignored == [2]
    assert view.panel.stages[-1] == {"label": "asked: “sorted from highest to lowest”", "state": "skip",
                                     "detail": "ignored (--ignore 2)"}
