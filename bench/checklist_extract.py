"""How well requirements are read from requests: the corpus and the held-out tasks.

    python bench/checklist_extract.py [--model qwen2.5-coder-0.5b] [--threads T]

Four sets, one table: the 132 requests of ``tests/assist/checklist_cases.py`` (the corpus
the patterns were written against), the 90 of ``tests/assist/checklist_cases_more.py`` and
the 66 of ``tests/assist/checklist_cases_tasks.py`` (each written later by someone who
had not read the patterns; the patterns were then widened on them too) and the 42
held-out tasks of
``bench/notebook_tasks_checklist.py`` (hand-written checklists, not read while writing
the patterns; only their totals are printed, never a request). A requirement read from a
request is *right* when the hand-written list has one of the same kind and value,
*extra* when it has none, and a hand-written one that was not read is *missed*;
*target* counts the right ones that are also about the right variable. No files written.

With ``--model``, every set is read twice in the same run: by the patterns alone, and
by the patterns with the model's proposals (``extract(..., engine=)``), with the
seconds the model took per request.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from spark_nb.assist.checklist import extract  # noqa: E402


def _key(r: dict) -> tuple:
    return r["kind"], json.dumps(r["value"], sort_keys=True, ensure_ascii=False)


def score(cases: list[tuple[str, list[dict]]], engine=None) -> dict:
    out = Counter()
    started = time.perf_counter()
    for request, want in cases:
        got = [r.as_dict() for r in extract(request, engine=engine)]
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
    out["seconds"] = (time.perf_counter() - started) / max(len(cases), 1)
    return out


def row(name: str, s: Counter) -> str:
    pct = 100 * s["right"] / s["expected"] if s["expected"] else 0.0
    right = f"{s['right']} ({pct:.0f}%)"
    return (f"{name:40} {s['requests']:>8} {s['expected']:>12} {right:>12} "
            f"{s['extra']:>6} {s['missed']:>7} {s['target']:>7} {s['exact']:>14} {s['seconds']:>9.2f}")


def main() -> None:
    from notebook_tasks_checklist import TASKS
    from tests.assist.checklist_cases import CASES
    from tests.assist.checklist_cases_more import CASES as MORE
    from tests.assist.checklist_cases_tasks import CASES as TASKS_STYLE

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=None, help="also read with this model's proposals")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    sets = [("corpus", CASES), ("corpus, later", MORE), ("corpus, task-style", TASKS_STYLE),
            ("held-out tasks", [(t.request, t.requirements) for t in TASKS])]
    readers = [("patterns", None)]
    if args.model:
        from spark_nb.engine import get_engine

        readers.append((f"+ {args.model}", get_engine(args.model, **({"n_threads": args.threads} if args.threads else {}))))
    print("Requirements read from requests")
    print(f"{'set':40} {'requests':>8} {'requirements':>12} {'right':>12} {'extra':>6} {'missed':>7} "
          f"{'target':>7} {'whole list right':>14} {'s/request':>9}")
    for name, cases in sets:
        for reader, engine in readers:
            print(row(f"{name}: {reader}"[:40], score(cases, engine)), flush=True)


if __name__ == "__main__":
    main()
