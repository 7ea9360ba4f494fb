"""Each requirement checked on what the dry run left: the namespace and the figures.

:class:`ChecklistProbe` runs in the sandboxed child after the code (a probe of
:func:`~spark_nb.assist.sandbox.run_sandboxed`) and answers, per requirement, "passed",
"failed" with what is wrong ("`ax` has no y-axis label", "`summary` lacks the column
`last_order`", "`df` was modified"), or "skipped" with why it could not be told (the
variable is of a kind the requirement does not apply to). It reads values, never calls
the user's own methods beyond pandas' and matplotlib's.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any, Callable, Mapping

Verdict = tuple[str, str]  # (status, message)
_KIND_TYPES = {"DataFrame": "a DataFrame", "Series": "a Series", "Axes": "an Axes", "Figure": "a Figure",
               "function": "a function", "scalar": "a number", "dict": "a dict", "list": "a list"}


class ChecklistProbe:
    """A dry-run probe: the verdict of every requirement, and the fingerprint when asked."""

    def __init__(self, requirements: list[dict], fingerprinter: Any = None) -> None:
        self.requirements = requirements
        self.fingerprinter = fingerprinter
        self._before: dict[str, str] = {}

    def before(self, ns: Mapping[str, Any]) -> None:
        for r in self.requirements:
            if r["kind"] == "unchanged" and r.get("target") in ns:
                self._before[r["target"]] = _digest(ns[r["target"]])
        if self.fingerprinter is not None:
            self.fingerprinter.before(ns)

    def __call__(self, ns: Mapping[str, Any]) -> dict:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            verdicts = []
            for r in self.requirements:
                try:
                    status, message = _check(r, ns, self._before)
                except Exception as exc:  # noqa: BLE001 - a value we cannot read is not a failure
                    status, message = "skipped", f"could not be read ({type(exc).__name__})"
                verdicts.append({"status": status, "message": message})
        fingerprint = self.fingerprinter(ns) if self.fingerprinter is not None else None
        return {"checklist": verdicts, "fingerprint": fingerprint}


def _check(r: dict, ns: Mapping[str, Any], before: dict[str, str]) -> Verdict:
    kind = r["kind"]
    if kind == "no_write":
        return "skipped", "checked from the files the dry run wrote"
    if kind == "unchanged":
        name = r.get("target")
        if name not in before:
            return "skipped", f"`{name}` is not in the kernel"
        same = name in ns and _digest(ns[name]) == before[name]
        return ("passed", f"`{name}` is as it was") if same else ("failed", f"`{name}` was modified")
    if kind in _CHART_DATA:
        value = ns.get(r["target"]) if r.get("target") else None
        ax = _axes(r.get("target"), ns) if value is None or _is(value, "Axes") or _is(value, "Figure") else None
        if ax is not None and (value is not None or r.get("target") is None):
            return _CHART_DATA[kind](r["value"], ax, _say(r))
    if kind in _CHART:
        ax = _axes(r.get("target"), ns)
        if ax is None:
            return "failed", "no chart was drawn" if r.get("target") is None else f"`{r['target']}` holds no Axes"
        return _CHART[kind](r["value"], ax, _say(r))
    name = r.get("target")
    if name is None:
        return "skipped", "the request names no variable to check it on"
    if name not in ns:
        return "failed", f"`{name}` was not made"
    return _DATA[kind](r["value"], ns[name], f"`{name}`")


def _say(r: dict) -> str:
    return f"`{r['target']}`" if r.get("target") else "the chart"


# -- data ---------------------------------------------------------------------------------
def _is(value: Any, kind: str) -> bool:
    import numbers
    import types

    cls = type(value)
    names = {c.__name__ for c in cls.__mro__}
    if kind in ("DataFrame", "Series", "Figure"):
        return kind in names
    if kind == "Axes":
        return "Axes" in names or "_AxesBase" in names
    if kind == "function":
        return isinstance(value, (types.FunctionType, types.BuiltinFunctionType)) or callable(value) and not isinstance(value, type)
    if kind == "scalar":
        return isinstance(value, numbers.Number) or "generic" in names
    return isinstance(value, {"dict": dict, "list": list}[kind])


def _binds(kind: str, value: Any, who: str) -> Verdict:
    if _is(value, kind):
        return "passed", f"{who} is {_KIND_TYPES[kind]}"
    return "failed", f"{who} is a {type(value).__name__}, not {_KIND_TYPES[kind]}"


def _columns(cols: list, value: Any, who: str) -> Verdict:
    have = list(getattr(value, "columns", []))
    if not have and not hasattr(value, "columns"):
        return "failed", f"{who} is a {type(value).__name__}, which has no columns"
    missing = [c for c in cols if c not in have and c != getattr(getattr(value, "index", None), "name", None)]
    if missing:
        return "failed", f"{who} lacks the column{'s' * (len(missing) > 1)} " + ", ".join(f"`{c}`" for c in missing)
    return "passed", f"{who} has the columns " + ", ".join(f"`{c}`" for c in cols)


def _index(col: str, value: Any, who: str) -> Verdict:
    index = getattr(value, "index", None)
    if index is None:
        return "failed", f"{who} has no index"
    names = [n for n in getattr(index, "names", [index.name]) if n is not None]
    if col in names:
        return "passed", f"{who} is indexed by `{col}`"
    return "failed", f"{who} is indexed by {', '.join(f'`{n}`' for n in names) or 'row numbers'}, not `{col}`"


def _length(n: int, value: Any, who: str) -> Verdict:
    size = len(value)
    return ("passed", f"{who} has {n} rows") if size == n else ("failed", f"{who} has {size} rows, not {n}")


def _shape(shape: list, value: Any, who: str) -> Verdict:
    got = tuple(getattr(value, "shape", ()))
    if got == tuple(shape):
        return "passed", f"{who} is {shape[0]}×{shape[1]}"
    return "failed", f"{who} is {'×'.join(map(str, got)) or 'not a table'}, not {shape[0]}×{shape[1]}"


def _arity(n: int, value: Any, who: str) -> Verdict:
    if not callable(value):
        return "failed", f"{who} is not a function"
    params = [p for p in inspect.signature(value).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(params) == n:
        return "passed", f"{who} takes {n} argument{'s' * (n != 1)}"
    return "failed", f"{who} takes {len(params)} argument{'s' * (len(params) != 1)}, not {n}"


def _ordered(value: Any, by: str | None) -> tuple[list | None, str]:
    """The values whose order is asked for, or None and why not."""
    if by is not None:
        if by in getattr(value, "columns", []):
            return list(value[by]), f"`{by}`"
        index = getattr(value, "index", None)
        if index is not None and by in [n for n in getattr(index, "names", []) if n]:
            return list(index.get_level_values(by)), f"`{by}`"
        return None, f"has no column `{by}`"
    if hasattr(value, "columns"):
        numeric = value.select_dtypes("number").columns
        if len(numeric) != 1:
            return None, "has several columns and the request says none to sort by"
        return list(value[numeric[0]]), f"`{numeric[0]}`"
    if isinstance(value, dict):
        return list(value.values()), "the values"
    return list(value), "the values"


def _sorted(spec: dict, value: Any, who: str) -> Verdict:
    values, what = _ordered(value, spec["by"])
    if values is None:
        return "skipped" if "several" in what else "failed", f"{who} {what}"
    return _in_order(values, spec["descending"], f"{what} of {who}")


def _in_order(values: list, descending: bool, who: str) -> Verdict:
    import math

    kept = [v for v in values if not (isinstance(v, float) and math.isnan(v))]
    pairs = list(zip(kept, kept[1:]))
    try:
        wrong = next((i for i, (a, b) in enumerate(pairs) if (a < b if descending else a > b)), None)
    except TypeError:
        return "skipped", f"{who} mixes values that cannot be compared"
    way = "from largest to smallest" if descending else "from smallest to largest"
    if wrong is None:
        return "passed", f"{who} run {way}"
    return "failed", f"{who} are not {way} (row {wrong + 1}: {_show(kept[wrong])} then {_show(kept[wrong + 1])})"


def _show(v: Any) -> str:
    """A value as a person reads it: 2, not np.int64(2)."""
    return repr(v.item() if hasattr(v, "item") and not isinstance(v, (str, bytes)) else v)


def _top(n: int, value: Any, who: str) -> Verdict:
    size = len(value)
    return ("passed", f"{who} keeps {n}") if size == n else ("failed", f"{who} has {size} rows, not the top {n}")


def _filter(query: str, value: Any, who: str) -> Verdict:
    if not hasattr(value, "query"):
        return "skipped", f"{who} is not a table, so the rows it kept cannot be checked"
    try:
        kept = value.query(query)
    except Exception as exc:  # noqa: BLE001 - a column the condition names is missing
        return "failed", f"{who} cannot be checked for {query} ({type(exc).__name__}: {exc})"
    bad = len(value) - len(kept)
    return ("passed", f"every row of {who} has {query}") if not bad else \
        ("failed", f"{bad} row{'s' * (bad > 1)} of {who} do not have {query}")


def _keys(col: str, value: Any) -> Any:
    if col in getattr(value, "columns", []):
        return value[col]
    index = getattr(value, "index", None)
    if index is not None and col in [n for n in getattr(index, "names", []) if n]:
        return index.get_level_values(col).to_series()
    return None


def _unique(col: str, value: Any, who: str, per_row: bool = False) -> Verdict:
    keys = _keys(col, value)
    if keys is None:
        return "failed", f"{who} has no column `{col}`"
    dup = keys[keys.duplicated()]
    if dup.empty:
        return "passed", f"{who} has one row per `{col}`" if per_row else f"`{col}` is unique in {who}"
    first = dup.iloc[0]
    count = int((keys == first).sum())
    return "failed", f"{who} has {count} rows for `{col}` {_show(first)}"


def _no_missing(col: str | None, value: Any, who: str) -> Verdict:
    data = value if col is None else _keys(col, value)
    if data is None:
        return "failed", f"{who} has no column `{col}`"
    isna = getattr(data, "isna", None)
    if isna is None:
        return "skipped", f"{who} is not a table or series"
    missing = int(isna().to_numpy().sum())
    where = f"`{col}` of {who}" if col else who
    return ("passed", f"{where} has no missing values") if not missing else \
        ("failed", f"{where} has {missing} missing value{'s' * (missing > 1)}")


def _dtype(spec: dict, value: Any, who: str) -> Verdict:
    import pandas.api.types as t

    tests = {"datetime": t.is_datetime64_any_dtype, "integer": t.is_integer_dtype, "float": t.is_float_dtype,
             "bool": t.is_bool_dtype, "string": lambda d: t.is_string_dtype(d) or t.is_object_dtype(d)}
    col = spec["column"]
    data = value if col is None else _keys(col, value)
    if data is None:
        return "failed", f"{who} has no column `{col}`"
    dtype = getattr(data, "dtype", None)
    where = f"`{col}` of {who}" if col else who
    if dtype is None:
        python = {"integer": int, "float": float, "bool": bool, "string": str}.get(spec["type"])
        ok = python is not None and isinstance(value, python)
        return ("passed" if ok else "failed"), f"{where} is a {type(value).__name__}"
    ok = tests[spec["type"]](dtype)
    return ("passed" if ok else "failed"), f"{where} is {dtype}" + ("" if ok else f", not {spec['type']}")


_DATA: dict[str, Callable[[Any, Any, str], Verdict]] = {
    "binds": _binds, "columns": _columns, "index": _index, "length": _length, "shape": _shape,
    "arity": _arity, "sorted": _sorted, "top": _top, "filter": _filter,
    "one_row_per": lambda col, v, who: _unique(col, v, who, per_row=True), "unique": _unique,
    "no_missing": _no_missing, "dtype": _dtype,
}


# -- charts -------------------------------------------------------------------------------
def _axes(target: str | None, ns: Mapping[str, Any]) -> Any:
    value = ns.get(target) if target else None
    if value is not None:
        if _is(value, "Axes"):
            return value
        if _is(value, "Figure"):
            return value.axes[0] if value.axes else None
        return None
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None or not plt.get_fignums():
        return None
    fig = plt.gcf()
    return fig.axes[0] if fig.axes else None


def _bars(ax: Any) -> list:
    from matplotlib.patches import Rectangle

    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _label(axis: str) -> Callable[[str, Any, str], Verdict]:
    def check(text: str, ax: Any, who: str) -> Verdict:
        got = (ax.get_xlabel() if axis == "x" else ax.get_ylabel()).strip()
        if " ".join(got.split()) == " ".join(text.split()):
            return "passed", f"the {axis}-axis of {who} reads {text!r}"
        return "failed", f"{who} has no {axis}-axis label" if not got else \
            f"the {axis}-axis of {who} reads {got!r}, not {text!r}"
    return check


def _title(text: str, ax: Any, who: str) -> Verdict:
    titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
    suptitle = getattr(ax.figure, "_suptitle", None)
    titles.append(suptitle.get_text() if suptitle is not None else "")
    if any(text.lower() in t.lower() for t in titles):
        return "passed", f"the title of {who} contains {text!r}"
    shown = next((t for t in titles if t), "")
    return "failed", f"{who} has no title" if not shown else f"the title of {who} is {shown!r}, without {text!r}"


def _legend(_value: Any, ax: Any, who: str) -> Verdict:
    if ax.get_legend() is not None or ax.figure.legends:
        return "passed", f"{who} has a legend"
    return "failed", f"{who} has no legend"


def _count(what: str) -> Callable[[int, Any, str], Verdict]:
    def check(n: int, ax: Any, who: str) -> Verdict:
        got = len(ax.get_lines()) if what == "lines" else len(_bars(ax))
        if got == n:
            return "passed", f"{who} has {n} {what}"
        return "failed", f"{who} has {got} {what}, not {n}"
    return check


def _kind_of(ax: Any) -> set[str]:
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Wedge

    kinds = set()
    bars = _bars(ax)
    if bars:
        wide = sum(b.get_width() > b.get_height() for b in bars)
        kinds.add("barh" if 2 * wide > len(bars) else "bar")
        gaps = sorted(bars, key=lambda b: b.get_x())
        touching = all(abs(a.get_x() + a.get_width() - b.get_x()) < 1e-9 for a, b in zip(gaps, gaps[1:]))
        if len(bars) > 1 and touching:
            kinds.add("hist")
    if any(len(line.get_xdata()) > 1 for line in ax.get_lines()):
        kinds.add("line")
    if any(isinstance(c, PathCollection) for c in ax.collections):
        kinds.add("scatter")
    if any(isinstance(p, Wedge) for p in ax.patches):
        kinds.add("pie")
    return kinds


def _plot_kind(kind: str, ax: Any, who: str) -> Verdict:
    if kind == "box":
        return "skipped", "a box plot is not recognised from its artists"
    kinds = _kind_of(ax)
    if kind in kinds or (kind == "bar" and "hist" in kinds):
        return "passed", f"{who} is a {kind} chart"
    return "failed", f"{who} is {' and '.join(sorted(kinds)) or 'empty'}, not a {kind} chart"


def _chart_sorted(spec: dict, ax: Any, who: str) -> Verdict:
    bars = _bars(ax)
    if not bars:
        return "skipped", f"{who} has no bars to read the order from"
    if "barh" in _kind_of(ax):  # read from the top down, as a person reads it
        values = [b.get_width() for b in sorted(bars, key=lambda b: -b.get_y())]
    else:
        values = [b.get_height() for b in sorted(bars, key=lambda b: b.get_x())]
    return _in_order(values, spec["descending"], f"the bars of {who}")


def _chart_top(n: int, ax: Any, who: str) -> Verdict:
    got = len(_bars(ax)) or len(ax.get_lines())
    return ("passed", f"{who} shows {n}") if got == n else ("failed", f"{who} shows {got}, not the top {n}")


_CHART: dict[str, Callable[[Any, Any, str], Verdict]] = {
    "xlabel": _label("x"), "ylabel": _label("y"), "title": _title, "legend": _legend,
    "lines": _count("lines"), "bars": _count("bars"), "plot_kind": _plot_kind,
}
_CHART_DATA = {"sorted": _chart_sorted, "top": _chart_top}


def _digest(value: Any) -> str:
    """A digest of a value's contents, to tell whether the code changed it in place."""
    from spark_nb.assist.fingerprint.compare import _identity
    from spark_nb.assist.fingerprint.values import _entry

    return repr(_identity(_entry(value)))
