"""The generate -> check -> repair loop, with a scripted engine and on a real model."""

from __future__ import annotations

import pytest

from spark_nb.assist.generate import generate
from spark_nb.assist.text import extract_code, is_japanese
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion, Usage


class ScriptedEngine:
    """A test double that answers with the given texts in order and records the prompts."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[list[dict], dict]] = []

    def stream(self, messages, **options):
        self.calls.append((list(messages), options))
        text = self.answers.pop(0)
        s = Stream()
        for piece in text.split(" "):
            s.emit(piece + " ")
        s.finish(Completion(text=text, finish_reason="stop",
                            usage=Usage(prompt_tokens=10, completion_tokens=len(text.split())),
                            model="scripted"))
        return s


class ScriptedBatchEngine(ScriptedEngine):
    """A test double with batches: each call of ``stream_batch(messages, n)`` answers the
    next list of texts (one per candidate, with the given log-probabilities); a single
    ``stream`` call answers the next plain text."""

    def __init__(self, *answers) -> None:
        super().__init__(*answers)
        self.batch_calls: list[tuple[int, dict]] = []

    def stream_batch(self, messages, n=4, **options):
        from spark_nb.engine.types import Batch

        self.calls.append((list(messages), options))
        self.batch_calls.append((n, options))
        texts = self.answers.pop(0)
        assert isinstance(texts, list) and len(texts) == n, f"scripted {len(texts)} answers, asked {n}"
        s = Stream()
        completions = []
        for i, item in enumerate(texts):
            text, logprob = item if isinstance(item, tuple) else (item, -0.1 * (i + 1))
            s.emit((i, text))
            completions.append(Completion(text=text, finish_reason="stop", index=i, logprob=logprob,
                                          usage=Usage(prompt_tokens=10, completion_tokens=len(text.split())),
                                          model="scripted"))
        s.finish(Batch(completions, usage=Usage(prompt_tokens=10,
                                                completion_tokens=sum(c.usage.completion_tokens for c in completions)),
                       model="scripted", backend="scripted"))
        return s


def block(code: str) -> str:
    return f"Here you go:\n```python\n{code}\n```\n"


def test_extract_code_takes_the_first_block_or_plain_code():
    assert extract_code(block("x = 1")) == "x = 1"
    assert extract_code("```\ny = 2\n```") == "y = 2"
    assert extract_code("z = 3\n") == "z = 3"
    assert extract_code("```python\nunfinished = 1\n") == "unfinished = 1"


def test_japanese_requests_are_detected():
    assert is_japanese("売上を月ごとに集計して")
    assert not is_japanese("total revenue by month")


def test_undefined_name_goes_back_to_the_model_and_the_repair_passes():
    engine = ScriptedEngine(block("total = sales['revenue'].sum()\nprint(totl)"),
                            block("total = sales['revenue'].sum()\nprint(total)"))
    pd = pytest.importorskip("pandas")
    ns = {"sales": pd.DataFrame({"revenue": [1.0, 2.0]})}
    events = []
    g = generate("print the total revenue", namespace=ns, engine=engine,
                 on_event=lambda kind, data: events.append(kind))
    assert g.passed and g.rounds == 1 and len(g.attempts) == 2
    assert g.code.endswith("print(total)")
    repair_prompt = engine.calls[1][0][-1]["content"]
    assert "totl" in repair_prompt and "total" in repair_prompt
    assert engine.calls[1][1]["draft"] == "prompt-lookup"  # a repair mostly copies the code
    assert engine.calls[0][1]["draft"] is None
    assert "repair" in events and events.count("attempt") == 2 and "delta" in events
    assert "sales" in ns and "total" not in ns  # the dry run wrote nothing back


def test_missing_column_is_reported_to_the_model():
    pd = pytest.importorskip("pandas")
    ns = {"df": pd.DataFrame({"revenue": [1, 2], "region": ["a", "b"]})}
    engine = ScriptedEngine(block("out = df.groupby('Region')['revenue'].sum()"),
                            block("out = df.groupby('region')['revenue'].sum()"))
    g = generate("revenue per region", namespace=ns, engine=engine)
    assert g.passed and g.rounds == 1
    assert "Region" in engine.calls[1][0][-1]["content"]


def test_code_that_never_passes_returns_the_best_attempt_marked_failed():
    engine = ScriptedEngine(block("print(a, b)"), block("print(a)"), block("print(a, b, c)"))
    g = generate("print things", namespace={}, engine=engine, rounds=2)
    assert not g.passed and g.rounds == 2 and len(g.attempts) == 3
    assert g.code == "print(a)"  # fewest failed checks
    assert g.failed_checks and g.failed_checks[0].name == "names"


def test_runtime_error_in_the_dry_run_is_repaired():
    engine = ScriptedEngine(block("x = [1, 2]\ny = x[5]"), block("x = [1, 2]\ny = x[-1]"))
    g = generate("last item", namespace={}, engine=engine)
    assert g.passed and g.rounds == 1
    assert "IndexError" in engine.calls[1][0][-1]["content"]
    assert [c.name for c in g.checks][-1] == "dry_run"


def test_no_check_and_zero_rounds_and_bad_input():
    engine = ScriptedEngine(block("print(undefined_thing)"))
    g = generate("anything", engine=engine, check=False)
    assert not g.checked and not g.passed and g.checks == [] and len(engine.calls) == 1
    engine = ScriptedEngine(block("print(undefined_thing)"))
    assert generate("anything", engine=engine, rounds=0).rounds == 0
    with pytest.raises(ValueError, match="empty"):
        generate("   ", engine=ScriptedEngine())


def test_japanese_request_asks_for_japanese_comments():
    engine = ScriptedEngine(block("x = 1"))
    g = generate("変数xに1を入れて", engine=engine)
    assert g.japanese and "Japanese" in engine.calls[0][0][0]["content"]


@pytest.mark.parametrize("request_text", [
    "Group sales by region and sum the revenue; store the resulting Series in a variable "
    "named totals.",
    "salesをregionごとに集計してrevenueの合計をtotalsという変数に入れて",
])
def test_real_model_writes_checked_pandas_code(request_text):
    pd = pytest.importorskip("pandas")
    import spark_nb

    ns = {"pd": pd, "sales": pd.DataFrame({"region": ["east", "west", "east"],
                                           "revenue": [10.0, 20.0, 5.0]})}
    g = spark_nb.generate(request_text, namespace=ns, model="qwen2.5-coder-0.5b")
    assert g.passed, [c.message for c in g.failed_checks]
    scope = dict(ns)
    exec(g.code, scope)
    assert dict(scope["totals"]) == {"east": 15.0, "west": 20.0}


def test_recreated_sample_data_is_removed_by_a_rule_without_asking_the_model():
    pd = pytest.importorskip("pandas")
    ns = {"pd": pd, "sales": pd.DataFrame({"revenue": [1.0, 2.0]})}
    engine = ScriptedEngine(block("import pandas as pd\nsales = pd.DataFrame({\n    'revenue': [9.0],\n})\n"
                                  "total = sales['revenue'].sum()"))
    g = generate("total revenue", namespace=ns, engine=engine)
    assert g.passed and len(engine.calls) == 1
    assert g.code == "import pandas as pd\ntotal = sales['revenue'].sum()"


def test_the_second_repair_asks_afresh_without_the_wrong_code():
    engine = ScriptedEngine(block("print(totl)"), block("print(totl)"), block("print(total)"))
    g = generate("print the total", namespace={"total": 3}, engine=engine, rounds=2)
    assert g.passed and g.rounds == 2 and g.code == "print(total)"
    first_repair = engine.calls[1][0]
    assert "print(totl)" in first_repair[-2]["content"] and "totl" in first_repair[-1]["content"]
    afresh = engine.calls[2][0]
    assert len(afresh) == 2 and afresh[0] == engine.calls[0][0][0]  # same system prompt
    assert "print(totl)" not in afresh[1]["content"]  # the wrong code is not shown again
    assert "'totl' is not defined" in afresh[1]["content"] and "print the total" in afresh[1]["content"]
    assert engine.calls[2][1]["draft"] is None  # nothing to copy from


def test_a_requested_variable_that_is_never_assigned_goes_back_to_the_model():
    pd = pytest.importorskip("pandas")
    ns = {"sales": pd.DataFrame({"region": ["e", "w"], "revenue": [1.0, 2.0]})}
    engine = ScriptedEngine(block("sales.groupby('region')['revenue'].sum()"),
                            block("totals = sales.groupby('region')['revenue'].sum()"))
    g = generate("Sum the revenue per region into a variable named totals.", namespace=ns, engine=engine)
    assert g.passed and g.rounds == 1
    assert "`totals`" in engine.calls[1][0][-1]["content"]
    assert g.attempts[0].checks[-1].name != "outputs" or not g.attempts[0].checks[-1].passed


def test_a_custom_checker_replaces_the_namespace_checks():
    from spark_nb.assist.checks import CheckResult

    def examples(code):
        ok = "return x * 2" in code
        return [CheckResult("examples", ok, "" if ok else "double(2) gave 2, expected 4")]
    engine = ScriptedEngine(block("def double(x):\n    return x"), block("def double(x):\n    return x * 2"))
    g = generate("double a number", engine=engine, checker=examples)
    assert g.passed and "double(2) gave 2" in engine.calls[1][0][-1]["content"]


def test_code_that_runs_wrong_is_asked_afresh_then_with_a_comment_per_step():
    engine = ScriptedEngine(block("x = 1 / 0"), block("x = [][1]"), block("x = 1"))
    g = generate("set x to one", namespace={}, engine=engine, rounds=2)
    assert g.passed and g.rounds == 2 and g.code == "x = 1"
    round1, round2 = engine.calls[1], engine.calls[2]
    assert len(round1[0]) == 2 and "1 / 0" not in round1[0][1]["content"]  # no wrong code shown
    assert "ZeroDivisionError" in round1[0][1]["content"] and round1[1]["draft"] is None
    assert "IndexError" in round2[0][1]["content"] and "comment" in round2[0][1]["content"]


def test_a_missing_conventional_import_is_added_without_the_model():
    np = pytest.importorskip("numpy")
    engine = ScriptedEngine(block("# the mean\nm = np.mean(values)"))
    g = generate("store the mean of values in `m`", namespace={"values": [1.0, 2.0, 3.0]}, engine=engine)
    assert g.passed and g.rounds == 0 and len(engine.calls) == 1  # no repair round needed
    assert g.code.splitlines()[:2] == ["# the mean", "import numpy as np"]
    assert np is not None
