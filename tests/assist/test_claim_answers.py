"""Questions about a chart answered from its facts, without a model: each kind of question."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from spark_nb.assist.charts import figure_facts  # noqa: E402
from spark_nb.assist.claims import answer, claims_of  # noqa: E402


def _ask(fig, question):
    facts = figure_facts(fig)
    plt.close(fig)
    found = answer(question, facts, claims_of(facts))
    return found.en if found is not None else "", found.ja if found is not None else ""


def _grouped():
    df = pd.DataFrame({"online": [120, 150, 170, 160], "store": [130, 180, 140, 190]}, index=["Q1", "Q2", "Q3", "Q4"])
    return df.plot.bar().figure


def _regions():
    fig, ax = plt.subplots()
    x = np.arange(1, 7)
    for name, ys in {"north": [50, 48, 45, 41, 40, 38], "west": [30, 60, 90, 80, 70, 65]}.items():
        ax.plot(x, ys, label=name)
    ax.set_xlabel("month")
    ax.legend()
    return fig


@pytest.mark.parametrize("draw, question, want", [
    (_grouped, "Which quarter had the highest total sales?", "Q4 has the highest total, at 350."),
    (_grouped, "What is the total in Q2?", "The total in Q2 is 330."),
    (_grouped, "Which channel sold more in Q3?", "In Q3, online is highest, at 170 (store 140)."),
    (_grouped, "How many bars are there for store?", "There are 4 bars for store."),
    (_regions, "Which region reaches the highest value?", "West is highest overall, at 90 in March (month 3)."),
    (_regions, "Is north rising or falling?", "Falling: north goes from 50 in January (month 1) to 38 in June (month 6), "
                                            "down 12 (-24.0%)."),
    (_regions, "What is west at the end?", "West is 65 in June (month 6) (the last point)."),
    (_regions, "Which is higher on average, north or west?", "West is higher on average (65.83 against 43.67 for north)."),
    (_regions, "What was west in month 4?", "West is 80 in April (month 4)."),
])
def test_questions_in_english(draw, question, want):
    assert _ask(draw(), question)[0] == want


def test_counts_outliers_and_the_bar_chart_of_subplots():
    rng = np.random.default_rng(1)
    fig, ax = plt.subplots()
    x = rng.normal(size=80)
    y = 2 * x + rng.normal(scale=0.1, size=80)
    y[10] = 40.0
    ax.scatter(x, y)
    assert _ask(fig, "How many points are plotted?")[0] == "The scatter has 80 points."
    fig, ax = plt.subplots()
    ax.scatter(x, y)
    assert "y = 40" in _ask(fig, "What is the y value of the outlier?")[0]
    fig, ax = plt.subplots()
    ax.hist(rng.normal(size=500), bins=15)
    assert _ask(fig, "How many bins are there?")[0] == "The histogram has 15 bins."
    fig, (a1, a2) = plt.subplots(1, 2)
    a1.plot([1, 2, 3], [5, 9, 7])
    a2.bar(["tea", "coffee"], [3, 8])
    assert _ask(fig, "Which product sells best in the bar chart?")[0] == "Coffee has the highest value, at 8."


def test_questions_in_japanese():
    fig, ax = plt.subplots()
    ax.bar(["東京", "大阪", "福岡"], [1250.0, 980.5, 610.0])
    ax.set_ylabel("売上（万円）")
    assert _ask(fig, "一番売上が高い地域はどこですか？")[1] == "売上（万円）が最も高いのは東京で、1,250です。"
    fig, ax = plt.subplots()
    ax.bar(["東京", "大阪", "福岡"], [1250.0, 980.5, 610.0])
    ja = _ask(fig, "大阪の値はいくらですか？")[1]
    assert ja.startswith("大阪の") and ja.endswith("980.5です。")


def test_a_question_that_asks_nothing_of_the_data_gets_no_answer():
    assert _ask(_regions(), "Please describe this chart.") == ("", "")
