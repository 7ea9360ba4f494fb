"""The JupyterLab extension in a real JupyterLab: the panel bridge and the Spark commands.

A tiny anywidget stands in for a spark_nb panel: its buttons dispatch ``spark-nb:action``
exactly as a panel does (with the ``bridge_key`` of its widget model), and write the
``spark-nb:action-done`` answer into their text.
"""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import shoot, until

PANEL_CELL = '''import secrets
import anywidget, traitlets

class BridgeProbe(anywidget.AnyWidget):
    bridge_key = traitlets.Unicode(secrets.token_urlsafe(32)).tag(sync=True)
    _esm = """
    const BUTTONS = [
      ["Replace", "replace", "answer = 42  # replaced by the panel"],
      ["Insert below", "insert-below", "inserted = 'below'"],
      ["Run", "run", ""],
      ["Replace and run", "replace-and-run", "print('replaced, then ran')"],
    ];
    function render({ model, el }) {
      BUTTONS.forEach(([label, action, source], n) => {
        const button = document.createElement("button");
        button.className = "probe-" + action;
        button.textContent = label;
        button.onclick = () => {
          const id = action + "-" + n;
          button.addEventListener("spark-nb:action-done", (event) => {
            const { ok, error } = event.detail;
            button.dataset.done = JSON.stringify(event.detail);
            button.textContent = label + ": " + (event.detail.id === id && ok ? "ok" : error);
          }, { once: true });
          button.dispatchEvent(new CustomEvent("spark-nb:action",
            { detail: { action, source, id, key: model.get("bridge_key") }, bubbles: true, composed: true }));
        };
        el.appendChild(button);
      });
    }
    export default { render };
    """

BridgeProbe()'''
NEXT_CELL = "after = 'the cell after the panel'"
REPLACED = "answer = 42  # replaced by the panel"
INSERTED = "inserted = 'below'"

# From an element outside every notebook cell: the bridge must answer with an error.
ASK_FROM_OUTSIDE = """() => new Promise(resolve => {
  const el = document.createElement('div');
  document.body.appendChild(el);
  el.addEventListener('spark-nb:action-done', e => { el.remove(); resolve(e.detail); });
  el.dispatchEvent(new CustomEvent('spark-nb:action',
    { detail: { action: 'replace', source: 'x', id: 'outside', key: 'k'.repeat(43) },
      bubbles: true, composed: true }));
})"""


def _prompt(nb, index: int) -> str:
    return nb.cells.nth(index).locator(".jp-InputArea-prompt").inner_text()


def _lines(text: str) -> list[str]:
    # the editor's innerText doubles blank lines, so compare the lines that hold code
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _wait_source(nb, index: int, text: str) -> None:
    until(nb.page, lambda: _lines(nb.source(index)) == _lines(text),
           f"cell {index} to read {text[:40]!r}", timeout=15)


def _click_and_wait(page, button: str) -> dict:
    """Click a probe button; return the action-done detail it received."""
    locator = page.locator(f".probe-{button}")
    locator.click()
    page.wait_for_function(f"() => document.querySelector('.probe-{button}')?.dataset.done",
                           timeout=30_000)
    return json.loads(locator.get_attribute("data-done"))


def test_bridge_replaces_inserts_and_runs_the_panel_cell(lab, open_notebook, page):
    lab.write_notebook("bridge.ipynb", [PANEL_CELL, NEXT_CELL])
    nb = open_notebook("bridge.ipynb")
    assert page.evaluate("() => document.body.dataset.sparkNbBridge") == "1"

    _wait_source(nb, 0, PANEL_CELL)
    nb.run_cell(0)
    nb.wait_kernel_idle()
    page.locator(".probe-replace").wait_for()
    shoot(page, "bridge-1-panel")

    # Replace: the panel's cell gets the new source, through the shared model
    assert _click_and_wait(page, "replace") == {"id": "replace-0", "ok": True}
    assert page.locator(".probe-replace").inner_text() == "Replace: ok"
    _wait_source(nb, 0, REPLACED)
    assert nb.cells.count() == 2
    shoot(page, "bridge-2-replaced")

    # ...and Ctrl+Z in the cell's editor brings the old source back, as for a user's edit
    nb.cells.nth(0).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+z")
    _wait_source(nb, 0, PANEL_CELL)
    shoot(page, "bridge-3-replace-undone")

    # Insert below: a new code cell right under the panel's cell, and it is the active one
    assert _click_and_wait(page, "insert-below") == {"id": "insert-below-1", "ok": True}
    assert nb.cells.count() == 3
    _wait_source(nb, 1, INSERTED)
    _wait_source(nb, 2, NEXT_CELL)
    assert "jp-mod-active" in nb.cells.nth(1).get_attribute("class")
    shoot(page, "bridge-4-inserted")

    # ...and undo in command mode (Z) takes the whole cell out again
    nb.cells.nth(1).locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("z")
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length === 2")
    _wait_source(nb, 1, NEXT_CELL)
    shoot(page, "bridge-5-insert-undone")

    # Run: the panel's cell runs again in the notebook's kernel (new count, fresh output)
    before = _prompt(nb, 0)
    page.locator(".probe-run").click()
    until(page, lambda: re.search(r"\[\d+\]", _prompt(nb, 0)) and _prompt(nb, 0) != before,
           "a new execution count", timeout=60)
    nb.wait_kernel_idle()
    assert _prompt(nb, 0) != before
    nb.output(0).locator(".probe-run").wait_for()
    assert nb.output(0).locator(".probe-run").inner_text() == "Run"  # a newly rendered panel
    shoot(page, "bridge-6-ran")

    # Replace and run: the new source runs at once (its output replaces the panel)
    page.locator(".probe-replace-and-run").click()
    until(page, lambda: "replaced, then ran" in nb.output(0).inner_text(), "the new output",
           timeout=60)
    _wait_source(nb, 0, "print('replaced, then ran')")
    nb.wait_kernel_idle()
    shoot(page, "bridge-7-replaced-and-ran")

    # An element outside every cell gets a clear refusal, and nothing changes
    answer = page.evaluate(ASK_FROM_OUTSIDE)
    assert answer["id"] == "outside" and answer["ok"] is False
    assert "not inside a notebook cell" in answer["error"]
    assert nb.cells.count() == 2


def test_spark_commands_insert_and_run_their_cells(lab, open_notebook, page):
    lab.write_notebook("commands.ipynb", ["x = 1", "y = 2"])
    nb = open_notebook("commands.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()

    # the shortcut, in edit mode: ask for a request, insert %%spark below and run it
    nb.cells.nth(0).locator(".jp-InputArea-editor").click()
    page.locator(".jp-Notebook.jp-mod-editMode").wait_for()
    page.keyboard.press("Control+Shift+Y")
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    assert "Spark: Generate code" in dialog.inner_text()
    shoot(page, "bridge-8-generate-dialog")
    dialog.locator("input").fill("plot x against y")
    page.keyboard.press("Enter")
    _wait_source(nb, 1, "%%spark\nplot x against y")
    until(page, lambda: re.search(r"\[\d+\]", _prompt(nb, 1)), "the %%spark cell to run",
           timeout=60)
    assert nb.cells.count() == 3
    _wait_source(nb, 2, "y = 2")
    nb.wait_kernel_idle()
    shoot(page, "bridge-9-generate-inserted")

    # the shortcut in command mode; Cancel inserts nothing
    page.keyboard.press("Escape")
    page.locator(".jp-Notebook.jp-mod-commandMode").wait_for()
    page.keyboard.press("Control+Shift+Y")
    dialog.wait_for()
    dialog.locator(".jp-mod-reject").click()
    dialog.wait_for(state="detached")
    assert nb.cells.count() == 3

    # the cell context menu holds the three commands
    nb.cells.nth(0).locator(".jp-InputArea-prompt").click()
    nb.cells.nth(0).locator(".jp-InputArea-prompt").click(button="right")
    menu = page.locator(".lm-Menu")
    menu.wait_for()
    for label in ("Spark: Generate code…", "Spark: Explain and fix this error",
                  "Spark: Export report"):
        assert menu.get_by_text(label, exact=True).count() == 1, label
    shoot(page, "bridge-10-context-menu")
    menu.get_by_text("Spark: Export report", exact=True).click()
    _wait_source(nb, 1, "%spark report")
    assert nb.cells.count() == 4
    nb.wait_kernel_idle()
    shoot(page, "bridge-11-report-inserted")
