"""The %%spark panel in a real JupyterLab: it streams, inserts the checked code below, cancels."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import shoot

SETUP = """%load_ext spark_nb
%spark config model=qwen2.5-coder-0.5b
import pandas as pd
sales = pd.DataFrame({"region": ["east", "west", "east"], "revenue": [10.0, 20.0, 5.0]})"""
FINAL = "['passed', 'failed', 'incomplete', 'skipped']"  # the panel's verdicts: the run is over


@pytest.mark.slow
def test_spark_panel_streams_and_inserts_the_code_below(lab, open_notebook, page):
    lab.write_notebook("panel.ipynb", [SETUP, "%%spark\nGroup sales by region and sum the revenue into a variable named totals.",
                                       "print(totals)"])
    nb = open_notebook("panel.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-panel")
    panel.wait_for()
    status = panel.locator(".spark-status")
    shoot(page, "spark-panel-1-generating")
    page.wait_for_function(
        f"() => {FINAL}.includes(document.querySelector('.spark-status')?.dataset.state)",
        timeout=180_000)
    shoot(page, "spark-panel-2-result")
    assert status.get_attribute("data-state") == "passed", panel.inner_text()
    assert "groupby" in panel.locator(".spark-code").first.inner_text() or "groupby" in panel.inner_text()
    stages = panel.locator(".spark-stages li")
    assert stages.count() >= 3 and "dry_run" in panel.locator(".spark-stages").inner_text()
    # the accepted code is a new cell right below the %%spark cell
    nb.wait_kernel_idle()
    assert nb.cells.count() == 4
    inserted = nb.source(2)
    assert "totals" in inserted and "groupby" in inserted
    nb.run_cell(2)
    nb.wait_kernel_idle()
    nb.run_cell(3)
    nb.wait_kernel_idle()
    page.wait_for_function("() => document.querySelectorAll('.jp-Cell')[3].innerText.includes('east')")
    out = nb.output(3).inner_text()  # a Series or a one-column frame: the sums per region
    assert re.search(r"east\s+15\.0", out) and re.search(r"west\s+20\.0", out), out
    shoot(page, "spark-panel-3-inserted-and-run")


@pytest.mark.slow
def test_cancel_stops_generation_and_keeps_the_kernel(lab, open_notebook, page):
    lab.write_notebook("cancel.ipynb", [
        SETUP + "\n%spark config max_tokens=2000",
        "%%spark\nWrite a very long, detailed data cleaning pipeline for sales with many helper "
        "functions, docstrings and comments for every step.",
        "print('kernel alive', len(sales))"])
    nb = open_notebook("cancel.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-panel")
    code = panel.locator(":scope > .spark-code")
    page.wait_for_function("() => (document.querySelector('.spark-panel > .spark-code')?.textContent || '').length > 40")
    shoot(page, "spark-panel-4-before-cancel")
    panel.locator(".spark-cancel").click()
    page.wait_for_function("() => document.querySelector('.spark-status')?.dataset.state === 'cancelled'",
                           timeout=15_000)
    shoot(page, "spark-panel-5-cancelled")
    assert "nothing was inserted" in panel.inner_text()
    nb.wait_kernel_idle()
    assert nb.cells.count() == 3  # nothing inserted
    assert len(code.inner_text()) < 2000 * 3
    nb.run_cell(2)
    nb.wait_kernel_idle()
    page.wait_for_function("() => document.querySelectorAll('.jp-Cell')[2].innerText.includes('kernel alive')")


@pytest.mark.slow
def test_failing_code_is_not_inserted_unless_the_user_asks(lab, open_notebook, page):
    lab.write_notebook("failing.ipynb", [
        SETUP, "%%spark --rounds 0\nStore the sum of the column `profit_xyz` of sales in `total`.",
        "print('next cell')"])
    nb = open_notebook("failing.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    page.wait_for_function(
        f"() => {FINAL}.includes(document.querySelector('.spark-status')?.dataset.state)",
        timeout=180_000)
    panel = page.locator(".spark-panel")
    assert panel.locator(".spark-status").get_attribute("data-state") == "failed", panel.inner_text()
    assert panel.locator(".spark-stages li[data-state='fail']").count() >= 1
    assert "Not inserted" in panel.inner_text()
    nb.wait_kernel_idle()
    assert nb.cells.count() == 3 and "next cell" in nb.source(2)  # nothing inserted by itself
    shoot(page, "spark-panel-6-failed")
    insert = panel.locator(".spark-insert")
    assert insert.is_visible()  # the extension is there: the user may insert it anyway
    insert.click()
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length === 4")
    assert "profit_xyz" in nb.source(2) and "next cell" in nb.source(3)  # right below the panel's cell
    assert "still failing" in panel.inner_text()
    shoot(page, "spark-panel-7-inserted-anyway")
