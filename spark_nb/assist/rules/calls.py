"""Mistakes in how a value is used: text joined to a number, a frame called like a
function, ``for i in len(x)``, a method named but not called, ``x = x.dropna(inplace=True)``,
a misspelt keyword argument, a dict looped over without ``.items()``, a dict changed while
it is looped over, and a global counter changed inside a function.

Each rule reads the interpreter's message for the kind of mistake and the failing line
for where it is, and changes only that spot.
"""

from __future__ import annotations

import ast
import inspect
import re

from spark_nb.assist.fuzzy import closest
from spark_nb.assist.rules.values import MISSING, resolve
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, insert_before, on_line,
                                         parse_cell, segment, span, top_statement)

ERRORS = ("TypeError", "ValueError", "RuntimeError", "UnboundLocalError", "AttributeError")

_CONCAT = re.compile(r'can only concatenate str \(not "(\w+)"\) to str|'
                     r"unsupported operand type\(s\) for \+: '(?:int|float|\w+)' and 'str'|"
                     r"unsupported operand type\(s\) for \+: 'str' and '\w+'")
_NOT_CALLABLE = re.compile(r"'(\w+)' object is not callable")
_NOT_ITERABLE = re.compile(r"'(int|float)' object is not iterable")
_METHOD_VALUE = re.compile(r"\bmethod\b|'builtin_function_or_method'")
_KEYWORD = re.compile(r"got an unexpected keyword argument '(\w+)'")
_UNPACK = re.compile(r"(too many|not enough) values to unpack \(expected (\d+)|cannot unpack non-iterable")
_CHANGED = re.compile(r"(dictionary|set) changed size during iteration", re.I)
_LOCAL = re.compile(r"local variable '(\w+)'|cannot access local variable '(\w+)'")
_MUTATE_NONE = {"sort": "sorted", "reverse": None}


def propose(ctx: ErrorContext) -> list[RuleFix]:
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    stmt = top_statement(tree, ctx.line)
    fixes: list[RuleFix] = []
    for rule in (_concat, _not_callable, _not_iterable, _method_value, _inplace_none,
                 _keyword, _unpack_dict, _changed_while_looping, _global_counter):
        fixes += rule(ctx, tree, stmt)
    return fixes


def _nodes_on_line(ctx, stmt):
    # a comprehension's `for` part has no position of its own: it counts where its iterable is
    return [n for n in code_nodes(stmt) if on_line(n.iter if isinstance(n, ast.comprehension) else n, ctx.line)
            ] if stmt is not None else []


def _fix(ctx, edits, title, en, ja) -> list[RuleFix]:
    source = apply_edits(ctx.source, edits)
    return [RuleFix(source, title, en, ja)] if source else []


def _concat(ctx, tree, stmt) -> list[RuleFix]:
    if "TypeError" not in ctx.error_types or not _CONCAT.search(ctx.message):
        return []
    for node in _nodes_on_line(ctx, stmt):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)):
            continue
        terms = _terms(node)
        if not any(_is_text(t, ctx.namespace) for t in terms):
            continue
        wrap = [t for t in terms if not _is_text(t, ctx.namespace) and not _is_number_text(t, ctx.namespace)]
        if wrap and len(wrap) < len(terms):
            edits = [span(t, f"str({segment(ctx.source, t)})") for t in wrap]
            return _fix(ctx, edits, "turn the number into text with str()",
                        "Text can only be joined to text, so the number needs str() first.",
                        "文字列には文字列しか連結できないため、数値を str() で文字列にします。")
    return []


def _terms(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _terms(node.left) + _terms(node.right)
    return [node]


def _is_text(node, ns) -> bool:
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("str", "repr", "format"):
        return True
    return isinstance(resolve(node, ns), str)


def _is_number_text(node, ns) -> bool:
    """A name holding a number written as text: that is a data problem, not this rule's."""
    value = resolve(node, ns)
    return isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit()


def _not_callable(ctx, tree, stmt) -> list[RuleFix]:
    match = _NOT_CALLABLE.search(ctx.message)
    if not match or match[1] not in ("DataFrame", "Series", "dict", "list", "tuple", "ndarray"):
        return []
    for node in _nodes_on_line(ctx, stmt):
        if (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
                and type(resolve(node.func, ctx.namespace)).__name__ == match[1]):
            func = segment(ctx.source, node.func)
            return _fix(ctx, [span(node, f"{func}[{segment(ctx.source, node.args[0])}]")],
                        f"use {func}[...] instead of {func}(...)",
                        f"{func} is a {match[1]}, which is indexed with square brackets, not called with round ones.",
                        f"{func} は {match[1]} なので、丸かっこで呼び出すのではなく角かっこで要素を取り出します。")
    return []


def _not_iterable(ctx, tree, stmt) -> list[RuleFix]:
    if not _NOT_ITERABLE.search(ctx.message):
        return []
    for node in _nodes_on_line(ctx, stmt):
        if isinstance(node, (ast.For, ast.comprehension)) and on_line(node.iter, ctx.line):
            it = node.iter
            if (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "len") or \
                    isinstance(resolve(it, ctx.namespace), int):
                text = segment(ctx.source, it)
                return _fix(ctx, [span(it, f"range({text})")], f"loop over range({text})",
                            "A number cannot be looped over; range() gives the positions from 0 up to it.",
                            "数値そのものはループできないため、range() で 0 からの番号を作ります。")
    return []


def _method_value(ctx, tree, stmt) -> list[RuleFix]:
    if "TypeError" not in ctx.error_types or not _METHOD_VALUE.search(ctx.message):
        return []
    called = {id(n.func) for n in code_nodes(stmt or tree) if isinstance(n, ast.Call)}
    edits = []
    for node in _nodes_on_line(ctx, stmt):
        if isinstance(node, ast.Attribute) and id(node) not in called and isinstance(node.ctx, ast.Load):
            method = resolve(node, ctx.namespace)
            if method is not MISSING and (inspect.ismethod(method) or inspect.isbuiltin(method)):
                if _no_required_arguments(method):
                    edits.append(span(node, segment(ctx.source, node) + "()"))
    return _fix(ctx, edits, "call the method with ()",
                "The method was named but not called, so its result never came; add () to call it.",
                "メソッドを呼び出さずに参照しているため、() を付けて結果を得ます。")


def _no_required_arguments(fn) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def _inplace_none(ctx, tree, stmt) -> list[RuleFix]:
    if "NoneType" not in ctx.message:
        return []
    edits, what = [], ""
    for node in code_nodes(tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        keyword = next((k for k in call.keywords if k.arg == "inplace"
                        and isinstance(k.value, ast.Constant) and k.value.value is True), None)
        if keyword is not None:
            rest = [segment(ctx.source, a) for a in call.args] + [
                segment(ctx.source, k) for k in call.keywords if k is not keyword]
            edits.append(span(call, f"{segment(ctx.source, call.func)}({', '.join(rest)})"))
            what = "inplace=True"
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "sort" and isinstance(
                resolve(call.func.value, ctx.namespace), list):
            args = [segment(ctx.source, call.func.value)] + [segment(ctx.source, k) for k in call.keywords]
            edits.append(span(call, f"sorted({', '.join(args)})"))
            what = ".sort()"
    return _fix(ctx, edits, f"keep the result instead of {what}",
                f"{what} changes the object itself and returns None, which was then assigned.",
                f"{what} はオブジェクト自体を変更して None を返すため、その None が代入されていました。") if edits else []


def _keyword(ctx, tree, stmt) -> list[RuleFix]:
    match = _KEYWORD.search(ctx.message)
    if not match:
        return []
    bad = match[1]
    for node in _nodes_on_line(ctx, stmt):
        if not isinstance(node, ast.Call):
            continue
        keyword = next((k for k in node.keywords if k.arg == bad), None)
        func = resolve(node.func, ctx.namespace)
        if keyword is None or func is MISSING:
            continue
        try:
            params = [p for p in inspect.signature(func).parameters if p not in ("self", "args", "kwargs")]
        except (TypeError, ValueError):
            continue
        fixes = []
        for good in _keyword_candidates(bad, params):
            text = segment(ctx.source, keyword)
            fixes += _fix(ctx, [span(keyword, good + text[len(bad):])], f"use {good}= instead of {bad}=",
                          f"{segment(ctx.source, node.func)}() has no argument {bad!r}; the one meant is {good!r}.",
                          f"{segment(ctx.source, node.func)}() に引数 {bad!r} はなく、正しくは {good!r} です。")
        return fixes[:2]
    return []


def _keyword_candidates(bad: str, params: list[str]) -> list[str]:
    low = bad.lower()
    found = closest(bad, params, n=2, cutoff=0.7)
    found += [p for p in params if len(p) >= 3 and p not in found and (
        low.startswith(p.lower()) or p.lower().startswith(low))]
    return found


def _unpack_dict(ctx, tree, stmt) -> list[RuleFix]:
    match = _UNPACK.search(ctx.message)
    if not match:
        return []
    for node in _nodes_on_line(ctx, stmt):
        if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Tuple) \
                and len(node.target.elts) == 2 and on_line(node.iter, ctx.line):
            value = resolve(node.iter, ctx.namespace)
            text = segment(ctx.source, node.iter)
            if isinstance(value, dict):
                return _fix(ctx, [span(node.iter, f"{text}.items()")], f"loop over {text}.items()",
                            "Looping over a dict gives only its keys; .items() gives each key with its value.",
                            "辞書をそのままループするとキーだけが得られるため、.items() でキーと値の組を取り出します。")
            if isinstance(value, (list, tuple)) and value and not any(isinstance(v, (tuple, list)) for v in value[:50]):
                return _fix(ctx, [span(node.iter, f"enumerate({text})")], f"loop over enumerate({text})",
                            "Each item is a single value, so two names need enumerate() to get the position too.",
                            "各要素は一つの値なので、番号と値の二つを受け取るには enumerate() を使います。")
    return []


def _changed_while_looping(ctx, tree, stmt) -> list[RuleFix]:
    match = _CHANGED.search(ctx.message)
    if not match:
        return []
    for node in code_nodes(tree):
        if isinstance(node, ast.For) and on_line(node, ctx.line) and not (
                isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Name)
                and node.iter.func.id == "list"):
            text = segment(ctx.source, node.iter)
            return _fix(ctx, [span(node.iter, f"list({text})")], f"loop over a copy: list({text})",
                        f"A {match[1].lower()} cannot change size while it is looped over, so loop over a copy of its items.",
                        "ループ中の辞書や集合は要素数を変えられないため、コピー（list）をループします。")
    return []


def _global_counter(ctx, tree, stmt) -> list[RuleFix]:
    match = _LOCAL.search(ctx.message)
    if not match or "UnboundLocalError" not in ctx.error_types:
        return []
    name = match[1] or match[2]
    module_level = name in ctx.namespace or any(
        isinstance(t, ast.Name) and t.id == name for s in tree.body if isinstance(s, (ast.Assign, ast.AugAssign))
        for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))
    if not module_level:
        return []
    for func in tree.body:
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(func)):
            body = func.body
            first = body[1] if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) else body[0]
            if isinstance(first, ast.Global):
                continue
            source = insert_before(ctx.source, first, f"global {name}")
            return [RuleFix(source, f"declare global {name}",
                            f"Assigning to {name} inside {func.name}() makes it a new local name; global {name} changes the one outside.",
                            f"{func.name}() の中で {name} に代入すると別のローカル変数になるため、global {name} で外側の変数を変更します。")]
    return []
