"""A fix must fix the cell: no try/except around the error, no deleted failing line, no lost name."""

from __future__ import annotations

import pytest

from spark_nb.assist.checks.effects import check_effects

CELL = "total = sales['revenue'].sum()\nmean = total / count\nprint(mean)"


@pytest.mark.parametrize("fixed, kind", [
    ("total = sales['revenue'].sum()\ntry:\n    mean = total / count\nexcept Exception:\n    pass\nprint(mean)",
     "silences"),
    ("total = sales['revenue'].sum()\ntry:\n    mean = total / count\nexcept NameError:\n    mean = 0\nprint(mean)",
     "silences"),
    ("total = sales['revenue'].sum()\ntry:\n    mean = total / count\nexcept:\n    mean = None", "silences"),
    ("total = sales['revenue'].sum()\nprint(total)", "keeps"),
    ("total = sales['revenue'].sum()\n# mean = total / count\nprint(mean)", "deletes"),
])
def test_lazy_fixes_are_caught(fixed, kind):
    kinds = [k for k, _ in check_effects(CELL, fixed, line=2, error_type="NameError")]
    assert kind in kinds, kinds


def test_real_fixes_pass():
    for fixed in ("total = sales['revenue'].sum()\nmean = total / len(sales)\nprint(mean)",
                  "total = sales['revenue'].sum()\ncount = len(sales)\nmean = total / count\nprint(mean)",
                  "import numpy as np\ntotal = sales['revenue'].sum()\nmean = total / count\nprint(mean)"):
        assert check_effects(CELL, fixed, line=2, error_type="NameError") == [], fixed
    # a handler the cell already had is not the fix's doing
    guarded = "try:\n    x = int(s)\nexcept ValueError:\n    x = 0\ny = x + z"
    assert check_effects(guarded, guarded.replace("z", "1"), line=5, error_type="NameError") == []
    # a handler for another error than the one raised is not hiding it
    other = "try:\n    x = int(s)\nexcept ValueError:\n    x = 0\ny = x + 1"
    assert check_effects("x = int(s)\ny = x + z", other, line=2, error_type="NameError") == []


def test_messages_say_what_the_fix_did():
    (kind, message), = check_effects("a = 1\nb = a + c", "a = 1", line=2, error_type="NameError")[:1]
    assert kind == "keeps" and message == "the fix no longer assigns `b`, which the cell makes"
    assert check_effects("%pip install x", "%pip install y") == []  # not Python: nothing to read
