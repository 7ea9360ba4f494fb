"""The instant one-line summary: a small model's sentence when no rule knows the error."""

from __future__ import annotations

import pytest

from spark_nb.assist.diagnose import diagnose
from spark_nb.assist.error_summary import one_sentence, summarize
from tests.assist.test_generate import ScriptedEngine, block

CELL = "def solve(n):\n    raise RuntimeError('the solver did not converge after 50 iterations')\nsolve(3)\n"


def _error(source: str, ns: dict) -> BaseException:
    try:
        exec(compile(source, "<cell>", "exec"), ns)
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("the cell did not raise")


class FailingEngine:
    def stream(self, messages, **options):
        raise RuntimeError("the small model is gone")


def test_the_summary_comes_first_from_the_small_model_then_the_main_model_explains():
    ns: dict = {}
    err = _error(CELL, ns)
    small = ScriptedEngine("The solver stopped because it did not converge within 50 iterations.")
    main = ScriptedEngine("It never converges.\n" + block(CELL.replace("raise RuntimeError", "return None  #")))
    events = []
    d = diagnose(CELL, err, ns, engine=main, summary_engine=small,
                 on_event=lambda kind, data: events.append((kind, data)))
    kinds = [k for k, _ in events]
    assert kinds.index("summary") < kinds.index("explaining") < kinds.index("delta")
    assert d.summary == "The solver stopped because it did not converge within 50 iterations."
    assert d.summary_model == "scripted" and d.seconds_summary >= 0
    messages, options = small.calls[0]
    assert options["max_tokens"] <= 60 and "one short sentence" in messages[0]["content"]
    assert "did not converge after 50 iterations" in messages[1]["content"]
    assert len(main.calls) >= 1  # the main model still explains and fixes


def test_no_summary_call_when_a_rule_already_explains_the_error():
    ns = {"total": 3}
    err = _error("print(totl)", ns)
    small = ScriptedEngine("should not be asked")
    d = diagnose("print(totl)", err, ns, use_model=True, engine=ScriptedEngine("Typo.\n" + block("print(total)")),
                 summary_engine=small)
    assert small.calls == [] and d.summary_model == ""
    assert "total" in d.summary


def test_a_failing_small_model_leaves_the_generic_summary():
    ns: dict = {}
    err = _error(CELL, ns)
    d = diagnose(CELL, err, ns, engine=ScriptedEngine("Because.\n"), summary_engine=FailingEngine())
    assert d.summary.startswith("RuntimeError") or "converge" in d.summary
    assert d.summary_model == ""


def test_japanese_cells_get_a_japanese_summary_request():
    ns: dict = {}
    source = "# 収束の確認\n" + CELL
    err = _error(source, ns)
    small = ScriptedEngine("ソルバーが50回の反復で収束しませんでした。")
    d = diagnose(source, err, ns, engine=ScriptedEngine("収束しません。\n"), summary_engine=small, japanese=True)
    assert "in Japanese" in small.calls[0][0][0]["content"]
    assert d.summary == "ソルバーが50回の反復で収束しませんでした。"


@pytest.mark.parametrize("raw, expected", [
    ("The column `price` holds text. Convert it first.", "The column price holds text."),
    ("  **Division** by zero\nin the ratio.  ", "Division by zero in the ratio."),
    ("```python\nx = 1\n```", ""),
    ("...", ""),
    ("データが空です。次に", "データが空です。"),
])
def test_one_sentence_is_one_plain_line(raw, expected):
    assert one_sentence(raw) == expected


def test_a_long_sentence_is_cut_on_a_word():
    text = one_sentence("word " * 100)
    assert len(text) <= 242 and text.endswith(" …") and "\n" not in text


@pytest.mark.slow
def test_a_real_small_model_writes_one_line(smollm2):
    ns: dict = {}
    err = _error(CELL, ns)
    s = summarize(smollm2, CELL, f"RuntimeError: {err}", line=2)
    assert s is not None and s.text and "\n" not in s.text and "```" not in s.text
    assert len(s.text) <= 242 and 0 < s.tokens <= 60 and s.model == "smollm2-135m"
