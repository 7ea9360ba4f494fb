"""A traceback as the model should see it: short, the cell's lines, the values involved.

Frames inside libraries are cut to the last two; the error line's names get their
values (trimmed with ``reprlib``); anything that looks like a secret is withheld, also
when the exception's message quotes it: the values that the namespace and the frames'
locals hold under secret names are replaced wherever they appear.
"""

from __future__ import annotations

import ast
import reprlib
import traceback
from typing import Any, Mapping

from spark_nb.context.secrets import looks_secret, redact_text, remember_frames, remember_namespace

_repr = reprlib.Repr()
_repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 80, 80, 8, 8


def _safe_repr(value: Any) -> str:
    try:
        return _repr.repr(value)
    except Exception:  # noqa: BLE001 - a user's __repr__ may raise
        return f"<{type(value).__name__}>"


def describe(exc: BaseException, source: str, namespace: Mapping[str, Any], *,
             line: int | None = None, max_chars: int = 2500) -> str:
    """The error with its last frames and the values of the names on the error line."""
    remember_namespace(namespace)
    remember_frames(exc)
    try:
        frames = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-4)
    except Exception:  # noqa: BLE001 - never let describing an error raise another
        frames = [f"{type(exc).__name__}\n"]
    text = "".join(frames)
    if len(text) > max_chars:  # RecursionError and friends: keep the head and the end
        text = text[: max_chars // 3] + "\n  [… frames cut …]\n" + text[-(2 * max_chars) // 3:]
    values = _line_values(source, line, namespace)
    if values:
        text += "\nValues on that line:\n" + "\n".join(values)
    return redact_text(text, names=[k for k in namespace if isinstance(k, str)])


def _line_values(source: str, line: int | None, namespace: Mapping[str, Any]) -> list[str]:
    if not line:
        return []
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return []
    try:
        tree = ast.parse(lines[line - 1].strip())
    except SyntaxError:
        return []
    out = []
    for name in dict.fromkeys(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)):
        if name not in namespace:
            continue
        value = namespace[name]
        if looks_secret(name, value) or type(value).__name__ == "module" or callable(value):
            continue
        out.append(f"  {name} = {_safe_repr(value)}  ({type(value).__name__})")
    return out[:8]
