"""Is every number in a piece of prose backed by the data?

A small model writing about a chart will happily invent a number. :func:`check` finds
each number a text states (:func:`numbers_in`: ``1,234.5``, ``-3.2``, ``12%``,
``¥1,200``, ``$3.5k``, ``1.5M``, ``2.3万``, ``1.2億``, ``3割``, full-width digits,
dates) and accepts it only if it matches a value the caller allows, within a tolerance
or as the rounding a writer does (1234.567 written as 1,235, 1.2k or 1,200; a share
0.256 written as 25.6%). Sentences with an unbacked number are reported and left out
of ``kept_text``. Nothing is derived: a percent change between two allowed values is
not allowed unless the caller lists it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable

# full-width digits and signs -> ASCII, one character for one so offsets stay true
_WIDE = str.maketrans("０１２３４５６７８９．，％－＋＄￥", "0123456789.,%-+$¥")
_MULT = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "mn": 1e6,
         "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
         "千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "億": 1e8, "兆": 1e12}
_NUMBER = re.compile(
    r"(?<![A-Za-z_\d.,])"                      # not inside a word or another number (Q4, H100)
    r"(?P<cur>[$¥€£]\s?)?"
    r"(?P<sign>[-+−])?"
    r"(?P<cur2>[$¥€£])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suf>\s?%|百万|千万|[千万億兆割]|(?:bn|mn|[kKMB])(?![A-Za-z])|\s(?:thousand|million|billion|trillion)(?![A-Za-z]))?"
    r"(?P<after>[A-Za-z]*)"
)
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2}))?"
    r"|年(?:(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?)?)(?!\d)"
)
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if i >= 2}
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
_ORDINAL = {"st", "nd", "rd", "th"}
_BOUNDARY = re.compile(r"(?<=[。！？])|(?<=[.!?])(?=\s)|(?<=\n)")


@dataclass
class Number:
    """A number found in text: its characters, its value and where it is.

    ``kind`` is "number", "percent" (value in percent units: "12%" -> 12), "date"
    (value from :func:`date_number`), "year" or "count" (a spelled-out small number).
    """

    text: str
    value: float
    start: int
    end: int
    kind: str = "number"
    mantissa: str = ""  # the digits as written, for rounding checks
    scale: float = 1.0  # the multiplier a suffix applied (k, 万, ...)


@dataclass
class SentenceCheck:
    """One sentence, the numbers it states and those no allowed value backs."""

    text: str
    numbers: list[Number] = field(default_factory=list)
    ungrounded: list[Number] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def ok(self) -> bool:
        return not self.ungrounded


@dataclass
class Grounding:
    """The result of :func:`check`: per sentence, counts and the prose that is backed."""

    sentences: list[SentenceCheck]
    grounded: int
    total: int
    share: float
    kept_text: str
    ok: bool

    @property
    def ungrounded(self) -> list[Number]:
        return [n for s in self.sentences for n in s.ungrounded]


def date_number(year: int, month: int = 0, day: int = 0) -> float:
    """A date as one float (YYYYMMDD) so dates can sit among allowed values."""
    return float(year * 10000 + month * 100 + day)


def numbers_in(text: str) -> list[Number]:
    """Every number ``text`` states, in order; digits inside words (Q4, H100, 2D) are not."""
    plain = text.translate(_WIDE)
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(plain):
        year = int(m["y"])
        month = int(m["m"] or m["m2"] or 0)
        day = int(m["d"] or m["d2"] or 0)
        if month > 12 or day > 31:
            continue
        kind = "date" if month else "year"
        found.append(Number(text[m.start():m.end()], date_number(year, month, day) if month else float(year),
                            m.start(), m.end(), kind))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(plain):
        if any(a <= m.start("num") < b for a, b in taken):
            continue
        number = _number(text, m)
        if number is not None:
            found.append(number)
    for m in _WORD.finditer(plain):
        found.append(Number(text[m.start():m.end()], float(_WORDS[m.group(1).lower()]),
                            m.start(), m.end(), "count", str(_WORDS[m.group(1).lower()])))
    return sorted(found, key=lambda n: n.start)


def _number(text: str, m: re.Match) -> Number | None:
    after, suf = m["after"], (m["suf"] or "").strip()
    if after and not suf and (len(after) == 1 or after.lower() in _ORDINAL):
        return None  # 2D, 3x, 1st: a label or an ordinal, not a quantity
    mantissa = m["num"].replace(",", "")
    value = float(mantissa)
    if m["sign"] in ("-", "−"):
        value = -value
    kind, scale = "number", 1.0
    if suf == "%":
        kind = "percent"
    elif suf == "割":
        kind, scale = "percent", 10.0
    elif suf:
        scale = _MULT[suf]
    elif re.fullmatch(r"(?:19|20)\d\d", m["num"]) and not m["cur"] and not m["cur2"]:
        kind = "year"
    end = m.end() - len(after)
    return Number(text[m.start():end].strip(), value * scale, m.start(), end, kind, mantissa, scale)


def check(prose: str, allowed: Iterable[float], *, rel_tol: float = 0.01, abs_tol: float = 1e-9) -> Grounding:
    """Check every number in ``prose`` against the ``allowed`` values.

    A number is grounded when it equals an allowed value within ``rel_tol`` /
    ``abs_tol``, or is that value rounded the way a writer rounds (to the digits
    written, at least two significant ones), or a percentage of an allowed share. A
    number written with four or more significant digits must round to the value at
    the precision written (385.6 does not stand for 386.4).
    Spelled-out counts, years and small integers (< 10) must be exactly allowed.
    """
    values = sorted({float(v) for v in allowed if v is not None and math.isfinite(float(v))})
    sentences = [_check_sentence(prose, a, b, values, rel_tol, abs_tol) for a, b in split_sentences(prose)]
    total = sum(len(s.numbers) for s in sentences)
    bad = sum(len(s.ungrounded) for s in sentences)
    kept = "".join(prose[s.start:s.end] for s in sentences if s.ok).strip()
    return Grounding(sentences=sentences, grounded=total - bad, total=total,
                     share=1.0 if total == 0 else (total - bad) / total, kept_text=kept, ok=bad == 0)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of English or Japanese text (., !, ?, 。, ！, ？, new lines).

    A full stop ends a sentence only before white space, so 3.5 stays one number.
    """
    cuts = sorted({0, len(text), *(m.start() for m in _BOUNDARY.finditer(text))})
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if text[a:b].strip():
            spans.append((a, b))
    return spans


def _check_sentence(prose: str, start: int, end: int, values: list[float], rel_tol: float,
                    abs_tol: float) -> SentenceCheck:
    numbers = numbers_in(prose[start:end])
    for n in numbers:
        n.start += start
        n.end += start
    bad = [n for n in numbers if not grounded(n, values, rel_tol=rel_tol, abs_tol=abs_tol)]
    return SentenceCheck(prose[start:end].strip(), numbers, bad, start, end)


def grounded(n: Number, values: list[float], *, rel_tol: float = 0.01, abs_tol: float = 1e-9) -> bool:
    """Whether one number is backed by one of ``values`` (see :func:`check`)."""
    if n.kind == "date":
        return _date_grounded(n.value, values)
    if n.kind == "year":
        year = int(n.value)
        return any(v == year or (19000000 <= v < 21000000 and int(v // 10000) == year) for v in values)
    exact_only = n.kind == "count" or (n.value.is_integer() and abs(n.value) < 10 and n.scale == 1.0
                                       and n.kind == "number")
    # a percentage is a share or a relative change: 25.6% stands for 0.256, not for 25.6
    # (callers whose data is in percent units add those values divided by 100)
    targets = [n.value] if n.kind != "percent" else [n.value / 100.0]
    # 385.6 written for 386.4 is within 1% but is a different number: a writer who gives
    # four or more significant digits claims them, so only rounding at that precision counts
    precise = _significant(n.mantissa) >= 4
    for v in values:
        for t in targets:
            if exact_only:
                if abs(abs(t) - abs(v)) <= abs_tol:
                    return True
            elif (not precise and _close(t, v, rel_tol, abs_tol)) or _rounded(n, t, v):
                return True
    return False


def _significant(mantissa: str) -> int:
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits if "." in mantissa else digits.rstrip("0"))


def _close(t: float, v: float, rel_tol: float, abs_tol: float) -> bool:
    # sign-insensitive: "fell by 3.2" states the change -3.2
    return abs(abs(t) - abs(v)) <= rel_tol * abs(v) + abs_tol


def _rounded(n: Number, t: float, v: float) -> bool:
    """Whether ``t`` (as written in ``n``) is ``v`` rounded to the digits written."""
    m = n.mantissa
    written = float(m) if m else 0.0
    sig = m.replace(".", "").lstrip("0") if "." in m else m.lstrip("0").rstrip("0")
    if written == 0 or len(sig) < 2:
        return False  # one significant digit is too rough to count as backed
    unit = abs(t) / written  # what one written unit is worth: 1, 0.01 for a share, 1e3 for k
    step = 10.0 ** -len(m.split(".")[1]) if "." in m else 10.0 ** (len(m) - len(m.rstrip("0")))
    return abs(abs(v) / unit - written) <= step / 2 * (1 + 1e-9)


def _date_grounded(value: float, values: list[float]) -> bool:
    if value in values:
        return True
    v = int(value)
    if v % 100 == 0:  # year and month only: any allowed day of that month
        return any(19000000 <= a < 21000000 and int(a) // 100 == v // 100 for a in values)
    return False
