"""AttributeError: an API the installed pandas or NumPy removed, a method of another
type, or a misspelt attribute.

Removed APIs are a table (:data:`REMOVED`) read against what is installed: an entry
applies only when the attribute really is missing from the object's class or module,
so the same table serves old and new versions. Every use of a removed API in the cell
on an object of the same kind is rewritten at once, so the fixed cell does not stop at
the next one. Then come methods of a similar type (``list.push`` -> ``append``, a
Series' ``.contains`` -> ``.str.contains``) and the closest public name in ``dir(obj)``.
"""

from __future__ import annotations

import ast
import re
import sys
import types
import warnings
from dataclasses import dataclass

from spark_nb.assist.fuzzy import closest
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, attr_span, code_nodes, insert_at_top,
                                         on_line, parse_cell, segment, span)
from spark_nb.assist.rules.values import public_names

ERRORS = ("AttributeError",)


@dataclass(frozen=True)
class Change:
    """How a use of a removed API is rewritten.

    ``how`` is ``"rename"`` (the attribute becomes ``new``), ``"whole"`` (``owner.attr``
    becomes ``new``, where ``{owner}`` is the object's code, or the object ``target``
    names: ``(module, attribute)``, bound or imported as needed), ``"at"``
    (``.get_value(r, c)`` -> ``.at[r, c]``) or ``"concat"`` (``a.append(b)`` ->
    ``pd.concat([a, b])``).
    """

    new: str = ""
    how: str = "rename"
    target: tuple[str, str] | None = None


# (kind of object, removed attribute) -> its replacement. Kinds: "pandas" (a DataFrame,
# Series or Index), "pandas-module", "numpy" (the module).
REMOVED = {
    ("pandas", "append"): Change("concat", "concat"),
    ("pandas", "iteritems"): Change("items"),
    ("pandas", "as_matrix"): Change("to_numpy"),
    ("pandas", "ix"): Change("loc"),
    ("pandas", "get_value"): Change("at", "at"),
    ("pandas", "sort"): Change("sort_values"),
    ("pandas", "applymap"): Change("map"),
    ("pandas", "pad"): Change("ffill"),
    ("pandas", "backfill"): Change("bfill"),
    ("pandas", "is_monotonic"): Change("is_monotonic_increasing"),
    ("pandas-module", "datetime"): Change(how="whole", target=("datetime", "datetime")),
    ("pandas-module", "np"): Change(how="whole", target=("numpy", "")),
    **{("numpy", old): Change(new, "whole") for old, new in {
        "float": "float", "int": "int", "bool": "bool", "object": "object", "str": "str",
        "complex": "complex", "unicode": "str", "NINF": "-{owner}.inf"}.items()},
    **{("numpy", old): Change(new) for old, new in {
        "NaN": "nan", "NAN": "nan", "Inf": "inf", "Infinity": "inf", "infty": "inf",
        "PINF": "inf", "product": "prod", "cumproduct": "cumprod", "alltrue": "all",
        "sometrue": "any", "float_": "float64", "string_": "bytes_", "unicode_": "str_",
        "complex_": "complex128", "round_": "round", "in1d": "isin", "trapz": "trapezoid",
        "row_stack": "vstack"}.items()},
}
# (type, attribute) -> the method that type has for what the name means elsewhere.
OTHER_TYPES = {
    ("list", "push"): "append", ("list", "add"): "append", ("set", "append"): "add",
    ("set", "push"): "add", ("dict", "iteritems"): "items", ("dict", "iterkeys"): "keys",
    ("dict", "itervalues"): "values",
}
_DEFAULT_ALIAS = {"pandas": "pd", "numpy": "np", "datetime": "datetime"}
_NAME = re.compile(r"has no attribute '(\w+)'|`\w+\.(\w+)` was")
_OWNER = re.compile(r"module '(\w+)'|'(\w+)' object|`(np)\.")
_PANDAS_TYPES = frozenset({"DataFrame", "Series", "Index", "DatetimeIndex", "MultiIndex",
                           "RangeIndex", "DataFrameGroupBy", "SeriesGroupBy"})


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """Rewrites of removed APIs, then another type's method, then the closest attribute."""
    tree = parse_cell(ctx.source)
    name = _attribute(ctx)
    if tree is None or not name:
        return []
    obj = getattr(ctx.exception, "obj", None)
    if obj is None:
        obj = _owner_on_line(tree, ctx, name)
    if obj is not None and not isinstance(obj, types.ModuleType) and name in dir(type(obj)):
        return []  # the attribute exists: the error came from inside it (`.dt` on text)
    kind = _kind(obj) if obj is not None else _kind_from_message(ctx.message)
    removed = _removed(ctx, tree, name, kind)
    if removed:
        return removed  # the table knows; near names (`np.float64` for `np.float`) would only add noise
    return (_other_type(ctx, tree, name, obj) + _respellings(ctx, tree, name, obj))[:3]


def _attribute(ctx: ErrorContext) -> str | None:
    name = getattr(ctx.exception, "name", None)
    if isinstance(name, str) and name:
        return name
    match = _NAME.search(ctx.message)
    return (match[1] or match[2]) if match else None


def _kind(obj) -> str | None:
    if isinstance(obj, types.ModuleType):
        return {"numpy": "numpy", "pandas": "pandas-module"}.get(getattr(obj, "__name__", None))
    return "pandas" if type(obj).__module__.startswith("pandas") else None


def _kind_from_message(message: str) -> str | None:
    match = _OWNER.search(message)
    if not match:
        return None
    module, type_name, np = match.groups()
    if np or module == "numpy":
        return "numpy"
    if module == "pandas":
        return "pandas-module"
    return "pandas" if type_name in _PANDAS_TYPES else None


def _owner_on_line(tree, ctx: ErrorContext, name: str):
    # The object whose attribute failed, when the error line names it plainly.
    for node in code_nodes(tree):
        if (isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.value, ast.Name)
                and on_line(node, ctx.line) and node.value.id in ctx.namespace):
            return ctx.namespace[node.value.id]
    return None


def _missing(obj, attr: str) -> bool:
    # Ask the class (or module) so no property of the user's object runs; NumPy warns
    # about some removed aliases while it looks them up.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return not hasattr(obj if isinstance(obj, types.ModuleType) else type(obj), attr)


def _removed(ctx: ErrorContext, tree, name: str, kind: str | None) -> list[RuleFix]:
    if (kind, name) not in REMOVED:
        return []
    parents = {id(c): p for p in code_nodes(tree) for c in ast.iter_child_nodes(p)}
    edits, imports, changed, shown = [], [], [], None
    for node in code_nodes(tree):
        if not isinstance(node, ast.Attribute):
            continue
        base = ctx.namespace.get(node.value.id) if isinstance(node.value, ast.Name) else None
        if base is not None and _kind(base) and (_kind(base), node.attr) in REMOVED and _missing(base, node.attr):
            key = (_kind(base), node.attr)
        elif base is None and node.attr == name and on_line(node, ctx.line):
            key = (kind, name)
        else:
            continue
        rewritten = _rewrite(ctx, node, REMOVED[key], parents.get(id(node)), imports)
        if rewritten is not None:
            edits.append(rewritten[0])
            changed.append(key[1])
            if key[1] == name and shown is None:
                shown = (segment(ctx.source, node), rewritten[1])
    source = apply_edits(ctx.source, edits)
    if source is None or shown is None:
        return []
    for line in dict.fromkeys(imports):
        source = insert_at_top(source, line)
    library = "NumPy" if kind == "numpy" else "pandas"
    version = getattr(sys.modules.get(library.lower()), "__version__", "")
    old, new = shown
    more = f" (+{len(set(changed)) - 1} more)" if len(set(changed)) > 1 else ""
    return [RuleFix(
        source, f"use `{new}` instead of `{old}`{more}",
        f"`{old}` no longer exists in {library} {version}, the installed version; `{new}` replaces it.",
        f"`{old}` はインストールされている {library} {version} では削除されています。"
        f"代わりに `{new}` を使います。")]


def _rewrite(ctx, node: ast.Attribute, change: Change, parent, imports: list) -> tuple | None:
    """``(edit, what the code becomes, shortly)`` for one use of a removed API, or None."""
    owner = segment(ctx.source, node.value)
    if change.how == "rename":
        return attr_span(node, change.new), f"{owner}.{change.new}"
    if change.how == "whole":
        text = change.new.replace("{owner}", owner)
        if change.target:
            text = _expression(ctx.namespace, *change.target, imports)
        return (span(node, text), text) if text else None
    call = parent if isinstance(parent, ast.Call) and parent.func is node else None
    if call is None or (change.how == "at" and call.keywords):
        return None
    args = [segment(ctx.source, a) for a in call.args]
    if change.how == "at":
        return span(call, f"{owner}.at[{', '.join(args)}]"), f"{owner}.at[...]"
    other = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "other"), None)
    concat = _expression(ctx.namespace, "pandas", "concat", imports)
    if other is None or not concat:
        return None
    keywords = [segment(ctx.source, k) for k in call.keywords if k.arg != "other"]
    items = [owner, *_frames(ctx, other, imports)]
    return span(call, f"{concat}([{', '.join(items)}]{''.join(', ' + k for k in keywords)})"), concat


def _frames(ctx, other: ast.AST, imports: list) -> list[str]:
    # What `append` took that `concat` does not: a dict (a row), a list, a Series (a row).
    text = segment(ctx.source, other)
    value = ctx.namespace.get(other.id) if isinstance(other, ast.Name) else None
    is_dict = isinstance(other, ast.Dict) or isinstance(value, dict)
    rows = (isinstance(other, ast.List) and other.elts and all(isinstance(e, ast.Dict) for e in other.elts)) or (
        isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
    if is_dict or rows:
        frame = _expression(ctx.namespace, "pandas", "DataFrame", imports)
        return [f"{frame}([{text}])" if is_dict else f"{frame}({text})"]
    if isinstance(other, ast.List):
        return [segment(ctx.source, e) for e in other.elts]
    if isinstance(value, list):
        return [f"*{text}"]
    if value is not None and type(value).__name__ == "Series" and _kind(value) == "pandas":
        return [f"{text}.to_frame().T"]
    return [text]


def _expression(namespace, module: str, attr: str, imports: list) -> str | None:
    """Code for ``module.attr`` in this namespace, adding an import to ``imports`` if none binds it."""
    loaded = sys.modules.get(module)
    alias = _DEFAULT_ALIAS.get(module, module)
    if loaded is not None:
        member = getattr(loaded, attr, None) if attr else None
        names = [k for k, v in namespace.items() if isinstance(k, str) and not k.startswith("_")
                 and (v is loaded or (member is not None and v is member))]
        if names:
            # `from pandas import concat` beats `pd.concat`; the usual alias beats others.
            best = min(names, key=lambda k: (namespace[k] is not member, k != alias, k))
            if namespace[best] is member:
                return best
            return f"{best}.{attr}" if attr else best
    if alias in namespace:
        return None  # the usual name means something else here
    imports.append(f"import {module} as {alias}" if alias != module else f"import {module}")
    return f"{alias}.{attr}" if attr else alias


def _other_type(ctx, tree, name: str, obj) -> list[RuleFix]:
    type_name = type(obj).__name__ if obj is not None else None
    if type_name is None:
        match = re.search(r"'(\w+)' object has no attribute", ctx.message)
        type_name = match[1] if match else None
    new = OTHER_TYPES.get((type_name, name))
    accessor = _accessor(obj, name) if new is None else None
    if new is None and accessor is None:
        return []
    new = new or f"{accessor}.{name}"
    source = _rename_attribute(ctx, tree, name, new, obj, elementwise=accessor == "str")
    if source is None:
        return []
    if accessor:
        en = f"A Series has no `{name}` of its own; its {accessor} methods live under `.{accessor}`."
        ja = f"Series 自体に `{name}` はありません。{accessor} 用のメソッドは `.{accessor}` の下にあります。"
    else:
        en = f"A {type_name} has no `{name}` method; the {type_name} method for this is `{new}`."
        ja = f"{type_name} に `{name}` メソッドはありません。{type_name} では `{new}` を使います。"
    return [RuleFix(source, f"use `.{new}`", en, ja)]


def _accessor(obj, name: str) -> str | None:
    # `s.contains(...)` on a Series of strings means `s.str.contains(...)`; `s.year` on
    # dates means `s.dt.year`.
    if obj is None or _kind(obj) != "pandas" or type(obj).__name__ != "Series":
        return None
    dtype = getattr(obj, "dtype", None)
    kind = getattr(dtype, "kind", "")
    for accessor, fits in (("str", kind == "O" or str(dtype) in ("str", "string")), ("dt", kind in "mM")):
        methods = getattr(type(obj), accessor, None)
        if fits and methods is not None and name in dir(methods) and name not in dir(type(obj)):
            return accessor
    return None


def _respellings(ctx, tree, name: str, obj) -> list[RuleFix]:
    if obj is None:
        return []
    fixes = []
    for good in closest(name, public_names(obj), n=2, cutoff=0.7):
        source = _rename_attribute(ctx, tree, name, good, obj)
        if source is not None:
            owner = getattr(obj, "__name__", None) if isinstance(obj, types.ModuleType) else type(obj).__name__
            fixes.append(RuleFix(
                source, f"use `.{good}` instead of `.{name}`",
                f"`{owner}` has no attribute `{name}`; the closest one is `{good}`.",
                f"`{owner}` に属性 `{name}` はありません。近い名前の `{good}` の書き間違いと思われます。"))
    return fixes


def _rename_attribute(ctx, tree, name: str, new: str, obj, elementwise: bool = False) -> str | None:
    # On the error line when it is known; else wherever the object is named. With
    # ``elementwise``, an index right after the call (`s.split("@")[1]`) is taken of each
    # row's result too (`s.str.split("@").str[1]`), not of the Series of lists.
    edits, renamed = [], []
    for node in code_nodes(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == name):
            continue
        if ctx.line is not None:
            if on_line(node, ctx.line):
                edits.append(attr_span(node, new))
                renamed.append(node)
        elif isinstance(node.value, ast.Name) and ctx.namespace.get(node.value.id) is obj:
            edits.append(attr_span(node, new))
            renamed.append(node)
    if elementwise:
        for node in code_nodes(tree):
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call)
                    and any(node.value.func is r for r in renamed)):
                call = node.value
                edits.append((call.end_lineno, call.end_col_offset, call.end_lineno, call.end_col_offset, ".str"))
    return apply_edits(ctx.source, edits)
