"""The namespace -> context step: summaries, relevance, budget, and secrets withheld."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # headless test runs; must precede pyplot

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from spark_nb.context.builder import Context, build_context, summarize  # noqa: E402
from spark_nb.context.secrets import REDACTED, looks_secret_name, redact_text  # noqa: E402

# Fake credentials in real formats (AKIA…EXAMPLE is AWS's documented example key).
OPENAI_KEY = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")
PEM = ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6\n"
       "ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zk\n"
       "-----END RSA PRIVATE KEY-----")
# Distinctive pieces: if any survives into the prompt, the secret leaked (even clipped).
FRAGMENTS = ("A1b2C3d4E5f6", "IOSFODNN7", "eyJhbGciOiJIUzI1", "dozjgNryP4J3", "MIIEowIBAAKC",
             "hunter2", "s3cr3t-Pa55")


def sales_frame(rows: int = 12) -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.date_range("2024-01-01", periods=rows, freq="D"),
        "region": ["East", "West", "North"] * (rows // 3),
        "revenue": np.arange(rows) * 1.5,
        "units": np.arange(rows),
    })


def assert_no_secret(text: str) -> None:
    leaked = [f for f in FRAGMENTS if f in text]
    assert leaked == [], f"secret fragments in prompt text: {leaked}"


# --- summaries ---------------------------------------------------------------------


def test_dataframe_summary_has_shape_columns_dtypes_and_first_rows():
    s = summarize("sales", sales_frame())
    assert s.kind == "DataFrame"
    assert "12 rows x 4 columns" in s.text
    for column, dtype in [("date", "datetime64"), ("region", "str"), ("revenue", "float64"),
                          ("units", "int64")]:
        assert f"{column} ({dtype}" in s.text
    assert "East" in s.text and "West" in s.text and "North" in s.text  # rows 0..2
    assert "2024-01-03" in s.text and "2024-01-04" not in s.text  # only 3 rows shown
    assert "index" not in s.text.splitlines()[0]  # RangeIndex goes unmentioned


def test_dataframe_names_a_non_range_index_and_clips_long_cells():
    df = sales_frame().set_index("date")
    df["comment"] = "x" * 100
    s = summarize("daily", df)
    assert "index DatetimeIndex 'date'" in s.text
    assert "x" * 100 not in s.text and "x" * 29 + "…" in s.text


def test_wide_dataframe_lists_forty_columns_and_counts_the_rest():
    wide = pd.DataFrame(np.zeros((5, 200)), columns=[f"c{i}" for i in range(200)])
    text = summarize("wide", wide).text
    assert "c39 (float64)" in text and "c40 (" not in text
    assert "160 more" in text
    assert len(text) < 2000


def test_series_summary():
    s = summarize("rev", pd.Series([3.5, 1.0, 2.0, 8.0, 9.0, 10.0], name="revenue"))
    assert s.kind == "Series"
    assert "'revenue'" in s.text and "float64" in s.text and "6 values" in s.text
    assert "3.5, 1.0, 2.0, 8.0, 9.0" in s.text and "10.0" not in s.text


def test_ndarray_summary_has_shape_dtype_and_range():
    s = summarize("arr", np.array([[1, -7], [30, 4]]))
    assert s.kind == "ndarray"
    assert "shape (2, 2)" in s.text and "int64" in s.text
    assert "min -7" in s.text and "max 30" in s.text


def test_dict_summary_shows_keys_with_values_or_types():
    cfg = {"lr": 0.1, "epochs": 10, "data": sales_frame(), "names": ["a", "b"]}
    s = summarize("cfg", cfg)
    assert s.kind == "dict" and "4 keys" in s.text
    assert "'lr': 0.1" in s.text and "'epochs': 10" in s.text
    assert "'data': <DataFrame 12x4>" in s.text and "'names': <list of 2>" in s.text


@pytest.mark.parametrize("value, kind, expected", [
    (list(range(100)), "list", ["100 items", "0, 1, 2, 3, 4, …"]),
    (("a", 2), "tuple", ["2 items", "'a', 2"]),
    ({"only"}, "set", ["1 items", "'only'"]),
    ("word " * 100, "str", ["(length 500)"]),
    (42, "int", ["int = 42"]),
    (0.25, "float", ["float = 0.25"]),
    (True, "bool", ["bool = True"]),
])
def test_container_and_scalar_summaries(value, kind, expected):
    s = summarize("v", value)
    assert s.kind == kind
    for part in expected:
        assert part in s.text
    assert len(s.text) < 200


def test_function_and_class_summaries():
    def monthly_total(frame, column="revenue", *, freq="ME"):
        """Sum a column by month.

        Longer explanation that is not shown.
        """

    class Report(dict):
        """A report of results."""

    fn = summarize("monthly_total", monthly_total)
    assert fn.kind == "function"
    assert "monthly_total(frame, column='revenue', *, freq='ME')" in fn.text
    assert "Sum a column by month." in fn.text and "Longer" not in fn.text
    cls = summarize("Report", Report)
    assert cls.kind == "class" and "class Report(dict)" in cls.text


def test_summaries_never_repr_arbitrary_objects():
    class Connection:
        def __repr__(self):
            raise AssertionError("repr of a live object may be slow or have side effects")

    s = summarize("conn", Connection())
    assert s.kind == "other" and "Connection" in s.text


class Tripwire(pd.DataFrame):
    """A frame whose whole-data methods fail, to prove the summary does not scan it."""

    @property
    def _constructor(self):
        return Tripwire

    def _guard(self, method, args, kwargs):
        if len(self) > 1000:  # the 3-row head may use anything
            raise AssertionError(f"summary called {method} on the whole frame")
        return getattr(pd.DataFrame, method)(self, *args, **kwargs)


def _tripwire(method):
    return lambda self, *args, **kwargs: self._guard(method, args, kwargs)


for _method in ("describe", "memory_usage", "info", "to_string", "__repr__", "_repr_html_",
                "sum", "mean", "min", "max", "nunique", "value_counts", "isna", "copy",
                "to_numpy", "itertuples", "iterrows", "to_dict", "__iter__"):
    setattr(Tripwire, _method, _tripwire(_method))


def test_huge_dataframe_is_summarized_from_cheap_reads_only():
    n = 1_000_000
    big = Tripwire({"id": np.arange(n), "value": np.random.default_rng(0).random(n)})
    with pytest.raises(AssertionError):
        big.sum()  # the tripwire is live
    s = summarize("big", big)
    assert s.kind == "DataFrame"  # subclasses are still frames
    assert "1000000 rows x 2 columns" in s.text
    assert len(s.text) < 600


# --- the context -------------------------------------------------------------------


def test_modules_mapping_from_aliases_and_versions():
    import os.path

    ns = {"pd": pd, "np": np, "plt": plt, "os": os, "sales": sales_frame()}
    ctx = build_context(ns)
    assert ctx.modules == {"pd": "pandas", "np": "numpy", "plt": "matplotlib.pyplot",
                           "os": "os"}
    assert [v.name for v in ctx.variables] == ["sales"]
    assert ctx.versions["pandas"] == pd.__version__
    assert ctx.versions["numpy"] == np.__version__
    assert ctx.versions["matplotlib"] == matplotlib.__version__
    assert ctx.versions["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert "os" not in ctx.versions  # stdlib: no version worth stating
    text = ctx.render()
    assert "import pandas as pd" in text and "import matplotlib.pyplot as plt" in text
    for section in ("Imported modules:", "Variables:", "Library versions:"):
        assert section in text


def test_ipython_noise_is_skipped():
    class Autocall:
        pass

    Autocall.__module__ = "IPython.core.autocall"

    def display(*objs):
        pass

    display.__module__ = "IPython.core.display_functions"
    ns = {"In": ["", "x = 1"], "Out": {}, "_": 1, "__": 2, "_i1": "x = 1", "_oh": {},
          "get_ipython": lambda: None, "exit": Autocall(), "quit": Autocall(),
          "autocall": Autocall(), "display": display, "x": 1}
    ctx = build_context(ns)
    assert [v.name for v in ctx.variables] == ["x"]


def test_frame_named_in_an_english_request_ranks_first():
    ns = {"sales": sales_frame(), "costs": sales_frame(), "n": 3}
    ctx = build_context(ns, request="plot monthly totals of sales")
    assert ctx.variables[0].name == "sales"
    ctx = build_context(ns)  # without a mention, the newer frame leads
    assert ctx.variables[0].name == "costs"


def test_frame_named_in_a_japanese_request_ranks_first():
    ns = {"sales": sales_frame(), "costs": sales_frame()}
    ctx = build_context(ns, request="salesの売上を月ごとに集計して棒グラフにして")
    assert ctx.variables[0].name == "sales"


def test_frame_with_the_requested_column_ranks_before_an_unrelated_one():
    orders = pd.DataFrame({"revenue": [1.0], "region": ["East"]})
    people = pd.DataFrame({"name": ["Ann"], "age": [30]})
    ctx = build_context({"orders": orders, "people": people},
                        request="total revenue per month")
    assert [v.name for v in ctx.variables] == ["orders", "people"]
    jp = pd.DataFrame({"売上": [1.0]})
    ctx = build_context({"jp": jp, "people": people}, request="売上を月ごとに")
    assert ctx.variables[0].name == "jp"


def test_frames_rank_over_scalars_and_stopwords_promote_nothing():
    ns = {"df": sales_frame(), "a": 1, "threshold": 0.5}
    ctx = build_context(ns, request="plot a bar chart")
    assert [v.name for v in ctx.variables] == ["df", "threshold", "a"]


def test_budget_drops_the_least_relevant_variables_first():
    ns = {f"filler{i}": list(range(i, i + 50)) for i in range(30)}
    ns["sales"] = sales_frame()
    ns["tiny"] = 1
    ctx = build_context(ns, request="sales by region", budget_tokens=300)
    kept = [v.name for v in ctx.variables]
    assert "sales" in kept
    assert "tiny" in ctx.omitted and "filler0" in ctx.omitted
    assert set(kept).isdisjoint(ctx.omitted)
    assert len(ctx.omitted) + len(kept) == 32
    assert len(ctx.render()) // 4 + 1 <= 300
    assert f"({len(ctx.omitted)} more variables not shown)" in ctx.render()


def test_budget_uses_the_given_token_counter():
    ns = {f"v{i}": i for i in range(10)}
    counted = []

    def words(text: str) -> int:
        counted.append(text)
        return len(text.split())

    ctx = build_context(ns, budget_tokens=20, count_tokens=words)
    assert counted and words(ctx.render()) <= 20
    assert ctx.omitted and ctx.omitted[0] == "v0"  # oldest scalar goes first


def test_recent_cells_keep_the_last_five_clipped():
    cells = [(f"x{i} = {i}", f"out{i}") for i in range(8)]
    cells.append(("y = 1\n" + "# pad\n" * 300 + "y", "z" * 5000))
    ctx = build_context({}, cells=cells)
    assert [c[0] for c in ctx.cells[:4]] == ["x4 = 4", "x5 = 5", "x6 = 6", "x7 = 7"]
    source, output = ctx.cells[-1]
    assert source.startswith("y = 1") and source.endswith("y") and len(source) < 700
    assert len(output) < 700
    assert "Recent cells" in ctx.render() and "x3 = 3" not in ctx.render()


def test_budget_drops_oldest_cells_after_unrelated_variables():
    cells = [(f"step{i} = {i}  # " + "w" * 200, "") for i in range(5)]
    ns = {"sales": sales_frame(), "other": [1, 2, 3]}
    ctx = build_context(ns, request="sales", cells=cells, budget_tokens=330)
    assert "other" in ctx.omitted and "sales" not in ctx.omitted
    assert ctx.cells and ctx.cells[-1][0].startswith("step4")
    assert not any(src.startswith("step0") for src, _ in ctx.cells)


def test_render_of_an_empty_context_is_empty():
    assert Context().render() == ""


# --- secrets -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["API_KEY", "openai_token", "dbPassword", "apiKey",
                                  "private_key", "aws_secret", "user_pwd", "x_auth"])
def test_secret_looking_names_are_withheld(name):
    ctx = build_context({name: "s3cr3t-Pa55", "sales": sales_frame()})
    assert name in ctx.redacted
    # the name stays (the model may use the variable), the value never
    assert f"{name}: str = <redacted:{name}>" in ctx.render()
    assert_no_secret(ctx.render())


@pytest.mark.parametrize("name", ["author", "tokens", "keyboard", "passage", "authority"])
def test_ordinary_names_are_not_withheld(name):
    assert not looks_secret_name(name)
    ctx = build_context({name: "plain"})
    assert ctx.redacted == [] and ctx.variables[0].name == name


def test_code_named_like_a_secret_is_still_described():
    def get_token(user):
        """Fetch a token."""

    ctx = build_context({"get_token": get_token})
    assert ctx.variables[0].name == "get_token" and ctx.redacted == []


@pytest.mark.parametrize("value", [OPENAI_KEY, AWS_KEY, JWT, PEM, "Bearer " + JWT,
                                   "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"])
def test_credential_looking_values_are_withheld_in_innocent_names(value):
    ctx = build_context({"model_name": value, "n": 1})
    assert ctx.redacted == ["model_name"]
    assert "model_name: str = <redacted:model_name>" in ctx.render() and "n: int = 1" in ctx.render()
    assert value not in ctx.render()
    assert_no_secret(ctx.render())


def test_secrets_inside_a_dict_are_redacted():
    cfg = {"model": "gpt", "api_key": "s3cr3t-Pa55", "endpoint": OPENAI_KEY, "retries": 3}
    ctx = build_context({"cfg": cfg})
    text = ctx.render()
    assert_no_secret(text)
    assert "'model': 'gpt'" in text and "'retries': 3" in text and REDACTED in text
    assert "'api_key': <redacted:api_key>" in text
    assert ctx.redacted == ["cfg"]


def test_secrets_inside_dataframe_cells_are_redacted_before_clipping():
    users = pd.DataFrame({
        "user": ["ann", "bob", "cy"],
        "password": ["hunter2", "hunter2", "hunter2"],  # secret by column name
        "note": [JWT, "AWS " + AWS_KEY, "fine"],  # secret by value, longer than a cell
    })
    ctx = build_context({"users": users})
    text = ctx.render()
    assert_no_secret(text)
    assert "ann" in text and "fine" in text
    assert ctx.redacted == ["users"]


def test_secrets_in_recent_cells_are_redacted():
    cells = [
        ('client = OpenAI(api_key="' + OPENAI_KEY + '")', ""),
        ('API_KEY = "s3cr3t-Pa55"\nprint(len(API_KEY))', "11"),
        ("print(creds)", "{'password': 'hunter2', 'aws': '" + AWS_KEY + "'}"),
        ("x = 1", "1"),
    ]
    ctx = build_context({}, cells=cells)
    text = ctx.render()
    assert_no_secret(text)
    assert "client = OpenAI(api_key=" in text and "print(len(API_KEY))" in text
    assert ctx.redacted == ["cell[-4]", "cell[-3]", "cell[-2]"]


def test_function_defaults_holding_a_secret_are_redacted():
    def call(prompt, key=OPENAI_KEY):
        pass

    ctx = build_context({"call": call})
    assert "call(prompt, key=" in ctx.render()
    assert_no_secret(ctx.render())


@pytest.mark.parametrize("text", [
    "df.groupby('region')['revenue'].sum()", "data/2023/q4/sales_v2_final.parquet",
    "customer_lifetime_value_2023", "1.2345678901234567e-05", "pip install scikit-learn",
    "sk-learn-tutorial-notes", "Qwen2.5-Coder-0.5B-Instruct-GGUF", "2024-01-01T00:00:00.000",
])
def test_ordinary_text_is_left_alone(text):
    assert redact_text(text) == text


def test_context_module_imports_neither_ipython_nor_pandas():
    code = ("import sys, spark_nb.context.builder\n"
            "print(sorted(m for m in ('IPython', 'pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
