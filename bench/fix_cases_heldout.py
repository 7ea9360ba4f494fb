"""A held-out corpus of failing notebook cells, written separately from the fixer's rules.

    .venv/bin/python bench/fix_cases_heldout.py      # validate this corpus and print a table

These 30 cases were written blind: without reading the fixer's rules (``spark_nb/assist/``),
their tests, or the benchmark results, and without reusing the data, names or situations of
``bench/fix_cases.py``. They measure how well the fixer generalises to cells it was not
developed on. The format is the same as ``bench/fix_cases.py`` (its ``Case``, ``case(...)``,
``run_case_cell`` and page-order / ``advice_cell`` conventions; read its module docstring),
and the same per-case validation applies: each cell raises the stated error, each reference
passes its check, each lazy variant fails it, and neither a try/except around the cell nor
deleting the line that raised passes the check.

The mix follows the shares of errors in public notebooks:

    ===================  =====
    row                  cases
    ===================  =====
    NameError              5
    out-of-order           3
    TypeError              5
    ValueError             4
    AttributeError         2
    SyntaxError            2
    KeyError               2
    ModuleNotFoundError    1
    FileNotFoundError      1
    IndexError             2
    other                  3   (ZeroDivisionError, UnicodeDecodeError, JSONDecodeError)
    ===================  =====

with at least 7 Japanese cases, at least 8 data-caused cases (``data=True``) and at least 6
traps (a ``lazy`` fix that makes the error go away but gives the wrong values).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from fix_cases import Case, all_of, case, category, col, has, installs, same  # noqa: E402

CASES: list[Case] = [
    # ------------------------------------------------------------------ NameError
    case("ho-name-typo-singular", "NameError",
         setup=r"""
            import pandas as pd
            readings = pd.DataFrame({"station": ["north", "south", "east", "west"],
                                     "temp_c": [18.5, 22.0, 25.5, 16.0]})
            """,
         cell=r"""
            readings["temp_f"] = readings["temp_c"] * 9 / 5 + 32
            warmest = reading.loc[readings["temp_f"].idxmax(), "station"]
            """,
         reference=r"""
            readings["temp_f"] = readings["temp_c"] * 9 / 5 + 32
            warmest = readings.loc[readings["temp_f"].idxmax(), "station"]
            """,
         check=all_of(has("warmest", "east"),
                      col("readings", "temp_f", [65.3, 71.6, 77.9, 60.8])),
         note="plural variable written in the singular"),
    case("ho-name-no-np-where-ja", "NameError", lang="ja",
         setup=r"""
            import pandas as pd
            exam = pd.DataFrame({"受験者": ["A01", "A02", "A03", "A04", "A05"],
                                 "点数": [72, 58, 60, 91, 45]})
            """,
         cell=r"""
            # 60点以上を合格とする
            exam["判定"] = np.where(exam["点数"] >= 60, "合格", "不合格")
            n_passed = int((exam["判定"] == "合格").sum())
            """,
         reference=r"""
            import numpy as np

            # 60点以上を合格とする
            exam["判定"] = np.where(exam["点数"] >= 60, "合格", "不合格")
            n_passed = int((exam["判定"] == "合格").sum())
            """,
         check=all_of(has("n_passed", 3),
                      col("exam", "判定", ["合格", "不合格", "合格", "合格", "不合格"])),
         note="np.where without importing numpy; Japanese labels"),
    case("ho-name-pandas-no-alias", "NameError",
         setup=r'''
            with open("visits.csv", "w", encoding="utf-8") as f:
                f.write("""date,user
            2024-05-06,u1
            2024-05-07,u2
            2024-05-13,u3
            2024-05-11,u1
            2024-05-20,u4
            """)
            del f
            ''',
         before=[r"""
            import pandas
            visits = pandas.read_csv("visits.csv")
            """],
         cell=r"""
            visits["date"] = pd.to_datetime(visits["date"])
            by_weekday = visits["date"].dt.day_name().value_counts()
            """,
         reference=r"""
            import pandas as pd

            visits["date"] = pd.to_datetime(visits["date"])
            by_weekday = visits["date"].dt.day_name().value_counts()
            """,
         check=all_of(has("by_weekday", {"Monday": 3, "Tuesday": 1, "Saturday": 1}),
                      lambda ns: pd.api.types.is_datetime64_any_dtype(ns["visits"]["date"])),
         note="pandas was imported without the `as pd` alias"),
    case("ho-name-function-local-fit", "NameError",
         setup=r"""
            hours = [1, 2, 3, 4, 5]
            scores = [52, 55, 61, 64, 68]
            """,
         cell=r"""
            def fit_line(xs, ys):
                n = len(xs)
                mx, my = sum(xs) / n, sum(ys) / n
                slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
                         / sum((x - mx) ** 2 for x in xs))
                intercept = my - slope * mx
                print(f"score = {slope:.2f} * hours + {intercept:.2f}")

            fit_line(hours, scores)
            predicted_6h = slope * 6 + intercept
            """,
         reference=r"""
            def fit_line(xs, ys):
                n = len(xs)
                mx, my = sum(xs) / n, sum(ys) / n
                slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
                         / sum((x - mx) ** 2 for x in xs))
                intercept = my - slope * mx
                print(f"score = {slope:.2f} * hours + {intercept:.2f}")
                return slope, intercept

            slope, intercept = fit_line(hours, scores)
            predicted_6h = slope * 6 + intercept
            """,
         check=has("predicted_6h", 72.3),
         note="slope and intercept exist only inside the function; it must return them"),
    case("ho-name-typo-builtin-ja", "NameError", lang="ja",
         setup=r"""product_names = ["ボールペン", "ノート", "x", "消しゴム", "", "定規"]""",
         cell=r"""
            # 1文字以下の商品名は入力ミスなので除外する
            valid_names = [s for s in product_names if lenght(s) > 1]
            """,
         reference=r"""
            # 1文字以下の商品名は入力ミスなので除外する
            valid_names = [s for s in product_names if len(s) > 1]
            """,
         check=has("valid_names", ["ボールペン", "ノート", "消しゴム", "定規"]),
         note="misspelt builtin `len`"),

    # ------------------------------------------------------------------ out-of-order execution
    case("ho-ooo-mapping-below", "NameError",
         setup=r"""
            import pandas as pd
            grades = pd.DataFrame({"student": ["Kai", "Lena", "Omar", "Pia"],
                                   "grade": ["A", "C", "B", "A"]})
            """,
         before=[r"""grades["grade"].value_counts()"""],
         cell=r"""
            grades["points"] = grades["grade"].map(grade_points)
            gpa = grades["points"].mean()
            """,
         after=[r"""grade_points = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}"""],
         advice_cell=3,
         reference=r"""
            grade_points = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}

            grades["points"] = grades["grade"].map(grade_points)
            gpa = grades["points"].mean()
            """,
         check=all_of(has("gpa", 3.25), col("grades", "points", [4.0, 2.0, 3.0, 4.0])),
         note="the lookup table is defined in the cell below, never run"),
    case("ho-ooo-del-tax-ja", "NameError", lang="ja",
         setup=r"""
            import pandas as pd
            cart = pd.DataFrame({"商品": ["コーヒー豆", "フィルター", "マグカップ"],
                                 "価格": [1800, 400, 1200]})
            shipping = 500
            """,
         before=[r"""
            # 消費税率
            tax_rate = 0.10
            """, r"""
            # 税込み価格
            cart["税込価格"] = cart["価格"] * (1 + tax_rate)
            subtotal = cart["税込価格"].sum()
            """, r"""
            # 使い終わった変数を片付ける
            del tax_rate
            """],
         cell=r"""
            # 送料にも消費税をかけて合計を出す
            total = subtotal + shipping * (1 + tax_rate)
            """,
         advice_cell=1,
         reference=r"""
            # 消費税率
            tax_rate = 0.10

            # 送料にも消費税をかけて合計を出す
            total = subtotal + shipping * (1 + tax_rate)
            """,
         lazy=r"""
            # 送料にも消費税をかけて合計を出す
            total = subtotal + shipping
            """,
         check=has("total", 4290.0),
         note="a clean-up cell deleted the tax rate; dropping the tax from shipping is wrong"),
    case("ho-ooo-cutoff-below", "NameError",
         setup=r'''
            with open("transactions.csv", "w", encoding="utf-8") as f:
                f.write("""tx_id,amount
            T1,120
            T2,45
            T3,500
            T4,60
            T5,310
            T6,75
            T7,900
            T8,90
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            tx = pd.read_csv("transactions.csv")
            """],
         cell=r"""
            large = tx[tx["amount"] > cutoff]
            large_ids = large["tx_id"].tolist()
            """,
         after=[r"""
            # the top quartile counts as a large transaction
            cutoff = tx["amount"].quantile(0.75)
            """],
         advice_cell=3,
         reference=r"""
            # the top quartile counts as a large transaction
            cutoff = tx["amount"].quantile(0.75)

            large = tx[tx["amount"] > cutoff]
            large_ids = large["tx_id"].tolist()
            """,
         lazy=r"""
            cutoff = tx["amount"].mean()
            large = tx[tx["amount"] > cutoff]
            large_ids = large["tx_id"].tolist()
            """,
         check=has("large_ids", ["T3", "T7"]),
         note="the cutoff is computed in the cell below; a made-up cutoff picks T5 too"),

    # ------------------------------------------------------------------ TypeError
    case("ho-type-weight-question-mark", "TypeError", data=True,
         setup=r'''
            with open("patients.csv", "w", encoding="utf-8") as f:
                f.write("""patient,weight_kg
            P01,72.5
            P02,?
            P03,80.0
            P04,65.5
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            patients = pd.read_csv("patients.csv")
            """],
         cell=r"""
            patients["weight_lb"] = patients["weight_kg"] * 2.20462
            mean_lb = patients["weight_lb"].mean()
            """,
         reference=r"""
            # "?" means the patient was not weighed
            patients["weight_kg"] = pd.to_numeric(patients["weight_kg"], errors="coerce")
            patients["weight_lb"] = patients["weight_kg"] * 2.20462
            mean_lb = patients["weight_lb"].mean()
            """,
         lazy=r"""
            patients["weight_kg"] = patients["weight_kg"].replace("?", "0").astype(float)
            patients["weight_lb"] = patients["weight_kg"] * 2.20462
            mean_lb = patients["weight_lb"].mean()
            """,
         check=has("mean_lb", (72.5 + 80.0 + 65.5) / 3 * 2.20462),
         note='a "?" makes the column text; a 0 weight drags the mean down'),
    case("ho-type-sort-mixed-ages-ja", "TypeError", lang="ja", data=True,
         setup=r"""
            responses = [
                {"名前": "佐藤", "年齢": 34},
                {"名前": "鈴木", "年齢": "29"},
                {"名前": "高橋", "年齢": 7},
                {"名前": "田中", "年齢": "41"},
            ]
            """,
         cell=r"""
            # 年齢の若い順に並べる
            by_age = sorted(responses, key=lambda r: r["年齢"])
            youngest = by_age[0]["名前"]
            """,
         reference=r"""
            # 年齢の若い順に並べる
            by_age = sorted(responses, key=lambda r: int(r["年齢"]))
            youngest = by_age[0]["名前"]
            """,
         lazy=r"""
            # 年齢の若い順に並べる
            by_age = sorted(responses, key=lambda r: str(r["年齢"]))
            youngest = by_age[0]["名前"]
            """,
         check=all_of(has("youngest", "高橋"),
                      lambda ns: [r["名前"] for r in ns["by_age"]] == ["高橋", "鈴木", "佐藤", "田中"]),
         note="ages typed as text in some form answers; sorting as text puts 7 last"),
    case("ho-type-sort-returns-none", "TypeError",
         setup=r"""cities = ["Lyon", "Bordeaux", "Nantes", "Lille"]""",
         cell=r"""
            ordered = cities.sort()
            first_city = ordered[0]
            """,
         reference=r"""
            ordered = sorted(cities)
            first_city = ordered[0]
            """,
         check=all_of(has("first_city", "Bordeaux"),
                      has("ordered", ["Bordeaux", "Lille", "Lyon", "Nantes"])),
         note="list.sort() sorts in place and returns None"),
    case("ho-type-postcode-int-ja", "TypeError", lang="ja", data=True,
         setup=r'''
            with open("stores_jp.csv", "w", encoding="utf-8") as f:
                f.write("""店舗,郵便番号
            札幌駅前,0600005
            仙台中央,9800021
            横浜西口,2200005
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            stores = pd.read_csv("stores_jp.csv")
            """],
         cell=r"""
            # 郵便番号の上3桁で地域を分ける
            stores["地域コード"] = [z[:3] for z in stores["郵便番号"]]
            """,
         reference=r"""
            # 郵便番号の上3桁で地域を分ける
            stores = pd.read_csv("stores_jp.csv", dtype={"郵便番号": str})
            stores["地域コード"] = [z[:3] for z in stores["郵便番号"]]
            """,
         lazy=r"""
            # 郵便番号の上3桁で地域を分ける
            stores["地域コード"] = [str(z)[:3] for z in stores["郵便番号"]]
            """,
         check=col("stores", "地域コード", ["060", "980", "220"]),
         note="postcodes read as integers lose the leading 0; str(z) gives 600 for Sapporo"),
    case("ho-type-unhashable-route", "TypeError",
         setup=r"""
            trips = [["Tokyo", "Osaka"], ["Osaka", "Kyoto"], ["Tokyo", "Osaka"], ["Kyoto", "Nara"]]
            """,
         cell=r"""
            route_counts = {}
            for route in trips:
                route_counts[route] = route_counts.get(route, 0) + 1
            busiest = max(route_counts, key=route_counts.get)
            """,
         reference=r"""
            route_counts = {}
            for route in trips:
                route = tuple(route)
                route_counts[route] = route_counts.get(route, 0) + 1
            busiest = max(route_counts, key=route_counts.get)
            """,
         check=all_of(lambda ns: same(list(ns["busiest"]), ["Tokyo", "Osaka"]),
                      lambda ns: sorted(ns["route_counts"].values()) == [1, 1, 2]),
         note="a list cannot be a dict key"),

    # ------------------------------------------------------------------ ValueError
    case("ho-value-merge-nan-int", "IntCastingNaNError", data=True,
         setup=r"""
            import pandas as pd
            orders = pd.DataFrame({"sku": ["A1", "B2", "C3", "A1", "D4"], "qty": [2, 1, 5, 3, 4]})
            prices = pd.DataFrame({"sku": ["A1", "B2", "C3"], "unit_price": [300, 1250, 80]})
            """,
         before=[r"""merged = orders.merge(prices, on="sku", how="left")"""],
         cell=r"""
            merged["unit_price"] = merged["unit_price"].astype(int)
            merged["line_total"] = merged["qty"] * merged["unit_price"]
            known_revenue = merged["line_total"].sum()
            unpriced = int(merged["line_total"].isna().sum())
            """,
         reference=r"""
            merged["unit_price"] = merged["unit_price"].astype("Int64")
            merged["line_total"] = merged["qty"] * merged["unit_price"]
            known_revenue = merged["line_total"].sum()
            unpriced = int(merged["line_total"].isna().sum())
            """,
         lazy=r"""
            merged["unit_price"] = merged["unit_price"].fillna(0).astype(int)
            merged["line_total"] = merged["qty"] * merged["unit_price"]
            known_revenue = merged["line_total"].sum()
            unpriced = int(merged["line_total"].isna().sum())
            """,
         check=all_of(has("known_revenue", 3150), has("unpriced", 1),
                      lambda ns: pd.api.types.is_integer_dtype(ns["merged"]["unit_price"])),
         note="a left join leaves one price missing; filling 0 hides the unpriced order"),
    case("ho-value-decimal-comma", "ValueError", data=True,
         setup=r'''
            with open("sensor_de.csv", "w", encoding="utf-8") as f:
                f.write("""Zeit;Messwert
            08:00;3,5
            09:00;4,25
            10:00;2,75
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            log = pd.read_csv("sensor_de.csv", sep=";")
            """],
         cell=r"""
            log["Messwert"] = log["Messwert"].astype(float)
            mean_value = log["Messwert"].mean()
            """,
         reference=r"""
            log["Messwert"] = log["Messwert"].str.replace(",", ".").astype(float)
            mean_value = log["Messwert"].mean()
            """,
         lazy=r"""
            log["Messwert"] = log["Messwert"].str.replace(",", "").astype(float)
            mean_value = log["Messwert"].mean()
            """,
         check=all_of(has("mean_value", 3.5), col("log", "Messwert", [3.5, 4.25, 2.75])),
         note="German decimal commas; stripping the comma multiplies by 10 or 100"),
    case("ho-value-date-format-ja", "ValueError", lang="ja", data=True,
         setup=r'''
            with open("orders_ja.csv", "w", encoding="utf-8") as f:
                f.write("""受注日,金額
            2024年3月5日,12000
            2024年3月28日,8500
            2024年4月2日,15000
            2024年4月15日,6000
            2024年5月1日,9800
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            sales = pd.read_csv("orders_ja.csv")
            """],
         cell=r"""
            # 受注日を日付型に変換して月別に集計する
            sales["受注日"] = pd.to_datetime(sales["受注日"], format="%Y-%m-%d")
            monthly = sales.groupby(sales["受注日"].dt.month)["金額"].sum()
            """,
         reference=r"""
            # 受注日を日付型に変換して月別に集計する
            sales["受注日"] = pd.to_datetime(sales["受注日"], format="%Y年%m月%d日")
            monthly = sales.groupby(sales["受注日"].dt.month)["金額"].sum()
            """,
         lazy=r"""
            # 受注日を日付型に変換して月別に集計する
            sales["受注日"] = pd.to_datetime(sales["受注日"], format="%Y-%m-%d", errors="coerce")
            monthly = sales.groupby(sales["受注日"].dt.month)["金額"].sum()
            """,
         check=has("monthly", {3: 20500, 4: 21000, 5: 9800}),
         note="dates written 2024年3月5日; errors='coerce' turns every date into NaT"),
    case("ho-value-cut-labels", "ValueError",
         setup=r"""
            import pandas as pd
            members = pd.DataFrame({"name": ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"],
                                    "age": [12, 34, 70, 17, 45, 81]})
            """,
         cell=r"""
            members["group"] = pd.cut(members["age"], bins=[0, 17, 64],
                                      labels=["minor", "adult", "senior"])
            group_sizes = members["group"].value_counts().to_dict()
            """,
         reference=r"""
            members["group"] = pd.cut(members["age"], bins=[0, 17, 64, 120],
                                      labels=["minor", "adult", "senior"])
            group_sizes = members["group"].value_counts().to_dict()
            """,
         lazy=r"""
            members["group"] = pd.cut(members["age"], bins=[0, 17, 64],
                                      labels=["minor", "adult"])
            group_sizes = members["group"].value_counts().to_dict()
            """,
         check=all_of(has("group_sizes", {"minor": 2, "adult": 2, "senior": 2}),
                      lambda ns: [str(g) for g in ns["members"]["group"]]
                      == ["minor", "adult", "senior", "minor", "adult", "senior"]),
         note="three labels need four bin edges; dropping a label loses the seniors"),

    # ------------------------------------------------------------------ AttributeError
    case("ho-attr-applymap-removed-ja", "AttributeError", lang="ja",
         setup=r"""
            import pandas as pd
            staff = pd.DataFrame({"氏名": ["山田\u3000", " 佐々木", "伊藤 "],
                                  "部署": ["営業 ", "\u3000開発", "営業"]})
            """,
         cell=r"""
            # すべてのセルの前後の空白を取り除く
            staff = staff.applymap(lambda s: s.strip())
            sales_staff = staff.loc[staff["部署"] == "営業", "氏名"].tolist()
            """,
         reference=r"""
            # すべてのセルの前後の空白を取り除く
            staff = staff.map(lambda s: s.strip())
            sales_staff = staff.loc[staff["部署"] == "営業", "氏名"].tolist()
            """,
         check=all_of(has("sales_staff", ["山田", "伊藤"]),
                      col("staff", "部署", ["営業", "開発", "営業"])),
         note="DataFrame.applymap was removed in pandas 3 (renamed DataFrame.map)"),
    case("ho-attr-list-join", "AttributeError",
         setup=r"""tags = ["python", "pandas", "jupyter"]""",
         cell=r"""
            caption = "Tags: " + tags.join(", ")
            print(caption)
            """,
         reference=r"""
            caption = "Tags: " + ", ".join(tags)
            print(caption)
            """,
         check=has("caption", "Tags: python, pandas, jupyter"),
         note="join is a method of the separator string, not of the list"),

    # ------------------------------------------------------------------ SyntaxError
    case("ho-syntax-print-statement", "SyntaxError",
         setup=r"""latencies_ms = [120, 95, 143, 110, 102]""",
         cell=r"""
            median_ms = sorted(latencies_ms)[len(latencies_ms) // 2]
            print "median latency:", median_ms, "ms"
            """,
         reference=r"""
            median_ms = sorted(latencies_ms)[len(latencies_ms) // 2]
            print("median latency:", median_ms, "ms")
            """,
         check=all_of(has("median_ms", 110),
                      lambda ns: "median latency: 110 ms" in ns["__output__"]),
         note="Python 2 print statement from an old tutorial"),
    case("ho-syntax-fullwidth-space-ja", "SyntaxError", lang="ja",
         setup=r"""daily_steps = [8200, 10400, 6900, 12100, 9500]""",
         cell="""
            # 1万歩以上歩いた日数を数える
            goal_days = 0
            for steps in daily_steps:
                if steps >=\u300010000:
                    goal_days += 1
            """,
         reference=r"""
            # 1万歩以上歩いた日数を数える
            goal_days = 0
            for steps in daily_steps:
                if steps >= 10000:
                    goal_days += 1
            """,
         check=has("goal_days", 2),
         note="a full-width space (U+3000) typed with the Japanese IME on"),

    # ------------------------------------------------------------------ KeyError
    case("ho-key-snake-case-header", "KeyError", data=True,
         setup=r'''
            with open("shop_sales.csv", "w", encoding="utf-8") as f:
                f.write("""Store Name,Region,Sales
            Downtown,North,1200
            Harbor,South,800
            Downtown,North,450
            Airport,East,975
            Harbor,South,300
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            shop = pd.read_csv("shop_sales.csv")
            """],
         cell=r"""sales_by_store = shop.groupby("store_name")["Sales"].sum()""",
         reference=r"""sales_by_store = shop.groupby("Store Name")["Sales"].sum()""",
         check=has("sales_by_store", {"Airport": 975, "Downtown": 1650, "Harbor": 1100}),
         note='the header is "Store Name", with a capital and a space'),
    case("ho-key-fullwidth-space-header-ja", "KeyError", lang="ja", data=True,
         setup="""
            with open("test_scores.csv", "w", encoding="utf-8") as f:
                f.write("生徒,点数\\u3000\\nA,78\\nB,85\\nC,64\\nD,93\\n")
            del f
            """,
         before=[r"""
            import pandas as pd
            scores = pd.read_csv("test_scores.csv")
            """],
         cell=r"""
            # クラスの平均点
            class_mean = scores["点数"].mean()
            """,
         reference=r"""
            # クラスの平均点
            scores.columns = scores.columns.str.strip()
            class_mean = scores["点数"].mean()
            """,
         check=has("class_mean", 80.0),
         note="the Excel header ends in a full-width space"),

    # ------------------------------------------------------------------ ModuleNotFoundError
    case("ho-module-statsmodels", "ModuleNotFoundError",
         setup=r"""
            import pandas as pd
            campaigns = pd.DataFrame({"ad_spend": [10, 20, 30, 40, 50],
                                      "sales": [110, 135, 148, 170, 196]})
            """,
         cell=r"""
            import statsmodels.formula.api as smf

            model = smf.ols("sales ~ ad_spend", data=campaigns).fit()
            print(model.params)
            """,
         reference=r"""
            %pip install statsmodels
            import statsmodels.formula.api as smf

            model = smf.ols("sales ~ ad_spend", data=campaigns).fit()
            print(model.params)
            """,
         lazy=r"""
            %pip install statsmodel
            import statsmodels.formula.api as smf

            model = smf.ols("sales ~ ad_spend", data=campaigns).fit()
            print(model.params)
            """,
         check_source=installs("statsmodels", "import statsmodels.formula.api as smf"),
         note="statsmodels is not installed in this environment; the pip name ends in s"),

    # ------------------------------------------------------------------ FileNotFoundError
    case("ho-file-tsv-extension", "FileNotFoundError",
         setup=r"""
            with open("results.tsv", "w", encoding="utf-8") as f:
                f.write("runner\tminutes\nAmi\t42.5\nBert\t39.0\nCleo\t45.5\n")
            del f
            """,
         before=[r"""import pandas as pd"""],
         cell=r"""
            race = pd.read_csv("results.csv")
            fastest = race.loc[race["minutes"].idxmin(), "runner"]
            """,
         reference=r"""
            race = pd.read_csv("results.tsv", sep="\t")
            fastest = race.loc[race["minutes"].idxmin(), "runner"]
            """,
         check=all_of(has("fastest", "Bert"), col("race", "minutes", [42.5, 39.0, 45.5])),
         note="the file is results.tsv, tab-separated"),

    # ------------------------------------------------------------------ IndexError
    case("ho-index-empty-filter-ja", "IndexError", lang="ja", data=True,
         setup=r"""
            with open("branches.csv", "w", encoding="utf-8") as f:
                f.write("支店,店長,従業員数\n札幌,小林,12\n京都 ,中村,8\n福岡,山本,15\n")
            del f
            """,
         before=[r"""
            import pandas as pd
            branches = pd.read_csv("branches.csv")
            """],
         cell=r"""
            # 京都支店の店長を調べる
            kyoto_manager = branches[branches["支店"] == "京都"].iloc[0]["店長"]
            """,
         reference=r"""
            # 京都支店の店長を調べる
            branches["支店"] = branches["支店"].str.strip()
            kyoto_manager = branches[branches["支店"] == "京都"].iloc[0]["店長"]
            """,
         lazy=r"""
            # 京都支店の店長を調べる
            matches = branches[branches["支店"] == "京都"]
            kyoto_manager = matches.iloc[0]["店長"] if len(matches) else None
            """,
         check=has("kyoto_manager", "中村"),
         note='the CSV says "京都 " with a trailing space, so the filter is empty'),
    case("ho-index-tab-split", "IndexError", data=True,
         setup=r"""
            with open("stations.txt", "w", encoding="utf-8") as f:
                f.write("name\tregion\televation_m\nAlpha\tNorth\t1240\n"
                        "Bravo\tSouth\t310\nCharlie\tNorth\t875\n")
            del f
            """,
         cell=r"""
            with open("stations.txt", encoding="utf-8") as f:
                lines = f.read().strip().splitlines()
            elevations = [int(line.split(",")[2]) for line in lines[1:]]
            highest = max(elevations)
            """,
         reference=r"""
            with open("stations.txt", encoding="utf-8") as f:
                lines = f.read().strip().splitlines()
            elevations = [int(line.split("\t")[2]) for line in lines[1:]]
            highest = max(elevations)
            """,
         check=all_of(has("elevations", [1240, 310, 875]), has("highest", 1240)),
         note="the file is tab-separated, so splitting on commas gives one field"),

    # ------------------------------------------------------------------ other
    case("ho-zerodiv-month-label-ja", "ZeroDivisionError", lang="ja", data=True,
         setup=r'''
            with open("visitors.csv", "w", encoding="utf-8") as f:
                f.write("""月,週,来店者数
            2月,1,280
            2月,2,300
            3月,1,410
            3月,2,390
            3月,3,440
            """)
            del f
            ''',
         before=[r"""
            import pandas as pd
            visitors = pd.read_csv("visitors.csv")
            """],
         cell=r"""
            # 3月の週平均来店者数
            march = [n for m, n in zip(visitors["月"], visitors["来店者数"]) if m == 3]
            march_avg = sum(march) / len(march)
            """,
         reference=r"""
            # 3月の週平均来店者数
            march = [n for m, n in zip(visitors["月"], visitors["来店者数"]) if m == "3月"]
            march_avg = sum(march) / len(march)
            """,
         lazy=r"""
            # 3月の週平均来店者数
            march = [n for m, n in zip(visitors["月"], visitors["来店者数"]) if m == 3]
            march_avg = sum(march) / len(march) if march else 0
            """,
         check=has("march_avg", 1240 / 3),
         note='months are the text "3月", so comparing with 3 selects nothing'),
    case("ho-unicode-open-cp932-ja", "UnicodeDecodeError", lang="ja", data=True,
         setup=r"""
            with open("feedback.txt", "w", encoding="cp932") as f:
                f.write("とても満足しました\n普通です\n満足度は高いです\n不満があります\n")
            del f
            """,
         cell=r"""
            # アンケートの自由記述から「満足」を含む回答を数える
            with open("feedback.txt", encoding="utf-8") as f:
                comments = [line.strip() for line in f]
            n_satisfied = sum("満足" in c for c in comments)
            """,
         reference=r"""
            # アンケートの自由記述から「満足」を含む回答を数える
            with open("feedback.txt", encoding="cp932") as f:
                comments = [line.strip() for line in f]
            n_satisfied = sum("満足" in c for c in comments)
            """,
         lazy=r"""
            # アンケートの自由記述から「満足」を含む回答を数える
            with open("feedback.txt", encoding="utf-8", errors="ignore") as f:
                comments = [line.strip() for line in f]
            n_satisfied = sum("満足" in c for c in comments)
            """,
         check=all_of(has("n_satisfied", 2),
                      has("comments", ["とても満足しました", "普通です",
                                       "満足度は高いです", "不満があります"])),
         note="a Shift_JIS text file opened as UTF-8; ignoring errors drops every kana"),
    case("ho-json-lines-load", "JSONDecodeError", data=True,
         setup=r"""
            with open("events.jsonl", "w", encoding="utf-8") as f:
                f.write('{"user": "kim", "action": "view", "ms": 120}\n'
                        '{"user": "lee", "action": "buy", "ms": 340}\n'
                        '{"user": "kim", "action": "buy", "ms": 210}\n')
            del f
            """,
         before=[r"""import json"""],
         cell=r"""
            with open("events.jsonl", encoding="utf-8") as f:
                events = json.load(f)
            purchases = sum(1 for e in events if e["action"] == "buy")
            """,
         reference=r"""
            with open("events.jsonl", encoding="utf-8") as f:
                events = [json.loads(line) for line in f if line.strip()]
            purchases = sum(1 for e in events if e["action"] == "buy")
            """,
         check=all_of(has("purchases", 2),
                      lambda ns: [e["user"] for e in ns["events"]] == ["kim", "lee", "kim"]),
         note="JSON Lines (one object per line) is not one JSON document: 'Extra data'"),
]

# the intended mix: row -> number of cases
MIX = {"NameError": 5, "out-of-order": 3, "TypeError": 5, "ValueError": 4,
       "AttributeError": 2, "SyntaxError": 2, "KeyError": 2, "ModuleNotFoundError": 1,
       "FileNotFoundError": 1, "IndexError": 2, "other": 3}
MINIMUMS = {"cases": 30, "ja": 7, "data": 8, "trap": 6}


def validate_heldout(cases: list[Case] | None = None, verbose: bool = True) -> bool:
    """Per-case validation of bench/fix_cases.py, then this corpus' own mix."""
    from fix_cases import CASES as DEV_CASES, CaseSetupError, _problems

    cases = CASES if cases is None else cases
    say = print if verbose else (lambda *a, **k: None)
    ok = True

    ids = [c.id for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    clash = sorted(set(ids) & {c.id for c in DEV_CASES})
    if dupes or clash:
        ok = False
        say(f"duplicate ids: {dupes}; ids also in fix_cases.py: {clash}")
    same_cell = [c.id for c in cases if c.cell in {d.cell for d in DEV_CASES}]
    if same_cell:
        ok = False
        say(f"cells copied from fix_cases.py: {same_cell}")

    say(f"{'id':36} {'error':20} {'row':19} {'lang':4} {'flags':6}  result")
    for c in cases:
        try:
            bad = _problems(c)
        except CaseSetupError as err:
            bad = [str(err)]
        flags = "".join(f for f, on in (("T", bool(c.lazy)), ("D", c.data),
                                         ("O", c.out_of_order), ("S", c.check is None)) if on)
        ok = ok and not bad
        say(f"{c.id:36} {c.error:20} {category(c):19} {c.lang:4} {flags:6}  "
            + ("ok" if not bad else "FAIL: " + "; ".join(bad)))
    say("flags: T trap (lazy fix given), D data-caused, O out-of-order, S judged on source")

    rows = [category(c) for c in cases]
    say(f"\n{'row':20} {'cases':>5} {'want':>5} {'ja':>3} {'data':>4} {'trap':>4}")
    for row, want in MIX.items():
        in_row = [c for c in cases if category(c) == row]
        k = len(in_row)
        mark = "" if k == want else "  WRONG COUNT"
        ok = ok and k == want
        say(f"{row:20} {k:5d} {want:5d} {sum(c.lang == 'ja' for c in in_row):3d} "
            f"{sum(c.data for c in in_row):4d} {sum(bool(c.lazy) for c in in_row):4d}{mark}")
    stray = sorted(set(rows) - set(MIX))
    if stray:
        ok = False
        say(f"rows outside the mix: {stray}")

    counts = {"cases": len(cases), "ja": sum(c.lang == "ja" for c in cases),
              "data": sum(c.data for c in cases), "trap": sum(bool(c.lazy) for c in cases)}
    say("\n" + ", ".join(f"{k}: {v} (min {MINIMUMS[k]})" for k, v in counts.items()))
    for key, value in counts.items():
        if value < MINIMUMS[key]:
            ok = False
            say(f"too few {key}: {value} < {MINIMUMS[key]}")
    say("held-out corpus valid" if ok else "held-out corpus INVALID")
    return ok


if __name__ == "__main__":
    sys.exit(0 if validate_heldout() else 1)
