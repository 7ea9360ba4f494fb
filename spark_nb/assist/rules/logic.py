"""Whole-column logic written as if for one value, and checks the data fails.

- ``if df["temp"] > 30: df["hot"] = True else: ... = False`` asks one yes/no of a whole
  column: the answer is the column of comparisons itself (or ``np.where`` for two values),
  never ``.any()``, which would mark every row alike.
- ``(a > 1) and (b < 2)`` on columns: element-wise ``&`` / ``|``.
- ``np.dot(w, X)`` with the operands the wrong way round: swapped, when that lines up.
- ``assert df["id"].is_unique`` failing because the file repeats whole rows: drop the
  exact duplicates first; rows that share a key but differ are left for a person.
"""

from __future__ import annotations

import ast
import re

from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, insert_at_top, insert_before,
                                         on_line, parse_cell, segment, span, top_statement)
from spark_nb.assist.rules.values import resolve

ERRORS = ("ValueError", "AssertionError")

_AMBIGUOUS = re.compile(r"truth value of an? (Series|DataFrame|array)[^.]* is ambiguous")
_SHAPES = re.compile(r"shapes \(.*?\) and \(.*?\) not aligned|matmul: Input operand \d has a mismatch")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    stmt = top_statement(tree, ctx.line)
    if stmt is None:
        return []
    if _AMBIGUOUS.search(ctx.message):
        return _if_on_column(ctx, stmt) + _and_or(ctx, stmt)
    if _SHAPES.search(ctx.message):
        return _swap_operands(ctx, stmt)
    if "AssertionError" in ctx.error_types:
        return _repeated_rows(ctx, stmt)
    return []


def _if_on_column(ctx, stmt) -> list[RuleFix]:
    node = next((n for n in code_nodes(stmt) if isinstance(n, ast.If) and on_line(n.test, ctx.line)), None)
    if node is None or len(node.body) != 1 or len(node.orelse) != 1:
        return []
    yes, no = node.body[0], node.orelse[0]
    if not (isinstance(yes, ast.Assign) and isinstance(no, ast.Assign) and len(yes.targets) == len(no.targets) == 1):
        return []
    target = segment(ctx.source, yes.targets[0])
    if target != segment(ctx.source, no.targets[0]):
        return []
    test = segment(ctx.source, node.test)
    a, b = segment(ctx.source, yes.value), segment(ctx.source, no.value)
    if (a, b) == ("True", "False"):
        value = test
    elif (a, b) == ("False", "True"):
        value = f"~({test})"
    else:
        value = f"np.where({test}, {a}, {b})"
    source = apply_edits(ctx.source, [(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset,
                                        f"{target} = {value}")])
    if not source:
        return []
    if value.startswith("np.where") and "np" not in ctx.namespace and "import numpy as np" not in source:
        source = insert_at_top(source, "import numpy as np")
    return [RuleFix(source, "compare the whole column at once",
                    f"`if` needs one yes or no, but {test} gives one per row; assigning the comparison sets each row by its own value.",
                    f"`if` は一つの真偽値を必要としますが {test} は行ごとの値になるため、比較結果をそのまま各行に代入します。")]


def _and_or(ctx, stmt) -> list[RuleFix]:
    edits = []
    for node in code_nodes(stmt):
        if isinstance(node, ast.BoolOp) and on_line(node, ctx.line):
            op = " & " if isinstance(node.op, ast.And) else " | "
            parts = [segment(ctx.source, v) for v in node.values]
            parts = [p if isinstance(v, (ast.Name, ast.Call, ast.Subscript)) or p.startswith("(") else f"({p})"
                     for p, v in zip(parts, node.values)]
            edits.append(span(node, op.join(parts)))
    source = apply_edits(ctx.source, edits)
    if not source:
        return []
    return [RuleFix(source, "combine the conditions with & and |",
                    "`and` and `or` need one yes or no, but these conditions hold one per row; & and | combine them row by row.",
                    "`and`/`or` は一つの真偽値を必要とするため、行ごとの条件は & と | で組み合わせます。")]


def _swap_operands(ctx, stmt) -> list[RuleFix]:
    import numpy as np

    for node in code_nodes(stmt):
        pair = _operands(node)
        if pair is None or not on_line(node, ctx.line):
            continue
        left, right = (resolve(n, ctx.namespace) for n in pair)
        if not (hasattr(left, "shape") and hasattr(right, "shape")):
            continue
        try:
            np.dot(np.zeros(right.shape), np.zeros(left.shape))
        except ValueError:
            continue
        a, b = (segment(ctx.source, n) for n in pair)
        source = apply_edits(ctx.source, [span(pair[0], b), span(pair[1], a)])
        if source:
            return [RuleFix(source, f"multiply {b} by {a}",
                            f"The shapes {tuple(left.shape)} and {tuple(right.shape)} line up only the other way round.",
                            f"形状 {tuple(left.shape)} と {tuple(right.shape)} は逆の順序でのみ掛け合わせられます。")]
    return []


def _operands(node) -> tuple[ast.AST, ast.AST] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.Call) and len(node.args) == 2 and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("dot", "matmul"):
        return node.args[0], node.args[1]
    return None


def _repeated_rows(ctx, stmt) -> list[RuleFix]:
    import pandas as pd

    if not isinstance(stmt, ast.Assert):
        return []
    test = segment(ctx.source, stmt.test)
    for node in code_nodes(stmt.test):
        if not (isinstance(node, ast.Attribute) and node.attr == "is_unique"):
            continue
        column = node.value
        frame_node = column.value if isinstance(column, (ast.Subscript, ast.Attribute)) else None
        frame = resolve(frame_node, ctx.namespace) if frame_node is not None else None
        key = resolve(column, ctx.namespace)
        if not isinstance(frame, pd.DataFrame) or not isinstance(key, pd.Series):
            continue
        repeated = frame[key.duplicated(keep=False)]
        if repeated.empty or repeated.duplicated(keep=False).sum() != len(repeated):
            return []  # rows share a key but differ: which is right is for a person to say
        name = segment(ctx.source, frame_node)
        source = insert_before(ctx.source, stmt, f"{name} = {name}.drop_duplicates()")
        n = int(frame.duplicated().sum())
        return [RuleFix(source, "drop the repeated rows",
                        f"{name} repeats {n} whole row(s) exactly, so `{test}` fails until the copies are dropped.",
                        f"{name} には完全に同じ行が {n} 件重複しているため、重複を削除してから確認します。")]
    return []
