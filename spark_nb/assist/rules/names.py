"""NameError: a misspelt name, or a name whose cell has not run (or no longer counts).

Two kinds of answer. When the name is bound by another cell (one below the failing
cell, one not run yet, or one that ran before the name was deleted or the kernel
restarted), the fix is advice: run that cell. Otherwise, when the kernel knows a name
close enough (``sale`` for ``sales``, ``Total`` for ``total``), the fix renames every
use of it in the cell. Names that a missing import would bind (``np``, ``pd``) are left
to the ``imports`` rule.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re

from spark_nb.assist.rules import (ErrorContext, RuleFix, closest, first_line, parse_cell,
                                   rename_name)

ERRORS = ("NameError",)

_MESSAGE = re.compile(r"name '([^']+)' is not defined")
# Names a kernel holds that nobody means to type.
_HIDDEN = frozenset({"In", "Out", "exit", "quit", "get_ipython", "copyright", "credits",
                     "license", "help"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """Advice to run the cell that defines the name, then renames to a close known name."""
    name = missing_name(ctx)
    if not name or "UnboundLocalError" in ctx.error_types:
        return []  # a local read before its assignment: not a spelling or cell-order problem
    return _advice(ctx, name) + _respellings(ctx, name)


def missing_name(ctx: ErrorContext) -> str | None:
    """The name the NameError is about, from the exception or its message."""
    name = getattr(ctx.exception, "name", None)
    if isinstance(name, str) and name:
        return name
    match = _MESSAGE.search(ctx.message)
    return match[1] if match else None


@functools.lru_cache(maxsize=512)
def defined_names(source: str) -> frozenset[str]:
    """The global names a cell binds (assignments, defs, classes, imports, loops, ``with``).

    Names bound only inside functions, classes or comprehensions do not count; a cell
    that does not parse binds nothing.
    """
    tree = parse_cell(source)
    if tree is None:
        return frozenset()
    names: set[str] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            names.update(n for sub in ast.walk(node) if isinstance(sub, ast.Global) for n in sub.names)
            continue
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        todo.extend(ast.iter_child_nodes(node))
    return frozenset(names)


def _advice(ctx: ErrorContext, name: str) -> list[RuleFix]:
    fixes = []
    cells, here = list(ctx.notebook_cells), ctx.cell_index
    ran = [cell for cell in ctx.history if name in defined_names(cell)]
    if here is not None and 0 <= here < len(cells):
        below = next((i for i in range(here + 1, len(cells)) if name in defined_names(cells[i])), None)
        if below is not None:
            fixes.append(RuleFix(
                None, f"run cell {below + 1} first",
                f"`{name}` is defined in cell {below + 1}, below this one: run it first.",
                f"`{name}` はこのセルより下のセル {below + 1} で定義されています。"
                "先にそのセルを実行してください。"))
        elif not ran:
            above = next((i for i in range(here - 1, -1, -1) if name in defined_names(cells[i])), None)
            if above is not None:
                fixes.append(RuleFix(
                    None, f"run cell {above + 1} first",
                    f"`{name}` is defined in cell {above + 1}, which has not run in this kernel: run it first.",
                    f"`{name}` はセル {above + 1} で定義されていますが、このカーネルではまだ"
                    "実行されていません。先にそのセルを実行してください。"))
    if ran:
        start = first_line(ran[-1])
        page = next((i for i, c in enumerate(cells) if c.strip() == ran[-1].strip()), None)
        where, where_ja = ((f"cell {page + 1} (starting `{start}`)", f"セル {page + 1}（`{start}` で始まるセル）")
                           if page is not None else (f"the cell starting `{start}`", f"`{start}` で始まるセル"))
        fixes.append(RuleFix(
            None, f"run the cell that defines `{name}` again",
            f"`{name}` was defined earlier by {where} but is gone now "
            "(deleted, or the kernel restarted): run that cell again.",
            f"`{name}` は{where_ja}で定義されていましたが、今は存在しません"
            "（削除されたか、カーネルが再起動されました）。そのセルをもう一度実行してください。"))
    return fixes


def _respellings(ctx: ErrorContext, name: str) -> list[RuleFix]:
    from spark_nb.assist.rules import imports

    if imports.import_line(name, parse_cell(ctx.source)):
        return []  # `np` wants an import, not the closest variable
    known = [k for k in ctx.namespace if isinstance(k, str) and not k.startswith("_") and k not in _HIDDEN]
    known += [k for k in dir(builtins) if not k.startswith("_") and k not in _HIDDEN]
    known += defined_names(ctx.source)
    fixes = []
    for good in closest(name, known, n=2, cutoff=0.75):
        source = rename_name(ctx.source, name, good, ctx.line)
        if source is None:
            continue
        fixes.append(RuleFix(
            source, f"use `{good}` instead of `{name}`",
            f"`{name}` is not defined; `{good}` is the closest name this kernel knows.",
            f"`{name}` は定義されていません。近い名前の `{good}` の書き間違いと思われます。"))
    return fixes
