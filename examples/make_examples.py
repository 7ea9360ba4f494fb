"""Write the example notebooks: `python examples/make_examples.py [--execute] [NAME.ipynb ...]`.

Without --execute they are saved without outputs (`spark-nb report --execute` runs them).

Kept as a script so the notebooks can be rebuilt after an edit and reviewed as code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell as code, new_markdown_cell as md, new_notebook

HERE = Path(__file__).resolve().parent

SALES_DATA = '''import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

rng = np.random.default_rng(7)
days = pd.date_range("2025-01-01", "2025-12-31", freq="D")
regions = ["North", "South", "East", "West"]
base = {"North": 1200, "South": 900, "East": 1500, "West": 700}
rows = []
for region in regions:
    season = 1 + 0.25 * np.sin(2 * np.pi * (days.day_of_year - 80) / 365)
    units = rng.poisson(base[region] / 20 * season)
    price = np.round(rng.normal(20, 1.5, len(days)), 2)
    rows.append(pd.DataFrame({"date": days, "region": region, "units": units, "price": price}))
sales = pd.concat(rows, ignore_index=True)
sales["revenue"] = (sales["units"] * sales["price"]).round(2)
sales.head()'''

ENGLISH = [
    md("# Sales analysis 2025\n\nDaily sales of one product in four regions over 2025: "
       "how much each region sells, how sales move through the year, and whether price drives units."),
    md("## The data\n\nOne row per region and day, generated with a fixed seed."),
    code(SALES_DATA),
    code('print(f"{len(sales)} rows, {sales[\'region\'].nunique()} regions")\n'
         'sales[["units", "price", "revenue"]].describe().round(2)'),
    md("## Revenue by region"),
    code('by_region = sales.groupby("region")[["units", "revenue"]].sum().sort_values("revenue", ascending=False)\n'
         'by_region["share"] = (by_region["revenue"] / by_region["revenue"].sum()).round(3)\nby_region'),
    code('# Total revenue per region\nax = by_region["revenue"].plot.bar(color="#4c72b0")\n'
         'ax.set_title("Revenue by region, 2025")\nax.set_ylabel("revenue")\nplt.tight_layout()\nplt.show()'),
    md("## Monthly trend"),
    code('monthly = sales.set_index("date").resample("MS")["revenue"].sum().round(0)\n'
         'print("best month:", monthly.idxmax().strftime("%B"), monthly.max())\n'
         'print("worst month:", monthly.idxmin().strftime("%B"), monthly.min())\nmonthly.to_frame().T'),
    code('fig, ax = plt.subplots(figsize=(7, 3.5))\nax.plot(monthly.index, monthly.values, marker="o")\n'
         'ax.set_title("Monthly revenue, all regions")\nax.set_ylabel("revenue")\nplt.tight_layout()\nplt.show()'),
    md("## Price and units"),
    code('daily = sales.groupby("date")[["units", "price"]].mean()\n'
         'corr = daily["units"].corr(daily["price"]).round(3)\nprint("correlation of price and units:", corr)'),
    code('# Units against price, one point per day\nax = daily.plot.scatter(x="price", y="units", alpha=0.5)\n'
         'ax.set_title("Average units against average price per day")\nplt.tight_layout()\nplt.show()'),
]

JA_DATA = SALES_DATA.replace('import matplotlib.pyplot as plt',
                             'import matplotlib.pyplot as plt\n\n# 日本語のラベル用フォント\n'
                             'plt.rcParams["font.family"] = ["Noto Sans CJK JP", "sans-serif"]') \
    .replace('["North", "South", "East", "West"]', '["東京", "大阪", "名古屋", "福岡"]') \
    .replace('{"North": 1200, "South": 900, "East": 1500, "West": 700}',
             '{"東京": 1500, "大阪": 1100, "名古屋": 800, "福岡": 600}')

JAPANESE = [
    md("# 店舗別売上分析 2025\n\n4店舗の2025年の日次売上を分析します。店舗ごとの売上、月ごとの推移、曜日による違いを調べます。"),
    md("## データの準備\n\n店舗と日付ごとに1行のデータを、乱数の種を固定して作成します。"),
    code(JA_DATA),
    code('# データの大きさ\nprint(f"{len(sales)} 行, 店舗数 {sales[\'region\'].nunique()}")'),
    md("## 店舗別の売上"),
    code('# 店舗ごとの売上合計と構成比\nby_store = sales.groupby("region")[["units", "revenue"]].sum().sort_values("revenue", ascending=False)\n'
         'by_store["構成比"] = (by_store["revenue"] / by_store["revenue"].sum()).round(3)\nby_store'),
    code('# 店舗別売上の棒グラフ\nax = by_store["revenue"].plot.bar(color="#dd8452")\nax.set_title("店舗別売上 (2025年)")\n'
         'ax.set_xlabel("店舗")\nax.set_ylabel("売上")\nplt.tight_layout()\nplt.show()'),
    md("## 月別の推移"),
    code('# 月ごとの売上合計\nmonthly = sales.set_index("date").resample("MS")["revenue"].sum().round(0)\n'
         'print("最大の月:", monthly.idxmax().month, "月", monthly.max())\nprint("最小の月:", monthly.idxmin().month, "月", monthly.min())'),
    code('# 月別売上の折れ線グラフ\nfig, ax = plt.subplots(figsize=(7, 3.5))\nax.plot(monthly.index.month, monthly.values, marker="o")\n'
         'ax.set_title("月別売上 (全店舗)")\nax.set_xlabel("月")\nax.set_ylabel("売上")\nplt.tight_layout()\nplt.show()'),
    md("## 曜日による違い"),
    code('# 曜日ごとの平均販売数\nnames = ["月", "火", "水", "木", "金", "土", "日"]\n'
         'weekday = sales.groupby(sales["date"].dt.day_of_week)["units"].mean().round(1)\n'
         'weekday.index = [names[i] for i in weekday.index]\nweekday.to_frame("平均販売数").T'),
]

QUICKSTART = [
    md("# Quickstart: spark_nb in one notebook\n\nA small analysis of a sales table with the local model: "
       "a request in words becomes checked code, an error gets an explanation and a fix, a chart is read "
       "from its own data, and the whole notebook becomes a report (`spark-nb report`)."),
    code("%load_ext spark_nb"),
    md("## The data"),
    code('import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n\n'
         'rng = np.random.default_rng(0)\nsales = pd.DataFrame({\n'
         '    "month": np.repeat(np.arange(1, 7), 3),  # January to June 2025\n'
         '    "region": ["north", "south", "west"] * 6,\n'
         '    "revenue": rng.integers(80, 200, 18).astype(float),\n})\nsales.head(6)'),
    md("## A request in words\n\n`%%spark --run` writes the code, checks it against this kernel and runs it."),
    code("%%spark --run\nSum sales[\"revenue\"] per region into a variable named totals."),
    code("totals"),
    md("## An error and its fix\n\nThe next cell misspells a column. spark_nb explains the error under the "
       "traceback and offers a checked fix; the cell after it holds the corrected code."),
    code('sales.groupby("regoin")["revenue"].mean()'),
    code('sales.groupby("region")["revenue"].mean().round(1)'),
    md("## A chart and its analysis\n\n`%spark chart` reads the figure's own data, states its facts "
       "and has the model write them up; every number it keeps is backed by the data."),
    code('ax = sales.groupby("month")["revenue"].sum().plot(marker="o")\nax.set_title("Revenue by month")\n'
         'ax.set_ylabel("revenue")\n%spark chart which month had the highest revenue'),
    md("## The report\n\n`%spark report` (or `spark-nb report quickstart.ipynb --to html`) writes this "
       "notebook up; `spark-nb demo` runs this notebook and writes its report."),
]


def notebook(cells: list) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


NOTEBOOKS = {"sales_analysis.ipynb": ENGLISH, "sales_ja.ipynb": JAPANESE, "quickstart.ipynb": QUICKSTART}


def main(execute: bool, names: list[str]) -> None:
    for name, cells in NOTEBOOKS.items():
        if names and name not in names:
            continue
        nb = notebook(cells)
        if execute:
            # the report's executor: a hidden first cell loads spark_nb, so the saved
            # figures carry their chart facts (the quickstart loads it itself)
            from spark_nb.report import notebook as runner

            source = runner.from_node(nb, HERE / name)
            prelude = runner.BACKEND_PRELUDE if name == "quickstart.ipynb" else runner.PRELUDE
            nb = runner.execute(source, timeout=600, cwd=HERE, prelude=prelude).nb
        nbformat.write(nb, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main("--execute" in sys.argv, [a for a in sys.argv[1:] if not a.startswith("--")])
