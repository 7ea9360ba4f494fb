"""Untrusted text in a real JupyterLab: chart labels and model prose that carry script run
none, and ``spark-nb:action`` events forged by HTML in an output do nothing.

Every payload would set a global (``window.__pwned``, ``window.pwned``) or change the
notebook; each test also shows that the same page does run a live payload, so a check
that stays clean means the markup never became live, not that the probe was blind.
"""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import shoot, until

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=2</script>"
LINK = "[click](javascript:window.__pwned=3)"
SVG = "<svg onload=window.__pwned=4>"
# the chart's prose cleaner drops "__" (bold marks), so the model's payload sets another name
PROSE_IMG = '<img src=x onerror="window.pwned=true">'

CHART_MODEL = f'''"""A scripted model for the chart: prose that carries markup, no weights."""
import spark_nb.engine
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Completion, Usage

ANSWER = {json.dumps("The highest bar is 30. " + PROSE_IMG + " See [more](javascript:window.pwned=true).")}


class ScriptedModel:
    def stream(self, messages, **options):
        s = Stream()
        s.emit(ANSWER)
        s.finish(Completion(text=ANSWER, finish_reason="stop", model="scripted",
                            usage=Usage(prompt_tokens=10, completion_tokens=10)))
        return s


spark_nb.engine.get_engine = lambda model=None, **kw: ScriptedModel()
'''

SETUP = "%load_ext spark_nb\nimport scripted_chart_model\n%spark config analyze_button=true"
DRAW = f"""import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 3))
ax.bar({[IMG, SCRIPT, LINK]!r}, [10.0, 30.0, 20.0])
ax.set_title({SVG!r})
ax.set_xlabel({LINK!r})
plt.show()"""
CONTROL = """from IPython.display import HTML, display
display(HTML('<img src=x onerror="window.__control = 1">'))"""

PWNED = "() => [window.__pwned, window.pwned]"


def _no_live_markup(output) -> None:
    assert output.locator("img, script, svg, iframe, object, embed").count() == 0
    assert output.locator("[onerror], [onload], [onclick]").count() == 0
    assert output.locator("a[href^='javascript' i], a[href^='data' i]").count() == 0


def test_chart_labels_and_prose_with_script_payloads_run_nothing(lab, open_notebook, page):
    (lab.root / "scripted_chart_model.py").write_text(CHART_MODEL)
    lab.write_notebook("hostile-chart.ipynb", [SETUP, DRAW, "%spark chart", CONTROL])
    nb = open_notebook("hostile-chart.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()

    # %spark chart: the facts and the prose as Markdown in the cell's output
    nb.run_cell(1)
    nb.wait_kernel_idle()
    nb.run_cell(2)
    nb.wait_kernel_idle()
    chart = nb.output(2)
    until(page, lambda: "Ranking" in chart.inner_text(), "the analysis to render", timeout=60)
    text = chart.inner_text()
    assert IMG in text and SCRIPT in text and LINK in text and SVG in text, text
    assert PROSE_IMG in text and "The highest bar is 30." in text, text
    _no_live_markup(chart)

    # the Analyze button under the figure: the same analysis drawn from result_html
    button = nb.output(1).locator(".spark-chart-button button")
    button.wait_for()
    button.click()
    result = nb.output(1).locator(".spark-chart-button > div")
    until(page, lambda: "Ranking" in result.inner_text(), "the button's analysis", timeout=60)
    assert result.locator("table").count() == 1  # the facts table is HTML, sanitized
    assert IMG in result.inner_text() and PROSE_IMG in result.inner_text()
    _no_live_markup(result)

    page.wait_for_timeout(1500)  # a failed <img> load fires onerror well within this
    assert page.evaluate(PWNED) == [None, None]
    shoot(page, "untrusted-1-chart-payloads-inert")

    # the probe is not blind: a live payload in this page does run
    nb.run_cell(3)
    page.wait_for_function("() => window.__control === 1", timeout=30_000)
    assert page.evaluate(PWNED) == [None, None]


PANEL_CELL = '''from IPython.display import HTML, display
from spark_nb.widgets.fix_panel import FixPanel

panel = FixPanel(heading="NameError: name 'totl' is not defined", status="done", fixes=[{
    "title": "use total", "origin": "rule", "rule": "names", "source": "print('applied by the panel')",
    "diff": "-print(totl)\\n+print(total)", "explanation": "", "status": "passed", "note": "",
    "runnable": True, "checks": []}])
display(panel)
display(HTML(FORGER))'''

# HTML from the data: on render its script asks the bridge to replace the cell and run it
FORGER = """<div id="forger">an output's HTML</div>
<script>
setTimeout(() => {
  const el = document.getElementById("forger");
  el.addEventListener("spark-nb:action-done", (e) => { window.__forgedOnRender = e.detail; });
  el.dispatchEvent(new CustomEvent("spark-nb:action", { bubbles: true, composed: true, detail: {
    action: "replace-and-run", id: "on-render", key: "k".repeat(43),
    source: "import builtins; builtins.pwned = 1; print('PWNED')" } }));
}, 300);
</script>"""

# from page.evaluate: a request dispatched on some element, answered or not in 5 s
FORGE = """([selector, action, key, inside]) => new Promise((resolve) => {
  let el = document.querySelector(selector);
  if (inside) { const child = document.createElement("span"); el.appendChild(child); el = child; }
  const timer = setTimeout(() => resolve({ noAnswer: true }), 5000);
  el.addEventListener("spark-nb:action-done", (e) => { clearTimeout(timer); resolve(e.detail); },
                      { once: true });
  el.dispatchEvent(new CustomEvent("spark-nb:action", { bubbles: true, composed: true, detail: {
    action, id: "forged-" + action, key,
    source: "import builtins; builtins.pwned = 1; print('PWNED')" } }));
})"""

REFUSED = "refused: the request did not come from a spark_nb panel in this cell"


def test_forged_bridge_actions_from_output_html_do_nothing(lab, open_notebook, page):
    cell = f"FORGER = {FORGER!r}\n" + PANEL_CELL
    lab.write_notebook("forged.ipynb", [cell, "print(panel.bridge_key)",
                                        "import builtins\nprint('pwned' if hasattr(builtins, 'pwned') else 'clean')"])
    nb = open_notebook("forged.ipynb")
    nb.run_cell(0)
    nb.wait_kernel_idle()
    nb.output(0).locator(".spark-fix-panel .spark-apply").wait_for()
    nb.output(0).locator("#forger").wait_for()
    prompt = nb.cells.nth(0).locator(".jp-InputArea-prompt").inner_text()

    # the script in the HTML output ran (trusted output), and the bridge refused it
    page.wait_for_function("() => window.__forgedOnRender", timeout=15_000)
    assert page.evaluate("() => window.__forgedOnRender") == {"id": "on-render", "ok": False, "error": REFUSED}

    # a test can read the panel's key from the kernel; output HTML cannot. Even with it,
    # a request from the HTML output is refused: it is not the panel's view
    nb.run_cell(1)
    nb.wait_kernel_idle()
    key = nb.output(1).inner_text().strip().splitlines()[-1]
    assert len(key) >= 32
    for action in ("replace-and-run", "replace", "insert-below", "run", "interrupt"):
        for k in (key, "k" * 43):
            answer = page.evaluate(FORGE, ["#forger", action, k, False])
            assert answer == {"id": f"forged-{action}", "ok": False, "error": REFUSED}, (action, answer)

    # an element put inside the panel's own view, without the panel's key: refused too
    for k in ("k" * 43, key[:-1] + ("A" if key[-1] != "A" else "B")):
        answer = page.evaluate(FORGE, [".spark-fix-panel", "replace-and-run", k, True])
        assert answer == {"id": "forged-replace-and-run", "ok": False, "error": REFUSED}, answer

    # nothing changed: the cell's source, its run count, the notebook's cells
    page.wait_for_timeout(500)
    assert nb.source(0).startswith("FORGER = ")
    assert nb.cells.nth(0).locator(".jp-InputArea-prompt").inner_text() == prompt
    assert nb.cells.count() == 3
    assert "PWNED" not in nb.output(0).inner_text()
    shoot(page, "untrusted-2-forged-actions-refused")

    # the panel's own Apply still works: the same bridge takes requests from its view
    nb.output(0).locator(".spark-apply").click()
    until(page, lambda: "applied by the panel" in nb.source(0), "Apply to reach the cell")
    assert re.sub(r"\s", "", nb.cells.nth(0).locator(".jp-InputArea-prompt").inner_text()) == \
        re.sub(r"\s", "", prompt)  # replaced, not run
    nb.run_cell(2)
    nb.wait_kernel_idle()
    until(page, lambda: nb.output(2).inner_text().strip() in ("clean", "pwned"), "the kernel's answer")
    assert nb.output(2).inner_text().strip() == "clean"
    shoot(page, "untrusted-3-own-apply-works")
