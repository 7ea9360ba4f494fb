"""%%spark and %spark config through a real IPython shell."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("IPython")
pd = pytest.importorskip("pandas")

from tests.assist.test_generate import block  # noqa: E402

SECRET = "sk-proj-" + "Zq8" * 12


def test_load_and_unload_register_and_remove_the_magic(ip):
    assert "spark" in ip.magics_manager.magics["cell"]
    ip.run_line_magic("unload_ext", "spark_nb")
    assert "spark" not in ip.magics_manager.magics["cell"]
    ip.run_line_magic("load_ext", "spark_nb")
    assert "spark" in ip.magics_manager.magics["line"]


def test_config_shows_and_sets_traitlets(ip, capsys):
    ip.run_line_magic("spark", "config rounds=1 check=false")
    ip.run_line_magic("spark", "config")
    out = capsys.readouterr().out
    assert "rounds = 1" in out and "check = False" in out
    ip.run_line_magic("spark", "config colour=red")
    assert "unknown setting 'colour'" in capsys.readouterr().err


def test_ipython_config_file_settings_apply(ip):
    from traitlets.config import Config

    from spark_nb.kernel.settings import SparkNB

    c = Config()
    c.SparkNB.model = "smollm2-135m"
    c.SparkNB.rounds = 3
    s = SparkNB(config=c)
    assert s.model == "smollm2-135m" and s.rounds == 3


def test_repaired_code_is_inserted_below(ip, scripted, capsys):
    engine = scripted(block("totals = sales.groupby('Region')['revenue'].sum()"),
                      block("totals = sales.groupby('region')['revenue'].sum()"))
    ip.run_cell_magic("spark", "", "total revenue per region into totals")
    out = capsys.readouterr().out
    assert ip.inserted == ["totals = sales.groupby('region')['revenue'].sum()"]
    assert "Region" in out and "repair round 1" in out and "passed" in out
    assert "totals" not in ip.user_ns  # inserted, not run; the dry run wrote nothing back
    assert "region (" in engine.calls[0][0][1]["content"]  # the live columns reached the prompt


def test_run_executes_the_accepted_code(ip, scripted):
    scripted(block("totals = sales.groupby('region')['revenue'].sum()"))
    ip.run_cell_magic("spark", "--run", "total revenue per region into totals")
    assert dict(ip.user_ns["totals"]) == {"east": 15.0, "west": 20.0}
    assert ip.inserted == []


def test_incomplete_code_is_inserted_with_the_warning_but_never_run(ip, scripted, capsys, tmp_path):
    marker = tmp_path / "ran.txt"
    scripted(block(f"import os\nos.system('touch {marker}')\nflag = 1"))
    ip.run_cell_magic("spark", "--run", "touch a file and set flag")
    out = capsys.readouterr().out
    assert "INCOMPLETE" in out and f"would run `touch {marker}`" in out
    assert "flag" not in ip.user_ns and not marker.exists()  # --run did not run it
    assert ip.inserted and "os.system" in ip.inserted[0]


def test_code_using_the_kernels_connection_is_not_verified(ip, scripted, capsys, tmp_path):
    import sqlite3

    ip.user_ns["con"] = sqlite3.connect(tmp_path / "user.db")
    scripted(block("rows = con.execute('select 1').fetchall()"))
    ip.run_cell_magic("spark", "--run", "select one into rows")
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out and "uses the kernel's open connection `con`" in out
    assert "rows" not in ip.user_ns and ip.inserted


def test_code_that_never_passes_is_shown_but_not_inserted(ip, scripted, capsys):
    scripted(block("print(nope)"), block("print(nope)"), block("print(nope)"))
    ip.run_cell_magic("spark", "", "print something")
    out = capsys.readouterr().out
    assert ip.inserted == [] and "NOT inserted" in out and "nope" in out


def test_bad_input_gets_clear_messages(ip, capsys):
    ip.run_cell_magic("spark", "", "   ")
    assert "Usage" in capsys.readouterr().out
    ip.run_cell_magic("spark", "", "x = 1\nprint(x)")
    assert "holds Python code" in capsys.readouterr().err
    ip.run_cell_magic("spark", "--model no-such-model", "plot sales")
    err = capsys.readouterr().err
    assert "unknown model 'no-such-model'" in err and "Traceback" not in err
    ip.run_cell_magic("spark", "--rounds many", "plot sales")
    assert "Usage" in capsys.readouterr().err


def test_secrets_never_reach_the_prompt(ip, scripted, capsys):
    engine = scripted(block("print(len(sales))"))
    ip.user_ns["API_KEY"] = SECRET
    ip.user_ns["note"] = f"token is {SECRET}"
    ip.run_cell_magic("spark", "-v", "print how many rows sales has")
    prompt = "\n".join(m["content"] for m in engine.calls[0][0])
    assert SECRET not in prompt and SECRET not in capsys.readouterr().out
    assert "sales" in prompt


REAL_TASKS = [
    ("Group sales by region and sum the revenue into a variable named totals.",
     lambda ns: dict(ns["totals"]) == {"east": 15.0, "west": 20.0}),
    ("salesをregionごとに集計してrevenueの合計をtotalsという変数に入れて",
     lambda ns: dict(ns["totals"]) == {"east": 15.0, "west": 20.0}),
    ("Store the number of rows of sales in `n_rows`.", lambda ns: ns["n_rows"] == 3),
    ("revenue の平均を `avg_revenue` に入れてください。", lambda ns: abs(ns["avg_revenue"] - 35 / 3) < 1e-9),
    ("Add a column `double` to sales equal to revenue times 2.",
     lambda ns: list(ns["sales"]["double"]) == [20.0, 40.0, 10.0]),
    ("revenue が 8 以上の行だけを `big` に入れてください。",
     lambda ns: list(ns["big"]["revenue"]) == [10.0, 20.0]),
]


@pytest.mark.parametrize("request_text, check", REAL_TASKS, ids=[f"task{i}" for i in range(len(REAL_TASKS))])
def test_real_model_through_the_magic(ip, request_text, check):
    ip.run_line_magic("spark", "config model=qwen2.5-coder-0.5b")
    ip.run_cell_magic("spark", "--run", request_text)
    assert check(ip.user_ns), request_text


def test_each_task_shows_its_model_and_a_task_can_be_set_alone(ip, capsys, monkeypatch):
    for name in ("SPARK_NB_MODEL", "SPARK_NB_MODEL_CODE", "SPARK_NB_MODEL_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    ip.run_line_magic("spark", "config models.code=smollm2-135m")
    assert "models.code = 'smollm2-135m'" in capsys.readouterr().out
    ip.run_line_magic("spark", "config")
    out = capsys.readouterr().out
    assert re.search(r"^  code +smollm2-135m +code generation \(%%spark\): set by models\.code", out, re.M)
    assert re.search(r"^  summary +qwen2\.5-coder-0\.5b ", out, re.M)  # the machine's choice
    assert re.search(r"models by task on this machine \(.*cores", out)
    ip.run_line_magic("spark", "config models.plot=smollm2-135m")
    assert "unknown task 'plot'" in capsys.readouterr().err
    ip.run_line_magic("spark", "config models.code=")
    ip.run_line_magic("spark", "config")
    assert not re.search(r"^  code +smollm2-135m", capsys.readouterr().out, re.M)


def test_the_magic_asks_for_the_code_task_with_its_setting(ip, monkeypatch):
    from tests.assist.test_generate import ScriptedEngine

    asked = []
    engine = ScriptedEngine(block("totals = sales.groupby('region')['revenue'].sum()"))

    def spy(model=None, **kw):
        asked.append((model, kw.get("task")))
        return engine

    monkeypatch.setattr("spark_nb.engine.get_engine", spy)
    ip.run_line_magic("spark", "config model=qwen2.5-coder-0.5b")
    ip.run_line_magic("spark", "config models.code=smollm2-135m")
    ip.run_cell_magic("spark", "", "total revenue per region into totals")
    assert asked == [("smollm2-135m", "code")]


def test_per_task_models_in_a_config_file(ip):
    from traitlets import TraitError
    from traitlets.config import Config

    from spark_nb.kernel.settings import SparkNB

    c = Config()
    c.SparkNB.models = {"fix": "smollm2-135m"}
    s = SparkNB(config=c)
    assert s.model_for("fix") == "smollm2-135m" and s.model_for("code") is None
    with pytest.raises(TraitError, match="unknown task 'plots'"):
        SparkNB(models={"plots": "x"})


def test_candidates_that_disagree_are_not_inserted_until_the_user_picks(ip, scripted, capsys):
    wrong, right = "totals = sales.groupby('region').sum()", "totals = sales.groupby('region')['revenue'].sum()"
    ip.user_ns["sales"] = pd.DataFrame({"region": ["east", "west", "east"], "month": [1, 2, 3],
                                        "revenue": [10.0, 20.0, 5.0]})
    engine = scripted([block(wrong), block(right), block(wrong + "\n"), block(right + "\n")])
    ip.run_cell_magic("spark", "-k 4 --run", "total revenue per region into totals")
    out = capsys.readouterr().out
    assert engine.batch_calls[0][0] == 4
    assert ip.inserted == [] and "totals" not in ip.user_ns  # neither inserted nor run
    assert "2 of 4 candidates agree" in out and "NOT inserted" in out and "%spark pick A|B" in out
    assert "`totals` is a DataFrame" in out and "`totals` is a Series" in out
    ip.run_line_magic("spark", "pick b")
    assert ip.inserted == [right]
    assert "reading B inserted below" in capsys.readouterr().out
    ip.run_line_magic("spark", "pick C")
    assert "no reading 'C'" in capsys.readouterr().err and ip.inserted == [right]


def test_a_majority_of_candidates_is_inserted_with_its_agreement(ip, scripted, capsys):
    wrong, right = "totals = sales.groupby('region').sum()", "totals = sales.groupby('region')['revenue'].sum()"
    ip.user_ns["sales"] = pd.DataFrame({"region": ["east", "west"], "month": [1, 2], "revenue": [10.0, 20.0]})
    ip.run_line_magic("spark", "config candidates=3")
    scripted([block(wrong), block(right), block("totals = sales.groupby('region').revenue.sum()")])
    ip.run_cell_magic("spark", "", "total revenue per region into totals")
    out = capsys.readouterr().out
    assert ip.inserted == [right] and "2 of 3 candidates agree" in out
    ip.run_line_magic("spark", "config candidates=0")


def test_pick_without_differing_readings_says_so(ip, capsys):
    ip.run_line_magic("spark", "pick A")
    assert "no differing readings" in capsys.readouterr().err


def test_bad_candidate_counts_are_refused_by_the_magic(ip, scripted, capsys):
    scripted()
    ip.run_cell_magic("spark", "-k 0", "total revenue per region")
    assert "--candidates must be from 1 to 16" in capsys.readouterr().err
    ip.run_line_magic("spark", "config candidates=17")
    assert "candidates must be from 0" in capsys.readouterr().err


def test_ignore_leaves_a_requirement_out_and_bad_numbers_are_refused(ip, scripted, capsys):
    answer = "ranked = sales.groupby('region')['revenue'].sum().sort_values()"
    request = "Make `ranked`, a Series of revenue per region, sorted from highest to lowest."
    scripted(*[block(answer)] * 3)
    ip.run_cell_magic("spark", "--rounds 0", request)
    out = capsys.readouterr().out
    assert ip.inserted == [] and "not from largest to smallest" in out
    scripted(block(answer))
    ip.run_cell_magic("spark", "--ignore 2", request)
    assert ip.inserted == [answer]
    ip.run_cell_magic("spark", "--ignore two", request)
    assert "--ignore takes the requirements' numbers" in capsys.readouterr().err
