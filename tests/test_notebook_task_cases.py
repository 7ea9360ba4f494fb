"""The notebook-task benchmark's own checks are sound: each reference answer passes, each
plausible mistake and an empty answer fail (every split; no model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("split", ["dev", "heldout", "traps", "checklist"])
def test_every_check_passes_its_reference_and_fails_a_wrong_answer(split):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    out = subprocess.run([sys.executable, str(BENCH / "notebook_tasks.py"), "--verify", "--split", split],
                         capture_output=True, text=True, timeout=600, cwd=BENCH.parent)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "all checks verified" in out.stdout
    row = next(line for line in out.stdout.splitlines() if line.startswith(split))
    tasks = int(row.split()[1])
    assert tasks == {"dev": 32, "heldout": 30, "traps": 24, "checklist": 42}[split] and f"{tasks}/{tasks}" in row
