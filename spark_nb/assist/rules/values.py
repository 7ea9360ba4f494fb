"""Reading what a cell refers to without running it: the value of an expression (only
attribute and item reads, on values of trusted libraries) and an object's public names."""

from __future__ import annotations

import ast
import builtins
import types
from typing import Any, Mapping


def public_names(obj: Any) -> list[str]:
    """``dir(obj)`` without private names; empty when the object's ``__dir__`` fails."""
    try:
        return [n for n in dir(obj) if not n.startswith("_")]
    except Exception:  # noqa: BLE001 - a user's or a module's __dir__ may raise
        return []



_SAFE_OWNERS = ("pandas", "numpy", "builtins", "collections", "datetime", "decimal")


def resolve(node: ast.AST, namespace: Mapping[str, Any]) -> Any:
    """The value of a plain expression (``df``, ``df["col"]``, ``df.col``, ``pd.read_csv``)
    read from ``namespace`` without running user code; ``MISSING`` when it cannot be read.

    Only names, constant subscripts and attributes of modules, classes and pandas/NumPy
    or built-in values are followed: an attribute of another object could be a property
    that runs the user's code.
    """
    if isinstance(node, ast.Name):
        if node.id in namespace:
            return namespace[node.id]
        return getattr(builtins, node.id, MISSING)
    if isinstance(node, ast.Attribute):
        owner = resolve(node.value, namespace)
        if owner is MISSING or not _safe_owner(owner):
            return MISSING
        try:
            return getattr(owner, node.attr)
        except Exception:  # noqa: BLE001 - a missing or failing attribute reads as unknown
            return MISSING
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        owner = resolve(node.value, namespace)
        if owner is MISSING or not _safe_owner(owner) or isinstance(owner, type):
            return MISSING
        try:
            return owner[node.slice.value]
        except Exception:  # noqa: BLE001
            return MISSING
    if isinstance(node, ast.Constant):
        return node.value
    return MISSING


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def _safe_owner(value: Any) -> bool:
    if isinstance(value, (types.ModuleType, type)):
        return True
    module = getattr(type(value), "__module__", "") or ""
    return module.split(".")[0] in _SAFE_OWNERS
