"""UnicodeDecodeError: a text file read with the wrong encoding.

When the failing line reads a file (``pd.read_csv``, ``read_table``, ``read_json``,
``open``, ``Path.read_text``, ``np.loadtxt`` …) whose path the cell names (a literal, a
variable holding a path, ``Path(...)``), the first megabyte of the file's bytes from
its first non-ASCII byte is decoded with each of :data:`CANDIDATES` in turn; the first
that decodes it all into text without control characters goes into the call as
``encoding=`` (of cp932 and EUC-JP, the one that reads fewer half-width katakana, which
a wrong guess between the two leaves behind). latin-1 is never
tried (it "decodes" any byte and garbles the text) and neither are
``errors="ignore"``/``"replace"`` (they drop data).
"""

from __future__ import annotations

import ast
import codecs
import os
import unicodedata

from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import apply_edits, code_nodes, on_line, parse_cell, segment, span

ERRORS = ("UnicodeDecodeError",)

SAMPLE = 1 << 20
_SCAN = 64 << 20  # how far to look for the first non-ASCII byte of a mostly ASCII file
# encoding -> (its name, where such files come from; the same in Japanese)
CANDIDATES = {
    "utf-8": ("UTF-8", "", "UTF-8", ""),
    "utf-8-sig": ("UTF-8 with a byte-order mark", "as Excel saves CSV UTF-8 files",
                  "BOM 付き UTF-8", "Excel の「CSV UTF-8」形式です"),
    "cp932": ("Shift_JIS (cp932)", "as Excel on Japanese Windows saves CSV files",
              "Shift_JIS (cp932)", "日本語版 Windows の Excel が CSV をこの形式で保存します"),
    "euc_jp": ("EUC-JP", "an encoding of Japanese text from older Unix systems",
               "EUC-JP", "古い Unix 系のシステムで使われた日本語の形式です"),
    "utf-16": ("UTF-16", "as Excel saves Unicode text files", "UTF-16", "Excel の Unicode テキスト形式です"),
    "gb18030": ("GB18030 (Simplified Chinese)", "the encoding of Chinese Windows",
                "GB18030（簡体字中国語）", "中国語版 Windows の形式です"),
    "cp1252": ("Windows-1252", "the Western European encoding of Windows",
               "Windows-1252", "欧米版 Windows の形式です"),
}
# Calls that read text, and where each takes its path: (keyword names, positional index).
READERS = {
    "read_csv": ("filepath_or_buffer",), "read_table": ("filepath_or_buffer",),
    "read_json": ("path_or_buf",), "read_fwf": ("filepath_or_buffer",), "open": ("file",),
    "loadtxt": ("fname",), "genfromtxt": ("fname",), "read_text": (),
}
_PATH_TYPES = ("Path", "PurePath", "PosixPath", "WindowsPath")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """``encoding=`` set to the encoding the file being read really has."""
    tree = parse_cell(ctx.source)
    if tree is None:
        return []
    failed = _normal(getattr(ctx.exception, "encoding", None) or "utf-8")
    fixes = []
    for call in _reader_calls(tree, ctx.line):
        path = _path_of(call, ctx)
        data = _sample(os.path.join(ctx.cwd, os.path.expanduser(path))) if path else None
        current = _keyword(call, "encoding")
        tried = {failed} | ({_normal(current.value)} if isinstance(current, ast.Constant)
                            and isinstance(current.value, str) else set())
        found = _detect(data, tried) if data else None
        if found:
            fixes.append(_fix(ctx, call, path, found, current))
    return [f for f in fixes if f is not None][:1]


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError):
        return str(name)


def _reader_calls(tree, line):
    for node in code_nodes(tree):
        if isinstance(node, ast.Call) and on_line(node, line):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in READERS and not _binary(node):
                yield node


def _binary(call: ast.Call) -> bool:
    # open(path, "rb") takes no encoding: its bytes are decoded elsewhere.
    mode = call.args[1] if len(call.args) > 1 else _keyword(call, "mode")
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and "b" in mode.value


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _path_of(call: ast.Call, ctx: ErrorContext) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "read_text":
        node = func.value  # Path("x.csv").read_text() or p.read_text()
    else:
        names = READERS.get(getattr(func, "attr", None) or getattr(func, "id", None), ())
        node = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg in names), None)
    return _value(node, ctx.namespace) if node is not None else None


def _value(node, namespace) -> str | None:
    """The path ``node`` holds, from literals, variables and ``Path(...)`` only: nothing runs."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        value = namespace.get(node.id)
        return os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    if isinstance(node, ast.Call) and len(node.args) >= 1 and not node.keywords and (
            getattr(node.func, "id", None) in _PATH_TYPES or getattr(node.func, "attr", None) in _PATH_TYPES):
        parts = [_value(a, namespace) for a in node.args]
        return os.path.join(*parts) if all(p is not None for p in parts) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = _value(node.left, namespace), _value(node.right, namespace)
        return os.path.join(left, right) if left is not None and right is not None else None
    return None


def _sample(path: str) -> bytes | None:
    """Up to :data:`SAMPLE` bytes of the file from the line of its first non-ASCII byte."""
    try:
        with open(path, "rb") as f:
            head, skipped = f.read(SAMPLE), 0
            while head.isascii() and len(head) == SAMPLE and skipped < _SCAN:
                skipped += len(head)
                head = f.read(SAMPLE)
            if head.isascii():
                return None  # nothing to tell the encodings apart
            if skipped:
                start = next(i for i, b in enumerate(head) if b >= 0x80)
                head = head[head.rfind(b"\n", 0, start) + 1:] + f.read(SAMPLE)
            return head[:SAMPLE]
    except OSError:
        return None


def _detect(data: bytes, tried: set[str]) -> str | None:
    """The first candidate that decodes ``data`` whole into text with no control characters.

    EUC-JP bytes often decode as cp932 too, into half-width katakana: of the two, the one
    with fewer of those wins.
    """
    read = {}
    for encoding in list(CANDIDATES)[1:]:
        if encoding == "utf-16" and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            continue  # without a byte-order mark UTF-16 is a guess
        name = "utf-8" if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8) else encoding
        if _normal(name) in tried:
            continue
        try:  # the sample may end inside a character: not final
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=len(data) < SAMPLE)
        except UnicodeDecodeError:
            continue
        if not any(unicodedata.category(ch) in ("Cc", "Cn", "Co") and ch not in "\t\n\r\x0c" for ch in text):
            read[name] = sum("\uff61" <= ch <= "\uff9f" for ch in text)
    first = next(iter(read), None)
    if first == "cp932" and read.get("euc_jp", read["cp932"]) < read["cp932"]:
        return "euc_jp"
    return first


def _fix(ctx: ErrorContext, call: ast.Call, path: str, encoding: str, current) -> RuleFix | None:
    quote = '"'  # unless the call already writes its strings with another quote
    for node in (current, call.args[0] if call.args else None):
        if isinstance(node, ast.Constant) and segment(ctx.source, node)[:1] in ("'", '"'):
            quote = segment(ctx.source, node)[0]
            break
    literal = f"{quote}{encoding}{quote}"
    if current is not None:
        edit = span(current, literal)
    else:
        args = [*call.args, *call.keywords]
        if args:
            last = max(args, key=lambda n: (n.end_lineno, n.end_col_offset))
            edit = (last.end_lineno, last.end_col_offset, last.end_lineno, last.end_col_offset,
                    f", encoding={literal}")
        else:  # f() -> f(encoding=...): just before the closing parenthesis
            edit = (call.end_lineno, call.end_col_offset - 1, call.end_lineno, call.end_col_offset - 1,
                    f"encoding={literal}")
    source = apply_edits(ctx.source, [edit])
    if source is None:
        return None
    name, why, name_ja, why_ja = CANDIDATES[encoding]
    file = os.path.basename(path)
    return RuleFix(
        source, f'read it with encoding="{encoding}"',
        f"The file `{file}` is {name}{', ' + why if why else ''}: read it with encoding=\"{encoding}\".",
        f"ファイル `{file}` は {name_ja} で書かれています{'（' + why_ja + '）' if why_ja else ''}。"
        f"encoding=\"{encoding}\" で読み込んでください。")
