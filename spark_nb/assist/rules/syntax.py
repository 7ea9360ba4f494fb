"""SyntaxError, IndentationError, TabError: the small slips the interpreter names exactly.

The cell is parsed again (IPython-only lines made ``pass``), which gives the interpreter's
own message and position with or without a live exception. The message picks a repair
from :data:`_KINDS` that edits only the place reported; a fix is offered only when the
whole cell then parses. Slips that come many to a cell (full-width characters, a list
missing two commas) are repaired again on each next error of the same kind; an error of
another kind after a repair means the guess was not the right one.
"""

from __future__ import annotations

import ast
import re
import tokenize
import unicodedata

from spark_nb.assist.text import python_source
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules._indentation import (SKIP, align, dedent, expand_tabs, indent_block,
                                                tokens)

ERRORS = ("SyntaxError", "IndentationError", "TabError")

STEPS = 50
_BUDGET = 60  # compiles per error, so a long cell with many candidates stays fast
_BRANCH = 2  # candidates tried for each further error: the first one is nearly always it
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
# Typographic characters NFKC leaves alone; full-width ASCII (（ ＝ １) NFKC maps itself.
_TYPOGRAPHIC = {"\u3000": " ", "\u00a0": " ", "“": '"', "”": '"', "„": '"', "″": '"',
                "‘": "'", "’": "'", "′": "'", "—": "-", "–": "-", "−": "-", "‐": "-",
                "、": ",", "。": ".", "×": "*", "÷": "/", "〔": "[", "〕": "]"}


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """The repaired cell for the error the cell's source raises, when one repair makes it parse."""
    err = _error(ctx.source)
    kind = _kind(ctx.source, err)
    if isinstance(err, IndentationError) and _mixes_tabs(ctx.source):
        kind = next(k for k in _KINDS if k[0] == "tab")  # the levels only make sense without tabs
    if kind is None:
        return []
    name, fixer, limit = kind[0], kind[2], kind[3]
    budget, fixes = [_BUDGET], []
    for source, info in fixer(ctx.source, err):
        solved = _solve(source, [(name, info)], budget)
        if solved and solved[0] not in {f.source for f in fixes}:
            fixes.append(_describe(*solved))
            if len(fixes) >= limit:
                break
    return fixes


def _kind(source: str, err: SyntaxError | None):
    """The entry of :data:`_KINDS` that repairs ``err``; None for others, or for a position
    outside the cell (an error at the end of the input)."""
    if err is None or not 1 <= (err.lineno or 0) <= source.count("\n") + 1:
        return None
    return next((k for k in _KINDS if k[1].search(err.msg or "")), None)


def _mixes_tabs(source: str) -> bool:
    margins = {ch for row in source.split("\n") for ch in row[: len(row) - len(row.lstrip(" \t"))]}
    return margins == {" ", "\t"}


def _error(source: str) -> SyntaxError | None:
    try:  # compiled, not only parsed: `return` outside a function fails here too
        compile(python_source(source), "<cell>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError too
        return exc
    except ValueError:  # null bytes: nothing a rule can repair
        return None
    return None


def _solve(source: str, steps: list, budget: list):
    """``(source, steps)`` once ``source`` parses, repairing the next errors of the same kind."""
    budget[0] -= 1
    err = _error(source)
    if err is None:
        return source, steps
    kind, last = _kind(source, err), steps[-1][0]
    if budget[0] <= 0 or len(steps) >= STEPS or kind is None or kind[0] != last:
        return None  # another kind of error: not one slip repeated, so not ours to guess
    for new, info in kind[2](source, err)[:_BRANCH]:
        solved = _solve(new, steps + [(kind[0], info)], budget)
        if solved:
            return solved
    return None


def _describe(source: str, steps: list) -> RuleFix:
    name, info = steps[0][0], dict(steps[0][1])
    for _, more in steps[1:]:  # all steps are of one kind: the characters are listed together
        if "chars" in info and more["chars"] not in info["chars"]:
            info["chars"] += " " + more["chars"]
    title, en, ja = next(k[4:] for k in _KINDS if k[0] == name)
    return RuleFix(source, title.format(**info), en.format(**info), ja.format(**info))


# --- positions and edits (columns are characters, as SyntaxError and tokenize count) ---

def _where(source: str, err: SyntaxError) -> tuple[int, int, str]:
    """The error's line, its column (0-based) and the text of that line."""
    line = err.lineno or 1
    return line, max((err.offset or 1) - 1, 0), source.split("\n")[line - 1]


def _edit(source: str, line: int, col: int, end: int, text: str) -> str:
    lines = source.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[:col] + text + row[end:]
    return "\n".join(lines)


def _code_end(row: str) -> int:
    """Where the code of ``row`` ends: before a comment and trailing spaces."""
    end = len(row)
    for tok in tokens(row):
        if tok.type == tokenize.COMMENT:
            end = tok.start[1]
            break
    return len(row[:end].rstrip())


# --- the repairs: each returns candidates ``[(source, info)]``, best first ------------

def _add_colon(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    at = len(row[:col].rstrip()) if col <= len(row) else _code_end(row)
    return [(_edit(source, line, at, at, ":"), {"line": line})]


def _double_equals(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    end = err.end_offset - 1 if err.end_lineno == line and (err.end_offset or 0) > col else col + 1
    plain = err.msg == "invalid syntax"  # then only an `=` right where the error is
    for tok in tokens(row):
        if tok.string == "=" and (tok.start[1] == col if plain else col <= tok.start[1] < end):
            return [(_edit(source, line, tok.start[1], tok.end[1], "=="), {"line": line})]
    return []


def _add_comma(source: str, err: SyntaxError) -> list:
    line, col, _ = _where(source, err)
    start, stop = (line, col), (err.end_lineno or line, max((err.end_offset or 0) - 1, col + 1))
    out, stack, prev = [], [], None
    for tok in tokens(python_source(source)):
        if tok.type in SKIP:
            continue
        if prev and start <= prev.start and tok.end <= stop and prev.string not in "([{," \
                and tok.string not in ")]},":
            for sep in (":", ",") if stack[-1:] == ["{"] else (",",):
                row, at = prev.end
                out.append((_edit(source, row, at, at, sep), {"line": row, "sep": sep}))
        if tok.string in _CLOSERS:
            stack.append(tok.string)
        elif tok.string in _CLOSERS.values() and stack:
            stack.pop()
        prev = tok
    return out


def _close_bracket(source: str, err: SyntaxError) -> list:
    line, _, _ = _where(source, err)
    opener = re.match(r"'(.)'", err.msg)[1]
    lines, out = source.split("\n"), []
    for row in range(line, min(len(lines), line + 20) + 1):
        if row == line or lines[row - 1].strip():
            at = _code_end(lines[row - 1])
            out.append((_edit(source, row, at, at, _CLOSERS[opener]), {"line": line, "open": opener}))
    return out


def _drop_bracket(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    closer = re.search(r"'(.)'", err.msg)[1]
    if row[col:col + 1] != closer:
        return []
    return [(_edit(source, line, col, col + 1, ""), {"line": line, "close": closer})]


def _ascii(ch: str) -> str | None:
    mapped = _TYPOGRAPHIC.get(ch) or unicodedata.normalize("NFKC", ch)
    return mapped if len(mapped) == 1 and mapped.isascii() and mapped.isprintable() else None


def _ascii_char(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    code = re.search(r"U\+([0-9A-Fa-f]{4,6})", err.msg)
    # Python 3.10 reads `1）` as a number running into a name: "invalid decimal literal".
    near = re.compile(r"\w*.?").match(row, col)[0]
    ch = chr(int(code[1], 16)) if code else next((c for c in near if _ascii(c) and not c.isascii()), "")
    new, col = _ascii(ch), col if row[col:col + 1] == ch else row.find(ch)
    if not ch or new is None or col < 0:
        return []
    out = _edit(source, line, col, col + 1, new)
    if new in "'\"":  # a typographic quote: its partner on the line closes the string
        mate = next((i for i in range(col + 1, len(row)) if _ascii(row[i]) == new), None)
        if mate is not None:
            out = _edit(out, line, mate, mate + 1, new)
    return [(out, {"line": line, "chars": f"`{ch}`" if ch.isprintable() and not ch.isspace()
                   else f"U+{ord(ch):04X}"})]


def _close_string(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    quote = re.search(r"['\"]", row[col:])
    if not quote:
        return []
    spots = [len(row.rstrip())]
    while spots[-1] - 1 > col and row[spots[-1] - 1] in ")]},: ":  # before the closing brackets
        spots.append(spots[-1] - 1)
    return [(_edit(source, line, at, at, quote[0]), {"line": line}) for at in spots[:8]]


def _print_call(source: str, err: SyntaxError) -> list:
    line, col, row = _where(source, err)
    found = re.compile(r"print\b\s*").match(row, col)
    end = _code_end(row)
    if not found or found.end() >= end:
        return []
    args = row[found.end():end]
    return [(_edit(source, line, col, end, f"print({args})"), {"line": line})]


# (name, message pattern, repair, fixes offered at most, title, explanation, in Japanese)
_KINDS = (
    ("colon", re.compile(r"^expected ':'"), _add_colon, 1, "add the missing ':'",
     "The statement on line {line} opens a block, so it must end with `:`.",
     "{line} 行目はブロックを始める文なので、行末に `:` が必要です。"),
    ("equals", re.compile(r"instead of '='\?|^invalid syntax$"), _double_equals, 1, "compare with '=='",
     "Line {line} compares with `=`, which assigns; comparing needs `==`.",
     "{line} 行目の `=` は代入です。比較には `==` を使います。"),
    ("comma", re.compile(r"Perhaps you forgot a comma"), _add_comma, 1, "add the missing '{sep}'",
     "A `{sep}` is missing between two items on line {line}.", "{line} 行目の 2 つの要素の間に `{sep}` がありません。"),
    ("close", re.compile(r"^'[(\[{]' was never closed"), _close_bracket, 1, "close the '{open}'",
     "The `{open}` opened on line {line} is never closed.", "{line} 行目で開いた `{open}` が閉じられていません。"),
    ("unmatched", re.compile(r"^unmatched '[)\]}]'"), _drop_bracket, 1, "remove the stray '{close}'",
     "The `{close}` on line {line} has no opening bracket to match.",
     "{line} 行目の `{close}` に対応する開き括弧がありません。"),
    ("indent", re.compile(r"^unexpected indent"), dedent, 1, "dedent line {line}",
     "Line {line} is indented deeper than the statement before it.", "{line} 行目が前の文より深くインデントされています。"),
    ("block", re.compile(r"^expected an indented block after"), indent_block, 2, "indent the block of line {header}",
     "The block opened on line {header} needs an indented body.",
     "{header} 行目で始まるブロックの中身がインデントされていません。"),
    ("unindent", re.compile(r"^unindent does not match"), align, 2, "align line {line} with {where}",
     "The indentation of line {line} matches no enclosing block.",
     "{line} 行目のインデントが外側のどのブロックとも揃っていません。"),
    ("tab", re.compile(r"inconsistent use of tabs and spaces"), expand_tabs, 1, "replace tabs with {size} spaces",
     "The indentation mixes tabs and spaces.", "インデントにタブとスペースが混在しています。"),
    ("char", re.compile(r"^invalid (non-printable )?character|^invalid decimal literal"), _ascii_char, 1,
     "replace full-width {chars} with ASCII",
     "Python does not accept {chars} on line {line}, a full-width or typographic character "
     "typed with a Japanese input method or pasted from a document.",
     "{line} 行目の {chars} は全角文字や記号で、Python のコードには使えません"
     "（日本語入力のまま入力されたか、文書から貼り付けられたものです）。"),
    ("string", re.compile(r"^unterminated string literal"), _close_string, 1, "close the string",
     "The string that starts on line {line} is never closed.", "{line} 行目で始まる文字列が閉じられていません。"),
    ("print", re.compile(r"^Missing parentheses in call to 'print'"), _print_call, 1, "use print(...)",
     "`print` is a function in Python 3 and needs parentheses.", "Python 3 の `print` は関数なので、括弧が必要です。"),
)
