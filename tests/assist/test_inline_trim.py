"""Ghost text is trimmed to what fits the cell: one line, nothing the cell already has,
code that parses, and only the columns a DataFrame has."""

from __future__ import annotations

import pytest

from spark_nb.assist.inline.trim import trim

COLUMNS = {"sales": ["region", "revenue", "month"]}


def test_a_column_being_typed_is_finished_with_its_closing_quote_and_bracket():
    assert trim('sales["re', 'venue"]', columns=COLUMNS) == 'venue"]'


def test_what_the_editor_already_closed_is_not_typed_twice():
    assert trim('sales["re', 'venue"]', '"]', columns=COLUMNS) == "venue"
    assert trim("print(tot", "als)", ")") == "als"


def test_only_the_first_line_is_kept():
    assert trim("x = ", "1\ny = 2") == "1"


@pytest.mark.parametrize("prefix, text, kept", [
    ("x = sales.groupby(", '"region").sum())', '"region").sum()'),   # one closer too many
    ("total = ", "(a + b", "(a + b"),                                 # may go on next line
    ("def f(a, b", "):", "):"),
    ("x = 1", " + 2 *", " + 2"),                                       # cut back to what parses
    ("%matplotlib inline\nx = np.", "arange(10)", "arange(10)"),       # a magic line is no error
])
def test_the_cell_must_parse_with_the_completion_in_place(prefix, text, kept):
    assert trim(prefix, text) == kept


def test_a_completion_nothing_of_which_parses_is_dropped():
    assert trim("x = [1, 2]\n", ") = 3") == ""


def test_an_unreadable_line_only_loses_brackets_it_never_opened():
    # a half-typed string: no start of the completion makes the cell parse
    assert trim('label = f"{name', ' is"]) here') == ' is"'


def test_a_column_the_frame_lacks_drops_a_string_the_user_began():
    assert trim('sales["re', 'gion_x"]', columns=COLUMNS) == ""


def test_a_column_the_frame_lacks_is_cut_off_when_the_completion_wrote_it():
    assert trim("top = ", 'sales.head(3); sales["profit"]', columns=COLUMNS) == "sales.head(3);"
    assert trim("top = ", 'sales["revenue"].max()', columns=COLUMNS) == 'sales["revenue"].max()'


def test_unknown_frames_and_no_columns_leave_subscripts_alone():
    assert trim("y = ", 'other["anything"]', columns=COLUMNS) == 'other["anything"]'
    assert trim('sales["re', 'gion_x"]') == 'gion_x"]'


def test_blank_answers_are_dropped():
    assert trim("x = ", "   ") == ""
    assert trim("x = ", "\n1") == ""
