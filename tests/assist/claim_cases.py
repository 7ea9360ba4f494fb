"""Sentences about charts and whether each is true of its chart's data: the claim checker's corpus.

A claim checker takes one sentence, in English or Japanese, written about a chart, and
says whether the chart's data supports it. This module holds the charts, as plain data,
and the sentences, each with its expected verdict. It was written from the charts' data
alone, before and apart from any checker.

Charts
======

``CHARTS`` maps a chart id to a chart spec, a dict with these keys:

- ``kind``: ``"line"``, ``"bar"`` (vertical bars, categories along x), ``"barh"``
  (horizontal bars) or ``"scatter"``.
- ``title``, ``xlabel``, ``ylabel``: the texts drawn on the chart. For ``barh`` the
  categories run up the vertical axis, so ``ylabel`` names the categories and ``xlabel``
  the values.
- ``x``: the positions, in order: month names (``"Jan"``), numbers (``1``, ``2``, ... or
  years), ISO date strings (``"2024-03-01"``), or category labels (``"West"``,
  ``"家電"``). For bar and barh charts these are the categories; for scatters, the numeric
  x value of each point.
- ``series``: a dict of series name -> list of y values, one per ``x``. A bar chart with
  several series is a grouped bar chart (one group per ``x``, one bar per series). A
  scatter may have several series sharing the same ``x``.
- ``twin`` (line charts only, optional): ``{"ylabel": ..., "series": {...}}``, series
  drawn against a second y axis on the right, sharing ``x``.

Cases
=====

``CASES`` is a list of ``(chart_id, sentence, truth, checks)``:

- ``truth`` is True when the chart's data supports the sentence, False when it does not,
  and None for a linking sentence that states nothing about the data ("Let's look at the
  trend more closely."). A checker must let None sentences through: they are neither true
  nor false claims.
- ``checks`` is a tuple of the kinds of check the sentence exercises, from this set:

  - ``number``: a value stated in the sentence (a data value, a difference, a total, an
    average);
  - ``position``: the x position or category where something is said to happen ("in
    March", "at month 4", "on 2024-03-04", "in the West region", 「3月4日」);
  - ``superlative``: highest, lowest, peak, best, fewest, 最高, 最も多い, ...;
  - ``comparative``: more than, less than, exceeds, above, 上回る, ...;
  - ``direction``: rose, fell, stayed flat, 増加, 減少, 横ばい, and its strength
    ("sharply", "slightly", "steadily", 大きく, わずかに);
  - ``percent``: a percentage change, which must match the relative change, not the
    absolute one;
  - ``series``: the series named is the one the statement is true of ("revenue" and not
    "cost", the twin axis's series and not the main one);
  - ``subject``: whether the sentence is about the data at all. Sentences about the code
    or the plotting ("The chart was created with matplotlib.", "The DataFrame was built
    with pd.DataFrame.") are never supported claims: they have truth False and checks
    ``("subject",)``. Sentences that mention "the chart" or 「このグラフ」 but then state
    something about the data are judged on that statement and carry ``subject`` among
    their checks as well;
  - ``count``: how many points, bars, categories or series are shown;
  - ``share``: a part's share of a total;
  - ``crossing``: whether and where two series cross;
  - ``correlation``: the sign of the correlation between x and y on a scatter.

  A False sentence lists every kind it exercises; the comment above it says which part
  is wrong.

Conventions
===========

- Numbers. A stated number is true when the data value rounded to the number of decimals
  stated equals it ("27.6%" for 27.56%, "28%" for 27.56%, "5%" for 5.02%). "About",
  "around", "roughly", 約, およそ, ほぼ widen this to the place of the stated number's
  last nonzero digit ("about 500" for 498; "about 30%" for 29.6%). Thousands separators
  ("3,900") and units ("k$", "units", 人, 万円, "°C") do not change the number. Multiples
  ("half", "a third", 1割, "4倍以上") are read as the fraction they name.
- Percent changes are relative to the earlier value of the span: (later - earlier) /
  earlier * 100. "X is N% more than Y" is relative to Y. A percentage that equals the
  absolute change (the mistake "rose 113%" for a rise of 113 from 410) is false.
- Shares are of the total of the series over all the chart's categories (or, for a
  series over time, over all the points shown).
- An average is the arithmetic mean of the values shown. A level stated for a whole
  series ("stayed around 2%") is compared with its mean.
- Direction over a span ("from January to April", "over the year", "from 2019 to 2024")
  compares the span's first and last values; with no span stated, the whole series. "In
  June" for a change means from the previous x to June; 前月から likewise. "Steadily",
  "every month", 一貫して: every step of the span goes the stated way. "Slightly", やや,
  わずかに: the change is under 10% of the earlier value. "Sharply", "jumped",
  大きく, 大幅に: at least 20%. "Flat", "stable", 横ばい: every value of the span is within
  10% of the span's mean.
- Positions are named in the axis's own terms or in plain equivalents of them: on a
  numeric month axis (xlabel "Month", x 1..12) "month 4", "April" and 4月 all name x = 4;
  "2024-03-04", "March 4, 2024", 3月4日 and 2024年3月4日 name the same date; category
  labels are quoted as drawn, in either language's sentences. Years on a numeric year
  axis are named as years.
- Superlatives range over the whole series (or, when the sentence says "of any bar",
  over every bar), unless the sentence narrows the range. "Peaked" is the maximum. A tie
  for the maximum or minimum makes each tied position a right answer, and a sentence
  naming all of them true.
- Crossing: one series "overtakes" another at the first x where it is above after being
  below at the previous x; the lines "cross between" those two x values. Lines that keep
  the same order at every x never cross.
- Correlation is the sign of the Pearson correlation between x and the named series.

``CASES`` holds 210 sentences about 17 charts: 108 true, 96 false and 6 linking
sentences; 145 in English and 65 in Japanese. The sections of the list below follow the
charts, and are marked by comments; the linking sentences come last.
"""

CHARTS = {
    # Month-name axis, rise then fall; max 523 in April, second highest 498 in March.
    "revenue_monthly": {
        "kind": "line",
        "title": "Monthly revenue",
        "xlabel": "Month",
        "ylabel": "Revenue (k$)",
        "x": ["Jan", "Feb", "Mar", "Apr", "May", "Jun"],
        "series": {"revenue": [410, 455, 498, 523, 470, 440]},
    },
    # Numeric month axis 1..12, a steady rising trend.
    "units_numeric_months": {
        "kind": "line",
        "title": "Units sold per month",
        "xlabel": "Month",
        "ylabel": "Units sold",
        "x": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        "series": {"units": [120, 126, 138, 150, 162, 171, 189, 204, 222, 240, 270, 300]},
    },
    # Date axis (weekly), a steady falling trend.
    "subscribers_weekly": {
        "kind": "line",
        "title": "Active subscribers",
        "xlabel": "Week",
        "ylabel": "Active subscribers",
        "x": ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
              "2024-01-29", "2024-02-05", "2024-02-12", "2024-02-19"],
        "series": {"subscribers": [800, 760, 730, 690, 640, 600, 560, 520]},
    },
    # Date axis (daily), one outlier on 2024-03-04.
    "daily_visits": {
        "kind": "line",
        "title": "Daily site visits",
        "xlabel": "Date",
        "ylabel": "Visits",
        "x": ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04",
              "2024-03-05", "2024-03-06", "2024-03-07"],
        "series": {"visits": [1200, 1180, 1250, 3900, 1220, 1190, 1210]},
    },
    # A flat, noisy series: mean 2.05, every value within 1.9..2.2.
    "error_rate_weekly": {
        "kind": "line",
        "title": "Weekly error rate",
        "xlabel": "Week",
        "ylabel": "Error rate (%)",
        "x": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        "series": {"error_rate": [2.0, 2.2, 1.9, 2.1, 2.0, 2.2, 1.9, 2.1, 2.0, 2.1]},
    },
    # Category axis (regions); total 1400.
    "regions_bar": {
        "kind": "bar",
        "title": "Sales by region",
        "xlabel": "Region",
        "ylabel": "Sales (k$)",
        "x": ["North", "South", "East", "West", "Central"],
        "series": {"sales": [340, 210, 275, 415, 160]},
    },
    # Horizontal bars (products); total 1000.
    "products_barh": {
        "kind": "barh",
        "title": "Units sold by product",
        "xlabel": "Units sold",
        "ylabel": "Product",
        "x": ["Widget", "Gadget", "Doohickey", "Gizmo"],
        "series": {"units": [120, 300, 80, 500]},
    },
    # Japanese category labels; total 2000.
    "categories_ja_bar": {
        "kind": "bar",
        "title": "カテゴリ別売上",
        "xlabel": "カテゴリ",
        "ylabel": "売上（万円）",
        "x": ["食品", "衣料品", "家電", "日用品", "書籍"],
        "series": {"売上": [520, 280, 640, 360, 200]},
    },
    # Two series compared; revenue above cost in every month, never crossing.
    "revenue_vs_cost": {
        "kind": "line",
        "title": "Revenue and cost",
        "xlabel": "Month",
        "ylabel": "k$",
        "x": ["Jan", "Feb", "Mar", "Apr", "May", "Jun"],
        "series": {
            "revenue": [500, 520, 560, 600, 640, 700],
            "cost": [420, 450, 470, 480, 500, 520],
        },
    },
    # Two series that cross between 2021 and 2022 (Plan B first above Plan A in 2022).
    "plans_crossing": {
        "kind": "line",
        "title": "Users by plan",
        "xlabel": "Year",
        "ylabel": "Users",
        "x": [2019, 2020, 2021, 2022, 2023, 2024],
        "series": {
            "Plan A": [900, 850, 800, 720, 650, 600],
            "Plan B": [300, 450, 600, 750, 900, 1050],
        },
    },
    # Twin-axis line chart: sales on the left, temperature on the right; both peak in August.
    "icecream_twin": {
        "kind": "line",
        "title": "Ice-cream sales and temperature",
        "xlabel": "Month",
        "ylabel": "Sales (units)",
        "x": ["Apr", "May", "Jun", "Jul", "Aug", "Sep"],
        "series": {"sales": [200, 260, 410, 580, 610, 450]},
        "twin": {"ylabel": "Temperature (°C)", "series": {"temperature": [14, 18, 22, 27, 29, 24]}},
    },
    # Grouped bars: two years per quarter; totals 585 (2023) and 650 (2024).
    "orders_grouped": {
        "kind": "bar",
        "title": "Orders by quarter",
        "xlabel": "Quarter",
        "ylabel": "Orders",
        "x": ["Q1", "Q2", "Q3", "Q4"],
        "series": {
            "2023": [120, 135, 150, 180],
            "2024": [140, 130, 170, 210],
        },
    },
    # Scatter, positive correlation.
    "ads_scatter": {
        "kind": "scatter",
        "title": "Ad spend and sales",
        "xlabel": "Ad spend (k$)",
        "ylabel": "Sales (k$)",
        "x": [1, 2, 3, 4, 5, 6, 7, 8],
        "series": {"sales": [12, 15, 19, 22, 24, 29, 31, 35]},
    },
    # Scatter, negative correlation.
    "price_scatter": {
        "kind": "scatter",
        "title": "Price and demand",
        "xlabel": "Price ($)",
        "ylabel": "Weekly demand (units)",
        "x": [5, 10, 15, 20, 25, 30],
        "series": {"demand": [95, 80, 70, 52, 40, 28]},
    },
    # Scatter with two series: score rises with hours studied, screen time falls.
    "study_scatter": {
        "kind": "scatter",
        "title": "Study habits",
        "xlabel": "Hours studied per day",
        "ylabel": "Value",
        "x": [1, 2, 3, 4, 5, 6, 7],
        "series": {
            "score": [52, 58, 61, 67, 70, 76, 81],
            "screen_time": [5.0, 4.6, 4.1, 3.9, 3.2, 2.8, 2.5],
        },
    },
    # Japanese month labels; max 1100 in 6月, second highest 1040 in 4月.
    "visitors_ja_monthly": {
        "kind": "line",
        "title": "月別来店客数",
        "xlabel": "月",
        "ylabel": "来店客数（人）",
        "x": ["1月", "2月", "3月", "4月", "5月", "6月"],
        "series": {"来店客数": [820, 790, 910, 1040, 980, 1100]},
    },
    # Numeric month axis whose values (252, 301, ...) and positions (3, 5, ...) are easy to mix up.
    "tickets_monthly": {
        "kind": "line",
        "title": "Support tickets",
        "xlabel": "Month",
        "ylabel": "Tickets",
        "x": [1, 2, 3, 4, 5, 6],
        "series": {"tickets": [180, 214, 252, 239, 301, 288]},
    },
}

CASES = [
    # ------------------------------------------------------------ revenue_monthly
    # revenue 410, 455, 498, 523, 470, 440 (Jan..Jun); sum 2796, mean 466.
    ("revenue_monthly", "Revenue peaked at 523 in April.", True,
     ("number", "position", "superlative")),
    # Wrong month: 523 is April's; March was 498.
    ("revenue_monthly", "Revenue peaked at 523 in March.", False,
     ("number", "position", "superlative")),
    # (523 - 410) / 410 = 27.56%.
    ("revenue_monthly", "Revenue rose 27.6% from January to April.", True,
     ("percent", "direction", "position")),
    # The absolute change (113) given as a percent.
    ("revenue_monthly", "Revenue rose 113% from January to April.", False,
     ("percent", "direction", "position")),
    ("revenue_monthly", "From January to April revenue grew by 113k$.", True,
     ("number", "direction", "position")),
    # (523 - 498) / 498 = 5.02%.
    ("revenue_monthly", "Between March and April revenue increased by about 5%.", True,
     ("percent", "direction", "position")),
    # It rose, 498 -> 523.
    ("revenue_monthly", "Revenue fell from March to April.", False,
     ("direction", "position")),
    ("revenue_monthly", "After April, revenue declined for two months in a row, ending June at 440.", True,
     ("direction", "number", "position")),
    # June (440) is neither the highest nor near it.
    ("revenue_monthly", "Revenue was highest in June.", False,
     ("superlative", "position")),
    ("revenue_monthly", "The lowest revenue, 410, was in January.", True,
     ("number", "position", "superlative")),
    # 498 is the second highest; April's 523 is the highest.
    ("revenue_monthly", "March was the best month, with revenue of 498.", False,
     ("superlative", "number", "position")),
    # 2796 / 6 = 466.
    ("revenue_monthly", "Average monthly revenue over the six months was 466k$.", True,
     ("number",)),
    # 523 is the maximum, not the mean.
    ("revenue_monthly", "Average monthly revenue over the six months was 523k$.", False,
     ("number",)),
    ("revenue_monthly", "The chart shows six months of revenue.", True,
     ("count",)),
    ("revenue_monthly", "The chart shows revenue peaking at 523 in April.", True,
     ("subject", "number", "position", "superlative")),
    ("revenue_monthly", "売上は4月に最高の523に達した。", True,
     ("number", "position", "superlative")),
    ("revenue_monthly", "売上は3月から4月にかけて約5%増加した。", True,
     ("percent", "direction", "position")),
    # 410 -> 440 is a rise.
    ("revenue_monthly", "売上は1月から6月にかけて減少した。", False,
     ("direction", "position")),
    ("revenue_monthly", "The chart was created with matplotlib.", False,
     ("subject",)),

    # ------------------------------------------------------------ units_numeric_months
    # units 120 ... 300, every step up; month 4 = 150, month 5 = 162, month 6 = 171.
    ("units_numeric_months", "Units sold rose steadily every month, from 120 in month 1 to 300 in month 12.", True,
     ("direction", "number", "position")),
    # (300 - 120) / 120 = 150%.
    ("units_numeric_months", "Over the year, units sold increased by 150%.", True,
     ("percent", "direction")),
    # The absolute change (180) given as a percent.
    ("units_numeric_months", "Over the year, units sold increased by 180%.", False,
     ("percent", "direction")),
    ("units_numeric_months", "Units sold grew by 180 units between January and December.", True,
     ("number", "direction", "position")),
    ("units_numeric_months", "In April (month 4), 150 units were sold.", True,
     ("number", "position")),
    # Wrong month: 150 is month 4; month 5 was 162.
    ("units_numeric_months", "In month 5, 150 units were sold.", False,
     ("number", "position")),
    # (171 - 120) / 120 = 42.5%.
    ("units_numeric_months", "Units sold rose 42.5% from month 1 to month 6.", True,
     ("percent", "direction", "position")),
    # Every step of the second half is a rise.
    ("units_numeric_months", "Units sold fell slightly in the second half of the year.", False,
     ("direction", "position")),
    ("units_numeric_months", "The line has 12 points.", True,
     ("count",)),
    ("units_numeric_months", "The line has 10 points.", False,
     ("count",)),
    ("units_numeric_months", "販売数は12月に最高の300に達した。", True,
     ("number", "position", "superlative")),
    # Month 5 -> 6 is 162 -> 171, a rise.
    ("units_numeric_months", "販売数は6月に減少した。", False,
     ("direction", "position")),
    ("units_numeric_months", "The x-axis ticks were set with ax.set_xticks(range(1, 13)).", False,
     ("subject",)),

    # ------------------------------------------------------------ subscribers_weekly
    # 800, 760, 730, 690, 640, 600, 560, 520 on the Mondays 2024-01-01 .. 2024-02-19.
    ("subscribers_weekly", "Active subscribers fell steadily from 800 on 2024-01-01 to 520 on 2024-02-19.", True,
     ("direction", "number", "position")),
    # (520 - 800) / 800 = -35%.
    ("subscribers_weekly", "Subscribers dropped by 35% over the period shown.", True,
     ("percent", "direction")),
    # The absolute change (280) given as a percent.
    ("subscribers_weekly", "Subscribers dropped by 280% over the period shown.", False,
     ("percent", "direction")),
    # A drop of 35%, not 3.5%.
    ("subscribers_weekly", "Subscribers fell by only 3.5% in total.", False,
     ("percent", "direction")),
    ("subscribers_weekly", "The number of subscribers grew over the period.", False,
     ("direction",)),
    ("subscribers_weekly", "Subscribers were highest in the first week, on January 1, 2024.", True,
     ("superlative", "position")),
    # Wrong date: the lowest, 520, is on 2024-02-19; 2024-02-12 had 560.
    ("subscribers_weekly", "Subscribers reached their lowest point, 520, on 2024-02-12.", False,
     ("number", "position", "superlative")),
    # (640 - 800) / 800 = -20%.
    ("subscribers_weekly", "By 2024-01-29 subscribers had fallen 20% from the start.", True,
     ("percent", "direction", "position")),
    ("subscribers_weekly", "有効会員数は2024年1月1日の800から2024年2月19日の520まで一貫して減少した。", True,
     ("direction", "number", "position")),
    ("subscribers_weekly", "2月5日時点の会員数は600だった。", True,
     ("number", "position")),
    # Wrong date: 600 is on 2024-02-05; 2024-01-29 had 640.
    ("subscribers_weekly", "会員数は2024年1月29日に600だった。", False,
     ("number", "position")),

    # ------------------------------------------------------------ daily_visits
    # 1200, 1180, 1250, 3900, 1220, 1190, 1210 on 2024-03-01 .. 2024-03-07; sum 11150.
    ("daily_visits", "Visits spiked to 3,900 on 2024-03-04.", True,
     ("number", "position")),
    # Wrong date: the spike is on March 4.
    ("daily_visits", "Visits spiked to 3,900 on 2024-03-03.", False,
     ("number", "position")),
    ("daily_visits", "Apart from March 4, daily visits stayed between 1,180 and 1,250.", True,
     ("number", "position")),
    # (3900 - 1250) / 1250 = 212%.
    ("daily_visits", "From March 3 to March 4, visits jumped by 212%.", True,
     ("percent", "direction", "position")),
    # The absolute change (2650) given as a percent.
    ("daily_visits", "From March 3 to March 4, visits jumped by 2650%.", False,
     ("percent", "direction", "position")),
    # 3900 / 11150 = 34.98%.
    ("daily_visits", "March 4 accounted for about 35% of the week's visits.", True,
     ("share", "position")),
    # 3900 out of a total of 11150, not of 10000.
    ("daily_visits", "March 4 accounted for 39% of the week's visits.", False,
     ("share", "position")),
    ("daily_visits", "The lowest count was 1,180 on 2024-03-02.", True,
     ("number", "position", "superlative")),
    # The steps go down, up, up, down, down, up.
    ("daily_visits", "Visits rose steadily throughout the week.", False,
     ("direction",)),
    ("daily_visits", "3月4日の訪問数は3900で、期間中で最も多かった。", True,
     ("number", "position", "superlative")),
    # The fewest, 1180, were on March 2; March 1 had 1200.
    ("daily_visits", "訪問数が最も少なかったのは3月1日だった。", False,
     ("superlative", "position")),
    ("daily_visits", "The DataFrame was built with pd.DataFrame and a date index.", False,
     ("subject",)),

    # ------------------------------------------------------------ error_rate_weekly
    # 2.0, 2.2, 1.9, 2.1, 2.0, 2.2, 1.9, 2.1, 2.0, 2.1 (weeks 1..10); mean 2.05.
    ("error_rate_weekly", "The error rate stayed roughly flat at around 2% over the ten weeks.", True,
     ("direction", "number")),
    # 2.0 -> 2.1, with every value within 10% of the mean.
    ("error_rate_weekly", "The error rate rose sharply over the ten weeks.", False,
     ("direction",)),
    # Week 1 is 2.0 and week 10 is 2.1, and the steps go both ways.
    ("error_rate_weekly", "The error rate fell steadily from week 1 to week 10.", False,
     ("direction", "position")),
    ("error_rate_weekly", "The error rate never went above 2.2%.", True,
     ("number", "superlative")),
    # The peak is 2.2, in weeks 2 and 6.
    ("error_rate_weekly", "The error rate peaked at 2.4% in week 6.", False,
     ("number", "position", "superlative")),
    ("error_rate_weekly", "The error rate was 1.9% in weeks 3 and 7, its lowest value.", True,
     ("number", "position", "superlative")),
    # Week 5 was 2.0; the lowest, 1.9, was in weeks 3 and 7.
    ("error_rate_weekly", "The error rate hit its lowest value of 1.9% in week 5.", False,
     ("number", "position", "superlative")),
    ("error_rate_weekly", "There are 10 weekly data points.", True,
     ("count",)),
    ("error_rate_weekly", "エラー率は10週間ほぼ横ばいで推移した。", True,
     ("direction",)),
    ("error_rate_weekly", "エラー率は10週間で大きく上昇した。", False,
     ("direction",)),

    # ------------------------------------------------------------ regions_bar
    # North 340, South 210, East 275, West 415, Central 160; total 1400.
    ("regions_bar", "The West region had the highest sales, at 415k$.", True,
     ("superlative", "position", "number")),
    # North (340) is the second highest.
    ("regions_bar", "The North region had the highest sales.", False,
     ("superlative", "position")),
    ("regions_bar", "Central was the weakest region, with 160k$ in sales.", True,
     ("superlative", "position", "number")),
    # Central (160) is lower than South (210).
    ("regions_bar", "South was the weakest region.", False,
     ("superlative", "position")),
    # 415 / 1400 = 29.64%.
    ("regions_bar", "West accounted for about 30% of total sales.", True,
     ("share", "position")),
    # 415 / 1000, not 415 / 1400.
    ("regions_bar", "West accounted for 41.5% of total sales.", False,
     ("share", "position")),
    # 210 / 1400 = 15%.
    ("regions_bar", "South's share of sales was exactly 15%.", True,
     ("share", "position")),
    ("regions_bar", "Sales in the North exceeded sales in the East.", True,
     ("comparative", "position")),
    # South 210 < East 275.
    ("regions_bar", "Sales in the South exceeded sales in the East.", False,
     ("comparative", "position")),
    ("regions_bar", "Total sales across the five regions came to 1,400k$.", True,
     ("number", "count")),
    # The total is 1400.
    ("regions_bar", "Total sales across the regions were 1,500k$.", False,
     ("number",)),
    ("regions_bar", "The chart compares five regions.", True,
     ("count",)),
    ("regions_bar", "The chart compares four regions.", False,
     ("count",)),
    ("regions_bar", "This bar chart shows West leading all five regions.", True,
     ("subject", "superlative", "position", "count")),
    ("regions_bar", "West地域の売上が最も高く、415だった。", True,
     ("superlative", "position", "number")),
    # (415 - 340) / 340 = 22.06%.
    ("regions_bar", "West地域の売上はNorth地域より約22%多い。", True,
     ("percent", "comparative", "position")),
    # Central 160 < South 210.
    ("regions_bar", "Central地域の売上はSouth地域を上回った。", False,
     ("comparative", "position")),
    ("regions_bar", "The bars were drawn with plt.bar and colored by region.", False,
     ("subject",)),

    # ------------------------------------------------------------ products_barh
    # Widget 120, Gadget 300, Doohickey 80, Gizmo 500; total 1000.
    ("products_barh", "Gizmo is the best-selling product, with half of all units.", True,
     ("superlative", "position", "share")),
    # Gadget (300) is second to Gizmo (500).
    ("products_barh", "Gadget is the best-selling product.", False,
     ("superlative", "position")),
    ("products_barh", "Doohickey sold the fewest units, 80.", True,
     ("superlative", "position", "number")),
    # Doohickey (80) sold fewer than Widget (120).
    ("products_barh", "Widget sold the fewest units.", False,
     ("superlative", "position")),
    # 300 / 1000 = 30%.
    ("products_barh", "Gadget accounted for 30% of units sold.", True,
     ("share", "position")),
    # 50% is Gizmo's share; Gadget's is 30%.
    ("products_barh", "Gadget accounted for 50% of units sold.", False,
     ("share", "position")),
    ("products_barh", "Gizmo sold 200 more units than Gadget.", True,
     ("comparative", "number", "position")),
    # (500 - 300) / 300 = 66.7%, and 200 is the absolute difference.
    ("products_barh", "Gizmo sold 200% more units than Gadget.", False,
     ("percent", "comparative", "position")),
    ("products_barh", "Gizmo sold about 67% more units than Gadget.", True,
     ("percent", "comparative", "position")),
    ("products_barh", "The chart has four bars, one per product.", True,
     ("count",)),
    # 500 >= 4 * 120 = 480.
    ("products_barh", "Gizmoの販売数はWidgetの4倍以上だった。", True,
     ("comparative", "position")),
    # Gizmo, not Gadget, is the largest and holds 50%; Gadget holds 30%.
    ("products_barh", "販売数が最も多いのはGadgetで、全体の50%を占める。", False,
     ("superlative", "position", "share")),

    # ------------------------------------------------------------ categories_ja_bar
    # 食品 520, 衣料品 280, 家電 640, 日用品 360, 書籍 200; total 2000.
    ("categories_ja_bar", "売上が最も多いのは家電で、640万円だった。", True,
     ("superlative", "position", "number")),
    # 食品 (520) is the second highest.
    ("categories_ja_bar", "売上が最も多いのは食品だった。", False,
     ("superlative", "position")),
    # 640 / 2000 = 32%.
    ("categories_ja_bar", "家電は売上全体の32%を占めた。", True,
     ("share", "position")),
    # 640 / 1000, not 640 / 2000.
    ("categories_ja_bar", "家電は売上全体の64%を占めた。", False,
     ("share", "position")),
    # 200 / 2000 = 10%.
    ("categories_ja_bar", "書籍の売上が最も少なく、全体の1割だった。", True,
     ("superlative", "position", "share")),
    ("categories_ja_bar", "食品の売上は衣料品の売上より多い。", True,
     ("comparative", "position")),
    # 日用品 360 < 食品 520.
    ("categories_ja_bar", "日用品の売上は食品を上回った。", False,
     ("comparative", "position")),
    # 640 - 520 = 120.
    ("categories_ja_bar", "家電の売上は食品より120万円多い。", True,
     ("comparative", "number", "position")),
    # 640 - 280 = 360; 120 is the difference from 食品.
    ("categories_ja_bar", "家電の売上は衣料品より120万円多い。", False,
     ("comparative", "number", "position")),
    ("categories_ja_bar", "5つのカテゴリの売上合計は2000万円だった。", True,
     ("count", "number")),
    ("categories_ja_bar", "グラフには6つのカテゴリが表示されている。", False,
     ("count",)),
    ("categories_ja_bar", "The 家電 category had the highest sales, 640.", True,
     ("superlative", "position", "number")),
    ("categories_ja_bar", "このグラフはpandasのplotメソッドで描かれている。", False,
     ("subject",)),

    # ------------------------------------------------------------ revenue_vs_cost
    # revenue 500, 520, 560, 600, 640, 700; cost 420, 450, 470, 480, 500, 520 (Jan..Jun);
    # gaps 80, 70, 90, 120, 140, 180.
    ("revenue_vs_cost", "Revenue stayed above cost in every month.", True,
     ("comparative", "series")),
    # February: revenue 520 > cost 450.
    ("revenue_vs_cost", "Cost exceeded revenue in February.", False,
     ("comparative", "series", "position")),
    # (700 - 500) / 500 = 40%; (520 - 420) / 420 = 23.81%.
    ("revenue_vs_cost", "Revenue grew 40% from January to June, while cost grew about 24%.", True,
     ("percent", "direction", "series", "position")),
    # 40% is revenue's growth; cost grew 23.8%.
    ("revenue_vs_cost", "Cost grew 40% from January to June.", False,
     ("percent", "direction", "series", "position")),
    ("revenue_vs_cost", "The gap between revenue and cost was widest in June, at 180.", True,
     ("superlative", "number", "position", "series")),
    # The narrowest gap is February's 70; January's is 80.
    ("revenue_vs_cost", "The gap between revenue and cost was narrowest in January.", False,
     ("superlative", "position", "series")),
    ("revenue_vs_cost", "Cost reached 520 in June.", True,
     ("number", "series", "position")),
    # June's 520 is cost; revenue was 700 in June.
    ("revenue_vs_cost", "Revenue reached 520 in June.", False,
     ("number", "series", "position")),
    # 470 -> 480, +2.1%.
    ("revenue_vs_cost", "Cost rose only slightly from March to April, by 10.", True,
     ("direction", "number", "series", "position")),
    ("revenue_vs_cost", "The revenue and cost lines never cross.", True,
     ("crossing", "series")),
    # Revenue is above cost at every x.
    ("revenue_vs_cost", "The revenue and cost lines cross in April.", False,
     ("crossing", "series", "position")),
    ("revenue_vs_cost", "4月の売上は600、コストは480だった。", True,
     ("number", "position", "series")),
    # +10 on 470 is +2.1%, not a large rise.
    ("revenue_vs_cost", "コストは3月から4月にかけて大きく増加した。", False,
     ("direction", "series", "position")),
    ("revenue_vs_cost", "コードではplt.plotを2回呼んで折れ線を描いている。", False,
     ("subject",)),

    # ------------------------------------------------------------ plans_crossing
    # Plan A 900, 850, 800, 720, 650, 600; Plan B 300, 450, 600, 750, 900, 1050 (2019..2024).
    # 2021: A 800 > B 600; 2022: A 720 < B 750.
    ("plans_crossing", "Plan B overtook Plan A in 2022.", True,
     ("crossing", "series", "position")),
    # In 2021 Plan B (600) was still below Plan A (800).
    ("plans_crossing", "Plan B overtook Plan A in 2021.", False,
     ("crossing", "series", "position")),
    ("plans_crossing", "The two lines cross between 2021 and 2022.", True,
     ("crossing", "position")),
    # It is Plan B that overtakes Plan A.
    ("plans_crossing", "Plan A overtook Plan B in 2022.", False,
     ("crossing", "series", "position")),
    ("plans_crossing", "In 2020, Plan A had 400 more users than Plan B.", True,
     ("comparative", "number", "position", "series")),
    # 2024: A 600 < B 1050.
    ("plans_crossing", "In 2024, Plan A had more users than Plan B.", False,
     ("comparative", "position", "series")),
    # (600 - 900) / 900 = -33.3%.
    ("plans_crossing", "Plan A lost a third of its users between 2019 and 2024.", True,
     ("percent", "direction", "series", "position")),
    ("plans_crossing", "Plan A users grew between 2019 and 2024.", False,
     ("direction", "series", "position")),
    ("plans_crossing", "Plan B added 150 users every year.", True,
     ("number", "direction", "series")),
    ("plans_crossing", "Plan Bの利用者数は2022年にPlan Aを上回った。", True,
     ("crossing", "comparative", "series", "position")),
    # (1050 - 300) / 300 = 250%.
    ("plans_crossing", "Plan Bの利用者数は2019年から2024年にかけて250%増加した。", True,
     ("percent", "direction", "series", "position")),
    # The absolute change (750) given as a percent.
    ("plans_crossing", "Plan Bの利用者数は2019年から2024年にかけて750%増加した。", False,
     ("percent", "direction", "series", "position")),
    # The lines do cross, between 2021 and 2022.
    ("plans_crossing", "2本の線は一度も交わらない。", False,
     ("crossing",)),

    # ------------------------------------------------------------ icecream_twin
    # sales 200, 260, 410, 580, 610, 450; temperature (twin) 14, 18, 22, 27, 29, 24 (Apr..Sep).
    ("icecream_twin", "Both ice-cream sales and temperature peaked in August.", True,
     ("superlative", "position", "series")),
    # Sales peaked in August (610), the same month as temperature.
    ("icecream_twin", "Sales peaked in July, a month before the temperature peak.", False,
     ("superlative", "position", "series")),
    ("icecream_twin", "Temperature peaked at 29 °C in August.", True,
     ("superlative", "number", "position", "series")),
    # 29 is the temperature (twin axis); sales peaked at 610.
    ("icecream_twin", "Sales peaked at 29 in August.", False,
     ("superlative", "number", "position", "series")),
    # (610 - 580) / 580 = 5.17%.
    ("icecream_twin", "Sales rose only slightly from July to August, by about 5%.", True,
     ("direction", "percent", "position", "series")),
    # The absolute change (30) given as a percent.
    ("icecream_twin", "Sales rose 30% from July to August.", False,
     ("percent", "direction", "position", "series")),
    ("icecream_twin", "In September, sales fell by 160 units and temperature dropped to 24 °C.", True,
     ("direction", "number", "position", "series")),
    ("icecream_twin", "気温は8月に最高の29度を記録した。", True,
     ("superlative", "number", "position", "series")),
    # September's 450 is below August's 610.
    ("icecream_twin", "販売数は9月に最高を記録した。", False,
     ("superlative", "position", "series")),
    # 14 -> 29 is a rise.
    ("icecream_twin", "気温は4月から8月にかけて減少した。", False,
     ("direction", "position", "series")),
    ("icecream_twin", "The secondary axis was created with ax.twinx().", False,
     ("subject",)),

    # ------------------------------------------------------------ orders_grouped
    # 2023: 120, 135, 150, 180; 2024: 140, 130, 170, 210 (Q1..Q4); totals 585 and 650.
    ("orders_grouped", "2024 orders beat 2023 in every quarter except Q2.", True,
     ("comparative", "position", "series")),
    # In Q2, 2024 (130) was below 2023 (135).
    ("orders_grouped", "2024 orders beat 2023 in every quarter.", False,
     ("comparative", "series")),
    ("orders_grouped", "Q4 2024 had the most orders of any bar, 210.", True,
     ("superlative", "number", "position", "series")),
    # Q4 2023 (180) is below Q4 2024 (210).
    ("orders_grouped", "Q4 2023 had the most orders of any bar.", False,
     ("superlative", "position", "series")),
    # (650 - 585) / 585 = 11.1%.
    ("orders_grouped", "Total orders grew about 11% from 2023 to 2024.", True,
     ("percent", "direction", "series")),
    # The absolute change (65) given as a percent.
    ("orders_grouped", "Total orders grew 65% from 2023 to 2024.", False,
     ("percent", "direction", "series")),
    ("orders_grouped", "In Q4, 2024 orders were 30 higher than in 2023.", True,
     ("comparative", "number", "position", "series")),
    ("orders_grouped", "The chart shows 8 bars in 4 groups.", True,
     ("count",)),
    ("orders_grouped", "The chart shows 6 bars.", False,
     ("count",)),
    # 2024: 140 -> 130.
    ("orders_grouped", "2024年の受注数は第1四半期から第2四半期にかけて減少した。", True,
     ("direction", "position", "series")),
    # 2023: 120 -> 135, a rise; it is 2024 that fell.
    ("orders_grouped", "2023年の受注数は第1四半期から第2四半期にかけて減少した。", False,
     ("direction", "position", "series")),
    ("orders_grouped", "第3四半期の2024年の受注数は170で、2023年の150を上回った。", True,
     ("number", "comparative", "position", "series")),
    # 150 is 2023's Q3; 2024's Q3 was 170.
    ("orders_grouped", "第3四半期の2024年の受注数は150だった。", False,
     ("number", "position", "series")),

    # ------------------------------------------------------------ ads_scatter
    # x 1..8, sales 12, 15, 19, 22, 24, 29, 31, 35.
    ("ads_scatter", "Ad spend and sales are positively correlated.", True,
     ("correlation",)),
    ("ads_scatter", "Higher ad spend is associated with lower sales.", False,
     ("correlation",)),
    ("ads_scatter", "The plot shows sales rising together with ad spend.", True,
     ("subject", "correlation")),
    ("ads_scatter", "The scatter plot has 8 points.", True,
     ("count",)),
    ("ads_scatter", "The highest sales, 35k$, came at an ad spend of 8k$.", True,
     ("superlative", "number", "position")),
    # 35 is at an ad spend of 8; at 7 sales were 31.
    ("ads_scatter", "The highest sales came at an ad spend of 7k$.", False,
     ("superlative", "position")),
    ("ads_scatter", "広告費が増えるほど売上も増える、正の相関が見られる。", True,
     ("correlation",)),
    ("ads_scatter", "The points were plotted with ax.scatter and a marker size of 40.", False,
     ("subject",)),

    # ------------------------------------------------------------ price_scatter
    # x 5, 10, 15, 20, 25, 30; demand 95, 80, 70, 52, 40, 28.
    ("price_scatter", "Demand falls as price rises: the correlation is negative.", True,
     ("correlation",)),
    ("price_scatter", "Price and demand are positively correlated.", False,
     ("correlation",)),
    ("price_scatter", "At a price of $20, weekly demand was 52 units.", True,
     ("number", "position")),
    # 52 is at $20; at $25 demand was 40.
    ("price_scatter", "At a price of $25, weekly demand was 52 units.", False,
     ("number", "position")),
    ("price_scatter", "There are 7 points in the scatter plot.", False,
     ("count",)),
    ("price_scatter", "価格と需要には負の相関がある。", True,
     ("correlation",)),
    ("price_scatter", "価格が高いほど需要も高くなる傾向がある。", False,
     ("correlation",)),

    # ------------------------------------------------------------ study_scatter
    # x 1..7; score 52, 58, 61, 67, 70, 76, 81; screen_time 5.0, 4.6, 4.1, 3.9, 3.2, 2.8, 2.5.
    ("study_scatter", "Test score rises with hours studied, while screen time falls.", True,
     ("correlation", "series")),
    # Screen time falls as hours studied rise.
    ("study_scatter", "Screen time is positively correlated with hours studied.", False,
     ("correlation", "series")),
    ("study_scatter", "The scatter shows two series of seven points each.", True,
     ("count",)),
    ("study_scatter", "勉強時間とテストの点数には正の相関がある。", True,
     ("correlation", "series")),
    ("study_scatter", "テストの点数は勉強時間と負の相関を示している。", False,
     ("correlation", "series")),

    # ------------------------------------------------------------ visitors_ja_monthly
    # 820, 790, 910, 1040, 980, 1100 (1月..6月).
    ("visitors_ja_monthly", "来店客数は6月に最高の1100人に達した。", True,
     ("superlative", "number", "position")),
    # 1040 (4月) is the second highest.
    ("visitors_ja_monthly", "来店客数は4月に最高の1040人に達した。", False,
     ("superlative", "number", "position")),
    # (1040 - 910) / 910 = 14.29%.
    ("visitors_ja_monthly", "来店客数は3月から4月にかけて約14%増加した。", True,
     ("percent", "direction", "position")),
    # The absolute change (130) given as a percent.
    ("visitors_ja_monthly", "来店客数は3月から4月にかけて130%増加した。", False,
     ("percent", "direction", "position")),
    # 1040 -> 980 is -5.8%.
    ("visitors_ja_monthly", "5月は前月からやや減少し、980人となった。", True,
     ("direction", "number", "position")),
    ("visitors_ja_monthly", "5月の来店客数は前月から大幅に増加した。", False,
     ("direction", "position")),
    ("visitors_ja_monthly", "来店客数が最も少なかったのは2月の790人だった。", True,
     ("superlative", "number", "position")),
    # 2月 (790) is lower than 1月 (820).
    ("visitors_ja_monthly", "来店客数が最も少なかったのは1月だった。", False,
     ("superlative", "position")),
    ("visitors_ja_monthly", "1月から6月までに来店客数は280人増えた。", True,
     ("number", "direction", "position")),
    # (1100 - 820) / 820 = +34.1%: a rise, not a fall.
    ("visitors_ja_monthly", "1月から6月までに来店客数は34%減少した。", False,
     ("percent", "direction", "position")),
    ("visitors_ja_monthly", "このグラフから、来店客数は6月に最も多かったことがわかる。", True,
     ("subject", "superlative", "position")),
    ("visitors_ja_monthly", "Visitors peaked in June (6月) at 1,100.", True,
     ("superlative", "number", "position")),
    ("visitors_ja_monthly", "データフレームはpd.DataFrameで作成し、plt.plotで描画した。", False,
     ("subject",)),

    # ------------------------------------------------------------ tickets_monthly
    # 180, 214, 252, 239, 301, 288 (months 1..6).
    ("tickets_monthly", "Tickets reached 252 in month 3.", True,
     ("number", "position")),
    # Nothing called a step size is plotted; 252 is a value and 3 a month.
    ("tickets_monthly", "The step size increased from 252 to 3.", False,
     ("number", "series", "direction")),
    # Tickets were never 3; 3 is a month number.
    ("tickets_monthly", "Tickets rose from 3 to 252.", False,
     ("number", "direction")),
    ("tickets_monthly", "Tickets peaked at 301 in May (month 5).", True,
     ("superlative", "number", "position")),
    # 301 is month 5; month 6 was 288.
    ("tickets_monthly", "Tickets peaked at 301 in month 6.", False,
     ("superlative", "number", "position")),
    # (288 - 180) / 180 = 60%.
    ("tickets_monthly", "Tickets grew 60% from month 1 to month 6.", True,
     ("percent", "direction", "position")),
    # The absolute change (108) given as a percent.
    ("tickets_monthly", "Tickets grew 108% from month 1 to month 6.", False,
     ("percent", "direction", "position")),
    # 301 - 239 = 62.
    ("tickets_monthly", "Month 4 had 62 fewer tickets than month 5.", True,
     ("comparative", "number", "position")),
    # 239 < 252.
    ("tickets_monthly", "Month 4 had more tickets than month 3.", False,
     ("comparative", "position")),
    # 252 -> 239 is -5.2%.
    ("tickets_monthly", "チケット数は3月から4月にかけてわずかに減少した。", True,
     ("direction", "position")),
    # Months 3 -> 4 and 5 -> 6 are falls.
    ("tickets_monthly", "チケット数は毎月増加した。", False,
     ("direction",)),
    ("tickets_monthly", "The ticket counts were read from a CSV file with pd.read_csv.", False,
     ("subject",)),

    # ------------------------------------------------------------ linking sentences
    ("revenue_monthly", "Let's look at the trend more closely.", None, ()),
    ("regions_bar", "次に内訳を見てみましょう。", None, ()),
    ("revenue_vs_cost", "Now let's compare the two series.", None, ()),
    ("orders_grouped", "Here is what the chart shows.", None, ()),
    ("visitors_ja_monthly", "まず全体の傾向を確認します。", None, ()),
    ("ads_scatter", "以下、グラフから読み取れる点をまとめます。", None, ()),
]
