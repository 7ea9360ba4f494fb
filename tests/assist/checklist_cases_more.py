"""More requests and the checklists that should be pulled out of them: a second corpus for the extractor.

``CASES`` is a list of ``(request, checklist)`` pairs, 90 in all: 60 requests in English
and 30 in Japanese. 10 of them state no checkable requirement and have an empty
checklist (7 English, 3 Japanese). 15 are tricky (10 English, 5 Japanese): worded so
that a naive pattern would find a requirement that is not there, as in "sort out why",
"a line of code", "top-level keys", "label encoding", a column called ``title``, "the top
10%", "don't use a pie chart", "keep the columns in their original order", 上位概念 and
並び順は元のまま. About ten of the English requests name their variables without
backticks. The sections of the list below are marked by comments.

These cases were written independently of the extractor and of the benchmark's tasks
(``bench/notebook_tasks_checklist.py``), and are worded differently from the cases in
``checklist_cases.py``, whose docstring defines the format: the kinds, the form of each
kind's value, and the rule that a checklist holds only what the words of the request
state.
"""

CASES = [
    # ------------------------------------------------------------ English, stated requirements
    ("Can you give me `best5`: the five films in `box_office` with the highest `gross`, largest first?", [
        {"kind": "top", "target": "best5", "value": 5, "phrase": "the five films in `box_office` with the highest `gross`"},
        {"kind": "sorted", "target": "best5", "value": {"by": "gross", "descending": True}, "phrase": "largest first"}]),
    ("I need `signups_daily`, a Series indexed by `signup_date` with the number of sign-ups per day, with no NaNs.", [
        {"kind": "binds", "target": "signups_daily", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "signups_daily", "value": "signup_date", "phrase": "indexed by `signup_date`"},
        {"kind": "no_missing", "target": "signups_daily", "value": None, "phrase": "with no NaNs"}]),
    ("Let's plot `humidity` over time from `sensor_df` as a line chart, label the x axis 'Timestamp' and the y axis "
     "'Relative humidity (%)'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "a line chart"},
        {"kind": "xlabel", "target": None, "value": "Timestamp", "phrase": "label the x axis 'Timestamp'"},
        {"kind": "ylabel", "target": None, "value": "Relative humidity (%)",
         "phrase": "the y axis 'Relative humidity (%)'"}]),
    ("Put the first 10 rows of `employees`, ranked by `salary` in decreasing order, in `top_paid`.", [
        {"kind": "top", "target": "top_paid", "value": 10, "phrase": "the first 10 rows"},
        {"kind": "sorted", "target": "top_paid", "value": {"by": "salary", "descending": True},
         "phrase": "ranked by `salary` in decreasing order"}]),
    ("Show a histogram of `response_ms` from `web_logs` with 50 bins, titled 'Latency distribution'.", [
        {"kind": "plot_kind", "target": None, "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": None, "value": 50, "phrase": "50 bins"},
        {"kind": "title", "target": None, "value": "Latency distribution", "phrase": "titled 'Latency distribution'"}]),
    ("Give me `region_totals` as a DataFrame with columns `region`, `units` and `revenue`, one row per region, "
     "ordered by `revenue` from biggest to smallest.", [
        {"kind": "binds", "target": "region_totals", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "columns", "target": "region_totals", "value": ["region", "units", "revenue"],
         "phrase": "columns `region`, `units` and `revenue`"},
        {"kind": "one_row_per", "target": "region_totals", "value": "region", "phrase": "one row per region"},
        {"kind": "sorted", "target": "region_totals", "value": {"by": "revenue", "descending": True},
         "phrase": "ordered by `revenue` from biggest to smallest"}]),
    ("Convert `reading_time` in `sensors` to datetime and `sensor_id` to string; don't overwrite sensors.csv.", [
        {"kind": "dtype", "target": "sensors", "value": {"column": "reading_time", "type": "datetime"},
         "phrase": "Convert `reading_time` in `sensors` to datetime"},
        {"kind": "dtype", "target": "sensors", "value": {"column": "sensor_id", "type": "string"},
         "phrase": "`sensor_id` to string"},
        {"kind": "no_write", "target": None, "value": "sensors.csv", "phrase": "don't overwrite sensors.csv"}]),
    ("Make `active_users`: the rows of `users` where `status` is 'active' and `last_login_days` is under 30, "
     "leaving `users` untouched.", [
        {"kind": "filter", "target": "active_users", "value": "status == 'active'", "phrase": "`status` is 'active'"},
        {"kind": "filter", "target": "active_users", "value": "last_login_days < 30",
         "phrase": "`last_login_days` is under 30"},
        {"kind": "unchanged", "target": "users", "value": None, "phrase": "leaving `users` untouched"}]),
    ("Write a function `clip_outliers(series, lower, upper)` with three parameters that caps values outside the "
     "range.", [
        {"kind": "binds", "target": "clip_outliers", "value": "function",
         "phrase": "a function `clip_outliers(series, lower, upper)`"},
        {"kind": "arity", "target": "clip_outliers", "value": 3, "phrase": "three parameters"}]),
    ("Could you draw a bar chart of average `rating` per `category` from `survey` with the title 'Average rating by "
     "category' and the x-axis label 'Category'? Keep the Axes as `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "bar", "phrase": "a bar chart"},
        {"kind": "title", "target": "ax", "value": "Average rating by category",
         "phrase": "the title 'Average rating by category'"},
        {"kind": "xlabel", "target": "ax", "value": "Category", "phrase": "the x-axis label 'Category'"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Keep the Axes as `ax`"}]),
    ("Create a scalar `total_refunds` holding the sum of `amount` in `payments` where `type` == 'refund'.", [
        {"kind": "binds", "target": "total_refunds", "value": "scalar", "phrase": "a scalar `total_refunds`"},
        {"kind": "filter", "target": "total_refunds", "value": "type == 'refund'", "phrase": "`type` == 'refund'"}]),
    ("Deduplicate `customers` on `customer_id` into `customers_dedup`, keep the original as is, and sort the result "
     "by `signup_date`.", [
        {"kind": "unique", "target": "customers_dedup", "value": "customer_id",
         "phrase": "Deduplicate `customers` on `customer_id`"},
        {"kind": "unchanged", "target": "customers", "value": None, "phrase": "keep the original as is"},
        {"kind": "sorted", "target": "customers_dedup", "value": {"by": "signup_date", "descending": False},
         "phrase": "sort the result by `signup_date`"}]),
    ("Plot `wins` against `payroll` for the teams in `mlb` as a scatter, x label 'Payroll ($M)', y label 'Wins'.", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "as a scatter"},
        {"kind": "xlabel", "target": None, "value": "Payroll ($M)", "phrase": "x label 'Payroll ($M)'"},
        {"kind": "ylabel", "target": None, "value": "Wins", "phrase": "y label 'Wins'"}]),
    ("I'd like `stock_levels` indexed by `sku`, where `on_hand` is an integer column with no NaN in it.", [
        {"kind": "index", "target": "stock_levels", "value": "sku", "phrase": "indexed by `sku`"},
        {"kind": "dtype", "target": "stock_levels", "value": {"column": "on_hand", "type": "integer"},
         "phrase": "`on_hand` is an integer column"},
        {"kind": "no_missing", "target": "stock_levels", "value": "on_hand", "phrase": "with no NaN in it"}]),
    ("Make `monthly_temp`, exactly 12 rows with one entry for each month, columns `month`, `avg_temp`, "
     "`max_temp`.", [
        {"kind": "length", "target": "monthly_temp", "value": 12, "phrase": "exactly 12 rows"},
        {"kind": "one_row_per", "target": "monthly_temp", "value": "month", "phrase": "one entry for each month"},
        {"kind": "columns", "target": "monthly_temp", "value": ["month", "avg_temp", "max_temp"],
         "phrase": "columns `month`, `avg_temp`, `max_temp`"}]),
    ("Give me a pie chart of `device_type` shares in `sessions`, with a legend and titled 'Traffic by device'.", [
        {"kind": "plot_kind", "target": None, "value": "pie", "phrase": "a pie chart"},
        {"kind": "legend", "target": None, "value": True, "phrase": "with a legend"},
        {"kind": "title", "target": None, "value": "Traffic by device", "phrase": "titled 'Traffic by device'"}]),
    ("Build `pivot`, a 7 by 24 DataFrame of request counts from `access_log` (weekday rows, hour columns).", [
        {"kind": "binds", "target": "pivot", "value": "DataFrame", "phrase": "a 7 by 24 DataFrame"},
        {"kind": "shape", "target": "pivot", "value": [7, 24], "phrase": "7 by 24"}]),
    ("Take the 3 largest transactions in `tx` by `amount` and store them in `biggest3`, sorted by `amount` from "
     "largest to smallest, keeping only `tx_id`, `amount` and `merchant`.", [
        {"kind": "top", "target": "biggest3", "value": 3, "phrase": "the 3 largest transactions"},
        {"kind": "sorted", "target": "biggest3", "value": {"by": "amount", "descending": True},
         "phrase": "sorted by `amount` from largest to smallest"},
        {"kind": "columns", "target": "biggest3", "value": ["tx_id", "amount", "merchant"],
         "phrase": "keeping only `tx_id`, `amount` and `merchant`"}]),
    ("Draw two lines on a fresh Axes `ax`, `actual` and `forecast` from `demand`, with a legend and the y-axis "
     "labeled 'Units sold'.", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "two lines"},
        {"kind": "lines", "target": "ax", "value": 2, "phrase": "two lines"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "a fresh Axes `ax`"},
        {"kind": "legend", "target": "ax", "value": True, "phrase": "with a legend"},
        {"kind": "ylabel", "target": "ax", "value": "Units sold", "phrase": "the y-axis labeled 'Units sold'"}]),
    ("Filter `weather` down to the days where `precip_mm` is greater than 0 and `temp_c` is at most 5, into "
     "`cold_wet`.", [
        {"kind": "filter", "target": "cold_wet", "value": "precip_mm > 0", "phrase": "`precip_mm` is greater than 0"},
        {"kind": "filter", "target": "cold_wet", "value": "temp_c <= 5", "phrase": "`temp_c` is at most 5"}]),
    ("Make `orders_clean`: `orders` with the missing values dropped, the `order_date` column parsed as dates, and "
     "one row per `order_id`.", [
        {"kind": "no_missing", "target": "orders_clean", "value": None, "phrase": "the missing values dropped"},
        {"kind": "dtype", "target": "orders_clean", "value": {"column": "order_date", "type": "datetime"},
         "phrase": "the `order_date` column parsed as dates"},
        {"kind": "one_row_per", "target": "orders_clean", "value": "order_id", "phrase": "one row per `order_id`"}]),
    ("Let's see a box plot of `delivery_days` by `carrier` with the y axis labelled 'Days' and the Figure kept in "
     "`fig`.", [
        {"kind": "plot_kind", "target": "fig", "value": "box", "phrase": "a box plot"},
        {"kind": "ylabel", "target": "fig", "value": "Days", "phrase": "the y axis labelled 'Days'"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "the Figure kept in `fig`"}]),
    ("Turn `is_member` in `visitors` into a boolean column and `visits` into integers.", [
        {"kind": "dtype", "target": "visitors", "value": {"column": "is_member", "type": "bool"},
         "phrase": "Turn `is_member` in `visitors` into a boolean column"},
        {"kind": "dtype", "target": "visitors", "value": {"column": "visits", "type": "integer"},
         "phrase": "`visits` into integers"}]),
    ("Produce `recent_hires`, the 15 newest hires from `staff`, with the most recent first and `hire_date` as the "
     "index.", [
        {"kind": "top", "target": "recent_hires", "value": 15, "phrase": "the 15 newest hires"},
        {"kind": "sorted", "target": "recent_hires", "value": {"by": "hire_date", "descending": True},
         "phrase": "with the most recent first"},
        {"kind": "index", "target": "recent_hires", "value": "hire_date", "phrase": "`hire_date` as the index"}]),
    ("Plot a horizontal bar chart of `headcount` by `department`, 9 bars, sorted by `headcount`, with the x-axis "
     "labelled 'Employees'.", [
        {"kind": "plot_kind", "target": None, "value": "barh", "phrase": "a horizontal bar chart"},
        {"kind": "bars", "target": None, "value": 9, "phrase": "9 bars"},
        {"kind": "sorted", "target": None, "value": {"by": "headcount", "descending": False},
         "phrase": "sorted by `headcount`"},
        {"kind": "xlabel", "target": None, "value": "Employees", "phrase": "the x-axis labelled 'Employees'"}]),
    ("Create `daily_steps`, a Series of ints with one value per day from the `fitbit` log, sorted by date.", [
        {"kind": "binds", "target": "daily_steps", "value": "Series", "phrase": "a Series"},
        {"kind": "dtype", "target": "daily_steps", "value": {"column": None, "type": "integer"}, "phrase": "of ints"},
        {"kind": "one_row_per", "target": "daily_steps", "value": "day", "phrase": "one value per day"},
        {"kind": "sorted", "target": "daily_steps", "value": {"by": "date", "descending": False},
         "phrase": "sorted by date"}]),
    ("Compute `conversion_rate` as a float: orders divided by visits, for the rows of `funnel` with `channel` equal "
     "to 'email'.", [
        {"kind": "binds", "target": "conversion_rate", "value": "scalar", "phrase": "as a float"},
        {"kind": "filter", "target": "conversion_rate", "value": "channel == 'email'",
         "phrase": "with `channel` equal to 'email'"}]),
    ("Build `features`, a DataFrame of 500 rows by 12 columns, with no missing values anywhere, and don't save "
     "anything.", [
        {"kind": "binds", "target": "features", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "shape", "target": "features", "value": [500, 12], "phrase": "500 rows by 12 columns"},
        {"kind": "no_missing", "target": "features", "value": None, "phrase": "no missing values anywhere"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "don't save anything"}]),
    ("Top 5 suppliers by total `spend` from `purchases`, please, as `top_suppliers` with columns `supplier` and "
     "`spend`, ranked by `spend` high to low.", [
        {"kind": "top", "target": "top_suppliers", "value": 5, "phrase": "Top 5 suppliers"},
        {"kind": "columns", "target": "top_suppliers", "value": ["supplier", "spend"],
         "phrase": "columns `supplier` and `spend`"},
        {"kind": "sorted", "target": "top_suppliers", "value": {"by": "spend", "descending": True},
         "phrase": "ranked by `spend` high to low"}]),
    ("Can you make `ax` a histogram of `age` from `respondents` with 12 bins and the x-axis labelled "
     "'Age (years)'?", [
        {"kind": "plot_kind", "target": "ax", "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": "ax", "value": 12, "phrase": "12 bins"},
        {"kind": "xlabel", "target": "ax", "value": "Age (years)", "phrase": "the x-axis labelled 'Age (years)'"}]),
    ("Replace NaN in `survey` with 'No answer' and save it as `survey_filled`; `survey` must stay unchanged and "
     "`survey_filled` must have no missing values.", [
        {"kind": "unchanged", "target": "survey", "value": None, "phrase": "`survey` must stay unchanged"},
        {"kind": "no_missing", "target": "survey_filled", "value": None,
         "phrase": "`survey_filled` must have no missing values"}]),
    ("I need `latest_price`, one row per `ticker` with its most recent `close`, indexed by `ticker`.", [
        {"kind": "one_row_per", "target": "latest_price", "value": "ticker", "phrase": "one row per `ticker`"},
        {"kind": "index", "target": "latest_price", "value": "ticker", "phrase": "indexed by `ticker`"}]),
    ("Show a bar chart of goals per player for the 8 top scorers in `league`, biggest first, with the title "
     "'Top scorers'.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"},
        {"kind": "top", "target": None, "value": 8, "phrase": "the 8 top scorers"},
        {"kind": "sorted", "target": None, "value": {"by": None, "descending": True}, "phrase": "biggest first"},
        {"kind": "title", "target": None, "value": "Top scorers", "phrase": "the title 'Top scorers'"}]),
    ("Make `leads_clean` from `leads` so that `email` is unique and `phone` is stored as text.", [
        {"kind": "unique", "target": "leads_clean", "value": "email", "phrase": "`email` is unique"},
        {"kind": "dtype", "target": "leads_clean", "value": {"column": "phone", "type": "string"},
         "phrase": "`phone` is stored as text"}]),
    ("Keep rows of `trades` with `side` == 'BUY' and `qty` >= 100 in `big_buys`, sort them by `timestamp` oldest "
     "first, and don't modify `trades`.", [
        {"kind": "filter", "target": "big_buys", "value": "side == 'BUY'", "phrase": "`side` == 'BUY'"},
        {"kind": "filter", "target": "big_buys", "value": "qty >= 100", "phrase": "`qty` >= 100"},
        {"kind": "sorted", "target": "big_buys", "value": {"by": "timestamp", "descending": False},
         "phrase": "sort them by `timestamp` oldest first"},
        {"kind": "unchanged", "target": "trades", "value": None, "phrase": "don't modify `trades`"}]),
    ("Reshape `scores` into `score_grid` so that it is 30 rows × 5 columns.", [
        {"kind": "shape", "target": "score_grid", "value": [30, 5], "phrase": "30 rows × 5 columns"}]),
    ("Plot three lines (one per store) of daily `sales` from `store_sales`, with a legend, and title the chart "
     "'Daily sales per store'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "three lines"},
        {"kind": "lines", "target": None, "value": 3, "phrase": "three lines"},
        {"kind": "legend", "target": None, "value": True, "phrase": "with a legend"},
        {"kind": "title", "target": None, "value": "Daily sales per store",
         "phrase": "title the chart 'Daily sales per store'"}]),
    ("Make `n_products` the number of distinct `sku` values in `catalog`, as an int, without writing any files.", [
        {"kind": "binds", "target": "n_products", "value": "scalar", "phrase": "as an int"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "without writing any files"}]),
    ("Give me `q_sales`, with the columns `quarter` and `total`, four rows, unique per quarter.", [
        {"kind": "columns", "target": "q_sales", "value": ["quarter", "total"],
         "phrase": "the columns `quarter` and `total`"},
        {"kind": "length", "target": "q_sales", "value": 4, "phrase": "four rows"},
        {"kind": "one_row_per", "target": "q_sales", "value": "quarter", "phrase": "unique per quarter"}]),
    ("Add a float column `discount_pct` to `orders`, and convert `ship_date` to datetime.", [
        {"kind": "dtype", "target": "orders", "value": {"column": "discount_pct", "type": "float"},
         "phrase": "a float column `discount_pct`"},
        {"kind": "dtype", "target": "orders", "value": {"column": "ship_date", "type": "datetime"},
         "phrase": "convert `ship_date` to datetime"}]),
    # ------------------------------------------------------------ English, stated requirements, names without backticks
    ("Make a list called cities of the distinct store cities, in alphabetical order.", [
        {"kind": "binds", "target": "cities", "value": "list", "phrase": "a list called cities"},
        {"kind": "sorted", "target": "cities", "value": {"by": None, "descending": False},
         "phrase": "in alphabetical order"}]),
    ("Put the 10 lowest-rated products into worst_products, sorted by rating from lowest to highest.", [
        {"kind": "top", "target": "worst_products", "value": 10, "phrase": "the 10 lowest-rated products"},
        {"kind": "sorted", "target": "worst_products", "value": {"by": "rating", "descending": False},
         "phrase": "sorted by rating from lowest to highest"}]),
    ("Draw a scatter plot of price vs area and save the axes object as ax2, with the title 'Price vs area'.", [
        {"kind": "plot_kind", "target": "ax2", "value": "scatter", "phrase": "a scatter plot"},
        {"kind": "binds", "target": "ax2", "value": "Axes", "phrase": "save the axes object as ax2"},
        {"kind": "title", "target": "ax2", "value": "Price vs area", "phrase": "the title 'Price vs area'"}]),
    ("Create summary, a DataFrame with columns store, month and sales, and don't touch the raw data frame df.", [
        {"kind": "binds", "target": "summary", "value": "DataFrame", "phrase": "summary, a DataFrame"},
        {"kind": "columns", "target": "summary", "value": ["store", "month", "sales"],
         "phrase": "columns store, month and sales"},
        {"kind": "unchanged", "target": "df", "value": None, "phrase": "don't touch the raw data frame df"}]),
    ("Write a function parse_duration that takes a single string argument and returns seconds.", [
        {"kind": "binds", "target": "parse_duration", "value": "function", "phrase": "a function parse_duration"},
        {"kind": "arity", "target": "parse_duration", "value": 1, "phrase": "takes a single string argument"}]),
    ("Count the rows in logs where status equals 500 and store it as an integer in n_errors.", [
        {"kind": "filter", "target": "n_errors", "value": "status == 500", "phrase": "status equals 500"},
        {"kind": "binds", "target": "n_errors", "value": "scalar", "phrase": "as an integer"}]),
    ("Set the index of inventory to sku and sort it by quantity descending.", [
        {"kind": "index", "target": "inventory", "value": "sku", "phrase": "Set the index of inventory to sku"},
        {"kind": "sorted", "target": "inventory", "value": {"by": "quantity", "descending": True},
         "phrase": "sort it by quantity descending"}]),
    ("Give me per_store, one row per store_id, without missing values in revenue.", [
        {"kind": "one_row_per", "target": "per_store", "value": "store_id", "phrase": "one row per store_id"},
        {"kind": "no_missing", "target": "per_store", "value": "revenue", "phrase": "without missing values in revenue"}]),
    ("Make weekly_close, a Series of the weekly average close price with 52 entries.", [
        {"kind": "binds", "target": "weekly_close", "value": "Series", "phrase": "a Series"},
        {"kind": "length", "target": "weekly_close", "value": 52, "phrase": "with 52 entries"}]),
    ("Plot a line chart of visitors over the last year with the xlabel 'Week' and ylabel 'Visitors', and keep the "
     "figure as fig.", [
        {"kind": "plot_kind", "target": "fig", "value": "line", "phrase": "a line chart"},
        {"kind": "xlabel", "target": "fig", "value": "Week", "phrase": "the xlabel 'Week'"},
        {"kind": "ylabel", "target": "fig", "value": "Visitors", "phrase": "ylabel 'Visitors'"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "keep the figure as fig"}]),
    # ------------------------------------------------------------ English, tricky: nothing or less than it looks
    ("Can you help me sort out why `merged` has more rows than `left`?", []),
    ("Just give me a line of code that reads sales.csv into `sales`.", []),
    ("List the top-level keys of the `config` dict.", []),
    ("Apply label encoding to the `colour` column of `cars`, putting the codes in a new integer column "
     "`colour_code`.", [
        {"kind": "dtype", "target": "cars", "value": {"column": "colour_code", "type": "integer"},
         "phrase": "a new integer column `colour_code`"}]),
    ("Plot the average `price` per `title` from `courses` as a bar chart.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"}]),
    ("Plot `clicks` by day; the chart doesn't need a title or axis labels.", []),
    ("Rename the `title` field in `jobs` to `job_title` and keep `jobs` otherwise unchanged.", []),
    ("Plot the distribution of `income`, but don't use a pie chart.", []),
    ("Keep the columns of `orders` in their original order and add `total` = `qty` * `price`.", []),
    ("Plot `score` for the top 10% of students in `exam` as a histogram.", [
        {"kind": "plot_kind", "target": None, "value": "hist", "phrase": "a histogram"}]),
    # ------------------------------------------------------------ Japanese, stated requirements
    ("`signups` を日付 `date` ごとに集計して、新しい順に並べた DataFrame `daily_signups` を作ってください。", [
        {"kind": "sorted", "target": "daily_signups", "value": {"by": "date", "descending": True},
         "phrase": "新しい順に並べた"},
        {"kind": "binds", "target": "daily_signups", "value": "DataFrame", "phrase": "DataFrame `daily_signups`"}]),
    ("売上金額 `amount` の大きい順にトップ 10 の取引を `top_tx` に入れてください。列は `tx_id`, `amount`, `shop` "
     "の 3 つです。", [
        {"kind": "sorted", "target": "top_tx", "value": {"by": "amount", "descending": True},
         "phrase": "売上金額 `amount` の大きい順に"},
        {"kind": "top", "target": "top_tx", "value": 10, "phrase": "トップ 10 の取引"},
        {"kind": "columns", "target": "top_tx", "value": ["tx_id", "amount", "shop"],
         "phrase": "列は `tx_id`, `amount`, `shop` の 3 つ"}]),
    ("センサーデータ `sensor_df` の `measured_at` を日付型に、`value` を float 型に変換してください。", [
        {"kind": "dtype", "target": "sensor_df", "value": {"column": "measured_at", "type": "datetime"},
         "phrase": "`measured_at` を日付型に"},
        {"kind": "dtype", "target": "sensor_df", "value": {"column": "value", "type": "float"},
         "phrase": "`value` を float 型に変換"}]),
    ("気温 `temp` の推移を折れ線グラフで描き、x 軸ラベルを「日付」、y 軸ラベルを「気温（℃）」、タイトルを「東京の気温」"
     "にしてください。", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "折れ線グラフ"},
        {"kind": "xlabel", "target": None, "value": "日付", "phrase": "x 軸ラベルを「日付」"},
        {"kind": "ylabel", "target": None, "value": "気温（℃）", "phrase": "y 軸ラベルを「気温（℃）」"},
        {"kind": "title", "target": None, "value": "東京の気温", "phrase": "タイトルを「東京の気温」"}]),
    ("`employees` はそのまま残して、`dept` が '営業' の社員だけを `sales_staff` に抜き出してください。", [
        {"kind": "unchanged", "target": "employees", "value": None, "phrase": "`employees` はそのまま残して"},
        {"kind": "filter", "target": "sales_staff", "value": "dept == '営業'", "phrase": "`dept` が '営業' の社員だけ"}]),
    ("商品 `item_id` ごとに 1 行の在庫表 `stock_summary` を作り、欠損なしで、`qty` は整数型にしてください。", [
        {"kind": "one_row_per", "target": "stock_summary", "value": "item_id", "phrase": "商品 `item_id` ごとに 1 行"},
        {"kind": "no_missing", "target": "stock_summary", "value": None, "phrase": "欠損なしで"},
        {"kind": "dtype", "target": "stock_summary", "value": {"column": "qty", "type": "integer"},
         "phrase": "`qty` は整数型にしてください"}]),
    ("アクセスログ `access` からステータスコード `status` が 404 の行を数えて、整数として `n_404` に入れてください。", [
        {"kind": "filter", "target": "n_404", "value": "status == 404", "phrase": "ステータスコード `status` が 404 の行"},
        {"kind": "binds", "target": "n_404", "value": "scalar", "phrase": "整数として"}]),
    ("引数を 3 つ受け取る関数 `weighted_mean(values, weights, skipna)` を書いてください。", [
        {"kind": "arity", "target": "weighted_mean", "value": 3, "phrase": "引数を 3 つ受け取る"},
        {"kind": "binds", "target": "weighted_mean", "value": "function",
         "phrase": "関数 `weighted_mean(values, weights, skipna)`"}]),
    ("地域別の売上構成を円グラフにして、凡例を表示してください。Figure は `fig` に入れてください。", [
        {"kind": "plot_kind", "target": "fig", "value": "pie", "phrase": "円グラフ"},
        {"kind": "legend", "target": "fig", "value": True, "phrase": "凡例を表示してください"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "Figure は `fig` に入れてください"}]),
    ("`survey` を `respondent_id` ごとに 1 行ずつにまとめて `respondents` を作り、`respondent_id` を index にして"
     "ください。", [
        {"kind": "one_row_per", "target": "respondents", "value": "respondent_id",
         "phrase": "`respondent_id` ごとに 1 行ずつ"},
        {"kind": "index", "target": "respondents", "value": "respondent_id",
         "phrase": "`respondent_id` を index にしてください"}]),
    ("試合データ `matches` から得点 `goals` の多い順に上位 5 チームを取り出し、Series `top_teams` にしてください。", [
        {"kind": "sorted", "target": "top_teams", "value": {"by": "goals", "descending": True},
         "phrase": "得点 `goals` の多い順に"},
        {"kind": "top", "target": "top_teams", "value": 5, "phrase": "上位 5 チーム"},
        {"kind": "binds", "target": "top_teams", "value": "Series", "phrase": "Series `top_teams`"}]),
    ("`prices` を `date` の昇順に並べ替えてください。元データは変更せず、結果は `prices_sorted` に入れてください。", [
        {"kind": "sorted", "target": "prices_sorted", "value": {"by": "date", "descending": False},
         "phrase": "`date` の昇順に並べ替え"},
        {"kind": "unchanged", "target": "prices", "value": None, "phrase": "元データは変更せず"}]),
    ("ヒストグラムで `wait_minutes` の分布を見たいです。ビンは 30 個、x 軸ラベルは「待ち時間（分）」でお願いします。", [
        {"kind": "plot_kind", "target": None, "value": "hist", "phrase": "ヒストグラム"},
        {"kind": "bars", "target": None, "value": 30, "phrase": "ビンは 30 個"},
        {"kind": "xlabel", "target": None, "value": "待ち時間（分）", "phrase": "x 軸ラベルは「待ち時間（分）」"}]),
    ("`members` のメールアドレス `email` が一意になるように重複を除いて `members_dedup` に保存してください。"
     "ファイルには書き出さないでください。", [
        {"kind": "unique", "target": "members_dedup", "value": "email", "phrase": "`email` が一意になるように"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "ファイルには書き出さないでください"}]),
    ("部署別の人数を横棒グラフにし、人数の少ない順に並べてください。Axes は `ax` に入れてください。", [
        {"kind": "plot_kind", "target": "ax", "value": "barh", "phrase": "横棒グラフ"},
        {"kind": "sorted", "target": "ax", "value": {"by": None, "descending": False}, "phrase": "人数の少ない順に並べて"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Axes は `ax` に入れてください"}]),
    ("`weather` から降水量 `rain_mm` が 0 より大きく、気温 `temp` が 10 未満の日を `rainy_cold` に入れてください。", [
        {"kind": "filter", "target": "rainy_cold", "value": "rain_mm > 0", "phrase": "降水量 `rain_mm` が 0 より大きく"},
        {"kind": "filter", "target": "rainy_cold", "value": "temp < 10", "phrase": "気温 `temp` が 10 未満"}]),
    ("月ごとに 1 行、12 行ちょうどの DataFrame `monthly_kpi` を作ってください。列は `month`・`users`・`revenue` です。", [
        {"kind": "one_row_per", "target": "monthly_kpi", "value": "month", "phrase": "月ごとに 1 行"},
        {"kind": "length", "target": "monthly_kpi", "value": 12, "phrase": "12 行ちょうど"},
        {"kind": "binds", "target": "monthly_kpi", "value": "DataFrame", "phrase": "DataFrame `monthly_kpi`"},
        {"kind": "columns", "target": "monthly_kpi", "value": ["month", "users", "revenue"],
         "phrase": "列は `month`・`users`・`revenue` です"}]),
    ("`df` の `user_id` を文字列型に、`is_paid` を bool 型にしてください。", [
        {"kind": "dtype", "target": "df", "value": {"column": "user_id", "type": "string"},
         "phrase": "`user_id` を文字列型に"},
        {"kind": "dtype", "target": "df", "value": {"column": "is_paid", "type": "bool"},
         "phrase": "`is_paid` を bool 型に"}]),
    ("`ratings` を平均評価 `avg_rating` の降順に並べて、上位 20 件だけの `best_rated` を作ってください。欠損値を除く"
     "こと。", [
        {"kind": "sorted", "target": "best_rated", "value": {"by": "avg_rating", "descending": True},
         "phrase": "平均評価 `avg_rating` の降順に並べて"},
        {"kind": "top", "target": "best_rated", "value": 20, "phrase": "上位 20 件"},
        {"kind": "no_missing", "target": "best_rated", "value": None, "phrase": "欠損値を除くこと"}]),
    ("関数 `fiscal_year(date)` を作ってください。引数は 1 つで、4 月始まりの年度を返します。", [
        {"kind": "binds", "target": "fiscal_year", "value": "function", "phrase": "関数 `fiscal_year(date)`"},
        {"kind": "arity", "target": "fiscal_year", "value": 1, "phrase": "引数は 1 つ"}]),
    ("`sales_wide` を縦持ちに変換して `sales_long` を作ってください。列は `store`、`month`、`sales` で、行数は 36 行"
     "になるはずです。", [
        {"kind": "columns", "target": "sales_long", "value": ["store", "month", "sales"],
         "phrase": "列は `store`、`month`、`sales`"},
        {"kind": "length", "target": "sales_long", "value": 36, "phrase": "行数は 36 行"}]),
    ("実績 `actual` と予測 `forecast` の 2 本の折れ線を描いて凡例を付け、タイトルに「需要予測」を入れてください。"
     "Axes は `ax` に。", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "折れ線"},
        {"kind": "lines", "target": "ax", "value": 2, "phrase": "2 本の折れ線"},
        {"kind": "legend", "target": "ax", "value": True, "phrase": "凡例を付け"},
        {"kind": "title", "target": "ax", "value": "需要予測", "phrase": "タイトルに「需要予測」を入れてください"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Axes は `ax` に"}]),
    ("`orders` の `order_date` を日付型にしてから、古い順に並べ替えてください。", [
        {"kind": "dtype", "target": "orders", "value": {"column": "order_date", "type": "datetime"},
         "phrase": "`order_date` を日付型に"},
        {"kind": "sorted", "target": "orders", "value": {"by": "order_date", "descending": False},
         "phrase": "古い順に並べ替えて"}]),
    ("`inventory` で在庫数 `qty` が 5 以下の商品を抜き出し、`sku` を index にした `reorder` を作ってください。"
     "`inventory` は変更しないでください。", [
        {"kind": "filter", "target": "reorder", "value": "qty <= 5", "phrase": "在庫数 `qty` が 5 以下"},
        {"kind": "index", "target": "reorder", "value": "sku", "phrase": "`sku` を index にした"},
        {"kind": "unchanged", "target": "inventory", "value": None, "phrase": "`inventory` は変更しないでください"}]),
    ("`height` と `weight` の散布図を描いて、タイトルは「身長と体重」にしてください。図はファイルに保存しないで"
     "ください。", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "散布図"},
        {"kind": "title", "target": None, "value": "身長と体重", "phrase": "タイトルは「身長と体重」"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "図はファイルに保存しないでください"}]),
    # ------------------------------------------------------------ Japanese, tricky: nothing or less than it looks
    ("`df` の上位概念のカテゴリ `parent_category` ごとに件数を見たいです。", []),
    ("`employees` の `title`（役職）列で欠損している行を表示してください。", []),
    ("ラベルエンコーディングで `prefecture` を数値に変換し、`pref_code` 列に整数型で入れてください。", [
        {"kind": "dtype", "target": None, "value": {"column": "pref_code", "type": "integer"},
         "phrase": "`pref_code` 列に整数型で"}]),
    ("`sales` を棒グラフにしてください。並び順は元のままで、凡例は要りません。", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "棒グラフ"}]),
    ("`logs` を整理して見やすくしてください。", []),
]
