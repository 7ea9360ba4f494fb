"""Indentation repairs for the ``syntax`` rule: IndentationError and TabError.

A helper of :mod:`spark_nb.assist.rules.syntax`, not a rule module of its own. Each
repair takes the cell and the error and returns candidates ``[(source, info)]``, best
first; ``syntax`` keeps those that make the whole cell parse.
"""

from __future__ import annotations

import io
import re
import tokenize

from spark_nb.assist.text import python_source

SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
        tokenize.ENDMARKER}


def tokens(code: str) -> list[tokenize.TokenInfo]:
    """The tokens of ``code`` up to the first one that does not tokenize."""
    found: list[tokenize.TokenInfo] = []
    try:
        found.extend(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        pass  # the tokens before the error are what the repairs need
    return found


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" \t"))


def _statement_rows(code: str) -> list[int]:
    """The rows on which the logical lines of ``code`` start."""
    rows, new = [], True
    for tok in tokens(code):
        if tok.type == tokenize.NEWLINE:
            new = True
        elif tok.type not in SKIP and new:
            rows.append(tok.start[0])
            new = False
    return rows


def _shift(source: str, first: int, delta: int, goes_along) -> str:
    """Shift line ``first`` by ``delta`` columns, and the lines after it while ``goes_along(row)``."""
    lines = source.split("\n")
    for i in range(first - 1, len(lines)):
        if i >= first and not goes_along(lines[i]):
            break
        if lines[i].strip():
            lines[i] = " " * delta + lines[i] if delta > 0 else lines[i][-delta:]
    return "\n".join(lines)


def _block(here: int):
    """Whether a row belongs to the block of a line indented ``here``: blank or as deep."""
    return lambda row: not row.strip() or _indent(row) >= here


def dedent(source: str, err: SyntaxError) -> list:
    """"unexpected indent": the line and its block back to the statement before it."""
    line = err.lineno
    code = python_source(source).split("\n")
    rows = _statement_rows("\n".join(code[: line - 1]))
    target = _indent(code[rows[-1] - 1]) if rows else 0
    here = _indent(code[line - 1])
    if here <= target:
        return []
    return [(_shift(source, line, target - here, _block(here)), {"line": line})]


def indent_block(source: str, err: SyntaxError) -> list:
    """"expected an indented block": the line after the header, or the run of lines, indented."""
    line, header = err.lineno, re.search(r"on line (\d+)", err.msg)
    lines = source.split("\n")
    if not header or line <= int(header[1]) or line > len(lines):
        return []
    head = lines[int(header[1]) - 1]
    indents = [_indent(r) for r in lines if r.strip() and _indent(r)]
    delta = _indent(head) + (min(indents) if indents else 4) - _indent(lines[line - 1])
    if delta <= 0:
        return []
    here, info = _indent(lines[line - 1]), {"header": int(header[1])}
    # The line alone (with what nests under it), or the run down to a blank line.
    single = (_shift(source, line, delta, lambda row: not row.strip() or _indent(row) > here), info)
    run = (_shift(source, line, delta, lambda row: row.strip() and _indent(row) >= here), info)
    return [run, single] if re.match(r"\s*(async\s+def|def|class)\b", head) else [single, run]


def align(source: str, err: SyntaxError) -> list:
    """"unindent does not match": the line and its block moved to an enclosing level."""
    line = err.lineno
    code = python_source(source).split("\n")
    levels, lowest = [], None
    for row in reversed(_statement_rows("\n".join(code[: line - 1]))):
        width = _indent(code[row - 1])
        if lowest is None or width < lowest:
            levels.append(width)
            lowest = width
    here = _indent(code[line - 1])
    # The nearest level on either side; the nearer first, the outer one on a tie.
    near = [(w, "the enclosing block") for w in levels if w < here][:1]
    near += [(w, "the block above") for w in reversed(levels) if w > here][:1]
    near.sort(key=lambda level: (abs(level[0] - here), level[0]))
    return [(_shift(source, line, w - here, _block(here)), {"line": line, "where": where}) for w, where in near]


def expand_tabs(source: str, err: SyntaxError) -> list:
    """Mixed tabs and spaces: the tabs of the margins as 4 spaces, else as 8."""
    return [("\n".join(r[:_indent(r)].expandtabs(size) + r[_indent(r):] for r in source.split("\n")),
             {"size": size}) for size in (4, 8)]


