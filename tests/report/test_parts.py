"""The report's pieces on small hand-made notebooks: sections, tables, captions, panels."""

from __future__ import annotations

import base64
import io
from html import unescape

import pytest

nbformat = pytest.importorskip("nbformat")
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

from spark_nb.report import export_report  # noqa: E402
from spark_nb.report.labels import labels  # noqa: E402
from spark_nb.report.sections import split, title_of  # noqa: E402
from spark_nb.report.tables import parse_html_table  # noqa: E402

FACTS_MIME = "application/vnd.spark-nb.chart-facts+json"


def test_sections_follow_headings_or_groups_of_cells():
    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("a = 1"),
                             new_markdown_cell("## One"), new_code_cell("b = 2"),
                             new_markdown_cell("## Two\ntext"), new_code_cell("c = 3")])
    assert title_of(nb, "x") == "Title"
    assert [p.heading for p in split(nb, labels("en"))] == ["Setup", "One", "Two"]
    flat = new_notebook(cells=[new_code_cell(f"# step {i}\nx{i} = {i}") for i in range(7)])
    assert title_of(flat, "my_notebook") == "My notebook"
    assert [p.heading for p in split(flat, labels("en"))] == ["step 0", "step 3", "step 6"]


def test_dataframe_tables_are_parsed_and_trimmed():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({f"c{i}": range(100) for i in range(20)})
    table = parse_html_table(frame._repr_html_())
    assert table.rows == 100 and table.cols == 20
    small = table.trim(6, 4)
    assert small.trimmed and len(small.body) == 7 and len(small.header[0]) == 6
    assert small.body[3][0] == "…"


def _png_and_facts():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from spark_nb.assist.charts import figure_facts

    fig, ax = plt.subplots()
    ax.bar(["a", "b", "c"], [3.5, 7.25, 1.0])
    ax.set_title("Sales by shop")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=30)
    facts = figure_facts(fig).to_dict()
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode(), facts


def test_chart_facts_give_a_grounded_caption_and_allowed_numbers(tmp_path, cache_dir, monkeypatch):
    pytest.importorskip("spark_nb.assist.charts")
    from tests.report.conftest import CountingEngine

    png, facts = _png_and_facts()
    cell = new_code_cell("plot()", outputs=[new_output("display_data", data={
        "image/png": png, FACTS_MIME: facts, "text/plain": "<Figure>"})])
    plain = new_code_cell("# Units per day\nplt.plot(x)", outputs=[new_output(
        "display_data", data={"image/png": png, "text/plain": "<Figure>"})])
    nb = new_notebook(cells=[new_markdown_cell("# Shops\n## Chart"), cell, plain])
    path = tmp_path / "chart.ipynb"
    nbformat.write(nb, path)
    fake = CountingEngine("Shop b sells the most, 7.25. Shop a sells 99.")
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: fake)
    html = export_report(path, output=tmp_path / "c.html", progress=False).read_text(encoding="utf-8")
    assert "Figure 1: Sales by shop: b is highest (7.25)." in html
    assert "Figure 2: Units per day" in html  # no facts: the cell's comment, no numbers
    # the figure's claims state what it shows; the model's answer (not the schema's) is not prose
    assert "B has the highest value, at 7.25." in html and "Shop a sells 99" not in html
    assert 'href="#cell-2"' in html and 'id="cell-2"' in html
    assert "Sales by shop" in fake.calls[0][-1]["content"]  # the facts went to the model


def test_spark_panels_in_saved_widget_state_become_text(tmp_path, engine, cache_dir):
    state = {"application/vnd.jupyter.widget-state+json": {"version_major": 2, "version_minor": 0, "state": {
        "m1": {"model_name": "AnyModel", "state": {"panel": "spark", "request": "total revenue",
                                                   "code": "totals = sales['revenue'].sum()",
                                                   "message": "Ran in this cell.", "stats": "13 tokens"}},
        "m2": {"model_name": "AnyModel", "state": {"panel": "fix", "heading": "KeyError",
                                                   "summary": "no column 'regoin'", "fixes": [
                                                       {"origin": "rule", "title": "use 'region'",
                                                        "diff": "-a\n+b", "checks": [{"name": "syntax", "passed": True}]}]}}}}}
    view = "application/vnd.jupyter.widget-view+json"
    nb = new_notebook(cells=[
        new_code_cell("%%spark --run\ntotal revenue", outputs=[new_output("display_data", data={
            view: {"model_id": "m1"}, "text/plain": "SparkPanel()"})]),
        new_code_cell("x['regoin']", outputs=[new_output("display_data", data={
            view: {"model_id": "m2"}, "text/plain": "FixPanel()"})]),
    ])
    nb.metadata["widgets"] = state
    path = tmp_path / "panels.ipynb"
    nbformat.write(nb, path)
    html = export_report(path, output=tmp_path / "p.html", progress=False).read_text(encoding="utf-8")
    shown = unescape(html)  # quotes are escaped in the page
    assert "%%spark: total revenue" in shown and "totals = sales['revenue'].sum()" in shown
    assert "fix (rule): use 'region'" in shown and "widget output was skipped" not in html
    assert "Apache" not in engine.calls[0][-1]["content"]
    assert "asked the local AI assistant spark_nb" in engine.calls[0][-1]["content"]
