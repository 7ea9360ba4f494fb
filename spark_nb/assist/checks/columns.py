"""The ``columns`` check: DataFrame columns the code names (as string literals) exist.

Frames are the namespace's values that look like pandas DataFrames (they have
``.columns`` and ``.loc``; pandas itself is never imported here). The code is followed
top to bottom: a column the code creates (``df["new"] = ...``, ``df.loc[:, "new"] =
...``, ``df = df.assign(new=...)``, ``df.insert(0, "new", ...)``) exists from then on.
A frame the code renames, changes in place, rebinds to something else, aliases or hands
to one of the user's own functions is no longer checked: what happens to it is too
dynamic to follow, and a false alarm costs more than a missed one.
"""

from __future__ import annotations

import ast
import types
from typing import Any, Mapping

from spark_nb.assist.checks.names import did_you_mean
from spark_nb.assist.fuzzy import suggest

Problem = tuple[int, str, dict]

# method -> (first positional argument names columns, keywords that name columns)
_COLUMN_ARGS = {
    "groupby": (True, ("by",)),
    "sort_values": (True, ("by",)),
    "set_index": (True, ("keys",)),
    "drop": (False, ("columns",)),
    "pivot": (False, ("index", "columns", "values")),
    "pivot_table": (True, ("index", "columns", "values")),
}
# `df = df.method(...)` with these keeps df's columns, so checking can go on.
_KEEPS_COLUMNS = frozenset({
    "copy", "dropna", "fillna", "ffill", "bfill", "head", "tail", "sample", "sort_values",
    "sort_index", "drop_duplicates", "query", "astype", "round", "abs", "clip", "replace",
    "nlargest", "nsmallest", "interpolate",
})


def check_columns(tree: ast.Module, namespace: Mapping[str, Any]) -> list[Problem]:
    """Problems ``(line, message, details)``, one per unknown column of a frame."""
    frames = {}
    for name, value in namespace.items():
        labels = _labels(value)
        if labels is not None:
            frames[name] = (type(value), labels)
    if not frames:
        return []
    checker = _ColumnChecker(frames, _user_functions(tree, namespace))
    checker.visit(tree)
    return sorted(checker.problems, key=lambda p: p[0])


def _labels(value: Any) -> set | None:
    """The column labels of a DataFrame-like value (a MultiIndex's first level), or None."""
    if isinstance(value, type):
        return None  # the DataFrame class itself has .columns and .loc too
    try:
        if not (hasattr(value, "loc") and hasattr(value, "columns")):
            return None
        return {c[0] if isinstance(c, tuple) and c else c for c in list(value.columns)}
    except Exception:  # odd objects whose properties raise: not a frame we can check
        return None


def _user_functions(tree: ast.AST, namespace: Mapping[str, Any]) -> set[str]:
    # Plain Python functions may add columns to a frame they are given; builtins and
    # library functions (print, len, pd.concat, sns.barplot) are assumed not to.
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    names = {n.name for n in ast.walk(tree) if isinstance(n, functions)}
    names |= {k for k, v in namespace.items() if isinstance(v, types.FunctionType)}
    return names - {"display", "print"}


def _literals(node: ast.AST | None) -> list[str]:
    """The string literals a subscript or argument names: ``"a"`` or ``["a", "b"]``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for e in node.elts for s in _literals(e) if isinstance(e, ast.Constant)]
    return []


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


class _ColumnChecker(ast.NodeVisitor):
    def __init__(self, frames: dict[str, tuple[type, set]], functions: set[str]):
        self.types = {name: kind for name, (kind, _) in frames.items()}
        self.known = {name: set(labels) for name, (_, labels) in frames.items()}
        self.functions = functions
        self.problems: list[Problem] = []
        self.reported: set[tuple[str, str]] = set()

    def _frame(self, node: ast.AST | None) -> str | None:
        return node.id if isinstance(node, ast.Name) and node.id in self.known else None

    def _columns_of(self, node: ast.Subscript) -> tuple[str, ast.AST] | None:
        """``df[cols]`` or ``df.loc[rows, cols]`` (also ``.at``): the frame and ``cols``."""
        if frame := self._frame(node.value):
            return frame, node.slice
        value, index = node.value, node.slice
        if (isinstance(value, ast.Attribute) and value.attr in ("loc", "at")
                and (frame := self._frame(value.value))
                and isinstance(index, ast.Tuple) and len(index.elts) >= 2):
            return frame, index.elts[1]
        return None

    def _stop(self, frame: str) -> None:
        self.known.pop(frame, None)

    def _check(self, frame: str, node: ast.AST, line: int) -> None:
        for column in _literals(node):
            self._check_one(frame, column, line)

    def _check_one(self, frame: str, column: str, line: int, attribute: bool = False) -> None:
        known = self.known.get(frame)
        if known is None or column in known or (frame, column) in self.reported:
            return
        self.reported.add((frame, column))
        hint = suggest(column, known)
        if attribute:
            hint = hint or suggest(column, [a for a in dir(self.types[frame]) if a[0] != "_"])
            message = f"{frame} has no column or attribute '{column}'"
        else:
            message = f"'{column}' is not a column of {frame}"
        self.problems.append((line, message + did_you_mean(hint),
                              {"frame": frame, "column": column, "suggestion": hint}))

    def _add_created(self, target: ast.AST) -> None:
        if isinstance(target, ast.Subscript) and (found := self._columns_of(target)):
            self.known[found[0]].update(_literals(found[1]))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if not isinstance(node.ctx, ast.Store) and (found := self._columns_of(node)):
            self._check(found[0], found[1], node.lineno)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        frame = self._frame(node.value)
        if frame and isinstance(node.ctx, ast.Load):
            if not node.attr.startswith("_") and not hasattr(self.types[frame], node.attr):
                self._check_one(frame, node.attr, node.lineno, attribute=True)
        elif frame and node.attr == "columns":  # `df.columns = [...]` renames them all
            self._stop(frame)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and (frame := self._frame(func.value)):
            self._method(frame, func.attr, node)
        elif isinstance(func, ast.Name) and func.id in self.functions:
            for arg in node.args + [k.value for k in node.keywords]:
                if frame := self._frame(arg):
                    self._stop(frame)

    def _method(self, frame: str, method: str, call: ast.Call) -> None:
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        positional, names = _COLUMN_ARGS.get(method, (False, ()))
        axis = keywords.get("axis")
        if method == "drop" and isinstance(axis, ast.Constant) and axis.value in (1, "columns"):
            positional = True
        if positional and call.args:
            self._check(frame, call.args[0], call.lineno)
        for name in names:
            if name in keywords:
                self._check(frame, keywords[name], call.lineno)
        if method == "insert" and len(call.args) >= 2:
            self.known[frame].update(_literals(call.args[1]))
        if method == "rename" or _is_true(keywords.get("inplace")):
            self._stop(frame)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)  # the value runs before the targets are bound
        for target in node.targets:
            self._assign(target, node.value)

    def _assign(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign(element, None)  # unpacking: what each gets is unknown
        elif isinstance(target, ast.Starred):
            self._assign(target.value, None)
        elif frame := self._frame(target):
            self._rebind(frame, value)
        else:
            self._add_created(target)
            if isinstance(target, ast.Name) and (alias := self._frame(value)):
                self._stop(alias)  # two names for one frame: changes through either
            self.visit(target)

    def _rebind(self, frame: str, value: ast.AST | None) -> None:
        on_self = (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                   and self._frame(value.func.value) == frame)
        if on_self and value.func.attr == "assign" and all(k.arg for k in value.keywords):
            self.known[frame].update(k.arg for k in value.keywords)
        elif on_self and value.func.attr in _KEEPS_COLUMNS:
            pass
        elif isinstance(value, ast.Subscript) and self._frame(value.value) == frame:
            if isinstance(value.slice, ast.List) and _literals(value.slice):
                self.known[frame] = set(_literals(value.slice))  # df = df[["a", "b"]]
            elif _literals(value.slice):
                self._stop(frame)  # df = df["a"] is a Series now
        else:
            self._stop(frame)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        target = node.target
        if isinstance(target, ast.Subscript) and (found := self._columns_of(target)):
            self._check(found[0], found[1], node.lineno)  # `df["x"] += 1` needs x
        if not self._frame(target):  # `df += 1` keeps the columns
            self.visit(target)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):  # for/with targets, walrus, del
            self._stop(node.id)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self._stop(alias.asname or alias.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node: ast.AST) -> None:
        # A body runs later, against columns that may differ by then: nothing in it is
        # checked, but the columns it creates count, and a `global` frame is given up.
        self._stop(getattr(node, "name", ""))
        for n in ast.walk(node):
            if isinstance(n, ast.Global):
                for name in n.names:
                    self._stop(name)
            elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store):
                self._add_created(n)

    visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = visit_FunctionDef

    def _loop(self, node: ast.For | ast.While) -> None:
        # The second pass of a loop sees the columns the first pass created.
        for statement in node.body:
            for n in ast.walk(statement):
                if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store):
                    self._add_created(n)
        self.generic_visit(node)

    visit_For = visit_AsyncFor = visit_While = _loop
