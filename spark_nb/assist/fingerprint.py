"""What a dry run produced, as plain data: the names it bound or changed, its figures.

Candidates that all run can still disagree on what they compute. A
:class:`Fingerprinter` is a probe for :func:`~spark_nb.assist.sandbox.run_sandboxed`:
it reads the child's namespace before and after the code and describes each value the
code bound or changed by its type, shape and a digest of its contents (floats rounded
to 6 significant digits, so arithmetic noise does not split two readings). :func:`key`
turns a fingerprint and the printed output into a short key for grouping candidates,
:func:`describe` into one line a person can compare.

Reading runs in the child, after the user's code, so it never calls the user's own
methods (``repr``, ``__eq__``): an object of a type it does not know is recorded by
type alone. Its cost is bounded: a value of more than ``MAX_CELLS`` cells is hashed
from an evenly spaced sample of its rows.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import math
import re
import sys
import types
import warnings
from itertools import islice
from typing import Any, Iterator, Mapping

from spark_nb.assist.sandbox.inherited import Withheld

__all__ = ["MAX_CELLS", "Fingerprinter", "describe", "differences", "key"]

MAX_CELLS = 2_000_000
_PREVIEW = 120
_DIGITS = 6
# Methods that change their receiver (or, for pandas, do when given inplace=True): a
# statement such as ``df.drop(columns="x")`` without it is a common bug, and the digest
# taken before the run is what tells the two apart.
_MUTATORS = frozenset({
    "append", "extend", "update", "pop", "popitem", "insert", "remove", "discard", "add",
    "clear", "sort", "reverse", "setdefault", "drop", "drop_duplicates", "dropna", "rename",
    "fillna", "replace", "set_index", "reset_index", "sort_values", "sort_index", "interpolate",
    "clip", "where", "mask", "astype", "fill", "resize", "put", "itemset",
})
# Fields of an entry that say what a value *is*; the rest (preview, dtypes) only shows it.
_KEY_FIELDS = ("type", "shape", "columns", "name", "index", "hash", "signature", "error")
_FIGURE_KEY_FIELDS = ("kind", "hash", "error")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
# Lines that say how the code ran, not what it produced: Python warnings and matplotlib's
# notes about its cache folder (whose name is random), which the first import prints.
_NOISE = re.compile(r"^(\S+:\d+: \w*Warning: |Matplotlib (created a temporary|is building)"
                    r"|.* is not a writable directory)")
_LONG_FLOAT = re.compile(r"-?\d+\.\d{7,}(?:[eE][-+]?\d+)?")


class Fingerprinter:
    """A probe that fingerprints what ``code`` bound or changed in the namespace.

    :meth:`before` runs in the child before the code, :meth:`__call__` after it; the
    answer is ``{"names": {name: entry}, "figures": [entry, ...]}``, JSON-able.
    """

    def __init__(self, code: str) -> None:
        self.bound, self.loops, self.mutated = _candidates(code)
        self._keys: set[str] | None = None
        self._before: dict[str, tuple[int, tuple]] = {}
        self._figures: dict[int, str] = {}

    def before(self, ns: Mapping[str, Any]) -> None:
        """Record the namespace's names and digests of values the code may change in place."""
        with warnings.catch_warnings():  # what the probe sets off is not the code's output
            warnings.simplefilter("ignore")
            self._record(ns)

    def __call__(self, ns: Mapping[str, Any]) -> dict:
        """The fingerprint of the namespace after the code."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._fingerprint(ns)

    def _record(self, ns: Mapping[str, Any]) -> None:
        self._keys = set(ns)
        for name in [*self.bound, *self.mutated]:
            if name in ns and not name.startswith("_") and not _skipped(ns[name]):
                value = ns[name]
                self._before[name] = (id(value), _identity(_entry(value)))
        self._figures = {f["number"]: f.get("hash", "") for f in _figures()}

    def _fingerprint(self, ns: Mapping[str, Any]) -> dict:
        names: dict[str, dict] = {}
        for name in [*self.bound, *self.loops, *self.mutated]:
            if name in names or name.startswith("_") or name not in ns or _skipped(ns[name]):
                continue
            entry = self._read(name, ns[name])
            if entry is not None:
                names[name] = entry
        figures = [f for f in _figures() if self._figures.get(f["number"]) != f.get("hash", "")]
        for f in figures:
            f.pop("number", None)  # a figure's number depends on what ran before
        return {"names": names, "figures": figures}

    def _read(self, name: str, value: Any) -> dict | None:
        entry = _entry(value)
        existed = self._keys is not None and name in self._keys
        same = existed and self._before.get(name) == (id(value), _identity(entry))
        if same and name not in self.bound and name not in self.loops:
            return None  # only read, or a method that returned a copy
        if existed and not same and name not in self.loops:
            entry["changed"] = True
        if name in self.loops and name not in self.bound:
            entry["loop"] = True
        return entry


def key(fingerprint: dict | None, output: str = "") -> str:
    """A short hex key, equal for runs that produced the same values, figures and output.

    Loop variables, previews and dtypes are left out; printed output is compared with
    trailing spaces, object addresses and float noise normalised.
    """
    names = {n: _identity(e) for n, e in _names(fingerprint).items()}
    text = json.dumps({"names": sorted(names.items()), "figures": _figure_identities(fingerprint),
                       "output": _normal_output(output)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def differences(a: dict | None, b: dict | None) -> list[str]:
    """The names whose entries differ between two fingerprints ("figures" if those do)."""
    na, nb = _names(a), _names(b)
    out = [n for n in dict.fromkeys([*na, *nb])
           if n not in na or n not in nb or _identity(na[n]) != _identity(nb[n])]
    if _figure_identities(a) != _figure_identities(b):
        out.append("figures")
    return out


def describe(fingerprint: dict | None, output: str = "", japanese: bool = False) -> str:
    """One line (at most 200 characters) saying what a run produced, for comparing readings."""
    parts = [_say_name(n, e, japanese) for n, e in _names(fingerprint).items()]
    lines = [line for line in _normal_output(output).splitlines() if line.strip()]
    if lines:
        shown = _clip(" / ".join(lines[:2]), 60) + (" / …" if len(lines) > 2 else "")
        parts.append(f"{len(lines)} 行を出力: {shown}" if japanese
                     else f"prints {len(lines)} line{'s' if len(lines) != 1 else ''}: {shown}")
    parts += [_say_figure(f, japanese) for f in (fingerprint or {}).get("figures") or []]
    if not parts:
        return "名前も出力も図も作らない" if japanese else "binds nothing, prints nothing, draws nothing"
    return _clip("; ".join(parts), 200)


def _names(fingerprint: dict | None) -> dict:
    """The entries that take part in comparing runs: loop variables are the code's own business."""
    names = (fingerprint or {}).get("names") or {}
    return {n: e for n, e in names.items() if not e.get("loop")}


def _figure_identities(fingerprint: dict | None) -> list:
    return [[f.get(k) for k in _FIGURE_KEY_FIELDS] for f in (fingerprint or {}).get("figures") or []]


# --- which names the code may bind or change (read from its syntax tree) ---

def _candidates(code: str) -> tuple[list[str], list[str], list[str]]:
    """(bound, loop targets, maybe changed in place), each in source order, from the code."""
    from spark_nb.assist.text import python_source

    try:
        tree = ast.parse(python_source(code))
    except (SyntaxError, ValueError):
        return [], [], []
    bound: dict[str, None] = {}
    loops: dict[str, None] = {}
    mutated: dict[str, None] = {}
    for node in _module_scope(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] = None
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _stores(node.target, loops, mutated)
        elif isinstance(node, ast.NamedExpr):
            _stores(node.target, bound, mutated)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            _stores(node.optional_vars, bound, mutated)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound[node.name] = None
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound[node.rest] = None
        elif not isinstance(node, ast.Delete):
            for target in _targets(node):
                _stores(target, bound, mutated)
    for node in ast.walk(tree):  # function bodies too: a function may change a global
        for target in _targets(node):
            if isinstance(node, ast.Delete) or isinstance(target, (ast.Subscript, ast.Attribute)):
                _mark(_root(target), mutated)
        if isinstance(node, ast.Global):
            mutated.update(dict.fromkeys(node.names))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _changes_receiver(node):
            _mark(_root(node.func.value), mutated)
    return list(bound), [n for n in loops if n not in bound], [n for n in mutated if n not in bound]


def _module_scope(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node whose names bind at module level (not inside a def, class or lambda)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AugAssign) or (isinstance(node, ast.AnnAssign) and node.value is not None):
        return [node.target]
    if isinstance(node, ast.Delete):
        return node.targets
    return []


def _stores(target: ast.expr, names: dict, mutated: dict) -> None:
    """Names a target binds into ``names``; the root of ``x[...] =`` / ``x.a =`` into ``mutated``."""
    if isinstance(target, ast.Name):
        names[target.id] = None
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _stores(element, names, mutated)
    elif isinstance(target, ast.Starred):
        _stores(target.value, names, mutated)
    elif isinstance(target, (ast.Subscript, ast.Attribute)):
        _mark(_root(target), mutated)


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _mark(name: str | None, names: dict) -> None:
    if name:
        names[name] = None


def _changes_receiver(call: ast.Call) -> bool:
    inplace = any(k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True
                  for k in call.keywords)
    return inplace or call.func.attr in _MUTATORS


# --- one value -> its entry ---

def _skipped(value: Any) -> bool:
    """Modules, classes and the kernel's withheld connections are not what code produces."""
    return type(value) is Withheld or isinstance(value, (types.ModuleType, type))


def _entry(value: Any) -> dict:
    """``{"type", "shape", "hash", "preview", ...}`` for one value; never raises."""
    kind = _type_name(value)
    try:
        reader = _READERS.get(_family(value))
        entry = {"type": kind, **(reader(value) if reader else _plain(value))}
    except Exception as exc:  # noqa: BLE001 - a value that cannot be read is recorded as such
        return {"type": kind, "error": _error(exc)}
    return entry


def _identity(entry: dict) -> tuple:
    return tuple(json.dumps(entry.get(k), sort_keys=True, default=str) for k in _KEY_FIELDS)


def _module(cls: type) -> str:
    module = getattr(cls, "__module__", None)
    return module.split(".")[0] if isinstance(module, str) else ""


def _family(value: Any) -> str:
    module = _module(type(value))
    pd = sys.modules.get("pandas") if module == "pandas" else None
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            return "frame"
        if isinstance(value, (pd.Series, pd.Index)):
            return "series"
    np = sys.modules.get("numpy") if module == "numpy" else None
    if np is not None and isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "function"
    if module == "matplotlib":
        return "opaque"  # drawn figures are read from the figure list, not from names
    return ""


def _type_name(value: Any) -> str:
    """A readable type: numpy scalars as Python's, matplotlib Axes subclasses as "Axes"."""
    cls = type(value)
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "function"
    module = _module(cls)
    np = sys.modules.get("numpy") if module == "numpy" else None
    if np is not None and isinstance(value, np.generic):
        for base, name in ((np.bool_, "bool"), (np.integer, "int"), (np.floating, "float"), (np.str_, "str")):
            if isinstance(value, base):
                return name
    if module == "matplotlib":
        names = [c.__name__ for c in cls.__mro__]
        return next((n for n in ("Figure", "Axes") if n in names), cls.__name__)
    if module in ("builtins", "__main__", "pandas", "numpy"):
        return cls.__name__
    return f"{module}.{cls.__name__}"


def _plain(value: Any) -> dict:
    """Scalars and containers: a canonical text with floats rounded; other objects: type only."""
    if not _known(value):
        return {}
    entry: dict = {"hash": _digest(_canon(value))}
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        entry["shape"] = [len(value)]
    entry["preview"] = _preview_plain(value)
    return entry


def _frame(df: Any) -> dict:
    sample, step = _sample_rows(df, df.shape[0] * max(df.shape[1], 1))
    h = hashlib.sha256(json.dumps([str(c) for c in df.columns]).encode())
    h.update(_index_hash(sample.index))
    for i in range(sample.shape[1]):
        h.update(_column_hash(sample.iloc[:, i]))
    cols = [str(c) for c in df.columns]
    dtypes = dict(zip(cols[:50], map(str, df.dtypes.iloc[:50])))
    return {"shape": list(df.shape), "columns": cols[:50], "dtypes": dtypes, "index": _index_info(df.index),
            "hash": _hex(h, step), "preview": _preview_frame(df)}


def _series(s: Any) -> dict:
    pd = sys.modules["pandas"]
    if isinstance(s, pd.Index):
        sample, step = _sample_rows(s, len(s))
        h = hashlib.sha256(_index_hash(sample))
        return {"shape": [len(s)], "dtypes": str(s.dtype), "name": _name(s.names if s.nlevels > 1 else s.name),
                "hash": _hex(h, step), "preview": _clip(", ".join(_cell(v) for v in s[:3]) + _more(len(s)))}
    sample, step = _sample_rows(s, len(s))
    h = hashlib.sha256(_index_hash(sample.index))
    h.update(_column_hash(sample))
    return {"shape": [len(s)], "dtypes": str(s.dtype), "name": _name(s.name), "index": _index_info(s.index),
            "hash": _hex(h, step), "preview": _preview_series(s)}


def _array(a: Any) -> dict:
    np = sys.modules["numpy"]
    step = max(1, math.ceil(a.size / MAX_CELLS))
    flat = a.reshape(-1)[::step] if a.flags.c_contiguous else a.flat[::step]
    h = hashlib.sha256(repr(a.shape).encode())
    if flat.dtype.kind == "O":
        h.update(_canon(flat.tolist()).encode())
    else:
        h.update(np.ascontiguousarray(_rounded(flat)).tobytes())
    return {"shape": list(a.shape), "dtypes": str(a.dtype), "hash": _hex(h, step),
            "preview": _clip("[" + ", ".join(_cell(v) for v in a.flat[:3]) + _more(a.size) + "]")}


def _function(f: Any) -> dict:
    try:
        return {"signature": str(inspect.signature(f))}
    except (TypeError, ValueError):
        return {}


_READERS = {"frame": _frame, "series": _series, "array": _array, "function": _function,
            "opaque": lambda value: {}}


# --- hashing pieces ---

def _sample_rows(obj: Any, cells: int) -> tuple[Any, int]:
    """Every ``step``-th row, so at most ``MAX_CELLS`` cells are hashed."""
    step = max(1, math.ceil(cells / MAX_CELLS))
    if step == 1:
        return obj, 1
    return (obj.iloc[::step] if hasattr(obj, "iloc") else obj[::step]), step


def _column_hash(column: Any) -> bytes:
    """A digest of one pandas column's values (floats rounded), in order."""
    pd = sys.modules["pandas"]
    if column.dtype.kind == "f":
        values = _rounded(column.to_numpy(dtype="float64", na_value=float("nan")))
        return pd.util.hash_array(values).tobytes()
    try:
        return pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes()
    except Exception:  # noqa: BLE001 - objects pandas cannot hash: by our canonical text instead
        return _canon(column.tolist()).encode("utf-8", "surrogatepass")


def _index_hash(index: Any) -> bytes:
    pd = sys.modules["pandas"]
    if index.dtype.kind == "f":
        return pd.util.hash_array(_rounded(index.to_numpy(dtype="float64"))).tobytes()
    return pd.util.hash_pandas_object(index).to_numpy().tobytes()


def _rounded(values: Any) -> Any:
    """Floats rounded to 6 significant digits, one NaN and one zero; other dtypes as int64 or as they are."""
    np = sys.modules["numpy"]
    kind = values.dtype.kind
    if kind in "iub":
        return values.astype(np.int64)
    if kind in "mM":
        return values.view(np.int64)
    if kind != "f":
        return values
    out = values.astype(np.float64)  # a copy: the caller's array is never changed
    finite = np.isfinite(out) & (out != 0)
    kept = out[finite]
    with np.errstate(all="ignore"):
        scale = 10.0 ** (_DIGITS - 1 - np.floor(np.log10(np.abs(kept))))
        rounded = np.round(kept * scale) / scale
    out[finite] = np.where(np.isfinite(rounded), rounded, kept)  # subnormals stay as they are
    out[out == 0] = 0.0
    out[np.isnan(out)] = np.nan
    return out


def _round_float(x: float) -> float:
    if not math.isfinite(x) or x == 0:
        return 0.0 if x == 0 else x
    return float(f"{x:.{_DIGITS}g}")


def _hex(h: Any, step: int) -> str:
    return h.hexdigest()[:16] + (f"/every {step}" if step > 1 else "")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_SAFE_MODULES = ("datetime", "decimal", "fractions", "pathlib", "uuid")


def _known(value: Any) -> bool:
    """Types whose repr is ours or the standard library's, so it cannot run user code."""
    cls = type(value)
    if cls in _SCALARS or cls in (list, tuple, dict, set, frozenset, range):
        return True
    module = _module(cls)
    if module == "numpy":
        np = sys.modules.get("numpy")
        return np is not None and isinstance(value, (np.generic, np.ndarray))
    if module == "pandas":
        return _family(value) != "" or cls.__name__ in ("Timestamp", "Timedelta", "Period", "NaTType", "Interval")
    return module in _SAFE_MODULES


def _canon(value: Any, depth: int = 0) -> str:
    """A canonical text of a value: floats rounded, dicts and sets sorted, bounded in size."""
    cls = type(value)
    if cls is float or (cls.__module__ == "numpy" and _type_name(value) == "float"):
        return repr(_round_float(float(value)))
    if cls in (type(None), bool, int, str, bytes) or _type_name(value) in ("int", "bool", "str"):
        return _canon_scalar(value.item() if cls.__module__ == "numpy" else value)
    if cls is complex:
        return f"complex({_canon(value.real)},{_canon(value.imag)})"
    if depth > 6 or not _known(value):
        return f"<{_type_name(value)}>"
    if cls in (list, tuple, range):
        step = max(1, math.ceil(len(value) / MAX_CELLS))
        items = ",".join(_canon(v, depth + 1) for v in value[::step])
        return f"{cls.__name__}{len(value)}[{items}]"
    if cls in (set, frozenset, dict) and len(value) > MAX_CELLS:
        return f"{cls.__name__}{len(value)}:too large to read"
    if cls in (set, frozenset):
        return "set[" + ",".join(sorted(_canon(v, depth + 1) for v in value)) + "]"
    if cls is dict:
        items = sorted(f"{_canon(k, depth + 1)}:{_canon(v, depth + 1)}" for k, v in value.items())
        return "dict{" + ",".join(items) + "}"
    family = _family(value)
    if family:
        entry = _READERS[family](value)
        return f"{_type_name(value)}{entry.get('shape')}{entry.get('columns', '')}:{entry.get('hash')}"
    return repr(value)  # a standard-library value (date, Decimal, Path) or a pandas scalar


def _canon_scalar(value: Any) -> str:
    """None, bools, ints, strings and bytes; long ones by digest (repr of a huge int raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        return f"int:{_digest(hex(value))}"
    if isinstance(value, (str, bytes)) and len(value) > 10_000:
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
        return f"{type(value).__name__}{len(value)}:{hashlib.sha256(data).hexdigest()[:16]}"
    return repr(value)


# --- previews and sentences ---

def _cell(v: Any, depth: int = 0) -> str:
    """One value for a preview; only types whose text cannot run user code are shown."""
    if type(v) in (list, tuple, dict, set, frozenset):
        return _preview_plain(v, depth + 1) if depth < 2 else "…"
    if isinstance(v, float) or _type_name(v) == "float":
        return repr(_round_float(float(v)))
    if isinstance(v, str):
        return v
    if not _known(v):
        return f"<{_type_name(v)}>"
    if _module(type(v)) in ("pandas", *_SAFE_MODULES) and not _family(v):
        return str(v)  # a date, a Timestamp: as a table shows it
    return _canon(v)


def _preview_plain(value: Any, depth: int = 0) -> str:
    if isinstance(value, dict):
        items = [f"{_cell(k, depth)}: {_cell(v, depth)}" for k, v in islice(value.items(), 3)]
        return _clip("{" + ", ".join(items) + _more(len(value)) + "}")
    if isinstance(value, (list, tuple, set, frozenset, range)):
        ends = "()" if isinstance(value, tuple) else "{}" if isinstance(value, (set, frozenset)) else "[]"
        return _clip(ends[0] + ", ".join(_cell(v, depth) for v in islice(value, 3)) + _more(len(value)) + ends[1])
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 300:
        return f"an int of {value.bit_length()} bits"
    return _clip(repr(value[:200]) if isinstance(value, (str, bytes)) else _cell(value))


def _preview_series(s: Any) -> str:
    head = s.head(3)
    plain = _plain_index(s.index)
    cells = [(_cell(v) if plain else f"{_cell(i)} {_cell(v)}") for i, v in zip(head.index, head.to_numpy())]
    return _clip(", ".join(cells) + _more(len(s)))


def _preview_frame(df: Any) -> str:
    head = df.head(3)
    plain = _plain_index(df.index)
    rows = []
    for i, row in zip(head.index, head.itertuples(index=False, name=None)):
        cells = ", ".join(_cell(v) for v in row[:6]) + (", …" if len(row) > 6 else "")
        rows.append(cells if plain else f"{_cell(i)}: {cells}")
    return _clip("; ".join(rows) + ("; …" if len(df) > 3 else ""))


def _plain_index(index: Any) -> bool:
    return type(index).__name__ == "RangeIndex" and index.name is None


def _index_info(index: Any) -> dict:
    return {"names": [_name(n) for n in index.names], "length": len(index)}


def _name(name: Any) -> Any:
    if isinstance(name, (list, tuple)) or type(name).__name__ == "FrozenList":
        return [_name(n) for n in name]
    return name if name is None or isinstance(name, (str, int, bool)) else _cell(name)


def _more(n: int) -> str:
    return ", …" if n > 3 else ""


def _clip(text: str, limit: int = _PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(exc: BaseException) -> str:
    return _ADDRESS.sub("0x…", f"{type(exc).__name__}: {_clip(_safe_str(exc), 100)}")


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001
        return f"<{type(value).__name__}>"


def _normal_output(output: str) -> str:
    """Trailing spaces, warnings, addresses and float noise dropped, so equal output compares equal."""
    text = _ADDRESS.sub("0x…", output or "")
    text = _LONG_FLOAT.sub(lambda m: f"{float(m[0]):.{_DIGITS}g}", text)
    lines, after_warning = [], False
    for line in text.splitlines():
        # a warning's second line is the source line it points at, indented by two spaces
        if _NOISE.match(line) or (after_warning and line.startswith("  ")):
            after_warning = True
            continue
        after_warning = False
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


def _say_name(name: str, e: dict, ja: bool) -> str:
    kind, shape = e.get("type", "?"), e.get("shape") or []
    changed = ("（変更）" if ja else " (changed)") if e.get("changed") else ""
    who = f"`{name}`{changed}"
    if e.get("error"):
        return f"{who} は {kind}（読めない）" if ja else f"{who} is {_article(kind)} {kind} (could not be read)"
    if kind == "DataFrame":
        cols = ", ".join(e.get("columns", [])[:4]) + (", …" if len(e.get("columns", [])) > 4 else "")
        dims = "×".join(map(str, shape))
        return f"{who} は {dims} の DataFrame（{cols}）" if ja else f"{who} is a DataFrame {dims} ({cols})"
    if kind in ("Series", "ndarray") or kind.endswith("Index"):
        n, dtype = ("×".join(map(str, shape)) or "0"), e.get("dtypes", "")
        label = e.get("name")
        named = (f"（{label}）" if ja else f" ({label})") if label not in (None, "", []) else ""
        preview = f": {e['preview']}" if e.get("preview") else ""
        if ja:
            return f"{who} は {n} 個の {dtype} 値の {kind}{named}{preview}"
        return f"{who} is {_article(kind)} {kind} of {n} {dtype} values{named}{preview}"
    if kind == "function":
        sig = e.get("signature", "(…)")
        return f"{who} は関数 {name}{sig}" if ja else f"{who} is a function {name}{sig}"
    tail = f": {e['preview']}" if e.get("preview") else ""
    return f"{who} は {kind}{tail}" if ja else f"{who} is {_article(kind)} {kind}{tail}"


_KIND_WORDS = {"bar": ("bar chart", "棒グラフ"), "line": ("line chart", "折れ線グラフ"),
               "scatter": ("scatter plot", "散布図"), "histogram": ("histogram", "ヒストグラム"),
               "area": ("area chart", "面グラフ"), "image": ("heatmap", "ヒートマップ"),
               "empty": ("figure with no data", "データのない図")}
# kind -> (the entry's count, English unit, Japanese unit)
_COUNTS = {"bar": ("bars", "bar", "本"), "line": ("lines", "line", "本"), "scatter": ("points", "point", "点"),
           "histogram": ("bins", "bin", "区間")}


def _say_figure(f: dict, ja: bool) -> str:
    """"draws a bar chart of 3 bars"; a figure of several kinds: "draws a chart of 1 bar and 2 lines"."""
    if f.get("error"):
        return "図を描く（読めない）" if ja else "draws a figure (could not be read)"
    kinds = f.get("kind", "empty").split("+")
    counts = [(f.get(_COUNTS[k][0], 0), _COUNTS[k], k) for k in kinds if k in _COUNTS]
    if ja:
        what = _KIND_WORDS.get(kinds[0], (kinds[0], kinds[0]))[1] if len(kinds) == 1 else "グラフ"
        named = len(kinds) > 1  # several kinds: each count says what it counts
        detail = "、".join(f"{_KIND_WORDS[k][1] + ' ' if named else ''}{n} {unit[2]}" for n, unit, k in counts if n)
        return f"{what}（{detail}）を描く" if detail else f"{what}を描く"
    what = _KIND_WORDS.get(kinds[0], (kinds[0],))[0] if len(kinds) == 1 else "chart"
    detail = " and ".join(f"{n} {unit[1]}{'s' * (n != 1)}" for n, unit, _ in counts if n)
    return f"draws {_article(what)} {what}" + (f" of {detail}" if detail else "")


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith("ndarray") else "a"


# --- figures (read with the chart extractor) ---

def _figures() -> list[dict]:
    """An entry for every open matplotlib figure, when pyplot is in use."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    out = []
    try:
        numbers = list(plt.get_fignums())
    except Exception:  # noqa: BLE001 - a pyplot the code broke has no figures to read
        return []
    for number in numbers:
        try:
            fig = plt.figure(number)
        except Exception:  # noqa: BLE001
            continue
        out.append({"number": number, **_figure(fig)})
    return out


def _figure(fig: Any) -> dict:
    try:
        from spark_nb.assist.charts.caption import caption_for
        from spark_nb.assist.charts.extract import figure_facts

        facts = figure_facts(fig)
        data = facts.to_dict()
        data.pop("size", None)  # the figure's size in inches is not what it shows
    except Exception as exc:  # noqa: BLE001 - a figure the extractor cannot read is recorded as such
        return {"kind": "unknown", "error": _error(exc)}
    entry: dict = {"kind": _figure_kind(facts), "axes": len(facts.axes),
                   "lines": sum(len(a.lines) for a in facts.axes),
                   "bars": sum(len(b.bars) for a in facts.axes for b in a.bars),
                   "points": sum(s.n for a in facts.axes for s in a.scatters),
                   "bins": sum(h.bins for a in facts.axes for h in a.hists),
                   "series": _series_labels(facts), "title": facts.title or next(
                       (a.title for a in facts.axes if a.title), ""),
                   "hash": _digest(_canon(data))}
    first = next((a for a in facts.axes if a.has_data), facts.axes[0] if facts.axes else None)
    entry.update(xlabel=first.xlabel if first else "", ylabel=first.ylabel if first else "")
    try:
        entry["preview"] = _clip(caption_for(facts))
    except Exception:  # noqa: BLE001 - the caption is a courtesy
        entry["preview"] = ""
    return entry


def _figure_kind(facts: Any) -> str:
    kinds = []
    for a in facts.axes:
        for field_name, kind in (("bars", "bar"), ("lines", "line"), ("scatters", "scatter"),
                                 ("hists", "histogram"), ("areas", "area"), ("images", "image")):
            if getattr(a, field_name) and kind not in kinds:
                kinds.append(kind)
    return "+".join(kinds) or "empty"


def _series_labels(facts: Any) -> list[str]:
    labels: list[str] = []
    for a in facts.axes:
        labels += [s.label for s in a.lines] + [s for b in a.bars for s in b.series]
        labels += [s.label for s in a.scatters] + [h.label for h in a.hists]
    return [str(label) for label in labels if label][:10]
