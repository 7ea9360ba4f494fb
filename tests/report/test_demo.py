"""`spark-nb demo` as a new user runs it: the quickstart on the default models, then its report."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest


def _panels(nb: dict) -> list[dict]:
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return [w["state"] for w in state.values() if "stats" in w.get("state", {})]


@pytest.mark.slow
@pytest.mark.timeout(900)  # a whole notebook and its report on the 1.5B model
def test_the_demo_writes_code_fixes_and_the_report_with_the_larger_model(tmp_path, monkeypatch):
    pytest.importorskip("nbclient")
    for name in ("SPARK_NB_MODEL", "SPARK_NB_MODEL_CODE", "SPARK_NB_MODEL_FIX", "SPARK_NB_MODEL_REPORT",
                 "SPARK_NB_MODEL_SUMMARY", "SPARK_NB_MODEL_CHART"):
        monkeypatch.delenv(name, raising=False)
    from spark_nb.engine import packs
    from spark_nb.engine.registry import MODELS
    from spark_nb.engine.settings import cache_dir

    for name in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"):  # assembled once, as a user's would be
        packs.ensure(MODELS[name].pack, name=name, progress=False)
    # a cache of its own, so no report answer comes from an earlier run; the model files
    # are the user cache's, linked rather than assembled again
    fresh = tmp_path / "cache"
    fresh.mkdir()
    (fresh / "models").symlink_to(cache_dir() / "models", target_is_directory=True)
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(fresh))
    out = subprocess.run([sys.executable, "-m", "spark_nb.cli", "demo", "--out", str(tmp_path / "demo")],
                         capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr[-3000:]
    assert ("qwen2.5-coder-1.5b for code, fix, chart, report; qwen2.5-coder-0.5b for summary"
            in out.stdout)
    assert re.search(r"report: .*quickstart\.html \([\d.]+ s, \d+ model calls", out.stdout)
    nb = json.loads((tmp_path / "demo" / "quickstart.executed.ipynb").read_text(encoding="utf-8"))
    panels = _panels(nb)
    spark = next(p for p in panels if "repair round" in p["stats"])
    fix = next(p for p in panels if p.get("heading") == "KeyError")
    assert spark["status"] == "passed" and "qwen2.5-coder-1.5b" in spark["stats"]  # %%spark
    assert fix["heading"] == "KeyError" and fix["status"] == "done"  # waited for, not cut off
    assert "region" in fix["summary"]  # the rule's summary: no model needed for it
    # the request sums one column per region: a Series of three sums, not every column
    shown = next(c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip() == "totals")
    plain = [o.get("data", {}).get("text/plain", "") for o in shown["outputs"]]
    text = "".join(p if isinstance(p, str) else "".join(p) for p in plain)
    assert re.search(r"north\s+\d", text) and "month" not in text, text
    assert "Name: revenue" in text, text
    html = (tmp_path / "demo" / "quickstart.html").read_text(encoding="utf-8")
    assert "qwen2.5-coder-1.5b" in html  # the report's narrative model, in its footer
