"""Notebook tasks whose obvious answer runs and is wrong: the traps split (24 tasks, 8 in Japanese).

    python bench/notebook_tasks.py --split traps [--models A,B] [--modes single,loop,k4]
    python bench/notebook_tasks.py --verify --split traps      # check the checks, no model

Each task is built like the quickstart's ``sales.groupby("region").sum()``, which runs
without an error and also sums ``month``: the request has a naive reading that executes
cleanly and gives the wrong values, so only a check of what the code produced (not
whether it ran) can tell. Every task's ``wrong`` answer is that naive reading, and
``--verify`` requires it to fail while the ``reference`` passes. The traps vary: grouping
that sums every column, missing values in means and counts, count vs nunique, descending
order, ties in a top N, inclusive and exclusive bounds, percent vs fraction, cumulative
vs rolling, a merge that duplicates rows, letter case, dates held as text, median by
hand, integer division, an off-by-one range, idxmax vs the label, sample vs population
standard deviation, a weighted mean, value_counts order and a dropna that drops too much.

The checks are exact about the form asked for (a Series and not a one-column
DataFrame, the rows in the order asked) and about the values, to 1e-6.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from notebook_task import Task


# --- namespaces: small, deterministic, rebuilt for every run ---

def monthly() -> dict:
    return {"pd": pd, "np": np, "sales": pd.DataFrame({
        "region": ["east", "west", "east", "north", "west", "east", "north", "west"],
        "month": [1, 1, 2, 2, 2, 3, 3, 3],
        "revenue": [120.0, 80.0, 95.0, 60.0, 110.0, 130.0, 75.0, 90.0]})}


def shop() -> dict:
    # customer 2 is listed twice in customers (the same city both times)
    return {"pd": pd, "np": np,
            "orders": pd.DataFrame({"order_id": [101, 102, 103, 104, 105, 106],
                                    "customer_id": [1, 2, 1, 3, 2, 4],
                                    "amount": [250, 120, 80, 300, 60, 150]}),
            "customers": pd.DataFrame({"customer_id": [1, 2, 2, 3, 4],
                                       "city": ["Osaka", "Tokyo", "Tokyo", "Nagoya", "Tokyo"]})}


def players() -> dict:
    return {"pd": pd, "np": np, "players": pd.DataFrame({
        "name": ["Aki", "Ben", "Chie", "Dan", "Emi", "Fumi", "Gen"],
        "team": ["red", "blue", "red", "blue", "red", "blue", "green"],
        "points": [90, 85, 85, np.nan, 70, 95, 60]})}


def people() -> dict:
    return {"pd": pd, "np": np, "people": pd.DataFrame({
        "name": ["Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"],
        "age": [17, 18, 25, 30, 31, 22, 45, 30],
        "city": ["Tokyo", "tokyo", "Osaka", "TOKYO", "Kyoto", "Osaka", "tokyo", "Nagoya"]})}


def events() -> dict:
    return {"pd": pd, "np": np, "events": pd.DataFrame({
        "date": ["1/15/2024", "12/3/2023", "2/1/2024", "9/30/2023", "11/20/2023"],
        "name": ["launch", "audit", "review", "kickoff", "demo"]})}


def small() -> dict:
    return {"np": np, "values": [7, 1, 5, 3, 9, 4]}


def calls() -> dict:
    return {"pd": pd, "np": np, "calls": pd.DataFrame({
        "caller": ["ito", "sato", "kato", "mori", "abe"], "minutes": [90, 45, 130, 60, 15]})}


def months() -> dict:
    return {"pd": pd, "np": np, "months": pd.DataFrame({
        "month": ["Jan", "Feb", "Mar", "Apr", "May"], "revenue": [120, 95, 160, 140, 110]})}


def heights() -> dict:
    return {"pd": pd, "np": np,
            "heights": pd.Series([160.0, 172.0, 168.0, 181.0, 175.0, 158.0], name="cm")}


def fruit() -> dict:
    return {"pd": pd, "np": np, "fruit": pd.DataFrame({
        "item": ["apple", "melon", "pear", "plum"], "units": [10, 1, 5, 4],
        "price": [2.0, 10.0, 3.0, 4.0]})}


def tickets() -> dict:
    return {"pd": pd, "np": np, "tickets": pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6, 7],
        "category": ["bug", "feature", "bug", "docs", "bug", "feature", "question"]})}


def users() -> dict:
    return {"pd": pd, "np": np, "users": pd.DataFrame({
        "name": ["a", "b", "c", "d", "e"],
        "email": ["a@x.jp", None, "c@x.jp", "d@x.jp", None],
        "phone": ["0311", "0312", None, "0314", None]})}


def weather() -> dict:
    return {"pd": pd, "np": np, "weather": pd.DataFrame({
        "day": [1, 2, 3, 4, 5, 6, 7], "mm": [0.0, 5.0, 12.0, 0.0, 3.0, 8.0, 1.0]})}


def products() -> dict:
    return {"pd": pd, "np": np, "products": pd.DataFrame({
        "name": ["pen", "ink", "pad", "cup", "bag", "map"], "units": [40, 15, 65, 30, 50, 10]})}


# --- checks ---

def _close(got, want) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-9))


def _series(ns: dict, name: str, want: dict, ordered: bool = False) -> bool:
    """``ns[name]`` is a Series (not a DataFrame) with exactly these labels and values;
    in this order when ``ordered``."""
    got = ns.get(name)
    if not isinstance(got, pd.Series) or len(got) != len(want) or set(got.index) != set(want):
        return False
    if ordered and list(got.index) != list(want):
        return False
    return _close([got[k] for k in want], list(want.values()))


def _num(ns: dict, name: str, want: float) -> bool:
    got = ns.get(name)
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.integer, np.floating)):
        return False  # a Series or a one-cell frame is not the number asked for
    return abs(float(got) - want) <= 1e-6 * max(1.0, abs(want))


def _names(ns: dict, name: str, want: list, ordered: bool = True) -> bool:
    got = ns.get(name)
    if not isinstance(got, (list, tuple, np.ndarray, pd.Series, pd.Index)):
        return False
    got = [str(v) for v in got]
    return got == want if ordered else sorted(got) == sorted(want) and len(got) == len(want)


def _latest(ns: dict) -> bool:
    got = ns.get("latest")
    if isinstance(got, str):
        return got.strip() == "2/1/2024"
    # a parsed date is the same answer
    return isinstance(got, (pd.Timestamp, np.datetime64)) and pd.Timestamp(got) == pd.Timestamp("2024-02-01")


def _joined(ns: dict) -> bool:
    j = ns.get("joined")
    if not isinstance(j, pd.DataFrame) or len(j) != 6 or not {"order_id", "city", "amount"} <= set(j.columns):
        return False
    city = {101: "Osaka", 102: "Tokyo", 103: "Osaka", 104: "Nagoya", 105: "Tokyo", 106: "Tokyo"}
    return sorted(j["order_id"]) == sorted(city) and all(city[o] == c for o, c in zip(j["order_id"], j["city"]))


def _frame_names(ns: dict, name: str, want: list, columns: list) -> bool:
    df = ns.get(name)
    return (isinstance(df, pd.DataFrame) and list(df.columns) == columns
            and list(df["name"]) == want)


# --- the tasks ---

M, SH, PL, PE, EV = monthly, shop, players, people, events
TASKS = [
    Task("en", M, "Sum sales['revenue'] per region into a Series `totals`.",
         lambda ns: _series(ns, "totals", {"east": 345, "north": 135, "west": 280}),
         reference="totals = sales.groupby('region')['revenue'].sum()",
         wrong="totals = sales.groupby('region').sum()"),
    Task("en", M, "Store each region's share of the total revenue, in percent (0 to 100), in a Series "
                  "`share_pct` indexed by region.",
         lambda ns: _series(ns, "share_pct", {"east": 3450 / 76, "north": 1350 / 76, "west": 2800 / 76}),
         reference="t = sales.groupby('region')['revenue'].sum()\nshare_pct = t / t.sum() * 100",
         wrong="share_pct = sales.groupby('region')['revenue'].sum() / sales['revenue'].sum()"),
    Task("en", SH, "Make `joined`: `orders` with each order's city from `customers` added as a column "
                   "`city`, keeping exactly one row per order.",
         _joined,
         reference="joined = orders.merge(customers.drop_duplicates('customer_id'), on='customer_id', how='left')",
         wrong="joined = orders.merge(customers, on='customer_id')"),
    Task("en", PL, "List in `top3` the names of the three players with the most points, including "
                   "everyone tied for third place.",
         lambda ns: _names(ns, "top3", ["Fumi", "Aki", "Ben", "Chie"], ordered=False),
         reference="top3 = players.nlargest(3, 'points', keep='all')['name'].tolist()",
         wrong="top3 = players.nlargest(3, 'points')['name'].tolist()"),
    Task("en", PL, "Store in `n_scored` how many players have a points value (not missing).",
         lambda ns: _num(ns, "n_scored", 6),
         reference="n_scored = int(players['points'].count())",
         wrong="n_scored = int(players['points'].notnull().count())"),
    Task("en", PE, "Make `adults`, the rows of `people` aged from 18 to 30 inclusive.",
         lambda ns: _frame_names(ns, "adults", ["Bo", "Cy", "Di", "Fay", "Hal"], ["name", "age", "city"]),
         reference="adults = people[(people['age'] >= 18) & (people['age'] <= 30)]",
         wrong="adults = people[(people['age'] > 18) & (people['age'] < 30)]"),
    Task("en", PE, "Store in `n_tokyo` the number of people whose city is Tokyo, however it is capitalised.",
         lambda ns: _num(ns, "n_tokyo", 4),
         reference="n_tokyo = int((people['city'].str.lower() == 'tokyo').sum())",
         wrong="n_tokyo = int((people['city'] == 'Tokyo').sum())"),
    Task("en", EV, "The `date` column of `events` holds dates as text, month/day/year. Store the most "
                   "recent of those dates in `latest`, written as it is in the column.",
         _latest,
         reference="latest = events.loc[pd.to_datetime(events['date'], format='%m/%d/%Y').idxmax(), 'date']",
         wrong="latest = events['date'].max()"),
    Task("en", small, "Store the median of the list `values` in `med`.",
         lambda ns: _num(ns, "med", 4.5),
         reference="med = float(np.median(values))",
         wrong="med = sorted(values)[len(values) // 2]"),
    Task("en", calls, "Add a column `hours` to `calls` with each call's length in hours, keeping "
                      "fractions of an hour.",
         lambda ns: "hours" in ns["calls"] and _close(ns["calls"]["hours"], [1.5, 0.75, 130 / 60, 1.0, 0.25]),
         reference="calls['hours'] = calls['minutes'] / 60",
         wrong="calls['hours'] = calls['minutes'] // 60"),
    Task("en", lambda: {"np": np}, "Make `evens`, a list of the even numbers from 2 to 20 inclusive.",
         lambda ns: isinstance(ns.get("evens"), (list, tuple, np.ndarray))
         and [int(v) for v in ns["evens"]] == list(range(2, 21, 2)),
         reference="evens = list(range(2, 21, 2))",
         wrong="evens = list(range(2, 20, 2))"),
    Task("en", months, "Store in `best_month` the name of the month with the highest revenue.",
         lambda ns: ns.get("best_month") == "Mar",
         reference="best_month = months.loc[months['revenue'].idxmax(), 'month']",
         wrong="best_month = months['revenue'].idxmax()"),
    Task("en", heights, "Store in `sd` the population standard deviation of `heights` (dividing by n, "
                        "not n - 1).",
         lambda ns: _num(ns, "sd", float(np.std([160, 172, 168, 181, 175, 158]))),
         reference="sd = float(heights.std(ddof=0))",
         wrong="sd = float(heights.std())"),
    Task("en", fruit, "Store in `avg_price` the average price paid per unit, over every unit sold.",
         lambda ns: _num(ns, "avg_price", 61 / 20),
         reference="avg_price = float((fruit['units'] * fruit['price']).sum() / fruit['units'].sum())",
         wrong="avg_price = float(fruit['price'].mean())"),
    Task("en", tickets, "Make `per_category`, a Series of the number of tickets per category, ordered by "
                        "category name from A to Z.",
         lambda ns: _series(ns, "per_category", {"bug": 3, "docs": 1, "feature": 2, "question": 1}, ordered=True),
         reference="per_category = tickets['category'].value_counts().sort_index()",
         wrong="per_category = tickets['category'].value_counts()"),
    Task("en", users, "Remove from `users` the rows whose email is missing; rows missing only a phone "
                      "number stay.",
         lambda ns: _frame_names(ns, "users", ["a", "c", "d"], ["name", "email", "phone"]),
         reference="users = users.dropna(subset=['email'])",
         wrong="users = users.dropna()"),
    Task("ja", M, "地域ごとの revenue の合計が全体に占める割合を 0〜1 の小数で、地域を index とする Series "
                  "`share` に入れてください。",
         lambda ns: _series(ns, "share", {"east": 345 / 760, "north": 135 / 760, "west": 280 / 760}),
         reference="t = sales.groupby('region')['revenue'].sum()\nshare = t / t.sum()",
         wrong="t = sales.groupby('region')['revenue'].sum()\nshare = t / t.sum() * 100"),
    Task("ja", SH, "注文したことのある顧客の人数（同じ顧客は 1 人と数える）を `n_buyers` に入れてください。",
         lambda ns: _num(ns, "n_buyers", 4),
         reference="n_buyers = int(orders['customer_id'].nunique())",
         wrong="n_buyers = int(orders['customer_id'].count())"),
    Task("ja", PL, "チームごとの選手の人数（points が欠けている選手も数える）を Series `team_size` に入れてください。",
         lambda ns: _series(ns, "team_size", {"blue": 3, "green": 1, "red": 3}),
         reference="team_size = players.groupby('team').size()",
         wrong="team_size = players.groupby('team')['points'].count()"),
    Task("ja", PL, "points の平均を、欠損している選手を 0 点として計算し `avg_points` に入れてください。",
         lambda ns: _num(ns, "avg_points", 485 / 7),
         reference="avg_points = float(players['points'].fillna(0).mean())",
         wrong="avg_points = float(players['points'].mean())"),
    Task("ja", PE, "age が 30 より大きい人の名前のリストを `over30` に入れてください。",
         lambda ns: _names(ns, "over30", ["Ed", "Gus"]),
         reference="over30 = people.loc[people['age'] > 30, 'name'].tolist()",
         wrong="over30 = people.loc[people['age'] >= 30, 'name'].tolist()"),
    Task("ja", EV, "`events` の date 列は 月/日/年 の文字列です。`events` を日付の古い順に並べ替えて "
                   "`timeline` に入れてください。",
         lambda ns: isinstance(ns.get("timeline"), pd.DataFrame)
         and list(ns["timeline"]["name"]) == ["kickoff", "demo", "audit", "launch", "review"],
         reference="timeline = events.iloc[pd.to_datetime(events['date'], format='%m/%d/%Y').argsort()]",
         wrong="timeline = events.sort_values('date')"),
    Task("ja", weather, "`weather` に、初日からその日までの降水量 mm の累計を列 `total_so_far` として追加してください。",
         lambda ns: "total_so_far" in ns["weather"]
         and _close(ns["weather"]["total_so_far"], [0, 5, 17, 17, 20, 28, 29]),
         reference="weather['total_so_far'] = weather['mm'].cumsum()",
         wrong="weather['total_so_far'] = weather['mm'].rolling(3, min_periods=1).sum()"),
    Task("ja", products, "units の多い順に上位 3 商品の名前を、多い順のリスト `best3` に入れてください。",
         lambda ns: _names(ns, "best3", ["pad", "bag", "pen"]),
         reference="best3 = products.sort_values('units', ascending=False)['name'].head(3).tolist()",
         wrong="best3 = products.sort_values('units')['name'].tail(3).tolist()"),
]
