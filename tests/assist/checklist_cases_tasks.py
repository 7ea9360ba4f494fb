"""Multi-requirement data-analysis requests and the checklists their words state.

``CASES`` is a list of ``(request, checklist)`` pairs, 66 in all: 44 requests in English
and 22 in Japanese. Each is worded as an analyst writes to the assistant when several
things matter at once, and most state 3 to 6 checkable requirements, mixing the shape of
the data (kind of result, columns, index, length, one row per X, filters, top N, order,
dtypes, inputs left alone, no file written, function arity) with what a chart must show
(plot kind, axis labels, title, legend, number of lines or bars). 4 of them are
open-ended and have an empty checklist (2 English, 2 Japanese), and 4 are tricky (3
English, 1 Japanese): words such as "top up", "one line of pandas", "the number of
missing values", a `type` of 'bar', a `title` column or トップページ look like a
requirement and are not one.

The format, the kinds and their values, and the rule (only what the words state) are
those of ``tests/assist/checklist_cases.py``. These requests were written independently
of the extractor and of the benchmark's tasks.
"""

CASES = [
    # ------------------------------------------------------------ English, stated requirements
    ("From `signups`, draw a bar chart of sign-ups per `channel`, tallest bar first, with the y-axis labelled "
     "'Sign-ups' and the title 'Sign-ups by channel'; keep the Axes in `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "bar", "phrase": "a bar chart"},
        {"kind": "sorted", "target": "ax", "value": {"by": None, "descending": True}, "phrase": "tallest bar first"},
        {"kind": "ylabel", "target": "ax", "value": "Sign-ups", "phrase": "the y-axis labelled 'Sign-ups'"},
        {"kind": "title", "target": "ax", "value": "Sign-ups by channel", "phrase": "the title 'Sign-ups by channel'"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "keep the Axes in `ax`"}]),
    ("I need `mrr_by_plan`, a DataFrame indexed by `plan` with the columns `customers` and `mrr`, one row per plan, "
     "sorted by `mrr` descending - and please don't modify `subscriptions` while you build it.", [
        {"kind": "binds", "target": "mrr_by_plan", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "index", "target": "mrr_by_plan", "value": "plan", "phrase": "indexed by `plan`"},
        {"kind": "columns", "target": "mrr_by_plan", "value": ["customers", "mrr"],
         "phrase": "the columns `customers` and `mrr`"},
        {"kind": "one_row_per", "target": "mrr_by_plan", "value": "plan", "phrase": "one row per plan"},
        {"kind": "sorted", "target": "mrr_by_plan", "value": {"by": "mrr", "descending": True},
         "phrase": "sorted by `mrr` descending"},
        {"kind": "unchanged", "target": "subscriptions", "value": None, "phrase": "don't modify `subscriptions`"}]),
    ("Which shipments were late? Put the rows of `shipments` where `days_late` is greater than 0 and `carrier` is "
     "'DHL' into `late_dhl`, keeping only `tracking_id`, `days_late` and `destination`, most late first.", [
        {"kind": "filter", "target": "late_dhl", "value": "days_late > 0",
         "phrase": "where `days_late` is greater than 0"},
        {"kind": "filter", "target": "late_dhl", "value": "carrier == 'DHL'", "phrase": "`carrier` is 'DHL'"},
        {"kind": "columns", "target": "late_dhl", "value": ["tracking_id", "days_late", "destination"],
         "phrase": "keeping only `tracking_id`, `days_late` and `destination`"},
        {"kind": "sorted", "target": "late_dhl", "value": {"by": "days_late", "descending": True},
         "phrase": "most late first"}]),
    ("Make sure `headcount` ends up as a Series indexed by `department`, holding integers, with no missing values; "
     "`staff` itself must stay untouched.", [
        {"kind": "binds", "target": "headcount", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "headcount", "value": "department", "phrase": "indexed by `department`"},
        {"kind": "dtype", "target": "headcount", "value": {"column": None, "type": "integer"},
         "phrase": "holding integers"},
        {"kind": "no_missing", "target": "headcount", "value": None, "phrase": "with no missing values"},
        {"kind": "unchanged", "target": "staff", "value": None, "phrase": "`staff` itself must stay untouched"}]),
    ("Plot the daily closing price and its 30-day moving average as two lines on the same Axes, `ax`, with a legend, "
     "the x-axis labelled 'Date' and the y-axis labelled 'Price (EUR)'.", [
        {"kind": "plot_kind", "target": "ax", "value": "line", "phrase": "two lines"},
        {"kind": "lines", "target": "ax", "value": 2, "phrase": "two lines"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "the same Axes, `ax`"},
        {"kind": "legend", "target": "ax", "value": True, "phrase": "with a legend"},
        {"kind": "xlabel", "target": "ax", "value": "Date", "phrase": "the x-axis labelled 'Date'"},
        {"kind": "ylabel", "target": "ax", "value": "Price (EUR)", "phrase": "the y-axis labelled 'Price (EUR)'"}]),
    ("Build `visits_per_patient` from `visits`: one row per `patient_id`, columns `patient_id`, `n_visits` and "
     "`last_visit`, with `last_visit` as a datetime and `n_visits` as an integer.", [
        {"kind": "one_row_per", "target": "visits_per_patient", "value": "patient_id",
         "phrase": "one row per `patient_id`"},
        {"kind": "columns", "target": "visits_per_patient", "value": ["patient_id", "n_visits", "last_visit"],
         "phrase": "columns `patient_id`, `n_visits` and `last_visit`"},
        {"kind": "dtype", "target": "visits_per_patient", "value": {"column": "last_visit", "type": "datetime"},
         "phrase": "`last_visit` as a datetime"},
        {"kind": "dtype", "target": "visits_per_patient", "value": {"column": "n_visits", "type": "integer"},
         "phrase": "`n_visits` as an integer"}]),
    ("Give me the five students with the lowest `attendance` as `at_risk` (a DataFrame), lowest first, and only "
     "those in `grade` 9.", [
        {"kind": "top", "target": "at_risk", "value": 5, "phrase": "the five students with the lowest `attendance`"},
        {"kind": "binds", "target": "at_risk", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "sorted", "target": "at_risk", "value": {"by": "attendance", "descending": False},
         "phrase": "lowest first"},
        {"kind": "filter", "target": "at_risk", "value": "grade == 9", "phrase": "only those in `grade` 9"}]),
    ("Draw a histogram of `temperature` readings from `sensor_log` with 30 bins; label the x-axis 'Temperature (°C)', "
     "and keep the figure in `fig`. Nothing should be written to disk.", [
        {"kind": "plot_kind", "target": "fig", "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": "fig", "value": 30, "phrase": "30 bins"},
        {"kind": "xlabel", "target": "fig", "value": "Temperature (°C)",
         "phrase": "label the x-axis 'Temperature (°C)'"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "keep the figure in `fig`"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "Nothing should be written to disk"}]),
    ("Rebuild `standings` as a DataFrame with exactly 20 rows, one per `team`, with the columns `team`, `played` and "
     "`points`, ordered by `points` from highest to lowest.", [
        {"kind": "binds", "target": "standings", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "length", "target": "standings", "value": 20, "phrase": "exactly 20 rows"},
        {"kind": "one_row_per", "target": "standings", "value": "team", "phrase": "one per `team`"},
        {"kind": "columns", "target": "standings", "value": ["team", "played", "points"],
         "phrase": "the columns `team`, `played` and `points`"},
        {"kind": "sorted", "target": "standings", "value": {"by": "points", "descending": True},
         "phrase": "ordered by `points` from highest to lowest"}]),
    ("Write a function `basket_value(items, prices, discount)` (three parameters) that returns the total after "
     "discount; it mustn't write any files.", [
        {"kind": "binds", "target": "basket_value", "value": "function",
         "phrase": "a function `basket_value(items, prices, discount)`"},
        {"kind": "arity", "target": "basket_value", "value": 3, "phrase": "three parameters"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "it mustn't write any files"}]),
    ("Could you make a scatter plot of `spend` against `conversions` from `campaigns`, titled 'Spend vs conversions', "
     "with 'Spend (USD)' on the x-axis and 'Conversions' on the y-axis?", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "a scatter plot"},
        {"kind": "title", "target": None, "value": "Spend vs conversions", "phrase": "titled 'Spend vs conversions'"},
        {"kind": "xlabel", "target": None, "value": "Spend (USD)", "phrase": "'Spend (USD)' on the x-axis"},
        {"kind": "ylabel", "target": None, "value": "Conversions", "phrase": "'Conversions' on the y-axis"}]),
    ("Compute `n_cancelled` as an int: how many rows of `accounts` have `status` equal to 'cancelled'. Don't change "
     "`accounts`, and don't save anything to a file.", [
        {"kind": "binds", "target": "n_cancelled", "value": "scalar", "phrase": "as an int"},
        {"kind": "filter", "target": "n_cancelled", "value": "status == 'cancelled'",
         "phrase": "have `status` equal to 'cancelled'"},
        {"kind": "unchanged", "target": "accounts", "value": None, "phrase": "Don't change `accounts`"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "don't save anything to a file"}]),
    ("Make `depot_load`, a Series of the total `weight_kg` per `depot`, indexed by `depot`, heaviest first, top 8 "
     "only.", [
        {"kind": "binds", "target": "depot_load", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "depot_load", "value": "depot", "phrase": "indexed by `depot`"},
        {"kind": "sorted", "target": "depot_load", "value": {"by": None, "descending": True},
         "phrase": "heaviest first"},
        {"kind": "top", "target": "depot_load", "value": 8, "phrase": "top 8 only"}]),
    ("For the hiring review, plot open roles per `team` as a horizontal bar chart (12 bars, one per team) with the "
     "x-axis label 'Open roles' and the title 'Open roles by team'.", [
        {"kind": "plot_kind", "target": None, "value": "barh", "phrase": "a horizontal bar chart"},
        {"kind": "bars", "target": None, "value": 12, "phrase": "12 bars"},
        {"kind": "xlabel", "target": None, "value": "Open roles", "phrase": "x-axis label 'Open roles'"},
        {"kind": "title", "target": None, "value": "Open roles by team", "phrase": "the title 'Open roles by team'"}]),
    ("I want `monthly_pnl` with the columns `month`, `revenue`, `cost` and `profit`, exactly 12 rows, `month` parsed "
     "as datetime, sorted by `month`.", [
        {"kind": "columns", "target": "monthly_pnl", "value": ["month", "revenue", "cost", "profit"],
         "phrase": "the columns `month`, `revenue`, `cost` and `profit`"},
        {"kind": "length", "target": "monthly_pnl", "value": 12, "phrase": "exactly 12 rows"},
        {"kind": "dtype", "target": "monthly_pnl", "value": {"column": "month", "type": "datetime"},
         "phrase": "`month` parsed as datetime"},
        {"kind": "sorted", "target": "monthly_pnl", "value": {"by": "month", "descending": False},
         "phrase": "sorted by `month`"}]),
    ("Filter `admissions` down to patients aged 80 or over (`age` >= 80) in `ward` 'ICU', save it as `icu_elderly` "
     "with no missing `discharge_date`, and leave `admissions` exactly as it was.", [
        {"kind": "filter", "target": "icu_elderly", "value": "age >= 80", "phrase": "`age` >= 80"},
        {"kind": "filter", "target": "icu_elderly", "value": "ward == 'ICU'", "phrase": "in `ward` 'ICU'"},
        {"kind": "no_missing", "target": "icu_elderly", "value": "discharge_date",
         "phrase": "no missing `discharge_date`"},
        {"kind": "unchanged", "target": "admissions", "value": None,
         "phrase": "leave `admissions` exactly as it was"}]),
    ("Pivot `scores` into `score_grid` so that there is one row per `student_id` and one column per subject; it must "
     "be indexed by `student_id`, with no NaN anywhere.", [
        {"kind": "one_row_per", "target": "score_grid", "value": "student_id", "phrase": "one row per `student_id`"},
        {"kind": "index", "target": "score_grid", "value": "student_id", "phrase": "indexed by `student_id`"},
        {"kind": "no_missing", "target": "score_grid", "value": None, "phrase": "no NaN anywhere"}]),
    ("Resample `readings` to hourly means as `hourly`, a DataFrame with exactly 168 rows (one week), the columns "
     "`temp` and `humidity`, and no missing values.", [
        {"kind": "binds", "target": "hourly", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "length", "target": "hourly", "value": 168, "phrase": "exactly 168 rows"},
        {"kind": "columns", "target": "hourly", "value": ["temp", "humidity"],
         "phrase": "the columns `temp` and `humidity`"},
        {"kind": "no_missing", "target": "hourly", "value": None, "phrase": "no missing values"}]),
    ("Plot `goals` per `season` for Arsenal and Chelsea as a line chart with two lines and a legend, y-axis labelled "
     "'Goals'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "a line chart"},
        {"kind": "lines", "target": None, "value": 2, "phrase": "two lines"},
        {"kind": "legend", "target": None, "value": True, "phrase": "a legend"},
        {"kind": "ylabel", "target": None, "value": "Goals", "phrase": "y-axis labelled 'Goals'"}]),
    ("Make `best_sellers`: the 15 products with the most `units_sold`, as a DataFrame with `product_id` as its index "
     "and only the `name` and `units_sold` columns.", [
        {"kind": "top", "target": "best_sellers", "value": 15, "phrase": "the 15 products with the most `units_sold`"},
        {"kind": "binds", "target": "best_sellers", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "index", "target": "best_sellers", "value": "product_id", "phrase": "`product_id` as its index"},
        {"kind": "columns", "target": "best_sellers", "value": ["name", "units_sold"],
         "phrase": "only the `name` and `units_sold` columns"}]),
    ("Dedupe `leads` into `leads_clean` so that every `email` appears once, parse `created_at` as datetime and sort "
     "newest first by `created_at`; don't touch `leads`.", [
        {"kind": "unique", "target": "leads_clean", "value": "email", "phrase": "every `email` appears once"},
        {"kind": "dtype", "target": "leads_clean", "value": {"column": "created_at", "type": "datetime"},
         "phrase": "parse `created_at` as datetime"},
        {"kind": "sorted", "target": "leads_clean", "value": {"by": "created_at", "descending": True},
         "phrase": "sort newest first by `created_at`"},
        {"kind": "unchanged", "target": "leads", "value": None, "phrase": "don't touch `leads`"}]),
    ("Draw a pie chart of seats by `plan_tier`, with a legend and a title containing 'Seat mix'; keep the Axes as "
     "`pie_ax`.", [
        {"kind": "plot_kind", "target": "pie_ax", "value": "pie", "phrase": "a pie chart"},
        {"kind": "legend", "target": "pie_ax", "value": True, "phrase": "with a legend"},
        {"kind": "title", "target": "pie_ax", "value": "Seat mix", "phrase": "a title containing 'Seat mix'"},
        {"kind": "binds", "target": "pie_ax", "value": "Axes", "phrase": "keep the Axes as `pie_ax`"}]),
    ("`fleet` needs its `last_service` column as datetime and `mileage` as an integer; do it in place, and don't "
     "write the changes back to fleet.csv.", [
        {"kind": "dtype", "target": "fleet", "value": {"column": "last_service", "type": "datetime"},
         "phrase": "its `last_service` column as datetime"},
        {"kind": "dtype", "target": "fleet", "value": {"column": "mileage", "type": "integer"},
         "phrase": "`mileage` as an integer"},
        {"kind": "no_write", "target": None, "value": "fleet.csv",
         "phrase": "don't write the changes back to fleet.csv"}]),
    ("Make `tenure_counts`, a Series of how many employees fall in each `tenure_band`, indexed by `tenure_band`, with "
     "exactly 5 entries, as integers.", [
        {"kind": "binds", "target": "tenure_counts", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "tenure_counts", "value": "tenure_band", "phrase": "indexed by `tenure_band`"},
        {"kind": "length", "target": "tenure_counts", "value": 5, "phrase": "exactly 5 entries"},
        {"kind": "dtype", "target": "tenure_counts", "value": {"column": None, "type": "integer"},
         "phrase": "as integers"}]),
    ("Write `cagr(start, end, years)`, a function of three arguments that returns the compound annual growth rate, "
     "then use it to build `growth`, a DataFrame with one row per `fund` and the columns `fund` and `cagr`.", [
        {"kind": "binds", "target": "cagr", "value": "function", "phrase": "a function of three arguments"},
        {"kind": "arity", "target": "cagr", "value": 3, "phrase": "of three arguments"},
        {"kind": "binds", "target": "growth", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "one_row_per", "target": "growth", "value": "fund", "phrase": "one row per `fund`"},
        {"kind": "columns", "target": "growth", "value": ["fund", "cagr"], "phrase": "the columns `fund` and `cagr`"}]),
    ("Box plot of `wait_minutes` by `clinic` from `er_visits`, y-axis 'Wait (min)', title 'ER waiting times', figure "
     "kept in `fig`.", [
        {"kind": "plot_kind", "target": "fig", "value": "box", "phrase": "Box plot"},
        {"kind": "ylabel", "target": "fig", "value": "Wait (min)", "phrase": "y-axis 'Wait (min)'"},
        {"kind": "title", "target": "fig", "value": "ER waiting times", "phrase": "title 'ER waiting times'"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "figure kept in `fig`"}]),
    ("From `enrolments`, make `course_sizes`: one row per `course_code`, with `course_code` unique and an integer "
     "column `n_students`; keep only courses with `n_students` above 30.", [
        {"kind": "one_row_per", "target": "course_sizes", "value": "course_code", "phrase": "one row per `course_code`"},
        {"kind": "unique", "target": "course_sizes", "value": "course_code", "phrase": "`course_code` unique"},
        {"kind": "dtype", "target": "course_sizes", "value": {"column": "n_students", "type": "integer"},
         "phrase": "an integer column `n_students`"},
        {"kind": "filter", "target": "course_sizes", "value": "n_students > 30",
         "phrase": "only courses with `n_students` above 30"}]),
    ("Which devices report the most errors? I'd like `noisy`, the top 10 `device_id`s by `error_count`, sorted by "
     "`error_count` in descending order, as a DataFrame with the columns `device_id` and `error_count`.", [
        {"kind": "top", "target": "noisy", "value": 10, "phrase": "the top 10 `device_id`s by `error_count`"},
        {"kind": "sorted", "target": "noisy", "value": {"by": "error_count", "descending": True},
         "phrase": "sorted by `error_count` in descending order"},
        {"kind": "binds", "target": "noisy", "value": "DataFrame", "phrase": "as a DataFrame"},
        {"kind": "columns", "target": "noisy", "value": ["device_id", "error_count"],
         "phrase": "the columns `device_id` and `error_count`"}]),
    ("Compute `per90` from `player_stats`, leaving `player_stats` untouched: only players with `minutes` of at least "
     "900, one row per `player`, and no missing values in `xg_per90`.", [
        {"kind": "unchanged", "target": "player_stats", "value": None, "phrase": "leaving `player_stats` untouched"},
        {"kind": "filter", "target": "per90", "value": "minutes >= 900", "phrase": "`minutes` of at least 900"},
        {"kind": "one_row_per", "target": "per90", "value": "player", "phrase": "one row per `player`"},
        {"kind": "no_missing", "target": "per90", "value": "xg_per90", "phrase": "no missing values in `xg_per90`"}]),
    ("Make a bar chart of revenue by `region`, exactly 4 bars, sorted from smallest to largest, with the x-axis "
     "labelled 'Region'; the axes object should be `ax`.", [
        {"kind": "plot_kind", "target": "ax", "value": "bar", "phrase": "a bar chart"},
        {"kind": "bars", "target": "ax", "value": 4, "phrase": "exactly 4 bars"},
        {"kind": "sorted", "target": "ax", "value": {"by": None, "descending": False},
         "phrase": "sorted from smallest to largest"},
        {"kind": "xlabel", "target": "ax", "value": "Region", "phrase": "the x-axis labelled 'Region'"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "the axes object should be `ax`"}]),
    ("How did the email campaigns do? I'd like `ctr_by_campaign`, a Series with `campaign` as index and float values, "
     "sorted ascending, with no missing entries.", [
        {"kind": "binds", "target": "ctr_by_campaign", "value": "Series", "phrase": "a Series"},
        {"kind": "index", "target": "ctr_by_campaign", "value": "campaign", "phrase": "`campaign` as index"},
        {"kind": "dtype", "target": "ctr_by_campaign", "value": {"column": None, "type": "float"},
         "phrase": "float values"},
        {"kind": "sorted", "target": "ctr_by_campaign", "value": {"by": None, "descending": False},
         "phrase": "sorted ascending"},
        {"kind": "no_missing", "target": "ctr_by_campaign", "value": None, "phrase": "no missing entries"}]),
    ("`daily_active` needs to be a DataFrame of shape 90 × 2 (columns `date` and `dau`), with `date` as datetime and "
     "`dau` as an integer.", [
        {"kind": "binds", "target": "daily_active", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "shape", "target": "daily_active", "value": [90, 2], "phrase": "90 × 2"},
        {"kind": "columns", "target": "daily_active", "value": ["date", "dau"], "phrase": "columns `date` and `dau`"},
        {"kind": "dtype", "target": "daily_active", "value": {"column": "date", "type": "datetime"},
         "phrase": "`date` as datetime"},
        {"kind": "dtype", "target": "daily_active", "value": {"column": "dau", "type": "integer"},
         "phrase": "`dau` as an integer"}]),
    ("Plot delivery time (`hours`) as a histogram with 25 bins, keeping the Axes in `ax` and the Figure in `fig`; "
     "label the y-axis 'Deliveries'.", [
        {"kind": "plot_kind", "target": "ax", "value": "hist", "phrase": "a histogram"},
        {"kind": "bars", "target": "ax", "value": 25, "phrase": "25 bins"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "keeping the Axes in `ax`"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "the Figure in `fig`"},
        {"kind": "ylabel", "target": "ax", "value": "Deliveries", "phrase": "label the y-axis 'Deliveries'"}]),
    ("Create `salary_band(salary)`, a single-argument function that maps a salary to 'low', 'mid' or 'high', and "
     "apply it to add `band`, a string column in `payroll`.", [
        {"kind": "binds", "target": "salary_band", "value": "function", "phrase": "a single-argument function"},
        {"kind": "arity", "target": "salary_band", "value": 1, "phrase": "single-argument"},
        {"kind": "dtype", "target": "payroll", "value": {"column": "band", "type": "string"},
         "phrase": "`band`, a string column in `payroll`"}]),
    ("Keep `ledger` as is. In `big_debits`, put the rows where `amount` is less than -5000, newest `posted_at` first, "
     "with only the columns `posted_at`, `account` and `amount`, and don't export anything.", [
        {"kind": "unchanged", "target": "ledger", "value": None, "phrase": "Keep `ledger` as is"},
        {"kind": "filter", "target": "big_debits", "value": "amount < -5000",
         "phrase": "where `amount` is less than -5000"},
        {"kind": "sorted", "target": "big_debits", "value": {"by": "posted_at", "descending": True},
         "phrase": "newest `posted_at` first"},
        {"kind": "columns", "target": "big_debits", "value": ["posted_at", "account", "amount"],
         "phrase": "only the columns `posted_at`, `account` and `amount`"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "don't export anything"}]),
    ("So that the clinic managers can compare, draw a line chart of monthly visits with 4 lines (one per clinic), a "
     "legend, and the title 'Monthly visits per clinic'.", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "a line chart"},
        {"kind": "lines", "target": None, "value": 4, "phrase": "4 lines"},
        {"kind": "legend", "target": None, "value": True, "phrase": "a legend"},
        {"kind": "title", "target": None, "value": "Monthly visits per clinic",
         "phrase": "the title 'Monthly visits per clinic'"}]),
    ("Make `rooms`, a list of the distinct `room` values in `timetable`, sorted alphabetically in reverse (Z to A), "
     "without modifying `timetable`.", [
        {"kind": "binds", "target": "rooms", "value": "list", "phrase": "a list"},
        {"kind": "sorted", "target": "rooms", "value": {"by": None, "descending": True},
         "phrase": "sorted alphabetically in reverse (Z to A)"},
        {"kind": "unchanged", "target": "timetable", "value": None, "phrase": "without modifying `timetable`"}]),
    ("This must end up in `alerts`: readings from `telemetry` with `battery` under 15 and `status` == 'online', one "
     "row per `device_id` (the latest reading), and `device_id` as the index.", [
        {"kind": "filter", "target": "alerts", "value": "battery < 15", "phrase": "`battery` under 15"},
        {"kind": "filter", "target": "alerts", "value": "status == 'online'", "phrase": "`status` == 'online'"},
        {"kind": "one_row_per", "target": "alerts", "value": "device_id", "phrase": "row per `device_id`"},
        {"kind": "index", "target": "alerts", "value": "device_id", "phrase": "`device_id` as the index"}]),
    ("Put the marathon finishers from `results` into `finishers`, sorted by `finish_time` (fastest first), with "
     "`finish_time` converted to float minutes, and check that `bib` is unique.", [
        {"kind": "sorted", "target": "finishers", "value": {"by": "finish_time", "descending": False},
         "phrase": "sorted by `finish_time` (fastest first)"},
        {"kind": "dtype", "target": "finishers", "value": {"column": "finish_time", "type": "float"},
         "phrase": "`finish_time` converted to float minutes"},
        {"kind": "unique", "target": "finishers", "value": "bib", "phrase": "`bib` is unique"}]),
    # ------------------------------------------------------------ English, nothing checkable stated
    ("Could you poke around `churn` and tell me what might explain why customers leave?", []),
    ("Any ideas for how I should clean up `inventory_raw` before modelling?", []),
    # ------------------------------------------------------------ English, tricky
    # "one line of pandas" is not a line count, and counting missing values is not "no missing values".
    ("In one line of pandas, make `na_counts`: a Series with the number of missing values in each column of "
     "`claims`, largest first, leaving `claims` untouched.", [
        {"kind": "binds", "target": "na_counts", "value": "Series", "phrase": "a Series"},
        {"kind": "sorted", "target": "na_counts", "value": {"by": None, "descending": True},
         "phrase": "largest first"},
        {"kind": "unchanged", "target": "claims", "value": None, "phrase": "leaving `claims` untouched"}]),
    # a `type` of 'bar' is not a bar chart, a `title` column is not a chart title, "no need to sort" is no order.
    ("Make `bar_venues`, a DataFrame of the rows of `venues` whose `type` is 'bar', with just the `title` and `city` "
     "columns; no need to sort it, and no chart.", [
        {"kind": "binds", "target": "bar_venues", "value": "DataFrame", "phrase": "a DataFrame"},
        {"kind": "filter", "target": "bar_venues", "value": "type == 'bar'", "phrase": "whose `type` is 'bar'"},
        {"kind": "columns", "target": "bar_venues", "value": ["title", "city"],
         "phrase": "just the `title` and `city` columns"}]),
    # "top up" is not a top N, and raising balances below 5 keeps those rows: it is not a filter.
    ("For `wallets`, top up every `balance` below 5 to exactly 5 and put the result in `wallets_fixed`, one row per "
     "`wallet_id`, with `balance` as a float; `wallets` must not be altered.", [
        {"kind": "one_row_per", "target": "wallets_fixed", "value": "wallet_id", "phrase": "one row per `wallet_id`"},
        {"kind": "dtype", "target": "wallets_fixed", "value": {"column": "balance", "type": "float"},
         "phrase": "`balance` as a float"},
        {"kind": "unchanged", "target": "wallets", "value": None, "phrase": "`wallets` must not be altered"}]),
    # ------------------------------------------------------------ Japanese, stated requirements
    ("`sales` から店舗 `store_id` ごとに1行の DataFrame `store_summary` を作ってください。列は `store_id`・`revenue`・"
     "`orders` の3つで、`revenue` の大きいものから並べてください。", [
        {"kind": "one_row_per", "target": "store_summary", "value": "store_id", "phrase": "店舗 `store_id` ごとに1行"},
        {"kind": "binds", "target": "store_summary", "value": "DataFrame", "phrase": "DataFrame `store_summary`"},
        {"kind": "columns", "target": "store_summary", "value": ["store_id", "revenue", "orders"],
         "phrase": "列は `store_id`・`revenue`・`orders` の3つ"},
        {"kind": "sorted", "target": "store_summary", "value": {"by": "revenue", "descending": True},
         "phrase": "`revenue` の大きいものから並べて"}]),
    ("プラン別の解約数を棒グラフにしてください。タイトルは「プラン別解約数」、y軸ラベルは「解約数」、Axes は `ax` に入れて、"
     "ファイルには保存しないでください。", [
        {"kind": "plot_kind", "target": "ax", "value": "bar", "phrase": "棒グラフ"},
        {"kind": "title", "target": "ax", "value": "プラン別解約数", "phrase": "タイトルは「プラン別解約数」"},
        {"kind": "ylabel", "target": "ax", "value": "解約数", "phrase": "y軸ラベルは「解約数」"},
        {"kind": "binds", "target": "ax", "value": "Axes", "phrase": "Axes は `ax` に入れて"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "ファイルには保存しないでください"}]),
    ("`deliveries` のうち `status` が '遅延' の行だけを `delayed` に入れ、`delay_min` の多い順に上位20件だけ残してください。"
     "`deliveries` 自体は元のままにしておいてください。", [
        {"kind": "filter", "target": "delayed", "value": "status == '遅延'", "phrase": "`status` が '遅延' の行だけ"},
        {"kind": "sorted", "target": "delayed", "value": {"by": "delay_min", "descending": True},
         "phrase": "`delay_min` の多い順に"},
        {"kind": "top", "target": "delayed", "value": 20, "phrase": "上位20件だけ残して"},
        {"kind": "unchanged", "target": "deliveries", "value": None,
         "phrase": "`deliveries` 自体は元のままにしておいてください"}]),
    ("社員ごとの残業時間を集計して、`emp_id` を index にした Series `overtime` にしてください。値は整数型で、"
     "欠損値なしでお願いします。", [
        {"kind": "index", "target": "overtime", "value": "emp_id", "phrase": "`emp_id` を index にした"},
        {"kind": "binds", "target": "overtime", "value": "Series", "phrase": "Series `overtime`"},
        {"kind": "dtype", "target": "overtime", "value": {"column": None, "type": "integer"}, "phrase": "値は整数型で"},
        {"kind": "no_missing", "target": "overtime", "value": None, "phrase": "欠損値なしでお願いします"}]),
    ("`prices` の終値 `close` を折れ線グラフで描いてください。x軸ラベルは「日付」、y軸ラベルは「終値（円）」、"
     "タイトルには「日経平均」を含めてください。", [
        {"kind": "plot_kind", "target": None, "value": "line", "phrase": "折れ線グラフ"},
        {"kind": "xlabel", "target": None, "value": "日付", "phrase": "x軸ラベルは「日付」"},
        {"kind": "ylabel", "target": None, "value": "終値（円）", "phrase": "y軸ラベルは「終値（円）」"},
        {"kind": "title", "target": None, "value": "日経平均", "phrase": "タイトルには「日経平均」を含めて"}]),
    ("`patients` の `birth_date` を日付型に、`patient_id` を文字列型に変換してください。元の CSV ファイルは上書きしないこと。", [
        {"kind": "dtype", "target": "patients", "value": {"column": "birth_date", "type": "datetime"},
         "phrase": "`birth_date` を日付型に"},
        {"kind": "dtype", "target": "patients", "value": {"column": "patient_id", "type": "string"},
         "phrase": "`patient_id` を文字列型に"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "元の CSV ファイルは上書きしないこと"}]),
    ("学生の点数 `score` のヒストグラムを描いてください。ビンは20個、x軸ラベルは「点数」、y軸ラベルは「人数」で、"
     "Figure は `fig` に入れてください。", [
        {"kind": "plot_kind", "target": "fig", "value": "hist", "phrase": "ヒストグラム"},
        {"kind": "bars", "target": "fig", "value": 20, "phrase": "ビンは20個"},
        {"kind": "xlabel", "target": "fig", "value": "点数", "phrase": "x軸ラベルは「点数」"},
        {"kind": "ylabel", "target": "fig", "value": "人数", "phrase": "y軸ラベルは「人数」"},
        {"kind": "binds", "target": "fig", "value": "Figure", "phrase": "Figure は `fig` に入れてください"}]),
    ("センサー `sensor_id` ごとに1行ずつ、最新の測定値をまとめた `latest` を作ってください。`sensor_id` は重複なし、"
     "`measured_at` は日付型にして、測定時刻 `measured_at` の新しい順に並べてください。", [
        {"kind": "one_row_per", "target": "latest", "value": "sensor_id", "phrase": "センサー `sensor_id` ごとに1行ずつ"},
        {"kind": "unique", "target": "latest", "value": "sensor_id", "phrase": "`sensor_id` は重複なし"},
        {"kind": "dtype", "target": "latest", "value": {"column": "measured_at", "type": "datetime"},
         "phrase": "`measured_at` は日付型にして"},
        {"kind": "sorted", "target": "latest", "value": {"by": "measured_at", "descending": True},
         "phrase": "測定時刻 `measured_at` の新しい順に並べて"}]),
    ("広告チャネル別の CV 数を横棒グラフにして、多い順に上から並べてください。棒は8本で、凡例は付けてください。", [
        {"kind": "plot_kind", "target": None, "value": "barh", "phrase": "横棒グラフ"},
        {"kind": "sorted", "target": None, "value": {"by": None, "descending": True}, "phrase": "多い順に上から並べて"},
        {"kind": "bars", "target": None, "value": 8, "phrase": "棒は8本"},
        {"kind": "legend", "target": None, "value": True, "phrase": "凡例は付けてください"}]),
    ("`matches` から `home_team` が 'FC東京' の試合だけを抜き出して `tokyo_home` にしてください。列は `date`・`opponent`・"
     "`score` の3列、`date` の古い順でお願いします。", [
        {"kind": "filter", "target": "tokyo_home", "value": "home_team == 'FC東京'",
         "phrase": "`home_team` が 'FC東京' の試合だけ"},
        {"kind": "columns", "target": "tokyo_home", "value": ["date", "opponent", "score"],
         "phrase": "列は `date`・`opponent`・`score` の3列"},
        {"kind": "sorted", "target": "tokyo_home", "value": {"by": "date", "descending": False},
         "phrase": "`date` の古い順"}]),
    ("引数を3つ（`price`, `qty`, `tax_rate`）取る関数 `line_total` を作ってください。ファイルには何も書き出さないでください。", [
        {"kind": "arity", "target": "line_total", "value": 3, "phrase": "引数を3つ"},
        {"kind": "binds", "target": "line_total", "value": "function", "phrase": "関数 `line_total`"},
        {"kind": "no_write", "target": None, "value": None, "phrase": "ファイルには何も書き出さないでください"}]),
    ("月ごとの MRR を `mrr_monthly` にまとめてください。ちょうど12行で、列は `month` と `mrr`、`month` は日付型にして "
     "`month` の昇順に並べ、欠損を除いた状態にしてください。", [
        {"kind": "length", "target": "mrr_monthly", "value": 12, "phrase": "ちょうど12行"},
        {"kind": "columns", "target": "mrr_monthly", "value": ["month", "mrr"], "phrase": "列は `month` と `mrr`"},
        {"kind": "dtype", "target": "mrr_monthly", "value": {"column": "month", "type": "datetime"},
         "phrase": "`month` は日付型にして"},
        {"kind": "sorted", "target": "mrr_monthly", "value": {"by": "month", "descending": False},
         "phrase": "`month` の昇順に並べ"},
        {"kind": "no_missing", "target": "mrr_monthly", "value": None, "phrase": "欠損を除いた状態にしてください"}]),
    ("倉庫 `warehouse` 別の在庫数を Series `stock_by_wh` にして、少ない順に並べ、トップ5だけにしてください。", [
        {"kind": "binds", "target": "stock_by_wh", "value": "Series", "phrase": "Series `stock_by_wh`"},
        {"kind": "sorted", "target": "stock_by_wh", "value": {"by": None, "descending": False},
         "phrase": "少ない順に並べ"},
        {"kind": "top", "target": "stock_by_wh", "value": 5, "phrase": "トップ5だけにしてください"}]),
    ("`applicants` と `interviews` を `applicant_id` で結合して `pipeline` を作ってください。`applicant_id` ごとに1行、"
     "`stage` に欠損がないこと。`applicants` と `interviews` は元のままにしてください。", [
        {"kind": "one_row_per", "target": "pipeline", "value": "applicant_id", "phrase": "`applicant_id` ごとに1行"},
        {"kind": "no_missing", "target": "pipeline", "value": "stage", "phrase": "`stage` に欠損がないこと"},
        {"kind": "unchanged", "target": "applicants", "value": None,
         "phrase": "`applicants` と `interviews` は元のままにしてください"},
        {"kind": "unchanged", "target": "interviews", "value": None,
         "phrase": "`applicants` と `interviews` は元のままにしてください"}]),
    ("部門別の予算と実績を棒グラフで比べたいです。棒は10本、x軸ラベルは「部門」、凡例ありで、Axes は `budget_ax` に"
     "入れてください。", [
        {"kind": "plot_kind", "target": "budget_ax", "value": "bar", "phrase": "棒グラフ"},
        {"kind": "bars", "target": "budget_ax", "value": 10, "phrase": "棒は10本"},
        {"kind": "xlabel", "target": "budget_ax", "value": "部門", "phrase": "x軸ラベルは「部門」"},
        {"kind": "legend", "target": "budget_ax", "value": True, "phrase": "凡例あり"},
        {"kind": "binds", "target": "budget_ax", "value": "Axes", "phrase": "Axes は `budget_ax` に"}]),
    ("外来データ `outpatient` の待ち時間 `wait` と診察時間 `consult` の散布図を描いてください。タイトルは"
     "「待ち時間と診察時間」、x軸は「待ち時間（分）」にしてください。", [
        {"kind": "plot_kind", "target": None, "value": "scatter", "phrase": "散布図"},
        {"kind": "title", "target": None, "value": "待ち時間と診察時間", "phrase": "タイトルは「待ち時間と診察時間」"},
        {"kind": "xlabel", "target": None, "value": "待ち時間（分）", "phrase": "x軸は「待ち時間（分）」"}]),
    ("`attendance` を 30 行 5 列の DataFrame `weekly_att` に整形してください。欠損値は0で埋めて、`attendance` は"
     "変更しないように。", [
        {"kind": "shape", "target": "weekly_att", "value": [30, 5], "phrase": "30 行 5 列"},
        {"kind": "binds", "target": "weekly_att", "value": "DataFrame", "phrase": "DataFrame `weekly_att`"},
        {"kind": "no_missing", "target": "weekly_att", "value": None, "phrase": "欠損値は0で埋めて"},
        {"kind": "unchanged", "target": "attendance", "value": None, "phrase": "`attendance` は変更しないように"}]),
    ("`energy` の `kwh` が 100 より大きい行だけを `peak` に入れて、`kwh` の降順に並べてください。`peak` の "
     "`recorded_at` は日付型にしてください。", [
        {"kind": "filter", "target": "peak", "value": "kwh > 100", "phrase": "`kwh` が 100 より大きい行だけ"},
        {"kind": "sorted", "target": "peak", "value": {"by": "kwh", "descending": True}, "phrase": "`kwh` の降順に並べて"},
        {"kind": "dtype", "target": "peak", "value": {"column": "recorded_at", "type": "datetime"},
         "phrase": "`recorded_at` は日付型にしてください"}]),
    ("開封率の高い順に上位10件のキャンペーンを DataFrame `top_open` にしてください。列は `campaign_id` と `open_rate` で、"
     "`open_rate` は浮動小数点型にしてください。", [
        {"kind": "sorted", "target": "top_open", "value": {"by": "open_rate", "descending": True},
         "phrase": "開封率の高い順に"},
        {"kind": "top", "target": "top_open", "value": 10, "phrase": "上位10件"},
        {"kind": "binds", "target": "top_open", "value": "DataFrame", "phrase": "DataFrame `top_open`"},
        {"kind": "columns", "target": "top_open", "value": ["campaign_id", "open_rate"],
         "phrase": "列は `campaign_id` と `open_rate`"},
        {"kind": "dtype", "target": "top_open", "value": {"column": "open_rate", "type": "float"},
         "phrase": "`open_rate` は浮動小数点型にしてください"}]),
    # ------------------------------------------------------------ Japanese, nothing checkable stated
    ("`visits` のデータから何か面白い傾向が見つかったら教えてください。", []),
    ("この売上データ、どう分析するのがよいと思いますか？", []),
    # ------------------------------------------------------------ Japanese, tricky
    # トップページ is a page name, not a top N; 並び順は気にしません asks for no order.
    ("`pageviews` のうちページ `page` が 'トップページ' の行だけを取り出して、日付 `date` ごとに1行の DataFrame "
     "`top_daily` にしてください。並び順は気にしません。", [
        {"kind": "filter", "target": "top_daily", "value": "page == 'トップページ'",
         "phrase": "ページ `page` が 'トップページ' の行だけ"},
        {"kind": "one_row_per", "target": "top_daily", "value": "date", "phrase": "日付 `date` ごとに1行"},
        {"kind": "binds", "target": "top_daily", "value": "DataFrame", "phrase": "DataFrame `top_daily`"}]),
]
