"""Candidates in a real JupyterLab: the agreement line, readings side by side, Insert B below.

The kernel's model is a scripted batch (installed by the first cell), so the test knows
which readings come back; the checks, dry runs, fingerprints, grouping, panel and lab
bridge are the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import OUT, shoot, until

REPO = Path(__file__).resolve().parents[2]
WRONG = "totals = sales.groupby('region').sum()"
RIGHT = "totals = sales.groupby('region')['revenue'].sum()"
RIGHT_TOO = "totals = sales.groupby('region').revenue.sum()"


def _setup(*batches: list[str]) -> str:
    answers = ", ".join("[" + ", ".join(f"block({code!r})" for code in batch) + "]" for batch in batches)
    return f"""import sys
sys.path.insert(0, {str(REPO)!r})
%load_ext spark_nb
import pandas as pd
import spark_nb.engine
from tests.assist.test_generate import ScriptedBatchEngine, block
sales = pd.DataFrame({{"region": ["east", "west", "east"], "month": [1, 2, 3], "revenue": [10.0, 20.0, 5.0]}})
_scripted = ScriptedBatchEngine({answers})
spark_nb.engine.get_engine = lambda model=None, **kw: _scripted"""


@pytest.mark.slow
def test_readings_that_disagree_are_shown_side_by_side_and_one_is_picked(lab, open_notebook, page):
    lab.write_notebook("readings.ipynb", [
        _setup([WRONG, RIGHT, WRONG + "\n", RIGHT_TOO], [WRONG, RIGHT, RIGHT_TOO, RIGHT]),
        "%%spark -k 4\nSum sales['revenue'] per region into a variable named totals.",
        "%%spark -k 4\n地域ごとに sales の revenue を合計して totals に入れて"])
    nb = open_notebook("readings.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-panel").first
    page.wait_for_function("() => document.querySelector('.spark-status')?.dataset.state === 'ambiguous'",
                           timeout=60_000)
    nb.wait_kernel_idle()
    assert nb.cells.count() == 3  # no reading has a majority: nothing was inserted
    agreement = panel.locator(".spark-agreement").inner_text()
    assert agreement.startswith("4 candidates · 2 agree"), agreement
    cards = panel.locator(".spark-reading")
    assert cards.count() == 2
    assert cards.nth(0).locator(".spark-reading-title").inner_text() == "A · 2 of 4"
    assert "DataFrame" in cards.nth(0).locator(".spark-reading-summary").inner_text()
    assert "Series" in cards.nth(1).locator(".spark-reading-summary").inner_text()
    assert RIGHT in cards.nth(1).locator(".spark-code").inner_text()
    assert panel.locator(".spark-readings").get_attribute("open") is not None  # shown open
    shoot(page, "readings-1-two-readings")
    panel.screenshot(path=str(OUT / "readings-panel.png"))  # the panel alone, for the docs
    # Insert B below: the extension puts exactly reading B's code under the %%spark cell
    cards.nth(1).locator(".spark-use").click()
    until(page, lambda: nb.cells.count() == 4 and nb.source(2) == RIGHT, "reading B to be inserted below")
    assert "Reading B inserted below" in panel.inner_text()
    shoot(page, "readings-2-picked-B")
    # a majority (3 of 4) is inserted; the other reading folds under the agreement line
    nb.run_cell(3)
    nb.wait_kernel_idle()
    second = page.locator(".spark-panel").nth(1)
    page.wait_for_function("() => document.querySelectorAll('.spark-status')[1]?.dataset.state === 'passed'",
                           timeout=60_000)
    assert second.locator(".spark-agreement").inner_text().startswith("候補 4 件 · 3 件が一致")
    readings = second.locator(".spark-readings")
    assert readings.get_attribute("open") is None
    readings.locator("summary").click()
    chosen = second.locator(".spark-reading").nth(0)
    assert "採用" in chosen.inner_text() and second.locator(".spark-reading").count() == 2
    until(page, lambda: nb.source(4) == RIGHT, "the majority to be inserted below its cell")
    shoot(page, "readings-3-majority-japanese")
