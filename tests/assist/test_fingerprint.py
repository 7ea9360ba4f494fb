"""Fingerprints of what a dry run produced: real sandboxed runs against real pandas."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

from spark_nb.assist.dry_run import dry_run
from spark_nb.assist.fingerprint import Fingerprinter, describe, differences, key
from spark_nb.assist.sandbox import Snapshot, run_sandboxed

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the dry run needs fork")


@pytest.fixture
def ns():
    sales = pd.DataFrame({"region": ["east", "west", "east", "north"], "month": [1, 1, 2, 2],
                          "revenue": [10.0, 20.0, 5.0, 12.0]})
    return {"sales": sales, "pd": pd, "np": np}


def run(code: str, namespace: dict, **kw) -> tuple[dict, str]:
    r = dry_run(code, namespace, fingerprint=True, **kw)
    assert r.status == "passed", r.message
    return r.details["fingerprint"], r.details["output"]


def key_of(code: str, namespace: dict) -> str:
    return key(*run(code, namespace))


def test_a_series_and_a_frame_of_totals_get_different_keys(ns):
    series, _ = run('totals = sales.groupby("region")["revenue"].sum()', ns)
    frame, _ = run('totals = sales.groupby("region").sum()', ns)
    assert key(series) != key(frame)
    assert differences(series, frame) == ["totals"]
    assert describe(series).startswith("`totals` is a Series of 3 float64 values (revenue): east 15.0")
    assert describe(frame) == "`totals` is a DataFrame 3×2 (month, revenue)"
    assert series["names"]["totals"]["index"] == {"names": ["region"], "length": 3}


def test_the_same_values_from_different_code_get_the_same_key(ns):
    a = key_of('totals = sales.groupby("region")["revenue"].sum()', ns)
    b = key_of('totals = sales.groupby("region").revenue.sum()', ns)
    c = key_of('totals = sales.groupby("region").revenue.agg("sum")', ns)
    assert a == b == c


def test_an_in_place_change_shows_the_name_as_changed(ns):
    fp, _ = run('sales["x"] = 1', ns)
    entry = fp["names"]["sales"]
    assert entry["changed"] is True and entry["columns"] == ["region", "month", "revenue", "x"]
    assert describe(fp).startswith("`sales` (changed) is a DataFrame 4×4")
    dropped, _ = run('sales.drop(columns="month", inplace=True)', ns)
    assert dropped["names"]["sales"]["shape"] == [4, 2]


def test_a_name_the_code_only_reads_is_not_in_the_fingerprint(ns):
    fp, _ = run("n = len(sales)\nsales.drop(columns='month')\nsales.sort_values('revenue')", ns)
    assert list(fp["names"]) == ["n"]  # a method that returns a copy leaves `sales` as it was
    assert fp["names"]["n"] == {"type": "int", "hash": fp["names"]["n"]["hash"], "preview": "4"}


def test_floats_that_differ_at_1e_12_get_the_same_key(ns):
    a = key_of("x = 0.1 + 0.2\ny = np.array([1 / 3, 2.0])\nz = sales.revenue / 3", ns)
    b = key_of("x = 0.3 + 1e-12\ny = np.array([1 / 3 + 1e-13, 2.0])\nz = sales.revenue / 3 + 1e-12", ns)
    assert a == b
    assert a != key_of("x = 0.3001\ny = np.array([1 / 3, 2.0])\nz = sales.revenue / 3", ns)


def test_printed_output_counts():
    assert key_of("print(1)", {}) != key_of("print(2)", {})
    assert key(None, "a  \nb\n") == key({"names": {}, "figures": []}, "a\nb")
    assert key(None, "<object at 0x7f3a2b1c>") == key(None, "<object at 0x55d0e4f8>")
    warned = "<dry-run>:3: FutureWarning: use .agg\n/lib/x.py:9: UserWarning: odd\n  call()\n0.30000000000000004\n"
    assert key(None, warned) == key(None, "0.3")
    fp, out = run("print('hello')\nprint('world')", {})
    assert describe(fp, out) == "prints 2 lines: hello / world"
    assert describe(fp, out, japanese=True) == "2 行を出力: hello / world"


def test_a_chart_of_3_bars_differs_from_one_of_4():
    code = ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
            "ax.bar({cats}, {vals})\nax.set_title('Revenue')\n")
    three, out3 = run(code.format(cats=["a", "b", "c"], vals=[1, 2, 3]), {})
    four, out4 = run(code.format(cats=["a", "b", "c", "d"], vals=[1, 2, 3, 4]), {})
    assert key(three, out3) != key(four, out4) and differences(three, four) == ["figures"]
    [figure] = three["figures"]
    assert figure["kind"] == "bar" and figure["bars"] == 3 and figure["title"] == "Revenue"
    assert "draws a bar chart of 3 bars" in describe(three, out3)
    assert "棒グラフ（3 本）を描く" in describe(three, out3, japanese=True)
    assert three["names"]["ax"] == {"type": "Axes"}
    again, out = run(code.format(cats=["a", "b", "c"], vals=[1, 2, 3]), {})
    assert key(again, out) == key(three, out3)


def test_a_figure_open_before_the_run_counts_only_when_the_code_draws_on_it():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.figure()
    plt.plot([1, 2, 3])
    try:
        untouched, _ = run("x = 1", {"plt": plt})
        drawn, _ = run("plt.bar(['a', 'b'], [1, 2])", {"plt": plt})
    finally:
        plt.close("all")
    assert untouched["figures"] == []
    assert [f["kind"] for f in drawn["figures"]] == ["bar+line"]
    assert describe(drawn).startswith("draws a chart of 2 bars and 1 line")


def test_a_huge_frame_is_fingerprinted_within_a_second_or_two():
    n = 3_000_000
    rng = np.random.default_rng(0)
    big = pd.DataFrame({"region": rng.choice(["east", "west", "north"], n),
                        "month": rng.integers(1, 13, n), "revenue": rng.random(n)})
    started = time.perf_counter()
    fp, _ = run('big["double"] = big.revenue * 2\ncopy = big.assign(one=1)', {"big": big}, timeout=30)
    seconds = time.perf_counter() - started
    assert seconds < 3, seconds
    assert fp["names"]["big"]["shape"] == [n, 4] and fp["names"]["copy"]["shape"] == [n, 5]
    assert "/every " in fp["names"]["copy"]["hash"]  # a sample of the rows, not all of them


def test_an_object_whose_repr_raises_does_not_break_the_run():
    class Unprintable:
        def __repr__(self):
            raise RuntimeError("no repr")

        __str__ = __repr__

    namespace = {"Unprintable": Unprintable, "pd": pd}
    fp, _ = run("u = Unprintable()\nitems = [Unprintable(), 1]\n"
                "frame = pd.DataFrame({'o': [Unprintable(), Unprintable()]})", namespace)
    names = fp["names"]
    assert names["u"] == {"type": "tests.Unprintable"}  # a type it does not know: no hash, no repr
    assert names["items"]["preview"] == "[<tests.Unprintable>, 1]"
    assert names["frame"]["shape"] == [2, 1] and "hash" in names["frame"]
    assert describe(fp)


def test_the_snapshot_gives_the_same_fingerprint_as_run_sandboxed(ns):
    code = 'totals = sales.groupby("region")["revenue"].sum()\nsales["x"] = 1\nprint(totals.max())'
    direct = run_sandboxed(code, ns, fingerprint=True)
    with Snapshot(ns) as snap:
        through = dry_run(code, ns, fingerprint=True, runner=snap.run)
        plain = dry_run(code, ns, runner=snap.run)
    assert direct.status == through.status == "passed"
    assert through.details["fingerprint"] == direct.probe
    assert key(direct.probe, direct.output) == key(through.details["fingerprint"], through.details["output"])
    assert "fingerprint" not in plain.details


def test_without_fingerprint_the_result_is_as_before(ns):
    r = dry_run('totals = sales.groupby("region").sum()', ns)
    assert r.status == "passed" and "fingerprint" not in r.details
    assert run_sandboxed("x = 1", {}).probe is None
    with pytest.raises(ValueError):
        run_sandboxed("x = 1", {}, probe=lambda ns: 1, fingerprint=True)


def test_a_failed_run_has_no_fingerprint(ns):
    r = dry_run("totals = sales['nope']", ns, fingerprint=True)
    assert r.status == "failed" and "fingerprint" not in r.details


def test_a_probe_before_the_code_cannot_change_the_verdict():
    class Nosy:
        def before(self, ns):
            import socket

            socket.create_connection(("example.com", 80), timeout=1)

        def __call__(self, ns):
            return ns["x"]

    out = run_sandboxed("x = 41 + 1", {}, probe=Nosy())
    assert out.status == "passed" and out.refusals == [] and out.probe == 42


def test_the_names_the_code_may_bind_or_change():
    code = ("import os\nfrom math import pi\n"
            "a = 1\nb: int = 2\nc += 1\nd, (e, *f) = 1, (2, 3)\n"
            "for i in range(3):\n    g = i\n"
            "with open('x') as h:\n    pass\n"
            "def k(x):\n    local = x\n    return local\n"
            "class K:\n    attr = 1\n"
            "df['x'] = 1\nobj.attr.deep = 2\nitems.append(3)\nframe.fillna(0, inplace=True)\n"
            "rows.sort_values('x')\nif (m := 5):\n    pass\n")
    fp = Fingerprinter(code)
    assert fp.bound == ["a", "b", "c", "d", "e", "f", "g", "h", "k", "K", "m"]
    assert fp.loops == ["i"]
    assert fp.mutated == ["df", "obj", "items", "frame", "rows"]
    assert Fingerprinter("def broken(:\n").bound == []
    assert Fingerprinter("%timeit x = 1\ny = 2\n").bound == ["y"]


def test_functions_keep_their_signature_and_modules_and_classes_are_skipped():
    fp, _ = run("import json\ndef area(w, h=1):\n    return w * h\nclass Box:\n    pass\n"
                "box = Box()\n_hidden = 3\nsizes = {'b': 2.0000000001, 'a': [1, 2]}", {})
    assert fp["names"]["area"] == {"type": "function", "signature": "(w, h=1)"}
    assert set(fp["names"]) == {"area", "box", "sizes"}
    assert fp["names"]["sizes"]["preview"] == "{b: 2.0, a: [1, 2]}"
    assert key_of("sizes = {'a': [1, 2], 'b': 2.0}", {}) == key({"names": {"sizes": fp["names"]["sizes"]}})


def test_loop_variables_do_not_split_readings(ns):
    a = key_of("for r, g in sales.groupby('region'):\n    print(r, g.revenue.sum())", ns)
    b = key_of("for name, part in sales.groupby('region'):\n    print(name, part.revenue.sum())", ns)
    assert a == b


def test_describe_in_japanese_and_short():
    fp, out = run("import pandas as pd\n"
                  "totals = pd.Series([15.0, 20.0, 12.0], index=['east', 'west', 'north'], name='revenue')\n"
                  + "\n".join(f"column_number_{i} = pd.DataFrame({{'a' * 30: [1]}})" for i in range(8)), {})
    text = describe(fp, out, japanese=True)
    assert text.startswith("`totals` は 3 個の float64 値の Series（revenue）: east 15.0, west 20.0, north 12.0")
    assert len(describe(fp, out)) <= 200 and describe(fp, out).endswith("…")
    assert describe({"names": {}, "figures": []}) == "binds nothing, prints nothing, draws nothing"
