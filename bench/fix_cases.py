"""Failing notebook cells, each with a check on the result, for a benchmark of error fixes.

    .venv/bin/python bench/fix_cases.py      # validate the corpus and print a table

Each ``Case`` is a tiny notebook: ``setup`` builds the data in a fresh namespace (inside a
fresh temporary folder, bound to ``WORKDIR``), the ``before`` cells ran in order, then the
failing ``cell`` raised ``error``. A proposed fix of the cell runs in a fresh copy of that
state (``run_case_cell``: the fix in the dry-run sandbox, never in this process) and
``check``, run there after it, says whether it produced the values the cell was meant to
produce. The checks compare exact expected values, so a fix that only makes the
error go away (a try/except, a deleted line, zeros where the mean was asked) fails them.
Where the fix cannot run here (a package to install), ``check_source`` judges the text.

Page order and ``advice_cell``
------------------------------
The notebook's cells, top to bottom, are ``before + [cell] + after``, numbered from 1: the
failing cell is page cell ``len(before) + 1``. ``before`` cells all ran, in page order;
``after`` cells were written but never run. ``advice_cell`` (out-of-order cases only) is the
page number of the cell the user must run, or run again, before the failing cell: a cell
below that defines the missing name, or an earlier cell whose definition a later ``del``
removed. The corpus checks that running that cell and then the failing cell works.

The mix of error types follows their shares in public notebooks (``TARGETS``); errors that
are not in that list count as "other". ``category`` maps a case to its row.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import io
import math
import numbers
import os
import re
import shutil
import signal
import sys
import tempfile
import textwrap
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from spark_nb.assist.sandbox import Outcome, run_sandboxed  # noqa: E402

TIME_LIMIT = 10  # seconds for setup + before, and for the cell


@dataclass
class Case:
    """One failing cell. See the module docstring for page order and ``advice_cell``."""

    id: str
    error: str
    setup: str
    before: list[str]
    cell: str
    after: list[str]
    check: Callable[[dict], bool] | None
    check_source: Callable[[str], bool] | None
    advice_cell: int | None
    reference: str
    lazy: str = ""
    lang: str = "en"
    note: str = ""
    data: bool = False  # the error comes from the data (text numbers, NaN, dates, headers)

    def __post_init__(self) -> None:
        # checks never raise: a missing variable or a wrong type is a failed check
        if self.check is not None:
            self.check = _safe(self.check)
        if self.check_source is not None:
            self.check_source = _safe(self.check_source)

    @property
    def page(self) -> list[str]:
        """All cells in page order."""
        return [*self.before, self.cell, *self.after]

    @property
    def out_of_order(self) -> bool:
        return self.advice_cell is not None


# ---------------------------------------------------------------------------- checks


def _safe(fn: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def wrapped(arg: Any) -> bool:
        try:
            return bool(fn(arg))
        except Exception:  # noqa: BLE001 - a check that cannot look is a failed check
            return False

    wrapped.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapped


def same(got: Any, want: Any) -> bool:
    """Deep equality; floats to 1e-9 relative; Series/arrays compare as lists or dicts."""
    if isinstance(want, dict) and isinstance(got, pd.Series):
        got = got.to_dict()
    if isinstance(got, (pd.Series, pd.Index, np.ndarray)):
        got = got.tolist()
    if isinstance(want, (bool, np.bool_)):
        return isinstance(got, (bool, np.bool_)) and bool(got) == bool(want)
    if isinstance(want, numbers.Number):
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, numbers.Number):
            return False
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(want, dict):
        return (isinstance(got, dict) and set(got) == set(want)
                and all(same(got[k], v) for k, v in want.items()))
    if isinstance(want, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(same(g, w) for g, w in zip(got, want)))
    return type(got) is type(want) and got == want


def has(name: str, want: Any) -> Callable[[dict], bool]:
    """The variable ``name`` equals ``want``."""
    return lambda ns: same(ns[name], want)


def col(frame: str, column: str, want: list) -> Callable[[dict], bool]:
    """Column ``column`` of the DataFrame ``frame`` holds ``want``, in order."""
    return lambda ns: same(ns[frame][column], want)


def all_of(*checks: Callable[[dict], bool]) -> Callable[[dict], bool]:
    return lambda ns: all(c(ns) for c in checks)


def _bars(ax: Any) -> list[float]:
    return [p.get_height() for c in ax.containers for p in c]


def _line_ys(ns: dict) -> list[list[float]]:
    return [list(line.get_ydata()) for fig in ns["__figures__"]
            for ax in fig.axes for line in ax.lines]


_INSTALL = re.compile(
    r"^\s*[%!]\s*(?:python3?\s+-m\s+)?(?:uv\s+)?(?:pip3?|conda|mamba)\s+install\b(.*)$")


def installs(packages: str, keep: str) -> Callable[[str], bool]:
    """The source installs one of ``packages`` (a regex of pip names) before ``keep``."""
    name = re.compile(rf"(?<![\w.-])(?:{packages})(?![\w.-])", re.I)

    def check(source: str) -> bool:
        lines = source.splitlines()
        at_install = next((i for i, line in enumerate(lines)
                           if (m := _INSTALL.match(line)) and name.search(m.group(1))), None)
        at_keep = next((i for i, line in enumerate(lines) if keep in line), None)
        return at_install is not None and at_keep is not None and at_install < at_keep

    return check


def _imports_seaborn_or_uses_matplotlib(source: str) -> bool:
    lines = source.splitlines()
    at_import = next((i for i, s in enumerate(lines)
                      if re.match(r"\s*import\s+seaborn\s+as\s+sns\b", s)), None)
    at_use = next((i for i, s in enumerate(lines) if "sns." in s), None)
    if at_use is not None:
        return at_import is not None and at_import < at_use
    return re.search(r"\.hist\(", source) is not None  # redrawn with matplotlib


# ---------------------------------------------------------------------------- the corpus


def _src(text: str) -> str:
    return textwrap.dedent(text).strip("\n").rstrip()


def case(id: str, error: str, cell: str, reference: str, *, setup: str = "",
         before: list[str] | None = None, after: list[str] | None = None,
         check: Callable[[dict], bool] | None = None,
         check_source: Callable[[str], bool] | None = None, advice_cell: int | None = None,
         lazy: str = "", lang: str = "en", note: str = "", data: bool = False) -> Case:
    return Case(id=id, error=error, setup=_src(setup), before=[_src(b) for b in before or []],
                cell=_src(cell), after=[_src(a) for a in after or []], check=check,
                check_source=check_source, advice_cell=advice_cell, reference=_src(reference),
                lazy=_src(lazy), lang=lang, note=note, data=data)


CASES: list[Case] = [
    # ------------------------------------------------------------------ NameError
    case("name-typo-variable", "NameError",
         setup=r"""
            prices = [120, 80, 45, 300]
            qty = [2, 1, 4, 1]
            """,
         cell=r"""
            revenue = [p * q for p, q in zip(prices, qty)]
            total = sum(revenu)
            print(f"Total revenue: {total}")
            """,
         reference=r"""
            revenue = [p * q for p, q in zip(prices, qty)]
            total = sum(revenue)
            print(f"Total revenue: {total}")
            """,
         check=all_of(has("total", 800), has("revenue", [240, 80, 180, 300])),
         note="one letter dropped from a name defined on the line above"),
    case("name-typo-function", "NameError",
         setup=r"""names = ["  alice", "BOB ", " carol smith "]""",
         before=[r"""
            def clean_name(s):
                return s.strip().title()
            """],
         cell=r"""cleaned = [clean_nmae(n) for n in names]""",
         reference=r"""cleaned = [clean_name(n) for n in names]""",
         check=has("cleaned", ["Alice", "Bob", "Carol Smith"]),
         note="swapped letters in a user function defined in an earlier cell"),
    case("name-no-numpy", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"area": [1.0, 4.0, 9.0, 16.0]})
            """,
         cell=r"""
            df["side"] = np.sqrt(df["area"])
            mean_side = df["side"].mean()
            """,
         reference=r"""
            import numpy as np

            df["side"] = np.sqrt(df["area"])
            mean_side = df["side"].mean()
            """,
         check=all_of(has("mean_side", 2.5), col("df", "side", [1.0, 2.0, 3.0, 4.0])),
         note="pandas imported, numpy never"),
    case("name-no-pandas", "NameError",
         setup=r'''
            with open("sales.csv", "w", encoding="utf-8") as f:
                f.write("""region,units
            east,3
            west,4
            east,2
            north,6
            """)
            ''',
         cell=r"""
            df = pd.read_csv("sales.csv")
            units_by_region = df.groupby("region")["units"].sum()
            """,
         reference=r"""
            import pandas as pd

            df = pd.read_csv("sales.csv")
            units_by_region = df.groupby("region")["units"].sum()
            """,
         check=has("units_by_region", {"east": 5, "north": 6, "west": 4}),
         note="first cell of a fresh kernel; the import cell was skipped"),
    case("name-no-plt", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"month": ["Jan", "Feb", "Mar"], "sales": [120, 95, 140]})
            """,
         cell=r"""
            fig, ax = plt.subplots(figsize=(6, 4))
            ax.bar(df["month"], df["sales"])
            ax.set_title("Monthly sales")
            ax.set_ylabel("sales")
            """,
         reference=r"""
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(6, 4))
            ax.bar(df["month"], df["sales"])
            ax.set_title("Monthly sales")
            ax.set_ylabel("sales")
            """,
         check=lambda ns: (same(_bars(ns["ax"]), [120, 95, 140])
                           and ns["ax"].get_title() == "Monthly sales"),
         note="plot cell without the pyplot import"),
    case("name-no-seaborn", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"age": [23, 35, 31, 47, 52, 29, 38, 41, 26, 60]})
            """,
         before=[r"""
            import pandas as pd
            import matplotlib.pyplot as plt
            """],
         cell=r"""
            sns.histplot(data=df, x="age", bins=8)
            plt.title("Age distribution")
            plt.show()
            """,
         reference=r"""
            import seaborn as sns

            sns.histplot(data=df, x="age", bins=8)
            plt.title("Age distribution")
            plt.show()
            """,
         check_source=_imports_seaborn_or_uses_matplotlib,
         note="judged on its text: the fix must add the conventional import"),
    case("name-no-os", "NameError",
         setup=r"""
            import os as _os
            _os.makedirs("data")
            for _name in ["jan.csv", "feb.csv", "notes.txt", "mar.csv"]:
                open(_os.path.join("data", _name), "w").close()
            del _os, _name
            """,
         cell=r"""
            csv_files = sorted(f for f in os.listdir("data") if f.endswith(".csv"))
            print(len(csv_files), "files")
            """,
         reference=r"""
            import os

            csv_files = sorted(f for f in os.listdir("data") if f.endswith(".csv"))
            print(len(csv_files), "files")
            """,
         check=has("csv_files", ["feb.csv", "jan.csv", "mar.csv"]),
         note="standard library module used without its import"),
    case("name-no-path", "NameError",
         setup=r"""
            import pathlib as _pl
            _base = _pl.Path("reports", "2024")
            _base.mkdir(parents=True)
            for _name in ["jan.txt", "feb.txt", "summary.md"]:
                (_base / _name).write_text("x", encoding="utf-8")
            del _pl, _base, _name
            """,
         cell=r"""
            base = Path("reports") / "2024"
            months = sorted(p.stem for p in base.glob("*.txt"))
            """,
         reference=r"""
            from pathlib import Path

            base = Path("reports") / "2024"
            months = sorted(p.stem for p in base.glob("*.txt"))
            """,
         check=has("months", ["feb", "jan"]),
         note="Path needs `from pathlib import Path`, not `import pathlib`"),
    case("name-no-datetime", "NameError",
         setup=r"""order_dates = ["2024-03-02", "2024-01-15", "2024-02-20"]""",
         cell=r"""
            dates = [datetime.strptime(s, "%Y-%m-%d") for s in order_dates]
            span_days = (max(dates) - min(dates)).days
            """,
         reference=r"""
            from datetime import datetime

            dates = [datetime.strptime(s, "%Y-%m-%d") for s in order_dates]
            span_days = (max(dates) - min(dates)).days
            """,
         check=has("span_days", 47),
         note="`import datetime` would still fail: the class is needed"),
    case("name-lowercase-false", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"name": ["Aoi", "Ben", "Chen", "Dana"], "score": [72, 95, 88, 60]})
            """,
         cell=r"""
            df.sort_values("score", ascending=false, inplace=True)
            top2 = df["name"].head(2).tolist()
            """,
         reference=r"""
            df.sort_values("score", ascending=False, inplace=True)
            top2 = df["name"].head(2).tolist()
            """,
         lazy=r"""
            df.sort_values("score", inplace=True)
            top2 = df["name"].head(2).tolist()
            """,
         check=has("top2", ["Ben", "Chen"]),
         note="JavaScript-style `false`; dropping the argument sorts the wrong way"),
    case("name-column-as-variable", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"item": ["pen", "lamp", "desk", "mug"],
                               "price": [2.5, 35.0, 180.0, 8.0]})
            """,
         cell=r"""
            expensive = df[price > 30]
            expensive_items = expensive["item"].tolist()
            """,
         reference=r"""
            expensive = df[df["price"] > 30]
            expensive_items = expensive["item"].tolist()
            """,
         check=has("expensive_items", ["lamp", "desk"]),
         note="a column name used as if it were a variable"),
    case("name-wrong-case", "NameError",
         setup=r"""
            import pandas as pd
            df_sales = pd.DataFrame({"day": ["Mon", "Tue", "Wed", "Thu"],
                                     "amount": [120, 80, 150, 90]})
            """,
         cell=r"""avg_amount = df_Sales["amount"].mean()""",
         reference=r"""avg_amount = df_sales["amount"].mean()""",
         check=has("avg_amount", 110.0),
         note="names are case-sensitive"),
    case("name-np-nan-trap", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"respondent": [1, 2, 3, 4, 5], "score": [70, -1, 85, 90, -1]})
            """,
         cell=r"""
            # -1 means "no answer"
            df["score"] = df["score"].replace(-1, np.nan)
            mean_score = df["score"].mean()
            """,
         reference=r"""
            import numpy as np

            # -1 means "no answer"
            df["score"] = df["score"].replace(-1, np.nan)
            mean_score = df["score"].mean()
            """,
         lazy=r"""
            mean_score = df["score"].mean()
            """,
         check=all_of(has("mean_score", 245 / 3),
                      lambda ns: int(ns["df"]["score"].isna().sum()) == 2),
         note="deleting the failing line keeps the -1 codes in the mean"),
    case("name-fillna-mean-ja", "NameError", lang="ja",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"日付": ["4/1", "4/2", "4/3", "4/4"],
                               "気温": [12.0, float("nan"), 15.0, 18.0]})
            """,
         cell=r"""
            # 欠損している気温を平均値で埋める
            df["気温"] = df["気温"].fillna(np.mean(df["気温"]))
            mean_temp = df["気温"].mean()
            """,
         reference=r"""
            import numpy as np

            # 欠損している気温を平均値で埋める
            df["気温"] = df["気温"].fillna(np.mean(df["気温"]))
            mean_temp = df["気温"].mean()
            """,
         lazy=r"""
            # 欠損している気温を平均値で埋める
            df["気温"] = df["気温"].fillna(0)
            mean_temp = df["気温"].mean()
            """,
         check=all_of(col("df", "気温", [12.0, 15.0, 15.0, 18.0]), has("mean_temp", 15.0)),
         note="filling with 0 instead of the mean makes the error go away"),
    case("name-no-math-ja", "NameError", lang="ja",
         setup=r"""points = [(0, 0), (3, 4), (6, 8)]""",
         cell=r"""
            # 原点からの距離を計算する
            distances = [math.sqrt(x ** 2 + y ** 2) for x, y in points]
            """,
         reference=r"""
            import math

            # 原点からの距離を計算する
            distances = [math.sqrt(x ** 2 + y ** 2) for x, y in points]
            """,
         check=has("distances", [0.0, 5.0, 10.0]),
         note="missing standard library import, Japanese comment"),
    case("name-typo-ja", "NameError", lang="ja",
         setup=r"""
            import pandas as pd
            df_sales = pd.DataFrame({"月": ["1月", "1月", "2月", "3月", "2月"],
                                     "売上": [100, 150, 200, 120, 80]})
            """,
         cell=r"""
            # 月ごとの売上合計を出す
            monthly = sales_df.groupby("月")["売上"].sum()
            """,
         reference=r"""
            # 月ごとの売上合計を出す
            monthly = df_sales.groupby("月")["売上"].sum()
            """,
         check=has("monthly", {"1月": 250, "2月": 280, "3月": 120}),
         note="the two halves of a variable name swapped; Japanese columns"),
    case("name-mean-builtin", "NameError",
         setup=r"""scores = [72, 88, 95, 61]""",
         cell=r"""
            avg = mean(scores)
            print(f"average: {avg:.1f}")
            """,
         reference=r"""
            from statistics import mean

            avg = mean(scores)
            print(f"average: {avg:.1f}")
            """,
         check=has("avg", 79.0),
         note="`mean` is not a builtin"),
    case("name-function-local", "NameError",
         cell=r"""
            def load_scores():
                data = [88, 72, 95]
                data.sort()

            load_scores()
            lowest = data[0]
            """,
         reference=r"""
            def load_scores():
                data = [88, 72, 95]
                data.sort()
                return data

            data = load_scores()
            lowest = data[0]
            """,
         check=has("lowest", 72),
         note="a variable local to a function used outside it"),

    # ------------------------------------------------------------------ TypeError
    case("type-sum-strings", "TypeError", data=True,
         setup=r"""amounts = "1200 850 430".split()""",
         cell=r"""
            total = sum(amounts)
            print("total:", total)
            """,
         reference=r"""
            total = sum(int(a) for a in amounts)
            print("total:", total)
            """,
         check=has("total", 2480),
         note="numbers that arrived as text"),
    case("type-compare-comma-strings", "TypeError", data=True,
         setup=r'''
            with open("items.csv", "w", encoding="utf-8") as f:
                f.write("""item,price
            chair,"1,200"
            lamp,850
            sofa,"3,400"
            mug,95
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("items.csv")
            """],
         cell=r"""
            expensive = df[df["price"] > 1000]
            print(expensive)
            """,
         reference=r"""
            df["price"] = df["price"].str.replace(",", "").astype(int)
            expensive = df[df["price"] > 1000]
            print(expensive)
            """,
         lazy=r"""
            expensive = df[df["price"] > "1000"]
            print(expensive)
            """,
         check=lambda ns: same(ns["expensive"]["item"], ["chair", "sofa"]),
         note='"1,200" is text; comparing as text gives the wrong rows'),
    case("type-yen-mean-ja", "TypeError", lang="ja", data=True,
         setup=r'''
            with open("products.csv", "w", encoding="utf-8") as f:
                f.write("""商品,価格
            ノート,"¥3,000"
            ペン,"¥1,500"
            かばん,"¥12,800"
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("products.csv")
            """],
         cell=r"""
            # 平均価格を計算
            avg_price = df["価格"].mean()
            print(f"平均価格: {avg_price:.0f}円")
            """,
         reference=r"""
            # 平均価格を計算
            df["価格"] = df["価格"].str.replace("¥", "").str.replace(",", "").astype(int)
            avg_price = df["価格"].mean()
            print(f"平均価格: {avg_price:.0f}円")
            """,
         lazy=r"""
            # 平均価格を計算
            avg_price = pd.to_numeric(df["価格"], errors="coerce").mean()
            print(f"平均価格: {avg_price:.0f}円")
            """,
         check=has("avg_price", 17300 / 3),
         note="yen sign and thousands separator; coercing gives NaN"),
    case("type-str-plus-int", "TypeError",
         setup=r"""
            year = 2024
            region = "east"
            """,
         cell=r"""filename = "sales_" + region + "_" + year + ".csv" """,
         reference=r"""filename = "sales_" + region + "_" + str(year) + ".csv" """,
         check=has("filename", "sales_east_2024.csv"),
         note="str + int"),
    case("type-call-dataframe", "TypeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"item": ["a", "b", "c", "d"], "price": [10.0, 12.5, 8.0, 9.5]})
            """,
         cell=r"""avg_price = df("price").mean()""",
         reference=r"""avg_price = df["price"].mean()""",
         check=has("avg_price", 10.0),
         note="round brackets instead of square ones"),
    case("type-wrong-kwarg", "TypeError",
         setup=r'''
            with open("scores.csv", "w", encoding="utf-8") as f:
                f.write("""name;math;english
            Aoi;78;85
            Ben;92;74
            Chen;65;90
            """)
            ''',
         before=[r"""import pandas as pd"""],
         cell=r"""
            df = pd.read_csv("scores.csv", seperator=";")
            print(df.shape)
            """,
         reference=r"""
            df = pd.read_csv("scores.csv", sep=";")
            print(df.shape)
            """,
         lazy=r"""
            df = pd.read_csv("scores.csv")
            print(df.shape)
            """,
         check=lambda ns: (list(ns["df"].columns) == ["name", "math", "english"]
                           and same(ns["df"]["math"], [78, 92, 65])),
         note="misspelt keyword; dropping it reads one glued column"),
    case("type-inplace-none", "TypeError",
         setup=r"""
            import pandas as pd
            nan = float("nan")
            df = pd.DataFrame({"a": [1.0, nan, 3.0, 4.0], "b": [10.0, 20.0, 30.0, nan]})
            del nan
            """,
         cell=r"""
            df = df.dropna(inplace=True)
            df["total"] = df["a"] + df["b"]
            """,
         reference=r"""
            df = df.dropna()
            df["total"] = df["a"] + df["b"]
            """,
         check=col("df", "total", [11.0, 33.0]),
         note="inplace=True returns None, which is then assigned"),
    case("type-mixed-column", "TypeError", data=True,
         setup=r"""
            import pandas as pd
            shop_a = pd.DataFrame({"item": ["pen", "ink"], "qty": [3, 2]})
            shop_b = pd.DataFrame({"item": ["pad", "cap"], "qty": ["5", "4"]})
            """,
         before=[r"""df = pd.concat([shop_a, shop_b], ignore_index=True)"""],
         cell=r"""total_qty = df["qty"].sum()""",
         reference=r"""
            df["qty"] = df["qty"].astype(int)
            total_qty = df["qty"].sum()
            """,
         lazy=r"""total_qty = df["qty"][df["qty"].apply(lambda v: isinstance(v, int))].sum()""",
         check=has("total_qty", 14),
         note="ints and numeric strings in one object column; skipping the strings is wrong"),
    case("type-round-method", "TypeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"score": [71, 88, 94]})
            """,
         cell=r"""avg = round(df["score"].mean, 1)""",
         reference=r"""avg = round(df["score"].mean(), 1)""",
         check=has("avg", 84.3),
         note="method passed instead of called"),
    case("type-int-not-iterable", "TypeError",
         setup=r"""names = ["Aoi", "Ben", "Chen"]""",
         cell=r"""
            labels = []
            for i in len(names):
                labels.append(f"{i + 1}. {names[i]}")
            """,
         reference=r"""
            labels = []
            for i in range(len(names)):
                labels.append(f"{i + 1}. {names[i]}")
            """,
         check=has("labels", ["1. Aoi", "2. Ben", "3. Chen"]),
         note="range() forgotten"),
    case("type-date-strings", "TypeError", data=True,
         setup=r'''
            with open("tasks.csv", "w", encoding="utf-8") as f:
                f.write("""task,start,end
            A,2024-01-03,2024-01-10
            B,2024-02-01,2024-02-29
            C,2024-03-15,2024-03-16
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("tasks.csv")
            """],
         cell=r"""df["days"] = (df["end"] - df["start"]).dt.days""",
         reference=r"""
            df["start"] = pd.to_datetime(df["start"])
            df["end"] = pd.to_datetime(df["end"])
            df["days"] = (df["end"] - df["start"]).dt.days
            """,
         check=col("df", "days", [7, 28, 1]),
         note="dates read from CSV are strings"),
    case("type-concat-ja", "TypeError", lang="ja",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"注文番号": [101, 102, 103, 104, 105],
                               "金額": [1200, 800, 450, 3000, 980]})
            """,
         cell=r"""
            # 注文件数を表示する
            count = len(df)
            message = "注文件数: " + count + "件"
            print(message)
            """,
         reference=r"""
            # 注文件数を表示する
            count = len(df)
            message = "注文件数: " + str(count) + "件"
            print(message)
            """,
         check=has("message", "注文件数: 5件"),
         note="str + int with Japanese text"),

    # ------------------------------------------------------------------ ValueError
    case("value-nan-astype-int", "IntCastingNaNError", data=True,
         setup=r'''
            with open("members.csv", "w", encoding="utf-8") as f:
                f.write("""name,age
            Aoi,34
            Ben,
            Chen,28
            Dana,45
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("members.csv")
            """],
         cell=r"""
            df["age"] = df["age"].astype(int)
            mean_age = df["age"].mean()
            """,
         reference=r"""
            df["age"] = df["age"].astype("Int64")
            mean_age = df["age"].mean()
            """,
         lazy=r"""
            df["age"] = df["age"].fillna(0).astype(int)
            mean_age = df["age"].mean()
            """,
         check=all_of(has("mean_age", 107 / 3),
                      lambda ns: pd.api.types.is_integer_dtype(ns["df"]["age"]),
                      lambda ns: same(ns["df"]["age"].dropna().astype(float), [34, 28, 45])),
         note="a missing age breaks astype(int); filling with 0 skews the mean"),
    case("value-int-decimal-string", "ValueError", data=True,
         setup=r"""raw = "3.5,2,4.25".split(",")""",
         cell=r"""
            values = [int(v) for v in raw]
            total = sum(values)
            """,
         reference=r"""
            values = [float(v) for v in raw]
            total = sum(values)
            """,
         lazy=r"""
            values = [int(float(v)) for v in raw]
            total = sum(values)
            """,
         check=has("total", 9.75),
         note="int('3.5'); int(float(v)) silently truncates"),
    case("value-dot-shapes", "ValueError",
         setup=r"""
            import numpy as np
            X = np.array([[1, 2], [3, 4], [5, 6]])
            w = np.array([0.5, 1.5])
            """,
         cell=r"""pred = np.dot(w, X)""",
         reference=r"""pred = np.dot(X, w)""",
         check=has("pred", [3.5, 7.5, 11.5]),
         note="operands in the wrong order: shapes (2,) and (3,2) not aligned"),
    case("value-datetime-format", "ValueError", data=True,
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"date": ["2024/01/15", "2024/02/20", "2024/03/05"],
                               "sales": [120, 98, 143]})
            """,
         cell=r"""
            df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
            df["month"] = df["date"].dt.month
            """,
         reference=r"""
            df["date"] = pd.to_datetime(df["date"], format="%Y/%m/%d")
            df["month"] = df["date"].dt.month
            """,
         lazy=r"""
            df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
            df["month"] = df["date"].dt.month
            """,
         check=col("df", "month", [1, 2, 3]),
         note="format does not match the slashes; errors='coerce' gives NaT"),
    case("value-ambiguous-if", "ValueError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"city": ["Sapporo", "Tokyo", "Naha", "Sendai"],
                               "temp": [28.5, 31.0, 33.2, 29.9]})
            """,
         cell=r"""
            if df["temp"] > 30:
                df["hot"] = True
            else:
                df["hot"] = False
            """,
         reference=r"""df["hot"] = df["temp"] > 30""",
         lazy=r"""
            if (df["temp"] > 30).any():
                df["hot"] = True
            else:
                df["hot"] = False
            """,
         check=col("df", "hot", [False, True, True, False]),
         note="`if` on a Series; .any() silences it but marks every row"),
    case("value-float-comma-ja", "ValueError", lang="ja", data=True,
         setup=r'''
            with open("stores.csv", "w", encoding="utf-8") as f:
                f.write("""店舗,売上
            新宿,"1,200"
            渋谷,980
            池袋,"2,450"
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("stores.csv")
            """],
         cell=r"""
            # 売上を数値に変換して合計する
            df["売上"] = df["売上"].astype(float)
            total = df["売上"].sum()
            """,
         reference=r"""
            # 売上を数値に変換して合計する
            df["売上"] = df["売上"].str.replace(",", "").astype(float)
            total = df["売上"].sum()
            """,
         lazy=r"""
            # 売上を数値に変換して合計する
            df["売上"] = pd.to_numeric(df["売上"], errors="coerce")
            total = df["売上"].sum()
            """,
         check=has("total", 4630),
         note="thousands separators; coercing drops two of three stores"),
    case("value-merge-dtypes", "ValueError", data=True,
         setup=r'''
            import pandas as pd
            orders = pd.DataFrame({"customer_id": [1, 2, 1, 3], "amount": [500, 300, 200, 700]})
            with open("customers.csv", "w", encoding="utf-8") as f:
                f.write("""customer_id,name
            001,Aoi
            002,Ben
            003,Chen
            """)
            ''',
         before=[r"""customers = pd.read_csv("customers.csv", dtype={"customer_id": str})"""],
         cell=r"""
            merged = orders.merge(customers, on="customer_id")
            spend = merged.groupby("name")["amount"].sum()
            """,
         reference=r"""
            customers["customer_id"] = customers["customer_id"].astype(int)
            merged = orders.merge(customers, on="customer_id")
            spend = merged.groupby("name")["amount"].sum()
            """,
         lazy=r"""
            orders["customer_id"] = orders["customer_id"].astype(str)
            merged = orders.merge(customers, on="customer_id")
            spend = merged.groupby("name")["amount"].sum()
            """,
         check=has("spend", {"Aoi": 700, "Ben": 300, "Chen": 700}),
         note="int keys vs zero-padded text keys; casting to text matches nothing"),
    case("value-unpack-dict", "ValueError",
         setup=r"""stock = {"apple": 12, "banana": 0, "cherry": 7}""",
         cell=r"""
            restock = []
            for fruit, n in stock:
                if n == 0:
                    restock.append(fruit)
            """,
         reference=r"""
            restock = []
            for fruit, n in stock.items():
                if n == 0:
                    restock.append(fruit)
            """,
         check=has("restock", ["banana"]),
         note="iterating a dict gives keys; .items() forgotten"),

    # ------------------------------------------------------------------ AttributeError
    case("attr-append-removed", "AttributeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"name": ["Aoi", "Ben"], "score": [81, 67]})
            """,
         cell=r"""
            new_row = {"name": "Chen", "score": 90}
            df = df.append(new_row, ignore_index=True)
            """,
         reference=r"""
            new_row = {"name": "Chen", "score": 90}
            df = pd.concat([df, pd.DataFrame([new_row])], ignore_index=True)
            """,
         lazy=r"""
            new_row = {"name": "Chen", "score": 90}
            """,
         check=all_of(col("df", "name", ["Aoi", "Ben", "Chen"]), col("df", "score", [81, 67, 90])),
         note="DataFrame.append was removed in pandas 2"),
    case("attr-np-float", "AttributeError",
         setup=r"""
            import numpy as np
            values = ["1.5", "2.25", "3"]
            """,
         cell=r"""
            arr = np.array(values, dtype=np.float)
            total = arr.sum()
            """,
         reference=r"""
            arr = np.array(values, dtype=float)
            total = arr.sum()
            """,
         check=has("total", 6.75),
         note="np.float alias was removed in NumPy 1.24"),
    case("attr-iteritems", "AttributeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"math": [70, 85, 90], "english": [88, 92, 75]})
            """,
         cell=r"""
            best = {}
            for col, values in df.iteritems():
                best[col] = values.max()
            """,
         reference=r"""
            best = {}
            for col, values in df.items():
                best[col] = values.max()
            """,
         check=has("best", {"math": 90, "english": 92}),
         note="iteritems was removed in pandas 2"),
    case("attr-groupby-case-ja", "AttributeError", lang="ja",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"チーム": ["赤", "青", "赤", "青", "緑"], "得点": [3, 5, 2, 1, 4]})
            """,
         cell=r"""
            # チームごとの合計得点
            team_points = df.groupBy("チーム")["得点"].sum()
            """,
         reference=r"""
            # チームごとの合計得点
            team_points = df.groupby("チーム")["得点"].sum()
            """,
         check=has("team_points", {"赤": 5, "青": 6, "緑": 4}),
         note="camelCase from Spark/Java habits"),
    case("attr-str-accessor", "AttributeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"email": ["aoi@example.com", "ben@test.org", "chen@example.com"]})
            """,
         cell=r"""df["domain"] = df["email"].split("@")[1]""",
         reference=r"""df["domain"] = df["email"].str.split("@").str[1]""",
         check=col("df", "domain", ["example.com", "test.org", "example.com"]),
         note="string method on a Series without .str"),
    case("attr-column-case", "AttributeError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"month": ["Jan", "Feb", "Mar"], "revenue": [1200, 900, 1500]})
            """,
         cell=r"""total_revenue = df.Revenue.sum()""",
         reference=r"""total_revenue = df.revenue.sum()""",
         check=has("total_revenue", 3600),
         note="attribute access to a column with the wrong case"),

    # ------------------------------------------------------------------ SyntaxError
    case("syntax-missing-colon", "SyntaxError",
         setup=r"""values = [4, 8, 15, 16]""",
         cell=r"""
            total = 0
            for v in values
                total += v
            """,
         reference=r"""
            total = 0
            for v in values:
                total += v
            """,
         check=has("total", 43),
         note="colon missing after for"),
    case("syntax-unclosed-paren", "SyntaxError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"team": ["a", "b", "a", "b"], "points": [3, 5, 4, 1]})
            """,
         cell=r"""
            summary = df.groupby("team")["points"].agg(["sum", "mean"]
            print(summary)
            """,
         reference=r"""
            summary = df.groupby("team")["points"].agg(["sum", "mean"])
            print(summary)
            """,
         check=all_of(lambda ns: same(ns["summary"]["sum"], {"a": 7, "b": 6}),
                      lambda ns: same(ns["summary"]["mean"], {"a": 3.5, "b": 3.0})),
         note="one closing parenthesis missing"),
    case("syntax-assign-in-if", "SyntaxError",
         setup=r"""counts = [3, 0, 5, 0]""",
         cell=r"""
            status = []
            for c in counts:
                if c = 0:
                    status.append("empty")
                else:
                    status.append("ok")
            """,
         reference=r"""
            status = []
            for c in counts:
                if c == 0:
                    status.append("empty")
                else:
                    status.append("ok")
            """,
         check=has("status", ["ok", "empty", "ok", "empty"]),
         note="= instead of =="),
    case("syntax-stray-indent", "IndentationError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"score": [80.0, float("nan"), 60.0, 70.0]})
            """,
         cell=r"""
            df = df.dropna()
                mean_score = df["score"].mean()
            """,
         reference=r"""
            df = df.dropna()
            mean_score = df["score"].mean()
            """,
         check=all_of(has("mean_score", 70.0), lambda ns: len(ns["df"]) == 3),
         note="a line pasted with extra indentation"),
    case("syntax-fullwidth-paren-ja", "SyntaxError", lang="ja",
         setup=r"""scores = [78, 85, 92]""",
         cell=r"""
            # 平均点を計算する
            avg = sum(scores) / len（scores）
            """,
         reference=r"""
            # 平均点を計算する
            avg = sum(scores) / len(scores)
            """,
         check=has("avg", 85.0),
         note="full-width parentheses typed with a Japanese IME"),
    case("syntax-missing-comma", "SyntaxError",
         cell=r"""
            params = {
                "learning_rate": 0.1
                "max_depth": 4,
                "n_estimators": 200,
            }
            """,
         reference=r"""
            params = {
                "learning_rate": 0.1,
                "max_depth": 4,
                "n_estimators": 200,
            }
            """,
         check=has("params", {"learning_rate": 0.1, "max_depth": 4, "n_estimators": 200}),
         note="comma missing between dict items"),

    # ------------------------------------------------------------------ KeyError
    case("key-typo-column", "KeyError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"item": ["a", "b", "c", "d"], "quantity": [3, 1, 4, 2]})
            """,
         cell=r"""total_qty = df["quantaty"].sum()""",
         reference=r"""total_qty = df["quantity"].sum()""",
         check=has("total_qty", 10),
         note="misspelt column"),
    case("key-case-column", "KeyError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"price": [2.5, 4.0, 10.0], "qty": [4, 3, 1]})
            """,
         cell=r"""df["revenue"] = df["Price"] * df["qty"]""",
         reference=r"""df["revenue"] = df["price"] * df["qty"]""",
         check=col("df", "revenue", [10.0, 12.0, 10.0]),
         note="column name with the wrong case"),
    case("key-space-in-header-ja", "KeyError", lang="ja", data=True,
         setup=r'''
            with open("purchases.csv", "w", encoding="utf-8") as f:
                f.write("""顧客 ID,購入額
            C01,1200
            C02,800
            C01,300
            C03,450
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("purchases.csv")
            """],
         cell=r"""
            # 顧客ごとの購入額合計
            by_customer = df.groupby("顧客ID")["購入額"].sum()
            """,
         reference=r"""
            # 顧客ごとの購入額合計
            by_customer = df.groupby("顧客 ID")["購入額"].sum()
            """,
         check=has("by_customer", {"C01": 1500, "C02": 800, "C03": 450}),
         note="the header has a space inside the Japanese column name"),
    case("key-dict-typo", "KeyError",
         setup=r"""
            settings = {"threshold": 0.75, "window": 3}
            readings = [0.5, 0.8, 0.76, 0.9, 0.6]
            """,
         cell=r"""flagged = [r for r in readings if r > settings["treshold"]]""",
         reference=r"""flagged = [r for r in readings if r > settings["threshold"]]""",
         check=has("flagged", [0.8, 0.76, 0.9]),
         note="dict key typo"),
    case("key-leading-space", "KeyError", data=True,
         setup=r'''
            with open("prices.csv", "w", encoding="utf-8") as f:
                f.write("""name, price
            pen, 120
            book, 980
            bag, 2400
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("prices.csv")
            """],
         cell=r"""total = df["price"].sum()""",
         reference=r"""
            df.columns = df.columns.str.strip()
            total = df["price"].sum()
            """,
         lazy=r"""total = df.get("price", 0)""",
         check=has("total", 3500),
         note='header "name, price" gives a column " price"'),

    # ------------------------------------------------------------------ ModuleNotFoundError
    case("module-sklearn", "ModuleNotFoundError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"x": [1, 2, 3, 4], "y": [2.1, 3.9, 6.2, 7.8]})
            """,
         cell=r"""
            from sklearn.linear_model import LinearRegression

            model = LinearRegression()
            model.fit(df[["x"]], df["y"])
            print(model.coef_)
            """,
         reference=r"""
            %pip install scikit-learn
            from sklearn.linear_model import LinearRegression

            model = LinearRegression()
            model.fit(df[["x"]], df["y"])
            print(model.coef_)
            """,
         lazy=r"""
            %pip install sklearn
            from sklearn.linear_model import LinearRegression

            model = LinearRegression()
            model.fit(df[["x"]], df["y"])
            print(model.coef_)
            """,
         check_source=installs("scikit-learn", "from sklearn.linear_model import LinearRegression"),
         note="the pip name is scikit-learn; `pip install sklearn` is the deprecated stub"),
    case("module-cv2", "ModuleNotFoundError",
         cell=r"""
            import cv2

            img = cv2.imread("photo.png")
            gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
            """,
         reference=r"""
            %pip install opencv-python
            import cv2

            img = cv2.imread("photo.png")
            gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
            """,
         lazy=r"""
            %pip install cv2
            import cv2

            img = cv2.imread("photo.png")
            gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
            """,
         check_source=installs(r"opencv(?:-contrib)?-python(?:-headless)?", "import cv2"),
         note="module cv2 comes from the opencv-python package"),
    case("module-plotly", "ModuleNotFoundError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"team": ["a", "b", "a", "b"], "score": [3, 5, 4, 1]})
            """,
         cell=r"""
            import plotly.express as px

            fig = px.box(df, x="team", y="score")
            fig.show()
            """,
         reference=r"""
            %pip install plotly
            import plotly.express as px

            fig = px.box(df, x="team", y="score")
            fig.show()
            """,
         check_source=installs("plotly", "import plotly.express as px"),
         note="package not installed in the kernel's environment"),
    case("module-typo-pylot", "ModuleNotFoundError",
         cell=r"""
            import matplotlib.pylot as plt

            plt.plot([1, 2, 3], [2, 4, 1])
            plt.title("trend")
            """,
         reference=r"""
            import matplotlib.pyplot as plt

            plt.plot([1, 2, 3], [2, 4, 1])
            plt.title("trend")
            """,
         check=lambda ns: _line_ys(ns) == [[2, 4, 1]],
         note="a typo in the module path, not a missing package: installing is wrong"),

    # ------------------------------------------------------------------ FileNotFoundError
    case("file-typo-name", "FileNotFoundError",
         setup=r"""
            import os as _os
            _os.makedirs("data")
            with open("data/sales_2024.csv", "w", encoding="utf-8") as f:
                f.write("day,amount\n1,100\n2,250\n3,75\n")
            with open("data/sales_2023.csv", "w", encoding="utf-8") as f:
                f.write("day,amount\n1,90\n2,60\n")
            del _os, f
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            df = pd.read_csv("data/sales2024.csv")
            total = df["amount"].sum()
            """,
         reference=r"""
            df = pd.read_csv("data/sales_2024.csv")
            total = df["amount"].sum()
            """,
         check=has("total", 425),
         note="underscore missing from the file name; the 2023 file is a decoy"),
    case("file-wrong-case", "FileNotFoundError",
         setup=r"""
            with open("Survey_Results.csv", "w", encoding="utf-8") as f:
                f.write("q,answer\n1,yes\n2,no\n3,yes\n")
            del f
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            survey = pd.read_csv("survey_results.csv")
            yes_share = (survey["answer"] == "yes").mean()
            """,
         reference=r"""
            survey = pd.read_csv("Survey_Results.csv")
            yes_share = (survey["answer"] == "yes").mean()
            """,
         check=has("yes_share", 2 / 3),
         note="file names are case-sensitive on Linux"),
    case("file-wrong-folder-ja", "FileNotFoundError", lang="ja",
         setup=r"""
            import os as _os
            _os.makedirs("データ")
            with open("データ/店舗一覧.csv", "w", encoding="utf-8") as f:
                f.write("店舗,地域\n新宿,東京\n梅田,大阪\n栄,名古屋\n")
            del _os, f
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            # 店舗一覧を読み込む
            stores = pd.read_csv("店舗一覧.csv")
            n_stores = len(stores)
            """,
         reference=r"""
            # 店舗一覧を読み込む
            stores = pd.read_csv("データ/店舗一覧.csv")
            n_stores = len(stores)
            """,
         check=all_of(has("n_stores", 3), col("stores", "店舗", ["新宿", "梅田", "栄"])),
         note="the file is in a subfolder with a Japanese name"),

    # ------------------------------------------------------------------ IndexError
    case("index-range-plus-one", "IndexError",
         setup=r"""prices = [100, 103, 101, 108]""",
         cell=r"""
            # day-to-day change
            diffs = [prices[i + 1] - prices[i] for i in range(len(prices))]
            """,
         reference=r"""
            # day-to-day change
            diffs = [prices[i + 1] - prices[i] for i in range(len(prices) - 1)]
            """,
         check=has("diffs", [3, -2, 7]),
         note="off by one at the end of the loop"),
    case("index-iloc-end", "IndexError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"name": ["Aoi", "Ben", "Chen", "Dana", "Eri"]})
            """,
         cell=r"""
            # the fifth customer in the list
            fifth = df.iloc[5]["name"]
            """,
         reference=r"""
            # the fifth customer in the list
            fifth = df.iloc[4]["name"]
            """,
         check=has("fifth", "Eri"),
         note="iloc is 0-based; 5 is past the end"),
    case("index-trailing-newline", "IndexError", data=True,
         setup=r"""
            with open("log.txt", "w", encoding="utf-8") as f:
                f.write("08:00,12\n09:00,15\n10:00,9\n")
            del f
            """,
         cell=r"""
            with open("log.txt") as f:
                rows = f.read().split("\n")
            counts = [int(r.split(",")[1]) for r in rows]
            """,
         reference=r"""
            with open("log.txt") as f:
                rows = f.read().strip().split("\n")
            counts = [int(r.split(",")[1]) for r in rows]
            """,
         check=has("counts", [12, 15, 9]),
         note="the file ends with a newline, so the last row is empty"),

    # ------------------------------------------------------------------ out-of-order execution
    case("ooo-clean-below", "NameError",
         setup=r'''
            with open("sensors.csv", "w", encoding="utf-8") as f:
                f.write("""city,temp
            Tokyo,21.0
            Osaka,23.5
            Tokyo,-999
            Osaka,24.5
            Tokyo,22.0
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("sensors.csv")
            """],
         cell=r"""mean_temp = df_clean.groupby("city")["temp"].mean()""",
         after=[r"""
            # drop sensor errors
            df_clean = df[df["temp"] > -100]
            """],
         advice_cell=3,
         reference=r"""
            df_clean = df[df["temp"] > -100]
            mean_temp = df_clean.groupby("city")["temp"].mean()
            """,
         lazy=r"""
            df_clean = df
            mean_temp = df_clean.groupby("city")["temp"].mean()
            """,
         check=has("mean_temp", {"Osaka": 24.0, "Tokyo": 21.5}),
         note="the cleaning cell below was never run; `df_clean = df` keeps -999"),
    case("ooo-function-below", "NameError",
         setup=r"""temps_f = [32, 212, 98.6]""",
         cell=r"""temps_c = [to_celsius(t) for t in temps_f]""",
         after=[r"""
            def to_celsius(f):
                return (f - 32) * 5 / 9
            """],
         advice_cell=2,
         reference=r"""
            def to_celsius(f):
                return (f - 32) * 5 / 9

            temps_c = [to_celsius(t) for t in temps_f]
            """,
         check=has("temps_c", [0.0, 100.0, 37.0]),
         note="function defined in the cell below its first use"),
    case("ooo-del-earlier", "NameError",
         setup=r'''
            with open("orders.csv", "w", encoding="utf-8") as f:
                f.write("""order_id,status,amount
            1,paid,100
            2,cancelled,50
            3,paid,80
            4,paid,120
            5,cancelled,30
            """)
            ''',
         before=[r"""
            import pandas as pd
            raw = pd.read_csv("orders.csv")
            """, r"""orders = raw[raw["status"] == "paid"]""", r"""
            # free memory
            del raw
            """],
         cell=r"""cancel_rate = (raw["status"] == "cancelled").mean()""",
         advice_cell=1,
         reference=r"""
            raw = pd.read_csv("orders.csv")
            cancel_rate = (raw["status"] == "cancelled").mean()
            """,
         lazy=r"""cancel_rate = (orders["status"] == "cancelled").mean()""",
         check=has("cancel_rate", 0.4),
         note="`del` in a clean-up cell; the paid-only frame has no cancellations"),
    case("ooo-constant-below", "NameError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"student": ["a", "b", "c", "d", "e"], "score": [55, 72, 60, 48, 90]})
            """,
         cell=r"""
            df["passed"] = df["score"] >= PASS_MARK
            pass_rate = df["passed"].mean()
            """,
         after=[r"""df["passed"].value_counts()""", r"""
            # settings
            PASS_MARK = 60
            """],
         advice_cell=3,
         reference=r"""
            PASS_MARK = 60
            df["passed"] = df["score"] >= PASS_MARK
            pass_rate = df["passed"].mean()
            """,
         check=all_of(has("pass_rate", 0.6), col("df", "passed", [False, True, True, False, True])),
         note="a settings cell two cells below"),
    case("ooo-load-below", "NameError",
         setup=r'''
            with open("visits.csv", "w", encoding="utf-8") as f:
                f.write("""day,count
            Mon,10
            Tue,12
            Mon,5
            Wed,7
            """)
            ''',
         before=[r"""import pandas as pd"""],
         cell=r"""daily = visits.groupby("day")["count"].sum()""",
         after=[r"""visits = pd.read_csv("visits.csv")"""],
         advice_cell=3,
         reference=r"""
            visits = pd.read_csv("visits.csv")
            daily = visits.groupby("day")["count"].sum()
            """,
         check=has("daily", {"Mon": 15, "Tue": 12, "Wed": 7}),
         note="the loading cell sits below the analysis"),
    case("ooo-total-below-ja", "NameError", lang="ja",
         setup=r'''
            with open("売上.csv", "w", encoding="utf-8") as f:
                f.write("""店舗,売上
            新宿,1200
            渋谷,800
            新宿,500
            池袋,1500
            渋谷,300
            """)
            ''',
         before=[r"""
            import pandas as pd
            # データ読み込み
            df = pd.read_csv("売上.csv")
            """],
         cell=r"""
            # 店舗別の売上ランキング
            ranking = store_total.sort_values(ascending=False)
            """,
         after=[r"""
            # 店舗ごとに集計
            store_total = df.groupby("店舗")["売上"].sum()
            """],
         advice_cell=3,
         reference=r"""
            store_total = df.groupby("店舗")["売上"].sum()
            # 店舗別の売上ランキング
            ranking = store_total.sort_values(ascending=False)
            """,
         check=lambda ns: (same(ns["ranking"].index, ["新宿", "池袋", "渋谷"])
                           and same(ns["ranking"], [1700, 1500, 1100])),
         note="the aggregation cell below was never run"),
    case("ooo-del-earlier-ja", "NameError", lang="ja",
         setup=r'''
            with open("survey.csv", "w", encoding="utf-8") as f:
                f.write("""id,age,answer
            1,34,yes
            2,,no
            3,28,
            4,45,yes
            5,51,no
            """)
            ''',
         before=[r"""
            import pandas as pd
            # アンケート結果を読み込む
            survey = pd.read_csv("survey.csv")
            """, r"""
            # 欠損のある行を除いたコピー
            survey_clean = survey.dropna()
            # メモリ節約のため元データを削除
            del survey
            """],
         cell=r"""
            # 回答率を計算
            response_rate = len(survey_clean) / len(survey)
            """,
         advice_cell=1,
         reference=r"""
            survey = pd.read_csv("survey.csv")
            # 回答率を計算
            response_rate = len(survey_clean) / len(survey)
            """,
         lazy=r"""
            # 回答率を計算
            response_rate = len(survey_clean) / len(survey_clean)
            """,
         check=has("response_rate", 0.6),
         note="original frame deleted two cells up; dividing by the clean copy gives 1.0"),
    case("ooo-merged-below", "NameError",
         setup=r"""
            import pandas as pd
            orders = pd.DataFrame({"cid": [1, 2, 1, 3], "amount": [500, 300, 400, 700]})
            customers = pd.DataFrame({"cid": [1, 2, 3], "name": ["Aoi", "Ben", "Chen"]})
            """,
         cell=r"""top_customer = merged.groupby("name")["amount"].sum().idxmax()""",
         after=[r"""merged = orders.merge(customers, on="cid")""", r"""merged.head()"""],
         advice_cell=2,
         reference=r"""
            merged = orders.merge(customers, on="cid")
            top_customer = merged.groupby("name")["amount"].sum().idxmax()
            """,
         check=has("top_customer", "Aoi"),
         note="merge cell written after the cell that uses it"),
    case("ooo-prices-below", "NameError",
         setup=r"""prices_usd = [10.0, 24.5, 3.2]""",
         before=[r"""rate = 151.2  # yen per dollar"""],
         cell=r"""total_jpy = sum(prices_jpy)""",
         after=[r"""prices_jpy = [round(p * rate) for p in prices_usd]"""],
         advice_cell=3,
         reference=r"""
            prices_jpy = [round(p * rate) for p in prices_usd]
            total_jpy = sum(prices_jpy)
            """,
         check=has("total_jpy", 5700),
         note="converted list built in the next cell"),
    case("ooo-function-below-ja", "NameError", lang="ja",
         setup=r"""comments = ["  とても良い ", "普通", " 悪い"]""",
         cell=r"""
            # コメントを整形する
            cleaned = [normalize(c) for c in comments]
            """,
         after=[r'''
            def normalize(text):
                """前後の空白を削除する"""
                return text.strip()
            ''', r"""len(cleaned)"""],
         advice_cell=2,
         reference=r'''
            def normalize(text):
                """前後の空白を削除する"""
                return text.strip()

            # コメントを整形する
            cleaned = [normalize(c) for c in comments]
            ''',
         check=has("cleaned", ["とても良い", "普通", "悪い"]),
         note="helper defined below, Japanese docstring"),

    # ------------------------------------------------------------------ other errors
    case("zerodiv-case-filter", "ZeroDivisionError",
         setup=r"""
            import pandas as pd
            df = pd.DataFrame({"category": ["Books", "Toys", "Books", "Games"],
                               "price": [12.0, 30.0, 18.0, 45.0]})
            """,
         cell=r"""
            book_prices = [p for c, p in zip(df["category"], df["price"]) if c == "books"]
            avg_book_price = sum(book_prices) / len(book_prices)
            """,
         reference=r"""
            book_prices = [p for c, p in zip(df["category"], df["price"]) if c == "Books"]
            avg_book_price = sum(book_prices) / len(book_prices)
            """,
         lazy=r"""
            book_prices = [p for c, p in zip(df["category"], df["price"]) if c == "books"]
            avg_book_price = sum(book_prices) / len(book_prices) if book_prices else 0
            """,
         check=has("avg_book_price", 15.0),
         note="an empty filter (wrong case); guarding the division hides it"),
    case("unbound-local-counter", "UnboundLocalError",
         setup=r"""orders = [3, 5, 2]""",
         cell=r"""
            total_items = 0

            def add_order(n):
                total_items += n

            for n in orders:
                add_order(n)
            """,
         reference=r"""
            total_items = 0

            def add_order(n):
                global total_items
                total_items += n

            for n in orders:
                add_order(n)
            """,
         lazy=r"""
            total_items = 0

            def add_order(n):
                total_items = 0
                total_items += n

            for n in orders:
                add_order(n)
            """,
         check=has("total_items", 10),
         note="assignment makes the name local; a local 0 hides it"),
    case("import-json-normalize", "ImportError",
         setup=r"""
            records = [{"id": 1, "user": {"name": "Aoi", "city": "Tokyo"}},
                       {"id": 2, "user": {"name": "Ben", "city": "Osaka"}}]
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            from pandas.io.json import json_normalize

            flat = json_normalize(records)
            """,
         reference=r"""flat = pd.json_normalize(records)""",
         check=all_of(lambda ns: list(ns["flat"].columns) == ["id", "user.name", "user.city"],
                      col("flat", "user.city", ["Tokyo", "Osaka"])),
         note="old import path from pandas 0.x tutorials"),
    case("import-collections-iterable", "ImportError",
         setup=r"""nested = [1, [2, 3], [4, [5, "six"]]]""",
         cell=r"""
            from collections import Iterable

            def flatten(items):
                out = []
                for x in items:
                    if isinstance(x, Iterable) and not isinstance(x, str):
                        out.extend(flatten(x))
                    else:
                        out.append(x)
                return out

            flat = flatten(nested)
            """,
         reference=r"""
            from collections.abc import Iterable

            def flatten(items):
                out = []
                for x in items:
                    if isinstance(x, Iterable) and not isinstance(x, str):
                        out.extend(flatten(x))
                    else:
                        out.append(x)
                return out

            flat = flatten(nested)
            """,
         check=has("flat", [1, 2, 3, 4, 5, "six"]),
         note="ABCs left collections in Python 3.10"),
    case("unicode-cp932-ja", "UnicodeDecodeError", lang="ja", data=True,
         setup=r"""
            with open("sales_sjis.csv", "w", encoding="cp932") as f:
                f.write("店舗,売上\n新宿,1200\n渋谷,980\n")
            del f
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            # Excel から書き出した CSV を読み込む
            df = pd.read_csv("sales_sjis.csv")
            """,
         reference=r"""
            # Excel から書き出した CSV を読み込む
            df = pd.read_csv("sales_sjis.csv", encoding="cp932")
            """,
         lazy=r"""
            # Excel から書き出した CSV を読み込む
            df = pd.read_csv("sales_sjis.csv", encoding_errors="replace")
            """,
         check=all_of(lambda ns: list(ns["df"].columns) == ["店舗", "売上"],
                      col("df", "売上", [1200, 980])),
         note="Shift_JIS export; replacing bad bytes garbles the headers"),
    case("runtime-dict-changed", "RuntimeError",
         setup=r"""stock = {"apple": 12, "banana": 0, "cherry": 7, "kiwi": 0}""",
         cell=r"""
            for item, n in stock.items():
                if n == 0:
                    del stock[item]
            """,
         reference=r"""
            for item, n in list(stock.items()):
                if n == 0:
                    del stock[item]
            """,
         check=has("stock", {"apple": 12, "cherry": 7}),
         note="deleting from a dict while iterating over it"),
    case("assert-duplicates", "AssertionError", data=True,
         setup=r'''
            with open("export.csv", "w", encoding="utf-8") as f:
                f.write("""order_id,amount
            1,100
            2,250
            2,250
            3,80
            """)
            ''',
         before=[r"""
            import pandas as pd
            df = pd.read_csv("export.csv")
            """],
         cell=r"""
            assert df["order_id"].is_unique, "duplicate orders"
            revenue = df["amount"].sum()
            """,
         reference=r"""
            df = df.drop_duplicates()
            assert df["order_id"].is_unique, "duplicate orders"
            revenue = df["amount"].sum()
            """,
         lazy=r"""
            revenue = df["amount"].sum()
            """,
         check=all_of(has("revenue", 430), lambda ns: ns["df"]["order_id"].is_unique),
         note="the export repeats a row; deleting the assert double counts it"),
    case("json-single-quotes", "JSONDecodeError", data=True,
         setup=r"""
            with open("events.log", "w", encoding="utf-8") as f:
                f.write("{'user': 'aoi', 'clicks': 3}\n{'user': 'ben', 'clicks': 5}\n")
            del f
            """,
         before=[r"""import json"""],
         cell=r"""
            with open("events.log") as f:
                events = [json.loads(line) for line in f]
            clicks = sum(e["clicks"] for e in events)
            """,
         reference=r"""
            import ast

            with open("events.log") as f:
                events = [ast.literal_eval(line) for line in f]
            clicks = sum(e["clicks"] for e in events)
            """,
         check=all_of(has("clicks", 8),
                      lambda ns: [e["user"] for e in ns["events"]] == ["aoi", "ben"]),
         note="a log of printed Python dicts is not JSON"),
]


# ---------------------------------------------------------------------------- running a cell


class CaseSetupError(RuntimeError):
    """The case's own setup or ``before`` cells failed: a bug in the corpus."""


class CellTimeout(TimeoutError):
    pass


@dataclass
class CellRun:
    """What a cell did in the sandbox, as ``run_case_cell`` reports it.

    ``error`` is the name of the exception the cell raised (a compile error counts), or
    None; ``kinds`` the names of its class and base classes; ``text`` its repr; ``line``
    the line of the cell that raised. A cell the sandbox stopped counts as raising:
    ``CellTimeout`` when it ran past ``TIME_LIMIT``, ``Refused`` when it reached
    something the sandbox refuses, ``SandboxError`` when the run ended otherwise.
    ``check`` is the case's check on the namespace afterwards (None without a check
    or when the run ended early); ``output`` what the setup, the cells and it printed.
    """

    error: str | None = None
    kinds: tuple[str, ...] = ()
    text: str = ""
    line: int | None = None
    check: bool | None = None
    output: str = ""
    status: str = "passed"  # the sandbox's verdict
    reason: str = ""

    @property
    def passed(self) -> bool:
        """Ran without an error and the check holds."""
        return self.error is None and bool(self.check)


def _on_alarm(signum: int, frame: Any) -> None:
    raise CellTimeout(f"ran past {TIME_LIMIT} s")


@contextlib.contextmanager
def _time_limit():
    """``CellTimeout`` after ``TIME_LIMIT`` seconds, where an alarm can be set."""
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    old_handler = signal.signal(signal.SIGALRM, _on_alarm) if use_alarm else None
    if use_alarm:
        signal.alarm(TIME_LIMIT)
    try:
        yield
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old_handler)


def _prelude(case: Case, workdir: str, out: io.StringIO) -> dict:
    """A fresh namespace after the case's setup and ``before`` cells, run here in
    ``workdir`` (the corpus' own code, not a fix); ``__before__`` holds their names."""
    ns: dict = {"__name__": "__main__", "__builtins__": builtins, "WORKDIR": workdir}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, prelude in enumerate([case.setup, *case.before]):
            where = "<setup>" if k == 0 else f"<before {k}>"
            try:
                exec(compile(prelude, where, "exec"), ns)
            except BaseException as err:
                if isinstance(err, KeyboardInterrupt):
                    raise
                raise CaseSetupError(f"{case.id}: {where} raised {err!r}") from err
    ns["__before__"] = {k: v for k, v in ns.items() if not k.startswith("__")}
    return ns


def failing_state(case: Case, workdir: str) -> tuple[dict, BaseException | None]:
    """The namespace and the live exception after the case's own failing cell, run here.

    For the diagnosis, which needs both live. Only the corpus' code runs in this
    process (setup, ``before``, ``case.cell`` as written); a proposed fix runs in the
    sandbox, through ``run_case_cell``. The case runs in ``workdir``, left in place for
    the caller. Output goes to ``ns["__output__"]``, open figures to ``ns["__figures__"]``.
    """
    plt.close("all")
    old_cwd, out, exc = os.getcwd(), io.StringIO(), None
    ns: dict = {}
    try:
        os.chdir(workdir)
        with _time_limit():
            ns = _prelude(case, workdir, out)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(case.cell, "<cell>", "exec"), ns)
                except BaseException as err:  # noqa: BLE001 - the cell's failure is the result
                    if isinstance(err, KeyboardInterrupt):
                        raise
                    exc = err
    finally:
        os.chdir(old_cwd)
        ns["__figures__"] = [plt.figure(n) for n in plt.get_fignums()]
        plt.close("all")
        ns["__output__"] = out.getvalue()
    return ns, exc


def _exec_cell(ns: dict) -> None:
    """In the sandbox's child: run ``ns["__cell__"]`` as the file ``<cell>``, keeping
    its exception and output in the namespace for the probe."""
    out = io.StringIO()
    out.write(ns["__output__"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(ns["__cell__"], "<cell>", "exec"), ns)
    except BaseException as err:  # noqa: BLE001 - the cell's failure is the result
        ns["__error__"] = err
    ns["__output__"] = out.getvalue()


def _probe(case: Case, ns: dict) -> dict:
    """In the sandbox's child, after the cell: the check and the error, as JSON."""
    ns["__figures__"] = [plt.figure(n) for n in plt.get_fignums()]
    answer: dict = {"output": ns["__output__"], "check": case.check(ns) if case.check else None}
    err = ns.get("__error__")
    if err is not None:
        try:
            text = repr(err)
        except Exception:  # noqa: BLE001
            text = f"<{type(err).__name__}>"
        tb, line = err.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<cell>":
                line = tb.tb_lineno
            tb = tb.tb_next
        answer.update(error=type(err).__name__, kinds=[c.__name__ for c in type(err).__mro__],
                      text=text, line=line)
    return answer


def run_case_cell(case: Case, source: str) -> CellRun:
    """Run setup, the ``before`` cells, then ``source`` in a fresh namespace and folder.

    Setup and ``before`` (the corpus' code) run here, in a temporary folder; ``source``
    runs in the dry-run sandbox (``run_sandboxed``: a forked, contained copy of this
    process, whose writes go to a scratch folder that is thrown away), and the case's
    check runs there after it, as the sandbox's probe. Returns a ``CellRun``; raises
    ``CaseSetupError`` when the setup or a ``before`` cell fails.
    """
    plt.close("all")
    old_cwd, out = os.getcwd(), io.StringIO()
    workdir = tempfile.mkdtemp(prefix="fixcase-")
    try:
        os.chdir(workdir)
        with _time_limit():
            ns = _prelude(case, workdir, out)
        ns.update(__cell__=source, __output__=out.getvalue(), __exec_cell__=_exec_cell)
        outcome = run_sandboxed("__exec_cell__(globals())\n", ns, timeout=TIME_LIMIT,
                                probe=functools.partial(_probe, case), source_is_python=True)
    finally:
        os.chdir(old_cwd)
        plt.close("all")
        shutil.rmtree(workdir, ignore_errors=True)
    return _cell_run(outcome)


def _cell_run(outcome: Outcome) -> CellRun:
    answer = outcome.probe if isinstance(outcome.probe, dict) else {}
    run = CellRun(error=answer.get("error"), kinds=tuple(answer.get("kinds", ())),
                  text=answer.get("text", ""), line=answer.get("line"), check=answer.get("check"),
                  output=answer.get("output", outcome.output), status=outcome.status,
                  reason=outcome.reason)
    if run.error is None and outcome.status != "passed":
        error = ("CellTimeout" if outcome.details.get("timed_out") else
                 "Refused" if outcome.status == "incomplete" else "SandboxError")
        run.error, run.text, run.check = error, f"{error}({outcome.reason!r})", None
        run.kinds = (tuple(k.__name__ for k in CellTimeout.__mro__) if error == "CellTimeout"
                     else (error, "Exception", "BaseException", "object"))
    elif run.error is None and not answer:
        run.error, run.text = "SandboxError", "SandboxError('the check did not answer')"
        run.kinds = ("SandboxError", "Exception", "BaseException", "object")
    return run


# ---------------------------------------------------------------------------- the corpus check

# (row, share of errors in public notebooks, minimum number of cases)
TARGETS: list[tuple[str, float, int]] = [
    ("NameError", 0.21, 13),
    ("TypeError", 0.13, 8),
    ("ValueError", 0.10, 6),
    ("AttributeError", 0.07, 5),
    ("SyntaxError", 0.06, 4),
    ("KeyError", 0.05, 4),
    ("ModuleNotFoundError", 0.04, 3),
    ("FileNotFoundError", 0.03, 2),
    ("IndexError", 0.03, 2),
    ("out-of-order", 0.12, 8),
]
# exception names filed under a row of TARGETS (each is a subclass of that row's class)
FAMILY = {"IndentationError": "SyntaxError", "TabError": "SyntaxError",
          "IntCastingNaNError": "ValueError"}
MINIMUMS = {"cases": 64, "ja": 10, "trap": 6, "data": 6}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def category(case: Case) -> str:
    """The row of TARGETS the case counts under, or "other"."""
    if case.out_of_order:
        return "out-of-order"
    name = FAMILY.get(case.error, case.error)
    return name if any(name == row for row, _, _ in TARGETS) else "other"


def _problems(case: Case) -> list[str]:
    bad: list[str] = []
    if case.check is None and case.check_source is None:
        bad.append("no check and no check_source")
    if case.reference == case.cell:
        bad.append("reference equals the cell")
    if case.lang not in ("en", "ja"):
        bad.append(f"lang {case.lang!r}")
    if case.lang == "ja" and not _JAPANESE.search(case.cell):
        bad.append("ja case without Japanese in the cell")

    failing = run_case_cell(case, case.cell)
    got = failing.error or "no error"
    if got != case.error:
        bad.append(f"cell raised {got}, expected {case.error}")
    row = category(case)
    if case.out_of_order and case.error != "NameError":
        bad.append("out-of-order case must raise NameError")
    if failing.error is not None and row not in ("other", "out-of-order"):
        if row not in failing.kinds:
            bad.append(f"{got} is not a {row}")
    if case.check is not None and failing.check:
        bad.append("check passes on the failing state")

    if case.check is not None:
        ref = run_case_cell(case, case.reference)
        if ref.error is not None:
            bad.append(f"reference raised {ref.text}")
        elif not ref.check:
            bad.append("reference fails check")
    if case.check_source is not None:
        if not case.check_source(case.reference):
            bad.append("reference fails check_source")
        if case.check_source(case.cell):
            bad.append("check_source passes the unfixed cell")

    if case.lazy:
        if case.check is not None:
            lazy = run_case_cell(case, case.lazy)
            if lazy.error is not None:
                bad.append(f"lazy fix raised {lazy.text}")
            elif lazy.check:
                bad.append("lazy fix passes check")
        elif case.check_source is not None and case.check_source(case.lazy):
            bad.append("lazy fix passes check_source")

    if case.check is not None and not case.error.endswith(("SyntaxError", "IndentationError")):
        # the two most common lazy fixes must fail too: a blanket try/except ...
        wrapped = "try:\n" + textwrap.indent(case.cell, "    ") + "\nexcept Exception:\n    pass"
        if run_case_cell(case, wrapped).passed:
            bad.append("a try/except around the cell passes check")
        # ... and deleting the line that raised
        if line := failing.line:
            lines = case.cell.splitlines()
            cut = "\n".join(lines[:line - 1] + lines[line:]) or "pass"
            try:
                compile(cut, "<cell>", "exec")
            except SyntaxError:
                cut = ""
            if cut:
                if run_case_cell(case, cut).passed:
                    bad.append(f"deleting line {line} passes check")

    if case.advice_cell is not None:
        at = len(case.before) + 1
        if not 1 <= case.advice_cell <= len(case.page) or case.advice_cell == at:
            bad.append(f"advice_cell {case.advice_cell} out of range or the cell itself")
        else:
            advised = case.page[case.advice_cell - 1]
            first = run_case_cell(case, advised + "\n\n" + case.cell)
            if first.error is not None:
                bad.append(f"running cell {case.advice_cell} first still raises {first.text}")
            elif case.check is not None and not first.check:
                bad.append(f"running cell {case.advice_cell} first fails check")
    return bad


def validate(cases: list[Case] | None = None, verbose: bool = True) -> bool:
    """Check every case and the corpus' make-up; print a table. True when all is well."""
    cases = CASES if cases is None else cases
    say = print if verbose else (lambda *a, **k: None)
    ok = True

    ids = [c.id for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        ok = False
        say(f"duplicate ids: {', '.join(dupes)}")

    say(f"{'id':34} {'error':20} {'row':19} {'lang':4} {'flags':9} {'s':>5}  result")
    for c in cases:
        start = time.perf_counter()
        try:
            bad = _problems(c)
        except CaseSetupError as err:
            bad = [str(err)]
        seconds = time.perf_counter() - start
        flags = "".join(f for f, on in (("T", bool(c.lazy)), ("D", c.data),
                                         ("O", c.out_of_order), ("S", c.check is None)) if on)
        ok = ok and not bad
        say(f"{c.id:34} {c.error:20} {category(c):19} {c.lang:4} {flags:9} {seconds:5.2f}  "
            + ("ok" if not bad else "FAIL: " + "; ".join(bad)))
    say("flags: T trap (lazy fix given), D data-caused, O out-of-order, S judged on source")

    n = len(cases)
    rows = [category(c) for c in cases]
    say(f"\n{'row':20} {'cases':>5} {'share':>7} {'target':>7} {'min':>4}")
    for row, share, minimum in TARGETS:
        k = rows.count(row)
        mark = "" if k >= minimum else "  TOO FEW"
        ok = ok and k >= minimum
        say(f"{row:20} {k:5d} {k / n:7.1%} {share:7.1%} {minimum:4d}{mark}")
    k = rows.count("other")
    say(f"{'other':20} {k:5d} {k / n:7.1%} {1 - sum(s for _, s, _ in TARGETS):7.1%}")

    counts = {"cases": n, "ja": sum(c.lang == "ja" for c in cases),
              "trap": sum(bool(c.lazy) for c in cases), "data": sum(c.data for c in cases)}
    say("\n" + ", ".join(f"{k}: {v} (min {MINIMUMS[k]})" for k, v in counts.items()))
    for key, value in counts.items():
        if value < MINIMUMS[key]:
            ok = False
            say(f"too few {key}: {value} < {MINIMUMS[key]}")
    say("corpus valid" if ok else "corpus INVALID")
    return ok


if __name__ == "__main__":
    sys.exit(0 if validate() else 1)
