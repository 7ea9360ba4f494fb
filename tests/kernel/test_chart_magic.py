"""``%spark chart`` and the figure facts in display bundles, through a real IPython shell."""

from __future__ import annotations

import os

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from spark_nb.kernel.chart_magic import chart  # noqa: E402
from spark_nb.kernel.extension import _state  # noqa: E402
from spark_nb.kernel.figure_facts import MIME  # noqa: E402


@pytest.fixture(autouse=True)
def no_figures():
    plt.close("all")
    yield
    plt.close("all")


DRAW = ("import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(['east', 'west'], [10.0, 20.0])\n"
        "ax.set_title('Revenue')\n")


def test_chart_on_the_current_figure(ip, scripted, capsys):
    engine = scripted("West is highest at 20. East has 99.", "East has 98.")
    ip.run_cell(DRAW)
    ip.run_line_magic("spark", "chart which region is highest?")
    out = capsys.readouterr()
    assert "| west | 20 | 66.7% |" in out.out
    assert "West has the highest value, at 20." in out.out and "99" not in out.out and "98" not in out.out
    assert "which region is highest?" in engine.calls[0][0][1]["content"]
    assert out.err == ""


def test_chart_on_the_last_displayed_figure_after_close(ip, scripted, capsys):
    scripted("The line ends at 3.")
    ip.run_cell("import matplotlib.pyplot as plt\nfrom IPython.display import display\n"
                "f, ax = plt.subplots()\nax.plot([1, 2], [5, 3])\ndisplay(f)\nplt.close('all')")
    capsys.readouterr()
    assert not plt.get_fignums()
    ip.run_line_magic("spark", "chart")
    out = capsys.readouterr().out
    assert "first 5, last 3" in out and "The line ends at 3." in out


def test_no_figure_is_one_clear_line(ip, capsys):
    _state[id(ip)].figures.last = None
    ip.run_line_magic("spark", "chart")
    err = capsys.readouterr().err
    assert err.startswith("spark chart: no figure to analyse") and "Traceback" not in err
    assert err.count("\n") == 1


def test_a_figure_without_data_is_reported(ip, capsys):
    ip.run_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.text(0.5, 0.5, 'hi')")
    _state[id(ip)].figures.last = ip.user_ns["fig"]
    ip.run_line_magic("spark", "chart")
    assert "has no data" in capsys.readouterr().err


def test_vision_option_and_unknown_options(ip, scripted, capsys, monkeypatch):
    monkeypatch.delenv("SPARK_NB_VISION_MODEL", raising=False)
    scripted("Two bars.")
    magics = _state[id(ip)]
    ip.run_cell(DRAW)
    chart(magics, "--vision what is shown?")  # as the magic passes its line
    out = capsys.readouterr().out
    assert "No vision model is configured" in out
    chart(magics, "--bogus")
    err = capsys.readouterr().err
    assert err.startswith("spark chart: unrecognized arguments: --bogus")
    assert "usage: %spark chart [--vision] [question ...]" in err


def test_model_missing_still_shows_the_facts(ip, monkeypatch, capsys):
    def missing(model=None, **kw):
        raise RuntimeError("no such model")
    monkeypatch.setattr("spark_nb.engine.get_engine", missing)
    ip.run_cell(DRAW)
    ip.run_line_magic("spark", "chart")
    out = capsys.readouterr().out
    assert "| east | 10 |" in out and "model is not available" in out


def test_facts_mimetype_in_the_display_bundle(ip):
    ip.run_cell(DRAW)
    data, _ = ip.display_formatter.format(ip.user_ns["fig"])
    facts = data[MIME]
    bars = facts["axes"][0]["bars"][0]["bars"]
    assert facts["axes"][0]["title"] == "Revenue"
    assert [(b["category"], b["value"]) for b in bars] == [("east", 10.0), ("west", 20.0)]


def test_figure_facts_setting_and_failures_never_break_display(ip, monkeypatch):
    ip.run_cell(DRAW)
    fig = ip.user_ns["fig"]
    ip.run_line_magic("spark", "config figure_facts=false")
    try:
        assert MIME not in ip.display_formatter.format(fig)[0]
    finally:
        ip.run_line_magic("spark", "config figure_facts=true")

    def boom(fig):
        raise ValueError("broken artist")
    monkeypatch.setattr("spark_nb.assist.charts.figure_facts", boom)
    data, _ = ip.display_formatter.format(fig)
    assert MIME not in data and "text/plain" in data


def test_unload_removes_the_formatter(ip):
    assert MIME in ip.display_formatter.formatters
    ip.run_line_magic("unload_ext", "spark_nb")
    assert MIME not in ip.display_formatter.formatters
    ip.run_line_magic("load_ext", "spark_nb")  # the fixture unloads it again


def test_analyze_button_appears_after_a_displayed_figure(ip, monkeypatch, scripted):
    pytest.importorskip("anywidget")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    tracker = _state[id(ip)].figures
    ip.run_line_magic("spark", "config analyze_button=true")
    try:
        ip.run_cell(DRAW + "ip_fig = fig")
        tracker.facts_of(ip.user_ns["fig"])  # what display(fig) does in a notebook ...
        tracker._post_run()  # ... before post_run_cell sees the cell finished
    finally:
        ip.run_line_magic("spark", "config analyze_button=false")
    from spark_nb.widgets.chart_button import ChartButton

    buttons = [b for b in shown if isinstance(b, ChartButton)]
    assert buttons and buttons[0].fig is ip.user_ns["fig"]
    scripted("West is highest at 20.")
    buttons[0].run()
    assert buttons[0].status == "done"
    assert "<table>" in buttons[0].result_html and "West is highest at 20." in buttons[0].result_html


def test_facts_survive_the_inline_backend_resetting_figure_formatters(ip):
    from matplotlib.figure import Figure

    ip.run_cell(DRAW)
    for formatter in ip.display_formatter.formatters.values():  # what select_figure_formats does
        formatter.pop(Figure, None)
    assert MIME in ip.display_formatter.format(ip.user_ns["fig"])[0]


def test_a_quoted_question_ending_in_a_question_mark(ip, scripted, capsys, monkeypatch):
    monkeypatch.delenv("SPARK_NB_VISION_MODEL", raising=False)
    engine = scripted("West is highest at 20.", "Two bars.")
    ip.run_cell(DRAW)
    ip.run_line_magic("spark", 'chart "which region is highest?"')
    assert engine.calls[0][0][1]["content"].endswith("Answer this question first: which region is highest?")
    ip.run_line_magic("spark", "chart --vision what is shown")
    out = capsys.readouterr().out
    assert "No vision model is configured" in out and "Two bars." in out


def test_chart_options_and_quoted_questions_reach_the_analysis(ip, monkeypatch):
    from spark_nb.errors import SparkError

    seen = []

    def fake(fig, question=None, *, vision=False, **options):
        seen.append((question, vision))
        raise SparkError("stop here")

    monkeypatch.setattr("spark_nb.assist.charts.analyze_figure", fake)
    plt.figure()
    plt.bar(["a", "b"], [1, 2])
    ip.run_line_magic("spark", 'chart --vision "which region is highest?"')
    ip.run_line_magic("spark", "chart what's the trend")
    assert seen == [("which region is highest?", True), ("what's the trend", False)]
    plt.close("all")


def test_figures_shown_by_a_real_kernel_carry_their_facts(tmp_path):
    # The inline backend is set up when the first figure is drawn, after the extension
    # loaded; the facts must survive that, since saved notebooks are all reports can read.
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%load_ext spark_nb\n%spark auto off"),
                nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                          "plt.bar(['east', 'west'], [10, 20])\nplt.title('Revenue')")]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    shown = [o for o in nb.cells[1].outputs if o.output_type == "display_data"]
    assert shown and "image/png" in shown[0].data
    facts = shown[0].data[MIME]
    from spark_nb.assist.charts import FigureFacts
    from spark_nb.assist.charts.table import render

    table = render(FigureFacts.from_dict(facts))
    assert "Revenue" in table and "west" in table and "20" in table
