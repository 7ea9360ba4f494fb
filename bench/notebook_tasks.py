"""Notebook data tasks: models side by side on the ``spark_nb.generate`` loop, four splits.

    python bench/notebook_tasks.py [--split dev|heldout|traps|checklist|all] [--models A,B]
                                   [--modes single,loop,k4,k8] [--limit N] [--threads T]
    python bench/notebook_tasks.py --verify [--split ...]      # check the checks, no model

Splits: dev (the 32 tasks below, which the loop is developed on), heldout (30 tasks in
``notebook_tasks_heldout.py``, never tuned on; their requests are not printed) and traps
(24 tasks in ``notebook_tasks_traps.py`` whose obvious answer runs and is wrong, such as
``sales.groupby("region").sum()`` for one column's totals) and checklist (42 held-out
tasks in ``notebook_tasks_checklist.py`` whose requests state several requirements at
once, each task with its hand-written list of them). Each task is a small
deterministic namespace (pandas, numpy), a request in English or Japanese that names the
variable for its result, and a check of the namespace after the code ran (the variable
holds the right values, a figure has N bars with these heights...).

Modes: single is one answer with the kernel context and no checks (``rounds=0,
check=False, candidates=1``); loop is ``spark_nb.generate`` with one candidate and its
other defaults (checks, dry run, repairs); k4 and k8 are the loop with 4 or 8 candidates
a round (one greedy, the others sampled, decoded in one batch, the passing ones grouped
by what their dry run produced, the largest group chosen). loop-nolist and k4-nolist are
loop and k4 without the request's checklist (``checklist=False``: the requirements its
words state are not read, so only the other checks judge an answer). The engine is reset before
every request, so single's answer and loop's first answer are the same text. For the
k-modes the greedy candidate of the first round is scored too, the same sandboxed way
as the chosen code, so one run shows what choosing among candidates changed: the table
counts the tasks where the chosen code is right and the greedy one wrong (c+g-) and the
reverse (c-g+), the greedy candidate's own pass count, the mean share of candidates that
agreed with the chosen one (agree / total, over the tasks where any passed) and the
tasks where no group held a majority (ambig).

Scoring: the final code runs in the dry-run sandbox (``run_sandboxed``: a forked,
contained copy of the process, matplotlib Agg) against a fresh copy of the task's
namespace, and the task's check scores it there, as the sandbox's probe: the code never
runs in the benchmark's own process, and its writes go to a scratch folder that is
thrown away. Everything runs with a temporary folder as the current folder.

Each model runs in a child process of its own (this script with ``--child MODEL``; it
prints its per-task results as one JSON line), so the memory reported is that model's
alone. One table, a row per split, model and mode: passed n/N, passes in English and
Japanese, median and 90th-percentile seconds per request (wall time of one
``spark_nb.generate`` call; loading the model is not in it; scoring the greedy candidate
is not in it either), mean repair rounds, decode speed (the tokens each model call
generated after its first, over that call's decode seconds, from the engine's timings,
summed over every call of every request; a batch counts every sequence's tokens, so
this is the batch's aggregate speed), seconds to load the model (the first use of an
embedded pack also assembles it), the child's peak resident memory in GB (``ru_maxrss``
at its end; the sandbox's forks are not in it), then the k-mode columns above ("-" for
single and loop).

``--verify`` runs, for every task, its reference answer (must pass), its ``wrong``
answer where it has one (a plausible mistake: must fail) and an empty answer (must fail)
through the same sandboxed check, and exits non-zero if any does otherwise.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # the held-out split is imported from bench/: no __pycache__ there

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import spark_nb  # noqa: E402
from notebook_task import Task  # noqa: E402
from spark_nb.assist.sandbox import run_sandboxed  # noqa: E402
from spark_nb.engine import get_engine  # noqa: E402

RUN_TIMEOUT = 20
MODELS = "qwen2.5-coder-0.5b,qwen2.5-coder-1.5b"
MODES = ("single", "loop-nolist", "loop", "k4-nolist", "k4", "k8")
CANDIDATES = {"single": 1, "loop-nolist": 1, "loop": 1, "k4-nolist": 4, "k4": 4, "k8": 8}


def sales() -> dict:
    return {"pd": pd, "np": np, "sales": pd.DataFrame({
        "region": ["east", "west", "east", "north", "west", "east", "north", "west"],
        "product": ["a", "b", "b", "a", "a", "c", "c", "b"],
        "units": [3, 5, 2, 7, 1, 4, 6, 2],
        "price": [10.0, 12.5, 12.5, 10.0, 10.0, 8.0, 8.0, 12.5]})}


def scores() -> dict:
    return {"pd": pd, "np": np, "scores": pd.DataFrame({
        "name": ["Aki", "Ben", "Chie", "Dan", "Emi", "Fumi"],
        "math": [78, 92, np.nan, 65, 88, 71],
        "english": [85, 74, 90, 58, 93, 80]})}


def arrays() -> dict:
    return {"np": np, "x": np.arange(1, 11), "m": np.arange(12).reshape(3, 4)}


def temps() -> dict:
    days = pd.date_range("2024-01-01", periods=14, freq="D")
    return {"pd": pd, "np": np, "temps": pd.DataFrame(
        {"date": days, "temp": [5, 7, 6, 8, 10, 9, 11, 12, 10, 13, 14, 12, 15, 16]})}


def _revenue(ns):
    s = ns["sales"]
    return (s["units"] * s["price"]).groupby(s["region"]).sum()


def _num(ns, name, value, tol=1e-6):
    return name in ns and abs(float(ns[name]) - value) <= tol * max(1, abs(value))


def _bars(n):
    def check(ns):
        figs = [plt.figure(k) for k in plt.get_fignums()]
        bars = [p for f in figs for ax in f.axes for c in ax.containers for p in c]
        return len(bars) == n
    return check


def _lines(ns):
    return any(ax.lines for k in plt.get_fignums() for ax in plt.figure(k).axes)


def _series_eq(ns, name, expected):
    got = ns.get(name)
    if isinstance(got, pd.DataFrame) and got.shape[1] == 1:
        got = got.iloc[:, 0]
    return isinstance(got, pd.Series) and np.allclose(got.sort_index().values.astype(float),
                                                      expected.sort_index().values.astype(float))


S, SC, A, T = sales, scores, arrays, temps
PLT = "import matplotlib.pyplot as plt\n"
TASKS = [
    Task("en", S, "Compute the total number of units sold and store it in `total_units`.",
         lambda ns: _num(ns, "total_units", 30),
         reference="total_units = int(sales['units'].sum())"),
    Task("en", S, "Add a column `revenue` to `sales` equal to units times price.",
         lambda ns: np.allclose(ns["sales"]["revenue"], [30, 62.5, 25, 70, 10, 32, 48, 25]),
         reference="sales['revenue'] = sales['units'] * sales['price']"),
    Task("en", S, "Make a Series `by_region` with the total units per region.",
         lambda ns: _series_eq(ns, "by_region", pd.Series({"east": 9, "north": 13, "west": 8})),
         reference="by_region = sales.groupby('region')['units'].sum()"),
    Task("en", S, "Store in `top_region` the name of the region with the most units sold.",
         lambda ns: ns.get("top_region") == "north",
         reference="top_region = sales.groupby('region')['units'].sum().idxmax()"),
    Task("en", S, "Plot a bar chart of total units per product.", _bars(3),
         reference=PLT + "sales.groupby('product')['units'].sum().plot(kind='bar')"),
    Task("en", S, "Create `west` containing only the rows of `sales` where region is west.",
         lambda ns: len(ns["west"]) == 3 and set(ns["west"]["region"]) == {"west"},
         reference="west = sales[sales['region'] == 'west']"),
    Task("en", S, "Count how many rows have price above 9 and store it in `n_expensive`.",
         lambda ns: _num(ns, "n_expensive", 6),  # 10, 12.5, 12.5, 10, 10, 12.5
         reference="n_expensive = int((sales['price'] > 9).sum())"),
    Task("en", SC, "Fill the missing math score with the mean of the math column, in place in `scores`.",
         lambda ns: abs(ns["scores"]["math"].iloc[2] - 78.8) < 1e-6 and ns["scores"]["math"].notna().all(),
         reference="scores['math'] = scores['math'].fillna(scores['math'].mean())"),
    Task("en", SC, "Add a column `total` to `scores` with math plus english, treating missing as 0.",
         lambda ns: list(ns["scores"]["total"]) == [163, 166, 90, 123, 181, 151],
         reference="scores['total'] = scores['math'].fillna(0) + scores['english']"),
    Task("en", SC, "Store the name of the student with the highest english score in `best`.",
         lambda ns: ns.get("best") == "Emi",
         reference="best = scores.loc[scores['english'].idxmax(), 'name']"),
    Task("en", SC, "Make `ranked`, a copy of `scores` sorted by english from high to low.",
         lambda ns: list(ns["ranked"]["name"]) == ["Emi", "Chie", "Aki", "Fumi", "Ben", "Dan"],
         reference="ranked = scores.sort_values('english', ascending=False)"),
    Task("en", SC, "Draw a bar chart of the english scores by name.", _bars(6),
         reference=PLT + "plt.bar(scores['name'], scores['english'])"),
    Task("en", A, "Compute the mean of the squares of `x` and store it in `msq`.",
         lambda ns: _num(ns, "msq", 38.5),
         reference="msq = float(np.mean(x ** 2))"),
    Task("en", A, "Store the column sums of the matrix `m` in `col_sums` as a numpy array.",
         lambda ns: np.array_equal(ns["col_sums"], [12, 15, 18, 21]),
         reference="col_sums = m.sum(axis=0)"),
    Task("en", A, "Make `evens`, an array of the even values of `x`.",
         lambda ns: np.array_equal(ns["evens"], [2, 4, 6, 8, 10]),
         reference="evens = x[x % 2 == 0]"),
    Task("en", T, "Add a column `rolling` to `temps` with the 3-day rolling mean of temp.",
         lambda ns: abs(ns["temps"]["rolling"].iloc[2] - 6) < 1e-9 and ns["temps"]["rolling"].isna().sum() == 2,
         reference="temps['rolling'] = temps['temp'].rolling(3).mean()"),
    Task("en", T, "Plot temp against date as a line chart.", _lines,
         reference=PLT + "plt.plot(temps['date'], temps['temp'])"),
    Task("en", T, "Store the mean temperature of the second week (the last 7 rows) in `week2`.",
         lambda ns: _num(ns, "week2", 92 / 7),
         reference="week2 = temps['temp'].iloc[-7:].mean()"),
    Task("ja", S, "地域ごとの売上金額（units × price）の合計を Series `revenue_by_region` に入れてください。",
         lambda ns: _series_eq(ns, "revenue_by_region", _revenue(ns)),
         reference="revenue_by_region = (sales['units'] * sales['price']).groupby(sales['region']).sum()"),
    Task("ja", S, "商品ごとの販売数の棒グラフを描いてください。", _bars(3),
         reference=PLT + "sales.groupby('product')['units'].sum().plot.bar()"),
    Task("ja", S, "price の平均を `avg_price` に入れてください。",
         lambda ns: _num(ns, "avg_price", 10.4375),
         reference="avg_price = sales['price'].mean()"),
    Task("ja", S, "region が east の行の units の合計を `east_units` に入れてください。",
         lambda ns: _num(ns, "east_units", 9),
         reference="east_units = sales.loc[sales['region'] == 'east', 'units'].sum()"),
    Task("ja", S, "`sales` の商品の種類の数を `n_products` に入れてください。",
         lambda ns: _num(ns, "n_products", 3),
         reference="n_products = sales['product'].nunique()"),
    Task("ja", SC, "math の欠損値を 0 で埋めてください（`scores` を直接変更）。",
         lambda ns: ns["scores"]["math"].iloc[2] == 0 and ns["scores"]["math"].notna().all(),
         reference="scores['math'] = scores['math'].fillna(0)"),
    Task("ja", SC, "english が 80 点以上の生徒の名前のリストを `passed` に入れてください。",
         lambda ns: list(ns.get("passed", [])) == ["Aki", "Chie", "Emi", "Fumi"],
         reference="passed = scores.loc[scores['english'] >= 80, 'name'].tolist()"),
    Task("ja", SC, "english の平均点を `eng_mean` に入れてください。",
         lambda ns: _num(ns, "eng_mean", 80.0),
         reference="eng_mean = scores['english'].mean()"),
    Task("ja", SC, "名前ごとの english の点数を棒グラフにしてください。", _bars(6),
         reference=PLT + "plt.bar(scores['name'], scores['english'])"),
    Task("ja", A, "`x` の合計を `total` に入れてください。", lambda ns: _num(ns, "total", 55),
         reference="total = int(x.sum())"),
    Task("ja", A, "行列 `m` の各行の最大値を配列 `row_max` に入れてください。",
         lambda ns: np.array_equal(ns["row_max"], [3, 7, 11]),
         reference="row_max = m.max(axis=1)"),
    Task("ja", T, "`temps` の temp の最高気温を `max_temp` に入れてください。",
         lambda ns: _num(ns, "max_temp", 16),
         reference="max_temp = temps['temp'].max()"),
    Task("ja", T, "日付と気温の折れ線グラフを描いてください。", _lines,
         reference=PLT + "plt.plot(temps['date'], temps['temp'])"),
    Task("ja", T, "temp が 10 以上の日数を `warm_days` に入れてください。",
         lambda ns: _num(ns, "warm_days", 9),
         reference="warm_days = int((temps['temp'] >= 10).sum())"),
]


def load_splits(name: str) -> dict[str, list[Task]]:
    """The tasks of ``name`` (dev, heldout, traps, checklist or all), by split."""
    splits = {}
    if name in ("dev", "all"):
        splits["dev"] = TASKS
    if name in ("heldout", "all"):
        from notebook_tasks_heldout import TASKS as heldout

        splits["heldout"] = heldout
    if name in ("traps", "all"):
        from notebook_tasks_traps import TASKS as traps

        splits["traps"] = traps
    if name in ("checklist", "all"):
        from notebook_tasks_checklist import TASKS as checklist

        splits["checklist"] = checklist
    return splits


def score(task: Task, code: str) -> tuple[bool, str]:
    """Run ``code`` in the sandbox on a fresh copy of the task's namespace; the task's
    check runs in the sandbox too, after the code. Passed: the code ran without an
    error, a refusal or a timeout, and the check said yes. The text says why not."""
    plt.close("all")  # the check counts the figures the code drew, and no others
    outcome = run_sandboxed(code, task.setup(), timeout=RUN_TIMEOUT, source_is_python=True,
                            probe=lambda ns: bool(task.check(ns)))
    if not outcome.passed:
        return False, f"{outcome.status}: {outcome.error_type} {outcome.message or outcome.reason}".strip()
    if outcome.probe is not True:
        return False, outcome.details.get("probe_error") or "the check said no"
    return True, ""


def run_and_check(task: Task, code: str) -> bool:
    """Whether ``code`` passes the task's check in the sandbox (see :func:`score`)."""
    return score(task, code)[0]


@contextlib.contextmanager
def scratch_folder():
    """A temporary current folder, so that no file a check writes lands here."""
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="spark-nb-tasks-") as folder:
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(old)


def verify(splits: dict[str, list[Task]]) -> int:
    """Reference answers pass, wrong and empty answers fail; 0 if all do, else 1."""
    problems = []
    print(f"{'split':8} {'tasks':>5} {'references pass':>16} {'wrong fail':>11} {'empty fail':>11}")
    with scratch_folder():
        for split, tasks in splits.items():
            good = wrong = empty = n_wrong = 0
            for i, task in enumerate(tasks, 1):
                ok, why = score(task, task.reference) if task.reference.strip() else (False, "no reference")
                good += ok
                if not ok:
                    problems.append(f"{split} #{i}: the reference fails ({why})")
                if task.wrong.strip():
                    n_wrong += 1
                    if score(task, task.wrong)[0]:
                        problems.append(f"{split} #{i}: the wrong answer passes")
                    else:
                        wrong += 1
                if score(task, "pass")[0]:
                    problems.append(f"{split} #{i}: an empty answer passes")
                else:
                    empty += 1
            print(f"{split:8} {len(tasks):>5} {f'{good}/{len(tasks)}':>16} "
                  f"{f'{wrong}/{n_wrong}' if n_wrong else '-':>11} {f'{empty}/{len(tasks)}':>11}")
    for p in problems:
        print(p)
    print("all checks verified" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


class _Recorded:
    """The engine, keeping every stream a request starts (single and batched), so that
    their timings can be read."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.streams: list = []

    def stream(self, *args: Any, **kwargs: Any):
        stream = self.engine.stream(*args, **kwargs)
        self.streams.append(stream)
        return stream

    def stream_batch(self, *args: Any, **kwargs: Any):
        stream = self.engine.stream_batch(*args, **kwargs)
        self.streams.append(stream)
        return stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def _decoded_after_first(call: Any) -> int:
    """Tokens a call generated after its first (each sequence's first, for a batch): the
    engine times decoding from the first token on, so that token is not counted."""
    sequences = getattr(call, "completions", None) or [call]
    return sum(max(c.usage.completion_tokens - 1, 0) for c in sequences)


def attempt(task: Task, engine: _Recorded, mode: str) -> dict:
    """One mode on one task: whether the check passed, seconds, rounds and tokens; for
    the k-modes also whether the first round's greedy candidate passed, and the agreement."""
    options = {"rounds": 0, "check": False} if mode == "single" else {}
    if mode.endswith("-nolist"):
        options["checklist"] = False
    engine.reset()  # every request starts cold, so single's answer is loop's first answer
    engine.streams.clear()
    started = time.perf_counter()
    g = spark_nb.generate(task.request, namespace=task.setup(), engine=engine,
                          candidates=CANDIDATES[mode], **options)
    seconds = time.perf_counter() - started
    calls = [s.result for s in engine.streams if s.result is not None]
    passed = run_and_check(task, g.code)
    r = {"lang": task.lang, "passed": passed, "seconds": seconds,
         "rounds": g.rounds, "tokens": g.completion_tokens, "status": g.status,
         "decode_tokens": sum(_decoded_after_first(c) for c in calls),
         "decode_s": sum(c.timings.decode_seconds for c in calls)}
    if CANDIDATES[mode] > 1:
        greedy = [a for a in g.candidates if a.round == 0 and a.index == 0]
        # the same code scores the same: only a different greedy answer is run again
        r["greedy_passed"] = bool(greedy) and (passed if greedy[0].code == g.code
                                               else run_and_check(task, greedy[0].code))
        c = g.consensus
        r.update(agree=c.agree() if c is not None else 0, passing=c.passing if c is not None else 0,
                 total=c.total if c is not None else g.k, ambiguous=bool(c is not None and c.ambiguous))
    return r


def child(model: str, splits: dict[str, list[Task]], modes: list[str], threads: int | None) -> dict:
    """Every task of ``splits`` in every mode on ``model``, loaded once in this process."""
    started = time.perf_counter()
    engine = get_engine(model, **({"n_threads": threads} if threads else {}))
    load = time.perf_counter() - started
    engine.complete("Warm up.", max_tokens=4)
    recorded = _Recorded(engine)
    results: dict[str, dict[str, list[dict]]] = {}
    for split, tasks in splits.items():
        results[split] = {mode: [] for mode in modes}
        for i, task in enumerate(tasks, 1):
            line = []
            for mode in modes:
                r = attempt(task, recorded, mode)
                results[split][mode].append(r)
                line.append(f"{mode} {'pass' if r['passed'] else 'FAIL'} {r['seconds']:.1f}s"
                            + (f" rounds {r['rounds']}" if mode != "single" else "")
                            + (f" agree {r['agree']}/{r['total']}{' ambiguous' if r['ambiguous'] else ''}"
                               f" greedy {'pass' if r['greedy_passed'] else 'FAIL'}"
                               if "greedy_passed" in r else ""))
            what = f": {task.request[:50]}" if split == "dev" else ""  # held-out requests stay unread
            print(f"[{model} {split} {i}/{len(tasks)}] {task.lang} {', '.join(line)}{what}",
                  file=sys.stderr, flush=True)
    engine.close()
    return {"model": model, "load_s": load, "results": results,
            "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def run_child(model: str, args: argparse.Namespace) -> dict:
    """Run one model's tasks in a fresh process; its stdout's last line is its result."""
    cmd = [sys.executable, os.path.abspath(__file__), "--child", model, "--split", args.split,
           "--modes", args.modes]
    cmd += ["--limit", str(args.limit)] if args.limit else []
    cmd += ["--threads", str(args.threads)] if args.threads else []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with scratch_folder() as folder:
        proc = subprocess.run(cmd, cwd=folder, env=env, stdout=subprocess.PIPE, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"model": model, "error": f"the child process exited with status {proc.returncode} "
                                         "and printed no result"}


def row(split: str, model: str, mode: str, results: list[dict], run: dict) -> str:
    n, ok = len(results), sum(r["passed"] for r in results)
    langs = []
    for lang in ("en", "ja"):
        sub = [r for r in results if r["lang"] == lang]
        langs.append(f"{sum(r['passed'] for r in sub)}/{len(sub)}" if sub else "-")
    secs = [r["seconds"] for r in results]
    decode_s = sum(r["decode_s"] for r in results)
    speed = sum(r["decode_tokens"] for r in results) / decode_s if decode_s > 0 else 0.0
    rounds = sum(r["rounds"] for r in results) / n
    peak = run["peak_kib"] * 1024 / 1e9
    return (f"{split:8} {model:20} {mode:11} {f'{ok}/{n} {100 * ok / n:.0f}%':>11} {langs[0]:>6} "
            f"{langs[1]:>6} {statistics.median(secs):>8.2f} {float(np.percentile(secs, 90)):>7.2f} "
            f"{rounds:>6.2f} {speed:>9.1f} {run['load_s']:>6.1f} {peak:>7.2f} {_k_columns(results)}")


def _k_columns(results: list[dict]) -> str:
    """c+g-, c-g+, the greedy candidate's passes, mean agreement and ambiguous count ("-" with one candidate)."""
    if not results or "greedy_passed" not in results[0]:
        return f"{'-':>5} {'-':>5} {'-':>8} {'-':>6} {'-':>5}"
    n = len(results)
    gained = sum(r["passed"] and not r["greedy_passed"] for r in results)
    lost = sum(r["greedy_passed"] and not r["passed"] for r in results)
    greedy = sum(r["greedy_passed"] for r in results)
    shares = [r["agree"] / r["total"] for r in results if r["passing"]]
    agree = f"{100 * sum(shares) / len(shares):.0f}%" if shares else "-"
    ambiguous = sum(r["ambiguous"] for r in results)
    return f"{gained:>5} {lost:>5} {f'{greedy}/{n}':>8} {agree:>6} {ambiguous:>5}"


def table(runs: list[dict], splits: dict[str, list[Task]], modes: list[str], threads: int | None) -> str:
    sizes = ", ".join(f"{name} {len(tasks)}" for name, tasks in splits.items())
    cpus = f"{threads} threads" if threads else f"default threads ({os.cpu_count()} CPUs)"
    lines = [f"Notebook tasks ({sizes} tasks), {cpus}",
             f"{'split':8} {'model':20} {'mode':11} {'passed':>11} {'en':>6} {'ja':>6} "
             f"{'median s':>8} {'p90 s':>7} {'rounds':>6} {'dec tok/s':>9} {'load s':>6} {'peak GB':>7} "
             f"{'c+g-':>5} {'c-g+':>5} {'greedy':>8} {'agree':>6} {'ambig':>5}"]
    for split in splits:
        for run in runs:
            if "error" in run:
                lines.append(f"{split:8} {run['model']:20} error: {run['error']}")
                continue
            for mode in modes:
                lines.append(row(split, run["model"], mode, run["results"][split][mode], run))
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout", "traps", "checklist", "all"), default="all")
    ap.add_argument("--models", default=MODELS, help=f"comma-separated (default: {MODELS})")
    ap.add_argument("--modes", default="loop", help=f"comma-separated, of {', '.join(MODES)}")
    ap.add_argument("--limit", type=int, default=None, help="only the first N tasks of each split")
    ap.add_argument("--threads", type=int, default=None, help="decode threads (default: all CPUs)")
    ap.add_argument("--verify", action="store_true", help="check the checks on reference answers; no model")
    ap.add_argument("--child", metavar="MODEL", help=argparse.SUPPRESS)
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes) or len(set(modes)) != len(modes):
        ap.error(f"--modes takes {', '.join(MODES)}, comma-separated, not {args.modes!r}")
    args.modes = ",".join(m for m in MODES if m in modes)
    if not [m for m in args.models.split(",") if m.strip()]:
        ap.error("--models needs at least one model name")
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be 1 or more")
    return args


def main() -> None:
    args = parse_args()
    splits = load_splits(args.split)
    if args.limit:
        splits = {name: tasks[: args.limit] for name, tasks in splits.items()}
    modes = args.modes.split(",")
    if args.verify:
        sys.exit(verify(splits))
    if args.child:
        result_fd = os.dup(1)
        os.dup2(2, 1)  # whatever a library prints goes to stderr; stdout carries only the result
        try:
            with scratch_folder():
                result = child(args.child, splits, modes, args.threads)
        except Exception as exc:  # noqa: BLE001 - the parent shows it on the model's row
            result = {"model": args.child, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.flush()
        os.write(result_fd, (json.dumps(result) + "\n").encode())
        return
    runs = [run_child(m.strip(), args) for m in args.models.split(",") if m.strip()]
    print()
    print(table(runs, splits, modes, args.threads))


if __name__ == "__main__":
    main()
