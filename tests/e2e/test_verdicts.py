"""Skipped and incomplete checks in a real JupyterLab: their own marks and words, never ✓.

A scripted model (a module written next to the notebook) answers each request with known
code, so the verdicts do not depend on what a small model writes: code that fetches a
URL (the sandbox refuses the connection: *incomplete*) and code that reads through the
kernel's open sqlite3 connection (never run in the copy: *skipped*).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import shoot, until

# docs/images/spark-panel-incomplete.png is a copy of this screenshot; tests write outside the repository.

SCRIPTED_MODEL = '''"""A scripted model for the browser tests: known code for each request, no weights."""
import spark_nb.engine
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion, Usage

FETCH = 'import urllib.request\\npage = urllib.request.urlopen("http://127.0.0.1:9/").read()'
COUNT = 'n = con.execute("select count(*) from items").fetchone()[0]'


def answer(prompt):
    if "NameError" in prompt:
        return "`totl` is not defined; the total is in `total`."
    if "127.0.0.1:9" in prompt:
        return "```python\\n" + FETCH + "\\n```"
    return "```python\\n" + COUNT + "\\n```"


class ScriptedModel:
    def stream(self, messages, **options):
        text = answer(messages[-1]["content"])
        s = Stream()
        for piece in text.split(" "):
            s.emit(piece + " ")
        s.finish(Completion(text=text, finish_reason="stop", model="scripted",
                            usage=Usage(prompt_tokens=10, completion_tokens=len(text.split()))))
        return s


spark_nb.engine.get_engine = lambda model=None, **kw: ScriptedModel()
'''

SETUP = """%load_ext spark_nb
import scripted_model  # answers the requests below with known code
import sqlite3
con = sqlite3.connect("items.db")
con.execute("drop table if exists items")
con.execute("create table items (name text)")
con.executemany("insert into items values (?)", [("pen",), ("ink",)])
con.commit()
total = 35"""
FETCH = "%%spark\nFetch the page at http://127.0.0.1:9/ into `page`."
COUNT = "%%spark\nCount the rows of the items table through `con` into `n`."
FIX_CELL = """import urllib.request
def ping():
    return urllib.request.urlopen("http://127.0.0.1:9/")
print("total is", totl)
ping()"""


def _wait_verdict(page, index: int) -> None:
    page.wait_for_function(
        """(i) => { const s = document.querySelectorAll('.spark-panel:not(.spark-fix-panel) .spark-status')[i];
                    return s && !['generating', 'checking', 'repairing'].includes(s.dataset.state); }""",
        arg=index, timeout=60_000)


def _dry_run_line(panel) -> str:
    return panel.locator(".spark-stages li", has_text="dry_run").last.inner_text()


def test_incomplete_and_skipped_runs_are_inserted_unrun_and_marked(lab, open_notebook, page):
    (lab.root / "scripted_model.py").write_text(SCRIPTED_MODEL)
    lab.write_notebook("verdicts.ipynb", [SETUP, FETCH, COUNT])
    page.set_viewport_size({"width": 1280, "height": 1100})
    nb = open_notebook("verdicts.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()

    # 1. the dry run reaches the network: incomplete, inserted below, not run
    nb.run_cell(1)
    _wait_verdict(page, 0)
    panels = page.locator(".spark-panel:not(.spark-fix-panel)")
    fetch = panels.nth(0)
    assert fetch.locator(".spark-status").get_attribute("data-state") == "incomplete", fetch.inner_text()
    assert fetch.locator(".spark-status").inner_text() == "incomplete"
    dry = fetch.locator(".spark-stages li[data-state='incomplete']")
    assert dry.count() == 1 and re.match(r"^! dry_run — would request http://127\.0\.0\.1:9/", dry.inner_text())
    assert not _dry_run_line(fetch).startswith("✓")
    message = fetch.locator(".spark-message")
    assert message.inner_text().startswith("Inserted below, not run: would request http://127.0.0.1:9/")
    assert message.get_attribute("data-state") == "incomplete"
    assert not fetch.locator(".spark-insert").is_visible()  # it is inserted already
    nb.wait_kernel_idle()
    until(page, lambda: nb.cells.count() == 4, "the incomplete code to be inserted below")
    assert "urlopen" in nb.source(2)
    assert nb.cells.nth(2).locator(".jp-InputArea-prompt").inner_text().strip() in ("[ ]:", "")  # never run

    # 2. the code uses the kernel's open connection: skipped, inserted below, not run
    nb.run_cell(3)
    _wait_verdict(page, 1)
    count = panels.nth(1)
    assert count.locator(".spark-status").get_attribute("data-state") == "skipped", count.inner_text()
    assert count.locator(".spark-status").inner_text() == "not verified"
    skipped = count.locator(".spark-stages li[data-state='skip']")
    assert skipped.count() == 1
    assert skipped.inner_text().startswith("– dry_run — uses the kernel's open connection `con`")
    assert count.locator(".spark-message").inner_text().startswith("Inserted below, not run and not verified:")
    nb.wait_kernel_idle()
    # (Shift+Enter on the last cell also adds an empty one at the end)
    until(page, lambda: nb.cells.count() >= 5, "the skipped code to be inserted below")
    assert "con.execute" in nb.source(4)
    assert nb.cells.nth(4).locator(".jp-InputArea-prompt").inner_text().strip() in ("[ ]:", "")
    # neither panel has a ticked dry run
    assert page.locator(".spark-stages li[data-state='pass']", has_text="dry_run").count() == 0

    page.evaluate("() => document.querySelector("
                  "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')?.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    shoot(page, "verdicts-1-incomplete-and-skipped")


def test_an_incomplete_fix_is_offered_to_apply_but_not_to_run(lab, open_notebook, page):
    (lab.root / "scripted_model.py").write_text(SCRIPTED_MODEL)
    lab.write_notebook("verdict-fix.ipynb", [SETUP, FIX_CELL])
    nb = open_notebook("verdict-fix.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.run_cell(1)
    panel = page.locator(".spark-fix-panel")
    panel.wait_for(timeout=30_000)
    fix = panel.locator(".spark-fix", has_text="total").first
    fix.wait_for(timeout=60_000)
    assert fix.get_attribute("data-status") == "incomplete", fix.inner_text()
    note = fix.locator(".spark-fix-note")
    assert note.inner_text().startswith("Not fully checked: would request http://127.0.0.1:9/")
    marks = fix.locator(".spark-check").all_inner_texts()
    assert "! dry_run" in marks and "✓ dry_run" not in marks, marks
    assert fix.locator(".spark-apply").count() == 1
    assert fix.locator(".spark-apply-run").count() == 0  # never run by one click
    shoot(page, "verdicts-2-incomplete-fix")
    fix.locator(".spark-apply").click()
    until(page, lambda: 'print("total is", total)' in nb.source(1), "the fix to reach the cell")
