"""How well requirements are read from requests: the corpus and the held-out tasks.

    python bench/checklist_extract.py

Two sets, one table: the 132 requests of ``tests/assist/checklist_cases.py`` (the corpus
the patterns were written against) and the 42 held-out tasks of
``bench/notebook_tasks_checklist.py`` (hand-written checklists, not read while writing
the patterns; only their totals are printed, never a request). A requirement read from a
request is *right* when the hand-written list has one of the same kind and value,
*extra* when it has none, and a hand-written one that was not read is *missed*;
*target* counts the right ones that are also about the right variable. No model, no
files written.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from spark_nb.assist.checklist import extract  # noqa: E402


def _key(r: dict) -> tuple:
    return r["kind"], json.dumps(r["value"], sort_keys=True, ensure_ascii=False)


def score(cases: list[tuple[str, list[dict]]]) -> dict:
    out = Counter()
    for request, want in cases:
        got = [r.as_dict() for r in extract(request)]
        wanted = {_key(w): w for w in want}
        read = {_key(r) for r in got}
        for r in got:
            hit = wanted.get(_key(r))
            out["right"] += hit is not None
            out["extra"] += hit is None
            out["target"] += hit is not None and hit["target"] == r["target"]
        out["missed"] += sum(_key(w) not in read for w in want)
        out["expected"] += len(want)
        out["requests"] += 1
        out["exact"] += read == set(wanted)
    return out


def row(name: str, s: Counter) -> str:
    pct = 100 * s["right"] / s["expected"] if s["expected"] else 0.0
    right = f"{s['right']} ({pct:.0f}%)"
    return (f"{name:22} {s['requests']:>8} {s['expected']:>12} {right:>12} "
            f"{s['extra']:>6} {s['missed']:>7} {s['target']:>7} {s['exact']:>14}")


def main() -> None:
    from notebook_tasks_checklist import TASKS
    from tests.assist.checklist_cases import CASES

    print("Requirements read from requests (patterns, no model)")
    print(f"{'set':22} {'requests':>8} {'requirements':>12} {'right':>12} {'extra':>6} {'missed':>7} "
          f"{'target':>7} {'whole list right':>14}")
    print(row("corpus (written on)", score(CASES)))
    print(row("held-out tasks", score([(t.request, t.requirements) for t in TASKS])))


if __name__ == "__main__":
    main()
