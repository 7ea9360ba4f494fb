"""A requirement's value read from a few words, once its kind is known.

The patterns (:mod:`.patterns`) read kind and value together from exact wordings. When the
model proposes a requirement it gives only its kind and the request's words it comes
from ("in decreasing order of `revenue`", kind ``sorted``); :func:`value` reads the value
from those words with looser rules, because the kind is no longer in doubt. Words that
hold no value of that kind (a ``top`` with no number, a ``ylabel`` with no quoted text)
give None, and the proposal is dropped: nothing is filled in that the words do not say.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spark_nb.assist.checklist.requirement import Requirement

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
          "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBER = re.compile(r"\d+|\b(?:" + "|".join(w for w in _WORDS if w.isascii()) + r")\b|[一二三四五六七八九十]", re.I)
_QUOTED = re.compile(r"['\"‘“「『](?P<text>[^'\"’”」』]+)['\"’”」』]")
_KIND_WORDS = [(r"data\s?frame|table|表", "DataFrame"), (r"series", "Series"), (r"\baxes\b", "Axes"),
               (r"figure", "Figure"), (r"function|関数", "function"), (r"dict(?:ionary)?|辞書", "dict"),
               (r"\blist\b|リスト", "list"), (r"\b(?:number|scalar|integer|float|count|total)\b|数値|整数", "scalar")]
_PLOT_WORDS = [(r"horizontal\s+bar|barh|横棒", "barh"), (r"\bbar|棒", "bar"), (r"\bline|折れ線", "line"),
               (r"scatter|散布", "scatter"), (r"hist|ヒストグラム", "hist"), (r"\bpie|円グラフ", "pie"),
               (r"\bbox|箱ひげ", "box")]
_TYPE_WORDS = [(r"datetime|\bdates?\b|timestamp|日付|日時", "datetime"), (r"\bint(?:eger)?s?\b|整数", "integer"),
               (r"\bfloats?\b|decimal|小数", "float"), (r"\bstrings?\b|\btext\b|文字列", "string"),
               (r"\bbool(?:ean)?s?\b|真偽", "bool")]
_DESCENDING = re.compile(r"desc|decreas|high|large|big|most|newest|latest|recent|top|降順|高い|多い|大きい|新しい", re.I)
_ASCENDING = re.compile(r"asc|increas|low|small|least|oldest|earliest|alphabet|a\s+to\s+z|昇順|低い|少ない|小さい|古い|五十音", re.I)
_OPS = [(r">=|at\s+least|or\s+more|以上", ">="), (r"<=|at\s+most|or\s+less|以下", "<="), (r"!=|not\s+equal", "!="),
        (r">|over|above|more\s+than|greater\s+than|exceed|超|より大きい|より多い", ">"),
        (r"<|under|below|less\s+than|fewer\s+than|未満|より小さい|より少ない", "<"), (r"==|equal|\bis\b|=|が", "==")]


def number(words: str) -> int | None:
    m = _NUMBER.search(words)
    if m is None:
        return None
    token = m.group(0).lower()
    return _WORDS[token] if token in _WORDS else int(token)


def names(words: str) -> list[str]:
    """The backticked names in ``words``, in order."""
    return re.findall(rf"`({_ID})`", words)


def _first_match(table: list[tuple[str, str]], words: str) -> str | None:
    return next((kind for pattern, kind in table if re.search(pattern, words, re.I)), None)


def _text(words: str) -> str | None:
    m = _QUOTED.search(words)
    return m.group("text").strip() if m else None


def _sorted(words: str, target: str | None) -> dict | None:
    by = next((n for n in names(words) if n != target), None)
    descending = bool(_DESCENDING.search(words))
    if not descending and not _ASCENDING.search(words) and by is None:
        return None
    return {"by": by, "descending": descending and not re.search(r"\bascending\b|昇順", words, re.I)}


def _filter(words: str) -> str | None:
    column = names(words)
    value = re.search(r"'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?", words.split(f"`{column[0]}`", 1)[1]) if column else None
    if not column or value is None:
        return None
    op = _first_match(_OPS, words) or "=="
    literal = value.group(0)
    if literal.startswith('"'):
        literal = "'" + literal[1:-1] + "'"
    return f"{column[0]} {op} {literal}"


def _dtype(words: str) -> dict | None:
    kind = _first_match(_TYPE_WORDS, words)
    if kind is None:
        return None
    columns = names(words)
    return {"column": columns[0] if columns else None, "type": kind}


def _one(words: str) -> str | None:
    found = names(words)
    return found[0] if found else None


def _shape(words: str) -> list[int] | None:
    found = [int(n) for n in re.findall(r"\d+", words)]
    return found[:2] if len(found) >= 2 else None


def _columns(words: str) -> list[str] | None:
    return names(words) or None


READERS: dict[str, Callable[[str, str | None], Any]] = {
    "binds": lambda w, t: _first_match(_KIND_WORDS, w),
    "columns": lambda w, t: _columns(w),
    "index": lambda w, t: _one(w),
    "length": lambda w, t: number(w),
    "shape": lambda w, t: _shape(w),
    "arity": lambda w, t: number(w),
    "xlabel": lambda w, t: _text(w),
    "ylabel": lambda w, t: _text(w),
    "title": lambda w, t: _text(w),
    "legend": lambda w, t: True if re.search(r"legend|凡例", w, re.I) and not re.search(r"\bno\b|without|不要|なし", w, re.I) else None,
    "lines": lambda w, t: number(w),
    "bars": lambda w, t: number(w),
    "plot_kind": lambda w, t: _first_match(_PLOT_WORDS, w),
    "sorted": _sorted,
    "top": lambda w, t: number(w),
    "filter": lambda w, t: _filter(w),
    "one_row_per": lambda w, t: _one(w),
    "unique": lambda w, t: _one(w),
    "no_missing": lambda w, t: _one(w) or "",  # "" for "no missing values anywhere"
    "dtype": lambda w, t: _dtype(w),
    "unchanged": lambda w, t: "" if re.search(r"unchang|untouched|modif|chang|alter|as\s+it\s+is|変更|変え|そのまま", w, re.I) else None,
    "no_write": lambda w, t: (re.search(r"[\w-]+\.\w{2,4}\b", w) or [""])[0] if re.search(r"file|disk|write|save|保存|書き|ファイル", w, re.I) else None,
}
_NONE_MEANS = {"no_missing", "unchanged", "no_write"}  # kinds whose value None means "any"


def read(kind: str, words: str, target: str | None) -> Requirement | None:
    """The requirement of ``kind`` that ``words`` state about ``target``, or None when the
    words hold no value of that kind."""
    reader = READERS.get(kind)
    if reader is None:
        return None
    value = reader(words, target)
    if value is None:
        return None
    if kind in _NONE_MEANS and value == "":
        value = None
    return Requirement(kind, target, value, words, origin="model")
