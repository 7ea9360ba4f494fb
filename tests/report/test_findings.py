"""Reports state findings: claims of the outputs, chosen by the model, linked to their cells."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from spark_nb.report import ReportOptions, run
from tests.report.conftest import _Completion


class ChoosingEngine:
    """Answers a request with a JSON schema by ``choice(ids)``, any other with ``prose``."""

    name = "choosing"

    def __init__(self, choice=None, prose="The analysis is complete."):
        self.choice = choice or (lambda ids: {"ids": ids[:1], "link": "Here is what stands out."})
        self.prose = prose
        self.schemas: list[dict] = []
        self.calls: list[list[dict]] = []

    def complete(self, messages, **options):
        self.calls.append(list(messages))
        schema = options.get("json_schema")
        if schema:
            self.schemas.append(schema)
            ids = schema["properties"]["ids"]["items"]["enum"]
            answer = self.choice(ids)
            return _Completion(answer if isinstance(answer, str) else json.dumps(answer))
        return _Completion(self.prose)


def _export(path, tmp_path, engine, to="html", **kw):
    opts = ReportOptions.make(to=to, output=tmp_path / f"r.{to}", engine=engine, progress=False,
                              cache_dir=tmp_path / "cache", **kw)
    return run(path, opts)


def _section(report, heading):
    return next(s for s in report.sections if s.heading == heading)


def test_sections_state_their_outputs_claims_with_cell_links(executed, tmp_path):
    engine = ChoosingEngine(lambda ids: {"ids": [ids[1], ids[0]], "link": "Here is what stands out."})
    result = _export(executed["en"], tmp_path, engine)
    region = _section(result.report, "Revenue by region")
    texts = [f.text for f in region.findings]
    assert len(texts) == 2 and region.narrative == "Here is what stands out."
    # the model chose f2 then f1 of the listed claims; the best claim of the table is East's revenue
    assert "East has the highest revenue, at 548,124.05." in texts
    assert {f.cell for f in region.findings} <= {6, 7}  # the table's cell and the bar chart's
    monthly = _section(result.report, "Monthly trend")
    assert any("2025-07-01" in f.text or "July" in f.text for f in monthly.findings)
    html = result.path.read_text(encoding="utf-8")
    for f in region.findings + monthly.findings:
        assert f'href="#cell-{f.cell}"' in html and f'id="cell-{f.cell}"' in html
    assert "[cell 6]" in html or "[cell 7]" in html
    s = result.stats
    assert s.claims >= 10 and s.claims_stated >= 4 and s.claims_verified == s.claims_stated
    # every schema offered only ids of listed claims, at most 3 to choose
    assert all(sch["properties"]["ids"]["maxItems"] <= 3 for sch in engine.schemas)


def test_the_summary_is_the_top_claims_across_sections(executed, tmp_path):
    result = _export(executed["en"], tmp_path, ChoosingEngine())
    report = result.report
    stated = [f.text for s in report.sections for f in s.findings]
    assert report.findings and all(f.text in stated for f in report.findings)
    assert len({f.section for f in report.findings}) >= 2  # not all from one section
    assert report.summary == ""  # no model prose: the findings are the summary
    md = _export(executed["en"], tmp_path, ChoosingEngine(), to="md").path.read_text(encoding="utf-8")
    summary = md.split("## Executive summary", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^- .+ \\\[cell \d+\\\]$", summary, re.M), summary


def test_links_that_assert_something_and_unusable_answers_are_handled(executed, tmp_path):
    result = _export(executed["en"], tmp_path, ChoosingEngine(
        lambda ids: {"ids": ids[:2], "link": "North has the highest revenue, at 999."}))
    assert all(s.narrative != "North has the highest revenue, at 999." for s in result.report.sections)
    assert result.stats.link_dropped >= 1
    (tmp_path / "b").mkdir()
    bad = _export(executed["en"], tmp_path / "b", ChoosingEngine(lambda ids: "not json"))
    region = _section(bad.report, "Revenue by region")
    assert region.findings and region.narrative == ""  # the best claims, no link
    assert bad.stats.claims_default >= 1
    assert region.findings[0].text == "East has the highest revenue, at 548,124.05."


def test_no_model_still_states_the_claims(executed, tmp_path):
    class Broken:
        name = "broken"

        def complete(self, messages, **options):
            raise RuntimeError("no model here")

    result = _export(executed["en"], tmp_path, Broken())
    assert _section(result.report, "Revenue by region").findings
    assert result.report.findings


def test_japanese_notebooks_get_japanese_claims(executed, tmp_path):
    result = _export(executed["ja"], tmp_path, ChoosingEngine(
        lambda ids: {"ids": ids[:2], "link": "主な結果は次のとおりです。"}))
    store = _section(result.report, "店舗別の売上")
    assert store.findings and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", f.text) for f in store.findings)
    assert any("東京" in f.text for f in store.findings)
    html = result.path.read_text(encoding="utf-8")
    assert "[セル " in html


def _notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_sentences_about_the_code_are_dropped(tmp_path):
    cell = nbformat.v4.new_code_cell("print(len(df))", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="1460 rows\n")])
    path = _notebook(tmp_path, [nbformat.v4.new_markdown_cell("# T\n## Size"), cell])
    prose = "The DataFrame was created using the pd.DataFrame function. The table has 1460 rows."
    result = _export(path, tmp_path, ChoosingEngine(prose=prose))
    narrative = result.report.sections[0].narrative
    assert "1460 rows" in narrative and "pd.DataFrame" not in narrative
    assert result.stats.code_dropped >= 1


def test_conclusions_that_the_claims_show_false_are_dropped(executed, tmp_path):
    prose = "South has the highest revenue. The next step is to study prices."
    result = _export(executed["en"], tmp_path, ChoosingEngine(prose=prose))
    assert "South has the highest revenue" not in result.report.conclusions
    assert "The next step is to study prices." in result.report.conclusions
    assert result.stats.claim_dropped >= 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_table_only_sections_have_no_code_description(executed, tmp_path, lang):
    from spark_nb.assist.claims.check import describes_code

    result = _export(executed[lang], tmp_path, ChoosingEngine())
    report = result.report
    prose = [report.summary, report.conclusions, *(s.narrative for s in report.sections),
             *(f.text for s in report.sections for f in s.findings)]
    assert not any(describes_code(p) for p in prose if p)


def test_what_a_cell_computes_names_its_table_and_links_must_be_sentences():
    from spark_nb.report.findings import keep_link, measure
    from spark_nb.report.options import ReportStats

    assert measure('sales.groupby("region")["revenue"].mean().round(1)', "en") == "mean"
    assert measure("totals", "en") == "" and measure("df.sum()\n# done", "ja") == "合計"
    stats = ReportStats()
    for bad in ["https://spark.apache.org/docs/latest/api.html", "#A chart and its analysis", "Revenue.",
                "North has the highest revenue, at 999."]:
        assert keep_link(bad, [], stats) == "", bad
    assert stats.link_dropped == 4
    assert keep_link("Here is what stands out.", [], stats) == "Here is what stands out."
