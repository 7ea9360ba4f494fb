"""KeyError / AttributeError for a DataFrame column or dict key that is nearly right.

The object comes from the cell: the frame or dict a string literal is a key of
(``df['Reigon']``, ``df[['a', 'Reigon']]``, ``df.loc[:, 'Reigon']``,
``df.groupby('Reigon')``, ``d['kye']``) resolved in the namespace. Its keys that equal
the bad one but for case, spaces or character width come first, then the closest by
spelling; the fix rewrites those literals and nothing else. ``df.Revenue`` for a column
``revenue`` becomes ``df['revenue']``. pandas is never imported: frames are known by
their class names.
"""

from __future__ import annotations

import ast
import itertools
import re

from spark_nb.assist.fuzzy import closest, how_close
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, literal_like, on_line,
                                         parse_cell, segment, span, string_nodes)

ERRORS = ("KeyError", "AttributeError")

_LIST = re.compile(r"\[((?:\s*'[^'\\]*'\s*,?)+)\]")
_ATTRIBUTE = re.compile(r"'(\w+)' object has no attribute '([^']+)'")
_LOCATORS = frozenset({"loc", "iloc", "at", "iat"})
# Nodes a key may sit in between the literal and the subscript or call it belongs to.
_CONTAINERS = (ast.List, ast.Tuple, ast.Set, ast.keyword, ast.Starred)
_MAX_KEYS = 5000
_MISSING = object()
_WHAT = {"frame": ("column", "列"), "series": ("label", "ラベル"), "dict": ("key", "キー"),
         "rows": ("row label", "行ラベル")}
_WHY_EN = {"case": "differs only in letter case", "spaces": "differs only in spaces",
           "form": "differs only in case, spaces or character width"}
_WHY_JA = {"case": "大文字・小文字だけが違います", "spaces": "空白だけが違います",
           "form": "大文字・小文字、空白、全角・半角だけが違います"}


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """Fixes that respell a column or key, best candidate first."""
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    if "KeyError" in ctx.error_types:
        return _key_fixes(ctx, tree)
    return _attribute_fixes(ctx, tree)


def bad_keys(ctx: ErrorContext) -> list[str]:
    """The missing keys a KeyError names (pandas lists several as ``"['a', 'b'] not in index"``)."""
    args = getattr(ctx.exception, "args", None)
    if args:
        raw = args[0]
    else:
        try:
            raw = ast.literal_eval(ctx.message.strip())
        except (ValueError, SyntaxError):
            return []
    if not isinstance(raw, str):
        return []
    match = _LIST.search(raw)
    if match and raw != match[0] and ("not in index" in raw or "not found in axis" in raw
                                      or raw.startswith("None of")):
        try:
            return [k for k in ast.literal_eval(f"[{match[1]}]") if isinstance(k, str)]
        except (ValueError, SyntaxError):
            return []
    return [raw]


def kind_of(obj) -> str | None:
    """``"frame"``, ``"series"`` or ``"dict"`` for what this rule reads keys from, else None."""
    for cls in type(obj).__mro__:
        if cls.__module__.startswith("pandas") and cls.__name__ in ("DataFrame", "Series"):
            return "frame" if cls.__name__ == "DataFrame" else "series"
    return "dict" if isinstance(obj, dict) else None


def keys_of(obj, rows: bool = False) -> list[str]:
    """The string keys of a frame (its columns, or with ``rows`` its index labels), a
    Series (index labels) or a dict; [] when there are too many to compare."""
    kind = kind_of(obj)
    if kind is None:
        return []
    keys = obj.columns if kind == "frame" and not rows else obj if kind == "dict" else obj.index
    if kind != "dict" and len(keys) > _MAX_KEYS:
        return []
    return [k for k in itertools.islice(keys, _MAX_KEYS) if isinstance(k, str)]


def _key_fixes(ctx: ErrorContext, tree: ast.Module) -> list[RuleFix]:
    bad = bad_keys(ctx)
    if not bad:
        return []
    parents = {id(c): p for p in code_nodes(tree) for c in ast.iter_child_nodes(p)}
    # (object, rows?) -> the literals that are its keys; `rows` for `df.loc['r']` labels.
    sites: dict[tuple[int, bool], tuple[object, ast.AST, list[ast.Constant]]] = {}
    on_error_line = []
    for node in string_nodes(tree):
        if node.value not in bad:
            continue
        base, rows = _key_owner(node, parents)
        obj = _resolve(base, ctx.namespace) if base is not None else _MISSING
        if obj is _MISSING or kind_of(obj) is None:
            continue
        sites.setdefault((id(obj), rows), (obj, base, []))[2].append(node)
        if on_line(node, ctx.line):
            on_error_line.append((id(obj), rows))
    if not sites:
        return _loose_key_fixes(ctx, tree, bad)
    key = on_error_line[0] if on_error_line else next(iter(sites))
    obj, base, nodes = sites[key]
    return _respell(ctx, obj, segment(ctx.source, base), bad, nodes, rows=key[1])


def _loose_key_fixes(ctx: ErrorContext, tree: ast.Module, bad: list[str]) -> list[RuleFix]:
    # The key is a variable (`col = 'Reigon'; df[col]`): take the frame or dict subscripted
    # on the error line and the literals in the cell that hold the bad key.
    for node in code_nodes(tree):
        base = node.value if isinstance(node, ast.Subscript) else None
        if isinstance(base, ast.Attribute) and base.attr in _LOCATORS:
            base = base.value
        if base is None or not on_line(node, ctx.line):
            continue
        obj = _resolve(base, ctx.namespace)
        if obj is not _MISSING and kind_of(obj) is not None:
            nodes = [n for n in string_nodes(tree) if n.value in bad]
            return _respell(ctx, obj, segment(ctx.source, base), bad, nodes) if nodes else []
    return []


def _respell(ctx, obj, name: str, bad: list[str], nodes: list[ast.Constant],
             rows: bool = False) -> list[RuleFix]:
    keys = keys_of(obj, rows)
    choices = {}
    for key in dict.fromkeys(n.value for n in nodes):
        if key in keys:
            continue  # present: this literal is not what failed
        found = closest(key, keys, n=2, cutoff=0.6)
        if not found:
            return []  # one key without a good candidate: no guessing
        choices[key] = found
    if not choices:
        return []
    what, what_ja = _WHAT["rows" if rows and kind_of(obj) == "frame" else kind_of(obj)]
    bad_key = next(iter(choices))
    fixes = []
    for rank in range(2 if len(choices) == 1 else 1):
        if rank >= len(choices[bad_key]):
            break
        pick = {k: v[min(rank, len(v) - 1)] for k, v in choices.items()}
        source = apply_edits(ctx.source, [span(n, literal_like(segment(ctx.source, n), pick[n.value]))
                                           for n in nodes if n.value in pick])
        if source is None:
            continue
        good = pick[bad_key]
        why = how_close(bad_key, good)
        more = f" (+{len(pick) - 1} more)" if len(pick) > 1 else ""
        if why in _WHY_EN:
            en = f"`{name}` has no {what} {bad_key!r}; its {what} {good!r} {_WHY_EN[why]}."
            ja = f"`{name}` に{what_ja} {bad_key!r} はありません。{what_ja} {good!r} とは{_WHY_JA[why]}。"
        else:
            en = f"`{name}` has no {what} {bad_key!r}; the closest {what} is {good!r}."
            ja = f"`{name}` に{what_ja} {bad_key!r} はありません。いちばん近い{what_ja}は {good!r} です。"
        fixes.append(RuleFix(source, f"use {what} {good!r} instead of {bad_key!r}{more}", en, ja))
    return fixes


def _key_owner(node: ast.AST, parents: dict) -> tuple[ast.AST | None, bool]:
    """The expression a literal is a key of, and whether it is a row label there.

    ``df['a']``, ``df.groupby('a')``: columns. ``df.loc['r']``, ``df.loc['r', 'a']``:
    the first key given to ``.loc``/``.at`` is a row label, the second a column.
    """
    child, under = node, node
    for _ in range(6):
        parent = parents.get(id(child))
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            base = parent.value
            if isinstance(base, ast.Attribute) and base.attr in _LOCATORS:
                rows = not isinstance(child, ast.Tuple) or (bool(child.elts) and under is child.elts[0])
                return base.value, rows
            return base, False
        if isinstance(parent, ast.Call) and child is not parent.func:
            return (parent.func.value if isinstance(parent.func, ast.Attribute) else None), False
        if not isinstance(parent, _CONTAINERS):
            return None, False
        child, under = parent, child
    return None, False


def _resolve(expr: ast.AST, namespace) -> object:
    """The object ``expr`` stands for, without running anything but plain dict lookups.

    A method chain on a frame (``df.groupby('a')['b']``, ``df[df.x > 0]``) stands for the
    frame: its columns are the best guess of the chain's.
    """
    if isinstance(expr, ast.Name):
        return namespace.get(expr.id, _MISSING)
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant):
        outer = _resolve(expr.value, namespace)
        if type(outer) is dict:
            return outer.get(expr.slice.value, _MISSING)
        return _MISSING
    root = expr
    while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(root, ast.Subscript) and isinstance(root.slice, ast.Constant):
            return _MISSING  # df['a']['x']: a Series, not the frame
        root = root.func if isinstance(root, ast.Call) else root.value
    if root is not expr and isinstance(root, ast.Name):
        obj = namespace.get(root.id, _MISSING)
        return obj if kind_of(obj) == "frame" else _MISSING
    return _MISSING


def _attribute_fixes(ctx: ErrorContext, tree: ast.Module) -> list[RuleFix]:
    name = getattr(ctx.exception, "name", None)
    if not isinstance(name, str):
        match = _ATTRIBUTE.search(ctx.message)
        name = match[2] if match else None
    if not name:
        return []
    failed = getattr(ctx.exception, "obj", _MISSING)
    sites: dict[str, list[ast.Attribute]] = {}
    for node in code_nodes(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.ctx, ast.Load)
                and isinstance(node.value, ast.Name)):
            continue
        obj = ctx.namespace.get(node.value.id, _MISSING)
        if obj is failed or (failed is _MISSING and on_line(node, ctx.line)):
            if kind_of(obj) in ("frame", "dict"):
                sites.setdefault(node.value.id, []).append(node)
    if not sites:
        return []
    base, nodes = next(iter(sites.items()))
    obj = ctx.namespace[base]
    keys = keys_of(obj)
    found = ([name] if kind_of(obj) == "dict" and name in keys else []) + closest(name, keys, n=2, cutoff=0.75)
    what, what_ja = _WHAT[kind_of(obj)]
    fixes = []
    for good in found[:2]:
        new = f"{base}[{good!r}]"
        source = apply_edits(ctx.source, [span(n, new) for n in nodes])
        if source is not None:
            fixes.append(RuleFix(
                source, f"use `{new}`",
                f"`{base}` has no attribute `{name}`, but it has the {what} {good!r}: use `{new}`.",
                f"`{base}` に属性 `{name}` はありませんが、{what_ja} {good!r} があります。"
                f"`{new}` と書いてください。"))
    return fixes
