"""NameError: a misspelt name, or a name whose cell has not run (or no longer counts).

Two kinds of answer. When the name is bound by another cell (one below the failing
cell, one not run yet, or one that ran before the name was deleted or the kernel
restarted), the fix is advice: run that cell. Otherwise, when the kernel knows a name
close enough (``sale`` for ``sales``, ``Total`` for ``total``, ``sales_df`` for
``df_sales``: the same words in another order), the fix renames every use of it in the
cell. A name that a function of the cell binds only inside itself, used after a bare
call of that function, gets returned and assigned (``load()`` -> ``data = load()``).
Names that a missing import would bind (``np``, ``pd``) are left to the ``imports`` rule.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re

from spark_nb.assist.fuzzy import closest, how_close
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix, missing_name
from spark_nb.assist.rules.edits import (apply_edits, first_line, parse_cell, rename_name, segment,
                                         span)

ERRORS = ("NameError",)

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
    return _advice(ctx, name) + _returned(ctx, name) + _respellings(ctx, name)


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
    for good in close_names(name, known):
        source = rename_name(ctx.source, name, good, ctx.line)
        if source is None:
            continue
        fixes.append(RuleFix(
            source, f"use `{good}` instead of `{name}`",
            f"`{name}` is not defined; `{good}` is the closest name this kernel knows.",
            f"`{name}` は定義されていません。近い名前の `{good}` の書き間違いと思われます。"))
    return fixes


def close_names(name: str, known) -> list[str]:
    """Up to two names of ``known`` close to ``name``: the same but for case or width, the
    same words in another order (``sales_df``, ``df_sales``, ``salesDf``), then by spelling."""
    known = list(dict.fromkeys(known))
    near = closest(name, known, n=2, cutoff=0.75)
    words, letters = _words(name), len(name.replace("_", ""))
    reordered = [k for k in known if len(words) > 1 and k != name  # the length first: it is cheap
                 and len(k.replace("_", "")) == letters and _words(k) == words]
    same = [k for k in near if how_close(name, k) != "spelling"]
    return list(dict.fromkeys(same + reordered + near))[:2]


def _words(name: str) -> tuple[str, ...]:
    """The words of a name, sorted: split at ``_`` and at camelCase humps."""
    words = []
    for chunk in filter(None, name.split("_")):
        found = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", chunk)
        words += found if "".join(found) == chunk else [chunk]
    return tuple(sorted(w.casefold() for w in words))


def _returned(ctx: ErrorContext, name: str) -> list[RuleFix]:
    """``return name`` added to the function of the cell that binds it, its call assigned."""
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    for func in tree.body:
        if not isinstance(func, ast.FunctionDef) or not _keeps_local(func, name):
            continue
        calls = [s for s in tree.body if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
                 and isinstance(s.value.func, ast.Name) and s.value.func.id == func.name
                 and s.lineno > func.end_lineno and (ctx.line is None or s.end_lineno < ctx.line)]
        if not calls or func.body[0].lineno == func.lineno:
            continue
        lines = ctx.source.split("\n")
        first, last = lines[func.body[0].lineno - 1], lines[func.end_lineno - 1]
        indent = first[: len(first) - len(first.lstrip())]
        end = len(last.encode())
        edits = [(func.end_lineno, end, func.end_lineno, end, f"\n{indent}return {name}"),
                 span(calls[-1], f"{name} = {segment(ctx.source, calls[-1].value)}")]
        source = apply_edits(ctx.source, edits)
        if source is not None:
            return [RuleFix(
                source, f"return `{name}` from `{func.name}()`",
                f"`{name}` is set only inside `{func.name}()` and is gone once it returns: "
                "return it and keep the result.",
                f"`{name}` は関数 `{func.name}()` の中でしか定義されていないため、関数の外では"
                "使えません。関数から返して、呼び出し側で受け取ります。")]
    return []


def _keeps_local(func: ast.FunctionDef, name: str) -> bool:
    """Whether ``func`` binds ``name`` as a local and returns no value (nor yields)."""
    args = func.args
    params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    params |= {a.arg for a in (args.vararg, args.kwarg) if a}
    binds = False
    todo = list(func.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and getattr(node, "value", None):
            return False
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            binds = True
        if not isinstance(node, _SCOPES):
            todo.extend(ast.iter_child_nodes(node))
    return binds and name not in params
