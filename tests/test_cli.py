"""The `spark-nb` command as a user runs it."""

import re
import subprocess
import sys

import pytest


def run(*args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "spark_nb.cli", *args],
        capture_output=True, text=True, timeout=timeout,
    )


def test_models_lists_names_backends_and_install_state():
    out = run("models")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    row = next(line for line in lines if line.startswith("smollm2-135m"))
    assert "llama_cpp" in row and " yes " in row
    assert any("qwen3-coder-30b-a3b" in line and "mlx" in line for line in lines)
    # the tasks column: the larger coder writes code, the small one the instant summaries
    rows = {line.split()[0]: line for line in lines if line.startswith("qwen2.5-coder-")}
    assert "code, fix, chart, report" in rows["qwen2.5-coder-1.5b"]
    assert "summary, complete" in rows["qwen2.5-coder-0.5b"]
    assert re.search(r"models by task on this machine \(.*GB memory .*GB free\), \d+ cores, CPU", out.stdout)
    assert re.search(r"^  code +qwen2\.5-coder-1\.5b .*GB free", out.stdout, re.M)


def test_models_on_a_small_machine_say_the_fallback_once(monkeypatch, capsys):
    from spark_nb import cli
    from spark_nb.engine import choice

    small = choice.Machine(total_bytes=4 * choice.GB, available_bytes=3 * choice.GB, cores=2)
    monkeypatch.setattr(choice.Machine, "detect", classmethod(lambda cls: small))
    for name in ("SPARK_NB_MODEL", *(f"SPARK_NB_MODEL_{t.upper()}" for t in choice.TASKS)):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  code +qwen2\.5-coder-0\.5b .*only 3\.0 GB free", out, re.M)
    assert out.count("note: only 3.0 GB of memory is free and qwen2.5-coder-1.5b needs about 4 GB") == 1


def test_models_follow_the_per_task_environment(monkeypatch, capsys):
    from spark_nb import cli

    monkeypatch.setenv("SPARK_NB_MODEL_REPORT", "smollm2-135m")
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  report +smollm2-135m +report narrative: set by models\.report", out, re.M)


@pytest.mark.parametrize("model", ["smollm2-135m", None])
def test_demo_streams_an_answer_and_reports_speed(model):
    args = ["demo", "--max-tokens", "48"] + (["--model", model] if model else [])
    out = run(*args)
    assert out.returncode == 0, out.stderr
    assert re.search(r"model \S+ on llama_cpp, cpu", out.stdout)
    m = re.search(r"time to first token ([\d.]+) s .* (\d+) generated tokens · ([\d.]+) tokens/s",
                  out.stdout)
    assert m, out.stdout[-500:]
    assert float(m.group(1)) > 0 and int(m.group(2)) > 0 and float(m.group(3)) > 0
    if model is None:  # the code task's model on this machine
        assert "model qwen2.5-coder-1.5b" in out.stdout


def test_errors_are_one_clear_line_not_a_traceback():
    out = run("demo", "--model", "no-such-model")
    assert out.returncode == 2
    assert out.stderr.startswith("spark-nb: unknown model 'no-such-model'")
    assert "Traceback" not in out.stderr


def test_engine_example_runs(tmp_path):
    from pathlib import Path

    example = Path(__file__).parent.parent / "examples" / "engine_stream.py"
    out = subprocess.run([sys.executable, str(example), "smollm2-135m"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "smollm2-135m on llama_cpp" in out.stdout
    assert re.search(r"drafted \d+, accepted \d+", out.stdout)


def test_pull_offline_fails_clearly(tmp_path, monkeypatch):
    env = {**__import__("os").environ, "HF_ENDPOINT": "http://127.0.0.1:9",
           "HF_HUB_CACHE": str(tmp_path), "HF_HUB_ETAG_TIMEOUT": "2"}
    out = subprocess.run([sys.executable, "-m", "spark_nb.cli", "pull", "qwen3-coder-30b-a3b"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 2
    assert "could not download mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit" in out.stderr
    assert "Traceback" not in out.stderr


def test_report_bad_input_exits_2_with_one_clear_line(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    out = run("report", str(bad), "--to", "md")
    assert out.returncode == 2
    assert out.stderr.startswith(f"spark-nb: {bad} is not valid JSON")
    assert "Traceback" not in out.stderr
    out = run("report", str(tmp_path / "missing.ipynb"))
    assert out.returncode == 2 and "no such file" in out.stderr


def test_report_to_a_missing_folder_exits_2(tmp_path):
    from pathlib import Path

    example = Path(__file__).parent.parent / "examples" / "sales_analysis.ipynb"
    out = run("report", str(example), "-o", str(tmp_path / "nope" / "r.html"))
    assert out.returncode == 2 and "does not exist" in out.stderr
    assert "Traceback" not in out.stderr


def test_demo_help_offers_the_engine_demo():
    out = run("demo", "--help")
    assert out.returncode == 0 and "--engine" in out.stdout and "quickstart" in out.stdout
