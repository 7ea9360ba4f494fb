"""generate() and diagnose() with K candidates: each checked, grouped by what it produced.

Scripted batches decide the texts, so each test knows which reading is right; the dry
runs, fingerprints and grouping are the real ones. The last test asks a real model.
"""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")

from spark_nb.assist.generate import generate  # noqa: E402
from tests.assist.test_generate import ScriptedBatchEngine, block  # noqa: E402

RIGHT = 'totals = sales.groupby("region")["revenue"].sum()'
RIGHT_TOO = 'totals = sales.groupby("region").revenue.sum()'
RIGHT_AGG = 'totals = sales.groupby("region")["revenue"].agg("sum")'
WRONG = 'totals = sales.groupby("region").sum()'  # sums month as well
REQUEST = 'Sum sales["revenue"] per region into a variable named totals.'


def sales():
    return pd.DataFrame({"month": [1, 1, 2, 2, 3, 3], "region": ["north", "south"] * 3,
                         "revenue": [10.0, 20.0, 30.0, 5.0, 7.0, 1.0]})


def test_three_agreeing_candidates_outvote_a_wrong_greedy_answer():
    engine = ScriptedBatchEngine([block(WRONG), block(RIGHT), block(RIGHT_TOO), block(RIGHT_AGG)])
    events = []
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4,
                 on_event=lambda kind, data: events.append((kind, data)))
    assert g.passed and not g.ambiguous and g.k == 4
    assert g.code in (RIGHT, RIGHT_TOO, RIGHT_AGG)
    assert g.consensus.agree() == 3 and g.agreement == "3 of 4 candidates agree"
    assert g.consensus.why() == "3 of 4 candidates agree on what the code produces"
    # the greedy reading is kept as the alternative, with what it produced
    readings = g.readings()
    assert [r["size"] for r in readings] == [3, 1]
    assert readings[1]["code"] == WRONG and "DataFrame" in readings[1]["summary"]
    assert "Series" in readings[0]["summary"]
    kinds = [k for k, _ in events]
    assert kinds.count("candidate") == 4 and "consensus" in kinds
    assert [d[0] for k, d in events if k == "candidate_delta"] and all(
        d[0] in (1, 2, 3) for k, d in events if k == "candidate_delta")
    # one batch, asked with one greedy and sampled candidates
    assert engine.batch_calls[0][0] == 4 and engine.batch_calls[0][1]["temperature"] == 0.7


def test_two_readings_of_equal_size_are_ambiguous_and_each_says_what_it_made():
    engine = ScriptedBatchEngine([(block(WRONG), -0.1), (block(RIGHT), -0.2),
                                  (block(WRONG + "\n"), -0.3), (block(RIGHT_TOO), -0.4)])
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4)
    assert g.passed and g.ambiguous
    assert g.agreement == "2 of 4 candidates agree"
    assert g.consensus.why() == "tie between groups of 2, no majority: the one the model found more likely is listed first"
    a, b = g.readings()
    assert (a["label"], a["code"]) == ("A", WRONG) and (b["label"], b["code"]) == ("B", RIGHT)
    assert a["summary"].startswith("`totals` is a DataFrame") and b["summary"].startswith("`totals` is a Series")


def test_failing_candidates_are_left_out_of_the_vote():
    engine = ScriptedBatchEngine([block("totals = sales.groupby('regoin')['revenue'].sum()"),
                                  block(RIGHT), block(RIGHT_TOO), block(WRONG)])
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4, rounds=0)
    assert g.passed and g.code in (RIGHT, RIGHT_TOO)
    assert g.consensus.passing == 3 and g.agreement == "2 of 3 passing candidates agree"
    assert sum(not c.passed for c in g.candidates) == 1


def test_when_none_passes_the_repair_starts_from_the_candidate_failing_fewest_checks():
    # the one failing fewest checks ran wrong: the request is asked afresh, K answers again
    engine = ScriptedBatchEngine(
        [block("totals = 1 / 0"), block("print(nope)\nprint(nope2)"),
         block("print(undefined_thing)\nx = y"), block("totals = 1 / 0")],
        [block(RIGHT), block(RIGHT), block(RIGHT_TOO), block(RIGHT_AGG)])
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4)
    assert g.passed and g.rounds == 1 and g.consensus.agree() == 4
    assert len(g.candidates) == 8 and {c.round for c in g.candidates} == {0, 1}
    assert g.consensus.line() == "4 of 4 candidates agree"
    assert "ZeroDivisionError" in engine.calls[1][0][-1]["content"]


def test_a_static_slip_is_repaired_as_one_drafted_edit():
    # a misspelt column is a local edit: one answer that copies the code, with drafting
    engine = ScriptedBatchEngine(
        [block("totals = sales['revnue'].sum()"), block("print(nope)\nprint(nope2)"),
         block("print(undefined_thing)\nx = y"), block("print(a, b)")],
        block(RIGHT))
    g = generate(REQUEST, namespace={"sales": sales()}, engine=engine, candidates=4)
    assert g.passed and g.code == RIGHT and g.rounds == 1
    assert engine.calls[1][1]["draft"] == "prompt-lookup" and len(engine.batch_calls) == 1


def test_japanese_request_gets_japanese_agreement_and_readings():
    engine = ScriptedBatchEngine([block(WRONG), block(RIGHT), block(WRONG), block(RIGHT_TOO)])
    g = generate("地域ごとに sales の revenue を合計して totals に入れて", namespace={"sales": sales()},
                 engine=engine, candidates=4)
    assert g.japanese and g.ambiguous
    assert g.agreement == "候補 4 件中 2 件が一致"
    assert "同数" in g.consensus.why(True)
    assert all(" は " in r["summary"] for r in g.readings())


def test_bad_candidate_counts_are_refused():
    for bad in (0, 17, 2.5):
        with pytest.raises(ValueError, match="candidates must be"):
            generate(REQUEST, namespace={}, engine=ScriptedBatchEngine(), candidates=bad)


def test_model_fixes_among_candidates_offer_the_other_reading_too():
    from spark_nb.assist.diagnose import diagnose

    cell = "totals = summarise(sales)"  # no rule knows what summarise should have been
    ns = {"sales": sales()}
    try:
        exec(cell, dict(ns))
    except NameError as e:
        exc = e
    fixed_a = 'totals = sales.groupby("region")["revenue"].sum()'
    fixed_b = 'totals = sales.groupby("region")["revenue"].mean()'
    answer = "`summarise` is not defined.\n```python\n{}\n```"
    engine = ScriptedBatchEngine([answer.format(fixed_a), answer.format(fixed_b),
                                  answer.format(fixed_a), answer.format(fixed_b)])
    d = diagnose(cell, exc, namespace=ns, engine=engine, candidates=4)
    model = [f for f in d.fixes if f.origin == "model"]
    assert [f.source for f in model] == [fixed_a, fixed_b]
    assert model[0].agreement == "2 of 4 candidates agree"
    assert [f.reading["label"] for f in model] == ["A", "B"]
    assert not any(f.reading["chosen"] for f in model)  # two of four each: no majority
    assert model[1].title == "another reading"
    assert "Series" in model[0].reading["summary"]


def test_an_unmet_requirement_fails_goes_to_the_repair_and_the_repair_meets_it():
    from tests.assist.test_generate import ScriptedEngine

    request = "Make `ranked`, a Series of revenue per region, sorted from highest to lowest."
    unsorted = 'ranked = sales.groupby("region")["revenue"].sum().sort_values()'
    ordered = 'ranked = sales.groupby("region")["revenue"].sum().sort_values(ascending=False)'
    engine = ScriptedEngine(block(unsorted), block(ordered))
    g = generate(request, namespace={"sales": sales()}, engine=engine)
    assert [(r.kind, r.target) for r in g.requirements] == [("binds", "ranked"), ("sorted", "ranked")]
    first = [c for c in g.attempts[0].checks if c.name == "checklist"]
    assert [c.status for c in first] == ["passed", "failed"]
    assert "“sorted from highest to lowest”" in first[1].message and "not from largest" in first[1].message
    assert "sorted from highest to lowest" in engine.calls[1][0][-1]["content"]  # the repair names it
    assert g.passed and g.code == ordered and g.rounds == 1
    assert [c.status for c in g.checks if c.name == "checklist"] == ["passed", "passed"]
    # switched off, the unsorted answer passes as before
    engine = ScriptedEngine(block(unsorted))
    g = generate(request, namespace={"sales": sales()}, engine=engine, checklist=False)
    assert g.passed and g.requirements == [] and not any(c.name == "checklist" for c in g.checks)


def test_a_candidate_meeting_more_requirements_is_repaired_first():
    request = "Make `ranked`, a Series of revenue per region with no missing values, sorted from highest to lowest."
    bad_both = 'ranked = sales.groupby("region")["revenue"].sum().reindex(["south", "north", "x"])'
    bad_one = 'ranked = sales.groupby("region")["revenue"].sum().sort_values()'
    engine = ScriptedBatchEngine([block(bad_both), block(bad_one), block(bad_both), block(bad_both)],
                                 [block(bad_one.replace("sort_values()", "sort_values(ascending=False)"))] * 4)
    g = generate(request, namespace={"sales": sales()}, engine=engine, candidates=4)
    assert g.attempts[0].index == 1  # one unmet requirement, against two
    assert g.passed and g.rounds == 1


def test_a_requirement_the_model_proposes_is_checked_only_when_asked_for():
    import json as _json

    from tests.assist.test_generate import ScriptedEngine

    class Proposing(ScriptedEngine):
        def complete(self, messages, **options):
            self.calls.append((list(messages), options))
            words = [{"kind": "sorted", "words": "big earners on top"}, {"kind": "top", "words": "all of them"}]
            return type("C", (), {"text": _json.dumps({"requirements": words})})()

    request = "Make `ranked`, a Series of revenue per region, big earners on top."
    unsorted = 'ranked = sales.groupby("region")["revenue"].sum().sort_values()'
    ordered = 'ranked = sales.groupby("region")["revenue"].sum().sort_values(ascending=False)'
    engine = Proposing(block(unsorted), block(ordered))
    g = generate(request, namespace={"sales": sales()}, engine=engine, propose=True)
    proposed = [r for r in g.requirements if r.origin == "model"]
    # "all of them" holds no number: dropped; the sort order is read from the request's words
    assert [(r.kind, r.value, r.phrase) for r in proposed] == [
        ("sorted", {"by": None, "descending": True}, "big earners on top")]
    assert g.passed and g.code == ordered and g.rounds == 1
    # by default the model is not asked, and the patterns alone do not read these words
    engine = Proposing(block(unsorted))
    g = generate(request, namespace={"sales": sales()}, engine=engine)
    assert not any(r.origin == "model" for r in g.requirements) and g.code == unsorted
