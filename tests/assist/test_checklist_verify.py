"""Each requirement kind checked on real values and real matplotlib figures."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
plt = pytest.importorskip("matplotlib.pyplot")

from spark_nb.assist.checklist import extract  # noqa: E402
from spark_nb.assist.checklist.verify import ChecklistProbe  # noqa: E402


def verdicts(request: str, ns: dict, before: dict | None = None) -> list[tuple[str, str, str]]:
    before = before or {}  # the kernel before the code: its names are inputs
    reqs = [r.as_dict() for r in extract(request, names=set(before))]
    probe = ChecklistProbe(reqs)
    probe.before(before)
    out = probe(ns)["checklist"]
    return [(r["kind"], v["status"], v["message"]) for r, v in zip(reqs, out)]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_a_frame_meets_or_misses_each_stated_requirement():
    per_user = pd.DataFrame({"user_id": [1, 2, 2], "sessions": [3, 5, 1]})
    request = ("Give me `per_user`, one row per `user_id` with the columns `user_id` and `sessions`, "
               "sorted by `sessions` descending.")
    got = verdicts(request, {"per_user": per_user})
    assert ("one_row_per", "failed", "`per_user` has 2 rows for `user_id` 2") in got
    assert ("columns", "passed", "`per_user` has the columns `user_id`, `sessions`") in got
    assert next(v for v in got if v[0] == "sorted")[1] == "failed"
    good = pd.DataFrame({"user_id": [2, 1], "sessions": [6, 3]})
    assert all(status == "passed" for _, status, _ in verdicts(request, {"per_user": good}))


def test_kinds_types_missing_values_and_filters():
    ns = {"cleaned": pd.DataFrame({"age": [30.0, None], "city": ["a", "b"]})}
    got = verdicts("Make `cleaned` from `survey_raw` with the `age` column as integers and no missing `age`.", ns)
    assert [s for _, s, _ in got] == ["failed", "failed"]
    assert "float64, not integer" in got[0][2] and "1 missing value" in got[1][2]
    late = pd.DataFrame({"delay": [20, 5], "carrier": ["JL", "JL"]})
    got = verdicts("Keep only the rows of `flights` whose `delay` is over 15 minutes, in `late_jl`.", {"late_jl": late})
    assert got == [("filter", "failed", "1 row of `late_jl` do not have delay > 15")]
    got = verdicts("Make `n_rows`, the row count of `df`, as an int.", {"n_rows": 3})
    assert got == [("binds", "passed", "`n_rows` is a number")]
    got = verdicts("Make `n_rows`, the row count of `df`, as an int.", {})
    assert got == [("binds", "failed", "`n_rows` was not made")]


def test_an_input_changed_in_place_is_caught():
    df = pd.DataFrame({"x": [1.0, None]})
    request = "`df` から欠損値を含む行を削除して `df_clean` に保存してください。元の df は変更しないでください。"
    reqs = [r.as_dict() for r in extract(request, names={"df"})]
    probe = ChecklistProbe(reqs)
    probe.before({"df": df})
    df.drop(index=[1], inplace=True)
    out = {r["kind"]: v for r, v in zip(reqs, probe({"df": df, "df_clean": df})["checklist"])}
    assert out["unchanged"] == {"status": "failed", "message": "`df` was modified"}
    assert out["no_missing"]["status"] == "passed"


def test_charts_labels_titles_bars_order_and_kind():
    fig, ax = plt.subplots()
    ax.bar(["b", "a", "c"], [5, 9, 1])
    ax.set_ylabel("Sign-ups")
    request = ("Plot a bar chart of sign-ups per channel, sorted from most to least, with the y-axis "
               "labelled 'Sign-ups', 3 bars and the title 'Channels', and keep the Axes in `ax`.")
    got = {k: (s, m) for k, s, m in verdicts(request, {"ax": ax})}
    assert got["plot_kind"][0] == "passed" and got["ylabel"][0] == "passed" and got["bars"][0] == "passed"
    assert got["binds"] == ("passed", "`ax` is an Axes")
    assert got["sorted"][0] == "failed" and "not from largest to smallest" in got["sorted"][1]
    assert got["title"] == ("failed", "`ax` has no title")
    plt.close(fig)
    # no Axes named: the current figure is read; nothing drawn fails
    assert verdicts("Show a pie chart of market share by `brand` with a legend.", {}) == [
        ("plot_kind", "failed", "no chart was drawn"), ("legend", "failed", "no chart was drawn")]


def test_a_function_and_its_arity():
    def safe_divide(a, b):
        return a / b if b else None

    got = verdicts("Write `safe_divide(a, b)`, a function of two arguments that returns a / b.",
                   {"safe_divide": safe_divide})
    assert got == [("binds", "passed", "`safe_divide` is a function"),
                   ("arity", "passed", "`safe_divide` takes 2 arguments")]
