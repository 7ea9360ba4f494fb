"""Rule fixes for errors caused by the data and by how values are used (text_data, calls,
indexing, logic). Each test runs a real failing cell, takes the top fix, checks the text
and runs it; the cells differ from the benchmark corpus on purpose."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spark_nb.assist import rules
from tests.assist.test_rules import fixes_for, run, top


def frame(**columns) -> callable:
    return lambda: {"pd": pd, "np": np, "df": pd.DataFrame(columns)}


# --- text_data ---------------------------------------------------------------------------

def test_numbers_with_dollar_signs_are_converted_before_a_comparison():
    make = frame(item=["a", "b", "c"], cost=["$1,050", "$80", "$2,300"])
    fix = top('big = df[df["cost"] >= 1000]\nn_big = len(big)', make)
    assert fix.rule == "text_data"
    assert fix.source.startswith('df["cost"] = df["cost"].str.replace(",", "").str.replace("$", "").astype(int)\n')
    ns = run(fix.source, make())
    assert ns["n_big"] == 2 and ns["df"]["cost"].tolist() == [1050, 80, 2300]


def test_the_users_own_cast_is_kept_and_fed_clean_text():
    make = frame(weight=["1,250.5", "980.25"])
    fix = top('df["weight"] = df["weight"].astype(float)', make)
    assert fix.source == 'df["weight"] = df["weight"].str.replace(",", "").astype(float)'
    assert run(fix.source, make())["df"]["weight"].tolist() == [1250.5, 980.25]


def test_full_width_digits_and_yen_with_missing_values_become_floats():
    make = frame(価格=["１，２００円", None, "３００円"])
    fix = top('平均 = df["価格"].mean()', make)
    ns = run(fix.source, make())
    assert ns["平均"] == 750.0 and ns["df"]["価格"].isna().sum() == 1


def test_text_that_is_not_a_number_gets_no_conversion():
    make = frame(code=["A1", "B2"])
    fixes = fixes_for('total = df["code"].sum() + 1', make)
    assert not any(f.rule == "text_data" for f in fixes)


def test_a_list_of_number_strings_is_read_inside_the_expression():
    fix = top("biggest = max(counts) + 1", lambda: {"counts": ["7", "12", "9"]})
    assert fix.source == "biggest = max([int(v) for v in counts]) + 1"
    assert run(fix.source, {"counts": ["7", "12", "9"]})["biggest"] == 13


def test_a_missing_value_cast_to_int64_becomes_nullable():
    make = frame(visits=[3.0, np.nan, 5.0])
    fix = top('df["visits"] = df["visits"].astype("int64")', make)
    assert fix.source == 'df["visits"] = df["visits"].astype("Int64")'
    ns = run(fix.source, make())
    assert ns["df"]["visits"].isna().sum() == 1 and ns["df"]["visits"].sum() == 8


def test_int_of_a_decimal_string_reads_a_float_not_a_truncated_int():
    fix = top('x = int(text) * 2', lambda: {"text": "2.75"})
    assert fix.source == "x = float(text) * 2"
    assert run(fix.source, {"text": "2.75"})["x"] == 5.5


def test_thousands_separator_in_a_float_call():
    fix = top('price = float(raw)', lambda: {"raw": "12,500.5"})
    assert fix.source == 'price = float(raw.replace(",", ""))'


def test_date_strings_are_parsed_before_subtracting():
    make = frame(ordered=["2024/05/01", "2024/05/03"], shipped=["2024/05/04", "2024/05/10"])
    fix = top('df["wait"] = (df["shipped"] - df["ordered"]).dt.days', make)
    assert 'pd.to_datetime(df["shipped"])' in fix.source and 'pd.to_datetime(df["ordered"])' in fix.source
    assert run(fix.source, make())["df"]["wait"].tolist() == [3, 7]


def test_dt_accessor_on_text_dates():
    make = frame(day=["2023-12-30", "2024-01-02"])
    fix = top('df["year"] = df["day"].dt.year', make)
    assert run(fix.source, make())["df"]["year"].tolist() == [2023, 2024]


def test_merge_keys_of_text_and_numbers():
    def make():
        return {"pd": pd, "left": pd.DataFrame({"id": [7, 8], "x": [1, 2]}),
                "right": pd.DataFrame({"id": ["07", "08"], "y": ["a", "b"]})}
    fix = top('both = pd.merge(left, right, on="id")', make)
    assert fix.source.startswith('right["id"] = right["id"].astype(int)\n')
    assert run(fix.source, make())["both"]["y"].tolist() == ["a", "b"]


def test_date_format_with_dots_and_day_first():
    make = frame(d=["31.01.2024", "29.02.2024"])
    fix = top('df["d"] = pd.to_datetime(df["d"], format="%m-%d-%Y")', make)
    assert '"%d.%m.%Y"' in fix.source
    assert run(fix.source, make())["df"]["d"].dt.day.tolist() == [31, 29]


def test_python_dict_text_read_as_json():
    import json

    src = "rows = [json.loads(t) for t in lines]"
    make = lambda: {"json": json, "lines": ["{'a': 1, 'ok': True}"]}  # noqa: E731
    fix = top(src, make)
    assert "ast.literal_eval(t)" in fix.source and fix.source.startswith("import ast\n")
    assert run(fix.source, make())["rows"] == [{"a": 1, "ok": True}]


# --- calls -------------------------------------------------------------------------------

def test_text_joined_to_a_float_gets_str():
    fix = top('label = "mean: " + avg + " kg"', lambda: {"avg": 3.5})
    assert fix.rule == "calls" and fix.source == 'label = "mean: " + str(avg) + " kg"'


def test_a_list_called_like_a_function():
    fix = top("first = items(0)", lambda: {"items": [4, 5]})
    assert fix.source == "first = items[0]"


def test_for_over_a_count_becomes_range():
    fix = top("out = []\nfor k in n:\n    out.append(k)\n", lambda: {"n": 3})
    assert "for k in range(n):" in fix.source
    assert run(fix.source, {"n": 3})["out"] == [0, 1, 2]


def test_a_method_used_without_calling_it():
    make = frame(v=[1.0, 3.0])
    fix = top('spread = df["v"].max - df["v"].min()', make)
    assert fix.source == 'spread = df["v"].max() - df["v"].min()'
    assert run(fix.source, make())["spread"] == 2.0


def test_sorted_instead_of_assigning_sort():
    fix = top("ranked = scores.sort(reverse=True)\ntop_score = ranked[0]",
              lambda: {"scores": [2, 9, 4]})
    assert fix.source.startswith("ranked = sorted(scores, reverse=True)")


def test_misspelt_keyword_of_a_dataframe_method():
    make = frame(a=[3, 1, 2])
    fix = top('out = df.sort_values(by="a", acending=False)', make)
    assert fix.source == 'out = df.sort_values(by="a", ascending=False)'


def test_two_names_over_a_list_use_enumerate():
    fix = top("pairs = {i: v for i, v in vals}", lambda: {"vals": [5, 6]})
    assert fix.source == "pairs = {i: v for i, v in enumerate(vals)}"


def test_deleting_from_a_set_while_looping():
    src = "for x in seen:\n    if x < 0:\n        seen.discard(x)\n"
    fix = top(src, lambda: {"seen": {1, -2, 3, -4}})
    assert fix.source.startswith("for x in list(seen):")


def test_counter_changed_in_a_function_is_declared_global():
    src = 'calls = 0\n\ndef ping():\n    """Count."""\n    calls = calls + 1\n\nping()\n'
    fix = top(src)
    assert '    """Count."""\n    global calls\n    calls = calls + 1' in fix.source
    assert run(fix.source, {})["calls"] == 1


# --- indexing ----------------------------------------------------------------------------

def test_pairs_of_neighbours_stop_one_early():
    src = "for j in range(len(temps)):\n    jumps.append(temps[j + 1] - temps[j])\n"
    make = lambda: {"temps": [3, 5, 4], "jumps": []}  # noqa: E731
    fix = top(src, make)
    assert fix.source.startswith("for j in range(len(temps) - 1):")
    assert run(fix.source, make())["jumps"] == [2, -1]


def test_nth_item_of_a_list_counts_from_zero():
    fix = top("third = colours[3]", lambda: {"colours": ["red", "green", "blue"]})
    assert fix.source == "third = colours[2]"


def test_a_position_well_past_the_end_is_not_guessed():
    assert not any(f.rule == "indexing" for f in fixes_for("x = colours[7]", lambda: {"colours": [1, 2]}))


def test_filter_on_a_value_spelt_in_another_case():
    make = frame(city=["Osaka", "Kyoto", "Osaka"], n=[2, 3, 4])
    src = 'hits = [n for c, n in zip(df["city"], df["n"]) if c == "osaka"]\nmean_n = sum(hits) / len(hits)'
    fix = top(src, make)
    assert '"Osaka"' in fix.source and run(fix.source, make())["mean_n"] == 3.0


# --- logic -------------------------------------------------------------------------------

def test_if_on_a_column_with_two_labels_uses_where():
    make = frame(score=[40, 75])
    src = 'if df["score"] >= 60:\n    df["result"] = "pass"\nelse:\n    df["result"] = "fail"\n'
    fix = top(src, make)
    assert fix.source.startswith('df["result"] = np.where(df["score"] >= 60, "pass", "fail")')
    assert run(fix.source, make())["df"]["result"].tolist() == ["fail", "pass"]


def test_and_between_column_conditions_becomes_ampersand():
    make = frame(a=[1, 5, 9], b=[2, 2, 8])
    fix = top("sel = df[(df.a > 2) and (df.b < 5)]", make)
    assert fix.source == "sel = df[(df.a > 2) & (df.b < 5)]"
    assert len(run(fix.source, make())["sel"]) == 1


def test_matrix_product_with_operands_swapped():
    make = lambda: {"np": np, "v": np.ones(3), "M": np.arange(6).reshape(2, 3)}  # noqa: E731
    fix = top("y = v @ M", make)
    assert fix.source == "y = M @ v"


def test_exact_repeated_rows_are_dropped_but_conflicting_ones_are_not():
    same = frame(id=[1, 1, 2], amount=[5, 5, 7])
    fix = top('assert df["id"].is_unique\ntotal = df["amount"].sum()', same)
    assert fix.source.startswith("df = df.drop_duplicates()\n")
    assert run(fix.source, same())["total"] == 12
    differ = frame(id=[1, 1, 2], amount=[5, 6, 7])
    assert not any(f.rule == "logic" for f in fixes_for('assert df["id"].is_unique', differ))


@pytest.mark.parametrize("src", ["x = [1, 2][5]", "y = 1 / 0"])
def test_no_data_rule_fires_without_evidence(src):
    assert not [f for f in fixes_for(src) if f.rule in ("text_data", "indexing", "logic")]


def test_decimal_commas_are_read_as_decimal_points():
    make = frame(kg=["2,5", "10,25", "1.200,5"])
    fix = top('df["kg"] = df["kg"].astype(float)', make)
    assert fix.source == 'df["kg"] = df["kg"].str.replace(".", "").str.replace(",", ".").astype(float)'
    assert run(fix.source, make())["df"]["kg"].tolist() == [2.5, 10.25, 1200.5]


def test_three_digits_after_the_comma_read_as_thousands():
    from spark_nb.assist.rules.text_data import number_plan

    assert not number_plan(["1,200", "35"]).decimal_comma
    assert number_plan(["3,5"]).decimal_comma
