"""The package outside the checkout: a wheel built from this tree, installed into a clean
virtual environment, runs `spark-nb demo` from a folder that has no examples/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(1500)  # building the wheel may build the lab extension with npm
def test_a_wheel_in_a_clean_environment_runs_the_demo(tmp_path):
    pytest.importorskip("hatchling")
    pytest.importorskip("nbclient")
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(dist), str(ROOT)], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("spark_nb-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "spark_nb/examples/quickstart.ipynb" in names
    assert "spark_nb/widgets/static/panels.js" in names
    assert any(n.endswith("share/jupyter/labextensions/spark-nb-labextension/package.json") for n in names)
    assert not any(n.startswith(("tests/", "bench/")) for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # clean: no spark_nb, no dependencies
    python = env_dir / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                                "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True,
                               timeout=300)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # the dependencies come from this environment's folder, read as a plain path: its .pth
    # files (the editable checkout among them) are not processed, so spark_nb is the wheel's
    deps = sysconfig.get_paths()["purelib"]
    env = {**os.environ, "PYTHONPATH": deps, "SPARK_NB_CACHE_DIR": str(tmp_path / "cache")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import spark_nb, sys; print(spark_nb.__file__)"],
                           capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120)
    assert where.stdout.strip().startswith(str(env_dir)), where.stdout + where.stderr
    demo = subprocess.run([str(env_dir / "bin" / "spark-nb"), "demo", "--model", "smollm2-135m",
                           "--out", str(elsewhere / "out")], capture_output=True, text=True, env=env,
                          cwd=elsewhere, timeout=900)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    assert str(env_dir) in demo.stdout  # it ran the quickstart shipped in the package
    nb = json.loads((elsewhere / "out" / "quickstart.executed.ipynb").read_text(encoding="utf-8"))
    assert len([c for c in nb["cells"] if c["cell_type"] == "code"]) == 7  # its own cells only
    assert (elsewhere / "out" / "quickstart.html").stat().st_size > 10_000
