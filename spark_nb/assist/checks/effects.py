"""The ``effects`` check of a fix: it must fix the cell, not make the error go away.

A fix that wraps the failing code in ``try``/``except``, deletes the failing statement,
stops assigning a name the cell made, or fills the data with a value nobody measured
(``fillna(0)``, ``errors="ignore"``) leaves the notebook without the result the cell was
written for, and the next cell fails or, worse, runs on made-up numbers. Each of these is
a failed check with what the fix did, read from the code alone (the two cells' syntax
trees). :func:`changed_kinds` adds the one that needs the fix's dry run: a name the cell
had already made before the failing line (a DataFrame, say) that the fix turns into
something else (a Series).
"""

from __future__ import annotations

import ast
import difflib
from typing import Any, Mapping

_BROAD = {"Exception", "BaseException"}


def check_effects(original: str, fixed: str, line: int | None = None,
                  error_type: str = "") -> list[tuple[str, str]]:
    """Problems ``(kind, message)`` of a fix of ``original`` that raised ``error_type`` at ``line``."""
    try:
        before, after = ast.parse(original), ast.parse(fixed)
    except SyntaxError:
        return []  # a cell that does not parse: the syntax check speaks for it
    problems = []
    lost = sorted(_assigned(before) - _assigned(after))
    if lost:
        names = ", ".join(f"`{n}`" for n in lost)
        problems.append(("keeps", f"the fix no longer assigns {names}, which the cell makes"))
    hidden = _new_handler(before, after, error_type)
    if hidden:
        problems.append(("silences", f"the fix catches the error ({hidden}) instead of fixing it"))
    if line and _deleted(original, fixed, line):
        problems.append(("deletes", f"the fix deletes line {line}, the one that failed, instead of fixing it"))
    invented = _new_fills(before, after)
    if invented:
        problems.append(("invents", f"the fix {invented} instead of fixing the cause"))
    return problems


def kinds_meant(original: str, fixed: str, line: int | None, namespace: Mapping[str, Any]) -> dict[str, str]:
    """The kind (type name) of each name the cell had made before it failed at ``line``,
    by a statement the fix leaves as it was: a fix that rewrites the statement making a
    name may well mean to change its kind (``s = df[["a"]]`` -> ``s = df["a"]``), and a
    name left None (``df = df.dropna(inplace=True)``) is the bug, not what was meant."""
    from spark_nb.assist.fingerprint.kinds import _type_name

    if not line:
        return {}
    try:
        tree = ast.parse(original)
    except SyntaxError:
        return {}
    kept = {ln.strip() for ln in fixed.splitlines()}
    done = [st for st in tree.body if (st.end_lineno or st.lineno) < line
            and all(ln.strip() in kept for ln in (ast.get_source_segment(original, st) or "\0").splitlines())]
    made = _assigned(ast.Module(body=done, type_ignores=[]))
    return {name: _type_name(namespace[name]) for name in sorted(made)
            if name in namespace and namespace[name] is not None}


def changed_kinds(meant: dict[str, str], fingerprint: dict | None) -> list[tuple[str, str]]:
    """Problems of a fix whose dry run (``fingerprint``) left a name of another kind than
    the cell had made it."""
    names = (fingerprint or {}).get("names") or {}
    problems = []
    for name, kind in meant.items():
        now = (names.get(name) or {}).get("type")
        if now and now != kind:
            problems.append(("kinds", f"the fix makes `{name}` a {now}, where the cell made it a {kind}"))
    return problems


_FILLS = {"fillna", "replace", "interpolate"}


def _fills(tree: ast.Module) -> list[str]:
    """What the code fills in: ``fillna(<literal>)``, ``replace(nan, <literal>)``, and
    conversions told to pass errors by (``errors="ignore"``)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "errors" and isinstance(kw.value, ast.Constant) and kw.value.value == "ignore":
                found.append('passes errors by (errors="ignore")')
            # errors="coerce" is not here: turning markers such as "?" into NaN is often the
            # right fix (the value was never measured), and NaN stays visible as missing
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else None
        values = [*node.args, *(kw.value for kw in node.keywords if kw.arg in ("value", None))]
        if attr == "fillna" and values and _literal(values[0]) is not _NOT:
            found.append(f"fills missing values with {_literal(values[0])!r}")
        elif attr == "replace" and len(node.args) >= 2 and _is_nan(node.args[0]) and _literal(node.args[1]) is not _NOT:
            found.append(f"replaces missing values with {_literal(node.args[1])!r}")
    return found


_NOT = object()


def _literal(node: ast.AST) -> Any:
    """The constant ``node`` writes (``0``, ``-1``, ``"n/a"``), else ``_NOT`` (a name, a
    call such as ``df.mean()``: a computed fill is the analyst's choice, not invented)."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return _NOT
    return _NOT if value is None or isinstance(value, (dict, list, tuple, set)) else value


def _is_nan(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("nan", "NaN", "NA")) or \
        (isinstance(node, ast.Constant) and node.value is None)


def _new_fills(before: ast.Module, after: ast.Module) -> str | None:
    old = _fills(before)
    for fill in _fills(after):
        if fill in old:
            old.remove(fill)
        else:
            return fill
    return None


def _assigned(tree: ast.Module) -> set[str]:
    """Names the cell binds in its own scope: assignments (inside if/for/with/try too),
    functions and classes; not names local to a function or a comprehension."""
    names: set[str] = set()
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return names


def _handlers(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler):
            found.append(_handler_name(node))
    return found


def _handler_name(node: ast.ExceptHandler) -> str:
    if node.type is None:
        return "a bare except"
    names = [n.id if isinstance(n, ast.Name) else getattr(n, "attr", "")
             for n in (node.type.elts if isinstance(node.type, ast.Tuple) else [node.type])]
    return "except " + ", ".join(names)


def _new_handler(before: ast.Module, after: ast.Module, error_type: str) -> str | None:
    """A handler the fix added that would catch ``error_type`` (or everything)."""
    old = set(_handlers(before))
    for name in _handlers(after):
        if name in old:
            continue
        caught = set(name.removeprefix("except ").split(", "))
        if name == "a bare except" or caught & _BROAD or (error_type and error_type in caught):
            return name
    return None


def _deleted(original: str, fixed: str, line: int) -> bool:
    """Whether the statement at ``line`` is gone with nothing in its place."""
    old = [ln.strip() for ln in original.splitlines()]
    new = [ln.strip() for ln in fixed.splitlines()]
    if not 0 < line <= len(old) or not old[line - 1]:
        return False
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if i1 <= line - 1 < i2:
            if tag == "delete":
                return True
            if tag == "replace":  # replaced by lines that do something else, or by nothing but comments
                kept = [ln for ln in new[j1:j2] if ln and not ln.startswith("#") and ln != "pass"]
                return not kept
    return False
