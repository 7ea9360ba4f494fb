"""`%%spark` and the error panel in a real IPython shell, their model in the server."""

from __future__ import annotations

import os

import pytest

from spark_nb.engine import server_link

pytest.importorskip("IPython")
pytest.importorskip("pandas")


def served_here() -> int:
    """Requests the server has served for this process."""
    status = server_link.probe()
    assert status is not None, "no model server is running"
    return status.body["clients"].get(f"kernel-{os.getpid()}", {}).get("requests", 0)


def test_spark_magic_runs_its_model_in_the_server(ip, runtime):
    ip.run_line_magic("spark", "config model=qwen2.5-coder-0.5b")
    ip.run_cell_magic("spark", "--run", "Store the number of rows of sales in `n_rows`.")
    assert ip.user_ns.get("n_rows") == 3
    assert served_here() >= 1


def test_the_error_panel_explains_with_the_servers_model(ip, runtime, monkeypatch, tmp_path):
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(tmp_path))
    hook = ip.magics_manager.registry["SparkMagics"].hook
    ip.run_line_magic("spark", "config model=qwen2.5-coder-0.5b")
    ip.run_line_magic("spark", "auto fix")
    ip.run_cell("def solve():\n    raise RuntimeError('no convergence after 50 steps')\nsolve()")
    assert hook.wait(120)
    d = hook.last.diagnosis
    assert d.error_type == "RuntimeError" and d.explanation.strip()
    assert served_here() >= 1
