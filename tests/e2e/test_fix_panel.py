"""The error panel in a real JupyterLab: a rule fix under the traceback, Apply, Apply & run."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shoot, until

SETUP = """%load_ext spark_nb
%spark config model=qwen2.5-coder-0.5b
import pandas as pd
sales = pd.DataFrame({"region": ["east", "west", "east"], "revenue": [10.0, 20.0, 5.0]})"""
FAILING = "total = sales['revenue'].sum()\nprint('total is', totl)"


@pytest.mark.slow
def test_error_panel_applies_a_checked_rule_fix(lab, open_notebook, page):
    lab.write_notebook("fix.ipynb", [SETUP, FAILING])
    nb = open_notebook("fix.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-fix-panel")
    panel.wait_for(timeout=30_000)
    assert "NameError" in nb.output(1).inner_text()
    rule_fix = panel.locator(".spark-fix", has_text="total").first
    rule_fix.wait_for(timeout=60_000)
    shoot(page, "fix-panel-1-rule-fix")
    assert "rule" in rule_fix.inner_text()
    assert "+print('total is', total)" in rule_fix.locator(".spark-diff").inner_text()
    rule_fix.locator(".spark-apply").click()
    until(page, lambda: "print('total is', total)" in nb.source(1), "the fix to reach the cell")
    shoot(page, "fix-panel-2-applied")
    page.keyboard.press("Escape")
    # Apply & run: the cell runs with the fix and prints the total
    nb.cells.nth(1).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+z")
    until(page, lambda: "totl" in nb.source(1), "undo to bring the typo back")
    page.keyboard.press("Escape")
    nb.run_cell(1)
    panel = page.locator(".spark-fix-panel")
    rule_fix = panel.locator(".spark-fix", has_text="total").first
    rule_fix.wait_for(timeout=60_000)
    rule_fix.locator(".spark-apply-run").click()
    until(page, lambda: "total is 35.0" in nb.output(1).inner_text(), "the fixed cell to run", timeout=60)
    shoot(page, "fix-panel-3-applied-and-ran")
