"""Choosing among passing candidates by what they produced."""

from __future__ import annotations

from spark_nb.assist.consensus import Scored, choose
from spark_nb.assist.fingerprint import key

SERIES = {"names": {"totals": {"type": "Series", "shape": [3], "dtypes": "float64", "name": "revenue",
                               "hash": "aa", "preview": "east 15.0, west 20.0, north 12.0"}}, "figures": []}
FRAME = {"names": {"totals": {"type": "DataFrame", "shape": [3, 2], "columns": ["month", "revenue"],
                              "hash": "bb", "preview": ""}}, "figures": []}


def cand(index: int, fingerprint: dict | None, code: str = "x = 1", logprob: float | None = None,
         output: str = "") -> Scored:
    return Scored(index, code, key(fingerprint, output), logprob, fingerprint, output)


def test_three_against_one_is_not_ambiguous_and_the_three_win():
    c = choose([cand(0, FRAME), cand(1, SERIES), cand(2, SERIES), cand(3, SERIES)], total=4)
    assert not c.ambiguous and c.agree() == 3 and c.passing == 4
    assert c.winner().members == [1, 2, 3] and c.winner().fingerprint == SERIES
    assert c.line() == "3 of 4 candidates agree"
    assert c.reason == "3 of 4 candidates agree on what the code produces"
    assert [r["label"] for r in c.readings()] == ["A"]


def test_two_against_two_is_ambiguous_and_the_likelier_group_wins():
    c = choose([cand(0, FRAME, logprob=-0.5), cand(1, SERIES, logprob=-0.2),
                cand(2, FRAME, logprob=-0.4), cand(3, SERIES, logprob=-0.9)], total=4)
    assert c.ambiguous and c.winner().fingerprint == SERIES and c.winner().best == 1
    assert c.winner().members == [1, 3]
    assert c.reason == "tie between groups of 2, no majority: the one the model found more likely is listed first"
    readings = c.readings()
    assert [r["label"] for r in readings] == ["A", "B"] and [r["index"] for r in readings] == [1, 2]
    assert all(r["summary"] and r["size"] == 2 for r in readings)
    assert readings[0]["summary"].startswith("`totals` is a Series")


def test_equal_logprob_goes_to_the_shorter_code():
    long_code = "totals = sales.groupby('region').sum()   # the long way round"
    c = choose([cand(0, FRAME, long_code, -0.3), cand(1, SERIES, "totals = s.sum()", -0.3)], total=2)
    assert c.ambiguous and c.winner().best == 1
    assert c.reason == "2 candidates, no two agree, no majority: the shorter code is listed first"
    assert c.line() == "2 candidates, no two agree"


def test_no_logprob_counts_lowest_and_the_earlier_candidate_breaks_the_last_tie():
    c = choose([cand(0, FRAME), cand(1, SERIES, logprob=-3.0)], total=2)
    assert c.winner().best == 1
    c = choose([cand(2, FRAME), cand(1, SERIES)], total=2)
    assert c.winner().best == 1 and c.reason.endswith("the earlier candidate is listed first")


def test_within_a_group_the_best_member_is_shown():
    c = choose([cand(0, SERIES, "totals = a.b.c.sum()", -0.5), cand(1, SERIES, "totals = x", -0.5),
                cand(2, SERIES, "totals = yy", -0.1)], total=3)
    assert c.winner().members == [2, 1, 0] and c.winner().code == "totals = yy"


def test_two_one_one_is_ambiguous_and_two_one_of_three_is_not():
    other = {"names": {"n": {"type": "int", "hash": "cc"}}, "figures": []}
    c = choose([cand(0, SERIES), cand(1, SERIES), cand(2, FRAME), cand(3, other)], total=4)
    assert c.ambiguous and c.agree() == 2 and len(c.readings()) == 3
    assert len(c.readings(limit=2)) == 2
    c = choose([cand(0, SERIES), cand(1, FRAME), cand(2, SERIES)], total=3)
    assert not c.ambiguous and c.line() == "2 of 3 candidates agree"


def test_one_passing_candidate():
    c = choose([cand(2, SERIES)], total=4)
    assert not c.ambiguous and c.line() == "1 of 4 candidates passed"
    assert c.line(japanese=True) == "候補 4 件中 1 件が合格"
    assert c.winner().best == 2


def test_no_passing_candidate_gives_none():
    assert choose([], total=4) is None


def test_the_output_takes_part_and_some_candidates_failing_is_said():
    c = choose([cand(0, None, output="1\n"), cand(1, None, output="1   \n"), cand(2, None, output="2\n")], total=4)
    assert c.agree() == 2 and not c.ambiguous
    assert c.line() == "2 of 3 passing candidates agree"
    assert c.reason == "2 of 3 passing candidates agree on what the code produces"


def test_japanese_lines():
    c = choose([cand(0, SERIES), cand(1, SERIES), cand(2, SERIES), cand(3, FRAME)], total=4)
    assert c.line(japanese=True) == "候補 4 件中 3 件が一致"
    c = choose([cand(i, {"names": {"v": {"type": "int", "hash": str(i)}}}) for i in range(4)], total=4)
    assert c.ambiguous and c.line(japanese=True) == "候補 4 件、一致するものなし"
    assert c.line() == "4 candidates, no two agree"
    assert c.readings(japanese=True)[0]["summary"].startswith("`v` は int")
