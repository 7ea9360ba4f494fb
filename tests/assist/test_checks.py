"""The static checks: syntax, names, columns, imports; each passing and failing."""

from __future__ import annotations

import pandas as pd
import pytest

from spark_nb.assist.checks import CheckResult, format_problems, static_checks
from spark_nb.assist.text import python_source


@pytest.fixture
def ns():
    sales = pd.DataFrame({"revenue": [1.0, 2.0], "region": ["n", "s"], "month": [1, 2]})
    return {"sales": sales, "total": 10, "items": [1, 2, 3]}


def failed(code, ns=None, check=None):
    """The failed results (of one check, if given)."""
    results = static_checks(code, ns or {})
    return [r for r in results if not r.passed and (check is None or r.name == check)]


def messages(code, ns=None, check=None):
    return [r.message for r in failed(code, ns, check)]


# --- results --------------------------------------------------------------------------

def test_clean_code_passes_every_check_once(ns):
    results = static_checks("x = total + 1\nprint(sales['revenue'].sum() + x)\n", ns)
    assert [(r.name, r.passed) for r in results] == [
        ("syntax", True), ("names", True), ("columns", True), ("overwrite", True),
        ("imports", True)]


def test_check_result_rejects_unknown_check_names():
    with pytest.raises(ValueError, match="unknown check"):
        CheckResult("spelling", True)


def test_format_problems_lists_failures_with_lines_only():
    results = [CheckResult("syntax", True),
               CheckResult("names", False, "name 'a' is not defined", 3),
               CheckResult("dry_run", False, "did not finish within 1 s (killed)")]
    assert format_problems(results) == (
        "- names (line 3): name 'a' is not defined\n"
        "- dry_run: did not finish within 1 s (killed)")
    assert format_problems([CheckResult("names", True)]) == ""


# --- syntax ---------------------------------------------------------------------------

def test_syntax_error_reports_line_and_stops_other_checks():
    results = static_checks("x = 1\ny = (2 +\nprint(undefined_name)\n", {})
    assert len(results) == 1
    assert results[0].name == "syntax" and not results[0].passed
    assert results[0].line == 2
    assert results[0].message == "'(' was never closed"
    assert format_problems(results) == "- syntax (line 2): '(' was never closed"


def test_null_byte_is_a_syntax_failure():
    [r] = static_checks("x = 1\0", {})
    assert r.name == "syntax" and not r.passed


def test_ipython_lines_do_not_fail_and_keep_line_numbers():
    code = "%matplotlib inline\n!ls -l\nsales?\n??len\nfor i in range(2):\n    %time i\nprint(nope)\n"
    results = static_checks(code, {"sales": 1})
    assert results[0].passed
    [names] = failed(code, {"sales": 1}, "names")
    assert names.line == 7


def test_magic_assignment_still_binds_the_name():
    assert failed("files = !ls\nprint(files)\nt = %timeit -o 1\nprint(t)\n") == []


def test_non_python_cell_magic_is_not_checked():
    assert failed("%%bash\nfor f in *; do echo $f; done\n") == []


def test_python_cell_magic_body_is_checked():
    assert messages("%%time\nprint(missing)\n", check="names") == ["name 'missing' is not defined"]


def test_valid_python_that_starts_with_percent_is_kept():
    code = "x = (7\n     % 3)\n"
    assert python_source(code) == code
    assert failed(code) == []


def test_comment_ending_in_question_mark_is_code():
    assert failed("x = 1  # why?\nprint(x)\n") == []


# --- names ----------------------------------------------------------------------------

def test_typo_is_reported_with_suggestion_from_namespace(ns):
    [r] = failed("print(totl)", ns)
    assert r.name == "names" and r.line == 1
    assert r.message == "name 'totl' is not defined (did you mean 'total'?)"
    assert r.details == {"name": "totl", "suggestion": "total"}


def test_suggestion_comes_from_names_defined_in_the_code():
    assert messages("average = 3\nprint(averge)") == [
        "name 'averge' is not defined (did you mean 'average'?)"]


def test_suggestion_prefers_case_insensitive_match():
    assert messages("print(Total)", {"total": 1, "Totals": 2}) == [
        "name 'Total' is not defined (did you mean 'total'?)"]


def test_builtin_typo_suggests_the_builtin():
    assert messages("prnt(1)") == ["name 'prnt' is not defined (did you mean 'print'?)"]


def test_each_undefined_name_reported_once_at_first_line():
    results = failed("a = zz\nb = zz\nc = zz + qq\n", check="names")
    assert [(r.details["name"], r.line) for r in results] == [("zz", 1), ("qq", 3)]


def test_module_level_use_before_definition_is_flagged():
    [r] = failed("print(x)\nx = 1\n")
    assert r.message == "name 'x' is used before it is assigned" and r.line == 1
    assert r.details["assigned_later"] is True


def test_function_body_may_use_names_defined_later():
    assert failed("def f():\n    return helper() + limit\ndef helper():\n    return 1\nlimit = 2\n") == []


def test_function_body_still_flags_names_defined_nowhere():
    [r] = failed("def f():\n    return nowhere\n")
    assert r.line == 2 and r.details["name"] == "nowhere"


def test_name_used_in_a_function_and_defined_later_reports_first_line():
    [r] = failed("def f():\n    return zz\nprint(zz)\n")
    assert r.line == 2


def test_self_reference_in_assignment_is_flagged():
    assert messages("x = x + 1") == ["name 'x' is used before it is assigned"]


def test_augmented_assignment_needs_the_name():
    assert messages("count += 1", check="names") == ["name 'count' is used before it is assigned"]
    assert failed("count = 0\ncount += 1") == []


def test_parameters_of_all_kinds_are_defined():
    code = "def f(a, /, b, *args, c, d=1, **kw):\n    return a, b, args, c, d, kw\n"
    assert failed(code) == []


def test_lambda_parameters_are_defined_only_inside():
    assert failed("f = lambda x, *r, k=1: x + k\n") == []
    assert messages("f = lambda x: x\nprint(x)\n") == ["name 'x' is not defined"]


def test_default_values_are_evaluated_at_definition():
    assert messages("def f(a=later):\n    return a\nlater = 1\n") == [
        "name 'later' is used before it is assigned"]


def test_comprehension_variable_does_not_leak():
    assert failed("squares = [i * i for i in range(3)]\n") == []
    assert messages("squares = [i * i for i in range(3)]\nprint(i)\n") == ["name 'i' is not defined"]


def test_nested_comprehension_sees_its_outer_variable():
    assert failed("pairs = {a: [b for b in range(a)] for a in range(3)}\n") == []
    assert failed("flat = [x for row in [[1]] for x in row if x]\n") == []


def test_comprehension_first_iterable_is_outside_its_scope():
    assert messages("out = [x for x in x]") == ["name 'x' is not defined"]


def test_walrus_in_comprehension_binds_outside():
    assert failed("if any((hit := v) > 1 for v in [1, 2]):\n    print(hit)\n") == []


def test_loop_targets_with_and_except_names_are_defined():
    code = ("for k, (a, *rest) in enumerate([[1, 2]]):\n    print(k, a, rest)\n"
            "with open(__name__) as fh:\n    pass\n"
            "try:\n    pass\nexcept ValueError as err:\n    print(err)\n")
    assert failed(code) == []


def test_loop_body_may_use_a_name_bound_later_in_the_loop():
    assert failed("for i in range(3):\n    if i:\n        print(prev)\n    prev = i\n") == []


def test_imports_bind_their_names():
    code = ("import os.path\nimport numpy as np\nfrom collections import Counter as C, deque\n"
            "print(os.sep, np, C, deque)\n")
    assert failed(code) == []
    assert messages("import os.path as osp\nprint(os)\n") == [
        "name 'os' is not defined (did you mean 'osp'?)"]


def test_star_import_gives_up_on_names():
    results = static_checks("from math import *\nprint(anything_at_all)\n", {})
    [names] = [r for r in results if r.name == "names"]
    assert names.status == "skipped" and not names.passed and "star import" in names.message


def test_class_and_function_names_are_bound():
    code = "class A:\n    n = 1\n    def m(self):\n        return A.n\ndef g():\n    return A()\nprint(A, g)\n"
    assert failed(code) == []


def test_class_body_names_are_invisible_inside_methods():
    assert messages("class A:\n    n = 1\n    def m(self):\n        return n\n") == [
        "name 'n' is not defined"]


def test_global_and_nonlocal():
    code = ("def setup():\n    global config\n    config = 1\nsetup()\nprint(config)\n"
            "def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n    return inner\n")
    assert failed(code) == []


def test_match_captures_are_bound():
    code = ("match {'k': [1, 2, 3]}:\n    case {'k': [first, *others], **extra}:\n"
            "        print(first, others, extra)\n    case [1, _] | (item as whole):\n        pass\n")
    assert failed(code) == []


def test_del_needs_the_name():
    assert messages("del ghost") == ["name 'ghost' is not defined"]
    assert failed("x = 1\ndel x\n") == []


def test_ipython_names_are_defined():
    assert failed("display(In, Out, _, _i3, _12)\nprint(get_ipython())\n") == []


def test_annotations_are_not_checked():
    assert failed("def f(x: Frame) -> Result:\n    return x\ny: Later = 1\n") == []


def test_names_in_namespace_are_defined(ns):
    assert failed("items.append(total)\n", ns) == []


# --- columns --------------------------------------------------------------------------

def test_missing_column_suggests_case_insensitive_match(ns):
    [r] = failed("sales['Revenue'].sum()", ns)
    assert r.name == "columns" and r.line == 1
    assert r.message == "'Revenue' is not a column of sales (did you mean 'revenue'?)"
    assert r.details == {"frame": "sales", "column": "Revenue", "suggestion": "revenue"}


def test_missing_column_suggests_close_match(ns):
    assert messages("sales['revnue']", ns) == [
        "'revnue' is not a column of sales (did you mean 'revenue'?)"]


def test_existing_columns_pass(ns):
    assert failed("sales['revenue']\nsales[['region', 'month']]\nsales[sales['month'] > 1]\n", ns) == []


def test_column_created_earlier_exists(ns):
    assert failed("sales['margin'] = sales['revenue'] * 0.2\nsales['margin'].mean()\n", ns) == []


def test_column_used_before_it_is_created_is_flagged(ns):
    assert messages("print(sales['margin'])\nsales['margin'] = 1\n", ns) == [
        "'margin' is not a column of sales"]


def test_list_of_columns_reports_the_missing_one(ns):
    assert messages("sales[['region', 'profit']]", ns) == ["'profit' is not a column of sales"]


def test_loc_column_is_checked_and_created(ns):
    assert messages("sales.loc[:, 'Region']", ns) == [
        "'Region' is not a column of sales (did you mean 'region'?)"]
    assert failed("sales.loc[sales['month'] > 1, 'flag'] = True\nsales.loc[:, 'flag']\n", ns) == []


def test_attribute_access_to_a_column(ns):
    assert failed("sales.revenue.sum()\nsales.shape\nsales.head()\n", ns) == []
    assert messages("sales.revnue.sum()", ns) == [
        "sales has no column or attribute 'revnue' (did you mean 'revenue'?)"]


def test_groupby_and_sort_values_by(ns):
    assert failed("sales.groupby('region').sum()\nsales.sort_values(by=['month'])\n", ns) == []
    assert messages("sales.groupby('Region')", ns) == [
        "'Region' is not a column of sales (did you mean 'region'?)"]
    assert messages("sales.sort_values(by='mnth')", ns) == [
        "'mnth' is not a column of sales (did you mean 'month'?)"]
    assert messages("sales.sort_values(['month', 'day'])", ns) == ["'day' is not a column of sales"]


def test_drop_and_pivot_keywords(ns):
    assert messages("sales.drop(columns=['region', 'zone'])", ns) == ["'zone' is not a column of sales"]
    assert messages("sales.pivot(index='month', columns='regoin', values='revenue')", ns) == [
        "'regoin' is not a column of sales (did you mean 'region'?)"]
    assert failed("sales.drop(0)\n", ns) == []  # a row label, not a column


def test_assign_creates_columns(ns):
    assert failed("sales = sales.assign(share=sales['revenue'] / 3)\nsales['share']\n", ns) == []


def test_column_keeping_reassignment_is_still_checked(ns):
    assert messages("sales = sales.dropna()\nsales['Month']\n", ns) == [
        "'Month' is not a column of sales (did you mean 'month'?)"]


def test_reassigned_frame_is_not_checked(ns):
    assert failed("sales = pd.read_csv('other.csv')\nsales['anything']\n", {**ns, "pd": pd}) == []


def test_rename_stops_checking_the_frame(ns):
    assert failed("sales = sales.rename(columns={'revenue': 'rev'})\nsales['rev']\n", ns) == []
    assert failed("sales.rename(columns={'revenue': 'rev'}, inplace=True)\nsales['rev']\n", ns) == []


def test_columns_assignment_stops_checking(ns):
    assert failed("sales.columns = ['a', 'b', 'c']\nsales['a']\n", ns) == []


def test_frame_passed_to_user_function_is_not_checked_after(ns):
    code = "def add(df):\n    df['extra'] = 1\nadd(sales)\nsales['extra2']\n"
    assert failed(code, ns) == []


def test_aliased_frame_is_not_checked_after(ns):
    assert failed("s = sales\ns['new'] = 1\nsales['new']\n", ns) == []


def test_function_bodies_are_not_checked_but_their_columns_count(ns):
    code = "def prep():\n    sales['ratio'] = 1\n    return sales['anything']\nprep()\nsales['ratio']\n"
    assert failed(code, ns) == []


def test_loop_may_use_a_column_created_later_in_the_loop(ns):
    code = "for i in range(2):\n    if i:\n        print(sales['prev'])\n    sales['prev'] = i\n"
    assert failed(code, ns) == []


def test_selecting_columns_narrows_the_frame(ns):
    assert messages("sales = sales[['region', 'revenue']]\nsales['month']\n", ns) == [
        "'month' is not a column of sales"]


def test_insert_creates_and_drop_axis_checks(ns):
    assert failed("sales.insert(0, 'rank', 1)\nsales['rank']\n", ns) == []
    assert messages("sales.drop('regio', axis=1)", ns) == [
        "'regio' is not a column of sales (did you mean 'region'?)"]


def test_augmented_column_assignment_needs_the_column(ns):
    assert messages("sales['bonus'] += 1", ns) == ["'bonus' is not a column of sales"]
    assert failed("sales['revenue'] *= 2", ns) == []


def test_at_accessor_is_checked(ns):
    assert messages("sales.at[0, 'revenu']", ns) == [
        "'revenu' is not a column of sales (did you mean 'revenue'?)"]


def test_multiindex_columns_use_the_first_level():
    wide = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("b", "y")]))
    assert failed("wide['a']\n", {"wide": wide}) == []
    assert messages("wide['c']\n", {"wide": wide}) == ["'c' is not a column of wide"]


def test_each_missing_column_reported_once(ns):
    assert len(failed("sales['x']\nsales['x']\nsales['y']\n", ns)) == 2


def test_objects_that_are_not_frames_are_ignored():
    assert failed("d['missing']\n", {"d": {"a": 1}}) == []
    assert failed("pd.DataFrame['x']\n", {"pd": pd}) == []


# --- imports --------------------------------------------------------------------------

def test_installed_imports_pass():
    assert failed("import json, os.path\nfrom collections import abc\nimport pandas as pd\n") == []


def test_missing_module_with_pip_name():
    [r] = failed("import sklearn.linear_model\n", check="imports")
    assert r.line == 1
    assert r.message == "module 'sklearn' is not installed; install it with %pip install scikit-learn"
    assert r.details == {"module": "sklearn", "pip": "scikit-learn"}


@pytest.mark.parametrize("module, pip", [("cv2", "opencv-python"), ("PIL", "pillow"),
                                         ("yaml", "pyyaml"), ("bs4", "beautifulsoup4")])
def test_well_known_pip_names(module, pip, monkeypatch):
    from spark_nb.assist import installed

    real = installed.spec_of
    monkeypatch.setattr(installed, "spec_of", lambda name: None if name == module else real(name))
    [r] = failed(f"from {module} import something\n", check="imports")
    assert r.message.endswith(f"%pip install {pip}")


def test_an_unknown_module_is_never_given_a_guessed_install():
    [r] = failed("import no_such_module_xyz\n", check="imports")
    assert r.details["pip"] is None and "%pip" not in r.message
    assert r.message == ("module 'no_such_module_xyz' is not installed, and no known package "
                         "provides it; check the name")


def test_import_check_does_not_import():
    import sys

    assert "this" not in sys.modules  # importing `this` would print the Zen of Python
    assert failed("import this\n") == []
    assert "this" not in sys.modules


def test_optional_imports_are_not_flagged():
    code = "try:\n    import ujson_not_here as json\nexcept ImportError:\n    import json\n"
    assert failed(code) == []


def test_relative_imports_are_skipped():
    assert failed("from . import sibling\nprint(sibling)\n", check="imports") == []


def test_overwriting_the_users_data_is_flagged():
    import pandas as pd

    ns = {"sales": pd.DataFrame({"revenue": [1.0]}), "n": 3}
    code = "import pandas as pd\nsales = pd.DataFrame({'revenue': [5.0]})\nprint(sales)"
    failed = [r for r in static_checks(code, ns) if not r.passed]
    assert [r.name for r in failed] == ["overwrite"]
    assert failed[0].line == 2 and "'sales'" in failed[0].message
    ok = ("sales = sales.dropna()\nn = 4\ntotal = sales['revenue'].sum()\n"
          "sales = pd.read_csv('sales.csv')")  # derived or loaded on request: allowed
    assert all(r.passed for r in static_checks(ok, {**ns, "pd": pd}))
    assert not all(r.passed for r in static_checks("sales = [1, 2, 3]", ns))


@pytest.mark.parametrize("request_text, names", [
    ("Compute the total and store it in `total_units`.", ["total_units"]),
    ("Sum the revenue into a variable named totals.", ["totals"]),
    ("salesをregionごとに集計してtotalsという変数に入れて", ["totals"]),
    ("price の平均を `avg_price` に入れてください。", ["avg_price"]),
    ("Add a column `revenue` to `sales` equal to units times price.", ["sales"]),
    ("Plot a bar chart of total units per product.", []),
])
def test_requested_names_are_read_from_the_request(request_text, names):
    from spark_nb.assist.checks.outputs import requested_names

    assert requested_names(request_text) == names


def test_outputs_check_wants_requested_new_variables_assigned():
    ns = {"sales": object()}
    missing = static_checks("sales.sum()", ns, "store it in `total_units`")
    assert [r.name for r in missing if not r.passed] == ["outputs"]
    assert "total_units" in missing[-1].message
    assert all(r.passed for r in static_checks("total_units = 3", ns, "store it in `total_units`"))
    # a column or key written as a string counts; an existing variable is never required
    assert all(r.passed for r in static_checks("sales['revenue'] = 1", {"sales": {}}, "add `revenue` to `sales`"))
    assert all(r.passed for r in static_checks("print(1)", ns, "show `sales`"))


def test_the_import_check_and_the_rules_agree_on_what_is_installed(tmp_path, monkeypatch):
    from spark_nb.assist import installed

    # a package whose __init__ would fail if it ran: finding it must not run it
    (tmp_path / "boom_pkg").mkdir()
    (tmp_path / "boom_pkg" / "__init__.py").write_text("raise RuntimeError('ran')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed.is_installed("boom_pkg") and not installed.is_installed("boom_pkg_nope")
    assert installed.is_installed("json.decoder") and not installed.is_installed("json.nope")
    results = static_checks("import boom_pkg\nimport boom_pkg_nope", {})
    imports = next(r for r in results if r.name == "imports")
    assert imports.failed and "boom_pkg_nope" in imports.message and "'boom_pkg'" not in imports.message
