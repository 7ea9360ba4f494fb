"""Claims of output tables: which tables summarise, what their claims say, and the checker on them."""

from __future__ import annotations

import pytest

from spark_nb.assist.claims import check
from spark_nb.assist.claims.tables import number, series_table, table_claims, table_facts

BY_REGION_HEADER = [["", "units", "revenue", "share"], ["region", "", "", ""]]
BY_REGION = [["East", "27494", "548124.05", "0.350"], ["North", "21990", "439481.88", "0.280"],
             ["South", "16506", "329908.08", "0.211"], ["West", "12565", "249695.11", "0.159"]]


def test_numbers_are_read_as_a_table_writes_them():
    assert number("1,234.5") == 1234.5 and number("-3") == -3 and number("35.0%") == 35.0
    assert number("north") is None and number("2025-01-01") is None and number("") is None


def test_an_aggregate_gives_top_bottom_share_total_and_gap():
    facts, claims = table_claims(BY_REGION_HEADER, BY_REGION)
    assert [a.ylabel for a in facts.axes] == ["units", "revenue", "share"]
    texts = [c.en for c in claims]
    assert "East has the highest revenue, at 548,124.05." in texts
    assert "West has the lowest units, at 12,565." in texts
    assert "The total revenue is 1,567,209.12 over 4 rows." in texts
    gap = next(c for c in claims if c.kind == "compare" and facts.axes[c.axes].ylabel == "revenue")
    assert gap.subject == "East" and gap.other == "West" and gap.value - gap.value2 == pytest.approx(298428.94)
    # a column of shares has no total: it is 1 by construction
    assert not any(c.kind == "total" and facts.axes[c.axes].ylabel == "share" for c in claims)
    assert [c.id for c in claims] == [f"t{i}" for i in range(1, len(claims) + 1)]
    assert all(c.ja for c in claims)


@pytest.mark.parametrize("header, body", [
    ([["", "date", "region", "units"]], [["0", "2025-01-01", "North", "48"], ["1", "2025-01-02", "North", "51"]]),
    ([["", "units", "price"]], [[k, "1", "2"] for k in ("count", "mean", "std", "min", "25%", "50%", "75%", "max")]),
    ([["", "a", "b"]], [["a", "1.0", "0.5"], ["b", "0.5", "1.0"]]),
    ([["", "revenue"]], [["north", "1"], ["…", "…"], ["west", "3"]]),
    ([["", "revenue"]], [["north", "1"]]),
    ([["", "name"]], [["north", "x"], ["south", "y"]]),
], ids=["raw rows", "describe", "matrix", "cut", "one row", "no numbers"])
def test_tables_that_do_not_summarise_give_no_claims(header, body):
    assert table_facts(header, body) is None and table_claims(header, body) is None


def test_a_column_with_one_value_for_every_row_is_left_out():
    facts = table_facts([["", "month", "revenue"], ["region", "", ""]],
                        [["north", "21", "867.0"], ["south", "21", "817.0"], ["west", "21", "856.0"]])
    assert [a.ylabel for a in facts.axes] == ["revenue"]


def test_a_one_row_table_is_read_across_its_columns():
    header = [["date", "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]]
    facts, claims = table_claims(header, [["revenue", "105181.0", "102019.0", "132741.0", "140482.0"]])
    top = next(c for c in claims if c.kind == "max")
    assert top.x == "2025-04-01" and top.value == 140482.0


def test_a_printed_series_is_a_table():
    text = "region\nnorth    144.5\nsouth    136.2\nwest     142.7\nName: revenue, dtype: float64"
    header, body = series_table(text)
    assert header == [["region", "revenue"]] and body[1] == ["south", "136.2"]
    _, claims = table_claims(header, body)
    assert "north has the highest revenue, at 144.5." in [c.en[0].lower() + c.en[1:] for c in claims]
    assert series_table("1460 rows, 4 regions") is None
    assert series_table("a  1\nb  x\ndtype: object") is None


def test_the_checker_holds_sentences_about_a_table():
    facts, claims = table_claims(BY_REGION_HEADER, BY_REGION)
    assert check("East has the highest revenue, at 548,124.05.", facts, claims).status == "true"
    wrong = check("South has the highest revenue.", facts, claims)
    assert wrong.status == "false" and wrong.instead is not None and wrong.instead.x == "East"
    assert check("West has the lowest revenue.", facts, claims).status == "true"
    assert check("The total revenue is 1,567,209.12.", facts, claims).status == "true"
    assert check("The total revenue is 1,700,000.", facts, claims).status == "false"
    ja_facts, ja_claims = table_claims([["", "売上"], ["店舗", ""]], [["東京", "549402.31"], ["大阪", "402554.87"]])
    top = next(c for c in ja_claims if c.kind == "max")
    assert top.ja == "売上が最も高いのは東京で、549,402.31です。"
    assert check(top.ja, ja_facts, ja_claims).status == "true"
    assert check("売上が最も高いのは大阪です。", ja_facts, ja_claims).status == "false"


@pytest.mark.parametrize("header, body", [
    (BY_REGION_HEADER, BY_REGION),
    ([["date", "2025-01-01", "2025-02-01", "2025-03-01", "2025-07-01"]], [["revenue", "105181.0", "102019.0", "132741.0", "162793"]]),
    ([["", "売上"], ["店舗", ""]], [["東京", "549402.31"], ["大阪", "402554.87"], ["福岡", "210000"]]),
], ids=["by region", "across dates", "japanese"])
def test_every_table_claim_is_true_of_its_table_by_the_checker(header, body):
    facts, claims = table_claims(header, body)
    for c in claims:
        assert check(c.en, facts, claims).status == "true", c.en
        assert check(c.ja, facts, claims).status == "true", c.ja
