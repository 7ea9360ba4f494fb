"""What the widgets and the chart output give the page when a figure's labels and the
model's words carry markup: never a live tag, attribute or link; and each panel's key
for the lab bridge."""

from __future__ import annotations

import pytest

pytest.importorskip("anywidget")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from spark_nb.widgets.chart_button import ChartButton  # noqa: E402
from spark_nb.widgets.fix_panel import FixPanel, FixPanelView  # noqa: E402
from spark_nb.widgets.spark_panel import PanelView, SparkPanel  # noqa: E402
from tests.assist.test_generate import ScriptedEngine  # noqa: E402
from tests.assist.test_html import _as_text, assert_inert  # noqa: E402

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=2</script>"
LINK = "[click](javascript:window.__pwned=3)"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def hostile_bars():
    fig, ax = plt.subplots()
    ax.bar([IMG, SCRIPT, LINK], [10.0, 30.0, 20.0])
    ax.set(title='<a href="javascript:window.__pwned=4">Revenue</a>', xlabel=SCRIPT)
    return fig


def test_the_analyze_button_draws_payload_labels_as_text(monkeypatch):
    engine = ScriptedEngine(f"The highest bar is 30 {IMG} and [more](javascript:alert(1)).")
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: engine)
    button = ChartButton(hostile_bars())
    button.run()
    assert button.status == "done", button.message
    html = button.result_html
    assert_inert(html)
    assert "<img" not in html and "<script" not in html and "<a " not in html
    text = _as_text(html)
    assert IMG in text and SCRIPT in text and LINK in text  # shown, as characters
    assert "<table>" in html


def test_result_html_is_sanitized_whoever_assigns_it():
    button = ChartButton(None)
    button.result_html = f'<p onclick="x()">ok</p>{SCRIPT}<a href="javascript:1">j</a>{IMG}'
    assert button.result_html == '<p>ok</p><a rel="noopener noreferrer nofollow">j</a>'
    assert button.get_state()["result_html"] == button.result_html  # what the page receives


class _KernelShell:
    kernel = object()


def test_spark_chart_output_in_a_notebook_is_markdown_without_markup(monkeypatch):
    from IPython.core.formatters import DisplayFormatter

    from spark_nb.assist.charts import analyze_figure
    from spark_nb.kernel.chart_magic import show

    result = analyze_figure(hostile_bars(), engine=ScriptedEngine(f"The highest is 30. {IMG}"))
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    show(_KernelShell(), result)
    data, _ = DisplayFormatter().format(shown[0])
    assert set(data) == {"text/markdown", "text/plain"}  # no HTML bundle of its own
    markdown = data["text/markdown"]
    # front ends render an output's Markdown with raw HTML live: there must be none
    assert "<" not in markdown and ">" not in markdown.replace("&gt;", "")
    assert "](" not in markdown.replace("\\](", "")
    from spark_nb.assist.safe_html import markdown_to_html

    text = _as_text(markdown_to_html(markdown))
    assert IMG in text and SCRIPT in text


def test_spark_chart_in_a_terminal_prints_the_plain_text(capsys):
    from spark_nb.assist.charts import analyze_figure
    from spark_nb.kernel.chart_magic import show

    result = analyze_figure(hostile_bars(), use_model=False)

    class Terminal:
        kernel = None

    show(Terminal(), result)
    out = capsys.readouterr().out
    assert f"| {IMG} | 10 | 16.7% |" in out


def test_analysis_displayed_as_a_cell_result_is_safe_markdown():
    from IPython.core.formatters import DisplayFormatter

    from spark_nb.assist.charts import analyze_figure

    result = analyze_figure(hostile_bars(), use_model=False)
    data, _ = DisplayFormatter().format(result)
    assert "text/html" not in data
    assert "<" not in data["text/markdown"]


def test_each_panel_gets_its_own_random_key_synced_to_its_model():
    panels = [SparkPanel(), SparkPanel(), FixPanel(),
              PanelView("x", display=lambda p: None).panel,
              FixPanelView("NameError", display=lambda p: None).panel]
    keys = [p.bridge_key for p in panels]
    assert len(set(keys)) == len(keys)
    assert all(len(k) >= 32 for k in keys)
    assert all(p.get_state()["bridge_key"] == p.bridge_key for p in panels)
    assert "bridge_key" in panels[0].keys


def test_the_spark_panel_names_no_kernel():
    # the lab extension interrupts the kernel of the panel's own notebook; a kernel id
    # from the kernel side would let output pick another one
    panel = SparkPanel()
    assert "kernel_id" not in panel.get_state()
