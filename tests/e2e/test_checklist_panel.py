"""The request's checklist in a real JupyterLab: a mark per requirement, with its words.

The kernel's model is scripted (installed by the first cell): its first answer misses the
order the request asks for and its repair meets it; the extraction, checks, dry runs,
repair and panel are the real ones.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import OUT, shoot, until
from tests.e2e.test_readings import REPO

UNSORTED = "ranked = sales.groupby('region')['revenue'].sum().sort_values()"
SORTED = "ranked = sales.groupby('region')['revenue'].sum().sort_values(ascending=False)"
SETUP = f"""import sys
sys.path.insert(0, {str(REPO)!r})
%load_ext spark_nb
import pandas as pd
import spark_nb.engine
from tests.assist.test_generate import ScriptedEngine, block
sales = pd.DataFrame({{"region": ["east", "west", "east"], "revenue": [10.0, 20.0, 5.0]}})
_scripted = ScriptedEngine(block({UNSORTED!r}), block({SORTED!r}))
spark_nb.engine.get_engine = lambda model=None, **kw: _scripted"""


@pytest.mark.slow
def test_each_requirement_has_its_mark_and_the_repair_meets_the_missed_one(lab, open_notebook, page):
    lab.write_notebook("checklist.ipynb", [
        SETUP, "%%spark\nMake `ranked`, a Series of revenue per region, sorted from highest to lowest."])
    nb = open_notebook("checklist.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-panel")
    page.wait_for_function("() => document.querySelector('.spark-status')?.dataset.state === 'passed'",
                           timeout=60_000)
    stages = panel.locator(".spark-stages li")
    texts = [stages.nth(i).inner_text() for i in range(stages.count())]
    asked = [t for t in texts if "asked:" in t]
    assert asked[0].startswith("✓ asked: “a Series”")
    assert asked[1].startswith("✗ asked: “sorted from highest to lowest” — the values of `ranked` are not")
    assert asked[-1].startswith("✓ asked: “sorted from highest to lowest”")  # after the repair
    assert any("repair round 1" in t for t in texts)
    shoot(page, "checklist-1-missed-then-met")
    panel.screenshot(path=str(OUT / "checklist-panel.png"))
    until(page, lambda: nb.cells.count() >= 3 and nb.source(2) == SORTED, "the repaired code below")
