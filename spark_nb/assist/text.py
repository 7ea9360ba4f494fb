"""Text helpers every task shares: the language of a request, the code in an answer, a
cell as plain Python."""

from __future__ import annotations

import ast
import re

_FENCE = re.compile(r"```[ \t]*(?:python|py|ipython|python3)?[ \t]*\n(.*?)(?:```|\Z)", re.S | re.I)
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "python", "python3"}
_MAGIC_ASSIGN = re.compile(r"^(\s*)([\w.\[\]'\", ]+?)\s*=\s*[%!]")
_HELP = re.compile(r"^\s*(\?{1,2}[\w.]+|[\w.\[\]()]+\?{1,2})\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def is_japanese(text: str) -> bool:
    """True when ``text`` holds kana, kanji or full-width characters."""
    return bool(_CJK.search(text))


def extract_code(text: str) -> str:
    """The first fenced code block of an answer, or the answer itself if it is code."""
    m = _FENCE.search(text)
    if m:
        return m.group(1).strip("\n")
    return text.strip()


def python_source(code: str) -> str:
    """``code`` with IPython-only lines (``%magic``, ``!shell``, ``obj?``) made ``pass``.

    Line numbers are kept, so errors still point at the user's lines. ``x = %magic`` and
    ``x = !cmd`` become ``x = None`` so that ``x`` stays defined. A cell magic whose body
    is not Python (``%%bash``, ``%%html``) leaves nothing to check. Code that already
    parses is returned as it is: a line such as ``% b`` may continue an expression.
    """
    try:
        ast.parse(code)
        return code
    except (SyntaxError, ValueError):
        pass
    lines = code.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = (lines[first].lstrip()[2:].split() or [""])[0]
        if magic not in _PYTHON_CELL_MAGICS:
            return "\n" * (len(lines) - 1)
        lines[first] = ""
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if match := _MAGIC_ASSIGN.match(line):
            out.append(f"{match[1]}{match[2]} = None")
        elif stripped[:1] in ("%", "!") or _HELP.match(line):
            out.append(indent + "pass")  # not blank: it may be the only line of a block
        else:
            out.append(line)
    return "\n".join(out)
