"""The ``outputs`` check: variables the request asks for must be made by the code.

"Store it in `total_units`", "a variable named totals", "`avg_price` に入れて": when the
request names a new variable and the code never assigns it, the user would get code that
runs but leaves nothing where they asked. Only names the request marks as names count
(backticks, "variable named X", "X という変数"...), and only names that are not in the
kernel yet; a name written as a string in the code (a column, a key) also counts as made.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Mapping

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# Words before a backticked name that make it something other than a variable.
_NOT_VARIABLE = re.compile(r"(column|col|key|field|列|カラム|キー)\s*$", re.I)
_PATTERNS = [
    re.compile(rf"`({_IDENT})`"),
    re.compile(rf"\b(?:variable(?:\s+(?:named|called))?|named|called)\s+['\"]?({_IDENT})\b", re.I),
    re.compile(rf"\b(?:store|save|put|keep)\s+(?:it|them|this|the result|the results)?\s*(?:in|into|as)\s+['\"]?({_IDENT})\b", re.I),
    re.compile(rf"['\"]?({_IDENT})['\"]?\s*という(?:変数|名前)"),
    re.compile(rf"変数\s*['\"]?({_IDENT})\b"),
]
_ENGLISH_WORDS = {"a", "an", "the", "it", "them", "this", "that", "one", "place", "memory",
                  "named", "called", "variable"}


def requested_names(request: str) -> list[str]:
    """New variable names the request asks for, in order of first mention."""
    found: list[str] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(request):
            name = m.group(1)
            if name.lower() in _ENGLISH_WORDS or _NOT_VARIABLE.search(request[: m.start()]):
                continue
            if name not in found:
                found.append(name)
    return found


def check_outputs(tree: ast.AST, request: str, namespace: Mapping[str, Any]) -> list[tuple[int, str, dict]]:
    """Problems ``(line, message, details)``: requested new names the code never makes."""
    wanted = [n for n in requested_names(request) if n not in namespace]
    if not wanted:
        return []
    made = _made_names(tree)
    return [(None, f"the request asks for `{name}`, but the code never assigns it; "
                   f"store the result in a variable named {name}", {"name": name})
            for name in wanted if name not in made]


def _made_names(tree: ast.AST) -> set[str]:
    made: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            made.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            made.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            made.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            made.add(node.value)  # df["name"] = ..., dict keys: the name as data
        elif isinstance(node, ast.keyword) and node.arg:
            made.add(node.arg)  # df.assign(name=...)
    return made
