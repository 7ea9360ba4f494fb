"""Requirements read from requests (English and Japanese), judged on the corpora: the
132 requests the patterns were first written against, then 90 and 66 (task-style) written
later by others who had not read the patterns: before the patterns were widened on them,
58.6% and 74.5% of their requirements were read right."""

from __future__ import annotations

import json

from spark_nb.assist.checklist import KINDS, Requirement, extract
from tests.assist.checklist_cases import CASES
from tests.assist.checklist_cases_more import CASES as MORE
from tests.assist.checklist_cases_tasks import CASES as TASK_STYLE


def _key(r: dict) -> tuple:
    return r["kind"], json.dumps(r["value"], sort_keys=True)


def _score(cases=CASES) -> dict:
    right = extra = missed = with_target = 0
    for request, want in cases:
        got = [r.as_dict() for r in extract(request)]
        wanted = {_key(w): w for w in want}
        for r in got:
            if _key(r) in wanted:
                right += 1
                with_target += wanted[_key(r)]["target"] == r["target"]
            else:
                extra += 1
        missed += sum(_key(w) not in {_key(r) for r in got} for w in want)
    return {"expected": sum(len(w) for _, w in cases), "right": right, "extra": extra,
            "missed": missed, "with_target": with_target}


def test_the_corpus_checklists_are_read_right():
    s = _score()
    # measured on this corpus, which the patterns were written against: 259 of 264 right,
    # 5 extra, 258 with the right variable (the held-out tasks are judged in bench/)
    assert s["right"] >= 0.95 * s["expected"], s
    assert s["extra"] <= 8 and s["with_target"] >= 0.95 * s["right"], s


def test_the_later_corpus_is_read_right_too():
    s = _score(MORE)
    # measured: 203 of 210 right, 5 extra, 192 with the right variable
    assert s["right"] >= 0.94 * s["expected"], s
    assert s["extra"] <= 8 and s["with_target"] >= 0.9 * s["right"], s
    s = _score(TASK_STYLE)
    # measured: 246 of 251 right, 5 extra, 240 with the right variable
    assert s["right"] >= 0.95 * s["expected"], s
    assert s["extra"] <= 8 and s["with_target"] >= 0.93 * s["right"], s


def test_requests_that_state_nothing_get_no_requirement():
    for request, want in CASES + MORE + TASK_STYLE:
        if not want:
            assert extract(request) == [], request


def test_each_requirement_keeps_the_words_it_came_from():
    for request, _ in CASES + MORE + TASK_STYLE:
        for r in extract(request):
            assert r.kind in KINDS and r.phrase and r.phrase in request, (request, r)


def test_a_typical_request_in_both_languages():
    en = extract("Plot a bar chart of weekly sign-ups per channel, sorted from most to least, with the "
                 "y-axis labelled 'Sign-ups' and the Axes kept in `ax`.")
    assert [(r.kind, r.target, r.value) for r in en] == [
        ("plot_kind", "ax", "bar"), ("sorted", "ax", {"by": None, "descending": True}),
        ("ylabel", "ax", "Sign-ups"), ("binds", "ax", "Axes")]
    ja = extract("売上上位 5 件の商品を DataFrame `top5` に入れてください。元の df は変更しないでください。")
    assert [(r.kind, r.target, r.value) for r in ja] == [
        ("top", "top5", 5), ("binds", "top5", "DataFrame"), ("unchanged", "df", None)]
    assert ja[0].phrase == "上位 5 件" and isinstance(ja[0], Requirement)


def test_empty_and_odd_input():
    assert extract("") == [] and extract("   ") == []
    assert extract("`" * 50) == []
