"""The ``overwrite`` check: generated code must not replace the user's data with its own.

Small models like to start with "sample data" that re-creates a DataFrame the notebook
already holds; run for real that would silently replace the user's data. A module-level
assignment to a name that holds a data object (anything with a ``shape``) is flagged when
its right-hand side builds data from literals (``pd.DataFrame({...})``, ``np.array([...])``,
a list or dict) and does not use that same name. Loading (``pd.read_csv``) and derived
values (``df = df.dropna()``) are left alone: the user may have asked for them.
"""

from __future__ import annotations

import ast
from typing import Any, Mapping


def check_overwrites(tree: ast.Module, namespace: Mapping[str, Any]) -> list[tuple[int, str, dict]]:
    problems, seen = [], set()
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        used = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
        for target in targets:
            name = target.id if isinstance(target, ast.Name) else None
            if name is None or name in seen or name in used or name not in namespace:
                continue
            if not hasattr(namespace[name], "shape") or not _builds_literal_data(node.value):
                continue
            seen.add(name)
            kind = type(namespace[name]).__name__
            problems.append((node.lineno, f"the code replaces the existing {kind} {name!r} with "
                             f"new data; use {name!r} as it is and do not re-create it",
                             {"name": name}))
    return problems


_CONSTRUCTORS = {"DataFrame", "Series", "array", "asarray", "from_dict", "from_records"}


def _builds_literal_data(value: ast.AST) -> bool:
    """True for sample data written into the code: a constructor fed literals, or a literal."""
    if isinstance(value, (ast.List, ast.Dict, ast.Tuple, ast.Set)):
        return True
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            literal_args = [a for a in (*node.args, *(k.value for k in node.keywords))
                            if isinstance(a, (ast.List, ast.Dict, ast.Tuple))]
            if name in _CONSTRUCTORS and literal_args:
                return True
    return False


def drop_overwrites(code: str, lines: set[int]) -> str:
    """``code`` without the module-level statements starting on ``lines`` (a rule repair)."""
    tree = ast.parse(code)
    drop: set[int] = set()
    for node in tree.body:
        if node.lineno in lines:
            drop.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    kept = [text for i, text in enumerate(code.splitlines(), start=1) if i not in drop]
    return "\n".join(kept).strip("\n")
