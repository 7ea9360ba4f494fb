"""Error fixes on a corpus of failing notebook cells: rules, model, checks, speed.

    python bench/fixes.py [--model qwen2.5-coder-0.5b] [--corpus main|heldout|both]
                          [--limit N] [--only REGEX] [--rules-only]
                          [--model-always | --model-if-needed] [--summary-model NAME]
                          [--no-speedup] [--threads N] [--candidates 1,4] [--out results.json]
    python bench/fixes.py --models qwen2.5-coder-0.5b,qwen2.5-coder-1.5b --corpus both ...
    python bench/fixes.py --lazy                      # no model: the hand-written lazy fixes

The corpora are ``bench/fix_cases.py`` (``main``: 83 cells weighted like the errors of
public notebooks, with traps where a lazy fix would hide the bug) and
``bench/fix_cases_heldout.py`` (``heldout``: 30 cells written apart from the rules);
``both`` runs one after the other (``--limit`` and ``--only`` apply to each). For each
case the failing cell runs in a fresh namespace and temporary folder,
``spark_nb.assist.diagnose.diagnose`` gets the cell, the live exception, the namespace,
the cells run before and the notebook's cells below; then the best offered fix is judged:

- a code fix runs in a fresh copy of the case, in the dry-run sandbox (never in this
  process), and the case's check, run there after it, must pass (the variables the cell
  was meant to produce, with their values); install fixes are judged on their source;
- for out-of-order cases, advice must name the cell to run first.

The model is asked on every case (``--model-always``, the default), or only where the
rules offer no fix (``--model-if-needed``: the top fixes are the same, since rule fixes
and advice rank above the model's). ``--summary-model`` loads a second engine and passes
it to ``diagnose`` as ``summary_engine=`` where ``diagnose`` accepts that argument.

A case counts as fixed when the top offered fix is right. Without ``--models``, one table
per corpus: success by error type and by the origin of the top fix, p50/p95 latency of rule
fixes and of model fixes, the time from calling ``diagnose`` to the first streamed model
text (and to the one-line summary, when one comes), the decode speed of the model's
answers, the prompt-lookup speed-up on model fixes (each model fix's request generated
again without drafting, same engine state), and whether any offered fix failed its own
checks (it must not happen), and how many rejected fixes would have hidden the error
(``lazy caught``: the effects check found a new try/except around it, the failing line
deleted, or a name the cell assigns no longer assigned).

``--lazy`` judges, with no model and nothing run, the lazy fix each trap case carries (a
fix a hurried person would write: a try/except, a fill with 0, ``errors="coerce"``, a
cast that hides the cause) by the same ``effects`` check the fixes go through, and prints
how many of them the check rejects on each corpus. The rest of those lazy fixes run and
leave wrong values, which only the case's own check (the benchmark's) can tell.

With ``--models a,b`` each model runs in a child process of its own (this script again,
with the same options), so the peak resident memory each reports (``ru_maxrss`` at the
end of the child, in 10^9 bytes) is that model's; the parent prints one comparison
table with a row per model and corpus. ``--out`` writes the per-case results as JSON;
nothing is written into the checkout (cases and results go to temporary folders; a
model pack is assembled into the user cache on its first use).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the checkout for the corpus or the package
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fix_cases import CASES, Case, category, failing_state, run_case_cell  # noqa: E402

from spark_nb.assist import diagnose as diagnose_module  # noqa: E402
from spark_nb.engine import get_engine  # noqa: E402
from spark_nb.engine.registry import resolve  # noqa: E402
from spark_nb.context.builder import build_context  # noqa: E402
from spark_nb.context.tracebacks import describe  # noqa: E402

CORPORA = ("main", "heldout")


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


def takes_summary_engine() -> bool:
    return "summary_engine" in inspect.signature(diagnose_module.diagnose).parameters


class Recorder:
    """An engine that keeps each stream it starts, to read the answers' timings after."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self.streams: list = []

    def stream(self, messages, **options):
        stream = self._engine.stream(messages, **options)
        self.streams.append(stream)
        return stream

    def complete(self, messages, **options):
        return self.stream(messages, **options).wait()

    def __getattr__(self, name: str):
        return getattr(self._engine, name)

    def answers(self) -> list[dict]:
        done = [s.result for s in self.streams if s.done and s.result is not None]
        return [{"completion_tokens": c.usage.completion_tokens, "prompt_tokens": c.usage.prompt_tokens,
                 "decode_seconds": c.timings.decode_seconds, "total_seconds": c.timings.total_seconds}
                for c in done]


def run(case: Case, engine, use_model: bool, model_if_needed: bool = False,
        summary_engine=None, candidates: int | None = None) -> dict:
    workdir = tempfile.mkdtemp(prefix="fixbench-")
    old = os.getcwd()
    recorder = Recorder(engine) if engine is not None else None
    firsts: dict[str, float] = {}  # event kind -> seconds from calling diagnose to its first one
    summaries: list[str] = []
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
            # the clock for first text starts at the call that asks the model, as one
            # call does in the notebook; a rules-only pass before it is not counted
            started = time.perf_counter()

            def on_event(kind: str, data) -> None:
                firsts.setdefault(kind, time.perf_counter() - started)
                if kind == "summary" and isinstance(data, str):
                    summaries.append(data)

            if summary_engine is not None and use_model:
                ask["summary_engine"] = summary_engine
            d = diagnose_module.diagnose(case.cell, exc, ns, engine=recorder, use_model=use_model,
                                         context=context, traceback_text=traceback_text,
                                         on_event=on_event, candidates=candidates, **ask)
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
        # fixes that would have hidden the error (try/except, a deleted line, a lost name)
        "lazy_caught": sum(1 for f in d.rejected if any(c.name == "effects" and c.failed for c in f.checks)),
        "offered_failing": sum(1 for f in d.fixes if not f.advice and f.status == "failed"),
        "offered_unverified": sum(1 for f in d.fixes if not f.advice and f.status in ("incomplete", "skipped")),
        "seconds_rules": d.seconds_rules, "seconds_checks": d.seconds_checks, "seconds_model": d.seconds_model, "seconds": seconds,
        "tokens": d.completion_tokens, "model_fix_seconds": model_fix.seconds if model_fix else None,
        "first_text_seconds": firsts.get("delta"), "first_summary_seconds": firsts.get("summary"),
        "first_event_seconds": firsts, "summary_text": summaries[0] if summaries else None,
        "answers": recorder.answers() if recorder is not None else [],
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


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def decode_speed(results: list[dict]) -> float:
    """Tokens after the first per decode second, over every answer the model streamed
    (as ``Completion.tokens_per_second``; drafting is on, as in the notebook)."""
    answers = [a for r in results for a in r.get("answers", ())]
    seconds = sum(a["decode_seconds"] for a in answers)
    tokens = sum(max(a["completion_tokens"] - 1, 0) for a in answers)
    return tokens / seconds if seconds > 0 else float("nan")


def timed(results: list[dict], key: str) -> list[float]:
    return [r[key] for r in results if r.get(key) is not None]


def print_table(results: list[dict], model: str, spd: tuple[float, int] | None,
                corpus: str = "main") -> None:
    ok = [r for r in results if "fixed" in r]
    n = len(ok)
    fixed = sum(r["fixed"] for r in ok)
    print(f"\nError fixes, {model}, {corpus} corpus, {n} failing cells")
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
    model_s = timed(ok, "model_fix_seconds")
    print(f"rules (finding fixes): p50 {pct(rules_ms, .5):.1f} ms, p95 {pct(rules_ms, .95):.1f} ms")
    print(f"rule fixes with their checks (dry run included): p50 {pct(checked_ms, .5):.0f} ms, "
          f"p95 {pct(checked_ms, .95):.0f} ms")
    if model_s:
        print(f"model fixes (explain + fix + checks): p50 {pct(model_s, .5):.1f} s, p95 {pct(model_s, .95):.1f} s")
    first_text, first_summary = timed(ok, "first_text_seconds"), timed(ok, "first_summary_seconds")
    if first_text:
        print(f"first model text after calling diagnose: median {median(first_text):.2f} s, "
              f"p90 {pct(first_text, .9):.2f} s ({len(first_text)} cases); decode "
              f"{decode_speed(ok):.1f} tokens/s")
    if first_summary:
        print(f"first summary after calling diagnose: median {median(first_summary):.2f} s, "
              f"p90 {pct(first_summary, .9):.2f} s ({len(first_summary)} cases)")
    print(f"offered fixes failing their own checks: {sum(r['offered_failing'] for r in ok)} "
          f"(offered with a skipped or incomplete dry run: {sum(r.get('offered_unverified', 0) for r in ok)}); "
          f"fixes rejected by the checks: {sum(r['rejected'] for r in ok)}, of them hiding the error "
          f"(effects: try/except, a deleted line, a lost name, a filled-in value, a changed kind): {sum(r.get('lazy_caught', 0) for r in ok)}")
    if spd:
        print(f"prompt-lookup speed-up on model fixes: {spd[0]:.2f}x median decode speed ({spd[1]} fixes)")


def select(corpus: str, only: str | None, limit: int | None) -> list[Case]:
    cases = CASES
    if corpus == "heldout":
        from fix_cases_heldout import CASES as cases
    cases = [c for c in cases if only is None or re.search(only, c.id)]
    return cases[:limit] if limit else cases


def load(model: str, threads: int | None) -> tuple[object, dict]:
    """The warmed-up engine, with the seconds spent preparing its file (a pack is
    assembled and verified on first use) and loading it."""
    t0 = time.perf_counter()
    resolve(model)
    t1 = time.perf_counter()
    engine = get_engine(model, **({"n_threads": threads} if threads else {}))
    t2 = time.perf_counter()
    engine.complete("Warm up.", max_tokens=4)
    return engine, {"prepare_seconds": t1 - t0, "load_seconds": t2 - t1}


def collect(args: argparse.Namespace, label: str = "") -> dict:
    """Run the chosen corpora on one model; the per-case results and what they cost."""
    use_model = not args.rules_only
    payload: dict = {"model": args.model if use_model else "rules only", "corpora": {}, "speedup": {},
                     "model_if_needed": args.model_if_needed, "summary_model": None}
    engine = summary_engine = None
    if use_model:
        payload["rss_before_load_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        engine, costs = load(args.model, args.threads)
        payload.update(costs)
        if args.summary_model and not takes_summary_engine():
            print(f"{label}diagnose() takes no summary_engine: --summary-model {args.summary_model} "
                  "is not used", flush=True)
        elif args.summary_model and args.summary_model != args.model:  # one model: one call, as in the hook
            summary_engine, costs = load(args.summary_model, args.threads)
            payload.update(summary_model=args.summary_model, summary_load_seconds=costs["load_seconds"])
    names = CORPORA if args.corpus == "both" else (args.corpus,)
    widths = args.candidates or [None]
    for name, width in [(n, w) for n in names for w in widths]:
        cases = select(name, args.only, args.limit)
        label_k = f"{name} k{width}" if width is not None else name
        results = payload["corpora"][label_k] = []
        for i, case in enumerate(cases, 1):
            for e in (engine, summary_engine):
                if e is not None:
                    e.reset()
            r = run(case, engine, use_model=use_model, model_if_needed=args.model_if_needed,
                    summary_engine=summary_engine, candidates=width)
            results.append(r)
            first = r.get("first_text_seconds")
            print(f"{label}[{i}/{len(cases)}] {label_k}/{case.id}: {'fixed' if r.get('fixed') else 'NOT fixed'} "
                  f"({r.get('origin')}, rules {1000 * r.get('seconds_rules', 0):.0f} ms, "
                  f"{r.get('seconds', 0):.1f} s" + (f", first text {first:.2f} s" if first is not None else "")
                  + ")", flush=True)
            if args.out and not args.child:
                write_out(args.out, payload["corpora"] if len(payload["corpora"]) > 1 else results)
        if engine is not None and not args.no_speedup:
            payload["speedup"][label_k] = speedup(engine, results)
    payload["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    for e in {id(e): e for e in (engine, summary_engine) if e is not None}.values():
        e.close()
    return payload


def write_out(path: str, data) -> None:
    Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str), encoding="utf-8")


def child_argv(args: argparse.Namespace, model: str, path: str) -> list[str]:
    """This run's options for one model, as a child process takes them."""
    argv = ["--model", model, "--corpus", args.corpus, "--child", path,
            "--model-if-needed" if args.model_if_needed else "--model-always"]
    for flag, value in (("--limit", args.limit), ("--only", args.only), ("--threads", args.threads),
                        ("--summary-model", args.summary_model),
                        ("--candidates", ",".join(map(str, args.candidates)) if args.candidates else None)):
        if value is not None:
            argv += [flag, str(value)]
    return argv + (["--no-speedup"] if args.no_speedup else [])


def compare(args: argparse.Namespace, models: list[str]) -> None:
    payloads: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fixbench-models-") as tmp:
        for i, model in enumerate(models):
            path = os.path.join(tmp, f"{i}.json")
            cmd = [sys.executable, "-B", str(Path(__file__).resolve()), *child_argv(args, model, path)]
            print(f"--- {model}", flush=True)
            rc = subprocess.run(cmd).returncode
            if rc == 0 and os.path.exists(path):
                payloads[model] = json.loads(Path(path).read_text(encoding="utf-8"))
            else:
                payloads[model] = {"model": model, "failed": f"the run exited with status {rc}"}
            if args.out:
                write_out(args.out, payloads)
    print_comparison(args, payloads)


def fmt(value: float, digits: int = 2) -> str:
    return "-" if value != value else f"{value:.{digits}f}"  # NaN: nothing to measure


def comparison_row(payload: dict, corpus: str, results: list[dict], summary: bool,
                   speed: bool) -> list[str]:
    ok = [r for r in results if "fixed" in r]
    fixed = sum(r["fixed"] for r in ok)
    ja = [r["fixed"] for r in ok if r["lang"] == "ja"]
    model_right = [r["model_right"] for r in ok if r["model_right"] is not None]
    fix_s = timed(ok, "model_fix_seconds")
    text_s, summary_s = timed(ok, "first_text_seconds"), timed(ok, "first_summary_seconds")
    spd = payload.get("speedup", {}).get(corpus)
    row = [payload["model"], corpus, str(len(results)), f"{fixed}/{len(ok)}",
           fmt(100 * fixed / len(ok) if ok else float("nan"), 1), f"{sum(ja)}/{len(ja)}",
           f"{len(model_right)}/{sum(model_right)}", fmt(median(fix_s), 1), fmt(pct(fix_s, .9), 1),
           fmt(decode_speed(ok), 1), fmt(median(text_s)), fmt(pct(text_s, .9)),
           str(sum(r.get("lazy_caught", 0) for r in ok))]
    if summary:
        row += [fmt(median(summary_s)), fmt(pct(summary_s, .9))]
    row += [fmt(payload.get("load_seconds", float("nan")), 1),
            fmt(payload.get("peak_rss_kib", float("nan")) * 1024 / 1e9)]
    return row + ([f"{fmt(spd[0])}x" if spd and spd[1] else "-"] if speed else [])


def print_comparison(args: argparse.Namespace, payloads: dict[str, dict]) -> None:
    ran = [p for p in payloads.values() if "failed" not in p]
    summary = any(r.get("first_summary_seconds") is not None
                  for p in ran for rs in p["corpora"].values() for r in rs)
    speed = any(p.get("speedup") for p in ran)
    head = ["model", "corpus", "cases", "fixed", "%", "ja fixed", "model offered/right",
            "fix p50 s", "fix p90 s", "decode tok/s", "text p50 s", "text p90 s", "lazy caught"]
    head += ["summary p50 s", "summary p90 s"] if summary else []
    head += ["load s", "peak GB"] + (["draft speed-up"] if speed else [])
    rows = [comparison_row(p, c, rs, summary, speed) for p in ran for c, rs in p["corpora"].items()]
    widths = [max([len(h), *(len(r[k]) for r in rows)]) for k, h in enumerate(head)]
    asked = "only where the rules offer no fix" if args.model_if_needed else "on every case"
    summaries = sorted({p["summary_model"] for p in ran if p.get("summary_model")})
    print(f"\nError fixes by model (the model asked {asked}"
          + (f"; summary model {', '.join(summaries)}" if summaries else "") + ")")
    for r in [head, *rows]:
        print("  ".join(c.ljust(w) if k < 2 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths))))
    for p in payloads.values():
        if "failed" in p:
            print(f"{p['model']}: {p['failed']}")
    print("fix: a model fix offered, from asking the model to its checks (explain + fix + checks); "
          "decode: tokens after the first per decode second of the model's answers;\ntext"
          + (" / summary" if summary else "") + ": from calling diagnose to the first streamed model text"
          + (" / the one-line summary" if summary else "") + "; load: loading the model; "
          "peak: the model's process, every corpus of the run (10^9 bytes)")


def lazy_table() -> None:
    """The trap cases' hand-written lazy fixes, judged by the effects check alone."""
    from spark_nb.assist.checks.effects import check_effects

    from fix_cases_heldout import CASES as heldout

    print("Hand-written lazy fixes of the trap cases, rejected by the effects check (no model)")
    print(f"{'corpus':8} {'lazy fixes':>10} {'caught':>7}  by what (the first problem of each)")
    for name, cases in (("main", CASES), ("heldout", heldout)):
        lazy = [c for c in cases if c.lazy]
        found = [check_effects(c.cell, c.lazy, None, c.error) for c in lazy]
        kinds = [problems[0][0] for problems in found if problems]
        caught = len(kinds)
        by = ", ".join(f"{k} {kinds.count(k)}" for k in sorted(set(kinds)))
        print(f"{name:8} {len(lazy):>10} {caught:>7}  {by}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--models", default=None,
                    help="comma-separated models, each run in a process of its own; one comparison table")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rules-only", action="store_true", help="no model: the rules alone")
    ap.add_argument("--no-speedup", action="store_true", help="skip the drafting comparison")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--candidates", default=None,
                    help="model fixes asked for at once, comma-separated to compare (e.g. 1,4): "
                         "each count runs the corpus again; default: the engine's own")
    ap.add_argument("--only", default=None, help="run the cases whose id matches this regex")
    asking = ap.add_mutually_exclusive_group()
    asking.add_argument("--model-always", dest="model_if_needed", action="store_false", default=False,
                        help="ask the model on every case (the default)")
    asking.add_argument("--model-if-needed", dest="model_if_needed", action="store_true",
                        help="ask the model only where the rules offer no fix (same top fixes, faster)")
    ap.add_argument("--summary-model", default=None,
                    help="a second, smaller model for the one-line summary (where diagnose takes one)")
    ap.add_argument("--corpus", choices=(*CORPORA, "both"), default="main",
                    help="heldout: the cases of bench/fix_cases_heldout.py, written apart from the rules")
    ap.add_argument("--lazy", action="store_true", help="no model: how many hand-written lazy fixes the effects check rejects")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)  # where a child writes its results
    args = ap.parse_args()
    if args.lazy:
        lazy_table()
        return
    if args.candidates is not None:
        try:
            args.candidates = [int(k) for k in args.candidates.split(",") if k.strip()]
        except ValueError:
            ap.error(f"--candidates takes whole numbers, comma-separated, not {args.candidates!r}")
        if not args.candidates or any(not 1 <= k <= 16 for k in args.candidates):
            ap.error("--candidates takes counts from 1 to 16")
    if args.models is not None:
        models = [m.strip() for m in args.models.split(",") if m.strip()]
        if not models:
            ap.error("--models needs at least one model name")
        if args.rules_only:
            ap.error("--rules-only compares no models; leave out --models")
        compare(args, models)
        return
    if args.child:
        payload = collect(args, label=f"{args.model} ")
        write_out(args.child, payload)
        return
    payload = collect(args)
    for name, results in payload["corpora"].items():
        print_table(results, payload["model"], payload["speedup"].get(name), name)
    if not args.rules_only:
        print(f"model load: {payload['load_seconds']:.1f} s; peak memory: "
              f"{payload['peak_rss_kib'] * 1024 / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
