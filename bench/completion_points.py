"""Completion points from real public notebooks, for judging inline completions.

    python bench/completion_points.py              # counts per split and kind
    python bench/completion_points.py --show 5     # the first tuning points
    python bench/completion_points.py --extract CHECKOUT   # rebuild the corpus file

The corpus is the code cells (only the code: its licence is MIT) of the pandas and
matplotlib chapters of Jake VanderPlas's *Python Data Science Handbook*; see
``bench/completion_corpus/SOURCES.md``. A point is a cursor in a cell:

- ``line_rest``: the cursor sits inside a line, at a random column; the answer is the
  rest of that line;
- ``next_line``: the cursor sits at the start of a line (after the previous line's
  newline); the answer is that whole line.

What comes after the cursor in the cell is the suffix (for fill-in-the-middle), the
cells before it are the file context, and running them builds the live names.

The split is by notebook, fixed before any completion code was written: the notebooks
whose section number is even are held out (``heldout``), the odd ones are for tuning
(``dev``). Points are drawn with a fixed seed, so the same corpus gives the same points.
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "completion_corpus" / "pdsh_cells.json"
SEED = 20261208
POINTS_PER_NOTEBOOK = 24
NOTEBOOKS = ("03.01", "03.02", "03.03", "03.04", "03.05", "03.06", "03.07", "03.08",
             "03.09", "03.10", "03.11", "03.12", "04.01", "04.02", "04.03", "04.05")


@dataclass(frozen=True)
class Point:
    id: str            # notebook:cell:line:kind
    notebook: str
    split: str         # dev | heldout
    kind: str          # line_rest | next_line
    cells_before: tuple[str, ...]
    prefix: str        # the cell's text before the cursor
    suffix: str        # the cell's text after the answer
    answer: str        # what the user went on to type (to the end of the line)


def split_of(notebook: str) -> str:
    section = int(notebook.split("-")[0].split(".")[1])
    return "heldout" if section % 2 == 0 else "dev"


def _usable(line: str) -> bool:
    text = line.strip()
    return len(text) >= 4 and not text.startswith(("#", "%", "!", "?")) and not text.endswith("?")


def points(corpus: Path = CORPUS, split: str | None = None) -> list[Point]:
    """Every point of the corpus (or of one split), in a fixed order."""
    data = json.loads(corpus.read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    out: list[Point] = []
    for nb in data["notebooks"]:
        name, cells = nb["name"], nb["cells"]
        sites = [(c, i) for c, cell in enumerate(cells)
                 for i, line in enumerate(cell.split("\n")) if _usable(line)]
        chosen = sorted(rng.sample(sites, min(POINTS_PER_NOTEBOOK, len(sites))))
        for c, i in chosen:
            lines = cells[c].split("\n")
            line = lines[i]
            before = "\n".join(lines[:i]) + ("\n" if i else "")
            after = ("\n" + "\n".join(lines[i + 1:])) if i + 1 < len(lines) else ""
            kind = "next_line" if rng.random() < 0.3 else "line_rest"
            indent = len(line) - len(line.lstrip())
            cut = indent if kind == "next_line" else rng.randint(indent + 1, len(line.rstrip()) - 1)
            out.append(Point(f"{name}:{c}:{i}:{kind}", name, split_of(name), kind,
                             tuple(cells[:c]), before + line[:cut], after, line[cut:]))
    return [p for p in out if split is None or p.split == split]


def extract(checkout: Path) -> dict:
    """The code cells of the chosen notebooks, from a checkout of the book's repository."""
    notebooks = []
    for path in sorted((checkout / "notebooks").glob("*.ipynb")):
        if not path.name.startswith(NOTEBOOKS):
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        notebooks.append({"name": path.stem, "path": f"notebooks/{path.name}",
                          "cells": [c for c in cells if c.strip()]})
    return {"source": "https://github.com/jakevdp/PythonDataScienceHandbook",
            "licence": "MIT (code)", "notebooks": notebooks}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extract", type=Path, help="a checkout of the book's repository")
    ap.add_argument("--show", type=int, default=0,
                    help="print the first N tuning points (the held-out ones are not shown)")
    args = ap.parse_args()
    if args.extract:
        CORPUS.write_text(json.dumps(extract(args.extract), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    every = points()
    print(f"{'split':8} {'kind':10} {'points':>6}")
    for split in ("dev", "heldout"):
        for kind in ("line_rest", "next_line"):
            n = sum(1 for p in every if p.split == split and p.kind == kind)
            print(f"{split:8} {kind:10} {n:6}")
    print(f"{'all':8} {'':10} {len(every):6}")
    if args.show:
        for p in [p for p in every if p.split == "dev"][:args.show]:
            print(json.dumps({k: v for k, v in asdict(p).items() if k != "cells_before"},
                             ensure_ascii=False))


if __name__ == "__main__":
    main()
