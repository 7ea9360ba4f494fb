"""The report's other doors: nbconvert's exporter, ``%spark report``, the CLI, the real model."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spark_nb.report import ReportOptions, export_report, run

BIN = Path(sys.executable).parent


def test_nbconvert_exporter_writes_the_report(executed, engine, cache_dir, tmp_path):
    # fill the cache in-process (the counting engine), so the subprocess needs no model
    export_report(executed["en"], output=tmp_path / "warm.html", progress=False)
    env = dict(os.environ, SPARK_NB_CACHE_DIR=str(cache_dir))
    done = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "spark_report",
                           str(executed["en"]), "--output-dir", str(tmp_path / "nbc")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "nbc" / "sales_analysis.html").read_text(encoding="utf-8")
    assert "<h1>Sales analysis 2025</h1>" in html and "This step summarised the data." in html
    assert "data:image/png;base64," in html
    assert hashlib.sha256(executed["en"].read_bytes()).hexdigest() in html


def test_exporter_markdown_brings_its_images(executed, engine, cache_dir, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from spark_nb.report.exporter import ReportExporter

    exporter = ReportExporter(report_format="md")
    nb = nbformat.read(executed["ja"], as_version=4)
    body, resources = exporter.from_notebook_node(
        nb, {"metadata": {"name": "sales_ja", "path": str(executed["ja"].parent)}})
    assert body.startswith("# 店舗別売上分析") and resources["output_extension"] == ".md"
    assert sorted(resources["outputs"]) == [f"sales_ja_files/figure-{i}.png" for i in (1, 2)]


def test_spark_report_magic_writes_and_prints_the_path(ip, executed, engine, cache_dir, tmp_path, capsys):
    out = tmp_path / "magic.md"
    ip.run_line_magic("spark", f"report {executed['en']} --to md -o {out}")
    printed = capsys.readouterr().out
    assert out.exists() and f"report written: {out}" in printed
    assert (tmp_path / "magic_files" / "figure-1.png").exists()


def test_spark_report_magic_finds_the_notebook_jupyter_names(ip, executed, engine, cache_dir, capsys):
    ip.user_ns["__session__"] = str(executed["ja"])
    try:
        ip.run_line_magic("spark", "report")
    finally:
        ip.user_ns.pop("__session__", None)
    assert "report written:" in capsys.readouterr().out
    assert executed["ja"].with_suffix(".html").exists()


def test_spark_report_magic_without_a_path_says_what_to_do(ip, monkeypatch, capsys):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    ip.run_line_magic("spark", "report")
    assert "give the path" in capsys.readouterr().err
    ip.run_line_magic("spark", "report nothing.ipynb")
    assert "no such file" in capsys.readouterr().err
    ip.run_line_magic("spark", "report x.ipynb --to docx")
    assert "invalid choice" in capsys.readouterr().err


def test_cli_report_and_its_exit_codes(executed, engine, cache_dir, tmp_path, capsys):
    from spark_nb.cli import main

    out = tmp_path / "cli.html"
    assert main(["report", str(executed["en"]), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    assert main(["report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "Traceback" not in err


@pytest.mark.slow
def test_real_model_prose_numbers_are_all_grounded(executed, smollm2_path, cache_dir, tmp_path):
    result = run(executed["en"], ReportOptions.make(output=tmp_path / "real.html",
                                                    model="smollm2-135m", progress=False))
    s = result.stats
    assert s.model_calls >= 5
    assert s.grounded_after == s.numbers_after  # every number left in the prose is backed
    assert result.report.findings and any(sec.narrative for sec in result.report.sections)
    assert s.claims_verified == s.claims_stated > 0  # every finding stated is true of its output
    html = result.path.read_text(encoding="utf-8")
    assert "smollm2-135m" in html
