"""The completion corpus is what its sources file says, and its points are sound: enough
of them, fixed by the seed, split by notebook, and each one rebuilds its own line."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _module():
    spec = importlib.util.spec_from_file_location("completion_points", BENCH / "completion_points.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_at_least_300_points_split_by_notebook_and_fixed_by_the_seed():
    cp = _module()
    every = cp.points()
    assert len(every) >= 300
    assert len({p.id for p in every}) == len(every)
    assert [p.id for p in every] == [p.id for p in cp.points()]
    by_split = {s: {p.notebook for p in every if p.split == s} for s in ("dev", "heldout")}
    assert by_split["dev"] and by_split["heldout"] and not by_split["dev"] & by_split["heldout"]
    assert len(cp.points(split="heldout")) >= 150
    assert {p.kind for p in every} == {"line_rest", "next_line"}


def test_each_point_puts_its_line_back_together():
    cp = _module()
    cells = {nb["name"]: nb["cells"] for nb in json.loads(cp.CORPUS.read_text(encoding="utf-8"))["notebooks"]}
    for p in cp.points():
        _, c, i, _ = p.id.rsplit(":", 3)
        cell = cells[p.notebook][int(c)]
        assert p.prefix + p.answer + p.suffix == cell
        assert list(p.cells_before) == cells[p.notebook][:int(c)]
        assert p.answer.strip() and "\n" not in p.answer
        if p.kind == "next_line":
            assert p.prefix == "" or p.prefix.endswith("\n") or p.prefix.split("\n")[-1].isspace()


def test_the_data_files_are_the_ones_the_sources_name():
    sources = (BENCH / "completion_corpus" / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted((BENCH / "completion_corpus" / "data").iterdir()):
        blob = path.read_bytes()
        git_id = hashlib.sha1(b"blob %d\0" % len(blob) + blob).hexdigest()
        assert f"`{path.name}`\n(`{git_id[:12]}…`)" in sources or f"`{path.name}` (`{git_id[:12]}…`)" in sources


def test_the_table_never_prints_held_out_points():
    out = subprocess.run([sys.executable, str(BENCH / "completion_points.py"), "--show", "500"],
                         capture_output=True, text=True, timeout=120, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert rows and {r["split"] for r in rows} == {"dev"}
    assert out.stdout.splitlines()[0].split() == ["split", "kind", "points"]
