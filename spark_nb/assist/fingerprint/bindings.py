"""Which names code may bind or change, read from its syntax tree before it runs.

Reading the source keeps the probe's work to the names the code mentions, not every
value in the namespace.
"""

from __future__ import annotations

import ast
from typing import Iterator

# Methods that change their receiver (or, for pandas, do when given inplace=True): a
# statement such as ``df.drop(columns="x")`` without it is a common bug, and the digest
# taken before the run is what tells the two apart.
_MUTATORS = frozenset({
    "append", "extend", "update", "pop", "popitem", "insert", "remove", "discard", "add",
    "clear", "sort", "reverse", "setdefault", "drop", "drop_duplicates", "dropna", "rename",
    "fillna", "replace", "set_index", "reset_index", "sort_values", "sort_index", "interpolate",
    "clip", "where", "mask", "astype", "fill", "resize", "put", "itemset",
})


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
