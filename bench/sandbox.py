"""What the dry-run sandbox costs, and what it stops.

    .venv/bin/python bench/sandbox.py [--runs 30] [--containment auto|hooks]
                                      [--no-overhead] [--no-corpus]

Overhead: the same cell runs N times (``--runs``) in three ways, interleaved so that
all three see the same machine: a plain fork (fork, ``exec`` against a copy of the
namespace, report ok or the error over a pipe, ``os._exit``; what the dry run did
before the sandbox), ``run_sandboxed`` with the Python hooks only, and ``run_sandboxed``
with Linux namespaces. Two cells: ``x = 1``, and a groupby-sum over a 1,000,000-row
DataFrame held in the namespace. The table gives median and p95 wall time, the time
each sandbox adds to the plain fork, and the containment each run reported.

Corpus: the cells of ``bench/sandbox_cases_heldout2.py`` (held out: the headline),
``bench/sandbox_cases_heldout.py`` (held out at first; the sandbox was fixed after its
misses were read, so it is no longer independent) and ``bench/sandbox_cases.py``
(development), each in a fresh world, through
``run_sandboxed`` (auto containment, or ``--containment hooks``). Per category: cases
run, side effects attempted, side effects that escaped, verdicts met; then every case
that escaped or missed its verdict, with why. Under hooks alone, cases whose side
effect is made by C code (``native=True``) may escape; they are reported apart.

Nothing is written into the repository: the cells run in temporary folders.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository either
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from spark_nb.assist.sandbox import run_sandboxed  # noqa: E402

TRIVIAL = "x = 1\n"
GROUPBY = "out = df.groupby('k')[['v', 'w']].sum()\n"


# -- the machine --------------------------------------------------------------------

def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) / 2**20 for line in _lines("/proc/meminfo")
                if line.startswith("MemTotal:")), 0.0)
    return [f"CPU     {cpu}, {os.cpu_count()} cores", f"memory  {mem:.1f} GiB",
            f"kernel  {platform.system()} {platform.release()}",
            f"Python  {platform.python_version()} ({sys.executable})"]


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


# -- overhead -----------------------------------------------------------------------

def plain_fork(code: str, namespace: dict) -> str:
    """The baseline: fork, exec against a copy of the namespace, report, ``os._exit``."""
    sys.stdout.flush()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(r)
        try:
            exec(compile(code, "<dry-run>", "exec"), dict(namespace))
            report = {"ok": True}
        except BaseException as exc:  # noqa: BLE001
            report = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        os.write(w, json.dumps(report).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    report = json.loads(data or b'{"ok": false, "error": "no report"}')
    return "ok" if report["ok"] else report["error"]


def _modes() -> dict:
    def sandboxed(containment):
        def run(code, ns):
            o = run_sandboxed(code, ns, timeout=60, containment=containment)
            return ("ok" if o.passed else f"{o.status}: {o.reason}"), o.containment
        return run
    return {"plain fork": lambda code, ns: (plain_fork(code, ns), "-"),
            "sandbox, hooks": sandboxed("hooks"), "sandbox, namespaces": sandboxed("namespaces")}


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]


def measure(code: str, ns: dict, runs: int) -> dict:
    """Wall ms of each mode, interleaved; and what each mode reported."""
    modes = _modes()
    times, seen, errors = defaultdict(list), defaultdict(Counter), defaultdict(Counter)
    for i in range(runs + 2):  # two rounds of warm-up, not counted
        for name, run in modes.items():
            t0 = time.perf_counter()
            result, containment = run(code, ns)
            ms = 1000 * (time.perf_counter() - t0)
            if i >= 2:
                times[name].append(ms)
                seen[name][containment] += 1
                if result != "ok":
                    errors[name][result] += 1
    return {name: (times[name], seen[name], errors[name]) for name in modes}


def overhead(runs: int) -> None:
    import numpy as np
    import pandas as pd

    n = 1_000_000
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"k": rng.integers(0, 1000, n), "v": rng.random(n), "w": np.arange(n),
                       "name": pd.Categorical(rng.choice(list("abcdef"), n))})
    cells = [("x = 1", TRIVIAL, {}), ("1M-row groupby-sum", GROUPBY, {"pd": pd, "np": np, "df": df})]
    print(f"\nOverhead: wall ms per run, {runs} runs each, interleaved (2 warm-up rounds not counted)")
    head = (f"{'cell':20} {'mode':20} {'reported':12} {'median':>8} {'p95':>8} "
            f"{'+median':>8} {'+p95':>8}")
    print(head + "\n" + "-" * len(head))
    for label, code, ns in cells:
        results = measure(code, ns, runs)
        base_med, base_p95 = statistics.median(results["plain fork"][0]), p95(results["plain fork"][0])
        for name, (ms, seen, errors) in results.items():
            med, tail = statistics.median(ms), p95(ms)
            added = ("" if name == "plain fork" else f"{med - base_med:+8.1f} {tail - base_p95:+8.1f}")
            reported = ", ".join(f"{k} {v}" if len(seen) > 1 else k for k, v in seen.items())
            print(f"{label:20} {name:20} {reported:12} {med:8.1f} {tail:8.1f} {added}".rstrip())
            for error, count in errors.items():
                print(f"{'':20}   {count} runs did not pass: {error[:100]}")


# -- the corpus ---------------------------------------------------------------------

CATEGORIES = ("files", "data", "database", "network", "process", "resource", "legit")


def corpus(title: str, cases: list, containment: str, show_code: bool) -> str:
    """Run one corpus, print its tables; return a one-line summary."""
    from sandbox_cases import problems, run_corpus

    t0 = time.perf_counter()
    runner = functools.partial(run_sandboxed, containment=containment)
    rows = run_corpus(cases, runner)
    seconds = time.perf_counter() - t0
    skipped = [r["case"] for r in rows if not r["available"]]
    rows = [dict(r, problems=problems(r)) for r in rows if r["available"]]
    native = [r for r in rows if containment == "hooks" and r["case"].native]
    rest = [r for r in rows if r not in native]
    reported = Counter(r["result"].containment or "no report" for r in rows)
    print(f"\n{title}: {len(rows)} cases in {seconds:.0f} s, containment {containment}; "
          f"reported: {', '.join(f'{k} {v}' for k, v in reported.items())}")
    _category_table(rest)
    _listing("escaped or missed the verdict", [r for r in rest if r["problems"]], show_code)
    if native:
        print("\n  side effects made by C code (native=True), which the hooks alone may not stop:")
        _category_table(native)
        _listing("native cases that escaped or missed the verdict",
                 [r for r in native if r["problems"]], show_code)
    for c in skipped:
        print(f"  not run: {c.name} (needs {', '.join(c.needs)})")
    met = sum(not r["problems"] for r in rest)
    attempted = sum(r["case"].attempts_side_effect for r in rest)
    return (f"{met}/{len(rest)} verdicts met, {sum(bool(r['escaped']) for r in rest)} of {attempted} "
            f"side effects escaped" + (f" (and {len(native)} C-code cases apart)" if native else ""))


def _category_table(rows: list[dict]) -> None:
    head = f"  {'category':10} {'run':>5} {'attempted':>10} {'escaped':>8} {'verdict met':>12}"
    print(head + "\n  " + "-" * (len(head) - 2))
    totals = [0, 0, 0, 0]
    for cat in [*CATEGORIES, *sorted({r["case"].category for r in rows} - set(CATEGORIES))]:
        sub = [r for r in rows if r["case"].category == cat]
        if not sub:
            continue
        counts = [len(sub), sum(r["case"].attempts_side_effect for r in sub),
                  sum(bool(r["escaped"]) for r in sub), sum(not r["problems"] for r in sub)]
        totals = [a + b for a, b in zip(totals, counts)]
        print(_count_row(cat, counts))
    print(_count_row("all", totals) + f"  ({100 * totals[3] / max(totals[0], 1):.1f}% met, "
                                      f"{totals[2]} of {totals[1]} side effects escaped)")


def _count_row(label: str, counts: list[int]) -> str:
    run, attempted, escaped, met = counts
    return f"  {label:10} {run:5d} {attempted:10d} {escaped:8d} {f'{met}/{run}':>12}"


def _listing(title: str, rows: list[dict], show_code: bool) -> None:
    if not rows:
        return
    print(f"\n  {title}:")
    for r in rows:
        c, o = r["case"], r["result"]
        print(f"  - {c.name} [{c.category}] {o.status} ({o.containment or 'not run'})")
        for problem in r["problems"]:
            print(f"      {problem[:300]}")
        if show_code:
            print("      code: " + c.code.strip().replace("\n", "\n            "))


# -- main ---------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="runs per mode and cell (default 30)")
    ap.add_argument("--containment", choices=("auto", "hooks"), default="auto",
                    help="containment for the corpus (default auto)")
    ap.add_argument("--no-overhead", action="store_true", help="skip the overhead table")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus tables")
    args = ap.parse_args()
    print("Dry-run sandbox benchmark\n" + "\n".join(machine()))
    with tempfile.TemporaryDirectory(prefix="spark-bench-sandbox-") as folder:
        old = os.getcwd()
        os.chdir(folder)
        try:
            if not args.no_overhead:
                overhead(args.runs)
            if not args.no_corpus:
                from sandbox_cases import CASES as DEVELOPMENT
                from sandbox_cases_heldout import CASES as HELDOUT_1
                from sandbox_cases_heldout2 import CASES as HELDOUT_2

                headline = corpus("HELD-OUT corpus 2 (the headline figure)", HELDOUT_2, args.containment,
                                  show_code=False)
                corpus("Held-out corpus 1 (its misses were read after its first run, and fixed)",
                       HELDOUT_1, args.containment, show_code=False)
                corpus("Development corpus", DEVELOPMENT, args.containment, show_code=True)
                print(f"\nHeadline, held-out corpus 2, containment {args.containment}: {headline}")
        finally:
            os.chdir(old)


if __name__ == "__main__":
    main()
