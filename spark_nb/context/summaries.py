"""One live variable -> a few lines of prompt text, from cheap reads only.

Only attribute reads, ``shape``, ``dtypes``, ``len`` of built-in containers and the first
rows or items are used: never ``repr`` of an arbitrary object, ``describe()`` or a full
scan of a large frame, because the kernel may hold gigabytes and the user is waiting.
pandas and numpy are recognized by their type's module, so nothing here imports them.
"""

from __future__ import annotations

import inspect
import itertools
import numbers
import sys
import types
import warnings
from dataclasses import dataclass
from typing import Any, Callable

from spark_nb.context.secrets import REDACTED, looks_secret, looks_secret_item, placeholder, redact_text

__all__ = ["VariableSummary", "is_noise", "kind_of", "summarize", "withheld"]

NOISE_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit"})
NOISE_MODULES = ("IPython", "ipykernel")
MAX_COLUMNS = 40  # columns listed with their dtype
TABLE_COLUMNS = 12  # columns in the first-rows table; wider tables cost too many tokens
TABLE_ROWS = 3
VALUE_CHARS = 30  # one table cell or container item
SCALAR_CHARS = 80
ITEMS = 5  # items of a list/Series/array shown
KEYS = 8  # keys of a dict shown
MINMAX_ELEMENTS = 1_000_000  # above this, min/max would scan too much memory
SCAN_CHARS = 1000  # how much of a string is searched for secrets before clipping


@dataclass
class VariableSummary:
    """One variable as the model sees it.

    ``kind`` is one of DataFrame, Series, ndarray, dict, list, tuple, set, str, int,
    float, bool, module, function, class, other. ``redacted`` is True when the value,
    or parts of it (dict values, table cells), were withheld as secrets.
    """

    name: str
    kind: str
    text: str
    relevance: float = 0.0
    redacted: bool = False


def is_noise(name: str, value: Any) -> bool:
    """IPython's own names and objects, which say nothing about the user's data."""
    if name.startswith("_") or name in NOISE_NAMES:
        return True
    if _module_of(type(value)).startswith(NOISE_MODULES):
        return True
    # `from IPython.display import display` binds a plain function from IPython
    is_code = isinstance(value, type) or inspect.isroutine(value)
    return is_code and str(getattr(value, "__module__", "") or "").startswith(NOISE_MODULES)


def kind_of(value: Any) -> str:
    """The summary kind of ``value`` (see :class:`VariableSummary`)."""
    cls = type(value)
    for package, name in (("pandas", "DataFrame"), ("pandas", "Series"), ("numpy", "ndarray")):
        if _is_a(cls, package, name):
            return name
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, type):
        return "class"
    if _is_a(cls, "numpy", "bool") or _is_a(cls, "numpy", "bool_"):
        return "bool"  # numpy's bool is no subclass of bool, nor registered as a number
    for types_, kind in _SIMPLE_KINDS:
        if isinstance(value, types_):
            return kind
    return "function" if inspect.isroutine(value) else "other"


_SIMPLE_KINDS = (
    (bool, "bool"), (numbers.Integral, "int"), (numbers.Real, "float"), (str, "str"),
    (dict, "dict"), (list, "list"), (tuple, "tuple"), ((set, frozenset), "set"),
)


def summarize(name: str, value: Any) -> VariableSummary | None:
    """Describe one variable, or None for modules and IPython noise.

    Modules belong in :attr:`Context.modules`. A secret is withheld: its summary names
    the variable and its kind, never its value (see :func:`withheld`).
    """
    kind = kind_of(value)
    if kind == "module" or is_noise(name, value):
        return None
    if looks_secret(name, value):
        return withheld(name, value)
    try:
        text = _SUMMARIZERS.get(kind, _other)(name, value)
    except Exception:  # an exotic subclass must not break context building
        text = _other(name, value)
    # a net under the per-cell checks: signatures' defaults, column and index names
    text = redact_text(text)
    return VariableSummary(name, kind, text, redacted=REDACTED in text)


def withheld(name: str, value: Any) -> VariableSummary:
    """A secret variable as the model sees it: ``API_KEY: str = <redacted:API_KEY>``.

    The name stays, so the model can use the variable (``OpenAI(api_key=API_KEY)``)
    instead of asking for the key or inventing one.
    """
    kind = kind_of(value)
    return VariableSummary(name, kind, f"{name}: {kind} = {placeholder(name)}", redacted=True)


def _frame(name: str, df: Any) -> str:
    rows, ncols = df.shape
    lines = [f"{name}: DataFrame, {rows} rows x {ncols} columns{_index_note(df.index)}"]
    columns = [f"{_clip(str(c), 40)} ({dtype})"
               for c, dtype in zip(df.columns[:MAX_COLUMNS], df.dtypes.iloc[:MAX_COLUMNS])]
    more = f", … and {ncols - MAX_COLUMNS} more" if ncols > MAX_COLUMNS else ""
    lines.append("  columns: " + ", ".join(columns) + more)
    if rows and ncols:
        shown = min(ncols, TABLE_COLUMNS)
        note = f" (first {shown} columns)" if ncols > shown else ""
        lines.append(f"  first rows{note}:")
        lines.extend("    " + row for row in _table(df.iloc[:TABLE_ROWS, :TABLE_COLUMNS]))
    return "\n".join(lines)


def _table(head: Any) -> list[str]:
    """A plain aligned text table; each cell clipped and checked for secrets."""
    names = [str(c) for c in head.columns]
    grid = [["", *(_clip(c, VALUE_CHARS) for c in names)]]
    for index, *values in head.itertuples(index=True, name=None):
        cells = [placeholder(c) if looks_secret_item(c, v) else _cell(v) for v, c in zip(values, names)]
        grid.append([_cell(index), *cells])
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in grid]


def _series(name: str, s: Any) -> str:
    label = f" {_clip(repr(s.name), 40)}" if s.name is not None else ""
    column = str(s.name) if s.name is not None else ""
    values = [placeholder(column) if column and looks_secret_item(column, v) else _cell(v)
              for v in s.iloc[:ITEMS].tolist()]
    more = ", …" if len(s) > ITEMS else ""
    return (f"{name}: Series{label}, {s.dtype}, {len(s)} values{_index_note(s.index)}: "
            + ", ".join(values) + more)


def _array(name: str, a: Any) -> str:
    text = f"{name}: ndarray, shape {tuple(a.shape)}, {a.dtype}"
    if a.dtype.kind in "iuf" and 0 < a.size <= MINMAX_ELEMENTS:
        np = sys.modules["numpy"]  # an ndarray exists, so numpy is imported
        with warnings.catch_warnings():  # an all-NaN array warns; "nan" says it anyway
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = (np.nanmin(a), np.nanmax(a)) if a.dtype.kind == "f" else (a.min(), a.max())
        text += f", min {_cell(low)}, max {_cell(high)}"
    if a.size:
        first = [_cell(v) for v in a.flat[:ITEMS].tolist()]  # flat: no copy of a big array
        text += ": " + ", ".join(first) + (", …" if a.size > ITEMS else "")
    return text


def _dict(name: str, d: dict) -> str:
    shown = []
    for key, value in itertools.islice(d.items(), KEYS):
        hide = isinstance(key, str) and looks_secret_item(key, value)
        shown.append(f"{_short(key)}: {placeholder(key) if hide else _short(value)}")
    more = ", …" if len(d) > KEYS else ""
    return f"{name}: {type(d).__name__}, {len(d)} keys: " + ", ".join(shown) + more


def _sequence(name: str, seq: Any) -> str:
    items = [_short(v) for v in itertools.islice(seq, ITEMS)]
    more = ", …" if len(seq) > ITEMS else ""
    return f"{name}: {type(seq).__name__}, {len(seq)} items: " + ", ".join(items) + more


def _scalar(name: str, value: Any) -> str:
    text = f"{name}: {type(value).__name__} = {_short(value, SCALAR_CHARS)}"
    return text + (f" (length {len(value)})" if isinstance(value, str) and
                   len(value) > SCALAR_CHARS else "")


def _function(name: str, fn: Any) -> str:
    try:
        signature = _clip(str(inspect.signature(fn)), 150)
    except (TypeError, ValueError):  # some builtins have no introspectable signature
        signature = "(…)"
    fn_name = getattr(fn, "__name__", name)
    return f"{name}: function {fn_name}{signature}{_doc_line(fn)}"


def _class(name: str, cls: type) -> str:
    bases = ", ".join(b.__name__ for b in cls.__bases__ if b is not object)
    return f"{name}: class {cls.__name__}" + (f"({bases})" if bases else "") + _doc_line(cls)


def _other(name: str, value: Any) -> str:
    cls = type(value)
    text = f"{name}: {cls.__name__} object (from {_module_of(cls)})"
    shape = getattr(value, "shape", None)  # tensors, polars frames: a cheap attribute
    return text + (f", shape {shape}" if isinstance(shape, tuple) else "")


_SUMMARIZERS: dict[str, Callable[[str, Any], str]] = {
    "DataFrame": _frame, "Series": _series, "ndarray": _array, "dict": _dict,
    "list": _sequence, "tuple": _sequence, "set": _sequence, "str": _scalar,
    "int": _scalar, "float": _scalar, "bool": _scalar, "function": _function,
    "class": _class,
}


def _short(value: Any, limit: int = VALUE_CHARS) -> str:
    """A bounded one-token view of an item: repr for scalars, type and size otherwise."""
    kind = kind_of(value)
    if kind == "str":
        # redact before clipping: a clipped key no longer looks like one
        return _clip(repr(redact_text(value[:SCAN_CHARS])[: limit + 2]), limit)  # never repr of 1 GB
    if kind in ("int", "float", "bool") or value is None:
        return _cell(value, limit)
    if kind in ("DataFrame", "ndarray"):
        return f"<{kind} {'x'.join(map(str, value.shape))}>"
    if kind in ("Series", "dict", "list", "tuple", "set"):
        return f"<{type(value).__name__} of {len(value)}>"
    if kind in ("function", "class"):
        return f"<{kind} {getattr(value, '__name__', '?')}>"
    return f"<{type(value).__name__}>"


def _cell(value: Any, limit: int = VALUE_CHARS) -> str:
    """A table cell or array item: str() (numpy 2 repr says np.float64(...)), clipped."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<int of {value.bit_length()} bits>"  # str() of a huge int is slow
    if isinstance(value, float) and len(repr(value)) > 12:
        text = f"{value:.6g}"  # 0.039147 says as much as 0.039147040690934 to a model
    else:
        text = str(value[:SCAN_CHARS]) if isinstance(value, str) else str(value)
    return _clip(redact_text(text).replace("\n", " "), limit)


def _index_note(index: Any) -> str:
    if type(index).__name__ == "RangeIndex":
        return ""
    label = f" {_clip(repr(index.name), 30)}" if index.name is not None else ""
    return f", index {type(index).__name__}{label} ({index.dtype})"


def _doc_line(obj: Any) -> str:
    doc = getattr(obj, "__doc__", None)
    lines = doc.strip().splitlines() if isinstance(doc, str) else []
    return f" — {_clip(lines[0].strip(), 100)}" if lines else ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_a(cls: type, package: str, name: str) -> bool:
    """Duck-typed isinstance: subclasses count, and the package need not be imported."""
    return any(c.__name__ == name and _module_of(c).split(".")[0] == package
               for c in cls.__mro__)


def _module_of(cls: type) -> str:
    return str(getattr(cls, "__module__", "") or "")
