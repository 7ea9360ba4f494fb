"""The chart corpus of ``bench/charts.py``: figures whose answers are known from their data.

Each case draws a figure from data defined here and asks questions; a question's
``expected`` answer is computed from the data, and its ``read`` function answers it from
the extracted facts only, the way a reader of the facts table would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

rng = np.random.default_rng(42)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class Q:
    text: str
    expected: Any
    read: Callable[[Any], Any]


@dataclass
class Case:
    name: str
    kind: str
    draw: Callable[[], Any]
    questions: list[Q] = field(default_factory=list)


def ax0(f, i=0):
    return f.axes[i]


def line(f, label=None, i=0):
    lines = ax0(f, i).lines
    return lines[0] if label is None else next(s for s in lines if s.label == label)


def bars(f, i=0):
    return ax0(f, i).bars[0]


def bar(f, cat, series="", i=0):
    return next(b.value for b in bars(f, i).bars if b.category == cat and (not series or b.series == series))


def top_series(f):
    return max(ax0(f).lines, key=lambda s: s.y_max).label


# ---- the data -------------------------------------------------------------------------
revenue = np.round(100 + np.cumsum(rng.normal(5, 8, 12)), 1)
regions = {"east": np.round(rng.uniform(50, 150, 12), 1), "west": np.round(rng.uniform(80, 200, 12), 1),
           "north": np.round(np.linspace(180, 60, 12) + rng.normal(0, 3, 12), 1)}
days = pd.date_range("2024-03-01", periods=30, freq="D")
visits = np.round(500 + 10 * np.arange(30) + rng.normal(0, 40, 30))
monthly = pd.Series(np.round(rng.uniform(10, 90, 18), 2), index=pd.date_range("2023-01-01", periods=18, freq="MS"))
growth = 3.0 * 1.8 ** np.arange(10)
region_rev = {"east": 320.5, "west": 410.25, "north": 150.0, "south": 275.75}
products = {"tea": 52, "coffee": 87, "juice": 33, "water": 61, "soda": 45}
quarters = pd.DataFrame({"online": [120, 150, 170, 160], "store": [200, 180, 140, 190]},
                        index=["Q1", "Q2", "Q3", "Q4"])
x_pos = rng.normal(50, 10, 200)
y_pos = 1.5 * x_pos + rng.normal(0, 8, 200)
x_neg = rng.uniform(0, 10, 80)
y_neg = 100 - 7 * x_neg + rng.normal(0, 4, 80)
normal = rng.normal(170, 8, 1000)
skewed = rng.exponential(2.0, 800)
heights = pd.DataFrame({"height": rng.normal(160, 12, 400)})
temps = np.round(rng.uniform(-5, 30, 12), 1)
ice = np.round(20 + 4 * temps + rng.normal(0, 5, 12), 1)
grid = np.round(rng.uniform(0, 100, (5, 7)), 1)
corr = pd.DataFrame(np.round(np.corrcoef(rng.normal(size=(4, 50))), 2), index=list("ABCD"), columns=list("ABCD"))
jp_sales = {"東京": 1250.0, "大阪": 980.5, "名古屋": 610.0, "福岡": 720.25}
jp_monthly = pd.Series(np.round(rng.uniform(200, 400, 12), 1), index=pd.date_range("2024-01-01", periods=12, freq="MS"))
walk = np.cumsum(rng.normal(0, 1, 100_000))
with_nan = np.array([3.0, np.nan, 7.5, np.inf, 2.0, 9.25, np.nan, 4.0])
tips = pd.DataFrame({"day": ["Thu", "Fri", "Sat", "Sun"] * 2, "tip": [2.5, 3.0, 3.75, 4.25, 2.0, 2.75, 3.5, 3.25],
                     "sex": ["Male"] * 4 + ["Female"] * 4})


def argmax_key(d):
    return max(d, key=d.get)


def trend_word(ys):
    """"rising"/"falling" when a straight line explains at least 10% of the variance."""
    x = np.arange(len(ys), dtype=float)
    ys = np.asarray(ys, dtype=float)
    slope = np.polyfit(x, ys, 1)[0]
    r2 = np.corrcoef(x, ys)[0, 1] ** 2
    return "no clear trend" if r2 < 0.1 or slope == 0 else "rising" if slope > 0 else "falling"


def iso(stamp):
    return str(pd.Timestamp(stamp).date())


# ---- more data: month names, dates, categories, twins, groups, Japanese -------------------
# drawn from a generator of their own, so the data of the cases above does not change
rng2 = np.random.default_rng(2024)
JP_MONTHS = [f"{m}月" for m in range(1, 13)]
city_temp = np.round(12 + 10 * np.sin((np.arange(12) - 3) * np.pi / 6) + rng2.normal(0, 1.5, 12), 1)
subscribers = pd.Series(np.round(1000 + np.cumsum(rng2.normal(40, 25, 12))), index=MONTHS)
rain_months = MONTHS[3:9]
rain = np.array([88.5, 104.0, 167.25, 142.5, 121.0, 180.75])
jp_visitors = np.round(rng2.uniform(300, 900, 12))
daily_sales = pd.Series(np.round(200 + 3 * np.arange(60) + rng2.normal(0, 20, 60), 2),
                        index=pd.date_range("2024-01-01", periods=60, freq="D"))
signup_months = pd.date_range("2022-01-01", periods=24, freq="MS")
signups = np.round(rng2.uniform(40, 120, 24))
weekly = pd.DataFrame({"web": np.round(rng2.uniform(300, 600, 26)),
                       "app": np.round(np.linspace(150, 700, 26) + rng2.normal(0, 30, 26))},
                      index=pd.date_range("2024-01-07", periods=26, freq="W"))
product_units = {"laptop": 1240, "phone": 2315, "tablet": 860, "monitor": 975, "headset": 1530, "keyboard": 1105}
region_profit = pd.Series({"North America": 412.5, "Europe": 388.75, "Asia Pacific": 455.25,
                           "Latin America": 129.5, "Middle East": 97.0})
payments = pd.DataFrame({"payment": rng2.choice(["card", "cash", "transfer", "wallet"], size=150,
                                                p=[0.45, 0.15, 0.1, 0.3])})
store_sales = pd.DataFrame({"region": np.repeat(["north", "south", "east", "west"], 5),
                            "sales": np.round(rng2.uniform(20, 80, 20), 1)})
units_sold = np.round(rng2.uniform(800, 2400, 12))
margin_pct = np.round(rng2.uniform(12, 30, 12), 1)
trade_days = pd.date_range("2024-04-01", periods=90, freq="D")
price = np.round(50 + np.cumsum(rng2.normal(0.1, 1, 90)), 2)
volume = np.round(rng2.uniform(100_000, 500_000, 90))
channel_sales = pd.DataFrame({"online": [340, 410, 385, 520], "retail": [610, 575, 590, 705],
                              "wholesale": [220, 260, 310, 180]}, index=["spring", "summer", "autumn", "winter"])
product_lines = {"alpha": np.round(np.linspace(40, 95, 12) + rng2.normal(0, 3, 12), 1),
                 "beta": np.round(np.linspace(110, 55, 12) + rng2.normal(0, 3, 12), 1),
                 "gamma": np.round(rng2.uniform(60, 80, 12), 1),
                 "delta": np.round(70 + 25 * np.cos(np.arange(12) * np.pi / 6) + rng2.normal(0, 2, 12), 1)}
jp_dept = pd.DataFrame({"食品": [820, 640, 410, 380, 290], "衣料": [560, 470, 300, 260, 210],
                        "家電": [430, 510, 350, 190, 240]}, index=["東京", "大阪", "名古屋", "福岡", "札幌"])
jp_survey = pd.DataFrame({"地域": rng2.choice(["東京", "大阪", "名古屋", "福岡", "札幌"], size=120,
                                             p=[0.35, 0.25, 0.15, 0.15, 0.1])})


# ---- the figures ----------------------------------------------------------------------
def d_line_single():
    fig, ax = plt.subplots()
    ax.plot(MONTHS, revenue, label="revenue")
    ax.set(title="Monthly revenue", ylabel="Revenue (k$)")
    return fig


def d_line_multi():
    fig, ax = plt.subplots()
    for name, ys in regions.items():
        ax.plot(MONTHS, ys, label=name)
    ax.legend()
    return fig


def d_line_dates():
    fig, ax = plt.subplots()
    ax.plot(days, visits)
    ax.set(title="Daily visits")
    return fig


def d_pandas_monthly():
    return monthly.plot(title="Orders").figure


def d_log():
    fig, ax = plt.subplots()
    ax.semilogy(np.arange(10), growth)
    return fig


def d_bar():
    fig, ax = plt.subplots()
    ax.bar(list(region_rev), list(region_rev.values()))
    return fig


def d_barh():
    fig, ax = plt.subplots()
    ax.barh(list(products), list(products.values()))
    return fig


def d_grouped():
    return quarters.plot.bar(title="Sales by channel").figure


def d_stacked():
    return quarters.plot.bar(stacked=True).figure


def d_sns_bar():
    import seaborn as sns
    df = pd.DataFrame({"region": list(region_rev), "revenue": list(region_rev.values())})
    return sns.barplot(df, x="region", y="revenue").figure


def d_sns_bar_hue():
    import seaborn as sns
    return sns.barplot(tips, x="day", y="tip", hue="sex", errorbar=None).figure


def d_scatter_pos():
    fig, ax = plt.subplots()
    ax.scatter(x_pos, y_pos)
    return fig


def d_scatter_neg():
    import seaborn as sns
    return sns.scatterplot(x=x_neg, y=y_neg).figure


def d_scatter_outlier():
    fig, ax = plt.subplots()
    ys = y_pos.copy()
    ys[17] = 400.0
    ax.scatter(x_pos, ys)
    return fig


def d_hist_normal():
    fig, ax = plt.subplots()
    ax.hist(normal, bins=20)
    return fig


def d_hist_skewed():
    fig, ax = plt.subplots()
    ax.hist(skewed, bins=15)
    return fig


def d_sns_hist():
    import seaborn as sns
    return sns.histplot(normal, bins=12).figure


def d_pandas_hist():
    return heights["height"].plot.hist(bins=8).figure


def d_subplots():
    fig, (a, b) = plt.subplots(1, 2)
    a.plot(MONTHS, revenue)
    a.set_title("Revenue")
    b.bar(list(products), list(products.values()))
    b.set_title("Products")
    return fig


def d_twin():
    fig, ax = plt.subplots()
    ax.plot(MONTHS, temps, label="temperature")
    ax2 = ax.twinx()
    ax2.plot(MONTHS, ice, label="ice cream", color="C1")
    return fig


def d_fill():
    fig, ax = plt.subplots()
    ax.fill_between(np.arange(12), revenue - 10, revenue + 10, label="range")
    ax.plot(np.arange(12), revenue, label="revenue")
    return fig


def d_imshow():
    fig, ax = plt.subplots()
    ax.imshow(grid)
    return fig


def d_heatmap():
    import seaborn as sns
    return sns.heatmap(corr, annot=True).figure


def d_jp_bar():
    fig, ax = plt.subplots()
    ax.bar(list(jp_sales), list(jp_sales.values()))
    ax.set(title="地域別売上", ylabel="売上（万円）")
    return fig


def d_jp_line():
    ax = jp_monthly.plot(title="月別来店数")
    ax.set_ylabel("来店数（人）")
    return ax.figure


def d_pandas_multi():
    return pd.DataFrame(regions, index=MONTHS).plot().figure


def d_sns_line():
    import seaborn as sns
    return sns.lineplot(x=np.arange(12), y=revenue).figure


def d_nan():
    fig, ax = plt.subplots()
    ax.plot(np.arange(len(with_nan)), with_nan)
    return fig


def d_big():
    fig, ax = plt.subplots()
    ax.plot(walk)
    return fig


def d_month_names():
    fig, ax = plt.subplots()
    ax.plot(MONTHS, city_temp)
    ax.set(title="Average temperature", ylabel="Temperature (°C)")
    return fig


def d_pandas_month_index():
    return subscribers.plot(title="Subscribers").figure


def d_month_subset():
    fig, ax = plt.subplots()
    ax.plot(rain_months, rain, marker="o")
    ax.set(title="Rainfall, April to September", ylabel="Rain (mm)")
    return fig


def d_jp_month_names():
    fig, ax = plt.subplots()
    ax.plot(JP_MONTHS, jp_visitors)
    ax.set(title="月別入場者数", ylabel="入場者数（人）")
    return fig


def d_pandas_daily():
    return daily_sales.plot(title="Daily sales").figure


def d_monthly_dates():
    fig, ax = plt.subplots()
    ax.plot(signup_months, signups)
    ax.set(title="Signups per month")
    return fig


def d_pandas_weekly():
    return weekly.plot(title="Weekly sessions").figure


def d_product_bars():
    fig, ax = plt.subplots()
    ax.bar(list(product_units), list(product_units.values()))
    ax.set(title="Units sold by product", ylabel="Units")
    return fig


def d_pandas_barh():
    ax = region_profit.plot.barh(title="Profit by region")
    ax.set_xlabel("Profit (M$)")
    return ax.figure


def d_countplot():
    import seaborn as sns
    fig, ax = plt.subplots()
    sns.countplot(payments, x="payment", ax=ax)
    return fig


def d_sns_bar_mean():
    import seaborn as sns
    fig, ax = plt.subplots()
    sns.barplot(store_sales, x="region", y="sales", errorbar=None, ax=ax)
    return fig


def d_twin_bar_line():
    fig, ax = plt.subplots()
    ax.bar(MONTHS, units_sold, label="units")
    ax.set_ylabel("Units")
    ax2 = ax.twinx()
    ax2.plot(MONTHS, margin_pct, color="C1", label="margin")
    ax2.set_ylabel("Margin (%)")
    return fig


def d_twin_dates():
    fig, ax = plt.subplots()
    ax.plot(trade_days, price, label="price")
    ax2 = ax.twinx()
    ax2.plot(trade_days, volume, label="volume", color="C1")
    ax.set(title="Price and volume")
    return fig


def d_grouped_three():
    return channel_sales.plot.bar(title="Sales by season and channel").figure


def d_lines_legend():
    fig, ax = plt.subplots()
    for name, ys in product_lines.items():
        ax.plot(MONTHS, ys, label=name)
    ax.legend()
    ax.set(title="Product lines")
    return fig


def d_jp_grouped():
    ax = jp_dept.plot.bar(title="地域別・部門別売上")
    ax.set_ylabel("売上（百万円）")
    return ax.figure


def d_jp_countplot():
    import seaborn as sns
    fig, ax = plt.subplots()
    sns.countplot(jp_survey, x="地域", ax=ax)
    ax.set_title("地域別回答数")
    return fig


i_max_rev = int(np.argmax(revenue))
ys_out = y_pos.copy()
ys_out[17] = 400.0
hist_counts, hist_edges = np.histogram(normal, bins=20)
corr_vals = corr.to_numpy()
off = np.where(np.eye(4, dtype=bool), np.inf, corr_vals)
i_min = np.unravel_index(np.argmin(off), off.shape)

CASES = [
    Case("line: monthly revenue", "line", d_line_single, [
        Q("What is the highest revenue?", float(revenue.max()), lambda f: line(f).y_max),
        Q("In which month is revenue highest?", MONTHS[i_max_rev], lambda f: line(f).x_at_max),
        Q("What is the first value?", float(revenue[0]), lambda f: line(f).y_first),
        Q("Unit of the y axis?", "k$", lambda f: ax0(f).y_unit)]),
    Case("line: three regions", "line", d_line_multi, [
        Q("Which region peaks highest?", max(regions, key=lambda k: regions[k].max()), top_series),
        Q("Max of west?", float(regions["west"].max()), lambda f: line(f, "west").y_max),
        Q("Last value of east?", float(regions["east"][-1]), lambda f: line(f, "east").y_last),
        Q("Is north rising or falling?", "falling", lambda f: line(f, "north").trend)]),
    Case("line: dates", "dates", d_line_dates, [
        Q("On which date were visits lowest?", str(days[int(np.argmin(visits))].date()), lambda f: line(f).x_at_min),
        Q("Lowest visits?", float(visits.min()), lambda f: line(f).y_min),
        Q("How many days?", 30, lambda f: line(f).n),
        Q("Trend?", "rising", lambda f: line(f).trend)]),
    Case("pandas: monthly series", "dates", d_pandas_monthly, [
        Q("Which month had the most orders?", str(monthly.idxmax().date()), lambda f: line(f).x_at_max),
        Q("Last value?", float(monthly.iloc[-1]), lambda f: line(f).y_last),
        Q("Last month?", "2024-06-01", lambda f: line(f).x_last)]),
    Case("log scale growth", "log", d_log, [
        Q("Scale of y?", "log", lambda f: ax0(f).yscale),
        Q("Max?", float(growth.max()), lambda f: line(f).y_max),
        Q("First?", 3.0, lambda f: line(f).y_first)]),
    Case("bar: revenue by region", "bar", d_bar, [
        Q("Highest region?", argmax_key(region_rev), lambda f: bars(f).ranking[0]),
        Q("Lowest region?", min(region_rev, key=region_rev.get), lambda f: bars(f).ranking[-1]),
        Q("Revenue of west?", 410.25, lambda f: bar(f, "west")),
        Q("Share of west?", 410.25 / sum(region_rev.values()),
          lambda f: next(b.share for b in bars(f).bars if b.category == "west"))]),
    Case("barh: product sales", "bar", d_barh, [
        Q("Best product?", argmax_key(products), lambda f: bars(f).ranking[0]),
        Q("Sales of juice?", 33.0, lambda f: bar(f, "juice")),
        Q("How many products?", 5, lambda f: len(bars(f).bars)),
        Q("Orientation?", "horizontal", lambda f: bars(f).orientation)]),
    Case("pandas grouped bars", "grouped", d_grouped, [
        Q("Q3 total?", 310.0, lambda f: bars(f).totals["Q3"]),
        Q("Best quarter overall?", quarters.sum(axis=1).idxmax(), lambda f: bars(f).ranking[0]),
        Q("Q2 store?", 180.0, lambda f: bar(f, "Q2", "store")),
        Q("Series?", ["online", "store"], lambda f: bars(f).series)]),
    Case("pandas stacked bars", "stacked", d_stacked, [
        Q("Stacked?", True, lambda f: bars(f).stacked),
        Q("Highest total?", quarters.sum(axis=1).idxmax(), lambda f: bars(f).ranking[0]),
        Q("Q4 total?", 350.0, lambda f: bars(f).totals["Q4"])]),
    Case("seaborn barplot", "seaborn", d_sns_bar, [
        Q("Highest region?", "west", lambda f: bars(f).ranking[0]),
        Q("North revenue?", 150.0, lambda f: bar(f, "north")),
        Q("x label?", "region", lambda f: ax0(f).xlabel)]),
    Case("seaborn barplot with hue", "seaborn", d_sns_bar_hue, [
        Q("Hue levels?", ["Male", "Female"], lambda f: bars(f).series),
        Q("Sat tip for Female?", 3.5, lambda f: bar(f, "Sat", "Female")),
        Q("Best day (sum of both)?", "Sun", lambda f: bars(f).ranking[0])]),
    Case("scatter: positive", "scatter", d_scatter_pos, [
        Q("Correlation (r)?", float(np.corrcoef(x_pos, y_pos)[0, 1]), lambda f: ax0(f).scatters[0].r),
        Q("Direction?", "positive", lambda f: ax0(f).scatters[0].strength.split()[-1]),
        Q("How many points?", 200, lambda f: ax0(f).scatters[0].n),
        Q("Max y?", float(y_pos.max()), lambda f: ax0(f).scatters[0].y_max)]),
    Case("seaborn scatter: negative", "scatter", d_scatter_neg, [
        Q("Correlation (r)?", float(np.corrcoef(x_neg, y_neg)[0, 1]), lambda f: ax0(f).scatters[0].r),
        Q("Strength?", "very strong negative", lambda f: ax0(f).scatters[0].strength),
        Q("Min x?", float(x_neg.min()), lambda f: ax0(f).scatters[0].x_min)]),
    Case("scatter with an outlier", "scatter", d_scatter_outlier, [
        Q("Outlier y?", 400.0, lambda f: ax0(f).scatters[0].outliers[0]["y"]),
        Q("Outlier x?", float(x_pos[17]), lambda f: ax0(f).scatters[0].outliers[0]["x"]),
        Q("Max y?", 400.0, lambda f: ax0(f).scatters[0].y_max)]),
    Case("histogram: normal", "hist", d_hist_normal, [
        Q("Bins?", 20, lambda f: ax0(f).hists[0].bins),
        Q("Modal bin starts at?", float(hist_edges[np.argmax(hist_counts)]), lambda f: ax0(f).hists[0].modal_low),
        Q("Count?", 1000.0, lambda f: ax0(f).hists[0].total),
        Q("Shape?", "roughly symmetric", lambda f: ax0(f).hists[0].shape)]),
    Case("histogram: skewed", "hist", d_hist_skewed, [
        Q("Shape?", "right-skewed", lambda f: ax0(f).hists[0].shape),
        Q("Count?", 800.0, lambda f: ax0(f).hists[0].total),
        Q("Lowest edge?", float(skewed.min()), lambda f: ax0(f).hists[0].low)]),
    Case("seaborn histplot", "seaborn", d_sns_hist, [
        Q("Bins?", 12, lambda f: ax0(f).hists[0].bins),
        Q("Count?", 1000.0, lambda f: ax0(f).hists[0].total),
        Q("Highest edge?", float(normal.max()), lambda f: ax0(f).hists[0].high)]),
    Case("pandas hist", "hist", d_pandas_hist, [
        Q("Bins?", 8, lambda f: ax0(f).hists[0].bins),
        Q("Count?", 400.0, lambda f: ax0(f).hists[0].total),
        Q("Modal count?", float(np.histogram(heights["height"], bins=8)[0].max()),
          lambda f: ax0(f).hists[0].modal_count)]),
    Case("subplots: line + bars", "subplots", d_subplots, [
        Q("How many panels?", 2, lambda f: len(f.axes)),
        Q("Title of the second?", "Products", lambda f: ax0(f, 1).title),
        Q("Best product?", "coffee", lambda f: bars(f, 1).ranking[0]),
        Q("Max revenue?", float(revenue.max()), lambda f: line(f).y_max)]),
    Case("twin axes", "twin", d_twin, [
        Q("Which side is ice cream on?", "right", lambda f: line(f, "ice cream", 1).axis),
        Q("Max ice cream?", float(ice.max()), lambda f: line(f, "ice cream", 1).y_max),
        Q("Coldest month?", MONTHS[int(np.argmin(temps))], lambda f: line(f, "temperature").x_at_min)]),
    Case("fill_between band", "area", d_fill, [
        Q("Band low?", float((revenue - 10).min()), lambda f: ax0(f).areas[0].y_low),
        Q("Band high?", float((revenue + 10).max()), lambda f: ax0(f).areas[0].y_high),
        Q("Line max?", float(revenue.max()), lambda f: line(f).y_max)]),
    Case("imshow grid", "image", d_imshow, [
        Q("Max value?", float(grid.max()), lambda f: ax0(f).images[0].v_max),
        Q("Where is the max?", list(np.unravel_index(np.argmax(grid), grid.shape)),
          lambda f: ax0(f).images[0].at_max),
        Q("Shape?", [5, 7], lambda f: [ax0(f).images[0].rows, ax0(f).images[0].cols])]),
    Case("seaborn heatmap", "image", d_heatmap, [
        Q("Most negative correlation?", float(off[i_min]), lambda f: ax0(f).images[0].v_min),
        Q("Between which?", [corr.index[i_min[0]], corr.columns[i_min[1]]], lambda f: ax0(f).images[0].at_min),
        Q("Max?", 1.0, lambda f: ax0(f).images[0].v_max)]),
    Case("Japanese bar", "japanese", d_jp_bar, [
        Q("一番売上が高い地域は？", "東京", lambda f: bars(f).ranking[0]),
        Q("大阪の売上は？", 980.5, lambda f: bar(f, "大阪")),
        Q("単位は？", "万円", lambda f: ax0(f).y_unit),
        Q("タイトルは？", "地域別売上", lambda f: ax0(f).title)]),
    Case("Japanese monthly line", "japanese", d_jp_line, [
        Q("最も来店数が多い月は？", str(jp_monthly.idxmax().date()), lambda f: line(f).x_at_max),
        Q("最大値は？", float(jp_monthly.max()), lambda f: line(f).y_max),
        Q("最小値は？", float(jp_monthly.min()), lambda f: line(f).y_min)]),
    Case("pandas multi-column line", "line", d_pandas_multi, [
        Q("Which column peaks highest?", max(regions, key=lambda k: regions[k].max()), top_series),
        Q("Min of east?", float(regions["east"].min()), lambda f: line(f, "east").y_min),
        Q("When is east lowest?", MONTHS[int(np.argmin(regions["east"]))], lambda f: line(f, "east").x_at_min)]),
    Case("seaborn lineplot", "seaborn", d_sns_line, [
        Q("Max?", float(revenue.max()), lambda f: line(f).y_max),
        Q("At which x?", i_max_rev, lambda f: line(f).x_at_max),
        Q("Points?", 12, lambda f: line(f).n)]),
    Case("line with NaN and inf", "line", d_nan, [
        Q("Max?", 9.25, lambda f: line(f).y_max),
        Q("Points used?", 5, lambda f: line(f).n),
        Q("Points ignored?", 3, lambda f: line(f).ignored)]),
    Case("100,000-point walk", "line", d_big, [
        Q("Max?", float(walk.max()), lambda f: line(f).y_max),
        Q("Where?", int(np.argmax(walk)), lambda f: line(f).x_at_max),
        Q("Points?", 100_000, lambda f: line(f).n)]),
    Case("line: month names (strings)", "months", d_month_names, [
        Q("Warmest month?", MONTHS[int(np.argmax(city_temp))], lambda f: line(f).x_at_max),
        Q("Coldest month?", MONTHS[int(np.argmin(city_temp))], lambda f: line(f).x_at_min),
        Q("Highest temperature?", float(city_temp.max()), lambda f: line(f).y_max),
        Q("Unit of the y axis?", "°C", lambda f: ax0(f).y_unit)]),
    Case("pandas: Series indexed by month names", "months", d_pandas_month_index, [
        Q("Month with the most subscribers?", str(subscribers.idxmax()), lambda f: line(f).x_at_max),
        Q("First month?", str(subscribers.index[0]), lambda f: line(f).x_first),
        Q("Last value?", float(subscribers.iloc[-1]), lambda f: line(f).y_last),
        Q("Trend?", trend_word(subscribers.to_numpy()), lambda f: line(f).trend)]),
    Case("line: April to September", "months", d_month_subset, [
        Q("First month?", rain_months[0], lambda f: line(f).x_first),
        Q("Last month?", rain_months[-1], lambda f: line(f).x_last),
        Q("Wettest month?", rain_months[int(np.argmax(rain))], lambda f: line(f).x_at_max),
        Q("How many months?", len(rain), lambda f: line(f).n)]),
    Case("Japanese month names 1月..12月", "japanese", d_jp_month_names, [
        Q("入場者数が最も多い月は？", JP_MONTHS[int(np.argmax(jp_visitors))], lambda f: line(f).x_at_max),
        Q("最も少ない月は？", JP_MONTHS[int(np.argmin(jp_visitors))], lambda f: line(f).x_at_min),
        Q("最小値は？", float(jp_visitors.min()), lambda f: line(f).y_min),
        Q("単位は？", "人", lambda f: ax0(f).y_unit)]),
    Case("pandas: daily DatetimeIndex", "dates", d_pandas_daily, [
        Q("Best day?", iso(daily_sales.idxmax()), lambda f: line(f).x_at_max),
        Q("Highest sales?", float(daily_sales.max()), lambda f: line(f).y_max),
        Q("Last day?", iso(daily_sales.index[-1]), lambda f: line(f).x_last),
        Q("Trend?", trend_word(daily_sales.to_numpy()), lambda f: line(f).trend)]),
    Case("ax.plot over monthly dates", "dates", d_monthly_dates, [
        Q("Month with the fewest signups?", iso(signup_months[int(np.argmin(signups))]), lambda f: line(f).x_at_min),
        Q("Fewest signups?", float(signups.min()), lambda f: line(f).y_min),
        Q("First month?", iso(signup_months[0]), lambda f: line(f).x_first),
        Q("How many months?", len(signups), lambda f: line(f).n)]),
    Case("pandas: weekly DataFrame", "dates", d_pandas_weekly, [
        Q("Week with the most web sessions?", iso(weekly["web"].idxmax()), lambda f: line(f, "web").x_at_max),
        Q("First week?", iso(weekly.index[0]), lambda f: line(f, "web").x_first),
        Q("Highest app sessions?", float(weekly["app"].max()), lambda f: line(f, "app").y_max),
        Q("Which column peaks highest?", weekly.max().idxmax(), top_series)]),
    Case("bar: units by product", "category", d_product_bars, [
        Q("Best product?", argmax_key(product_units), lambda f: bars(f).ranking[0]),
        Q("Worst product?", min(product_units, key=product_units.get), lambda f: bars(f).ranking[-1]),
        Q("Units of tablet?", float(product_units["tablet"]), lambda f: bar(f, "tablet")),
        Q("How many products?", len(product_units), lambda f: len(bars(f).bars))]),
    Case("pandas barh: profit by region", "category", d_pandas_barh, [
        Q("Most profitable region?", region_profit.idxmax(), lambda f: bars(f).ranking[0]),
        Q("Least profitable region?", region_profit.idxmin(), lambda f: bars(f).ranking[-1]),
        Q("Profit of Europe?", float(region_profit["Europe"]), lambda f: bar(f, "Europe")),
        Q("Orientation?", "horizontal", lambda f: bars(f).orientation)]),
    Case("seaborn countplot", "seaborn", d_countplot, [
        Q("Most common payment?", payments["payment"].value_counts().idxmax(), lambda f: bars(f).ranking[0]),
        Q("How many paid cash?", float((payments["payment"] == "cash").sum()), lambda f: bar(f, "cash")),
        Q("How many payment kinds?", int(payments["payment"].nunique()), lambda f: len(bars(f).bars)),
        Q("Total count?", float(len(payments)), lambda f: sum(b.value for b in bars(f).bars))]),
    Case("seaborn barplot of means", "seaborn", d_sns_bar_mean, [
        Q("Highest mean region?", store_sales.groupby("region")["sales"].mean().idxmax(),
          lambda f: bars(f).ranking[0]),
        Q("Lowest mean region?", store_sales.groupby("region")["sales"].mean().idxmin(),
          lambda f: bars(f).ranking[-1]),
        Q("Mean of east?", float(store_sales.loc[store_sales["region"] == "east", "sales"].mean()),
          lambda f: bar(f, "east")),
        Q("y label?", "sales", lambda f: ax0(f).ylabel)]),
    Case("twin axes: bars and a line", "twin", d_twin_bar_line, [
        Q("Month with most units?", MONTHS[int(np.argmax(units_sold))], lambda f: bars(f).ranking[0]),
        Q("Highest margin?", float(margin_pct.max()), lambda f: line(f, "margin", 1).y_max),
        Q("Month of the highest margin?", MONTHS[int(np.argmax(margin_pct))], lambda f: line(f, "margin", 1).x_at_max),
        Q("Which side is the margin on?", "right", lambda f: line(f, "margin", 1).axis)]),
    Case("twin axes over dates", "twin", d_twin_dates, [
        Q("Highest volume?", float(volume.max()), lambda f: line(f, "volume", 1).y_max),
        Q("Day of the highest volume?", iso(trade_days[int(np.argmax(volume))]),
          lambda f: line(f, "volume", 1).x_at_max),
        Q("Day of the lowest price?", iso(trade_days[int(np.argmin(price))]), lambda f: line(f, "price").x_at_min),
        Q("Side of the price?", "left", lambda f: line(f, "price").axis)]),
    Case("pandas grouped bars, 3 columns", "grouped", d_grouped_three, [
        Q("Summer total?", float(channel_sales.loc["summer"].sum()), lambda f: bars(f).totals["summer"]),
        Q("Best season overall?", channel_sales.sum(axis=1).idxmax(), lambda f: bars(f).ranking[0]),
        Q("Winter wholesale?", float(channel_sales.loc["winter", "wholesale"]),
          lambda f: bar(f, "winter", "wholesale")),
        Q("Series?", list(channel_sales.columns), lambda f: bars(f).series)]),
    Case("four lines with a legend", "grouped", d_lines_legend, [
        Q("Which line peaks highest?", max(product_lines, key=lambda k: product_lines[k].max()), top_series),
        Q("Is beta rising or falling?", trend_word(product_lines["beta"]), lambda f: line(f, "beta").trend),
        Q("When does gamma peak?", MONTHS[int(np.argmax(product_lines["gamma"]))],
          lambda f: line(f, "gamma").x_at_max),
        Q("Lowest delta?", float(product_lines["delta"].min()), lambda f: line(f, "delta").y_min)]),
    Case("Japanese grouped bars", "japanese", d_jp_grouped, [
        Q("合計が最も多い地域は？", jp_dept.sum(axis=1).idxmax(), lambda f: bars(f).ranking[0]),
        Q("大阪の合計は？", float(jp_dept.loc["大阪"].sum()), lambda f: bars(f).totals["大阪"]),
        Q("札幌の家電は？", float(jp_dept.loc["札幌", "家電"]), lambda f: bar(f, "札幌", "家電")),
        Q("単位は？", "百万円", lambda f: ax0(f).y_unit)]),
    Case("Japanese countplot", "japanese", d_jp_countplot, [
        Q("最も回答が多い地域は？", jp_survey["地域"].value_counts().idxmax(), lambda f: bars(f).ranking[0]),
        Q("福岡の回答数は？", float((jp_survey["地域"] == "福岡").sum()), lambda f: bar(f, "福岡")),
        Q("地域はいくつ？", int(jp_survey["地域"].nunique()), lambda f: len(bars(f).bars)),
        Q("x軸のラベルは？", "地域", lambda f: ax0(f).xlabel)]),
]
