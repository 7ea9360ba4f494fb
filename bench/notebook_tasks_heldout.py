"""Held-out notebook data tasks: 30 requests that no tuning of the loop may look at.

    .venv/bin/python bench/notebook_tasks.py --verify --split heldout  # every reference (no model)
    .venv/bin/python bench/notebook_tasks.py --split heldout [--models a,b]

Same form as the dev split in ``bench/notebook_tasks.py`` (``Task(lang, setup, request,
check)``), on data sets of their own: shop orders with a customer table, daily closing
prices, property listings typed by hand, sensor arrays, staff records with reviews and
web traffic. The requests are multi-step analyst work (group, sort and take the top rows;
merge two frames; pivot; group dates by month; clean numbers stored as text; percent
change; filter then aggregate; labelled bar and line charts; vectorised numpy), and 10 of
the 30 are written in Japanese. Every request names the variable that holds its answer.

Each check compares the values the code produced with numbers worked out beforehand from
the data (hard-coded below), not with anything recomputed from the namespace the code may
have changed. It accepts the forms a request leaves open (a Series or a one-column frame;
a month as a Period, a Timestamp or a '2024-01' string) and nothing looser. Each task has
a ``reference`` answer, which must pass, and a ``wrong`` answer with a plausible mistake,
which must fail; ``--verify`` runs both, and an empty answer, through the sandbox.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing from bench/ must not leave a __pycache__ there
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from notebook_task import Task  # noqa: E402

# ------------------------------------------------------------------ data sets


def shop() -> dict:
    orders = pd.DataFrame({
        "order_id": list(range(101, 115)),
        "customer": ["ana", "raj", "ana", "li", "mo", "raj", "li", "ana", "sam", "mo", "raj", "li",
                     "sam", "ana"],
        "category": ["books", "games", "toys", "books", "games", "books", "toys", "games", "books",
                     "toys", "games", "books", "toys", "games"],
        "order_date": ["2024-01-04", "2024-01-15", "2024-01-28", "2024-02-02", "2024-02-11",
                       "2024-02-19", "2024-02-25", "2024-03-03", "2024-03-09", "2024-03-17",
                       "2024-03-30", "2024-04-06", "2024-04-13", "2024-04-21"],
        "qty": [2, 1, 4, 3, 2, 5, 1, 3, 2, 6, 1, 4, 2, 1],
        "unit_price": [12.0, 45.0, 8.5, 15.0, 39.0, 11.0, 22.0, 42.0, 18.0, 7.5, 55.0, 13.0, 9.0,
                       48.0]})
    customers = pd.DataFrame({
        "customer": ["ana", "raj", "li", "mo", "sam", "kai"],
        "city": ["Osaka", "Tokyo", "Tokyo", "Nagoya", "Osaka", "Sapporo"],
        "tier": ["gold", "silver", "gold", "bronze", "silver", "gold"]})
    return {"pd": pd, "np": np, "orders": orders, "customers": customers}


def market() -> dict:
    prices = pd.DataFrame({
        "AAA": [100, 102, 101, 104, 107, 105, 108, 110, 109, 112],
        "BBB": [50, 49.5, 50.5, 51, 50, 49, 48.5, 49.5, 50, 49],
        "CCC": [20, 20.4, 20.2, 20.8, 21.5, 21.0, 21.9, 22.4, 22.0, 23.1]},
        index=pd.bdate_range("2024-05-06", periods=10, name="date"))
    return {"pd": pd, "np": np, "prices": prices}


def homes() -> dict:
    return {"pd": pd, "np": np, "listings": pd.DataFrame({
        "title": ["Loft A", "Flat B", "House C", "Studio D", "Flat E", "Loft F", "House G",
                  "Studio H", "Flat I"],
        "district": [" North", "south", "NORTH", "East ", "south ", "east", "North", "South",
                     "north"],
        "price": ["$1,250", "$980", "2,300", "n/a", "$1,100.50", " $760 ", "$1,875", "", "$640"],
        "area": ["50 m2", "40 m2", "95 m2", "22 m2", "44 m2", "38 m2", "75 m2", "25 m2", "30 m2"]})}


def lab() -> dict:
    return {"np": np,
            "pts": np.array([[3, 4], [1, 1], [-2, 0], [0, -5], [6, 8], [-1, 2]], dtype=float),
            "readings": np.array([[12, 48, 55, 30, 61], [40, 52, 18, 47, 33],
                                  [27, 35, 70, 44, 50], [58, 21, 39, 66, 45]], dtype=float),
            "weights": np.array([0.1, 0.2, 0.3, 0.25, 0.15])}


def people() -> dict:
    staff = pd.DataFrame({
        "name": ["Ito", "Kato", "Sato", "Mori", "Endo", "Ueda", "Abe", "Goto", "Noda", "Hara"],
        "dept": ["sales", "sales", "eng", "eng", "eng", "hr", "hr", "sales", "eng", "hr"],
        "salary": [520, 610, 780, 705, 690, 480, 455, 575, 820, 500],
        "hire_date": ["2019-04-01", "2021-10-15", "2018-04-01", "2020-07-01", "2022-01-10",
                      "2019-09-01", "2023-04-01", "2020-04-01", "2017-06-15", "2021-04-01"]})
    reviews = pd.DataFrame({"name": ["Ito", "Sato", "Mori", "Ueda", "Abe", "Goto", "Noda", "Kato"],
                            "score": [3.8, 4.5, 3.9, 4.1, 3.2, 4.4, 4.7, 3.5]})
    return {"pd": pd, "np": np, "staff": staff, "reviews": reviews}


def traffic() -> dict:
    rows = []
    for i, day in enumerate(pd.date_range("2024-02-26", periods=14, freq="D")):
        for j, page in enumerate(["home", "pricing", "blog"]):
            if page == "blog" and day.weekday() >= 5:
                continue  # no blog rows at weekends, so a pivot has holes to fill
            rows.append((day, page, (i * 37 + j * 53) % 90 + 20 + (60 if page == "home" else 0)))
    return {"pd": pd, "np": np, "visits": pd.DataFrame(rows, columns=["date", "page", "views"])}


# ------------------------------------------------------------------ what the checks accept


def _series(obj):
    """A Series from a Series, a one-column DataFrame or a dict; None for anything else."""
    if isinstance(obj, pd.DataFrame) and obj.shape[1] == 1:
        obj = obj.iloc[:, 0]
    if isinstance(obj, dict):
        obj = pd.Series(obj)
    return obj if isinstance(obj, pd.Series) else None


def _same(got, want, tol=1e-6) -> bool:
    if isinstance(want, str):
        return isinstance(got, str) and got == want
    try:
        return abs(float(got) - want) <= tol * max(1.0, abs(want))
    except (TypeError, ValueError):
        return False


def _month(label) -> str:
    """'2024-01' for a monthly Period, a Timestamp in that month or a '2024-01' string."""
    try:
        return str(pd.Period(label, freq="M"))
    except (TypeError, ValueError):
        return str(label)


def _num(name, want, tol=1e-6):
    return lambda ns: name in ns and _same(ns[name], want, tol)


def _mapping(name, want: dict, *, ordered=False, key=str, tol=1e-6):
    """``ns[name]`` holds exactly ``want``'s labels (by ``key``) and values; in its order if ``ordered``."""
    def check(ns):
        got = _series(ns.get(name))
        if got is None or len(got) != len(want):
            return False
        labels = [key(k) for k in got.index]
        if set(labels) != set(want) or (ordered and labels != list(want)):
            return False
        return all(_same(v, want[k], tol) for k, v in zip(labels, got.tolist()))
    return check


def _array(got, want, atol=1e-5) -> bool:
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    want = np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, atol=atol, equal_nan=True))


def _frame(got, want: dict, rows: int, atol=1e-5) -> bool:
    """A DataFrame with exactly ``want``'s columns (each a list of ``rows`` values)."""
    if not isinstance(got, pd.DataFrame) or got.shape != (rows, len(want)):
        return False
    if sorted(map(str, got.columns)) != sorted(want):
        return False
    got = got.set_axis([str(c) for c in got.columns], axis=1)
    return all(_array(got[c].to_numpy(), v, atol) for c, v in want.items())


def _axes():
    return [ax for k in plt.get_fignums() for ax in plt.figure(k).axes]


def _bars(ax):
    return [p for c in ax.containers if isinstance(c, BarContainer) for p in c]


def _bar_chart(heights, xlabel, ylabel, *, ordered=False):
    """One axes of bars with these heights (left to right if ``ordered``) and axis labels."""
    def check(ns):
        axes = [ax for ax in _axes() if _bars(ax)]
        if len(axes) != 1:
            return False
        ax = axes[0]
        got = [p.get_height() for p in sorted(_bars(ax), key=lambda p: p.get_x())]
        want = list(heights) if ordered else sorted(heights)
        return (_array(got if ordered else sorted(got), want)
                and ax.get_xlabel().strip() == xlabel and ax.get_ylabel().strip() == ylabel)
    return check


def _price_lines(ns):
    """Three lines, one per ticker's closes, a legend naming them, and the two axis labels."""
    for ax in _axes():
        lines = [ln for ln in ax.get_lines() if len(ln.get_ydata()) == 10]
        if len(lines) != 3:
            continue
        ys = sorted(tuple(np.asarray(ln.get_ydata(), dtype=float)) for ln in lines)
        want = sorted(tuple(float(v) for v in col) for col in _CLOSES.values())
        legend = ax.get_legend()
        names = {t.get_text() for t in legend.get_texts()} if legend else set()
        return (all(_array(g, w) for g, w in zip(ys, want)) and names == set(_CLOSES)
                and ax.get_xlabel().strip() == "Date" and ax.get_ylabel().strip() == "Price")
    return False


_CLOSES = {k: v.tolist() for k, v in market()["prices"].items()}
_MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04"]
_QTY = {"books": [2, 8, 2, 4], "games": [1, 2, 4, 1], "toys": [4, 1, 6, 2]}


def _qty_pivot(ns):
    got = ns.get("qty_pivot")
    if not isinstance(got, pd.DataFrame):
        return False
    columns = got.columns.get_level_values(-1) if isinstance(got.columns, pd.MultiIndex) else got.columns
    got = got.set_axis([_month(c) for c in columns], axis=1)
    if sorted(got.columns) != _MONTHS or sorted(map(str, got.index)) != sorted(_QTY):
        return False
    got = got[_MONTHS].set_axis([str(i) for i in got.index], axis=0)
    return all(_array(got.loc[c].to_numpy(), v) for c, v in _QTY.items())


_RETURNS = {
    "AAA": [2.0, -0.980392, 2.970297, 2.884615, -1.869159, 2.857143, 1.851852, -0.909091, 2.752294],
    "BBB": [-1.0, 2.020202, 0.990099, -1.960784, -2.0, -1.020408, 2.061856, 1.010101, -2.0],
    "CCC": [2.0, -0.980392, 2.970297, 3.365385, -2.325581, 4.285714, 2.283105, -1.785714, 5.0]}
_NAN = float("nan")
_MA3 = {
    "AAA": [_NAN, _NAN, 101.0, 102.333333, 104.0, 105.333333, 106.666667, 107.666667, 109.0,
            110.333333],
    "BBB": [_NAN, _NAN, 50.0, 50.333333, 50.5, 50.0, 49.166667, 49.0, 49.333333, 49.5],
    "CCC": [_NAN, _NAN, 20.2, 20.466667, 20.833333, 21.1, 21.466667, 21.766667, 22.1, 22.5]}
_PRICE_NUM = [1250.0, 980.0, 2300.0, _NAN, 1100.5, 760.0, 1875.0, _NAN, 640.0]
_PER_M2 = [25.0, 24.5, 2300 / 95, _NAN, 1100.5 / 44, 20.0, 25.0, _NAN, 640 / 30]
_DISTRICTS = ["north", "south", "north", "east", "south", "east", "north", "south", "north"]
_Z = [[-1.315239, 0.741048, 0.492387, -1.305222, 1.366908],
      [0.339893, 1.070403, -1.42533, 0.019481, -1.416614],
      [-0.428561, -0.329355, 1.269839, -0.21429, 0.273382],
      [1.403907, -1.482097, -0.336896, 1.500032, -0.223676]]
_DMAT = [[0.0, 3.605551, 6.403124, 9.486833, 5.0, 4.472136],
         [3.605551, 0.0, 3.162278, 6.082763, 8.602325, 2.236068],
         [6.403124, 3.162278, 0.0, 5.385165, 11.313708, 2.236068],
         [9.486833, 6.082763, 5.385165, 0.0, 14.317821, 7.071068],
         [5.0, 8.602325, 11.313708, 14.317821, 0.0, 9.219544],
         [4.472136, 2.236068, 2.236068, 7.071068, 9.219544, 0.0]]
_READINGS = lab()["readings"].tolist()
_CAPPED = [[12, 48, 50, 30, 50], [40, 50, 18, 47, 33], [27, 35, 50, 44, 50], [50, 21, 39, 50, 45]]
_DAILY = {"blog": [36, 73, 20, 57, 94, 0, 0, 25, 62, 99, 46, 83, 0, 0],
          "home": [80, 117, 154, 101, 138, 85, 122, 159, 106, 143, 90, 127, 164, 111],
          "pricing": [73, 20, 57, 94, 41, 78, 25, 62, 99, 46, 83, 30, 67, 104]}
_DAYS = list(pd.date_range("2024-02-26", periods=14, freq="D"))


def _daily(ns):
    got = ns.get("daily")
    if isinstance(got, pd.DataFrame) and "date" in got.columns:
        got = got.set_index("date")
    if not _frame(got, _DAILY, 14):
        return False
    try:
        return [pd.Timestamp(d) for d in got.index] == _DAYS and pd.Timestamp(
            ns.get("busiest_day")) == pd.Timestamp("2024-03-06")
    except (TypeError, ValueError):
        return False


def _all(*checks):
    return lambda ns: all(c(ns) for c in checks)


# ------------------------------------------------------------------ the tasks

TASKS = [
    # --------------------------------------------------------------- orders and customers
    Task("en", shop,
         "Work out each customer's revenue (qty * unit_price) in `orders` and store the top 3 "
         "customers in `top3`: a Series indexed by customer, highest revenue first.",
         _mapping("top3", {"ana": 232.0, "raj": 155.0, "mo": 123.0}, ordered=True),
         reference="""
revenue = (orders["qty"] * orders["unit_price"]).groupby(orders["customer"]).sum()
top3 = revenue.sort_values(ascending=False).head(3)
""",
         wrong="""
revenue = (orders["qty"] * orders["unit_price"]).groupby(orders["customer"]).sum()
top3 = revenue.sort_values().head(3)
"""),
    Task("en", shop,
         "Join `orders` with `customers` on the customer column and store the total revenue "
         "(qty * unit_price) per city in `city_revenue`, a Series indexed by city.",
         _mapping("city_revenue", {"Nagoya": 123.0, "Osaka": 286.0, "Tokyo": 274.0}),
         reference="""
merged = orders.merge(customers, on="customer")
merged["revenue"] = merged["qty"] * merged["unit_price"]
city_revenue = merged.groupby("city")["revenue"].sum()
""",
         wrong="""
merged = orders.merge(customers, on="customer")
city_revenue = merged.groupby("city")["qty"].sum()
"""),
    Task("en", shop,
         "Convert `order_date` to datetime and count the orders in each month; store the counts "
         "in `orders_per_month`, a Series indexed by year-month (like '2024-01') in month order.",
         _mapping("orders_per_month", dict(zip(_MONTHS, [3, 4, 4, 3])), ordered=True, key=_month),
         reference="""
orders["order_date"] = pd.to_datetime(orders["order_date"])
orders_per_month = orders.groupby(orders["order_date"].dt.to_period("M")).size()
""",
         wrong="""
orders_per_month = orders.groupby(pd.to_datetime(orders["order_date"]).dt.month)["qty"].sum()
"""),
    Task("en", shop,
         "Build a pivot table `qty_pivot` of the total qty in `orders`, with one row per category "
         "and one column per month of order_date (year-month, like '2024-01'); fill empty cells "
         "with 0.",
         _qty_pivot,
         reference="""
month = pd.to_datetime(orders["order_date"]).dt.strftime("%Y-%m")
qty_pivot = orders.assign(month=month).pivot_table(
    index="category", columns="month", values="qty", aggfunc="sum", fill_value=0)
""",
         wrong="""
month = pd.to_datetime(orders["order_date"]).dt.strftime("%Y-%m")
qty_pivot = orders.assign(month=month).pivot_table(
    index="category", columns="month", values="qty", aggfunc="mean", fill_value=0)
"""),
    Task("ja", shop,
         "order_date を日付型に変換して、月ごとの売上（qty × unit_price）の合計を `monthly_sales` "
         "に入れてください。インデックスは '2024-01' のような年月にして、月の順に並べてください。",
         _mapping("monthly_sales", dict(zip(_MONTHS, [103.0, 200.0, 262.0, 118.0])), ordered=True,
                  key=_month),
         reference="""
orders["order_date"] = pd.to_datetime(orders["order_date"])
amount = orders["qty"] * orders["unit_price"]
monthly_sales = amount.groupby(orders["order_date"].dt.to_period("M")).sum()
""",
         wrong="""
orders["order_date"] = pd.to_datetime(orders["order_date"])
amount = orders["qty"] * orders["unit_price"]
monthly_sales = amount.groupby(orders["order_date"].dt.to_period("M")).mean()
"""),
    Task("ja", shop,
         "カテゴリごとの売上合計（qty × unit_price）を棒グラフにしてください。x軸のラベルは「カテゴリ」、"
         "y軸のラベルは「売上」でお願いします。",
         _bar_chart([212.0, 352.0, 119.0], "カテゴリ", "売上"),
         reference="""
import matplotlib.pyplot as plt
totals = (orders["qty"] * orders["unit_price"]).groupby(orders["category"]).sum()
fig, ax = plt.subplots()
ax.bar(totals.index, totals.values)
ax.set_xlabel("カテゴリ")
ax.set_ylabel("売上")
""",
         wrong="""
import matplotlib.pyplot as plt
totals = orders.groupby("category")["qty"].sum()
fig, ax = plt.subplots()
ax.bar(totals.index, totals.values)
ax.set_xlabel("カテゴリ")
ax.set_ylabel("売上")
"""),
    Task("en", shop,
         "For the orders with a qty of 3 or more, compute the average unit_price per category and "
         "store it in `avg_price_big` (a Series indexed by category).",
         _mapping("avg_price_big", {"books": 13.0, "games": 42.0, "toys": 8.0}),
         reference="""
big = orders[orders["qty"] >= 3]
avg_price_big = big.groupby("category")["unit_price"].mean()
""",
         wrong="""
big = orders[orders["qty"] > 3]
avg_price_big = big.groupby("category")["unit_price"].mean()
"""),
    Task("en", shop,
         "Using `orders` and `customers`, what percentage (0-100) of the total revenue "
         "(qty * unit_price) comes from gold tier customers? Store the number in `gold_share`.",
         _num("gold_share", 351 / 683 * 100),
         reference="""
merged = orders.merge(customers, on="customer")
revenue = merged["qty"] * merged["unit_price"]
gold_share = revenue[merged["tier"] == "gold"].sum() / revenue.sum() * 100
""",
         wrong="""
merged = orders.merge(customers, on="customer")
gold_share = (merged["tier"] == "gold").mean() * 100
"""),
    # --------------------------------------------------------------- closing prices
    Task("en", market,
         "Compute the daily percent change of each ticker in `prices`, in percent (2.5 means "
         "+2.5%), drop the first day, and store the DataFrame in `returns`.",
         lambda ns: _frame(ns.get("returns"), _RETURNS, 9),
         reference="""
returns = prices.pct_change().dropna() * 100
""",
         wrong="""
returns = prices.pct_change().dropna()
"""),
    Task("en", market,
         "Store in `best_ticker` the ticker in `prices` with the largest percent change from the "
         "first day to the last day, and that change (in percent) in `best_change`.",
         _all(lambda ns: ns.get("best_ticker") == "CCC", _num("best_change", 15.5)),
         reference="""
change = (prices.iloc[-1] / prices.iloc[0] - 1) * 100
best_ticker = change.idxmax()
best_change = change.max()
""",
         wrong="""
change = prices.iloc[-1] / prices.iloc[0] - 1
best_ticker = change.idxmax()
best_change = change.max()
"""),
    Task("en", market,
         "Plot the closing prices in `prices` as a line chart with one line per ticker and a "
         "legend with the ticker names; label the x axis 'Date' and the y axis 'Price'.",
         _price_lines,
         reference="""
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
for ticker in prices.columns:
    ax.plot(prices.index, prices[ticker], label=ticker)
ax.legend()
ax.set_xlabel("Date")
ax.set_ylabel("Price")
""",
         wrong="""
import matplotlib.pyplot as plt
prices.plot()
"""),
    Task("ja", market,
         "prices の各銘柄について3日移動平均を計算して、`ma3` に入れてください（prices と同じ形の "
         "DataFrame で、最初の2日は NaN のままで構いません）。",
         lambda ns: _frame(ns.get("ma3"), _MA3, 10),
         reference="""
ma3 = prices.rolling(3).mean()
""",
         wrong="""
ma3 = prices.rolling(3, min_periods=1).mean()
"""),
    Task("ja", market,
         "銘柄ごとに、終値が前日より下がった日数を数えて `down_days` に入れてください（銘柄名が"
         "インデックスの Series）。",
         _mapping("down_days", {"AAA": 3, "BBB": 5, "CCC": 3}),
         reference="""
down_days = (prices.diff() < 0).sum()
""",
         wrong="""
down_days = (prices.diff() > 0).sum()
"""),
    # --------------------------------------------------------------- listings typed by hand
    Task("en", homes,
         "`listings['price']` is text like '$1,250'. Add a float column `price_num` to `listings` "
         "(NaN where the price is 'n/a' or empty) and store the mean of `price_num` in "
         "`mean_price`.",
         _all(lambda ns: _array(ns["listings"]["price_num"], _PRICE_NUM),
              _num("mean_price", 8905.5 / 7)),
         reference="""
cleaned = listings["price"].str.replace(r"[$,\\s]", "", regex=True)
listings["price_num"] = pd.to_numeric(cleaned, errors="coerce")
mean_price = listings["price_num"].mean()
""",
         wrong="""
cleaned = listings["price"].str.replace(r"[$,\\s]", "", regex=True)
listings["price_num"] = pd.to_numeric(cleaned, errors="coerce")
mean_price = listings["price_num"].fillna(0).mean()
"""),
    Task("en", homes,
         "Turn the `price` text (e.g. '$1,250'; 'n/a' or empty means missing) and the `area` text "
         "(e.g. '50 m2') of `listings` into numbers, add a column `per_m2` with the price per "
         "square metre, and store in `best_value` the title of the listing with the lowest "
         "price per square metre.",
         _all(lambda ns: _array(ns["listings"]["per_m2"], _PER_M2),
              lambda ns: ns.get("best_value") == "Loft F"),
         reference="""
price = pd.to_numeric(listings["price"].str.replace(r"[$,\\s]", "", regex=True), errors="coerce")
area = listings["area"].str.replace("m2", "").str.strip().astype(float)
listings["per_m2"] = price / area
best_value = listings.loc[listings["per_m2"].idxmin(), "title"]
""",
         wrong="""
price = pd.to_numeric(listings["price"].str.replace(r"[$,\\s]", "", regex=True), errors="coerce")
area = listings["area"].str.replace("m2", "").str.strip().astype(float)
listings["per_m2"] = price / area
best_value = listings.loc[listings["per_m2"].idxmax(), "title"]
"""),
    Task("ja", homes,
         "listings の district は前後の空白や大文字・小文字の表記ゆれがあるので、空白を取り除いて"
         "小文字にそろえてください。そのうえで price を数値に直し（\"n/a\" や空欄は欠損値として扱う）、"
         "district ごとの最高価格を `max_price_by_district` に入れてください。",
         _mapping("max_price_by_district", {"east": 760.0, "north": 2300.0, "south": 1100.5}),
         reference="""
listings["district"] = listings["district"].str.strip().str.lower()
price = pd.to_numeric(listings["price"].str.replace(r"[$,\\s]", "", regex=True), errors="coerce")
max_price_by_district = price.groupby(listings["district"]).max()
""",
         wrong="""
price = pd.to_numeric(listings["price"].str.replace(r"[$,\\s]", "", regex=True), errors="coerce")
max_price_by_district = price.groupby(listings["district"]).max()
"""),
    Task("en", homes,
         "The `district` column of `listings` has stray spaces and mixed case. Clean it in place "
         "(strip the spaces, lower case), then store the number of listings per district in "
         "`district_counts` (a Series indexed by district).",
         _all(lambda ns: list(ns["listings"]["district"]) == _DISTRICTS,
              _mapping("district_counts", {"north": 4, "south": 3, "east": 2})),
         reference="""
listings["district"] = listings["district"].str.strip().str.lower()
district_counts = listings["district"].value_counts()
""",
         wrong="""
district_counts = listings["district"].str.strip().str.lower().value_counts()
"""),
    # --------------------------------------------------------------- numpy arrays
    Task("en", lab,
         "Compute the Euclidean distance of every point in `pts` (an (n, 2) array) from the "
         "origin without a Python loop, and store the distances in `dist`.",
         lambda ns: _array(ns.get("dist"), [5.0, 2 ** 0.5, 2.0, 5.0, 10.0, 5 ** 0.5]),
         reference="""
dist = np.sqrt((pts ** 2).sum(axis=1))
""",
         wrong="""
dist = (pts ** 2).sum(axis=1)
"""),
    Task("en", lab,
         "Standardise each column of `readings`: subtract the column mean and divide by the "
         "column standard deviation (population, ddof=0). Store the result in `z`.",
         lambda ns: _array(ns.get("z"), _Z),
         reference="""
z = (readings - readings.mean(axis=0)) / readings.std(axis=0)
""",
         wrong="""
z = (readings - readings.mean(axis=0)) / readings.std(axis=0, ddof=1)
"""),
    Task("en", lab,
         "Compute the weighted average of each row of `readings`, with one weight per column "
         "taken from `weights`, and store the array in `row_wavg`.",
         lambda ns: _array(ns.get("row_wavg"), [43.95, 36.5, 49.2, 44.95]),
         reference="""
row_wavg = readings @ weights / weights.sum()
""",
         wrong="""
row_wavg = readings.mean(axis=1)
"""),
    Task("ja", lab,
         "`pts` のすべての点の組み合わせについてユークリッド距離を計算して、距離行列（形は (n, n)）を "
         "`dmat` に入れてください。for ループは使わずに numpy で書いてください。",
         lambda ns: _array(ns.get("dmat"), _DMAT),
         reference="""
diff = pts[:, None, :] - pts[None, :, :]
dmat = np.sqrt((diff ** 2).sum(axis=-1))
""",
         wrong="""
diff = pts[:, None, :] - pts[None, :, :]
dmat = np.abs(diff).sum(axis=-1)
"""),
    Task("ja", lab,
         "`readings` の中で 50 を超える値を 50 に置き換えた配列を `capped` に、置き換えた要素の数を "
         "`n_capped` に入れてください。`readings` 自体は変更しないでください。",
         _all(lambda ns: _array(ns.get("capped"), _CAPPED), _num("n_capped", 6),
              lambda ns: _array(ns["readings"], _READINGS)),
         reference="""
capped = np.minimum(readings, 50)
n_capped = int((readings > 50).sum())
""",
         wrong="""
capped = readings
n_capped = int((readings > 50).sum())
capped[capped > 50] = 50
"""),
    # --------------------------------------------------------------- staff and reviews
    Task("en", people,
         "For each dept in `staff`, find the name of the highest-paid employee and store the "
         "names in `top_earner`, a Series indexed by dept.",
         _mapping("top_earner", {"eng": "Noda", "hr": "Hara", "sales": "Kato"}),
         reference="""
top_earner = staff.loc[staff.groupby("dept")["salary"].idxmax()].set_index("dept")["name"]
""",
         wrong="""
top_earner = staff.loc[staff.groupby("dept")["salary"].idxmin()].set_index("dept")["name"]
"""),
    Task("en", people,
         "Merge `staff` with `reviews` on name, compute the mean review score per dept and store "
         "it in `dept_score`, sorted from highest to lowest.",
         _mapping("dept_score", {"eng": 13.1 / 3, "sales": 3.9, "hr": 3.65}, ordered=True),
         reference="""
merged = staff.merge(reviews, on="name")
dept_score = merged.groupby("dept")["score"].mean().sort_values(ascending=False)
""",
         wrong="""
merged = staff.merge(reviews, on="name")
dept_score = merged.groupby("dept")["score"].mean().sort_values()
"""),
    Task("en", people,
         "Parse `hire_date` in `staff` and store the number of hires per year in "
         "`hires_per_year`, a Series indexed by the year as an int, oldest year first.",
         _mapping("hires_per_year", {2017: 1, 2018: 1, 2019: 2, 2020: 2, 2021: 2, 2022: 1, 2023: 1},
                  ordered=True, key=int),
         reference="""
hires_per_year = pd.to_datetime(staff["hire_date"]).dt.year.value_counts().sort_index()
""",
         wrong="""
hires_per_year = pd.to_datetime(staff["hire_date"]).dt.year.value_counts()
"""),
    Task("ja", people,
         "部署ごとの平均給与を計算して、高い順に並べたものを `avg_salary` に入れてください。",
         _mapping("avg_salary", {"eng": 2995 / 4, "sales": 1705 / 3, "hr": 1435 / 3}, ordered=True),
         reference="""
avg_salary = staff.groupby("dept")["salary"].mean().sort_values(ascending=False)
""",
         wrong="""
avg_salary = staff.groupby("dept")["salary"].mean().sort_values()
"""),
    Task("ja", people,
         "自分の部署の平均給与より給与が高い社員の名前を、staff の並び順のままリスト `above_avg` "
         "に入れてください。",
         lambda ns: list(ns.get("above_avg", [])) == ["Kato", "Sato", "Ueda", "Goto", "Noda", "Hara"],
         reference="""
dept_mean = staff.groupby("dept")["salary"].transform("mean")
above_avg = staff.loc[staff["salary"] > dept_mean, "name"].tolist()
""",
         wrong="""
above_avg = staff.loc[staff["salary"] > staff["salary"].mean(), "name"].tolist()
"""),
    # --------------------------------------------------------------- web traffic
    Task("en", traffic,
         "Draw a bar chart of the total views per page from `visits`, one bar per page, sorted "
         "from most to fewest views; label the x axis 'Page' and the y axis 'Views'.",
         _bar_chart([1697, 879, 595], "Page", "Views", ordered=True),
         reference="""
import matplotlib.pyplot as plt
totals = visits.groupby("page")["views"].sum().sort_values(ascending=False)
fig, ax = plt.subplots()
ax.bar(totals.index, totals.values)
ax.set_xlabel("Page")
ax.set_ylabel("Views")
""",
         wrong="""
import matplotlib.pyplot as plt
totals = visits.groupby("page")["views"].sum()
fig, ax = plt.subplots()
ax.bar(totals.index, totals.values)
ax.set_xlabel("Page")
ax.set_ylabel("Views")
"""),
    Task("ja", traffic,
         "日ごとに全ページの views を合計してから、曜日ごとにその平均を計算して `weekday_mean` に"
         "入れてください。インデックスは 'Monday' のような英語の曜日名にしてください。",
         _mapping("weekday_mean", {"Monday": 217.5, "Tuesday": 238.5, "Wednesday": 259.5,
                                   "Thursday": 235.5, "Friday": 256.5, "Saturday": 197.0,
                                   "Sunday": 181.0}),
         reference="""
daily_total = visits.groupby("date")["views"].sum()
weekday_mean = daily_total.groupby(daily_total.index.day_name()).mean()
""",
         wrong="""
weekday_mean = visits.groupby(visits["date"].dt.day_name())["views"].mean()
"""),
    Task("en", traffic,
         "Reshape `visits` into `daily`: one row per date, one column per page, holding the views, "
         "with 0 where a page has no row for that day. Then store the date with the highest total "
         "views across pages in `busiest_day`.",
         _daily,
         reference="""
daily = visits.pivot_table(index="date", columns="page", values="views", aggfunc="sum",
                           fill_value=0)
busiest_day = daily.sum(axis=1).idxmax()
""",
         wrong="""
daily = visits.pivot(index="date", columns="page", values="views")
busiest_day = daily.sum(axis=1).idxmax()
"""),
]

