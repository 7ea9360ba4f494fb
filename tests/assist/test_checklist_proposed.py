"""The model's proposed requirements: kept only where the request's own words hold them."""

from __future__ import annotations

import json

import pytest

from spark_nb.assist.checklist import extract
from spark_nb.assist.checklist.proposed import SCHEMA, kept
from spark_nb.assist.checklist.values import read


class Answering:
    """An engine double whose ``complete`` answers one fixed text, recording its options."""

    def __init__(self, text: str) -> None:
        self.text, self.calls = text, []

    def complete(self, messages, **options):
        self.calls.append((messages, options))
        return type("C", (), {"text": self.text})()


def _propose(request: str, *proposals: tuple[str, str], inputs=()) -> list:
    return [r.as_dict() for r in kept(request, [{"kind": k, "words": w} for k, w in proposals],
                                      set(inputs), extract(request, inputs))]


def test_a_proposal_outside_the_patterns_is_kept_with_its_value_read_from_the_words():
    request = "Give me `leaders`: accounts by `balance`, keep just 5 of them, biggest balances at the head."
    assert extract(request) == []  # wordings the patterns do not know
    got = _propose(request, ("top", "keep just 5 of them"), ("sorted", "biggest balances at the head"))
    assert {"kind": "top", "target": "leaders", "value": 5, "phrase": "keep just 5 of them"} in got
    assert {"kind": "sorted", "target": "leaders", "value": {"by": None, "descending": True},
            "phrase": "biggest balances at the head"} in got


def test_words_not_in_the_request_are_dropped():
    request = "Make `monthly` with the sum of `amount` per month."
    assert _propose(request, ("sorted", "sorted by `amount` descending"), ("top", "top 10")) == []


def test_words_without_a_value_of_that_kind_are_dropped():
    request = "Plot the sign-ups in `ax` and label the y axis nicely."
    # no quoted label text, no number: nothing to check, so nothing is added
    assert _propose(request, ("ylabel", "label the y axis nicely"), ("bars", "the sign-ups")) == []


def test_a_proposal_the_patterns_already_read_is_not_added_twice():
    request = "Make `top5`, a DataFrame of the top 5 products sorted by `units` descending."
    patterns = [r.as_dict() for r in extract(request)]
    assert any(r["kind"] == "sorted" for r in patterns)
    got = _propose(request, ("sorted", "sorted by `units` descending"), ("binds", "a DataFrame"))
    assert got == []


def test_the_case_and_spacing_of_the_quoted_words_do_not_matter_but_the_phrase_is_the_requests():
    request = "Keep  the Original `orders` untouched and build `late`."
    got = _propose(request, ("unchanged", "keep the original `orders` untouched"), inputs={"orders"})
    assert got == [{"kind": "unchanged", "target": "orders", "value": None,
                    "phrase": "Keep  the Original `orders` untouched"}]


def test_japanese_words_are_read_too():
    request = "`ranking` に入れて。店舗ごとの売上を、売上の大きいものから並べて、上から3つだけ残して。"
    got = _propose(request, ("sorted", "売上の大きいものから並べて"), ("top", "上から3つだけ残して"))
    assert {"kind": "top", "target": "ranking", "value": 3, "phrase": "上から3つだけ残して"} in got
    assert any(r["kind"] == "sorted" and r["value"]["descending"] for r in got)


def test_unknown_kinds_and_malformed_proposals_are_ignored():
    request = "Make `x`, a list of the 3 largest values."
    bad = [{"kind": "colour", "words": "a list"}, {"words": "a list"}, "top 3", {"kind": "top", "words": 3}]
    assert kept(request, bad, set(), []) == []


@pytest.mark.parametrize("kind, words, value", [
    ("length", "exactly twelve rows", 12),
    ("xlabel", "x axis called 'Week'", "Week"),
    ("plot_kind", "as horizontal bars", "barh"),
    ("filter", "only rows where `score` is at least 50", "score >= 50"),
    ("filter", "`region` equal to \"west\"", "region == 'west'"),
    ("dtype", "make `when` a proper datetime", {"column": "when", "type": "datetime"}),
    ("no_missing", "with no NaNs", None),
    ("no_write", "don't save report.csv", "report.csv"),
    ("legend", "no legend", None),  # the words ask for no legend: not a legend requirement
])
def test_values_are_read_from_the_words_by_kind(kind, words, value):
    r = read(kind, words, "t")
    if kind == "legend":
        assert r is None
    else:
        assert r is not None and r.value == value and r.origin == "model"


def test_extract_with_an_engine_asks_for_schema_held_json_and_numbers_the_merged_list():
    request = "Make `best`, a DataFrame of the priciest items (keep only 3 of them), sorted by `price`."
    engine = Answering(json.dumps({"requirements": [{"kind": "top", "words": "keep only 3 of them"}]}))
    got = extract(request, engine=engine)
    assert [(r.kind, r.origin) for r in got] == [("binds", "pattern"), ("top", "model"), ("sorted", "pattern")]
    assert [r.number for r in got] == [1, 2, 3]
    _, options = engine.calls[0]
    assert options["json_schema"] == SCHEMA and options["temperature"] == 0.0


def test_an_unusable_answer_leaves_the_patterns_checklist():
    request = "Make `best`, a DataFrame sorted by `price`."
    assert extract(request, engine=Answering("not json")) == extract(request)
