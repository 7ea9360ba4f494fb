"""Rule fixes for syntax slips, moved imports, file encodings, files in subfolders and
names a function keeps to itself: each test runs a real failing cell, asks the rules and
runs the top fix, as in ``test_rules``.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from spark_nb.assist import rules
from spark_nb.assist.diagnose import context_from_text, diagnose
from spark_nb.assist.rules.error_context import ErrorContext
from tests.assist.test_rules import fixes_for, frame_ns, run, top


# --- syntax: each case is (cell, fixed cell, a variable the fixed cell sets, its value) ---

SYNTAX = [
    # expected ':'
    ("%matplotlib inline\nfor i in range(3)  # loop\n    last = i",
     "%matplotlib inline\nfor i in range(3):  # loop\n    last = i", "last", 2),
    ("売上 = 150\nif 売上 > 100\n    判定 = '多い'", "売上 = 150\nif 売上 > 100:\n    判定 = '多い'", "判定", "多い"),
    ("def double(x)\n    return 2 * x\ny = double(4)", "def double(x):\n    return 2 * x\ny = double(4)", "y", 8),
    # '=' where '==' was meant
    ("x = 1\nif x = 1:\n    hit = True", "x = 1\nif x == 1:\n    hit = True", "hit", True),
    ("%time\n値 = [1, 2, 1]\n一 = [v for v in 値 if v = 1]", "%time\n値 = [1, 2, 1]\n一 = [v for v in 値 if v == 1]",
     "一", [1, 1]),
    # a missing comma, or a missing ':' in a dict
    ("prices = {\n    'apple': 100\n    'orange': 80\n}", "prices = {\n    'apple': 100,\n    'orange': 80\n}",
     "prices", {"apple": 100, "orange": 80}),
    ("%matplotlib inline\n月 = [1 2 3]", "%matplotlib inline\n月 = [1, 2, 3]", "月", [1, 2, 3]),
    ("total = max(3 4)", "total = max(3, 4)", "total", 4),
    ("店舗 = {'東京' 1, '大阪': 2}", "店舗 = {'東京': 1, '大阪': 2}", "店舗", {"東京": 1, "大阪": 2}),
    # brackets
    ("total = sum([1, 2, 3]\nshown = total", "total = sum([1, 2, 3])\nshown = total", "shown", 6),
    ("data = dict(a=1,\n            b=2\nn = len(data)", "data = dict(a=1,\n            b=2)\nn = len(data)", "n", 2),
    ("合計 = sum([1, 2]))", "合計 = sum([1, 2])", "合計", 3),
    ("values = [1, 2]]\nn = len(values)", "values = [1, 2]\nn = len(values)", "n", 2),
    # indentation
    ("x = 1\n    y = x + 1\n    z = y + 1", "x = 1\ny = x + 1\nz = y + 1", "z", 3),
    ("%matplotlib inline\n    a = 1\n    b = a + 1", "%matplotlib inline\na = 1\nb = a + 1", "b", 2),
    ("def f():\nreturn 5\n\nv = f()", "def f():\n    return 5\n\nv = f()", "v", 5),
    ("合計 = 0\nfor i in range(3):\n        合計 += i\n    結果 = 合計", "合計 = 0\nfor i in range(3):\n        合計 += i\n結果 = 合計",
     "結果", 3),
    ("if True:\n\ta = 1\n    b = 2", "if True:\n    a = 1\n    b = 2", "b", 2),
    ("if True:\n\ta = 1\n        b = 2", "if True:\n        a = 1\n        b = 2", "b", 2),
    # full-width and typographic characters
    ("x = max（1, 2）", "x = max(1, 2)", "x", 2),
    ("# 全角のまま入力\n売上 ＝ ［１００， ２００］\n合計 = sum(売上)  # （円）",
     "# 全角のまま入力\n売上 = [100, 200]\n合計 = sum(売上)  # （円）", "合計", 300),
    ("%matplotlib inline\nif 1 ＞ 0：\n    ラベル = “高い”", "%matplotlib inline\nif 1 > 0:\n    ラベル = \"高い\"", "ラベル", "高い"),
    ("n = 1\u3000+ 2\ns = '全角　スペース'", "n = 1 + 2\ns = '全角　スペース'", "s", "全角　スペース"),
    # strings and print
    ("name = 'sales\nn = len(name)", "name = 'sales'\nn = len(name)", "n", 5),
    ("件数 = len('東京)", "件数 = len('東京')", "件数", 2),
    ("x = 3\nprint x", "x = 3\nprint(x)", "x", 3),
    ("%matplotlib inline\nprint '合計', 3  # 結果", "%matplotlib inline\nprint('合計', 3)  # 結果", None, None),
]


@pytest.mark.parametrize("src, fixed, name, value", SYNTAX)
def test_syntax_slip_is_repaired(src, fixed, name, value):
    fix = top(src)
    assert fix.rule == "syntax" and fix.source == fixed
    ns = run(fix.source, {})
    if name is not None:
        assert ns[name] == value


def test_syntax_explanations_name_the_line_and_the_characters():
    fix = top("x = 1\nif x = 1:\n    pass")
    assert fix.title == "compare with '=='" and "Line 2" in fix.explanation and "2 行目" in fix.explanation_ja
    fix = top("a = ［1， 2］")
    assert fix.title == "replace full-width `［` `，` `］` with ASCII"
    assert "`［` `，` `］`" in fix.explanation


def test_unindent_offers_both_enclosing_levels():
    fixes = fixes_for("if True:\n        a = 1\n    b = 2")
    assert [f.source for f in fixes] == ["if True:\n        a = 1\nb = 2", "if True:\n        a = 1\n        b = 2"]


def test_unindent_by_a_space_or_two_goes_to_the_nearest_level():
    fixes = fixes_for("t = 0\nfor i in range(3):\n    t += i\n   u = t")
    assert [f.source for f in fixes] == ["t = 0\nfor i in range(3):\n    t += i\n    u = t",
                                         "t = 0\nfor i in range(3):\n    t += i\nu = t"]


def test_block_body_of_a_loop_offers_one_line_then_the_run():
    fixes = fixes_for("t = 0\nfor i in range(3):\nt += i\nu = t")
    assert [f.source for f in fixes] == ["t = 0\nfor i in range(3):\n    t += i\nu = t",
                                         "t = 0\nfor i in range(3):\n    t += i\n    u = t"]
    assert run(fixes[0].source, {})["u"] == 3


@pytest.mark.parametrize("src", [
    "sales by region ->> df",
    "x = a -- b )(",
    "df.plot(kind= , x=)",
    "if x:",  # nothing to indent: adding `pass` would only hide the missing body
    "for 行 in 表 そして:\n    pass",
])
def test_garbled_cell_gets_no_syntax_fix(src):
    assert [f for f in fixes_for(src) if f.rule == "syntax"] == []


def test_syntax_error_read_from_text_without_the_exception():
    ctx = ErrorContext(source="%matplotlib inline\nif x > 1\n    y = 2", error_types=("SyntaxError", "Exception"),
                       message="expected ':' (<cell>, line 2)")
    assert rules.propose(ctx)[0].source == "%matplotlib inline\nif x > 1:\n    y = 2"


# --- moved imports --------------------------------------------------------------------

def test_collections_abc_names():
    fix = top("from collections import Iterable\nok = isinstance([1], Iterable)")
    assert fix.rule == "moved" and fix.title == "import `Iterable` from `collections.abc`"
    assert fix.source == "from collections.abc import Iterable\nok = isinstance([1], Iterable)"
    assert "collections.abc" in fix.explanation and run(fix.source, {})["ok"] is True


def test_names_still_in_place_stay_and_aliases_are_kept():
    src = "from collections import Mapping as M, OrderedDict\nd = OrderedDict(a=1)\nok = isinstance(d, M)"
    fix = top(src)
    assert fix.source == ("from collections import OrderedDict\nfrom collections.abc import Mapping as M\n"
                          "d = OrderedDict(a=1)\nok = isinstance(d, M)")
    assert run(fix.source, {})["ok"] is True


def test_json_normalize_moved_to_pandas():
    src = "from pandas.io.json import json_normalize\nflat = json_normalize([{'a': {'b': 1}}])"
    fix = top(src)
    assert fix.source == "from pandas import json_normalize\nflat = json_normalize([{'a': {'b': 1}}])"
    assert list(run(fix.source, {})["flat"].columns) == ["a.b"]


def test_module_that_moved_is_imported_from_its_new_place():
    src = "import pandas.util.testing as tm\ntm.assert_frame_equal(pd.DataFrame(), pd.DataFrame())"
    fix = top(src, frame_ns)
    assert fix.rule == "moved" and fix.source.startswith("import pandas.testing as tm\n")
    run(fix.source, frame_ns())


@pytest.mark.parametrize("src, fixed", [
    ("from numpy.linalg import dot\nv = dot([1, 2], [3, 4])", "from numpy import dot\nv = dot([1, 2], [3, 4])"),
    ("from collections.abc import OrderedDict\nv = OrderedDict(a=1)", "from collections import OrderedDict\nv = OrderedDict(a=1)"),
    ("from json.decoder import dumps\nv = dumps(1)", "from json import dumps\nv = dumps(1)"),
])
def test_name_found_in_a_parent_module(src, fixed):
    fix = top(src)
    assert fix.rule == "moved" and fix.source == fixed and "has it" in fix.explanation
    assert "v" in run(fix.source, {})


def test_name_found_nowhere_gets_no_fix():
    assert fixes_for("from collections import Frobnicate") == []
    assert [f.rule for f in fixes_for("import zqxjv_tools")] == ["modules"]


# --- no module of the user's is imported by a rule ----------------------------------------

_SIDE_EFFECT = """\
import os, pathlib
os.environ["SPARK_NB_SIDEFX_IMPORTED"] = __name__
pathlib.Path(os.environ["SPARK_NB_SIDEFX_MARKER"]).write_text(__name__)
"""


@pytest.fixture
def sidefx(tmp_path, monkeypatch):
    """A package on a temporary sys.path whose every module, when imported, leaves a mark."""
    root = tmp_path / "path"
    for rel in ("sidefx_pkg/__init__.py", "sidefx_pkg/sub.py", "sidefx_pkg/abc.py",
                "sidefx_pkg/inner/__init__.py", "sidefx_mod.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(_SIDE_EFFECT + "Thing = 1\nthing = 2\n")
    marker = tmp_path / "imported.txt"
    monkeypatch.setenv("SPARK_NB_SIDEFX_MARKER", str(marker))
    monkeypatch.delenv("SPARK_NB_SIDEFX_IMPORTED", raising=False)
    monkeypatch.syspath_prepend(str(root))
    yield root, marker
    for name in [n for n in sys.modules if n.startswith("sidefx_")]:
        del sys.modules[name]


def _text_ctx(source, error):
    return context_from_text(source, f"Cell In[1], line 1\n----> 1 {source}\n{error}")


def _assert_not_imported(marker):
    assert not marker.exists(), f"imported: {marker.read_text()}"
    assert "SPARK_NB_SIDEFX_IMPORTED" not in os.environ
    assert not [n for n in sys.modules if n.startswith("sidefx_")]


@pytest.mark.parametrize("source, error", [
    ("from sidefx_pkg.sub import Thnig", "ImportError: cannot import name 'Thnig' from 'sidefx_pkg.sub'"),
    ("from sidefx_pkg import Missing", "ImportError: cannot import name 'Missing' from 'sidefx_pkg'"),
    ("from sidefx_mod import Thnig", "ImportError: cannot import name 'Thnig' from 'sidefx_mod'"),
    ("import sidefx_pkg.innr as s", "ModuleNotFoundError: No module named 'sidefx_pkg.innr'"),
    ("import sidefx_pkg.inner.deep", "ModuleNotFoundError: No module named 'sidefx_pkg.inner.deep'"),
    ("from sidefx_pkg.gone import Thing", "ModuleNotFoundError: No module named 'sidefx_pkg.gone'"),
    ("import sidefx_pkgg", "ModuleNotFoundError: No module named 'sidefx_pkgg'"),
])
def test_rules_and_diagnose_never_import_a_module_named_in_the_error(sidefx, source, error):
    _, marker = sidefx
    rules.propose(_text_ctx(source, error))
    diagnose(source, f"Cell In[1], line 1\n{error}", use_model=False, dry_run="off")
    _assert_not_imported(marker)


def test_submodule_found_without_importing_its_package(sidefx):
    _, marker = sidefx
    fixes = rules.propose(_text_ctx("import sidefx_pkg.innr as s",
                                    "ModuleNotFoundError: No module named 'sidefx_pkg.innr'"))
    assert [f.source for f in fixes] == ["import sidefx_pkg.inner as s"]
    _assert_not_imported(marker)


def test_well_known_move_to_a_module_not_imported_yet_is_offered_unread(sidefx, monkeypatch):
    from spark_nb.assist.rules import moved

    _, marker = sidefx
    monkeypatch.setitem(moved.NAMES, ("sidefx_pkg.old", "thing"), ("sidefx_pkg.sub", "thing"))
    monkeypatch.setitem(moved.MODULES, "sidefx_pkg.older", "sidefx_pkg.inner")
    [fix] = [f for f in rules.propose(_text_ctx(
        "from sidefx_pkg.old import thing", "ImportError: cannot import name 'thing' from 'sidefx_pkg.old'"))
        if f.rule == "moved"]
    assert fix.source == "from sidefx_pkg.sub import thing"
    [fix] = [f for f in rules.propose(_text_ctx(
        "import sidefx_pkg.older as o", "ModuleNotFoundError: No module named 'sidefx_pkg.older'"))
        if f.rule == "moved"]
    assert fix.source == "import sidefx_pkg.inner as o"
    _assert_not_imported(marker)


def test_a_local_folder_named_like_a_move_target_is_not_imported(sidefx):
    # scipy.misc.imread moved to imageio.v2; here `imageio` is the user's own folder
    root, marker = sidefx
    if "imageio" in sys.modules:
        pytest.skip("imageio is already imported")
    (root / "imageio").mkdir()
    (root / "imageio" / "__init__.py").write_text(_SIDE_EFFECT)
    (root / "imageio" / "v2.py").write_text(_SIDE_EFFECT + "imread = 1\n")
    try:
        source = "from scipy.misc import imread"
        fixes = rules.propose(_text_ctx(source, "ImportError: cannot import name 'imread' from 'scipy.misc'"))
        assert "from imageio.v2 import imread" in [f.source for f in fixes]
        assert not marker.exists() and "imageio" not in sys.modules
    finally:
        for name in [n for n in sys.modules if n == "imageio" or n.startswith("imageio.")]:
            del sys.modules[name]


def test_the_side_effect_module_does_mark_when_it_is_imported(sidefx):
    # the detector works: importing (in another process) leaves the marks the tests look for
    root, marker = sidefx
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", "import sidefx_pkg.sub"], env=env, check=True, timeout=60)
    assert marker.read_text() == "sidefx_pkg.sub"


def test_spec_of_finds_modules_as_find_spec_does_without_importing(sidefx):
    from spark_nb.assist.installed import spec_of

    _, marker = sidefx
    assert spec_of("sidefx_pkg.inner").submodule_search_locations
    assert spec_of("sidefx_pkg.sub").origin.endswith("sub.py")
    assert spec_of("sidefx_pkg.nope") is None and spec_of("sidefx_mod.sub") is None
    assert spec_of("json.decoder") is not None and spec_of("no_such_top_level_xyz") is None
    _assert_not_imported(marker)


# --- encodings ------------------------------------------------------------------------

TABLE = "店舗,売上,地域\n東京本店,100,関東\n大阪支店,200,関西\n"


@pytest.fixture
def encoded(tmp_path, monkeypatch):
    for enc in ("cp932", "euc_jp", "utf-16", "utf-8-sig"):
        (tmp_path / f"{enc}.csv").write_bytes(TABLE.encode(enc))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def encoding_ns() -> dict:
    return {"pd": pd, "np": np, "pathlib": pathlib}


@pytest.mark.parametrize("src, fixed", [
    ("df = pd.read_csv('cp932.csv')", "df = pd.read_csv('cp932.csv', encoding='cp932')"),
    ('df = pd.read_csv("euc_jp.csv", sep=",")', 'df = pd.read_csv("euc_jp.csv", sep=",", encoding="euc_jp")'),
    ("df = pd.read_csv('utf-16.csv')", "df = pd.read_csv('utf-16.csv', encoding='utf-16')"),
    ("df = pd.read_csv('utf-8-sig.csv', encoding='cp932')", "df = pd.read_csv('utf-8-sig.csv', encoding='utf-8-sig')"),
])
def test_csv_read_with_the_encoding_the_file_has(encoded, src, fixed):
    fix = top(src, encoding_ns, cwd=str(encoded))
    assert fix.rule == "encoding" and fix.source == fixed
    assert list(run(fix.source, encoding_ns())["df"].columns) == ["店舗", "売上", "地域"]


def test_shift_jis_explanation_says_where_such_files_come_from(encoded):
    fix = top("df = pd.read_csv('cp932.csv')", encoding_ns, cwd=str(encoded))
    assert "Shift_JIS (cp932), as Excel on Japanese Windows saves CSV files" in fix.explanation
    assert "Shift_JIS" in fix.explanation_ja


def test_open_and_read_text_with_a_path_in_a_variable(encoded):
    fix = top("text = open('euc_jp.csv').read()", cwd=str(encoded))
    assert fix.source == "text = open('euc_jp.csv', encoding='euc_jp').read()"
    assert run(fix.source, {})["text"] == TABLE

    def make():
        return {**encoding_ns(), "path": encoded / "cp932.csv"}
    fix = top("%matplotlib inline\ntext = path.read_text()", make, cwd=str(encoded))
    assert fix.source == '%matplotlib inline\ntext = path.read_text(encoding="cp932")'
    assert run(fix.source, make())["text"] == TABLE


def test_bytes_read_in_binary_mode_get_no_encoding(encoded):
    assert fixes_for("t = open('cp932.csv', 'rb').read().decode()", cwd=str(encoded)) == []


def test_bytes_no_candidate_reads_get_no_fix(tmp_path, monkeypatch):
    (tmp_path / "noise.bin").write_bytes(bytes(range(0x80, 0x100)) * 4)
    monkeypatch.chdir(tmp_path)
    assert fixes_for("t = open('noise.bin').read()", cwd=str(tmp_path)) == []  # never latin-1


# --- files in subfolders --------------------------------------------------------------

@pytest.fixture
def nested(tmp_path, monkeypatch):
    (tmp_path / "データ").mkdir()
    (tmp_path / "データ" / "店舗一覧.csv").write_text("店舗,売上\n東京,1\n")
    (tmp_path / "data" / "raw" / "2024").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "2024" / "Sales.csv").write_text("a\n1\n")
    (tmp_path / "sale.csv").write_text("a\n2\n")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "hidden.csv").write_text("a\n3\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_file_in_a_subfolder(nested):
    fix = top("店舗 = pd.read_csv('店舗一覧.csv')", frame_ns, cwd=str(nested))
    assert fix.rule == "files" and fix.source == "店舗 = pd.read_csv('データ/店舗一覧.csv')"
    assert "`データ`" in fix.explanation and "`データ`" in fix.explanation_ja
    assert len(run(fix.source, frame_ns())["店舗"]) == 1


def test_exact_name_deep_below_ranks_above_a_respelling_here(nested):
    (nested / "data" / "raw" / "2024" / "sales.csv").write_text("a\n4\n")
    fixes = fixes_for("s = pd.read_csv('sales.csv')", frame_ns, cwd=str(nested))
    assert [f.source for f in fixes] == ["s = pd.read_csv('data/raw/2024/sales.csv')", "s = pd.read_csv('sale.csv')"]


def test_name_in_another_case_in_a_subfolder_of_the_folder_named(nested):
    fix = top("s = pd.read_csv('data/sales.csv')", frame_ns, cwd=str(nested))
    assert fix.source == "s = pd.read_csv('data/raw/2024/Sales.csv')"


def test_hidden_folders_are_not_searched(nested):
    assert fixes_for("t = open('hidden.csv').read()", cwd=str(nested)) == []


def test_search_of_subfolders_is_capped(tmp_path, monkeypatch):
    from spark_nb.assist.rules import files

    for i in range(30):
        folder = tmp_path / f"d{i:02d}"
        folder.mkdir()
        for j in range(100):
            (folder / f"f{j:03d}.txt").touch()
    monkeypatch.chdir(tmp_path)
    assert sum(len(names) for _, names in files._walk(str(tmp_path))) < files.MAX_ENTRIES
    fixes_for("open('zzzz_missing.csv')", cwd=str(tmp_path))  # must not fail nor hang


# --- names ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad, good", [("sales_df", "df_sales"), ("totalSales", "sales_total"),
                                       ("月別_売上", "売上_月別")])
def test_name_with_its_words_in_another_order(bad, good):
    fix = top(f"x = len({bad})", lambda: {good: [1, 2], "unrelated": 0})
    assert fix.rule == "names" and fix.source == f"x = len({good})"
    assert run(fix.source, {good: [1, 2]})["x"] == 2


def test_name_bound_only_inside_a_function_is_returned():
    src = "def load():\n    data = [3, 1, 2]\n    data.sort()\n\nload()\nfirst = data[0]"
    fix = top(src)
    assert fix.title == "return `data` from `load()`"
    assert fix.source == ("def load():\n    data = [3, 1, 2]\n    data.sort()\n    return data\n\n"
                          "data = load()\nfirst = data[0]")
    assert run(fix.source, {})["first"] == 1


def test_function_local_with_a_magic_and_a_comment():
    src = "%matplotlib inline\ndef 集計(n):\n    合計 = 0\n    for i in range(n):\n        合計 += i  # 足す\n集計(4)\nprint(合計)"
    fix = top(src)
    assert fix.source == ("%matplotlib inline\ndef 集計(n):\n    合計 = 0\n    for i in range(n):\n"
                          "        合計 += i  # 足す\n    return 合計\n合計 = 集計(4)\nprint(合計)")
    run(fix.source, {})


def test_function_that_already_returns_a_value_is_left_alone():
    src = "def load():\n    data = [1]\n    return len(data)\nload()\nx = data"
    assert all(f.title != "return `data` from `load()`" for f in fixes_for(src))
