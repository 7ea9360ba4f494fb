"""Notebook data tasks: single shot vs the check -> repair loop of ``spark_nb.generate``.

    python bench/notebook_tasks.py [--model qwen2.5-coder-0.5b] [--limit N] [--threads T]

Each task is a small deterministic namespace (pandas, numpy), a request (English or
Japanese) and a check on the namespace after the code ran (a named variable has the
right value, a figure has N bars...). Single shot: one answer with the kernel context,
no checks (``rounds=0, check=False``). Loop: ``spark_nb.generate`` with its defaults.
The final code of each mode runs in the dry-run sandbox (``run_sandboxed``: a forked,
contained copy of this process, matplotlib Agg) against a fresh copy of the task's
namespace, and the task's check scores it there, as the sandbox's probe: the code never
runs in this process, and its writes go to a scratch folder that is thrown away.
Everything runs with a temporary folder as the current folder. One table at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from dataclasses import dataclass
from typing import Any, Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import spark_nb  # noqa: E402
from spark_nb.assist.sandbox import run_sandboxed  # noqa: E402
from spark_nb.engine import get_engine  # noqa: E402

RUN_TIMEOUT = 20


@dataclass
class Task:
    lang: str
    setup: Callable[[], dict]
    request: str
    check: Callable[[dict], bool]


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
TASKS = [
    Task("en", S, "Compute the total number of units sold and store it in `total_units`.",
         lambda ns: _num(ns, "total_units", 30)),
    Task("en", S, "Add a column `revenue` to `sales` equal to units times price.",
         lambda ns: np.allclose(ns["sales"]["revenue"], [30, 62.5, 25, 70, 10, 32, 48, 25])),
    Task("en", S, "Make a Series `by_region` with the total units per region.",
         lambda ns: _series_eq(ns, "by_region", pd.Series({"east": 9, "north": 13, "west": 8}))),
    Task("en", S, "Store in `top_region` the name of the region with the most units sold.",
         lambda ns: ns.get("top_region") == "north"),
    Task("en", S, "Plot a bar chart of total units per product.", _bars(3)),
    Task("en", S, "Create `west` containing only the rows of `sales` where region is west.",
         lambda ns: len(ns["west"]) == 3 and set(ns["west"]["region"]) == {"west"}),
    Task("en", S, "Count how many rows have price above 9 and store it in `n_expensive`.",
         lambda ns: _num(ns, "n_expensive", 5)),
    Task("en", SC, "Fill the missing math score with the mean of the math column, in place in `scores`.",
         lambda ns: abs(ns["scores"]["math"].iloc[2] - 78.8) < 1e-6 and ns["scores"]["math"].notna().all()),
    Task("en", SC, "Add a column `total` to `scores` with math plus english, treating missing as 0.",
         lambda ns: list(ns["scores"]["total"]) == [163, 166, 90, 123, 181, 151]),
    Task("en", SC, "Store the name of the student with the highest english score in `best`.",
         lambda ns: ns.get("best") == "Emi"),
    Task("en", SC, "Make `ranked`, a copy of `scores` sorted by english from high to low.",
         lambda ns: list(ns["ranked"]["name"]) == ["Emi", "Chie", "Aki", "Fumi", "Ben", "Dan"]),
    Task("en", SC, "Draw a bar chart of the english scores by name.", _bars(6)),
    Task("en", A, "Compute the mean of the squares of `x` and store it in `msq`.",
         lambda ns: _num(ns, "msq", 38.5)),
    Task("en", A, "Store the column sums of the matrix `m` in `col_sums` as a numpy array.",
         lambda ns: np.array_equal(ns["col_sums"], [12, 15, 18, 21])),
    Task("en", A, "Make `evens`, an array of the even values of `x`.",
         lambda ns: np.array_equal(ns["evens"], [2, 4, 6, 8, 10])),
    Task("en", T, "Add a column `rolling` to `temps` with the 3-day rolling mean of temp.",
         lambda ns: abs(ns["temps"]["rolling"].iloc[2] - 6) < 1e-9 and ns["temps"]["rolling"].isna().sum() == 2),
    Task("en", T, "Plot temp against date as a line chart.", _lines),
    Task("en", T, "Store the mean temperature of the second week (the last 7 rows) in `week2`.",
         lambda ns: _num(ns, "week2", 92 / 7)),
    Task("ja", S, "地域ごとの売上金額（units × price）の合計を Series `revenue_by_region` に入れてください。",
         lambda ns: _series_eq(ns, "revenue_by_region", _revenue(ns))),
    Task("ja", S, "商品ごとの販売数の棒グラフを描いてください。", _bars(3)),
    Task("ja", S, "price の平均を `avg_price` に入れてください。",
         lambda ns: _num(ns, "avg_price", 10.4375)),
    Task("ja", S, "region が east の行の units の合計を `east_units` に入れてください。",
         lambda ns: _num(ns, "east_units", 9)),
    Task("ja", S, "`sales` の商品の種類の数を `n_products` に入れてください。",
         lambda ns: _num(ns, "n_products", 3)),
    Task("ja", SC, "math の欠損値を 0 で埋めてください（`scores` を直接変更）。",
         lambda ns: ns["scores"]["math"].iloc[2] == 0 and ns["scores"]["math"].notna().all()),
    Task("ja", SC, "english が 80 点以上の生徒の名前のリストを `passed` に入れてください。",
         lambda ns: list(ns.get("passed", [])) == ["Aki", "Chie", "Emi", "Fumi"]),
    Task("ja", SC, "english の平均点を `eng_mean` に入れてください。",
         lambda ns: _num(ns, "eng_mean", 80.0)),
    Task("ja", SC, "名前ごとの english の点数を棒グラフにしてください。", _bars(6)),
    Task("ja", A, "`x` の合計を `total` に入れてください。", lambda ns: _num(ns, "total", 55)),
    Task("ja", A, "行列 `m` の各行の最大値を配列 `row_max` に入れてください。",
         lambda ns: np.array_equal(ns["row_max"], [3, 7, 11])),
    Task("ja", T, "`temps` の temp の最高気温を `max_temp` に入れてください。",
         lambda ns: _num(ns, "max_temp", 16)),
    Task("ja", T, "日付と気温の折れ線グラフを描いてください。", _lines),
    Task("ja", T, "temp が 10 以上の日数を `warm_days` に入れてください。",
         lambda ns: _num(ns, "warm_days", 9)),
]


def run_and_check(task: Task, code: str) -> bool:
    """Run ``code`` in the sandbox on a fresh copy of the task's namespace; the task's
    check runs in the sandbox too, after the code. Passed: the code ran without an
    error, a refusal or a timeout, and the check said yes."""
    plt.close("all")  # the check counts the figures the code drew, and no others
    outcome = run_sandboxed(code, task.setup(), timeout=RUN_TIMEOUT, source_is_python=True,
                            probe=lambda ns: bool(task.check(ns)))
    return outcome.passed and outcome.probe is True


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


def attempt(task: Task, engine: Any, loop: bool) -> dict:
    """One mode on one task: tokens, seconds, and whether the check passed."""
    options = {} if loop else {"rounds": 0, "check": False}
    engine.reset()  # both modes start cold, so their first answers are the same text
    g = spark_nb.generate(task.request, namespace=task.setup(), engine=engine, **options)
    return {"passed": run_and_check(task, g.code), "tokens": g.completion_tokens,
            "seconds": g.seconds, "rounds": g.rounds}


def row(name: str, results: list[dict], tasks: list[Task]) -> str:
    n = len(results)
    ok = sum(r["passed"] for r in results)
    langs = []
    for lang in ("en", "ja"):
        sub = [r for r, t in zip(results, tasks) if t.lang == lang]
        langs.append(f"{sum(r['passed'] for r in sub)}/{len(sub)}" if sub else "-")
    tokens = sum(r["tokens"] for r in results) / n
    secs = sum(r["seconds"] for r in results) / n
    return f"{name:12} {f'{ok}/{n} {100 * ok / n:.0f}%':>12} {langs[0]:>6} {langs[1]:>6} {tokens:>8.1f} {secs:>8.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--limit", type=int, default=None, help="only the first N tasks")
    ap.add_argument("--threads", type=int, default=None, help="decode threads (default: all CPUs)")
    args = ap.parse_args()

    engine = get_engine(args.model, **({"n_threads": args.threads} if args.threads else {}))
    engine.complete("Warm up.", max_tokens=4)
    tasks = TASKS[: args.limit] if args.limit else TASKS
    single, loop = [], []
    with scratch_folder():  # the loop's own dry runs execute the code too
        for i, task in enumerate(tasks, 1):
            single.append(attempt(task, engine, loop=False))
            loop.append(attempt(task, engine, loop=True))
            print(f"[{i}/{len(tasks)}] {task.lang} single {'pass' if single[-1]['passed'] else 'FAIL'}, "
                  f"loop {'pass' if loop[-1]['passed'] else 'FAIL'} (rounds {loop[-1]['rounds']}): "
                  f"{task.request[:50]}", flush=True)
    print(f"\nNotebook tasks, {args.model}, {len(tasks)} tasks")
    print(f"{'mode':12} {'passed':>12} {'en':>6} {'ja':>6} {'tokens':>8} {'mean s':>8}")
    print(row("single shot", single, tasks))
    print(row("loop", loop, tasks))
    engine.close()


if __name__ == "__main__":
    main()
