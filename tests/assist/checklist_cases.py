"""Requests and the checklists that should be pulled out of them: the extractor's test corpus.

``CASES`` is a list of ``(request, checklist)`` pairs, 132 in all: 88 requests in English
and 44 in Japanese. 19 of them state no checkable requirement and have an empty
checklist: 10 plainly open-ended ones such as "explore the data", and 9 of the tricky
ones. 17 are tricky (12 in English, 5 in Japanese), worded so that a naive pattern would
add a requirement that is not there or mistake one for another: "sort out the messy
names" is not a sort order, "the top of the table" is not a top N, a column called
``title`` is not a chart title, 上記 is not 上位, "no need for a legend" asks for no
legend, "the last 30 rows" is a length and not a top N. The sections of the list below
are marked by comments. None of these requests is one of the benchmark's
(``bench/notebook_tasks_checklist.py``).

A checklist is a list of requirements, each a dict with four keys:

- ``kind``: what sort of thing is asked for (the list below);
- ``target``: the name of the variable it is about, or None when the request names none;
- ``value``: what exactly is asked for, in a form that depends on the kind;
- ``phrase``: the words of the request it comes from, copied exactly, so that it can be
  found in the request.

The kinds and their values:

- ``binds``: the request wants a variable of a certain kind; the value is "DataFrame",
  "Series", "Axes", "Figure", "function", "scalar", "dict" or "list".
- ``columns``: the list of column names the result is to have.
- ``index``: the column or level the result is indexed by.
- ``length``: how many rows or items the result has, an int.
- ``shape``: ``[rows, cols]``.
- ``arity``: how many parameters the function named by the target takes, an int.
- ``xlabel``, ``ylabel``: the exact text of that axis label.
- ``title``: a word or phrase the title contains.
- ``legend``: True, a legend is shown.
- ``lines``, ``bars``: how many lines or bars are drawn, an int.
- ``plot_kind``: one of "bar", "barh", "line", "scatter", "hist", "pie", "box".
- ``sorted``: ``{"by": a column, or None for the values themselves, "descending": bool}``.
- ``top``: N, only the first N rows or items are kept.
- ``filter``: a pandas query string that each row kept satisfies, such as
  ``"stock < 10"`` or ``"carrier == 'JL'"``.
- ``one_row_per``: a column; the result has exactly one row for each of its values.
- ``unique``: a column in which no value appears twice.
- ``no_missing``: a column that has no NaN, or None for no NaN anywhere.
- ``dtype``: ``{"column": a column or None (the whole result), "type": "datetime",
  "integer", "float", "string" or "bool"}``.
- ``unchanged``: the target is an input variable the request says to leave as it is;
  the value is None.
- ``no_write``: no file is to be written: the value is the file named, or None for any.

The rule: a checklist holds only what the words of the request state. Nothing is added
because it would be sensible, usual or implied by the data: "the 10 customers with the
highest value" is a top 10 and says nothing about their order; "sorted by X" with no
direction is ascending; a chart with no variable named has None as its target; a label
whose text is not given is not a label requirement.
"""

CASES = [
    # ------------------------------------------------------------ English, stated requirements
    ("Make `dept_avg`, a Series of the average salary per department, sorted from highest to lowest.", [
        {"kind": "binds", "target": "dept_avg", "value": "Series", "phrase": "a Series"},
        {"kind": "sorted", "target": "dept_avg", "value": {"by": None, "descending": True},
         "phrase": "sorted from highest to lowest"}]),
    ("Plot monthly revenue from `sales_by_month` as a line chart with the title 'Revenue 2023'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "a line chart"},
        {"kind": "title", "target": None, "value": "Revenue 2023", "phrase": "the title 'Revenue 2023'"}]),
    ("Store as an int in `n_march` how many rows of `tickets` have `month` equal to 3.", [
        {"kind": "binds", "target": "n_march", "value": "scalar", "phrase": "as an int"},
        {"kind": "filter", "target": "n_march", "value": "month == 3", "phrase": "have `month` equal to 3"}]),
    ("Give me `top10`, the 10 customers with the highest lifetime value, as a DataFrame with columns "
     "`customer_id` and `ltv`.", [
        {"kind": "top", "target": "top10", "value": 10, "phrase": "the 10 customers with the highest lifetime value"},
        {"kind": "binds", "target": "top10", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "columns", "target": "top10", "value": ["customer_id", "ltv"],
         "phrase": "columns `customer_id` and `ltv`"}]),
    ("Convert the `joined` column of `employees` to datetime.", [
        {"kind": "dtype", "target": "employees", "value": {"column": "joined", "type": "datetime"},
         "phrase": "Convert the `joined` column of `employees` to datetime"}]),
    ("Drop the rows with missing values from `weather` and save the result as `weather_clean`; it must contain "
     "no NaN.", [
        {"kind": "no_missing", "target": "weather_clean", "value": None, "phrase": "it must contain no NaN"}]),
    ("Draw a scatter plot of `height` against `weight` from `people`, with the x-axis labelled 'Weight (kg)' and "
     "the y-axis labelled 'Height (cm)'.", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "a scatter plot"},
        {"kind": "xlabel", "target": None, "value": "Weight (kg)", "phrase": "the x-axis labelled 'Weight (kg)'"},
        {"kind": "ylabel", "target": None, "value": "Height (cm)", "phrase": "the y-axis labelled 'Height (cm)'"}]),
    ("Write a function `zscore(values)` that takes one argument, a list of numbers, and returns their z-scores.", [
        {"kind": "binds", "target": "zscore", "value": "function", "phrase": "a function `zscore(values)`"},
        {"kind": "arity", "target": "zscore", "value": 1, "phrase": "takes one argument"}]),
    ("Make a histogram of `trip_minutes` in `trips` with 20 bins and keep the Axes in `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": "ax", "value": 20, "phrase": "20 bins"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "keep the Axes in `ax`"}]),
    ("Make `low_stock` from `inventory`: the rows where `stock` is below 10, indexed by `sku`.", [
        {"kind": "filter", "target": "low_stock", "value": "stock < 10", "phrase": "the rows where `stock` is below 10"},
        {"kind": "index", "target": "low_stock", "value": "sku", "phrase": "indexed by `sku`"}]),
    ("Build `monthly`, a DataFrame with one row per month and the columns `month`, `orders` and `revenue`.", [
        {"kind": "binds", "target": "monthly", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "one_row_per", "target": "monthly", "value": "month", "phrase": "one row per month"},
        {"kind": "columns", "target": "monthly", "value": ["month", "orders", "revenue"],
         "phrase": "the columns `month`, `orders` and `revenue`"}]),
    ("Show a pie chart of market share by `brand` with a legend.", [
        {"kind": "plot_kind", "target": None, "value": "pie", "phrase": "a pie chart"},
        {"kind": "legend", "target": None, "value": True, "phrase": "with a legend"}]),
    ("Create `fig`, a Figure with one bar chart of `counts` and the y-axis labelled 'Count'.", [
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "`fig`, a Figure"},
        {"kind": "plot_kind", "target": "fig", "value": "bar", "phrase": "one bar chart"},
        {"kind": "ylabel", "target": "fig", "value": "Count", "phrase": "the y-axis labelled 'Count'"}]),
    ("Make `contacts_unique`, `contacts` with no duplicate `email` values, and leave `contacts` itself unchanged.", [
        {"kind": "unique", "target": "contacts_unique", "value": "email", "phrase": "no duplicate `email` values"},
        {"kind": "unchanged", "target": "contacts", "value": None, "phrase": "leave `contacts` itself unchanged"}]),
    ("Parse `timestamp` in `logs` as datetime and sort `logs` by it, newest first.", [
        {"kind": "dtype", "target": "logs", "value": {"column": "timestamp", "type": "datetime"},
         "phrase": "Parse `timestamp` in `logs` as datetime"},
        {"kind": "sorted", "target": "logs", "value": {"by": "timestamp", "descending": True},
         "phrase": "sort `logs` by it, newest first"}]),
    ("Plot `close` from `prices` over time as a line, x-axis 'Date', y-axis 'Close (USD)', title containing 'AAPL'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "as a line"},
        {"kind": "xlabel", "target": None, "value": "Date", "phrase": "x-axis 'Date'"},
        {"kind": "ylabel", "target": None, "value": "Close (USD)", "phrase": "y-axis 'Close (USD)'"},
        {"kind": "title", "target": None, "value": "AAPL", "phrase": "title containing 'AAPL'"}]),
    ("Make `grades_wide`, a pivot of `grades` with one row per student and one column per subject, with no missing "
     "values (fill them with 0).", [
        {"kind": "binds", "target": "grades_wide", "value": "DataFrame", "phrase": "a pivot of `grades`"},
        {"kind": "one_row_per", "target": "grades_wide", "value": "student", "phrase": "one row per student"},
        {"kind": "no_missing", "target": "grades_wide", "value": None, "phrase": "with no missing values"}]),
    ("Put the 5 most recent orders from `orders` in `recent`, newest first, keeping only `order_id` and `date`.", [
        {"kind": "top", "target": "recent", "value": 5, "phrase": "the 5 most recent orders"},
        {"kind": "sorted", "target": "recent", "value": {"by": "date", "descending": True}, "phrase": "newest first"},
        {"kind": "columns", "target": "recent", "value": ["order_id", "date"],
         "phrase": "keeping only `order_id` and `date`"}]),
    ("Compute `corr_matrix`, the correlation between every pair of numeric columns of `housing`, as a DataFrame.", [
        {"kind": "binds", "target": "corr_matrix", "value": "DataFrame", "phrase": "as a DataFrame"}]),
    ("Make the `price` column of `listings` a float (it has '$' signs and commas) without creating any files.", [
        {"kind": "dtype", "target": "listings", "value": {"column": "price", "type": "float"},
         "phrase": "Make the `price` column of `listings` a float"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "without creating any files"}]),
    ("Plot a horizontal bar chart of the 8 most common words in `word_counts`, most common at the top, and keep "
     "the Axes in `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "barh", "phrase": "a horizontal bar chart"},
        {"kind": "top", "target": "ax", "value": 8, "phrase": "the 8 most common words"},
        {"kind": "sorted", "target": "ax", "value": {"by": None, "descending": True},
         "phrase": "most common at the top"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "keep the Axes in `ax`"}]),
    ("Make `by_region`, a dict from each region to the list of its store ids.", [
        {"kind": "binds", "target": "by_region", "value": "dict", "phrase": "a dict"}]),
    ("Make `names`, a list of the employee names in `staff`, sorted alphabetically.", [
        {"kind": "binds", "target": "names", "value": "list", "phrase": "a list"},
        {"kind": "sorted", "target": "names", "value": {"by": None, "descending": False},
         "phrase": "sorted alphabetically"}]),
    ("Create a DataFrame `rain` with exactly 12 rows, one per month of 2023, and the columns `month` and "
     "`rainfall_mm`.", [
        {"kind": "binds", "target": "rain", "value": "DataFrame", "phrase": "a DataFrame `rain`"},
        {"kind": "length", "target": "rain", "value": 12, "phrase": "exactly 12 rows"},
        {"kind": "one_row_per", "target": "rain", "value": "month", "phrase": "one per month of 2023"},
        {"kind": "columns", "target": "rain", "value": ["month", "rainfall_mm"],
         "phrase": "the columns `month` and `rainfall_mm`"}]),
    ("Reshape `hourly` into `grid`, a 24 × 7 DataFrame (hours by weekday).", [
        {"kind": "binds", "target": "grid", "value": "DataFrame", "phrase": "a 24 × 7 DataFrame"},
        {"kind": "shape", "target": "grid", "value": [24, 7], "phrase": "24 × 7"}]),
    ("Write `safe_divide(a, b)`, a function of two arguments that returns a / b, or None when b is 0.", [
        {"kind": "binds", "target": "safe_divide", "value": "function", "phrase": "a function"},
        {"kind": "arity", "target": "safe_divide", "value": 2, "phrase": "of two arguments"}]),
    ("Keep only the rows of `flights` whose `delay` is over 15 minutes and whose `carrier` is 'JL', in `late_jl`.", [
        {"kind": "filter", "target": "late_jl", "value": "delay > 15", "phrase": "whose `delay` is over 15 minutes"},
        {"kind": "filter", "target": "late_jl", "value": "carrier == 'JL'", "phrase": "whose `carrier` is 'JL'"}]),
    ("Make a bar chart with 7 bars, one per weekday, of the mean `kwh` in `usage`, with the y-axis labelled 'kWh'.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"},
        {"kind": "bars", "target": None, "value": 7, "phrase": "7 bars"},
        {"kind": "ylabel", "target": None, "value": "kWh", "phrase": "the y-axis labelled 'kWh'"}]),
    ("Give `events` a datetime `start` column and an integer `attendees` column.", [
        {"kind": "dtype", "target": "events", "value": {"column": "start", "type": "datetime"},
         "phrase": "a datetime `start` column"},
        {"kind": "dtype", "target": "events", "value": {"column": "attendees", "type": "integer"},
         "phrase": "an integer `attendees` column"}]),
    ("Give me `per_user`, one row per `user_id` with the columns `user_id` and `sessions` (the count of sessions), "
     "sorted by `sessions` descending.", [
        {"kind": "one_row_per", "target": "per_user", "value": "user_id", "phrase": "one row per `user_id`"},
        {"kind": "columns", "target": "per_user", "value": ["user_id", "sessions"],
         "phrase": "the columns `user_id` and `sessions`"},
        {"kind": "sorted", "target": "per_user", "value": {"by": "sessions", "descending": True},
         "phrase": "sorted by `sessions` descending"}]),
    ("Plot two lines, `revenue` and `cost`, from `pnl` on one Axes kept in `ax`, with a legend.", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "two lines"},
        {"kind": "lines", "target": "ax", "value": 2, "phrase": "two lines"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "one Axes kept in `ax`"},
        {"kind": "legend", "target": "ax", "value": True, "phrase": "with a legend"}]),
    ("Make `cleaned` from `survey_raw` with the `age` column as integers and no missing `age`.", [
        {"kind": "dtype", "target": "cleaned", "value": {"column": "age", "type": "integer"},
         "phrase": "the `age` column as integers"},
        {"kind": "no_missing", "target": "cleaned", "value": "age", "phrase": "no missing `age`"}]),
    ("Save nothing to disk: just compute `avg_rating`, the mean of `rating` in `reviews`, as a float.", [
        {"kind": "no_write", "target": None, "value": None, "phrase": "Save nothing to disk"},
        {"kind": "binds", "target": "avg_rating", "value": "scalar", "phrase": "as a float"}]),
    ("Box plot of `score` by `class` in `exam`, with the y-axis labelled 'Score'.", [
        {"kind": "plot_kind", "target": None, "value": "box", "phrase": "Box plot"},
        {"kind": "ylabel", "target": None, "value": "Score", "phrase": "the y-axis labelled 'Score'"}]),
    ("Make `long`, `wide` melted into the columns `id`, `variable` and `value`, with 60 rows.", [
        {"kind": "columns", "target": "long", "value": ["id", "variable", "value"],
         "phrase": "the columns `id`, `variable` and `value`"},
        {"kind": "length", "target": "long", "value": 60, "phrase": "with 60 rows"}]),
    ("Filter `transactions` to an `amount` of at least 1000 yen into `large_tx`, without modifying `transactions`.", [
        {"kind": "filter", "target": "large_tx", "value": "amount >= 1000", "phrase": "an `amount` of at least 1000"},
        {"kind": "unchanged", "target": "transactions", "value": None, "phrase": "without modifying `transactions`"}]),
    ("Add `is_weekend`, a boolean column in `calendar` that is True on Saturdays and Sundays.", [
        {"kind": "dtype", "target": "calendar", "value": {"column": "is_weekend", "type": "bool"},
         "phrase": "a boolean column in `calendar`"}]),
    ("Turn `zip` in `addresses` into text (strings) so the leading zeros are kept.", [
        {"kind": "dtype", "target": "addresses", "value": {"column": "zip", "type": "string"},
         "phrase": "Turn `zip` in `addresses` into text (strings)"}]),
    ("Make `tidy` from `raw` with no duplicate rows on `order_id` and the rows sorted by `order_id`.", [
        {"kind": "unique", "target": "tidy", "value": "order_id", "phrase": "no duplicate rows on `order_id`"},
        {"kind": "sorted", "target": "tidy", "value": {"by": "order_id", "descending": False},
         "phrase": "the rows sorted by `order_id`"}]),
    ("Plot a bar chart of `count` per `genre` from `movies` and title it 'Movies per genre'.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"},
        {"kind": "title", "target": None, "value": "Movies per genre", "phrase": "title it 'Movies per genre'"}]),
    ("Create `sample_df`, a DataFrame of 100 rows and 3 columns of random numbers.", [
        {"kind": "binds", "target": "sample_df", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "shape", "target": "sample_df", "value": [100, 3], "phrase": "100 rows and 3 columns"}]),
    ("I need `clean_phone`, a function with exactly one parameter that strips everything but digits from a phone "
     "number.", [
        {"kind": "binds", "target": "clean_phone", "value": "function", "phrase": "a function"},
        {"kind": "arity", "target": "clean_phone", "value": 1, "phrase": "exactly one parameter"}]),
    ("Make `first_purchase`: each customer's earliest order from `orders`, one row per customer, with `order_date` "
     "as datetime.", [
        {"kind": "one_row_per", "target": "first_purchase", "value": "customer", "phrase": "one row per customer"},
        {"kind": "dtype", "target": "first_purchase", "value": {"column": "order_date", "type": "datetime"},
         "phrase": "`order_date` as datetime"}]),
    ("Keep the 20 busiest stations from `rides` in `busy`, sorted by `rides` from most to least, and don't write "
     "any file.", [
        {"kind": "top", "target": "busy", "value": 20, "phrase": "the 20 busiest stations"},
        {"kind": "sorted", "target": "busy", "value": {"by": "rides", "descending": True},
         "phrase": "sorted by `rides` from most to least"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "don't write any file"}]),
    ("Draw a line chart of `temp` per day and keep the Figure in `fig` and the Axes in `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "a line chart"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "keep the Figure in `fig`"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "the Axes in `ax`"}]),
    ("Make `scores_filled`, `scores` with every NaN replaced by 0, and keep `scores` unchanged.", [
        {"kind": "no_missing", "target": "scores_filled", "value": None, "phrase": "every NaN replaced by 0"},
        {"kind": "unchanged", "target": "scores", "value": None, "phrase": "keep `scores` unchanged"}]),
    ("Plot `views` against `likes` as a scatter plot with a title that includes 'engagement'.", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "a scatter plot"},
        {"kind": "title", "target": None, "value": "engagement", "phrase": "a title that includes 'engagement'"}]),
    ("Make a list `top_tags` of the 5 most used tags in `posts`, most used first.", [
        {"kind": "binds", "target": "top_tags", "value": "list", "phrase": "a list `top_tags`"},
        {"kind": "top", "target": "top_tags", "value": 5, "phrase": "the 5 most used tags"},
        {"kind": "sorted", "target": "top_tags", "value": {"by": None, "descending": True},
         "phrase": "most used first"}]),
    ("Compute `share`, a Series of each region's share of total sales with `region` as the index, sorted "
     "ascending.", [
        {"kind": "binds", "target": "share", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "share", "value": "region", "phrase": "`region` as the index"},
        {"kind": "sorted", "target": "share", "value": {"by": None, "descending": False}, "phrase": "sorted ascending"}]),
    ("Create `elderly_b`: the rows of `patients` where `age` >= 65 and `ward` == 'B'.", [
        {"kind": "filter", "target": "elderly_b", "value": "age >= 65", "phrase": "`age` >= 65"},
        {"kind": "filter", "target": "elderly_b", "value": "ward == 'B'", "phrase": "`ward` == 'B'"}]),
    ("Make `wide` from `long_prices` with `date` as the index and one column per `ticker`.", [
        {"kind": "index", "target": "wide", "value": "date", "phrase": "`date` as the index"}]),
    ("Store the median `income` of the `census` rows with `state` equal to 'CA' in `ca_median` as a float.", [
        {"kind": "filter", "target": "ca_median", "value": "state == 'CA'", "phrase": "with `state` equal to 'CA'"},
        {"kind": "binds", "target": "ca_median", "value": "scalar", "phrase": "as a float"}]),
    ("Draw a bar chart of `units` by `store`, one bar per store (6 bars), with the x-axis labelled 'Store' and the "
     "y-axis labelled 'Units'.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"},
        {"kind": "bars", "target": None, "value": 6, "phrase": "6 bars"},
        {"kind": "xlabel", "target": None, "value": "Store", "phrase": "the x-axis labelled 'Store'"},
        {"kind": "ylabel", "target": None, "value": "Units", "phrase": "the y-axis labelled 'Units'"}]),
    ("Make `daily_avg`, a Series indexed by date with the daily mean `pm25`, and no missing values.", [
        {"kind": "binds", "target": "daily_avg", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "daily_avg", "value": "date", "phrase": "indexed by date"},
        {"kind": "no_missing", "target": "daily_avg", "value": None, "phrase": "no missing values"}]),
    ("Write a function `bucket(age, edges)` taking two parameters that returns the bucket label for an age.", [
        {"kind": "binds", "target": "bucket", "value": "function", "phrase": "a function `bucket(age, edges)`"},
        {"kind": "arity", "target": "bucket", "value": 2, "phrase": "taking two parameters"}]),
    ("Sort `leaderboard` by `points` from highest to lowest and keep only the first 10 rows.", [
        {"kind": "sorted", "target": "leaderboard", "value": {"by": "points", "descending": True},
         "phrase": "Sort `leaderboard` by `points` from highest to lowest"},
        {"kind": "top", "target": "leaderboard", "value": 10, "phrase": "keep only the first 10 rows"}]),
    ("Create `hist_ax`, the Axes of a histogram of `bmi` with 15 bins, with the x-axis labelled 'BMI'.", [
        {"kind": "binds", "target": "hist_ax", "value": "Axes", "phrase": "`hist_ax`, the Axes"},
        {"kind": "plot_kind", "target": "hist_ax", "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": "hist_ax", "value": 15, "phrase": "15 bins"},
        {"kind": "xlabel", "target": "hist_ax", "value": "BMI", "phrase": "the x-axis labelled 'BMI'"}]),
    ("Make `orders_2024` from `orders`: only the rows with `year` == 2024, no duplicate `order_id`, and don't "
     "change `orders`.", [
        {"kind": "filter", "target": "orders_2024", "value": "year == 2024", "phrase": "only the rows with `year` == 2024"},
        {"kind": "unique", "target": "orders_2024", "value": "order_id", "phrase": "no duplicate `order_id`"},
        {"kind": "unchanged", "target": "orders", "value": None, "phrase": "don't change `orders`"}]),
    ("Plot the cumulative sum of `signups` as a line with the y-axis labelled 'Total users'; don't save the chart "
     "to a file.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "as a line"},
        {"kind": "ylabel", "target": None, "value": "Total users", "phrase": "the y-axis labelled 'Total users'"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "don't save the chart to a file"}]),
    ("Make `n_rows`, the row count of `df`, as an int.", [
        {"kind": "binds", "target": "n_rows", "value": "scalar", "phrase": "as an int"}]),
    ("Make `ratios`, a DataFrame with the columns `store`, `margin` and `rank`, where `rank` is an integer.", [
        {"kind": "binds", "target": "ratios", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "columns", "target": "ratios", "value": ["store", "margin", "rank"],
         "phrase": "the columns `store`, `margin` and `rank`"},
        {"kind": "dtype", "target": "ratios", "value": {"column": "rank", "type": "integer"},
         "phrase": "`rank` is an integer"}]),
    ("Plot a stacked bar chart of `sales` by `region` and `quarter` with a legend and the title 'Quarterly sales "
     "by region'.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a stacked bar chart"},
        {"kind": "legend", "target": None, "value": True, "phrase": "with a legend"},
        {"kind": "title", "target": None, "value": "Quarterly sales by region",
         "phrase": "the title 'Quarterly sales by region'"}]),
    ("Create `pct`, `counts` divided by their total, as a Series of floats.", [
        {"kind": "binds", "target": "pct", "value": "Series", "phrase": "a Series"},
        {"kind": "dtype", "target": "pct", "value": {"column": None, "type": "float"}, "phrase": "of floats"}]),
    ("Make `last_30`, the last 30 rows of `prices`.", [
        {"kind": "length", "target": "last_30", "value": 30, "phrase": "the last 30 rows"}]),
    ("Give `employees` a new index: `emp_id`.", [
        {"kind": "index", "target": "employees", "value": "emp_id", "phrase": "a new index: `emp_id`"}]),
    ("Make `monthly_sales` with one row per `month` and no missing values in `revenue`.", [
        {"kind": "one_row_per", "target": "monthly_sales", "value": "month", "phrase": "one row per `month`"},
        {"kind": "no_missing", "target": "monthly_sales", "value": "revenue", "phrase": "no missing values in `revenue`"}]),
    ("Build `report_df` without touching any files, as a DataFrame with 3 columns and 5 rows.", [
        {"kind": "no_write", "target": None, "value": None, "phrase": "without touching any files"},
        {"kind": "binds", "target": "report_df", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "shape", "target": "report_df", "value": [5, 3], "phrase": "3 columns and 5 rows"}]),
    ("Keep `orders` as it is and make `paid_only`, the orders with `paid` equal to True, sorted by `total` in "
     "descending order, with the columns `order_id` and `total`; don't write paid.csv.", [
        {"kind": "unchanged", "target": "orders", "value": None, "phrase": "Keep `orders` as it is"},
        {"kind": "filter", "target": "paid_only", "value": "paid == True", "phrase": "with `paid` equal to True"},
        {"kind": "sorted", "target": "paid_only", "value": {"by": "total", "descending": True},
         "phrase": "sorted by `total` in descending order"},
        {"kind": "columns", "target": "paid_only", "value": ["order_id", "total"],
         "phrase": "the columns `order_id` and `total`"},
        {"kind": "no_write", "target": None, "value": "paid.csv", "phrase": "don't write paid.csv"}]),
    ("Draw 3 lines, one per sensor, of `temp` over time on a new Axes `ax`, with the x-axis labelled 'Time', the "
     "y-axis labelled 'Temp (°C)' and a legend.", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "3 lines"},
        {"kind": "lines", "target": "ax", "value": 3, "phrase": "3 lines"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "a new Axes `ax`"},
        {"kind": "xlabel", "target": "ax", "value": "Time", "phrase": "the x-axis labelled 'Time'"},
        {"kind": "ylabel", "target": "ax", "value": "Temp (°C)", "phrase": "the y-axis labelled 'Temp (°C)'"},
        {"kind": "legend", "target": "ax", "value": True, "phrase": "a legend"}]),
    ("Make `by_team`, one row per `team` with the total `goals`, the top 4 teams only, most goals first, as a "
     "DataFrame.", [
        {"kind": "one_row_per", "target": "by_team", "value": "team", "phrase": "one row per `team`"},
        {"kind": "top", "target": "by_team", "value": 4, "phrase": "the top 4 teams only"},
        {"kind": "sorted", "target": "by_team", "value": {"by": "goals", "descending": True},
         "phrase": "most goals first"},
        {"kind": "binds", "target": "by_team", "value": "DataFrame", "phrase": "as a DataFrame"}]),
    # ------------------------------------------------------------ English, nothing checkable stated
    ("Explore the data.", []),
    ("Give me an overview of `df`.", []),
    ("What's interesting in this dataset?", []),
    ("Help me get started with the survey results.", []),
    ("Can you take a look at `orders` and tell me what you see?", []),
    ("Describe the columns of `patients`.", []),
    # ------------------------------------------------------------ English, tricky
    ("Sort out the messy city names in `customers`: strip the spaces and use title case.", []),
    ("Show me the top of the `orders` table.", []),
    ("Make `titles`, a list of the values in the `title` column of `books`, in A to Z order.", [
        {"kind": "binds", "target": "titles", "value": "list", "phrase": "a list"},
        {"kind": "sorted", "target": "titles", "value": {"by": None, "descending": False}, "phrase": "in A to Z order"}]),
    ("Line up the columns of `q1` and `q2` so they match, then stack them into a DataFrame `year`.", [
        {"kind": "binds", "target": "year", "value": "DataFrame", "phrase": "a DataFrame `year`"}]),
    ("Plot a histogram of the line lengths in `log_lines`.", [
        {"kind": "plot_kind", "target": None, "value": "hist", "phrase": "a histogram"}]),
    ("Plot revenue per month as a line chart; no need for a legend.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "a line chart"}]),
    ("How many unique users visited? Put it in `n_users` as an integer.", [
        {"kind": "binds", "target": "n_users", "value": "scalar", "phrase": "as an integer"}]),
    ("Keep the first 3 columns of `wide` in `narrow`.", []),
    ("Export `report` to report.xlsx.", []),
    ("Make `city_counts`, a Series indexed by `city` with the number of customers in each.", [
        {"kind": "binds", "target": "city_counts", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "city_counts", "value": "city", "phrase": "indexed by `city`"}]),
    ("Tell me which filter would remove the outliers in `income`.", []),
    ("Draw a bar chart of `counts` and label each bar with its value, without changing the default colours.", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "a bar chart"}]),
    # ------------------------------------------------------------ Japanese, stated requirements
    ("部署ごとの平均給与を Series `avg_salary` にして、高い順に並べてください。", [
        {"kind": "binds", "target": "avg_salary", "value": "Series", "phrase": "Series `avg_salary`"},
        {"kind": "sorted", "target": "avg_salary", "value": {"by": None, "descending": True},
         "phrase": "高い順に並べてください"}]),
    ("`sales` の日付列 `date` を datetime 型に変換してください。", [
        {"kind": "dtype", "target": "sales", "value": {"column": "date", "type": "datetime"},
         "phrase": "日付列 `date` を datetime 型に変換"}]),
    ("売上上位 5 件の商品を DataFrame `top5` に入れてください。", [
        {"kind": "top", "target": "top5", "value": 5, "phrase": "売上上位 5 件"},
        {"kind": "binds", "target": "top5", "value": "DataFrame", "phrase": "DataFrame `top5`"}]),
    ("月別の訪問者数を折れ線グラフで表示し、タイトルは「月別訪問者数」、x 軸ラベルは「月」にしてください。", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "折れ線グラフ"},
        {"kind": "title", "target": None, "value": "月別訪問者数", "phrase": "タイトルは「月別訪問者数」"},
        {"kind": "xlabel", "target": None, "value": "月", "phrase": "x 軸ラベルは「月」"}]),
    ("`df` から欠損値を含む行を削除して `df_clean` に保存してください。元の df は変更しないでください。", [
        {"kind": "no_missing", "target": "df_clean", "value": None, "phrase": "欠損値を含む行を削除して"},
        {"kind": "unchanged", "target": "df", "value": None, "phrase": "元の df は変更しないでください"}]),
    ("顧客 ID ごとに 1 行になるように集計し、列は customer_id・total・count の 3 つにして `agg_df` に入れてください。", [
        {"kind": "one_row_per", "target": "agg_df", "value": "customer_id", "phrase": "顧客 ID ごとに 1 行になるように"},
        {"kind": "columns", "target": "agg_df", "value": ["customer_id", "total", "count"],
         "phrase": "列は customer_id・total・count の 3 つ"}]),
    ("引数を 2 つ取る関数 `merge_names(first, last)` を作ってください。", [
        {"kind": "arity", "target": "merge_names", "value": 2, "phrase": "引数を 2 つ取る"},
        {"kind": "binds", "target": "merge_names", "value": "function", "phrase": "関数 `merge_names(first, last)`"}]),
    ("年齢のヒストグラムを 10 個のビンで描き、Axes は `ax` に入れてください。", [
        {"kind": "plot_kind", "target": "ax", "value": "hist", "phrase": "ヒストグラム"},
        {"kind": "bars", "target": "ax", "value": 10, "phrase": "10 個のビン"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Axes は `ax` に入れてください"}]),
    ("`products` のうち在庫 `stock` が 0 の商品だけを `out_of_stock` に入れてください。", [
        {"kind": "filter", "target": "out_of_stock", "value": "stock == 0", "phrase": "在庫 `stock` が 0 の商品だけ"}]),
    ("`price` 列を整数型に変換してください。ファイルには保存しないでください。", [
        {"kind": "dtype", "target": None, "value": {"column": "price", "type": "integer"},
         "phrase": "`price` 列を整数型に変換"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "ファイルには保存しないでください"}]),
    ("都道府県ごとの人口を横棒グラフにして、多い順に上から並べ、凡例も付けてください。", [
        {"kind": "plot_kind", "target": None, "value": "barh", "phrase": "横棒グラフ"},
        {"kind": "sorted", "target": None, "value": {"by": None, "descending": True}, "phrase": "多い順に上から並べ"},
        {"kind": "legend", "target": None, "value": True, "phrase": "凡例も付けてください"}]),
    ("`email` が重複しないように `users_unique` を作ってください。", [
        {"kind": "unique", "target": "users_unique", "value": "email", "phrase": "`email` が重複しないように"}]),
    ("`scores` を点数 `score` の低い順に並べ替えて `ranked` に入れてください。", [
        {"kind": "sorted", "target": "ranked", "value": {"by": "score", "descending": False},
         "phrase": "点数 `score` の低い順に並べ替えて"}]),
    ("学生ごとの平均点を、`student` を index にした Series `avg_by_student` にしてください。欠損値は含めないでください。", [
        {"kind": "index", "target": "avg_by_student", "value": "student", "phrase": "`student` を index にした"},
        {"kind": "binds", "target": "avg_by_student", "value": "Series", "phrase": "Series `avg_by_student`"},
        {"kind": "no_missing", "target": "avg_by_student", "value": None, "phrase": "欠損値は含めないでください"}]),
    ("`raw` の一部を取り出して、30 行 4 列の DataFrame `subset` にしてください。", [
        {"kind": "shape", "target": "subset", "value": [30, 4], "phrase": "30 行 4 列"},
        {"kind": "binds", "target": "subset", "value": "DataFrame", "phrase": "DataFrame `subset`"}]),
    ("カテゴリ別の件数を円グラフにしてください。タイトルに「構成比」を入れてください。", [
        {"kind": "plot_kind", "target": None, "value": "pie", "phrase": "円グラフ"},
        {"kind": "title", "target": None, "value": "構成比", "phrase": "タイトルに「構成比」を入れてください"}]),
    ("`temp` と `sales` の散布図を描いて、x 軸ラベルを「気温」、y 軸ラベルを「売上」にしてください。", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "散布図"},
        {"kind": "xlabel", "target": None, "value": "気温", "phrase": "x 軸ラベルを「気温」"},
        {"kind": "ylabel", "target": None, "value": "売上", "phrase": "y 軸ラベルを「売上」"}]),
    ("支店ごとの売上を棒グラフにしてください。棒は 5 本で、y 軸ラベルは「売上（千円）」です。", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "棒グラフ"},
        {"kind": "bars", "target": None, "value": 5, "phrase": "棒は 5 本"},
        {"kind": "ylabel", "target": None, "value": "売上（千円）", "phrase": "y 軸ラベルは「売上（千円）」"}]),
    ("`log` の `status` が 'error' の行だけを残し、時刻 `ts` の新しい順に並べて `errors` に入れてください。", [
        {"kind": "filter", "target": "errors", "value": "status == 'error'", "phrase": "`status` が 'error' の行だけ"},
        {"kind": "sorted", "target": "errors", "value": {"by": "ts", "descending": True},
         "phrase": "時刻 `ts` の新しい順に並べて"}]),
    ("1 日あたりの注文件数を数え、件数を整数で持つ Series `daily_orders` にしてください。長さは 31 になるはずです。", [
        {"kind": "dtype", "target": "daily_orders", "value": {"column": None, "type": "integer"},
         "phrase": "件数を整数で持つ"},
        {"kind": "binds", "target": "daily_orders", "value": "Series", "phrase": "Series `daily_orders`"},
        {"kind": "length", "target": "daily_orders", "value": 31, "phrase": "長さは 31 になるはずです"}]),
    ("`orders` と `customers` を結合した `joined` を作ってください。`order_id` ごとに 1 行で、元の 2 つの "
     "DataFrame は変更しないこと。", [
        {"kind": "one_row_per", "target": "joined", "value": "order_id", "phrase": "`order_id` ごとに 1 行"},
        {"kind": "unchanged", "target": "orders", "value": None, "phrase": "元の 2 つの DataFrame は変更しないこと"},
        {"kind": "unchanged", "target": "customers", "value": None, "phrase": "元の 2 つの DataFrame は変更しないこと"}]),
    ("各店舗の売上を辞書 `sales_by_store` にしてください（キーは店舗名）。", [
        {"kind": "binds", "target": "sales_by_store", "value": "dict", "phrase": "辞書 `sales_by_store`"}]),
    ("商品名のリスト `item_names` を五十音順に並べて作ってください。", [
        {"kind": "binds", "target": "item_names", "value": "list", "phrase": "リスト `item_names`"},
        {"kind": "sorted", "target": "item_names", "value": {"by": None, "descending": False}, "phrase": "五十音順に並べて"}]),
    ("学年別の点数の分布を箱ひげ図で示し、y 軸ラベルは「点数」にしてください。Axes は `ax` に。", [
        {"kind": "plot_kind", "target": "ax", "value": "box", "phrase": "箱ひげ図"},
        {"kind": "ylabel", "target": "ax", "value": "点数", "phrase": "y 軸ラベルは「点数」"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Axes は `ax` に"}]),
    ("予算と実績の 2 本の線を同じグラフに描き、凡例を付けてください。", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "2 本の線"},
        {"kind": "lines", "target": None, "value": 2, "phrase": "2 本の線"},
        {"kind": "legend", "target": None, "value": True, "phrase": "凡例を付けてください"}]),
    ("`df` の `amount` が 10000 以上の行の件数を整数で `n_large` に入れてください。", [
        {"kind": "filter", "target": "n_large", "value": "amount >= 10000", "phrase": "`amount` が 10000 以上"},
        {"kind": "binds", "target": "n_large", "value": "scalar", "phrase": "整数で"}]),
    ("`staff` の `hire_date` を datetime 型にしたうえで、入社日の古い順に上位 3 人を `veterans` に入れてください。", [
        {"kind": "dtype", "target": "staff", "value": {"column": "hire_date", "type": "datetime"},
         "phrase": "`hire_date` を datetime 型にしたうえで"},
        {"kind": "sorted", "target": "veterans", "value": {"by": "hire_date", "descending": False},
         "phrase": "入社日の古い順に"},
        {"kind": "top", "target": "veterans", "value": 3, "phrase": "上位 3 人"}]),
    ("関数 `to_yen(usd, rate)` を定義してください。引数は 2 つです。CSV には書き出さないでください。", [
        {"kind": "binds", "target": "to_yen", "value": "function", "phrase": "関数 `to_yen(usd, rate)`"},
        {"kind": "arity", "target": "to_yen", "value": 2, "phrase": "引数は 2 つです"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "CSV には書き出さないでください"}]),
    ("result.csv というファイルは作らず、集計結果を DataFrame `result` に入れるだけにしてください。", [
        {"kind": "no_write", "target": None, "value": "result.csv", "phrase": "result.csv というファイルは作らず"},
        {"kind": "binds", "target": "result", "value": "DataFrame", "phrase": "DataFrame `result`"}]),
    ("アンケートの回答 `answers` を回答者 `respondent_id` ごとに 1 行にまとめ、欠損のない DataFrame `per_person` "
     "にしてください。", [
        {"kind": "one_row_per", "target": "per_person", "value": "respondent_id",
         "phrase": "回答者 `respondent_id` ごとに 1 行にまとめ"},
        {"kind": "no_missing", "target": "per_person", "value": None, "phrase": "欠損のない"},
        {"kind": "binds", "target": "per_person", "value": "DataFrame", "phrase": "DataFrame `per_person`"}]),
    ("`inventory` のうち `category` が '文具' の行を `stationery` に入れてください。列は `item` と `stock` だけで、"
     "`stock` は整数型にしてください。", [
        {"kind": "filter", "target": "stationery", "value": "category == '文具'", "phrase": "`category` が '文具' の行"},
        {"kind": "columns", "target": "stationery", "value": ["item", "stock"], "phrase": "列は `item` と `stock` だけ"},
        {"kind": "dtype", "target": "stationery", "value": {"column": "stock", "type": "integer"},
         "phrase": "`stock` は整数型にしてください"}]),
    ("曜日ごとの平均来店数を棒グラフにして、x 軸ラベルは「曜日」、タイトルに「来店数」を含めてください。", [
        {"kind": "plot_kind", "target": None, "value": "bar", "phrase": "棒グラフ"},
        {"kind": "xlabel", "target": None, "value": "曜日", "phrase": "x 軸ラベルは「曜日」"},
        {"kind": "title", "target": None, "value": "来店数", "phrase": "タイトルに「来店数」を含めてください"}]),
    ("`members` の `joined` を datetime 型に、`age` を整数型にしてください。`members` 以外の変数は作らなくて大丈夫です。", [
        {"kind": "dtype", "target": "members", "value": {"column": "joined", "type": "datetime"},
         "phrase": "`joined` を datetime 型に"},
        {"kind": "dtype", "target": "members", "value": {"column": "age", "type": "integer"}, "phrase": "`age` を整数型に"}]),
    ("店舗 `shop_id` ごとに 1 行で、列が shop_id と売上 `sales` の DataFrame `shop_sales` を作り、`sales` の多い順に上位 "
     "10 店舗だけ残してください。", [
        {"kind": "one_row_per", "target": "shop_sales", "value": "shop_id", "phrase": "店舗 `shop_id` ごとに 1 行"},
        {"kind": "columns", "target": "shop_sales", "value": ["shop_id", "sales"],
         "phrase": "列が shop_id と売上 `sales`"},
        {"kind": "binds", "target": "shop_sales", "value": "DataFrame", "phrase": "DataFrame `shop_sales`"},
        {"kind": "sorted", "target": "shop_sales", "value": {"by": "sales", "descending": True},
         "phrase": "`sales` の多い順に"},
        {"kind": "top", "target": "shop_sales", "value": 10, "phrase": "上位 10 店舗だけ残して"}]),
    ("`visits` を `date` で index にし、日付の古い順に並べてください。ファイル visits.parquet は上書きしないこと。", [
        {"kind": "index", "target": "visits", "value": "date", "phrase": "`visits` を `date` で index にし"},
        {"kind": "sorted", "target": "visits", "value": {"by": "date", "descending": False}, "phrase": "日付の古い順に"},
        {"kind": "no_write", "target": None, "value": "visits.parquet",
         "phrase": "ファイル visits.parquet は上書きしないこと"}]),
    # ------------------------------------------------------------ Japanese, nothing checkable stated
    ("データの概要を見せてください。", []),
    ("この DataFrame で何ができるか教えて", []),
    ("df の中身をざっと確認したいです", []),
    ("売上データをいろいろ分析してみて", []),
    # ------------------------------------------------------------ Japanese, tricky
    ("上記の集計結果をグラフにしてください。", []),
    ("重複している行だけを取り出して `dups` に入れてください。", []),
    ("`books` の `title` 列の文字をすべて大文字にしてください。", []),
    ("グラフにタイトルを付けてください。", []),
    ("`sales` の推移を折れ線グラフで描いてください。凡例は不要です。", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "折れ線グラフ"}]),
]
