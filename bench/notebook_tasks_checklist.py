"""Notebook tasks that each state several checkable requirements: the checklist split
(42 tasks, 16 in Japanese). Held out: nothing that turns a request into a checklist may be
tuned on these requests or their checklists; read them only to score.

    python bench/notebook_tasks.py --split checklist [--models A,B] [--modes single,loop,k4]
    cd bench && ../.venv/bin/python -c "import sys; sys.path.insert(0, '.'); \\
        import notebook_tasks as nt; from notebook_tasks_checklist import TASKS; \\
        raise SystemExit(nt.verify({'checklist': TASKS}))"

The second command checks the checks without a model: every reference answer passes,
every ``wrong`` answer and an empty answer fail, each run in the dry-run sandbox.

Each request asks for three to six things at once: a bar chart sorted from most to least
with a given y label and the Axes kept in ``ax``; one row per customer with these columns,
only the paid orders, the largest total first; a copy without the missing readings, the
times parsed, the input left as it was; a function of two parameters; no file written.
The check of a task holds only when every one of them is met and the values are right.
Each ``wrong`` answer runs cleanly and misses exactly one stated requirement.

``requirements`` is the hand-written checklist of each request, in this form: a dict
``{"kind": K, "target": NAME_OR_NONE, "value": V, "phrase": P}``, where ``phrase`` is the
exact part of the request the requirement comes from (it occurs in the request as
written), ``target`` is the variable the requirement is about (None when the request names
none) and ``kind`` and ``value`` are one of:

- ``binds``: the request asks for a variable of a kind; value is one of "DataFrame",
  "Series", "Axes", "Figure", "function", "scalar", "dict", "list"
- ``columns``: value is the list of column names the result has
- ``index``: value is the column or level that is the index
- ``length``: value is the number of rows or items (an int)
- ``shape``: value is ``[rows, cols]``
- ``arity``: value is the number of parameters of the function named by target
- ``xlabel`` / ``ylabel``: value is the exact label text
- ``title``: value is a word or phrase the title contains
- ``legend``: value is True
- ``lines`` / ``bars``: value is the number of lines or bars drawn
- ``plot_kind``: value is one of "bar", "barh", "line", "scatter", "hist", "pie", "box"
- ``sorted``: value is ``{"by": column or None (the values themselves), "descending": bool}``
- ``top``: value is N, only the first N rows or items are kept
- ``filter``: value is a pandas query string that every kept row satisfies
- ``one_row_per``: value is a column; the result has exactly one row per value of it
- ``unique``: value is a column whose values are all different
- ``no_missing``: value is a column, or None for no NaN anywhere
- ``dtype``: value is ``{"column": name or None, "type": "datetime" | "integer" | "float"
  | "string" | "bool"}``
- ``unchanged``: target is an input variable the request says must not be modified
  (value None)
- ``no_write``: value is a file name, or None for no file at all

A checklist holds only what the words of the request state, never what common sense
would add. The namespaces are small and deterministic, with the snags that make a
requirement matter: missing values, a product listed twice, prices and scores held as
text, rows out of order, log rows recorded twice.
"""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing from bench/ must not leave a __pycache__ there
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle, Wedge  # noqa: E402

from notebook_task import Task  # noqa: E402

NAN = np.nan
T = pd.Timestamp

# ------------------------------------------------------------------ data sets

_SIGNUPS = [  # week, channel, sign-ups; rows out of week order, one count missing
    ("2024-01-15", "ads", 40), ("2024-01-01", "email", 12), ("2024-01-08", "social", 22),
    ("2024-01-01", "ads", 25), ("2024-01-08", "referral", 9), ("2024-01-15", "social", 35),
    ("2024-01-08", "email", NAN), ("2024-01-01", "social", 18), ("2024-01-08", "ads", 30),
    ("2024-01-15", "email", 20), ("2024-01-01", "referral", 5)]

_ORDERS = [  # order_id, customer, order_date (text), amount, status
    (1001, "sato", "2024-03-02", 120.0, "paid"), (1002, "ito", "2024-03-05", 80.0, "paid"),
    (1003, "sato", "2024-02-28", NAN, "paid"), (1004, "mori", "2024-03-10", 200.0, "refunded"),
    (1005, "ito", "2024-03-11", 45.0, "paid"), (1006, "abe", "2024-01-20", 60.0, "paid"),
    (1007, "sato", "2024-03-15", 30.0, "cancelled"), (1008, "mori", "2024-02-02", 150.0, "paid"),
    (1009, "ito", "2024-03-20", 95.0, "paid"), (1010, "abe", "2024-03-21", 40.0, "paid")]

_READINGS = [  # sensor, time (text), temp_c, humidity; out of time order, two temps missing
    ("s2", "2024-05-01 09:00", 19.5, 57), ("s1", "2024-05-01 08:00", 21.5, 40),
    ("s3", "2024-05-01 10:00", 26.0, 31), ("s1", "2024-05-01 11:00", NAN, 39),
    ("s2", "2024-05-01 08:00", 19.0, 55), ("s3", "2024-05-01 09:00", NAN, 33),
    ("s1", "2024-05-01 10:00", 22.5, 41), ("s2", "2024-05-01 10:00", 20.0, 56),
    ("s1", "2024-05-01 09:00", 23.0, 42), ("s3", "2024-05-01 08:00", 25.5, 30)]

_HOME = [120, 135, 128, 150, 160, 90, 85, 140, 155, 149, 170, 95, 88, 162]  # 1 to 14 June
_PRICING = {1: 30, 2: 32, 3: 28, 4: 41, 6: 45, 7: 20, 8: 38, 9: 40, 10: 44, 12: 25, 13: 22, 14: 47}


def _frame(rows: list, columns: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def _ns(**frames) -> dict:
    return {"pd": pd, "np": np, "plt": plt, **frames}


def growth() -> dict:
    return _ns(signups=_frame(_SIGNUPS, "week channel signups"))


def orders() -> dict:
    return _ns(orders=_frame(_ORDERS, "order_id customer order_date amount status"))


def sensors() -> dict:
    return _ns(readings=_frame(_READINGS, "sensor time temp_c humidity"))


def shop() -> dict:
    # the pen (B2) is listed twice in products, and prices are text
    return _ns(
        stores=_frame([("S1", "Osaka", "west"), ("S2", "Tokyo", "east"), ("S3", "Nagoya", "central"),
                       ("S4", "Tokyo", "east")], "store city region"),
        products=_frame([("A1", "mug", "4.50", 1), ("B2", "pen", "1.20", 2), ("C3", "lamp", "17.50", 3),
                         ("D4", "desk", "120.00", 3), ("E5", "chair", "45.00", 3), ("B2", "pen", "1.20", 2)],
                        "sku name price category_id"),
        categories=_frame([(1, "kitchen"), (2, "office"), (3, "furniture")], "category_id category"),
        sales=_frame([("S1", "A1", 10), ("S2", "B2", 40), ("S1", "C3", 2), ("S3", "A1", 6), ("S4", "E5", 3),
                      ("S2", "D4", 1), ("S3", "B2", 25), ("S1", "E5", 1), ("S4", "A1", 8), ("S2", "C3", 4)],
                     "store sku qty"))


def survey() -> dict:
    # scores are text, one with a space, one answer missing
    return _ns(survey=pd.DataFrame({
        "respondent": list(range(1, 11)),
        "team": ["sales", "dev", "dev", "ops", "sales", "dev", "ops", "sales", "ops", "dev"],
        "score": ["4", "5", " 3", "2", None, "5", "4", "1", "3", "4"]}))


def members() -> dict:
    # the same people signed up twice under differently written e-mails
    return _ns(customers=_frame([
        (1, "Sato Ken", "ken@ex.jp", "pro", "2023-04-01"), (2, " ito yui", "Yui@ex.jp", "free", "2023-05-12"),
        (3, "KATO Jun", "jun@ex.jp", "pro", "2023-06-30"), (4, "Mori Aya", "aya@ex.jp", "team", "2023-07-04"),
        (5, "sato ken", "KEN@ex.jp", "pro", "2023-09-15"), (6, "Abe Rin", "rin@ex.jp", "free", "2023-10-01"),
        (7, "Kato Jun", "jun@ex.jp", "pro", "2024-01-09")], "customer_id name email plan joined"))


def _visit_rows() -> list:
    rows = [(f"2024-06-{d:02d}", "home", v) for d, v in enumerate(_HOME, 1)]
    return rows + [(f"2024-06-{d:02d}", "pricing", v) for d, v in _PRICING.items()]


def traffic() -> dict:
    rows = _visit_rows() + [("2024-06-14", "pricing", 47), ("2024-06-02", "pricing", 32)]  # logged twice
    order = np.random.RandomState(7).permutation(len(rows))
    return _ns(visits=_frame([rows[i] for i in order], "date page views"))


_LISTED: dict = {}


def _watched(factory):
    """``factory``, also noting what the current folder holds: the benchmark builds the
    namespace just before it runs the answer, so a check can tell which files are new."""
    def setup() -> dict:
        _LISTED["before"] = set(os.listdir("."))
        return factory()
    setup.__name__ = factory.__name__
    return setup


# ------------------------------------------------------------------ checks

def _plain(v):
    """A cell as a comparable plain value: timestamps as text, numbers as rounded floats."""
    if isinstance(v, (pd.Timestamp, np.datetime64)):
        return str(pd.Timestamp(v))
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return "nan" if pd.isna(v) else round(float(v), 6)
    return v


def _tuples(rows) -> list:
    return [tuple(_plain(v) for v in r) for r in rows]


def _has_rows(df, want: list, ordered: bool = True) -> bool:
    if not isinstance(df, pd.DataFrame):
        return False
    got, want = _tuples(df.itertuples(index=False)), _tuples(want)
    return got == want if ordered else sorted(got, key=repr) == sorted(want, key=repr)


def _df(ns: dict, name: str, columns: str | None = None):
    """``ns[name]`` if it is a DataFrame (with exactly these columns, in this order)."""
    df = ns.get(name)
    if not isinstance(df, pd.DataFrame) or (columns and list(df.columns) != columns.split()):
        return None
    return df


def _series(ns: dict, name: str, want: dict) -> bool:
    """A Series (not a frame) with these labels and values, in this order."""
    s = ns.get(name)
    return isinstance(s, pd.Series) and _tuples(s.items()) == _tuples(want.items())


def _number(ns: dict, name: str, want: float, kind=(int, float, np.integer, np.floating)) -> bool:
    v = ns.get(name)
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, kind):
        return False
    return abs(float(v) - want) <= 1e-6 * max(1.0, abs(want))


def _close(got, want) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-9, equal_nan=True))


def _kept(ns: dict, factory, *names: str) -> bool:
    """The inputs ``names`` are as ``factory`` built them: same values, dtypes, order."""
    fresh = factory()
    return all(isinstance(ns.get(n), pd.DataFrame) and ns[n].equals(fresh[n])
               and list(ns[n].columns) == list(fresh[n].columns) for n in names)


def _no_new_files(name: str | None = None) -> bool:
    return set(os.listdir(".")) <= _LISTED.get("before", set()) and not (name and os.path.exists(name))


def _dates(column) -> bool:
    return pd.api.types.is_datetime64_any_dtype(column)


def _arity(ns: dict, name: str, n: int) -> bool:
    f = ns.get(name)
    return inspect.isfunction(f) and len(inspect.signature(f).parameters) == n


def _chart(ns: dict, name: str | None = "ax", xlabel=None, ylabel=None, title=None, legend=None):
    """The Axes asked for (``ns[name]``, or the only Axes drawn when the request names
    none) if its labels are exactly these, its title contains ``title`` and its legend
    shows exactly the labels in ``legend``; else None."""
    if name is None:
        axes = [a for k in plt.get_fignums() for a in plt.figure(k).axes]
        ax = axes[0] if len(axes) == 1 else None
    else:
        ax = ns.get(name)
    if not isinstance(ax, Axes):
        return None
    ax.figure.canvas.draw()
    if (xlabel is not None and ax.get_xlabel() != xlabel) or (ylabel is not None and ax.get_ylabel() != ylabel):
        return None
    if title is not None and title.lower() not in ax.get_title().lower():
        return None
    if legend is not None:
        shown = ax.get_legend()
        if shown is None or not shown.get_visible() or {t.get_text() for t in shown.get_texts()} != legend:
            return None
    return ax


def _bars(ax, horizontal: bool = False) -> list:
    """(tick label, length) of each bar in reading order: left to right, or top to bottom."""
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    axis = ax.yaxis if horizontal else ax.xaxis
    ticks = dict(zip(axis.get_majorticklocs(), (t.get_text() for t in axis.get_majorticklabels())))

    def centre(r):
        return r.get_y() + r.get_height() / 2 if horizontal else r.get_x() + r.get_width() / 2

    def label(r):
        near = [loc for loc in ticks if abs(loc - centre(r)) < 0.3]
        return ticks[near[0]] if near else ""

    inverted = bool(ax.yaxis_inverted() if horizontal else ax.xaxis_inverted())
    rects.sort(key=centre, reverse=horizontal != inverted)
    return [(label(r), round(float(r.get_width() if horizontal else r.get_height()), 6)) for r in rects]


def _hist(ax) -> list | None:
    """The bin heights of a histogram (bars that touch), left to right."""
    rects = sorted((p for p in ax.patches if isinstance(p, Rectangle)), key=lambda r: r.get_x())
    touching = all(abs(a.get_x() + a.get_width() - b.get_x()) <= 1e-6 * a.get_width()
                   for a, b in zip(rects, rects[1:]))
    return [round(r.get_height(), 6) for r in rects] if rects and touching else None


def _same_lines(ax, want: list) -> bool:
    """The lines drawn are these y values (missing points left out), in any order of lines."""
    got = [[round(float(y), 6) for y in np.asarray(line.get_ydata(), dtype=float) if not np.isnan(y)]
           for line in ax.get_lines()]
    return sorted(got) == sorted([[round(float(y), 6) for y in w] for w in want])


def _points(ax) -> list:
    pts = [p for c in ax.collections for p in np.asarray(c.get_offsets(), dtype=float)]
    return sorted((round(x, 6), round(y, 6)) for x, y in pts if np.isfinite(x) and np.isfinite(y))


def _pie(ax) -> list:
    return sorted(round((w.theta2 - w.theta1) / 360, 4) for w in ax.patches if isinstance(w, Wedge))


def _box_medians(ax) -> dict:
    """Each box's median by tick label: the middle of the three flat segments (cap, median,
    cap) drawn at its position."""
    flats = [line for line in ax.get_lines() if len(line.get_ydata()) == 2
             and line.get_ydata()[0] == line.get_ydata()[1]]
    out = {}
    for loc, text in zip(ax.get_xticks(), ax.get_xticklabels()):
        ys = sorted(float(f.get_ydata()[0]) for f in flats if abs(np.mean(f.get_xdata()) - loc) < 0.3)
        out[text.get_text()] = ys[1] if len(ys) == 3 else None
    return out


def R(kind: str, target, value, phrase: str) -> dict:
    """One requirement of a checklist."""
    return {"kind": kind, "target": target, "value": value, "phrase": phrase}


def _sorted(by, descending: bool) -> dict:
    return {"by": by, "descending": descending}


def _dtype(column, type_: str) -> dict:
    return {"column": column, "type": type_}


MARCH = "order_date >= '2024-03-01' and order_date < '2024-04-01'"
TOTALS = [("ads", 95.0), ("social", 75.0), ("email", 32.0), ("referral", 14.0)]
PRICE = "price = products.drop_duplicates('sku').set_index('sku')['price'].astype(float)\n"
NAMES = "names = products.drop_duplicates('sku').set_index('sku')['name']\n"
PANELS = ("fig, (left, right) = plt.subplots(1, 2)\n"
          "signups.groupby('channel')['signups'].sum().plot.bar(ax=left)\n"
          "weekly = signups.groupby('week')['signups'].sum()\n")
ROLLED = ("ax = home.set_index('date')['views'].rolling(3).mean().plot()\n"
          "ax.set_xlabel('Date')\nax.set_ylabel('Views (3-day mean)')")
PER_CUSTOMER = ("per_customer = ({}.groupby('customer').agg(orders=('order_id', 'count'), total=('amount', 'sum'))"
                ".reset_index().sort_values('total', ascending=False))")

# ------------------------------------------------------------------ expected values

_TEMPS = [r for r in _READINGS if not np.isnan(r[2])]
_CLEAN = [(s, T(t), c, h) for s, t, c, h in _TEMPS]
_DEDUP = [(T(d), p, v) for d, p, v in _visit_rows()]
_DAILY = [v + _PRICING.get(d, 0) for d, v in enumerate(_HOME, 1)]
_ROLLING = [sum(_HOME[i - 2:i + 1]) / 3 for i in range(2, len(_HOME))]


def _top_channels(ns: dict) -> bool:
    if not _arity(ns, "top_channels", 2):
        return False
    frame = growth()["signups"]
    two, four = ns["top_channels"](frame, 2), ns["top_channels"](frame, 4)
    return (isinstance(two, list) and two == ["ads", "social"] and isinstance(four, list)
            and four == ["ads", "social", "email", "referral"] and frame.equals(growth()["signups"]))


def _pivot(ns: dict, name: str, shape: tuple, integer: bool = False) -> bool:
    df = ns.get(name)
    want = {"ads": [25, 30, 40], "email": [12, 0, 20], "referral": [5, 9, 0], "social": [18, 22, 35]}
    return (isinstance(df, pd.DataFrame) and df.shape == shape and not df.isna().any().any()
            and [str(w)[:10] for w in df.index] == ["2024-01-01", "2024-01-08", "2024-01-15"]
            and sorted(df.columns) == sorted(want) and all(_close(df[c], want[c]) for c in want)
            and (not integer or all(pd.api.types.is_integer_dtype(t) for t in df.dtypes)))


def _crosstab(ns: dict) -> bool:
    df = ns.get("counts")
    if not isinstance(df, pd.DataFrame) or df.shape != (3, 5):
        return False
    want = {"sales": [1, 0, 0, 1, 0], "dev": [0, 0, 1, 1, 2], "ops": [0, 1, 1, 1, 0]}
    return (list(df.columns) == [1, 2, 3, 4, 5] and all(isinstance(c, (int, np.integer)) for c in df.columns)
            and all(pd.api.types.is_integer_dtype(t) for t in df.dtypes)
            and {str(k): [int(v) for v in row] for k, row in zip(df.index, df.to_numpy())} == want)


def _corr(ns: dict) -> bool:
    df = ns.get("corr")
    r = float(np.corrcoef([t[2] for t in _TEMPS], [t[3] for t in _TEMPS])[0, 1])
    return (isinstance(df, pd.DataFrame) and df.shape == (2, 2) and not df.isna().any().any()
            and set(df.columns) == set(df.index) == {"temp_c", "humidity"}
            and _close(df.loc["temp_c", "humidity"], r) and _close(df.loc["temp_c", "temp_c"], 1.0))


def _latest_temp(ns: dict) -> bool:
    df = _df(ns, "latest_temp", "sensor time temp_c")
    if df is None or len(df) != 3 or df.isna().any().any():
        return False
    got = sorted((s, str(T(t)), float(c)) for s, t, c in df.itertuples(index=False))
    return got == [("s1", "2024-05-01 10:00:00", 22.5), ("s2", "2024-05-01 10:00:00", 20.0),
                   ("s3", "2024-05-01 10:00:00", 26.0)]


def _daily(ns: dict) -> bool:
    s = ns.get("daily")
    if not isinstance(s, pd.Series) or len(s) != 14:
        return False
    return [str(T(k).date()) for k in s.index] == [f"2024-06-{d:02d}" for d in range(1, 15)] and _close(s, _DAILY)


def _two_panels(ns: dict) -> bool:
    fig = ns.get("fig")
    if not isinstance(fig, Figure) or len(fig.axes) != 2:
        return False
    fig.canvas.draw()
    left, right = sorted(fig.axes, key=lambda a: a.get_position().x0)
    return (sorted(_bars(left)) == sorted(TOTALS) and _same_lines(right, [[60, 61, 95]])
            and not right.patches and "weekly total" in right.get_title().lower())


def _fill_median(ns: dict) -> bool:
    if not _arity(ns, "fill_median", 2):
        return False
    given = sensors()["readings"]
    out = ns["fill_median"](given, "temp_c")
    want = [22.0 if np.isnan(r[2]) else r[2] for r in _READINGS]
    return (isinstance(out, pd.DataFrame) and _close(out["temp_c"], want)
            and int(given["temp_c"].isna().sum()) == 2 and _no_new_files())


def _week_counts(ns: dict) -> bool:
    if not _arity(ns, "week_counts", 1):
        return False
    s = ns["week_counts"]("2024-01-08")
    return (isinstance(s, pd.Series) and {str(k): float(v) for k, v in s.dropna().items()}
            == {"ads": 30.0, "referral": 9.0, "social": 22.0} and _kept(ns, growth, "signups"))


def _pricing_top(ns: dict) -> bool:
    df = _df(ns, "pricing_top", "date views")
    return df is not None and [(str(T(d).date()), float(v)) for d, v in zip(df["date"], df["views"])] == [
        ("2024-06-14", 47.0), ("2024-06-06", 45.0), ("2024-06-10", 44.0), ("2024-06-04", 41.0), ("2024-06-09", 40.0)]


def _rolling(ns: dict) -> bool:
    ax = _chart(ns, None, xlabel="Date", ylabel="Views (3-day mean)")
    if ax is None or len(ax.get_lines()) != 1:
        return False
    ys = [y for y in np.asarray(ax.get_lines()[0].get_ydata(), dtype=float) if not np.isnan(y)]
    return len(ys) in (12, 14) and _close(ys[-12:], _ROLLING)


# ------------------------------------------------------------------ the tasks

G, O, S, SH, SV, M, V = growth, orders, sensors, shop, survey, members, traffic
TASKS = [
    Task("en", G, "Draw a bar chart of total sign-ups per channel, sorted from most to least, with the y-axis "
                  "labelled 'Sign-ups', and keep the Axes in `ax`.",
         lambda ns: (ax := _chart(ns, ylabel="Sign-ups")) is not None and _bars(ax) == TOTALS,
         reference="ax = signups.groupby('channel')['signups'].sum().sort_values(ascending=False).plot.bar()\n"
                   "ax.set_ylabel('Sign-ups')",
         wrong="ax = signups.groupby('channel')['signups'].sum().sort_values().plot.bar()\nax.set_ylabel('Sign-ups')",
         requirements=[R("binds", "ax", "Axes", "keep the Axes in `ax`"), R("plot_kind", "ax", "bar", "a bar chart"),
                       R("sorted", "ax", _sorted(None, True), "sorted from most to least"),
                       R("ylabel", "ax", "Sign-ups", "the y-axis labelled 'Sign-ups'")]),
    Task("en", G, "Draw a line chart of weekly sign-ups for ads, email and social (three lines, one per channel), "
                  "with a legend, the x-axis labelled 'Week' and a title that mentions 'sign-ups'; keep the Axes "
                  "in `ax`.",
         lambda ns: (ax := _chart(ns, xlabel="Week", title="sign-ups", legend={"ads", "email", "social"}))
         is not None and _same_lines(ax, [[25, 30, 40], [12, 20], [18, 22, 35]]),
         reference="wide = signups.pivot(index='week', columns='channel', values='signups')[['ads', 'email', 'social']]\n"
                   "ax = wide.plot(title='Weekly sign-ups per channel')\nax.set_xlabel('Week')",
         wrong="wide = signups.pivot(index='week', columns='channel', values='signups')[['ads', 'email', 'social']]\n"
               "ax = wide.plot(title='Weekly sign-ups per channel', legend=False)\nax.set_xlabel('Week')",
         requirements=[R("plot_kind", "ax", "line", "a line chart"), R("lines", "ax", 3, "three lines"),
                       R("legend", "ax", True, "with a legend"), R("xlabel", "ax", "Week", "the x-axis labelled 'Week'"),
                       R("title", "ax", "sign-ups", "a title that mentions 'sign-ups'"),
                       R("binds", "ax", "Axes", "keep the Axes in `ax`")]),
    Task("en", O, "Make `per_customer`, a DataFrame with one row per customer and the columns `customer`, `orders` "
                  "(the number of orders) and `total` (the summed amount), counting only orders whose status is "
                  "'paid', sorted by `total` from highest to lowest.",
         lambda ns: _has_rows(_df(ns, "per_customer", "customer orders total"),
                              [("ito", 3, 220), ("mori", 1, 150), ("sato", 2, 120), ("abe", 2, 100)]),
         reference="paid = orders[orders['status'] == 'paid']\n" + PER_CUSTOMER.format("paid"),
         wrong=PER_CUSTOMER.format("orders"),
         requirements=[R("binds", "per_customer", "DataFrame", "Make `per_customer`, a DataFrame"),
                       R("one_row_per", "per_customer", "customer", "one row per customer"),
                       R("columns", "per_customer", ["customer", "orders", "total"],
                         "the columns `customer`, `orders` (the number of orders) and `total`"),
                       R("filter", "per_customer", "status == 'paid'", "counting only orders whose status is 'paid'"),
                       R("sorted", "per_customer", _sorted("total", True), "sorted by `total` from highest to lowest")]),
    Task("en", O, "Convert `order_date` in `orders` to datetime, then make a DataFrame `big_march` with the orders "
                  "placed in March 2024 with an amount over 50, keeping only the columns `order_id`, `customer`, "
                  "`order_date` and `amount`.",
         lambda ns: _dates(ns["orders"]["order_date"]) and _has_rows(
             _df(ns, "big_march", "order_id customer order_date amount"),
             [(1001, "sato", T("2024-03-02"), 120), (1002, "ito", T("2024-03-05"), 80),
              (1004, "mori", T("2024-03-10"), 200), (1009, "ito", T("2024-03-20"), 95)]),
         reference="orders['order_date'] = pd.to_datetime(orders['order_date'])\n"
                   "d = orders['order_date']\n"
                   "m = orders[(d.dt.year == 2024) & (d.dt.month == 3) & (orders['amount'] > 50)]\n"
                   "big_march = m[['order_id', 'customer', 'order_date', 'amount']]",
         wrong="d = pd.to_datetime(orders['order_date'])\n"
               "m = orders[(d.dt.year == 2024) & (d.dt.month == 3) & (orders['amount'] > 50)]\n"
               "big_march = m[['order_id', 'customer', 'order_date', 'amount']]",
         requirements=[R("dtype", "orders", _dtype("order_date", "datetime"), "Convert `order_date` in `orders` to datetime"),
                       R("binds", "big_march", "DataFrame", "a DataFrame `big_march`"),
                       R("filter", "big_march", MARCH, "placed in March 2024"),
                       R("filter", "big_march", "amount > 50", "an amount over 50"),
                       R("columns", "big_march", ["order_id", "customer", "order_date", "amount"],
                         "keeping only the columns `order_id`, `customer`, `order_date` and `amount`")]),
    Task("en", S, "Make `clean`, a DataFrame with the rows of `readings` that have a temp_c value, with `time` "
                  "parsed as datetime and sorted by time, oldest first; do not modify `readings`.",
         lambda ns: (df := _df(ns, "clean", "sensor time temp_c humidity")) is not None and _dates(df["time"])
         and df["time"].is_monotonic_increasing and _has_rows(df, _CLEAN, ordered=False)
         and _kept(ns, sensors, "readings"),
         reference="clean = readings.dropna(subset=['temp_c']).copy()\n"
                   "clean['time'] = pd.to_datetime(clean['time'])\nclean = clean.sort_values('time')",
         wrong="readings['time'] = pd.to_datetime(readings['time'])\n"
               "clean = readings.dropna(subset=['temp_c']).sort_values('time')",
         requirements=[R("binds", "clean", "DataFrame", "Make `clean`, a DataFrame"),
                       R("no_missing", "clean", "temp_c", "the rows of `readings` that have a temp_c value"),
                       R("dtype", "clean", _dtype("time", "datetime"), "`time` parsed as datetime"),
                       R("sorted", "clean", _sorted("time", False), "sorted by time, oldest first"),
                       R("unchanged", "readings", None, "do not modify `readings`")]),
    Task("en", G, "Write a function `top_channels(df, n)` of two parameters that returns a list of the n channels "
                  "with the most total sign-ups in a frame shaped like `signups`, most first.",
         _top_channels,
         reference="def top_channels(df, n):\n    return df.groupby('channel')['signups'].sum().nlargest(n).index.tolist()",
         wrong="def top_channels(df, n):\n"
               "    return df.groupby('channel')['signups'].sum().sort_values().tail(n).index.tolist()",
         requirements=[R("binds", "top_channels", "function", "Write a function `top_channels(df, n)`"),
                       R("arity", "top_channels", 2, "of two parameters"),
                       R("sorted", "top_channels", _sorted(None, True), "most first")]),
    Task("en", O, "Store in `avg_paid` the mean amount, as a plain float, of the orders with status 'paid' placed "
                  "in March, without changing `orders`.",
         lambda ns: _number(ns, "avg_paid", 76.0, float) and _kept(ns, orders, "orders"),
         reference="d = pd.to_datetime(orders['order_date'])\n"
                   "avg_paid = float(orders.loc[(orders['status'] == 'paid') & (d.dt.month == 3), 'amount'].mean())",
         wrong="orders['order_date'] = pd.to_datetime(orders['order_date'])\n"
               "avg_paid = float(orders.loc[(orders['status'] == 'paid') & (orders['order_date'].dt.month == 3), "
               "'amount'].mean())",
         requirements=[R("binds", "avg_paid", "scalar", "as a plain float"),
                       R("filter", "avg_paid", "status == 'paid'", "the orders with status 'paid'"),
                       R("filter", "avg_paid", MARCH, "placed in March"),
                       R("unchanged", "orders", None, "without changing `orders`")]),
    Task("en", SH, "Join `products` with `categories` into a DataFrame `catalog` with one row per sku and the "
                   "columns `sku`, `name`, `category` and `price`, where price is a float (it is stored as text).",
         lambda ns: (df := _df(ns, "catalog", "sku name category price")) is not None
         and df["price"].dtype.kind == "f" and _has_rows(df, [
             ("A1", "mug", "kitchen", 4.5), ("B2", "pen", "office", 1.2), ("C3", "lamp", "furniture", 17.5),
             ("D4", "desk", "furniture", 120.0), ("E5", "chair", "furniture", 45.0)], ordered=False),
         reference="p = products.drop_duplicates('sku').copy()\np['price'] = p['price'].astype(float)\n"
                   "catalog = p.merge(categories, on='category_id')[['sku', 'name', 'category', 'price']]",
         wrong="p = products.copy()\np['price'] = p['price'].astype(float)\n"
               "catalog = p.merge(categories, on='category_id')[['sku', 'name', 'category', 'price']]",
         requirements=[R("binds", "catalog", "DataFrame", "a DataFrame `catalog`"),
                       R("one_row_per", "catalog", "sku", "one row per sku"),
                       R("columns", "catalog", ["sku", "name", "category", "price"],
                         "the columns `sku`, `name`, `category` and `price`"),
                       R("dtype", "catalog", _dtype("price", "float"), "price is a float")]),
    Task("en", SH, "Make `best_sellers`, a Series of the total qty sold per product name, indexed by name, keeping "
                   "only the top 3, largest first.",
         lambda ns: _series(ns, "best_sellers", {"pen": 65, "mug": 24, "lamp": 6}),
         reference=NAMES + "best_sellers = sales.groupby(sales['sku'].map(names).rename('name'))['qty'].sum().nlargest(3)",
         wrong=NAMES + "best_sellers = sales.groupby(sales['sku'].map(names))['qty'].sum().sort_values(ascending=False)",
         requirements=[R("binds", "best_sellers", "Series", "Make `best_sellers`, a Series"),
                       R("index", "best_sellers", "name", "indexed by name"),
                       R("top", "best_sellers", 3, "only the top 3"),
                       R("sorted", "best_sellers", _sorted(None, True), "largest first")]),
    Task("en", SV, "Make a DataFrame `answered` with the survey rows that have a score, with `score` converted to "
                   "integers; it should have 9 rows, and `survey` itself must stay as it is.",
         lambda ns: (df := _df(ns, "answered", "respondent team score")) is not None
         and pd.api.types.is_integer_dtype(df["score"]) and len(df) == 9
         and list(df["respondent"]) == [1, 2, 3, 4, 6, 7, 8, 9, 10]
         and list(df["score"]) == [4, 5, 3, 2, 5, 4, 1, 3, 4] and _kept(ns, survey, "survey"),
         reference="answered = survey.dropna(subset=['score']).copy()\n"
                   "answered['score'] = answered['score'].str.strip().astype(int)",
         wrong="answered = survey.dropna(subset=['score']).copy()\n"
               "answered['score'] = answered['score'].str.strip().astype(float)",
         requirements=[R("binds", "answered", "DataFrame", "a DataFrame `answered`"),
                       R("no_missing", "answered", "score", "the survey rows that have a score"),
                       R("dtype", "answered", _dtype("score", "integer"), "`score` converted to integers"),
                       R("length", "answered", 9, "it should have 9 rows"),
                       R("unchanged", "survey", None, "`survey` itself must stay as it is")]),
    Task("en", G, "Build `pivot`, a table of sign-ups with one row per week and one column per channel (3 rows × 4 "
                  "columns), weeks from oldest to newest, and the missing counts filled with 0.",
         lambda ns: _pivot(ns, "pivot", (3, 4)),
         reference="pivot = signups.pivot_table(index='week', columns='channel', values='signups', aggfunc='sum').fillna(0)",
         wrong="pivot = signups.pivot_table(index='week', columns='channel', values='signups', aggfunc='sum')",
         requirements=[R("binds", "pivot", "DataFrame", "a table of sign-ups"),
                       R("one_row_per", "pivot", "week", "one row per week"),
                       R("shape", "pivot", [3, 4], "3 rows × 4 columns"),
                       R("sorted", "pivot", _sorted("week", False), "weeks from oldest to newest"),
                       R("no_missing", "pivot", None, "the missing counts filled with 0")]),
    Task("en", S, "Draw a histogram of temp_c with 5 bins, the x-axis labelled 'Temperature (°C)', the y-axis "
                  "labelled 'Readings' and the title 'Sensor temperatures'; keep the Axes in `ax`.",
         lambda ns: (ax := _chart(ns, xlabel="Temperature (°C)", ylabel="Readings", title="Sensor temperatures"))
         is not None and _hist(ax) == [3, 1, 2, 0, 2],
         reference="ax = readings['temp_c'].dropna().plot.hist(bins=5, title='Sensor temperatures')\n"
                   "ax.set_xlabel('Temperature (°C)')\nax.set_ylabel('Readings')",
         wrong="ax = readings['temp_c'].dropna().plot.hist(title='Sensor temperatures')\n"
               "ax.set_xlabel('Temperature (°C)')\nax.set_ylabel('Readings')",
         requirements=[R("binds", "ax", "Axes", "keep the Axes in `ax`"), R("plot_kind", "ax", "hist", "a histogram"),
                       R("bars", "ax", 5, "5 bins"),
                       R("xlabel", "ax", "Temperature (°C)", "the x-axis labelled 'Temperature (°C)'"),
                       R("ylabel", "ax", "Readings", "the y-axis labelled 'Readings'"),
                       R("title", "ax", "Sensor temperatures", "the title 'Sensor temperatures'")]),
    Task("en", S, "Make a scatter plot of humidity (y) against temp_c (x) for the readings that have both, with the "
                  "x-axis labelled 'Temperature' and the y-axis labelled 'Humidity (%)'; keep the Axes in `ax`.",
         lambda ns: (ax := _chart(ns, xlabel="Temperature", ylabel="Humidity (%)")) is not None
         and _points(ax) == sorted((float(t[2]), float(t[3])) for t in _TEMPS),
         reference="ax = readings.dropna().plot.scatter(x='temp_c', y='humidity')\n"
                   "ax.set_xlabel('Temperature')\nax.set_ylabel('Humidity (%)')",
         wrong="ax = readings.dropna().plot.scatter(x='temp_c', y='humidity')\nax.set_xlabel('Temperature')",
         requirements=[R("plot_kind", "ax", "scatter", "a scatter plot"),
                       R("xlabel", "ax", "Temperature", "the x-axis labelled 'Temperature'"),
                       R("ylabel", "ax", "Humidity (%)", "the y-axis labelled 'Humidity (%)'"),
                       R("binds", "ax", "Axes", "keep the Axes in `ax`")]),
    Task("en", SH, "Compute `revenue_by_city`, a Series of total revenue (qty × price) per city, indexed by city and "
                   "sorted from highest to lowest, without modifying `sales` or `products`.",
         lambda ns: _series(ns, "revenue_by_city", {"Tokyo": 409, "Osaka": 125, "Nagoya": 57})
         and _kept(ns, shop, "sales", "products"),
         reference=PRICE + "rev = sales['qty'] * sales['sku'].map(price)\n"
                   "city = sales['store'].map(stores.set_index('store')['city']).rename('city')\n"
                   "revenue_by_city = rev.groupby(city).sum().sort_values(ascending=False)",
         wrong="products['price'] = products['price'].astype(float)\n"
               "price = products.drop_duplicates('sku').set_index('sku')['price']\n"
               "rev = sales['qty'] * sales['sku'].map(price)\n"
               "revenue_by_city = rev.groupby(sales['store'].map(stores.set_index('store')['city'])).sum()"
               ".sort_values(ascending=False)",
         requirements=[R("binds", "revenue_by_city", "Series", "a Series of total revenue"),
                       R("index", "revenue_by_city", "city", "indexed by city"),
                       R("sorted", "revenue_by_city", _sorted(None, True), "sorted from highest to lowest"),
                       R("unchanged", "sales", None, "without modifying `sales` or `products`"),
                       R("unchanged", "products", None, "without modifying `sales` or `products`")]),
    Task("en", SH, "Show the 3 products with the highest revenue (qty × price) as a horizontal bar chart, the "
                   "largest at the top, with the x-axis labelled 'Revenue (¥)'.",
         lambda ns: (ax := _chart(ns, None, xlabel="Revenue (¥)")) is not None
         and _bars(ax, horizontal=True) == [("chair", 180.0), ("desk", 120.0), ("mug", 108.0)],
         reference=PRICE + NAMES + "rev = (sales['qty'] * sales['sku'].map(price)).groupby(sales['sku'].map(names)).sum()\n"
                   "ax = rev.nlargest(3).sort_values().plot.barh()\nax.set_xlabel('Revenue (¥)')",
         wrong=PRICE + NAMES + "rev = (sales['qty'] * sales['sku'].map(price)).groupby(sales['sku'].map(names)).sum()\n"
               "ax = rev.nlargest(3).plot.barh()\nax.set_xlabel('Revenue (¥)')",
         requirements=[R("top", None, 3, "the 3 products with the highest revenue"),
                       R("plot_kind", None, "barh", "a horizontal bar chart"),
                       R("sorted", None, _sorted(None, True), "the largest at the top"),
                       R("xlabel", None, "Revenue (¥)", "the x-axis labelled 'Revenue (¥)'")]),
    Task("en", V, "Drop the exact duplicate rows of `visits` into a new DataFrame `dedup` (it should come to 26 "
                  "rows), sorted by date, oldest first, with `date` as datetime.",
         lambda ns: (df := _df(ns, "dedup", "date page views")) is not None and len(df) == 26
         and _dates(df["date"]) and df["date"].is_monotonic_increasing and _has_rows(df, _DEDUP, ordered=False),
         reference="dedup = visits.drop_duplicates().copy()\n"
                   "dedup['date'] = pd.to_datetime(dedup['date'])\ndedup = dedup.sort_values('date')",
         wrong="dedup = visits.drop_duplicates(subset='date').copy()\n"
               "dedup['date'] = pd.to_datetime(dedup['date'])\ndedup = dedup.sort_values('date')",
         requirements=[R("binds", "dedup", "DataFrame", "a new DataFrame `dedup`"),
                       R("length", "dedup", 26, "it should come to 26 rows"),
                       R("sorted", "dedup", _sorted("date", False), "sorted by date, oldest first"),
                       R("dtype", "dedup", _dtype("date", "datetime"), "`date` as datetime")]),
    Task("en", V, "Make `daily`, a Series of total views per day across both pages after dropping the duplicated "
                  "log rows, indexed by date in date order (14 values).",
         _daily,
         reference="daily = visits.drop_duplicates().groupby('date')['views'].sum()",
         wrong="daily = visits.drop_duplicates().groupby('date')['views'].sum().sort_values()",
         requirements=[R("binds", "daily", "Series", "Make `daily`, a Series"),
                       R("index", "daily", "date", "indexed by date"),
                       R("sorted", "daily", _sorted("date", False), "in date order"),
                       R("length", "daily", 14, "14 values")]),
    Task("en", _watched(O), "Make `summary`, a DataFrame indexed by customer with the columns `mean`, `min` and "
                            "`max` of the order amount; do not write any file.",
         lambda ns: _df(ns, "summary", "mean min max") is not None and _no_new_files() and _has_rows(
             ns["summary"].reset_index(), [("abe", 50, 40, 60), ("ito", 220 / 3, 45, 95), ("mori", 175, 150, 200),
                                           ("sato", 75, 30, 120)], ordered=False),
         reference="summary = orders.groupby('customer')['amount'].agg(['mean', 'min', 'max'])",
         wrong="summary = orders.groupby('customer')['amount'].agg(['mean', 'min', 'max'])\n"
               "summary.to_csv('summary.csv')",
         requirements=[R("binds", "summary", "DataFrame", "Make `summary`, a DataFrame"),
                       R("index", "summary", "customer", "indexed by customer"),
                       R("columns", "summary", ["mean", "min", "max"], "the columns `mean`, `min` and `max`"),
                       R("no_write", None, None, "do not write any file")]),
    Task("en", O, "Put the 3 largest paid orders (status 'paid') in `biggest`, largest amount first, with just the "
                  "columns `order_id`, `customer` and `amount`.",
         lambda ns: _has_rows(_df(ns, "biggest", "order_id customer amount"),
                              [(1008, "mori", 150), (1001, "sato", 120), (1009, "ito", 95)]),
         reference="biggest = orders[orders['status'] == 'paid'].nlargest(3, 'amount')[['order_id', 'customer', 'amount']]",
         wrong="biggest = orders.nlargest(3, 'amount')[['order_id', 'customer', 'amount']]",
         requirements=[R("top", "biggest", 3, "the 3 largest paid orders"),
                       R("filter", "biggest", "status == 'paid'", "status 'paid'"),
                       R("sorted", "biggest", _sorted("amount", True), "largest amount first"),
                       R("columns", "biggest", ["order_id", "customer", "amount"],
                         "just the columns `order_id`, `customer` and `amount`")]),
    Task("en", G, "Make a dict `by_channel` mapping each channel to its total sign-ups as an int (the missing count "
                  "counts as 0), and a list `channels` of the channel names sorted from A to Z.",
         lambda ns: isinstance(ns.get("by_channel"), dict)
         and ns["by_channel"] == {"ads": 95, "email": 32, "referral": 14, "social": 75}
         and all(isinstance(v, (int, np.integer)) for v in ns["by_channel"].values())
         and isinstance(ns.get("channels"), list) and ns["channels"] == ["ads", "email", "referral", "social"],
         reference="t = signups.groupby('channel')['signups'].sum()\n"
                   "by_channel = {k: int(v) for k, v in t.items()}\nchannels = sorted(by_channel)",
         wrong="t = signups.groupby('channel')['signups'].sum()\n"
               "by_channel = {k: int(v) for k, v in t.items()}\nchannels = list(signups['channel'].unique())",
         requirements=[R("binds", "by_channel", "dict", "a dict `by_channel`"),
                       R("binds", "channels", "list", "a list `channels`"),
                       R("sorted", "channels", _sorted(None, False), "sorted from A to Z")]),
    Task("en", G, "Create a Figure `fig` with two Axes side by side: on the left a bar chart of total sign-ups per "
                  "channel (4 bars), on the right a line of total sign-ups per week with the title 'Weekly total'.",
         _two_panels,
         reference=PANELS + "weekly.plot(ax=right, title='Weekly total')",
         wrong=PANELS + "weekly.plot.bar(ax=right, title='Weekly total')",
         requirements=[R("binds", "fig", "Figure", "a Figure `fig`"), R("plot_kind", "fig", "bar", "a bar chart"),
                       R("bars", "fig", 4, "4 bars"), R("plot_kind", "fig", "line", "a line of total sign-ups"),
                       R("title", "fig", "Weekly total", "the title 'Weekly total'")]),
    Task("en", S, "Make `latest_temp`, a DataFrame with one row per sensor holding its most recent reading that has "
                  "a temperature, with the columns `sensor`, `time` and `temp_c` and no missing values.",
         _latest_temp,
         reference="r = readings.dropna(subset=['temp_c'])\n"
                   "latest_temp = r.sort_values('time').groupby('sensor').tail(1)[['sensor', 'time', 'temp_c']]",
         wrong="latest_temp = readings.sort_values('time').groupby('sensor').tail(1)[['sensor', 'time', 'temp_c']]",
         requirements=[R("binds", "latest_temp", "DataFrame", "Make `latest_temp`, a DataFrame"),
                       R("one_row_per", "latest_temp", "sensor", "one row per sensor"),
                       R("columns", "latest_temp", ["sensor", "time", "temp_c"],
                         "the columns `sensor`, `time` and `temp_c`"),
                       R("no_missing", "latest_temp", None, "no missing values")]),
    Task("en", _watched(G), "Store in `share_ads` the share of all sign-ups that came from ads, as a single number "
                            "between 0 and 1 (ignore the missing count); do not modify `signups` and do not write "
                            "any file.",
         lambda ns: _number(ns, "share_ads", 95 / 216) and _kept(ns, growth, "signups") and _no_new_files(),
         reference="share_ads = float(signups.loc[signups['channel'] == 'ads', 'signups'].sum() / signups['signups'].sum())",
         wrong="signups['signups'] = signups['signups'].fillna(0)\n"
               "share_ads = float(signups.loc[signups['channel'] == 'ads', 'signups'].sum() / signups['signups'].sum())",
         requirements=[R("binds", "share_ads", "scalar", "a single number"),
                       R("unchanged", "signups", None, "do not modify `signups`"),
                       R("no_write", None, None, "do not write any file")]),
    Task("en", S, "Make `corr`, the correlation matrix of temp_c and humidity as a 2 × 2 DataFrame, using only "
                  "readings that have both values, with no missing entries.",
         _corr,
         reference="corr = readings[['temp_c', 'humidity']].dropna().corr()",
         wrong="corr = readings[['temp_c', 'humidity']].dropna().corr().to_numpy()",
         requirements=[R("binds", "corr", "DataFrame", "a 2 × 2 DataFrame"), R("shape", "corr", [2, 2], "2 × 2"),
                       R("no_missing", "corr", None, "with no missing entries")]),
    Task("en", SH, "Make `price_list` from `products`: no sku listed twice, `price` as a float, sorted from cheapest "
                   "to most expensive, with the columns `sku`, `name` and `price` only.",
         lambda ns: (df := _df(ns, "price_list", "sku name price")) is not None and df["price"].dtype.kind == "f"
         and _has_rows(df, [("B2", "pen", 1.2), ("A1", "mug", 4.5), ("C3", "lamp", 17.5), ("E5", "chair", 45.0),
                            ("D4", "desk", 120.0)]),
         reference="p = products.drop_duplicates('sku')[['sku', 'name', 'price']].copy()\n"
                   "p['price'] = p['price'].astype(float)\nprice_list = p.sort_values('price')",
         wrong="p = products.drop_duplicates('sku')[['sku', 'name', 'price']].sort_values('price').copy()\n"
               "p['price'] = p['price'].astype(float)\nprice_list = p",
         requirements=[R("unique", "price_list", "sku", "no sku listed twice"),
                       R("dtype", "price_list", _dtype("price", "float"), "`price` as a float"),
                       R("sorted", "price_list", _sorted("price", False), "sorted from cheapest to most expensive"),
                       R("columns", "price_list", ["sku", "name", "price"], "the columns `sku`, `name` and `price` only")]),
    Task("en", V, "Plot the 3-day rolling mean of the home page's daily views as a single line, in date order, with "
                  "the x-axis labelled 'Date' and the y-axis labelled 'Views (3-day mean)'.",
         _rolling,
         reference="home = visits[visits['page'] == 'home'].sort_values('date')\n" + ROLLED,
         wrong="home = visits[visits['page'] == 'home']\n" + ROLLED,
         requirements=[R("plot_kind", None, "line", "a single line"), R("lines", None, 1, "a single line"),
                       R("sorted", None, _sorted("date", False), "in date order"),
                       R("xlabel", None, "Date", "the x-axis labelled 'Date'"),
                       R("ylabel", None, "Views (3-day mean)", "the y-axis labelled 'Views (3-day mean)'")]),
    # ---------------------------------------------------------------- in Japanese
    Task("ja", G, "チャネルごとの signups の合計を横棒グラフにしてください。多いものが上に来るように並べ、"
                  "x 軸ラベルは「登録数」、Axes は `ax` に入れてください。",
         lambda ns: (ax := _chart(ns, xlabel="登録数")) is not None and _bars(ax, horizontal=True) == TOTALS,
         reference="ax = signups.groupby('channel')['signups'].sum().sort_values().plot.barh()\nax.set_xlabel('登録数')",
         wrong="ax = signups.groupby('channel')['signups'].sum().sort_values().plot.barh()\nax.set_ylabel('登録数')",
         requirements=[R("plot_kind", "ax", "barh", "横棒グラフ"),
                       R("sorted", "ax", _sorted(None, True), "多いものが上に来るように並べ"),
                       R("xlabel", "ax", "登録数", "x 軸ラベルは「登録数」"),
                       R("binds", "ax", "Axes", "Axes は `ax` に入れてください")]),
    Task("ja", O, "顧客ごとに最新の注文日を 1 行ずつ持つ DataFrame `last_order` を作ってください。列は customer と "
                  "order_date の 2 つで、order_date は datetime 型にし、日付の新しい順に並べてください。",
         lambda ns: _dates(ns["last_order"]["order_date"]) and _has_rows(_df(ns, "last_order", "customer order_date"), [
             ("abe", T("2024-03-21")), ("ito", T("2024-03-20")), ("sato", T("2024-03-15")), ("mori", T("2024-03-10"))]),
         reference="d = orders.assign(order_date=pd.to_datetime(orders['order_date']))\n"
                   "last_order = d.groupby('customer', as_index=False)['order_date'].max()"
                   ".sort_values('order_date', ascending=False)",
         wrong="last_order = orders.groupby('customer', as_index=False)['order_date'].max()"
               ".sort_values('order_date', ascending=False)",
         requirements=[R("one_row_per", "last_order", "customer", "顧客ごとに最新の注文日を 1 行ずつ持つ"),
                       R("binds", "last_order", "DataFrame", "DataFrame `last_order`"),
                       R("columns", "last_order", ["customer", "order_date"], "列は customer と order_date の 2 つ"),
                       R("dtype", "last_order", _dtype("order_date", "datetime"), "order_date は datetime 型にし"),
                       R("sorted", "last_order", _sorted("order_date", True), "日付の新しい順に並べてください")]),
    Task("ja", S, "センサーごとの humidity の推移を折れ線グラフにしてください。線はセンサーごとに 1 本ずつ（3 本）、"
                  "時刻順で、凡例を付け、タイトルに「湿度」を入れてください。Axes は `ax` に。",
         lambda ns: (ax := _chart(ns, title="湿度", legend={"s1", "s2", "s3"})) is not None
         and _same_lines(ax, [[40, 42, 41, 39], [55, 57, 56], [30, 33, 31]]),
         reference="wide = readings.pivot(index='time', columns='sensor', values='humidity')\n"
                   "ax = wide.plot(title='センサー別の湿度')",
         wrong="fig, ax = plt.subplots()\nfor s, g in readings.groupby('sensor'):\n"
               "    ax.plot(g['time'], g['humidity'], label=s)\nax.legend()\nax.set_title('湿度の推移')",
         requirements=[R("plot_kind", "ax", "line", "折れ線グラフ"), R("lines", "ax", 3, "3 本"),
                       R("sorted", "ax", _sorted("time", False), "時刻順"), R("legend", "ax", True, "凡例を付け"),
                       R("title", "ax", "湿度", "タイトルに「湿度」を入れてください"),
                       R("binds", "ax", "Axes", "Axes は `ax` に")]),
    Task("ja", SV, "チームごとの平均スコアを、team を index にした Series `team_avg` に入れてください。score は"
                   "文字列なので数値に変換し、平均の高い順に並べてください。元の survey は変更しないでください。",
         lambda ns: _series(ns, "team_avg", {"dev": 4.25, "ops": 3.0, "sales": 2.5}) and _kept(ns, survey, "survey"),
         reference="s = pd.to_numeric(survey['score'].str.strip())\n"
                   "team_avg = s.groupby(survey['team']).mean().sort_values(ascending=False)",
         wrong="survey['score'] = pd.to_numeric(survey['score'].str.strip())\n"
               "team_avg = survey.groupby('team')['score'].mean().sort_values(ascending=False)",
         requirements=[R("index", "team_avg", "team", "team を index にした"),
                       R("binds", "team_avg", "Series", "Series `team_avg`"),
                       R("sorted", "team_avg", _sorted(None, True), "平均の高い順に並べてください"),
                       R("unchanged", "survey", None, "元の survey は変更しないでください")]),
    Task("ja", _watched(S), "DataFrame と列名の 2 つの引数を取り、その列の欠損値を列の中央値で埋めた新しい DataFrame "
                            "を返す関数 `fill_median` を定義してください。ファイルには何も書き出さないでください。",
         _fill_median,
         reference="def fill_median(df, col):\n    out = df.copy()\n"
                   "    out[col] = out[col].fillna(out[col].median())\n    return out",
         wrong="def fill_median(df, col):\n    out = df.copy()\n"
               "    out[col] = out[col].fillna(out[col].median())\n    out.to_csv('filled.csv', index=False)\n"
               "    return out",
         requirements=[R("arity", "fill_median", 2, "2 つの引数を取り"),
                       R("binds", "fill_median", "function", "関数 `fill_median`"),
                       R("no_write", None, None, "ファイルには何も書き出さないでください")]),
    Task("ja", SH, "店舗ごとの qty の合計が多い上位 3 店舗を、多い順に DataFrame `top_stores` にまとめてください。"
                   "列は store、city、qty の 3 つにしてください。",
         lambda ns: _has_rows(_df(ns, "top_stores", "store city qty"),
                              [("S2", "Tokyo", 45), ("S3", "Nagoya", 31), ("S1", "Osaka", 13)]),
         reference="q = sales.groupby('store', as_index=False)['qty'].sum()\n"
                   "top_stores = q.merge(stores, on='store').nlargest(3, 'qty')[['store', 'city', 'qty']]",
         wrong="q = sales.groupby('store', as_index=False)['qty'].sum()\n"
               "top_stores = q.merge(stores, on='store').nlargest(3, 'qty')",
         requirements=[R("top", "top_stores", 3, "上位 3 店舗"),
                       R("sorted", "top_stores", _sorted("qty", True), "多い順に"),
                       R("binds", "top_stores", "DataFrame", "DataFrame `top_stores`"),
                       R("columns", "top_stores", ["store", "city", "qty"], "列は store、city、qty の 3 つ")]),
    Task("ja", M, "customers の email を小文字にそろえて重複を除き（最初の行を残す）、plan が 'pro' の顧客だけを "
                  "DataFrame `pro_users` に入れてください。email は一意にし、customers 自体は変更しないでください。",
         lambda ns: (df := _df(ns, "pro_users", "customer_id name email plan joined")) is not None
         and list(df["customer_id"]) == [1, 3] and list(df["email"]) == ["ken@ex.jp", "jun@ex.jp"]
         and _kept(ns, members, "customers"),
         reference="c = customers.assign(email=customers['email'].str.lower()).drop_duplicates('email')\n"
                   "pro_users = c[c['plan'] == 'pro']",
         wrong="customers['email'] = customers['email'].str.lower()\n"
               "c = customers.drop_duplicates('email')\npro_users = c[c['plan'] == 'pro']",
         requirements=[R("filter", "pro_users", "plan == 'pro'", "plan が 'pro' の顧客だけ"),
                       R("binds", "pro_users", "DataFrame", "DataFrame `pro_users`"),
                       R("unique", "pro_users", "email", "email は一意にし"),
                       R("unchanged", "customers", None, "customers 自体は変更しないでください")]),
    Task("ja", SV, "survey のチーム別・スコア別の回答数をクロス集計して `counts` に入れてください。score は前後の"
                   "空白を除いて整数に変換し、行は team、列はスコア 1〜5 の 3 行 5 列の表で、値は整数型にしてください。",
         _crosstab,
         reference="s = survey['score'].dropna().str.strip().astype(int)\n"
                   "counts = pd.crosstab(survey.loc[s.index, 'team'], s)",
         wrong="s = survey['score'].dropna().str.strip()\ncounts = pd.crosstab(survey.loc[s.index, 'team'], s)",
         requirements=[R("index", "counts", "team", "行は team"),
                       R("columns", "counts", [1, 2, 3, 4, 5], "列はスコア 1〜5"),
                       R("shape", "counts", [3, 5], "3 行 5 列"),
                       R("binds", "counts", "DataFrame", "3 行 5 列の表"),
                       R("dtype", "counts", _dtype(None, "integer"), "値は整数型にしてください")]),
    Task("ja", O, "orders の amount のヒストグラムを描いてください。ビンは 4 つ、x 軸ラベルは「金額」、y 軸ラベルは"
                  "「件数」にして、Axes は `ax` に入れてください。",
         lambda ns: (ax := _chart(ns, xlabel="金額", ylabel="件数")) is not None and _hist(ax) == [4, 2, 2, 1],
         reference="ax = orders['amount'].dropna().plot.hist(bins=4)\nax.set_xlabel('金額')\nax.set_ylabel('件数')",
         wrong="ax = orders['amount'].dropna().plot.hist(bins=4)\nax.set_xlabel('金額')",
         requirements=[R("plot_kind", "ax", "hist", "ヒストグラム"), R("bars", "ax", 4, "ビンは 4 つ"),
                       R("xlabel", "ax", "金額", "x 軸ラベルは「金額」"), R("ylabel", "ax", "件数", "y 軸ラベルは「件数」"),
                       R("binds", "ax", "Axes", "Axes は `ax` に入れてください")]),
    Task("ja", O, "status が 'paid' で amount が 100 以上の注文の件数を整数で `n_big` に入れてください。orders は変更"
                  "しないでください。",
         lambda ns: _number(ns, "n_big", 2, (int, np.integer)) and _kept(ns, orders, "orders"),
         reference="n_big = int(((orders['status'] == 'paid') & (orders['amount'] >= 100)).sum())",
         wrong="orders.dropna(subset=['amount'], inplace=True)\n"
               "n_big = int(((orders['status'] == 'paid') & (orders['amount'] >= 100)).sum())",
         requirements=[R("filter", "n_big", "status == 'paid'", "status が 'paid'"),
                       R("filter", "n_big", "amount >= 100", "amount が 100 以上"),
                       R("binds", "n_big", "scalar", "整数で `n_big` に"),
                       R("unchanged", "orders", None, "orders は変更しないでください")]),
    Task("ja", V, "visits の重複行を除いたうえで、page が 'pricing' の行だけを取り出し、views の多い順に上位 5 行を "
                  "DataFrame `pricing_top` にしてください。列は date と views だけにしてください。",
         _pricing_top,
         reference="v = visits.drop_duplicates()\n"
                   "pricing_top = v[v['page'] == 'pricing'].nlargest(5, 'views')[['date', 'views']]",
         wrong="v = visits.drop_duplicates()\npricing_top = v[v['page'] == 'pricing'].nlargest(5, 'views')",
         requirements=[R("filter", "pricing_top", "page == 'pricing'", "page が 'pricing' の行だけ"),
                       R("sorted", "pricing_top", _sorted("views", True), "views の多い順に"),
                       R("top", "pricing_top", 5, "上位 5 行"),
                       R("binds", "pricing_top", "DataFrame", "DataFrame `pricing_top`"),
                       R("columns", "pricing_top", ["date", "views"], "列は date と views だけ")]),
    Task("ja", M, "プランごとの顧客数を円グラフにしてください。凡例を付け、タイトルは「プラン別顧客数」とし、Axes は "
                  "`ax` に入れてください。",
         lambda ns: (ax := _chart(ns, title="プラン別顧客数", legend={"pro", "free", "team"})) is not None
         and _pie(ax) == [round(1 / 7, 4), round(2 / 7, 4), round(4 / 7, 4)],
         reference="ax = customers['plan'].value_counts().plot.pie(legend=True, title='プラン別顧客数')",
         wrong="ax = customers['plan'].value_counts().plot.pie(title='プラン別顧客数')",
         requirements=[R("plot_kind", "ax", "pie", "円グラフ"), R("legend", "ax", True, "凡例を付け"),
                       R("title", "ax", "プラン別顧客数", "タイトルは「プラン別顧客数」"),
                       R("binds", "ax", "Axes", "Axes は `ax` に入れてください")]),
    Task("ja", _watched(SH), "店舗ごとの qty の合計と平均を列 total と mean に持ち、store を index にした DataFrame "
                             "`store_stats` を作ってください（4 店舗分で 4 行）。結果を store_stats.csv に書き出さない"
                             "でください。",
         lambda ns: _df(ns, "store_stats", "total mean") is not None and len(ns["store_stats"]) == 4
         and _no_new_files("store_stats.csv") and _has_rows(ns["store_stats"].reset_index(), [
             ("S1", 13, 13 / 3), ("S2", 45, 15), ("S3", 31, 15.5), ("S4", 11, 5.5)], ordered=False),
         reference="store_stats = sales.groupby('store')['qty'].agg(total='sum', mean='mean')",
         wrong="store_stats = sales.groupby('store')['qty'].agg(['sum', 'mean'])",
         requirements=[R("columns", "store_stats", ["total", "mean"], "列 total と mean"),
                       R("index", "store_stats", "store", "store を index にした"),
                       R("binds", "store_stats", "DataFrame", "DataFrame `store_stats`"),
                       R("length", "store_stats", 4, "4 行"),
                       R("no_write", None, "store_stats.csv", "結果を store_stats.csv に書き出さないでください")]),
    Task("ja", SH, "地域ごとの売上金額（qty × price）を棒グラフにしてください。棒は 3 本、地域名の昇順に並べ、y 軸ラベル"
                   "は「売上（円）」、Axes は `ax` に入れてください。",
         lambda ns: (ax := _chart(ns, ylabel="売上（円）")) is not None
         and _bars(ax) == [("central", 57.0), ("east", 409.0), ("west", 125.0)],
         reference=PRICE + "rev = sales['qty'] * sales['sku'].map(price)\n"
                   "region = sales['store'].map(stores.set_index('store')['region'])\n"
                   "ax = rev.groupby(region).sum().sort_index().plot.bar()\nax.set_ylabel('売上（円）')",
         wrong=PRICE + "rev = sales['qty'] * sales['sku'].map(price)\n"
               "region = sales['store'].map(stores.set_index('store')['region'])\n"
               "ax = rev.groupby(region).sum().sort_values(ascending=False).plot.bar()\nax.set_ylabel('売上（円）')",
         requirements=[R("plot_kind", "ax", "bar", "棒グラフ"), R("bars", "ax", 3, "棒は 3 本"),
                       R("sorted", "ax", _sorted("region", False), "地域名の昇順に並べ"),
                       R("ylabel", "ax", "売上（円）", "y 軸ラベルは「売上（円）」"),
                       R("binds", "ax", "Axes", "Axes は `ax` に入れてください")]),
    Task("ja", S, "センサーごとの temp_c の箱ひげ図を描いてください。x 軸ラベルは「センサー」、y 軸ラベルは「温度（℃）」"
                  "にして、Axes は `ax` に入れてください。",
         lambda ns: (ax := _chart(ns, xlabel="センサー", ylabel="温度（℃）")) is not None
         and _box_medians(ax) == {"s1": 22.5, "s2": 19.5, "s3": 25.75},
         reference="wide = readings.pivot(index='time', columns='sensor', values='temp_c')\n"
                   "ax = wide.plot.box()\nax.set_xlabel('センサー')\nax.set_ylabel('温度（℃）')",
         wrong="ax = readings.groupby('sensor')['temp_c'].median().plot.bar()\n"
               "ax.set_xlabel('センサー')\nax.set_ylabel('温度（℃）')",
         requirements=[R("plot_kind", "ax", "box", "箱ひげ図"), R("xlabel", "ax", "センサー", "x 軸ラベルは「センサー」"),
                       R("ylabel", "ax", "温度（℃）", "y 軸ラベルは「温度（℃）」"),
                       R("binds", "ax", "Axes", "Axes は `ax` に入れてください")]),
    Task("ja", G, "週の文字列（例: '2024-01-08'）を 1 つだけ引数に取り、その週のチャネル別 signups を Series で返す"
                  "関数 `week_counts` を作ってください。signups は変更しないでください。",
         _week_counts,
         reference="def week_counts(week):\n    return signups[signups['week'] == week].set_index('channel')['signups']",
         wrong="def week_counts(week, df=signups):\n    return df[df['week'] == week].set_index('channel')['signups']",
         requirements=[R("arity", "week_counts", 1, "1 つだけ引数に取り"),
                       R("binds", "week_counts", "function", "関数 `week_counts`"),
                       R("unchanged", "signups", None, "signups は変更しないでください")]),
]
