"""Numbers in prose, and whether the data backs them (spark_nb.assist.grounding)."""

from __future__ import annotations

import pytest

from spark_nb.assist.grounding import Grounding, check, date_number, numbers_in, split_sentences


def values(text):
    return [n.value for n in numbers_in(text)]


@pytest.mark.parametrize("text, expected", [
    ("1,234.5", 1234.5), ("-3.2", -3.2), ("12%", 12.0), ("¥1,200", 1200.0), ("$3.5k", 3500.0),
    ("1.5M", 1.5e6), ("2.3万", 23000.0), ("1.2億", 1.2e8), ("3割", 30.0), ("１２３．５", 123.5),
    ("2bn", 2e9), ("4 million", 4e6), ("12 %", 12.0), ("−7", -7.0), ("0.25", 0.25), (".5", 0.5),
])
def test_numbers_in_understands_units_and_scales(text, expected):
    found = numbers_in(f"value {text} here")
    assert len(found) == 1 and found[0].value == pytest.approx(expected)
    assert found[0].text.strip() == text.strip()


def test_digits_inside_words_are_not_numbers():
    assert values("Q4 sales on an H100 in 2D, the 1st and 3rd items, COVID19") == []
    assert values("12kg and 100ms") == [12.0, 100.0]


def test_offsets_point_into_the_original_text():
    text = "売上は１，２００円、成長率は12%でした。"
    for n in numbers_in(text):
        assert text[n.start:n.end] == n.text
    assert [n.kind for n in numbers_in(text)] == ["number", "percent"]


def test_dates_and_years_are_recognised():
    found = numbers_in("From 2024-01-05 to 2024年3月, peak in 2023 and three regions.")
    assert [(n.kind, n.value) for n in found] == [("date", 20240105.0), ("date", 20240300.0),
                                                ("year", 2023.0), ("count", 3.0)]


def test_sentences_split_in_english_and_japanese():
    text = "Sales rose 3.5 times. Did it? Yes! 売上は増えた。利益は減った！本当？"
    parts = [text[a:b].strip() for a, b in split_sentences(text)]
    assert parts == ["Sales rose 3.5 times.", "Did it?", "Yes!", "売上は増えた。", "利益は減った！", "本当？"]


def test_writer_rounding_is_grounded():
    allowed = [1234.567, 0.256]
    for prose in ("Total 1,235.", "About 1.2k.", "Roughly 1,200.", "Exactly 1,234.567.",
                  "A share of 25.6%.", "About 26%.", "1,234.6 units."):
        assert check(prose, allowed).ok, prose


def test_numbers_not_in_the_data_are_not_grounded():
    g = check("Total 1,300. Share 31%. It was 9 times higher.", [1234.567, 0.256])
    assert g.total == 3 and g.grounded == 0 and not g.ok
    assert [n.text for n in g.ungrounded] == ["1,300", "31%", "9"]


def test_percent_changes_are_not_derived():
    # 100 -> 150 is +50%, but 50 is not among the allowed values
    assert not check("It grew by 50%.", [100.0, 150.0]).ok
    assert check("It grew by 50%.", [100.0, 150.0, 0.5]).ok


def test_small_counts_must_be_exact():
    assert not check("There are 3 regions.", [3.2, 10.0]).ok
    assert check("There are 3 regions.", [3.0, 10.0]).ok
    assert not check("three regions", [10.0]).ok
    assert check("three regions", [3.0]).ok


def test_years_of_dates_in_the_facts_are_grounded():
    allowed = [date_number(2024, 3, 1), 42.0]
    assert check("The peak, 42, came on 2024-03-01, in March 2024.", allowed).ok
    assert check("It peaked in 2024年3月.", allowed).ok
    assert not check("It peaked in 2023.", allowed).ok
    assert not check("On 2024-03-02 it was 42.", allowed).ok


def test_japanese_prose_with_units():
    allowed = [23000.0, 120000000.0, 0.3]
    g = check("売上は2.3万円でした。利益は1.2億円です。シェアは3割。費用は5万円。", allowed)
    assert [s.ok for s in g.sentences] == [True, True, True, False]
    assert g.kept_text == "売上は2.3万円でした。利益は1.2億円です。シェアは3割。"


def test_kept_text_drops_only_ungrounded_sentences():
    g = check("West leads with 340. East has 999. No numbers here.", [340.0])
    assert isinstance(g, Grounding)
    assert g.kept_text == "West leads with 340. No numbers here."
    assert g.share == pytest.approx(0.5) and g.total == 2 and g.grounded == 1
    assert [s.text for s in g.sentences if s.ungrounded] == ["East has 999."]


def test_no_numbers_is_fully_grounded():
    g = check("The line rises steadily.", [])
    assert g.ok and g.share == 1.0 and g.total == 0


def test_sign_is_not_held_against_a_change():
    assert check("It fell by 3.2.", [-3.2]).ok


def test_tolerance_parameters():
    assert check("about 101", [100.0], rel_tol=0.02).ok
    assert not check("about 103", [100.0], rel_tol=0.02).ok


def test_precise_numbers_must_round_at_their_own_precision():
    assert check("The max is 386.4.", [386.4]).ok
    assert not check("The gap is 385.6.", [386.4]).ok  # within 1%, but a different number
    assert check("About 386.", [386.4]).ok
    assert check("Total 1,234.57.", [1234.567]).ok


def test_a_percentage_is_not_a_raw_value():
    assert not check("A rise of 59%.", [59.0, 112.0, 171.0]).ok  # 59 is a change, not 59%
    assert check("A rise of 52.7%.", [59.0, 0.5268]).ok
