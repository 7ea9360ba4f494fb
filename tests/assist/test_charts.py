"""Facts read from real matplotlib / pandas / seaborn figures, and the grounded analysis."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from spark_nb.assist.charts import ChartAnalysis, FigureFacts, analyze_facts, analyze_figure, figure_facts  # noqa: E402
from spark_nb.assist.charts.table import render  # noqa: E402
from spark_nb.assist.grounding import check, numbers_in  # noqa: E402
from spark_nb.errors import SparkError  # noqa: E402
from tests.assist.test_generate import ScriptedEngine  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def facts_of(fig) -> FigureFacts:
    facts = figure_facts(fig)
    d = facts.to_dict()
    assert FigureFacts.from_dict(json.loads(json.dumps(d))) == facts  # JSON round trip
    return facts


def test_line_series_extremes_trend_and_steps():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3, 4, 5], [10, 20, 15, 30, 25], label="sales")
    ax.set(title="Sales", xlabel="Week", ylabel="Weight (kg)")
    ax.legend()
    a = facts_of(fig).axes[0]
    assert (a.title, a.xlabel, a.y_unit, a.legend) == ("Sales", "Week", "kg", ["sales"])
    s = a.lines[0]
    assert (s.label, s.n, s.y_first, s.y_last, s.y_min, s.x_at_min, s.y_max, s.x_at_max) == \
        ("sales", 5, 10, 25, 10, 1, 30, 4)
    assert s.change == 15 and s.rel_change == pytest.approx(1.5) and s.trend == "rising"
    assert s.slope == pytest.approx(4.0) and 0 < s.r2 < 1
    assert s.biggest_step == {"x_from": 3, "x_to": 4, "delta": 15.0}
    assert [p["y"] for p in s.peaks] == [30.0, 20.0]


def test_multi_line_and_falling_trend():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [3, 2, 1], label="down")
    ax.plot([0, 1, 2], [5, 5, 5], label="flat")
    ax.axhline(4)  # a reference line is not a series
    lines = facts_of(fig).axes[0].lines
    assert [(s.label, s.trend) for s in lines] == [("down", "falling"), ("flat", "no clear trend")]


def test_dates_become_iso_dates():
    fig, ax = plt.subplots()
    ax.plot(pd.date_range("2024-01-01", periods=4, freq="D"), [1, 5, 2, 3])
    a = facts_of(fig).axes[0]
    s = a.lines[0]
    assert a.x_dates and (s.x_first, s.x_last, s.x_at_max) == ("2024-01-01", "2024-01-04", "2024-01-02")
    assert 20240102.0 in facts_of(fig).numbers()


def test_pandas_monthly_series_uses_periods():
    s = pd.Series([1.0, 2, 3, 9, 6], index=pd.date_range("2024-01-01", periods=5, freq="MS"))
    line = facts_of(s.plot().figure).axes[0].lines[0]
    assert (line.x_first, line.x_at_max, line.x_last) == ("2024-01-01", "2024-04-01", "2024-05-01")


def test_log_scale():
    fig, ax = plt.subplots()
    ax.semilogy([1, 2, 3], [10, 100, 1000])
    a = facts_of(fig).axes[0]
    assert a.yscale == "log" and a.lines[0].y_max == 1000


def test_vertical_bars_rank_and_share():
    fig, ax = plt.subplots()
    ax.bar(["east", "west", "north"], [30, 50, 20])
    b = facts_of(fig).axes[0].bars[0]
    assert b.orientation == "vertical" and not b.stacked
    assert [(x.category, x.value) for x in b.bars] == [("east", 30), ("west", 50), ("north", 20)]
    assert b.ranking == ["west", "east", "north"] and b.bars[1].share == pytest.approx(0.5)


def test_horizontal_bars():
    fig, ax = plt.subplots()
    ax.barh(["a", "b"], [3, 7])
    b = facts_of(fig).axes[0].bars[0]
    assert b.orientation == "horizontal" and b.ranking == ["b", "a"] and b.bars[1].value == 7


def test_pandas_grouped_and_stacked_bars():
    df = pd.DataFrame({"east": [10, 20, 30], "west": [5, 25, 10]}, index=["Q1", "Q2", "Q3"])
    grouped = facts_of(df.plot.bar().figure).axes[0].bars[0]
    assert not grouped.stacked and grouped.series == ["east", "west"]
    assert {(x.category, x.series): x.value for x in grouped.bars}[("Q2", "west")] == 25
    assert grouped.totals == {"Q1": 15, "Q2": 45, "Q3": 40} and grouped.ranking[0] == "Q2"
    stacked = facts_of(df.plot.bar(stacked=True).figure).axes[0].bars[0]
    assert stacked.stacked and stacked.totals["Q3"] == 40
    west_q1 = next(x for x in stacked.bars if x.series == "west" and x.category == "Q1")
    assert west_q1.base == 10 and west_q1.share == pytest.approx(5 / 15)


def test_scatter_correlation_and_outliers():
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    y = 2 * x + rng.normal(scale=0.5, size=300)
    y[0] = 40.0  # one clear outlier
    fig, ax = plt.subplots()
    ax.scatter(x, y, label="pts")
    s = facts_of(fig).axes[0].scatters[0]
    assert s.n == 300 and s.y_max == 40.0
    assert s.r == pytest.approx(np.corrcoef(x, y)[0, 1]) and s.strength.endswith("positive")
    assert s.outliers[0]["y"] == 40.0


def test_histogram_bins_mode_and_skew():
    data = np.concatenate([np.zeros(10), np.ones(5), np.full(2, 2.0), np.full(1, 9.0)])
    fig, ax = plt.subplots()
    ax.hist(data, bins=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    a = facts_of(fig).axes[0]
    assert not a.bars
    h = a.hists[0]
    assert (h.bins, h.bin_width, h.low, h.high, h.total) == (10, 1.0, 0, 10, 18)
    assert (h.modal_low, h.modal_high, h.modal_count) == (0, 1, 10) and h.shape == "right-skewed"


def test_fill_between_area():
    fig, ax = plt.subplots()
    ax.fill_between([0, 1, 2], [1, 2, 0.5], [3, 4, 6], label="band")
    area = facts_of(fig).axes[0].areas[0]
    assert (area.label, area.x_low, area.x_high, area.y_low, area.y_high) == ("band", 0, 2, 0.5, 6)


def test_imshow_extremes():
    fig, ax = plt.subplots()
    ax.imshow(np.arange(12).reshape(3, 4))
    im = facts_of(fig).axes[0].images[0]
    assert (im.rows, im.cols, im.v_min, im.v_max, im.at_min, im.at_max) == (3, 4, 0, 11, [0, 0], [2, 3])


def test_seaborn_heatmap_uses_tick_labels():
    sns = pytest.importorskip("seaborn")
    df = pd.DataFrame([[1, 2, 3], [4, 9, 0]], index=["r1", "r2"], columns=["a", "b", "c"])
    facts = facts_of(sns.heatmap(df).figure)
    assert len(facts.axes) == 1  # the colour bar is not an Axes of data
    im = facts.axes[0].images[0]
    assert (im.v_min, im.at_min, im.v_max, im.at_max) == (0, ["r2", "c"], 9, ["r2", "b"])


def test_twin_axes_say_which_side():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1, 2, 3], label="left series")
    ax2 = ax.twinx()
    ax2.plot([1, 2, 3], [100, 50, 20], label="right series")
    a, b = facts_of(fig).axes
    assert (a.side, b.side, b.twin_of) == ("left", "right", 0)
    assert b.lines[0].axis == "right" and "(right axis)" in render(facts_of(fig))


def test_subplots_in_order():
    fig, (a1, a2) = plt.subplots(1, 2)
    a1.plot([1, 2], [3, 4])
    a1.set_title("first")
    a2.bar(["x"], [5])
    a2.set_title("second")
    facts = facts_of(fig)
    assert [a.title for a in facts.axes] == ["first", "second"]
    assert facts.axes[0].lines and facts.axes[1].bars


def test_seaborn_plots():
    sns = pytest.importorskip("seaborn")
    df = pd.DataFrame({"day": ["a", "b", "a", "b"], "tip": [1.0, 2, 3, 4], "sex": ["m", "m", "f", "f"]})
    bars = facts_of(sns.barplot(df, x="day", y="tip", hue="sex", errorbar=None).figure).axes[0].bars[0]
    assert bars.series == ["m", "f"] and bars.totals == {"a": 4, "b": 6}
    plt.close("all")
    line = facts_of(sns.lineplot(x=[1, 2, 3], y=[2, 4, 8]).figure).axes[0].lines[0]
    assert (line.y_min, line.y_max) == (2, 8)
    plt.close("all")
    sc = facts_of(sns.scatterplot(x=[1, 2, 3, 4], y=[4, 3, 2, 1]).figure).axes[0].scatters[0]
    assert sc.n == 4 and sc.r == pytest.approx(-1.0)
    plt.close("all")
    h = facts_of(sns.histplot([1, 1, 2, 3], bins=3).figure).axes[0].hists[0]
    assert h.bins == 3 and h.total == 4 and h.modal_count == 2


def test_japanese_labels_kept_verbatim():
    fig, ax = plt.subplots()
    ax.bar(["東京", "大阪"], [120, 80])
    ax.set(title="地域別売上", ylabel="売上（万円）")
    facts = facts_of(fig)
    a = facts.axes[0]
    assert a.title == "地域別売上" and a.y_unit == "万円" and a.bars[0].ranking == ["東京", "大阪"]
    assert "東京" in render(facts)


def test_empty_and_text_only_figures():
    assert figure_facts(plt.figure()).notes == ["no data: the figure has no axes"]
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "hello")
    facts = figure_facts(fig)
    assert not facts.has_data and facts.notes[0].startswith("no data") and facts.axes[0].texts == ["hello"]
    result = analyze_facts(facts, engine=ScriptedEngine())
    assert result.prose == "" and "no data" in result.note


def test_100k_points_fast():
    y = np.cumsum(np.random.default_rng(1).normal(size=100_000))
    fig, ax = plt.subplots()
    ax.plot(y)
    figure_facts(fig)  # warm the imports
    started = time.perf_counter()
    s = figure_facts(fig).axes[0].lines[0]
    assert time.perf_counter() - started < 0.1
    assert s.n == 100_000 and s.y_max == y.max() and s.x_at_max == int(y.argmax())


def test_nan_and_inf_are_ignored_and_counted():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3, 4, 5], [1, np.nan, 3, np.inf, 2])
    facts = facts_of(fig)
    s = facts.axes[0].lines[0]
    assert (s.n, s.ignored, s.y_max) == (3, 2, 3)
    assert facts.notes == ["2 NaN/inf points ignored in 'line 1'"]


def test_closed_figure_is_still_readable():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    plt.close(fig)
    assert figure_facts(fig).axes[0].lines[0].y_max == 4


def test_no_current_figure_and_foreign_objects():
    plt.close("all")
    with pytest.raises(SparkError, match="no current matplotlib figure"):
        figure_facts()

    class Figure:  # what plotly's figures look like from here
        pass
    Figure.__module__ = "plotly.graph_objs._figure"
    with pytest.raises(SparkError, match="not supported yet"):
        figure_facts(Figure())
    with pytest.raises(SparkError, match="not a matplotlib figure"):
        figure_facts(42)


def test_axes_and_axes_arrays_resolve_to_their_figure():
    fig, axes = plt.subplots(2)
    axes[0].plot([1, 2], [1, 2])
    assert figure_facts(axes[0]).axes[0].lines and figure_facts(axes).axes[0].lines


def test_numbers_cover_the_table():
    df = pd.DataFrame({"east": [10.5, 20.25], "west": [5, 25]}, index=["Q1", "Q2"])
    facts = facts_of(df.plot.bar(stacked=True).figure)
    assert check(render(facts), facts.numbers()).ok


def bar_figure():
    fig, ax = plt.subplots()
    ax.bar(["east", "west", "north"], [120.5, 340.25, 210.0])
    ax.set_title("Revenue by region")
    return fig


def test_analysis_regenerates_then_drops_an_ungrounded_sentence():
    engine = ScriptedEngine("West is highest at 340.25. East is lowest at 999. North has 210.",
                            "East is lowest at 777.")
    result = analyze_figure(bar_figure(), "which region is highest?", engine=engine)
    assert isinstance(result, ChartAnalysis)
    # the answer leads, stated by its claim; the model's first sentence said the same and goes
    assert result.prose == "West has the highest value, at 340.25. North has 210."
    assert result.dropped == ["East is lowest at 999."]
    assert result.grounding.ok and result.before.share == pytest.approx(2 / 3)
    rewrite = engine.calls[1][0][0]["content"]
    assert "999" in rewrite and "340.25" in rewrite  # the wrong number and the allowed ones
    assert "which region is highest?" in engine.calls[0][0][1]["content"]


def test_analysis_keeps_a_repaired_sentence():
    engine = ScriptedEngine("East is lowest at 999.", "East is lowest at 120.5.")
    result = analyze_figure(bar_figure(), engine=engine)
    assert result.prose == "East is lowest at 120.5." and result.dropped == []


def test_japanese_question_asks_for_japanese():
    engine = ScriptedEngine("西が最も高く340.25です。")
    result = analyze_figure(bar_figure(), "どの地域が最も高い？", engine=engine)
    assert result.japanese and "日本語" in engine.calls[0][0][1]["content"]
    assert result.prose == "valueが最も高いのはwestで、340.25です。"  # the answer, exactly, once


def test_model_failure_gives_the_table_and_a_note():
    class Broken:
        def stream(self, *a, **k):
            raise RuntimeError("model file missing")

    result = analyze_figure(bar_figure(), engine=Broken())
    assert result.prose == "" and "model file missing" in result.note
    assert "| west | 340.25 |" in result._repr_markdown_()


def test_caption_is_grounded_without_a_model():
    fig = bar_figure()
    result = analyze_figure(fig, use_model=False)
    assert result.caption == "Revenue by region: west is highest (340.25)."
    assert check(result.caption, result.facts.numbers()).ok


def test_vision_without_a_vision_model_says_so(monkeypatch):
    monkeypatch.delenv("SPARK_NB_VISION_MODEL", raising=False)
    result = analyze_figure(bar_figure(), vision=True, use_model=False)
    assert not result.vision and "No vision model is configured" in result.note


def test_real_model_prose_is_grounded(smollm2):
    fig, ax = plt.subplots()
    ax.plot(["Jan", "Feb", "Mar", "Apr"], [100, 150, 130, 180], label="sales")
    ax.set_title("Monthly sales")
    result = analyze_figure(fig, "What is the highest value?", engine=smollm2)
    assert result.model and result.grounding.ok
    allowed = result.facts.numbers() + [n.value for n in numbers_in(result.table)]
    assert check(result.prose, allowed).ok  # the invariant: every number shown is backed


# -- vision: the rendered PNG goes to an OpenAI-compatible server -----------------------
class _Vision(http.server.BaseHTTPRequestHandler):
    bodies: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Vision.bodies.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for chunk in ({"choices": [{"delta": {"content": "West is highest at 340.25."}, "finish_reason": None}]},
                      {"choices": [{"delta": {}, "finish_reason": "stop"}]}):
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def vision_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Vision)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Vision.bodies = []
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_vision_sends_the_png_to_an_openai_server(vision_server, monkeypatch):
    import base64

    monkeypatch.setenv("SPARK_NB_OPENAI_BASE_URL", vision_server)
    result = analyze_figure(bar_figure(), vision=True, vision_model="openai:tiny-vlm")
    assert result.vision and result.note == "" and result.prose == "West is highest at 340.25."
    parts = _Vision.bodies[0]["messages"][1]["content"]
    assert [p["type"] for p in parts] == ["text", "image_url"] and "| west | 340.25 |" in parts[0]["text"]
    url = parts[1]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_image_parts_are_refused_by_text_only_backends():
    from spark_nb.engine import chat_template
    from spark_nb.engine.types import normalize_messages
    from spark_nb.errors import OptionsError

    msgs = normalize_messages([{"role": "user", "content": [{"type": "text", "text": "hi"},
                                                             {"type": "image", "image": b"\x89PNG"}]}])
    with pytest.raises(OptionsError, match="text only"):
        chat_template.render(None, msgs)
    with pytest.raises(OptionsError, match="parts"):
        normalize_messages([{"role": "user", "content": [{"type": "image", "image": "/tmp/a.png"}]}])


def test_vision_with_a_text_only_model_falls_back(smollm2, monkeypatch):
    result = analyze_figure(bar_figure(), vision=True, vision_model="smollm2-135m", use_model=False)
    assert not result.vision and "takes text only" in result.note


def test_copied_tables_and_cut_off_sentences_are_removed():
    engine = ScriptedEngine("West leads with 340.25.\n| west | 340.25 |\n| east | 120.5 |\nEast is the")
    result = analyze_figure(bar_figure(), engine=engine)
    assert result.prose == "West leads with 340.25."


def test_bookkeeping_zeros_are_not_facts():
    facts = figure_facts(bar_figure())
    assert 0.0 not in facts.numbers()  # no bar is 0: "the lowest value is 0" must not pass
    assert not check("The lowest value is 0.", facts.numbers()).ok


def test_units_with_a_scale_allow_the_scaled_number_and_repeats_go():
    fig, ax = plt.subplots()
    ax.bar(["東京", "大阪"], [1250.0, 980.5])
    ax.set_ylabel("売上（万円）")
    engine = ScriptedEngine("東京の売上は1,250万円です。東京の売上は1,250万円です。大阪は9,999万円です。",
                            "大阪は9,999万円です。")
    result = analyze_figure(fig, engine=engine)
    assert result.prose == "東京の売上は1,250万円です。"  # the repeated sentence is shown once
    assert result.dropped == ["大阪は9,999万円です。"]


def test_percent_unit_axes_allow_percent_signs():
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [12.5, 40.0])
    ax.set_ylabel("Rate (%)")
    result = analyze_figure(fig, engine=ScriptedEngine("b is highest at 40%."))
    assert result.prose == "b is highest at 40%."


# Labels a figure may carry when its data came from outside (a CSV, a web page, a user).
IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=2</script>"
LINK = "[click](javascript:window.__pwned=3)"


def hostile_figures():
    """Bars, lines, a scatter and a histogram whose every label is a payload."""
    bars, ax = plt.subplots()
    ax.bar([IMG, SCRIPT, LINK], [10.0, 30.0, 20.0])
    ax.set(title=SCRIPT, xlabel=LINK, ylabel='<a href="data:text/html,x">y</a>')
    lines, ax = plt.subplots()
    ax.plot([IMG, SCRIPT, "c|d"], [1.0, 3.0, 2.0], label=SCRIPT)
    ax.plot([0, 1, 2], [5.0, 4.0, 6.0], label=IMG)
    ax.legend()
    ax.set_title("<svg onload=window.__pwned=4>")
    points, ax = plt.subplots()
    ax.scatter([1, 2, 3, 4], [2, 4, 5, 9], label=LINK)
    ax.hist([1, 2, 2, 3], label=IMG)
    grouped, ax = plt.subplots()
    ax.bar([0, 1], [1.0, 2.0], width=0.4, label=IMG)
    ax.bar([0.4, 1.4], [3.0, 1.0], width=0.4, label=SCRIPT)
    ax.set_xticks([0.2, 1.2], [LINK, "`code`"])
    ax.legend()
    return [bars, lines, points, grouped]


@pytest.mark.parametrize("index", range(4))
def test_displayed_analysis_shows_payload_labels_as_text(index):
    from tests.assist.test_html import _as_text, assert_inert

    fig = hostile_figures()[index]
    engine = ScriptedEngine(f"The chart shows {IMG} and {SCRIPT} next to [x](javascript:alert(1)).")
    result = analyze_figure(fig, engine=engine)
    html = result.html()
    assert_inert(html)
    assert "<img" not in html and "<script" not in html and "<svg" not in html and 'href="java' not in html
    shown = _as_text(html)
    labels = [IMG, SCRIPT, LINK, "<svg onload=window.__pwned=4>"]
    assert any(label in shown for label in labels)  # the labels are there, as characters
    # the Markdown a notebook renders (raw HTML on, in JupyterLab) holds no tag and no link
    markdown = result.markdown()
    assert "<" not in markdown and "](" not in markdown.replace("\\](", "")
    # ...while the model read the labels as they are
    assert any(label in engine.calls[0][0][1]["content"] for label in labels)


def test_model_prose_with_markup_is_text_in_every_view():
    from tests.assist.test_html import _as_text

    img = '<img src=x onerror="alert(x)">'  # the prose cleaner would drop a "__" as bold marks
    # no number in the markup: a stray one would fail the claim check and the sentence go
    prose = f"West is highest at 340.25 {img}. Click [here](javascript:alert(x)) or <b>x</b>."
    result = analyze_figure(bar_figure(), engine=ScriptedEngine(prose))
    assert result.prose.startswith("West is highest at 340.25")
    assert "<" not in result.markdown()
    html = result.html()
    assert "<img" not in html and "<b>" not in html and "href" not in html
    assert img in _as_text(html) and "[here](javascript:alert(x))" in _as_text(html)
    assert result.prose in str(result)  # a terminal gets the words as they are


def test_a_pipe_in_a_category_stays_in_its_cell():
    fig, ax = plt.subplots()
    ax.bar(["a|b", "c"], [1.0, 2.0])
    html = analyze_figure(fig, use_model=False).html()
    assert "<td>a|b</td>" in html
