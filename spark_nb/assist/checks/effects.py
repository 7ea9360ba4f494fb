"""The ``effects`` check of a fix: it must fix the cell, not make the error go away.

A fix that wraps the failing code in ``try``/``except``, deletes the failing statement,
or stops assigning a name the cell made leaves the notebook without the result the cell
was written for, and the next cell fails or, worse, runs on nothing. Each of these is a
failed check with what the fix did. Read from the code alone (the two cells' syntax
trees), so it needs no dry run.
"""

from __future__ import annotations

import ast
import difflib

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
    return problems


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
