"""Questions a user types to ``%spark chart "question"`` about the figures of ``chart_cases.py``.

Each ask names a case, the question as a user would type it (English or Japanese) and
the strings every correct answer must contain (case-insensitive). The expected strings
are computed from the cases' data and written the way a report writes numbers:
integers with thousands separators ("12,345"), other numbers with up to 2 decimals and
no trailing zeros ("410.25"), dates as ISO strings ("2024-03-05"; a month of a monthly
series as "2024-03", which its full date also contains) and months of a month-name axis
as the axis shows them ("Apr"). A negative correlation is expected without its sign
(the minus may be written "-" or "−"); its direction is asked separately.

The questions were written from the data and from what a user asks, not from the code
that answers them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import chart_cases as cc  # noqa: E402
from chart_cases import MONTHS  # noqa: E402


@dataclass
class Ask:
    case: str  # the Case name in chart_cases.CASES
    question: str  # what the user types, English or Japanese
    expect: list[str]  # every one of these strings must appear in the answer (case-insensitive)


def num(x) -> str:
    """A number as a report writes it: 12,345 / 4.25 / 410.25 / 0.87."""
    x = float(x)
    if x.is_integer():
        return f"{int(x):,}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def day(stamp) -> str:
    """A date as an ISO string."""
    return cc.iso(stamp)


def month(stamp) -> str:
    """The month of a monthly series, as ISO year-month."""
    return cc.iso(stamp)[:7]


def r_of(x, y) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def top_by_max(series: dict) -> str:
    return max(series, key=lambda k: np.max(series[k]))


# ---- values the asks need, computed from the data ---------------------------------------
rev = cc.revenue
reg = cc.regions
east_min = float(reg["east"].min())
higher_mean_ew = "east" if reg["east"].mean() > reg["west"].mean() else "west"
r_pos = r_of(cc.x_pos, cc.y_pos)
r_neg = r_of(cc.x_neg, cc.y_neg)
q_totals = cc.quarters.sum(axis=1)
q3_winner = cc.quarters.loc["Q3"].idxmax()
female = cc.tips[cc.tips["sex"] == "Female"].set_index("day")["tip"]
male = cc.tips[cc.tips["sex"] == "Male"].set_index("day")["tip"]
pandas_hist_modal = float(np.histogram(cc.heights["height"], bins=8)[0].max())
corr_min = float(cc.off[cc.i_min])
walk_max = float(cc.walk.max())
finite = cc.with_nan[np.isfinite(cc.with_nan)]
subs = cc.subscribers
sales = cc.daily_sales
web, app = cc.weekly["web"], cc.weekly["app"]
last_week_higher = "web" if web.iloc[-1] > app.iloc[-1] else "app"
units = cc.product_units
profit = cc.region_profit
pay_counts = cc.payments["payment"].value_counts()
store_means = cc.store_sales.groupby("region")["sales"].mean()
ch = cc.channel_sales
ch_totals = ch.sum(axis=1)
lines4 = cc.product_lines
jp_totals = cc.jp_dept.sum(axis=1)
jp_survey_counts = cc.jp_survey["地域"].value_counts()
jp_vis = cc.jp_visitors
JPM = cc.JP_MONTHS

ASKS: list[Ask] = [
    # ---- line: monthly revenue
    Ask("line: monthly revenue", "Which month had the highest revenue?", [MONTHS[int(np.argmax(rev))]]),
    Ask("line: monthly revenue", "What was the lowest revenue?", [num(rev.min())]),
    Ask("line: monthly revenue", "売上の最大値はいくつですか？", [num(rev.max())]),
    # ---- line: three regions
    Ask("line: three regions", "Which region reaches the highest value, and what is it?",
        [top_by_max(reg), num(reg[top_by_max(reg)].max())]),
    Ask("line: three regions", "Is north rising or falling?", [cc.trend_word(reg["north"])]),
    Ask("line: three regions", "What is the lowest value of east?", [num(east_min)]),
    # ---- line: dates
    Ask("line: dates", "On which day were visits lowest?", [day(cc.days[int(np.argmin(cc.visits))])]),
    Ask("line: dates", "What was the peak number of visits?", [num(cc.visits.max())]),
    Ask("line: dates", "How many days are shown?", [str(len(cc.days))]),
    Ask("line: dates", "訪問数の最大値はいくつですか？", [num(cc.visits.max())]),
    # ---- pandas: monthly series
    Ask("pandas: monthly series", "Which month had the most orders?", [month(cc.monthly.idxmax())]),
    Ask("pandas: monthly series", "What is the smallest number of orders in a month?", [num(cc.monthly.min())]),
    # ---- log scale growth
    Ask("log scale growth", "What is the largest value?", [num(cc.growth.max())]),
    # ---- bar: revenue by region
    Ask("bar: revenue by region", "Which region has the highest revenue?", [cc.argmax_key(cc.region_rev)]),
    Ask("bar: revenue by region", "What is the lowest revenue, and which region is it?",
        [min(cc.region_rev, key=cc.region_rev.get), num(min(cc.region_rev.values()))]),
    Ask("bar: revenue by region", "売上が最も低い地域はどこですか？", [min(cc.region_rev, key=cc.region_rev.get)]),
    # ---- barh: product sales
    Ask("barh: product sales", "Which product sold the most?", [cc.argmax_key(cc.products)]),
    Ask("barh: product sales", "How many products are shown?", [str(len(cc.products))]),
    # ---- pandas grouped bars
    Ask("pandas grouped bars", "Which quarter had the highest total sales?", [q_totals.idxmax(), num(q_totals.max())]),
    Ask("pandas grouped bars", "Which channel sold more in Q3?", [q3_winner]),
    # ---- pandas stacked bars
    Ask("pandas stacked bars", "What is the total for Q2?", [num(q_totals["Q2"])]),
    # ---- seaborn barplot
    Ask("seaborn barplot", "Which region has the highest revenue?", [cc.argmax_key(cc.region_rev)]),
    # ---- seaborn barplot with hue
    Ask("seaborn barplot with hue", "On which day is the tip for women highest?", [female.idxmax()]),
    Ask("seaborn barplot with hue", "What is the highest tip for men?", [num(male.max())]),
    # ---- scatter: positive
    Ask("scatter: positive", "What is the correlation between x and y?", [num(r_pos)]),
    Ask("scatter: positive", "How many points are plotted?", [str(len(cc.x_pos))]),
    Ask("scatter: positive", "相関係数はいくつですか？", [num(r_pos)]),
    # ---- seaborn scatter: negative
    Ask("seaborn scatter: negative", "Is the relationship positive or negative?", ["negative"]),
    Ask("seaborn scatter: negative", "What is the correlation coefficient?", [num(abs(r_neg))]),
    Ask("seaborn scatter: negative", "正の相関ですか、負の相関ですか？", ["負"]),
    # ---- scatter with an outlier
    Ask("scatter with an outlier", "What is the y value of the outlier?", [num(cc.ys_out[17])]),
    # ---- histogram: normal
    Ask("histogram: normal", "How many bins are there?", ["20"]),
    Ask("histogram: normal", "How many values does the histogram count?", [num(len(cc.normal))]),
    Ask("histogram: normal", "データは全部で何件ありますか？", [num(len(cc.normal))]),
    # ---- histogram: skewed
    Ask("histogram: skewed", "How many observations are in the histogram?", [num(len(cc.skewed))]),
    # ---- seaborn histplot
    Ask("seaborn histplot", "How many bins does it have?", ["12"]),
    # ---- pandas hist
    Ask("pandas hist", "How many people are in the tallest bar?", [num(pandas_hist_modal)]),
    Ask("pandas hist", "ビンの数はいくつですか？", ["8"]),
    # ---- subplots: line + bars
    Ask("subplots: line + bars", "How many panels does the figure have?", ["2"]),
    Ask("subplots: line + bars", "Which product sells best in the bar chart?", [cc.argmax_key(cc.products)]),
    # ---- twin axes
    Ask("twin axes", "Which month is the coldest?", [MONTHS[int(np.argmin(cc.temps))]]),
    Ask("twin axes", "What is the highest ice cream value?", [num(cc.ice.max())]),
    # ---- fill_between band
    Ask("fill_between band", "What is the peak revenue?", [num(rev.max())]),
    # ---- imshow grid
    Ask("imshow grid", "What is the largest value in the grid?", [num(cc.grid.max())]),
    # ---- seaborn heatmap
    Ask("seaborn heatmap", "What is the most negative correlation in the heatmap?", [num(abs(corr_min))]),
    # ---- Japanese bar
    Ask("Japanese bar", "一番売上が高い地域はどこですか？", [cc.argmax_key(cc.jp_sales)]),
    Ask("Japanese bar", "大阪の売上はいくらですか？", [num(cc.jp_sales["大阪"])]),
    Ask("Japanese bar", "Which region has the lowest sales?", [min(cc.jp_sales, key=cc.jp_sales.get)]),
    # ---- Japanese monthly line
    Ask("Japanese monthly line", "来店数の最大値は？", [num(cc.jp_monthly.max())]),
    Ask("Japanese monthly line", "来店数が一番少なかったときは何人ですか？", [num(cc.jp_monthly.min())]),
    # ---- pandas multi-column line
    Ask("pandas multi-column line", "Which column reaches the highest value?", [top_by_max(reg)]),
    Ask("pandas multi-column line", "Which is higher on average, east or west?", [higher_mean_ew]),
    # ---- seaborn lineplot
    Ask("seaborn lineplot", "How many points does the line have?", [str(len(rev))]),
    # ---- line with NaN and inf
    Ask("line with NaN and inf", "What is the maximum value?", [num(finite.max())]),
    # ---- 100,000-point walk
    Ask("100,000-point walk", "How many points are in the line?", [num(len(cc.walk))]),
    Ask("100,000-point walk", "What is the highest value of the walk?", [num(walk_max)]),
    # ---- line: month names (strings)
    Ask("line: month names (strings)", "Which month is the warmest?", [MONTHS[int(np.argmax(cc.city_temp))]]),
    Ask("line: month names (strings)", "What is the coldest temperature?", [num(cc.city_temp.min())]),
    Ask("line: month names (strings)", "最高気温は何度ですか？", [num(cc.city_temp.max())]),
    # ---- pandas: Series indexed by month names
    Ask("pandas: Series indexed by month names", "In which month were subscribers highest?", [subs.idxmax()]),
    Ask("pandas: Series indexed by month names", "In which month were subscribers lowest?", [subs.idxmin()]),
    Ask("pandas: Series indexed by month names", "How many subscribers are there at the end?", [num(subs.iloc[-1])]),
    # ---- line: April to September
    Ask("line: April to September", "Which month had the most rain?", [cc.rain_months[int(np.argmax(cc.rain))]]),
    Ask("line: April to September", "How much rain fell in the wettest month?", [num(cc.rain.max())]),
    Ask("line: April to September", "Which month was the driest?", [cc.rain_months[int(np.argmin(cc.rain))]]),
    # ---- Japanese month names 1月..12月
    Ask("Japanese month names 1月..12月", "入場者数が最も多いのは何月ですか？", [JPM[int(np.argmax(jp_vis))]]),
    Ask("Japanese month names 1月..12月", "入場者数が最も少ない月と、その人数は？",
        [JPM[int(np.argmin(jp_vis))], num(jp_vis.min())]),
    Ask("Japanese month names 1月..12月", "What is the highest number of visitors?", [num(jp_vis.max())]),
    # ---- pandas: daily DatetimeIndex
    Ask("pandas: daily DatetimeIndex", "On which day were sales highest?", [day(sales.idxmax())]),
    Ask("pandas: daily DatetimeIndex", "What were the sales on the last day?", [num(sales.iloc[-1])]),
    Ask("pandas: daily DatetimeIndex", "What is the lowest daily sales figure?", [num(sales.min())]),
    Ask("pandas: daily DatetimeIndex", "1日の売上の最小値はいくらですか？", [num(sales.min())]),
    # ---- ax.plot over monthly dates
    Ask("ax.plot over monthly dates", "Which month had the fewest signups?",
        [month(cc.signup_months[int(np.argmin(cc.signups))])]),
    Ask("ax.plot over monthly dates", "What is the largest number of signups in a month?", [num(cc.signups.max())]),
    # ---- pandas: weekly DataFrame
    Ask("pandas: weekly DataFrame", "In which week were web sessions highest?", [day(web.idxmax())]),
    Ask("pandas: weekly DataFrame", "What is the highest number of app sessions?", [num(app.max())]),
    Ask("pandas: weekly DataFrame", "Which is higher in the last week, web or app?", [last_week_higher]),
    # ---- bar: units by product
    Ask("bar: units by product", "Which product sold the most units?", [max(units, key=units.get)]),
    Ask("bar: units by product", "How many units did the headset sell?", [num(units["headset"])]),
    Ask("bar: units by product", "一番売れなかった製品はどれですか？", [min(units, key=units.get)]),
    Ask("bar: units by product", "headsetの販売数はいくつですか？", [num(units["headset"])]),
    # ---- pandas barh: profit by region
    Ask("pandas barh: profit by region", "Which region has the highest profit?", [profit.idxmax()]),
    Ask("pandas barh: profit by region", "利益が最も大きい地域はどこですか？", [profit.idxmax()]),
    Ask("pandas barh: profit by region", "What is the lowest profit, and where?", [profit.idxmin(), num(profit.min())]),
    # ---- seaborn countplot
    Ask("seaborn countplot", "What is the most common payment method?", [pay_counts.idxmax()]),
    Ask("seaborn countplot", "How many customers paid by transfer?", [num(pay_counts["transfer"])]),
    Ask("seaborn countplot", "支払い方法は何種類ありますか？", [str(len(pay_counts))]),
    # ---- seaborn barplot of means
    Ask("seaborn barplot of means", "Which region has the highest average sales?", [store_means.idxmax()]),
    Ask("seaborn barplot of means", "What are the average sales in the west?", [num(store_means["west"])]),
    Ask("seaborn barplot of means", "平均売上が最も高い地域は？", [store_means.idxmax()]),
    # ---- twin axes: bars and a line
    Ask("twin axes: bars and a line", "Which month sold the most units?", [MONTHS[int(np.argmax(cc.units_sold))]]),
    Ask("twin axes: bars and a line", "What is the highest margin?", [num(cc.margin_pct.max())]),
    Ask("twin axes: bars and a line", "販売数の最大値はいくつですか？", [num(cc.units_sold.max())]),
    # ---- twin axes over dates
    Ask("twin axes over dates", "On which day was the price lowest?", [day(cc.trade_days[int(np.argmin(cc.price))])]),
    Ask("twin axes over dates", "What was the highest trading volume?", [num(cc.volume.max())]),
    Ask("twin axes over dates", "What was the highest price?", [num(cc.price.max())]),
    Ask("twin axes over dates", "出来高の最大値はいくつですか？", [num(cc.volume.max())]),
    # ---- pandas grouped bars, 3 columns
    Ask("pandas grouped bars, 3 columns", "Which season had the highest total sales?",
        [ch_totals.idxmax(), num(ch_totals.max())]),
    Ask("pandas grouped bars, 3 columns", "Which channel sold the most in summer?", [ch.loc["summer"].idxmax()]),
    Ask("pandas grouped bars, 3 columns", "夏（summer）の合計売上はいくらですか？", [num(ch_totals["summer"])]),
    # ---- four lines with a legend
    Ask("four lines with a legend", "Which product line reaches the highest value?", [top_by_max(lines4)]),
    Ask("four lines with a legend", "Is beta rising or falling?", [cc.trend_word(lines4["beta"])]),
    Ask("four lines with a legend", "In which month is delta lowest?", [MONTHS[int(np.argmin(lines4["delta"]))]]),
    Ask("four lines with a legend", "What is the highest value of alpha?", [num(lines4["alpha"].max())]),
    Ask("four lines with a legend", "線は何本ありますか？", [str(len(lines4))]),
    # ---- Japanese grouped bars
    Ask("Japanese grouped bars", "合計売上が最も多い地域はどこですか？", [jp_totals.idxmax()]),
    Ask("Japanese grouped bars", "札幌の家電の売上はいくらですか？", [num(cc.jp_dept.loc["札幌", "家電"])]),
    Ask("Japanese grouped bars", "大阪で一番売れている部門は？", [cc.jp_dept.loc["大阪"].idxmax()]),
    Ask("Japanese grouped bars", "Which region has the lowest total sales?", [jp_totals.idxmin()]),
    # ---- Japanese countplot
    Ask("Japanese countplot", "回答が最も多い地域はどこですか？", [jp_survey_counts.idxmax()]),
    Ask("Japanese countplot", "福岡の回答数は何件ですか？", [num(jp_survey_counts["福岡"])]),
    Ask("Japanese countplot", "How many responses came from 札幌?", [num(jp_survey_counts["札幌"])]),
]


def _is_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" for ch in text) or "？" in text  # kana, or a full-width ？


if __name__ == "__main__":
    names = {c.name for c in cc.CASES}
    unknown = sorted({a.case for a in ASKS} - names)
    assert not unknown, f"asks name cases that do not exist: {unknown}"
    assert all(a.expect and all(isinstance(e, str) and e for e in a.expect) for a in ASKS), "empty expect"
    covered = {a.case for a in ASKS}
    japanese = sum(_is_japanese(a.question) for a in ASKS)
    print(f"asks: {len(ASKS)} ({japanese} in Japanese) over {len(covered)} of {len(names)} cases")
