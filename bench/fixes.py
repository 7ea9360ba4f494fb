"""Error fixes on a corpus of failing notebook cells: rules, model, checks, speed.

    python bench/fixes.py [--model qwen2.5-coder-0.5b] [--limit N] [--rules-only]
                          [--no-speedup] [--out results.json]

The corpus is ``bench/fix_cases.py`` (83 cells weighted like the errors of public
notebooks, with traps where a lazy fix would hide the bug). For each case the failing
cell runs in a fresh namespace and folder, ``spark_nb.assist.diagnose.diagnose`` gets
the cell, the live exception, the namespace, the cells run before and the notebook's
cells below; then the best offered fix is judged:

- a code fix runs in a fresh copy of the case, in the dry-run sandbox (never in this
  process), and the case's check, run there after it, must pass (the variables the cell
  was meant to produce, with their values); install fixes are judged on their source;
- for out-of-order cases, advice must name the cell to run first.

A case counts as fixed when the top offered fix is right. Also reported: success by
error type and by the origin of the top fix, p50/p95 latency of rule fixes and of model
fixes, the prompt-lookup speed-up on model fixes (each model fix's request generated
again without drafting, same engine state), and whether any offered fix failed its own
checks (it must not happen). One table at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fix_cases import CASES, Case, category, failing_state, run_case_cell  # noqa: E402

from spark_nb.assist import diagnose as diagnose_module  # noqa: E402
from spark_nb.engine import get_engine  # noqa: E402
from spark_nb.kernel.context import build_context  # noqa: E402
from spark_nb.kernel.tracebacks import describe  # noqa: E402


def visible(ns: dict) -> dict:
    return {k: v for k, v in ns.items() if not k.startswith("_") and k != "WORKDIR"}


def judge(case: Case, fix) -> bool:
    """Is the offered fix right for this case?"""
    if fix is None:
        return False
    if fix.advice:
        return case.advice_cell is not None and re.search(
            rf"(?:cell|セル)\s*{case.advice_cell}(?!\d)", fix.explanation) is not None
    if case.check_source is not None:
        return bool(case.check_source(fix.source))
    if case.check is None:
        return False
    return run_case_cell(case, fix.source).passed  # the fix and the check run in the sandbox


def run(case: Case, engine, use_model: bool, model_if_needed: bool = False) -> dict:
    workdir = tempfile.mkdtemp(prefix="fixbench-")
    old = os.getcwd()
    try:
        ns, exc = failing_state(case, workdir)  # the corpus' own cell; the diagnosis needs it live
        if exc is None:
            return {"id": case.id, "error": "the cell did not fail"}
        before = {k: v for k, v in ns.pop("__before__", {}).items()
                  if not k.startswith("_") and ns.get(k) is not v}
        ns = visible(ns)
        cells = [*case.before, case.cell, *case.after]
        os.chdir(workdir)  # the dry run and the file rules see the case's folder
        context = build_context(ns, request=case.cell).render() if use_model else ""
        traceback_text = describe(exc, case.cell, ns) if use_model else ""
        t0 = time.perf_counter()
        ask = dict(history=case.before, notebook_cells=cells, cell_index=len(case.before), cwd=workdir,
                   cell_filename="<cell>", japanese=case.lang == "ja" or None, namespace_before=before)
        d = None
        if model_if_needed:
            # Rule fixes and advice rank above the model's fix, so where the rules offer
            # one the top fix is the same without the model (its explanation is not scored).
            d = diagnose_module.diagnose(case.cell, exc, ns, use_model=False, **ask)
            d = d if d.fixes else None
        if d is None:
            d = diagnose_module.diagnose(case.cell, exc, ns, engine=engine, use_model=use_model,
                                         context=context, traceback_text=traceback_text, **ask)
        seconds = time.perf_counter() - t0
    finally:
        os.chdir(old)
        shutil.rmtree(workdir, ignore_errors=True)
    best = d.best
    rule_fix = next((f for f in d.fixes if f.origin == "rule"), None)
    model_fix = next((f for f in d.fixes if f.origin == "model"), None)
    return {
        "id": case.id, "category": category(case), "lang": case.lang, "error_type": d.error_type,
        "fixed": judge(case, best), "origin": (best.origin if best and not best.advice else
                                               "advice" if best else "none"),
        "rule_right": judge(case, rule_fix) if rule_fix else None,
        "model_right": judge(case, model_fix) if model_fix else None,
        "offered": len(d.fixes), "rejected": len(d.rejected),
        "offered_failing": sum(1 for f in d.fixes if not f.advice and not f.passed),
        "seconds_rules": d.seconds_rules, "seconds_checks": d.seconds_checks, "seconds_model": d.seconds_model, "seconds": seconds,
        "tokens": d.completion_tokens, "model_fix_seconds": model_fix.seconds if model_fix else None,
        "explanation": d.explanation, "best": best.source if best else None, "messages": d.messages,
    }


def speedup(engine, results: list[dict]) -> tuple[float, int]:
    """Decode speed of each right model fix's request with drafting vs without (median ratio)."""
    ratios = []
    for r in results:
        if not r.get("model_right") or not r.get("messages"):
            continue
        speeds = []
        for draft in ("prompt-lookup", None):
            engine.reset()
            c = engine.complete(r["messages"], max_tokens=512, temperature=0, draft=draft)
            speeds.append(c.timings.tokens_per_second(c.usage.completion_tokens))
        if speeds[1] > 0:
            ratios.append(speeds[0] / speeds[1])
    return (statistics.median(ratios) if ratios else float("nan")), len(ratios)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def print_table(results: list[dict], model: str, spd: tuple[float, int] | None) -> None:
    ok = [r for r in results if "fixed" in r]
    n = len(ok)
    fixed = sum(r["fixed"] for r in ok)
    print(f"\nError fixes, {model}, {n} failing cells")
    print(f"fixed: {fixed}/{n} {100 * fixed / max(n, 1):.1f}%")
    print(f"\n{'by error':22} {'fixed':>9}")
    by = defaultdict(list)
    for r in ok:
        by[r["category"]].append(r["fixed"])
    for key, vals in sorted(by.items(), key=lambda kv: -len(kv[1])):
        print(f"{key:22} {f'{sum(vals)}/{len(vals)}':>9}")
    print(f"\n{'top fix by origin':22} {'cases':>6} {'right':>6}")
    origins = defaultdict(list)
    for r in ok:
        origins[r["origin"]].append(r["fixed"])
    for key, vals in sorted(origins.items()):
        print(f"{key:22} {len(vals):>6} {sum(vals):>6}")
    ja = [r["fixed"] for r in ok if r["lang"] == "ja"]
    print(f"\nJapanese cells: {sum(ja)}/{len(ja)}")
    rules_ms = [1000 * r["seconds_rules"] for r in ok]
    checked_ms = [1000 * (r["seconds_rules"] + r["seconds_checks"]) for r in ok if r["origin"] == "rule"]
    model_s = [r["model_fix_seconds"] for r in ok if r["model_fix_seconds"] is not None]
    print(f"rules (finding fixes): p50 {pct(rules_ms, .5):.1f} ms, p95 {pct(rules_ms, .95):.1f} ms")
    print(f"rule fixes with their checks (dry run included): p50 {pct(checked_ms, .5):.0f} ms, "
          f"p95 {pct(checked_ms, .95):.0f} ms")
    if model_s:
        print(f"model fixes (explain + fix + checks): p50 {pct(model_s, .5):.1f} s, p95 {pct(model_s, .95):.1f} s")
    print(f"offered fixes failing their own checks: {sum(r['offered_failing'] for r in ok)}; "
          f"fixes rejected by the checks: {sum(r['rejected'] for r in ok)}")
    if spd:
        print(f"prompt-lookup speed-up on model fixes: {spd[0]:.2f}x median decode speed ({spd[1]} fixes)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rules-only", action="store_true", help="no model: the rules alone")
    ap.add_argument("--no-speedup", action="store_true", help="skip the drafting comparison")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--only", default=None, help="run the cases whose id matches this regex")
    ap.add_argument("--model-if-needed", action="store_true",
                    help="ask the model only where the rules offer no fix (same top fixes, faster)")
    ap.add_argument("--corpus", choices=("main", "heldout"), default="main",
                    help="heldout: the cases of bench/fix_cases_heldout.py, written apart from the rules")
    args = ap.parse_args()
    engine = None
    if not args.rules_only:
        engine = get_engine(args.model, **({"n_threads": args.threads} if args.threads else {}))
        engine.complete("Warm up.", max_tokens=4)
    corpus = CASES
    if args.corpus == "heldout":
        from fix_cases_heldout import CASES as corpus
    cases = [c for c in corpus if args.only is None or re.search(args.only, c.id)]
    cases = cases[: args.limit] if args.limit else cases
    results = []
    for i, case in enumerate(cases, 1):
        if engine is not None:
            engine.reset()
        r = run(case, engine, use_model=not args.rules_only, model_if_needed=args.model_if_needed)
        results.append(r)
        print(f"[{i}/{len(cases)}] {case.id}: {'fixed' if r.get('fixed') else 'NOT fixed'} "
              f"({r.get('origin')}, rules {1000 * r.get('seconds_rules', 0):.0f} ms, "
              f"{r.get('seconds', 0):.1f} s)", flush=True)
        if args.out:
            Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    spd = None if engine is None or args.no_speedup else speedup(engine, results)
    print_table(results, "rules only" if args.rules_only else args.model, spd)
    if engine is not None:
        engine.close()


if __name__ == "__main__":
    main()
