"""Keep only the part of a ghost-text completion that fits where it would be inserted.

A completion is a guess, shown before anyone checks it, so the checks here cost nothing:
no model and no kernel, only the cell's text and the last known column names.

- One line: the text stops at the first newline.
- Nothing twice: what the cell already has after the cursor (an editor's closing quote
  and bracket) is not typed again.
- It parses: the cell up to the end of the cursor's line, with the completion in place,
  must be Python that is complete or could still go on (``codeop`` decides). Otherwise
  the completion is cut back to its longest start that does. When the cell does not parse
  with any start of it either (a half-typed string, a line the check cannot read), the
  completion only loses what closes a bracket it never opened.
- Real columns: a string subscript the completion writes or finishes on a DataFrame
  whose columns are known must name one of them; the completion is cut before it, or
  dropped when the user had already begun that string.
"""
from __future__ import annotations

import codeop
import re
import warnings
from collections.abc import Collection, Mapping

_SUBSCRIPT = re.compile(r"\b([A-Za-z_]\w*)\s*\[\s*([\"'])(.*?)\2")
_OPEN, _CLOSE = "([{", ")]}"


def trim(prefix: str, text: str, suffix: str = "", *,
         columns: Mapping[str, Collection[str]] | None = None) -> str:
    """The part of ``text`` worth showing at the cursor between ``prefix`` and ``suffix``
    (the cell's text before and after it); ``""`` when nothing is."""
    text = text.split("\n", 1)[0].rstrip()
    rest = suffix.split("\n", 1)[0]
    text = _without_overlap(text, rest)
    text = _fitting(prefix, text, rest)
    if columns:
        text = _known_columns(prefix, text, columns)
    return text if text.strip() else ""


def _without_overlap(text: str, rest: str) -> str:
    """``text`` less its longest end that the line already goes on with."""
    head = rest.strip()
    for n in range(min(len(text), len(head)), 0, -1):
        if head.startswith(text[-n:]):
            return text[:-n].rstrip()
    return text


def _fitting(prefix: str, text: str, rest: str) -> str:
    source = _readable(prefix)
    for n in range(len(text), 0, -1):
        if _parses(source + text[:n] + rest):
            return text if n == len(text) else text[:n].rstrip()
    if _parses(source + rest):
        return ""  # the cell reads well without it, and no part of it keeps it so
    return _unopened_closers_cut(prefix.rsplit("\n", 1)[-1], text)


def _readable(prefix: str) -> str:
    """The cell's text with IPython's line magics and shell escapes read as ``pass``."""
    lines = prefix.split("\n")
    for i, line in enumerate(lines[:-1]):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            lines[i] = line[: len(line) - len(stripped)] + "pass"
    return "\n".join(lines)


def _parses(source: str) -> bool:
    """Complete Python, or the start of some."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            codeop.compile_command(source, "<cell>", "exec")
        except (SyntaxError, ValueError, OverflowError):
            return False
    return True


def _unopened_closers_cut(line: str, text: str) -> str:
    """``text`` up to the first bracket it closes that the line never opened."""
    depth, quote = 0, ""
    for ch in line:
        depth, quote = _step(ch, depth, quote)
    for i, ch in enumerate(text):
        if not quote and ch in _CLOSE and depth == 0:
            return text[:i]
        depth, quote = _step(ch, depth, quote)
    return text


def _step(ch: str, depth: int, quote: str) -> tuple[int, str]:
    if quote:
        return depth, "" if ch == quote else quote
    if ch in "\"'":
        return depth, ch
    if ch in _OPEN:
        return depth + 1, quote
    if ch in _CLOSE:
        return max(depth - 1, 0), quote
    return depth, quote


def _known_columns(prefix: str, text: str, columns: Mapping[str, Collection[str]]) -> str:
    line = prefix.rsplit("\n", 1)[-1]
    start = len(line)
    for m in _SUBSCRIPT.finditer(line + text):
        if m.end() <= start or m.group(1) not in columns:
            continue
        if m.group(3) in {str(c) for c in columns[m.group(1)]}:
            continue
        if m.start(2) < start:
            return ""  # the user began this string; a column it lacks is no help
        return text[: max(m.start() - start, 0)].rstrip()
    return text
