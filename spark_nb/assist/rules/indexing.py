"""Positions and filters that miss: a loop that reads ``x[i + 1]`` one step past the end,
``iloc[n]`` for the n-th row (positions count from 0), the empty last line of a file split
on newlines, and a filter on a value spelt with another case (``"books"`` for ``"Books"``),
which selects nothing and then divides by zero.

The fixes change the bound, the position or the spelling; they never guard the error
away (``if len(x) > 0``, ``try``), which would hide that the data was not what the code
expected.
"""

from __future__ import annotations

import ast
import itertools
import re

from spark_nb.assist.fuzzy import closest, how_close
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, literal_like, on_line,
                                         parse_cell, segment, span, top_statement)
from spark_nb.assist.rules.values import resolve

ERRORS = ("IndexError", "ZeroDivisionError")

_OUT_OF_RANGE = re.compile(r"index out of range|out-of-bounds|out of bounds")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    stmt = top_statement(tree, ctx.line)
    fixes: list[RuleFix] = []
    if "IndexError" in ctx.error_types and _OUT_OF_RANGE.search(ctx.message):
        for rule in (_step_past_end, _position_past_end, _trailing_empty_line):
            fixes += rule(ctx, tree, stmt)
    fixes += _empty_filter(ctx, tree)
    return fixes


def _step_past_end(ctx, tree, stmt) -> list[RuleFix]:
    """``for i in range(len(x))`` with ``x[i + k]`` -> ``range(len(x) - k)``."""
    if stmt is None:
        return []
    for loop in code_nodes(stmt):
        if not isinstance(loop, (ast.For, ast.comprehension)) or not isinstance(loop.target, ast.Name):
            continue
        seq = _range_len(loop.iter)
        if seq is None:
            continue
        i, owner = loop.target.id, segment(ctx.source, seq)
        body = loop.body if isinstance(loop, ast.For) else [_comprehension_of(stmt, loop)]
        steps = [_step(n, i, owner, ctx.source) for b in body if b is not None for n in ast.walk(b)]
        k = max((s for s in steps if s), default=0)
        if k:
            new = f"range(len({owner}) - {k})"
            source = apply_edits(ctx.source, [span(loop.iter, new)])
            if source:
                return [RuleFix(source, f"stop the loop {k} earlier",
                                f"The loop reads {owner}[{i} + {k}], which passes the end on the last {k} step(s), so it must stop at len({owner}) - {k}.",
                                f"ループで {owner}[{i} + {k}] を読むため最後に範囲を超えます。len({owner}) - {k} までで止めます。")]
    return []


def _range_len(node) -> ast.AST | None:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and len(node.args) == 1):
        arg = node.args[0]
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "len" and len(arg.args) == 1:
            return arg.args[0]
    return None


def _comprehension_of(stmt, generator):
    for node in ast.walk(stmt):
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) and generator in node.generators:
            return node
    return None


def _step(node, i: str, owner: str, source: str) -> int:
    """k when ``node`` is ``owner[i + k]``, else 0."""
    if not (isinstance(node, ast.Subscript) and segment(source, node.value) == owner):
        return 0
    index = node.slice
    if (isinstance(index, ast.BinOp) and isinstance(index.op, ast.Add) and isinstance(index.left, ast.Name)
            and index.left.id == i and isinstance(index.right, ast.Constant) and isinstance(index.right.value, int)):
        return index.right.value
    return 0


def _position_past_end(ctx, tree, stmt) -> list[RuleFix]:
    """``x.iloc[n]`` or ``x[n]`` where ``n == len(x)``: the n-th item is at ``n - 1``."""
    if stmt is None:
        return []
    for node in code_nodes(stmt):
        if not (isinstance(node, ast.Subscript) and on_line(node, ctx.line)
                and isinstance(node.slice, ast.Constant) and type(node.slice.value) is int):
            continue
        base = node.value.value if isinstance(node.value, ast.Attribute) and node.value.attr == "iloc" else node.value
        value = resolve(base, ctx.namespace)
        try:
            size = len(value)
        except Exception:  # noqa: BLE001 - unknown or unsized
            continue
        n = node.slice.value
        if n == size and n > 0 and not isinstance(value, dict):
            source = apply_edits(ctx.source, [span(node.slice, str(n - 1))])
            if source:
                what = segment(ctx.source, node.value)
                return [RuleFix(source, f"use position {n - 1} for item {n}",
                                f"Positions count from 0, so the last of the {size} items of {segment(ctx.source, base)} is {what}[{n - 1}].",
                                f"位置は 0 から数えるため、{size} 件のうち {n} 番目は {what}[{n - 1}] です。")]
    return []


def _trailing_empty_line(ctx, tree, stmt) -> list[RuleFix]:
    """``text.split("\\n")`` keeps an empty last item when the text ends with a newline."""
    edits = []
    for node in code_nodes(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
                and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in ("\n", "\r\n") and not node.keywords):
            edits.append(span(node, f"{segment(ctx.source, node.func.value)}.splitlines()"))
    source = apply_edits(ctx.source, edits)
    if not source:
        return []
    return [RuleFix(source, "split into lines with splitlines()",
                    "Text that ends with a newline gives an empty last item when split on \"\\n\"; splitlines() does not.",
                    "改行で終わる文字列を \"\\n\" で分割すると最後に空の要素ができるため、splitlines() を使います。")]


def _empty_filter(ctx, tree) -> list[RuleFix]:
    """A string compared with data that holds it only in another case or spelling."""
    if not ("ZeroDivisionError" in ctx.error_types or "size 0" in ctx.message or "out-of-bounds" in ctx.message):
        return []
    known = _values(ctx.namespace)
    if not known:
        return []
    for node in code_nodes(tree):
        if not isinstance(node, ast.Compare):
            continue
        for side in [node.left, *node.comparators]:
            if not (isinstance(side, ast.Constant) and isinstance(side.value, str)) or side.value in known:
                continue
            near = closest(side.value, known, n=1, cutoff=0.85)
            if near:
                good = near[0]
                source = apply_edits(ctx.source, [span(side, literal_like(segment(ctx.source, side), good))])
                kind = "case" if how_close(side.value, good) == "case" else "spelling"
                if source:
                    return [RuleFix(source, f"compare with {good!r}",
                                    f"No value is {side.value!r} (the data has {good!r}, in another {kind}), so the filter selected nothing.",
                                    f"データに {side.value!r} はなく {good!r} なので、絞り込みの結果が空になっていました。")]
    return []


def _values(namespace) -> set[str]:
    """The text values of the kernel's small columns, Series and lists (a bounded look)."""
    import pandas as pd

    found: set[str] = set()
    for value in itertools.islice(namespace.values(), 500):
        if isinstance(value, pd.DataFrame):
            columns = [value[c] for c in value.columns[:50] if value[c].dtype == object or pd.api.types.is_string_dtype(value[c])]
        elif isinstance(value, pd.Series):
            columns = [value]
        elif isinstance(value, (list, tuple, set)):
            columns = [list(itertools.islice(value, 5000))]
        else:
            continue
        for column in columns:
            items = column.iloc[:5000] if isinstance(column, pd.Series) else column
            found.update(v for v in items if isinstance(v, str) and len(v) < 100)
            if len(found) > 20000:
                return found
    return found
