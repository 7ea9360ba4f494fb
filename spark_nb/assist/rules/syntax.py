"""SyntaxError, IndentationError, TabError: the small slips the interpreter names exactly.

The cell is compiled again (IPython-only lines made ``pass``, so ``%matplotlib inline``
stays as it is), which gives the interpreter's own message and position with or without
a live exception. The message picks one repair from :data:`_KINDS`; each repair edits
only the place reported, and a fix is offered only when the whole cell then parses.
Some slips come many to a cell (full-width characters typed with a Japanese input
method, a list missing two commas): the repair is repeated on the next error of the
same kind, up to :data:`STEPS` times.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import unicodedata

from spark_nb.assist.checks import python_source
from spark_nb.assist.rules import ErrorContext, RuleFix

ERRORS = ("SyntaxError", "IndentationError", "TabError")

STEPS = 50
_BUDGET = 300  # compiles per error, so a long cell with many candidates stays fast
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
         tokenize.ENDMARKER}
# Typographic characters NFKC leaves alone; full-width ASCII (（ ＝ １) NFKC maps itself.
_TYPOGRAPHIC = {"\u3000": " ", "\u00a0": " ", "“": '"', "”": '"', "„": '"', "″": '"',
                "‘": "'", "’": "'", "′": "'", "—": "-", "–": "-", "−": "-", "‐": "-",
                "、": ",", "。": ".", "×": "*", "÷": "/", "〔": "[", "〕": "]"}


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """The repaired cell for the error the cell's source raises, when one repair makes it parse."""
    err = _error(ctx.source)
    kind = _classify(err) if err is not None else None
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


def _error(source: str) -> SyntaxError | None:
    try:
        ast.parse(python_source(source))
    except SyntaxError as exc:  # IndentationError and TabError too
        return exc
    except ValueError:  # null bytes: nothing a rule can repair
        return None
    return None


def _classify(err: SyntaxError):
    return next((k for k in _KINDS if k[1].search(err.msg or "")), None)


def _solve(source: str, steps: list, budget: list):
    """``(source, steps)`` once ``source`` parses, repairing the next errors of the same kind."""
    budget[0] -= 1
    err = _error(source)
    if err is None:
        return source, steps
    kind = _classify(err)
    last = steps[-1][0]
    if budget[0] <= 0 or len(steps) >= STEPS or kind is None or (
            kind[0] != last and "char" not in (kind[0], last)):
        return None  # another kind of error: not one slip repeated
    for new, info in kind[2](source, err)[:8]:
        solved = _solve(new, steps + [(kind[0], info)], budget)
        if solved:
            return solved
    return None


def _describe(source: str, steps: list) -> RuleFix:
    by_kind: dict[str, dict] = {}
    for name, info in steps:
        seen = by_kind.setdefault(name, dict(info))
        if name == "char" and info["chars"] not in seen["chars"]:
            seen["chars"] += " " + info["chars"]
    texts = {k[0]: k[4:] for k in _KINDS}
    title = " and ".join(texts[name][0].format(**info) for name, info in by_kind.items())
    name, info = steps[0][0], by_kind[steps[0][0]]
    return RuleFix(source, title, texts[name][1].format(**info), texts[name][2].format(**info))


# --- positions and edits (columns are characters, as SyntaxError and tokenize count) ---

def _where(err: SyntaxError) -> tuple[int, int]:
    return err.lineno or 1, max((err.offset or 1) - 1, 0)


def _edit(source: str, line: int, col: int, end: int, text: str) -> str:
    lines = source.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[:col] + text + row[end:]
    return "\n".join(lines)


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            found.append(tok)
    except (tokenize.TokenError, SyntaxError):
        pass  # the tokens before the error are what the repairs need
    return found


def _code_end(row: str) -> int:
    """Where the code of ``row`` ends: before a comment and trailing spaces."""
    end = len(row)
    for tok in _tokens(row):
        if tok.type == tokenize.COMMENT:
            end = tok.start[1]
            break
    return len(row[:end].rstrip())


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" \t"))


def _statement_rows(code: str) -> list[int]:
    """The rows on which the logical lines of ``code`` start."""
    rows, new = [], True
    for tok in _tokens(code):
        if tok.type == tokenize.NEWLINE:
            new = True
        elif tok.type not in _SKIP and new:
            rows.append(tok.start[0])
            new = False
    return rows


def _shift(source: str, first: int, delta: int, stop_below: int, whole_run: bool = True) -> str:
    """Shift line ``first`` and the lines after it by ``delta`` columns.

    The lines that follow go along while indented at least ``stop_below`` (deeper when
    not ``whole_run``); blank lines are kept as they are.
    """
    lines = source.split("\n")
    for i in range(first - 1, len(lines)):
        row = lines[i]
        if i >= first and row.strip() and (_indent(row) < stop_below or (
                not whole_run and _indent(row) <= stop_below)):
            break
        if row.strip():
            lines[i] = " " * delta + row if delta > 0 else row[-delta:]
    return "\n".join(lines)


# --- the repairs: each returns candidates ``[(source, info)]``, best first ------------

def _add_colon(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    row = source.split("\n")[line - 1]
    at = len(row[:col].rstrip()) if col <= len(row) else _code_end(row)
    return [(_edit(source, line, at, at, ":"), {"line": line})]


def _double_equals(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    end = err.end_offset - 1 if err.end_lineno == line and (err.end_offset or 0) > col else col + 1
    plain = err.msg == "invalid syntax"  # then only an `=` right where the error is
    for tok in _tokens(source.split("\n")[line - 1]):
        if tok.string == "=" and (tok.start[1] == col if plain else col <= tok.start[1] < end):
            return [(_edit(source, line, tok.start[1], tok.end[1], "=="), {"line": line})]
    return []


def _add_comma(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    start, stop = (line, col), (err.end_lineno or line, max((err.end_offset or 0) - 1, col + 1))
    out, stack, prev = [], [], None
    for tok in _tokens(python_source(source)):
        if tok.type in _SKIP:
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
    line, _ = _where(err)
    opener = re.match(r"'(.)'", err.msg)[1]
    lines, out = source.split("\n"), []
    for row in range(line, min(len(lines), line + 20) + 1):
        if row == line or lines[row - 1].strip():
            at = _code_end(lines[row - 1])
            out.append((_edit(source, row, at, at, _CLOSERS[opener]), {"line": line, "open": opener}))
    return out


def _drop_bracket(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    closer = re.search(r"'(.)'", err.msg)[1]
    if source.split("\n")[line - 1][col:col + 1] != closer:
        return []
    return [(_edit(source, line, col, col + 1, ""), {"line": line, "close": closer})]


def _dedent(source: str, err: SyntaxError) -> list:
    line = err.lineno
    code = python_source(source).split("\n")
    rows = _statement_rows("\n".join(code[: line - 1]))
    target = _indent(code[rows[-1] - 1]) if rows else 0
    here = _indent(code[line - 1])
    if here <= target:
        return []
    return [(_shift(source, line, target - here, here), {"line": line})]


def _indent_block(source: str, err: SyntaxError) -> list:
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
    single = (_shift(source, line, delta, here, whole_run=False), info)
    run = (_run_shift(source, line, delta, here), info)
    return [run, single] if re.match(r"\s*(async\s+def|def|class)\b", head) else [single, run]


def _run_shift(source: str, line: int, delta: int, here: int) -> str:
    # The body that lost its indentation: every line down to a blank line or a dedent.
    lines = source.split("\n")
    end = next((i for i in range(line, len(lines)) if not lines[i].strip()
                or _indent(lines[i]) < here), len(lines))
    body = "\n".join(lines[line - 1:end])
    return "\n".join(lines[: line - 1] + [_shift(body, 1, delta, here)] + lines[end:])


def _align(source: str, err: SyntaxError) -> list:
    line = err.lineno
    code = python_source(source).split("\n")
    levels, lowest = [], None
    for row in reversed(_statement_rows("\n".join(code[: line - 1]))):
        width = _indent(code[row - 1])
        if lowest is None or width < lowest:
            levels.append(width)
            lowest = width
    here = _indent(code[line - 1])
    below = [w for w in levels if w < here][:1]
    above = [w for w in reversed(levels) if w > here][:1]
    return [(_shift(source, line, w - here, here), {"line": line, "where": where})
            for w, where in [*((w, "the enclosing block") for w in below),
                             *((w, "the block above") for w in above)]]


def _expand_tabs(source: str, err: SyntaxError) -> list:
    out = []
    for size in (4, 8):
        rows = [r[:_indent(r)].expandtabs(size) + r[_indent(r):] for r in source.split("\n")]
        out.append(("\n".join(rows), {"size": size}))
    return out


def _ascii(ch: str) -> str | None:
    mapped = _TYPOGRAPHIC.get(ch) or unicodedata.normalize("NFKC", ch)
    return mapped if len(mapped) == 1 and mapped.isascii() and mapped.isprintable() else None


def _run(row: str, col: int) -> str:
    end = col
    while end < len(row) and (row[end].isalnum() or row[end] == "_" or not row[end].isascii()):
        end += 1
    return row[col:end + 1]


def _ascii_char(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    row, code = source.split("\n")[line - 1], re.search(r"U\+([0-9A-Fa-f]{4,6})", err.msg)
    if code:
        ch = chr(int(code[1], 16))
    else:  # Python 3.10 reads `1）` as a number running into a name: "invalid decimal literal"
        ch = next((c for c in _run(row, col) if not c.isascii() and _ascii(c)), "")
        if not ch:
            return []
    new, col = _ascii(ch), col if row[col:col + 1] == ch else row.find(ch)
    if new is None or col < 0:
        return []
    out = _edit(source, line, col, col + 1, new)
    if new in "'\"":  # a typographic quote: its partner on the line closes the string
        mate = next((i for i in range(col + 1, len(row)) if _ascii(row[i]) == new), None)
        if mate is not None:
            out = _edit(out, line, mate, mate + 1, new)
    return [(out, {"line": line, "chars": f"`{ch}`" if ch.isprintable() and not ch.isspace()
                   else f"U+{ord(ch):04X}"})]


def _close_string(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    row = source.split("\n")[line - 1]
    quote = re.search(r"['\"]", row[col:])
    if not quote:
        return []
    spots = [len(row.rstrip())]
    while spots[-1] - 1 > col and row[spots[-1] - 1] in ")]},: ":  # before the closing brackets
        spots.append(spots[-1] - 1)
    return [(_edit(source, line, at, at, quote[0]), {"line": line}) for at in spots[:8]]


def _print_call(source: str, err: SyntaxError) -> list:
    line, col = _where(err)
    row = source.split("\n")[line - 1]
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
    ("equals", re.compile(r"instead of '='\?|^invalid syntax$"), _double_equals, 1,
     "compare with '=='", "Line {line} compares with `=`, which assigns; comparing needs `==`.",
     "{line} 行目の `=` は代入です。比較には `==` を使います。"),
    ("comma", re.compile(r"Perhaps you forgot a comma"), _add_comma, 1, "add the missing '{sep}'",
     "A `{sep}` is missing between two items on line {line}.",
     "{line} 行目の 2 つの要素の間に `{sep}` がありません。"),
    ("close", re.compile(r"^'[(\[{]' was never closed"), _close_bracket, 1, "close the '{open}'",
     "The `{open}` opened on line {line} is never closed.",
     "{line} 行目で開いた `{open}` が閉じられていません。"),
    ("unmatched", re.compile(r"^unmatched '[)\]}]'"), _drop_bracket, 1, "remove the stray '{close}'",
     "The `{close}` on line {line} has no opening bracket to match.",
     "{line} 行目の `{close}` に対応する開き括弧がありません。"),
    ("indent", re.compile(r"^unexpected indent"), _dedent, 1, "dedent line {line}",
     "Line {line} is indented deeper than the statement before it.",
     "{line} 行目が前の文より深くインデントされています。"),
    ("block", re.compile(r"^expected an indented block after"), _indent_block, 2,
     "indent the block of line {header}", "The block opened on line {header} needs an indented body.",
     "{header} 行目で始まるブロックの中身がインデントされていません。"),
    ("unindent", re.compile(r"^unindent does not match"), _align, 2,
     "align line {line} with {where}",
     "The indentation of line {line} matches no enclosing block.",
     "{line} 行目のインデントが外側のどのブロックとも揃っていません。"),
    ("tab", re.compile(r"inconsistent use of tabs and spaces"), _expand_tabs, 1,
     "replace tabs with {size} spaces", "The indentation mixes tabs and spaces.",
     "インデントにタブとスペースが混在しています。"),
    ("char", re.compile(r"^invalid (non-printable )?character|^invalid decimal literal"), _ascii_char, 1,
     "replace full-width {chars} with ASCII",
     "Python does not accept {chars} on line {line}, a full-width or typographic character "
     "typed with a Japanese input method or pasted from a document.",
     "{line} 行目の {chars} は全角文字や記号で、Python のコードには使えません"
     "（日本語入力のまま入力されたか、文書から貼り付けられたものです）。"),
    ("string", re.compile(r"^unterminated string literal"), _close_string, 1, "close the string",
     "The string that starts on line {line} is never closed.",
     "{line} 行目で始まる文字列が閉じられていません。"),
    ("print", re.compile(r"^Missing parentheses in call to 'print'"), _print_call, 1,
     "use print(...)", "`print` is a function in Python 3 and needs parentheses.",
     "Python 3 の `print` は関数なので、括弧が必要です。"),
)
