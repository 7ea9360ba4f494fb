"""Reports from the real example notebooks (executed by nbclient), on a counting engine."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest

from spark_nb.engine.choice import Machine, choose
from spark_nb.report import ReportOptions, export_report, run
from spark_nb.report.markdown import MARKER

EN_HEADINGS = ["The data", "Revenue by region", "Monthly trend", "Price and units"]
JA_HEADINGS = ["データの準備", "店舗別の売上", "月別の推移", "曜日による違い"]


def test_html_has_every_part_and_embedded_images(executed, engine, cache_dir, tmp_path):
    path = export_report(executed["en"], to="html", output=tmp_path / "r.html", progress=False)
    html = path.read_text(encoding="utf-8")
    for text in ["<h1>Sales analysis 2025</h1>", "Executive summary", *EN_HEADINGS,
                 "Conclusions", "Appendix: code", "<details", "data:image/png;base64,",
                 "Figure 1: Revenue by region, 2025", '<meta name="viewport"', "Noto Sans CJK JP"]:
        assert text in html, text
    digest = hashlib.sha256(executed["en"].read_bytes()).hexdigest()
    from spark_nb.report.model import model_name

    assert digest in html and model_name(None) in html  # the model chosen for the report task
    assert model_name(None) == choose("report", machine=Machine.detect()).model
    # the engine's invented number was dropped, its grounded sentence kept
    assert "This step summarised the data." in html and "9999999" not in html
    assert "<table>" in html and "1460" in html  # DataFrame outputs become tables


def test_no_code_leaves_out_the_appendix(executed, engine, cache_dir, tmp_path):
    html = export_report(executed["en"], output=tmp_path / "r.html", no_code=True,
                         progress=False).read_text(encoding="utf-8")
    assert "Appendix: code" not in html and "<details" not in html


def test_markdown_has_an_images_folder(executed, engine, cache_dir, tmp_path):
    path = export_report(executed["en"], to="md", output=tmp_path / "r.md", progress=False)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Sales analysis 2025") and "## Revenue by region" in text
    images = sorted((tmp_path / "r_files").glob("figure-*"))
    assert len(images) == 3 and images[0].read_bytes()[:4] == b"\x89PNG"
    assert {p.name for p in (tmp_path / "r_files").iterdir()} == {p.name for p in images} | {MARKER}
    assert "](r_files/figure-1.png)" in text and "| East |" in text


@pytest.mark.parametrize("lang, title, heading", [("en", "Sales analysis 2025", "Monthly trend"),
                                                  ("ja", "店舗別売上分析", "店舗別の売上")])
def test_pdf_renders_and_holds_its_text(executed, engine, cache_dir, tmp_path, lang, title, heading):
    from spark_nb.report.pdf import find_chromium

    if find_chromium() is None or not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        pytest.skip("needs chromium and poppler-utils (pdftoppm, pdftotext)")
    pdf = export_report(executed[lang], to="pdf", output=tmp_path / "r.pdf", progress=False)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 5_000  # a rendered page, not a blank one
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert title in text and heading in text


def test_japanese_notebook_gets_a_japanese_report(executed, engine, cache_dir, tmp_path):
    html = export_report(executed["ja"], output=tmp_path / "ja.html",
                         progress=False).read_text(encoding="utf-8")
    for text in ['lang="ja"', "要約", "結論", "付録: コード", *JA_HEADINGS, "この手順で集計しました。"]:
        assert text in html, text
    assert "日本語" in engine.calls[0][0]["content"]  # the prompt asks for Japanese
    english = export_report(executed["ja"], output=tmp_path / "en.html", lang="en",
                            progress=False).read_text(encoding="utf-8")
    assert "Executive summary" in english and "要約" not in english


def test_second_export_is_served_from_the_cache(executed, engine, cache_dir, tmp_path, monkeypatch):
    first = run(executed["en"], ReportOptions.make(output=tmp_path / "a.html", progress=False))
    asked = len(engine.calls)
    assert asked >= 5 and first.stats.model_calls == asked

    def no_model(*a, **k):
        raise AssertionError("a cached export must not load the model")

    monkeypatch.setattr("spark_nb.engine.get_engine", no_model)
    second = run(executed["en"], ReportOptions.make(output=tmp_path / "b.html", progress=False))
    assert second.stats.model_calls == 0 and second.stats.cached_calls == asked
    assert len(engine.calls) == asked
    strip = lambda p: p.read_text(encoding="utf-8")
    assert strip(first.path) == strip(second.path)
    assert list(cache_dir.glob("reports/*/*.json"))


def test_a_model_that_fails_still_gives_a_report(executed, cache_dir, tmp_path, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("no model here")

    monkeypatch.setattr("spark_nb.engine.get_engine", broken)
    html = export_report(executed["en"], output=tmp_path / "r.html",
                         progress=False).read_text(encoding="utf-8")
    assert "could not write this part" in html and "data:image/png" in html
    assert "Revenue by region" in html


def test_execute_runs_a_copy_and_leaves_the_source_alone(executed, engine, cache_dir, tmp_path):
    from tests.report.conftest import EXAMPLES

    src = tmp_path / "fresh.ipynb"
    shutil.copy(EXAMPLES / "sales_analysis.ipynb", src)
    before, mtime = src.read_bytes(), src.stat().st_mtime_ns
    path = export_report(src, output=tmp_path / "fresh.html", execute=True, progress=False)
    assert src.read_bytes() == before and src.stat().st_mtime_ns == mtime
    html = path.read_text(encoding="utf-8")
    assert "data:image/png" in html and "%load_ext spark_nb" not in html  # prelude hidden
    assert not list(tmp_path.glob(".fresh.html.*"))  # no temp file left behind
    assert path.stat().st_mode & 0o044  # readable by others, as a new file is (not mkstemp's 0600)
