"""Editing a cell's source for a fix: parse it (IPython lines included), find nodes, and
apply edits at the positions ast gives, so everything else in the cell stays
byte-for-byte; ast counts columns in UTF-8 bytes, which matters for Japanese names."""

from __future__ import annotations

import ast
import functools
import io
import re
import sys
import tokenize

from spark_nb.assist.text import python_source

#
# Edits are made at the positions ast gives, so everything else in the cell stays
# byte-for-byte; ast counts columns in UTF-8 bytes, which matters for Japanese names.

Edit = tuple  # (line, col, end_line, end_col, new_text); columns in UTF-8 bytes, as ast
_OLD_FSTRINGS = sys.version_info < (3, 12)  # before 3.12, nodes inside f-strings have no true positions
_RUNS_CODE = re.compile(r"^\s*%(time|timeit|prun|debug|capture)\b")


@functools.lru_cache(maxsize=16)
def _cell(source: str) -> tuple[ast.Module | None, str, frozenset[int]]:
    code = python_source(source)
    changed = frozenset(i for i, (a, b) in enumerate(
        zip(source.split("\n"), code.split("\n")), start=1) if a.rstrip("\r") != b)
    try:
        return ast.parse(code), code, changed
    except (SyntaxError, ValueError):
        return None, code, changed


def parse_cell(source: str) -> ast.Module | None:
    """The cell's syntax tree with IPython-only lines made ``pass``; None if it does not parse.

    Line numbers match ``source``. The tree is shared between rules: do not change it.
    """
    return _cell(source)[0]


def segment(source: str, node: ast.AST) -> str:
    """The text of ``node`` in the cell (``""`` when it has no position)."""
    return ast.get_source_segment(_cell(source)[1], node) or ""


def code_nodes(tree: ast.AST):
    """Every node of ``tree`` whose position can be trusted for an edit.

    Before Python 3.12 the parts of an f-string carry the f-string's position, so the
    f-string is yielded but not what it contains.
    """
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if not (_OLD_FSTRINGS and isinstance(node, ast.JoinedStr)):
            todo.extend(reversed(list(ast.iter_child_nodes(node))))


def on_line(node: ast.AST, line: int | None) -> bool:
    """Whether ``node`` spans ``line`` (always true when the line is unknown)."""
    if line is None:
        return True
    start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    return start is not None and start <= line <= (end or start)


def span(node: ast.AST, text: str) -> Edit:
    """An edit that replaces ``node`` with ``text``."""
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, text)


def attr_span(node: ast.Attribute, text: str) -> Edit:
    """An edit that replaces only the attribute name of ``node`` (``df.haed`` -> ``haed``)."""
    end = node.end_col_offset
    return (node.end_lineno, end - len(node.attr.encode()), node.end_lineno, end, text)


def apply_edits(source: str, edits) -> str | None:
    """``source`` with ``edits`` made; None when there is nothing to change.

    Edits on IPython-only lines (``%magic``, ``!cmd``) are dropped, so those lines stay
    as they are; of two overlapping edits the first one given wins.
    """
    changed = _cell(source)[2]
    lines = source.split("\n")

    def offset(line: int, col: int) -> int:
        text = lines[line - 1]
        return sum(len(x) + 1 for x in lines[: line - 1]) + len(
            text.encode()[:col].decode(errors="ignore"))

    spans = []
    for line, col, end_line, end_col, text in edits:
        if any(n in changed for n in range(line, end_line + 1)) or end_line > len(lines):
            continue
        start, end = offset(line, col), offset(end_line, end_col)
        if not any(start < e and s < end or s == start for s, e, _ in spans):
            spans.append((start, end, text))
    if not spans:
        return None
    out = source
    for start, end, text in sorted(spans, reverse=True):
        out = out[:start] + text + out[end:]
    return out if out != source else None


def rename_name(source: str, old: str, new: str, line: int | None = None) -> str | None:
    """``source`` with the variable ``old`` renamed ``new`` wherever it is used as a name.

    Strings, comments, attributes (``x.old``) and keywords (``f(old=1)``) are left
    alone. A cell that does not parse is edited on ``line`` only, token by token.
    """
    tree = parse_cell(source)
    if tree is None:
        return _rename_on_line(source, old, new, line)
    edits = []
    for node in code_nodes(tree):
        if isinstance(node, ast.Name) and node.id == old:
            edits.append(span(node, new))
        elif _OLD_FSTRINGS and isinstance(node, ast.JoinedStr):
            text = segment(source, node)
            renamed = _rename_in_fstring(text, old, new)
            if text and renamed != text:
                edits.append(span(node, renamed))
    return apply_edits(source, edits)


def _rename_in_fstring(text: str, old: str, new: str) -> str:
    # Only the parts between single braces are code; `{{` is a literal brace.
    word = re.compile(rf"(?<![\w.'\"]){re.escape(old)}(?![\w'\"])")
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if depth == 0 and text.startswith(("{{", "}}"), i):
            i += 2
            continue
        if ch == "{":
            if depth == 0:
                out.append(text[start:i + 1])
                start = i + 1
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append(word.sub(new, text[start:i]))
                start = i
        i += 1
    out.append(text[start:])
    return "".join(out)


def _rename_on_line(source: str, old: str, new: str, line: int | None) -> str | None:
    if line is None:
        return None
    lines = source.split("\n")
    if not 0 < line <= len(lines):
        return None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(lines[line - 1]).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    text = lines[line - 1]
    for prev, tok in sorted(zip([None, *tokens], tokens), key=lambda p: -p[1].start[1]):
        if tok.type == tokenize.NAME and tok.string == old and not (prev and prev.string == "."):
            text = text[: tok.start[1]] + new + text[tok.end[1]:]
    lines[line - 1] = text
    out = "\n".join(lines)
    return out if out != source else None


def string_nodes(tree: ast.AST, value: str | None = None):
    """The plain string literals of ``tree`` (not f-strings, not bytes), or those equal to ``value``."""
    for node in code_nodes(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                value is None or node.value == value):
            yield node


def literal_like(original: str, value: str) -> str:
    """A string literal for ``value`` written like ``original`` (same prefix and quotes)."""
    match = re.match(r"([rRuU]?)('''|\"\"\"|'|\")", original)
    if match is None:
        return repr(value)
    prefix, quote = match.groups()
    plain = value.isprintable() and quote[0] not in value and (
        "\\" not in value if not prefix.lower() == "r" else not value.endswith("\\"))
    return f"{prefix}{quote}{value}{quote}" if plain else repr(value)


def replace_literals(source: str, nodes, new_value: str) -> str | None:
    """``source`` with the string literals ``nodes`` changed to hold ``new_value``."""
    return apply_edits(source, [span(n, literal_like(segment(source, n), new_value)) for n in nodes])


def replace_literal_on_line(source: str, old_value: str, new_value: str, line: int | None) -> str | None:
    """Change the string literals equal to ``old_value`` on ``line``, token by token.

    For cells that do not parse; the other lines are not touched.
    """
    if line is None:
        return None
    lines = source.split("\n")
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    for tok in reversed(tokens):
        if tok.type != tokenize.STRING or tok.string[:1].lower() in "bf":
            continue
        try:
            value = ast.literal_eval(tok.string)
        except (ValueError, SyntaxError):
            continue
        if value == old_value:
            text = text[: tok.start[1]] + literal_like(tok.string, new_value) + text[tok.end[1]:]
    lines[line - 1] = text
    out = "\n".join(lines)
    return out if out != source else None


def insert_at_top(source: str, text: str) -> str:
    """``source`` with ``text`` (whole lines) put before its first line of code.

    A cell magic (``%%time``) stays first; leading comments, blank lines and setting
    magics (``%matplotlib inline``, ``!ls``) stay above; magics that run code
    (``%time x = f()``) count as code.
    """
    lines = source.splitlines(keepends=True)
    at = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if i == 0 and stripped.startswith("%%"):
            at = 1
            continue
        if not stripped or stripped.startswith("#") or (
                stripped[:1] in "%!" and not stripped.startswith("%%") and not _RUNS_CODE.match(line)):
            continue
        at = i
        break
    else:
        at = len(lines)
    if not text.endswith("\n"):
        text += "\n"
    head = "".join(lines[:at])
    if head and not head.endswith("\n"):
        head += "\n"
    return head + text + "".join(lines[at:])


def first_line(source: str, limit: int = 60) -> str:
    """The first line of code of ``source``, shortened to ``limit`` characters."""
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def top_statement(tree: ast.Module, line: int | None) -> ast.stmt | None:
    """The statement of the cell's top level that spans ``line``."""
    if line is None:
        return None
    for stmt in tree.body:
        if on_line(stmt, line):
            return stmt
    return None


def insert_before(source: str, stmt: ast.stmt, text: str) -> str:
    """``source`` with ``text`` (whole lines, no indentation of their own) put just above
    ``stmt``, indented like it; comments right above ``stmt`` stay above the new lines."""
    lines = source.split("\n")
    at = stmt.lineno - 1
    if getattr(stmt, "decorator_list", None):
        at = min(d.lineno for d in stmt.decorator_list) - 1
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    new = [indent + t if t else t for t in text.rstrip("\n").split("\n")]
    return "\n".join(lines[:at] + new + lines[at:])
