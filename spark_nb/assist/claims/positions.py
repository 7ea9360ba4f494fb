"""Positions in the axis's own terms: said ("April (month 4)", "2024年3月", "West") and read
back from a sentence, so "the peak was in March" can be held against where the peak is.

A position is compared through keys: ("month", 4), ("year", 2024), ("date", "2024-04-01"),
("cat", "west") or ("num", 4.0). A sentence's position matches a claim's when every key the
sentence gives is among the claim's ("in April" matches 2024-04-01; "in April 2023" does not).
"""

from __future__ import annotations

import re
from typing import Iterable

from spark_nb.assist.charts.facts import AxesFacts, Value

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_WORD = re.compile(r"\b(" + "|".join(m for m in MONTHS) + r"|" +
                         "|".join(m[:3] for m in MONTHS if m != "May") + r")\b\.?")
_MONTH_JA = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\s*月(?:\s*(3[01]|[12]\d|[1-9])\s*日)?")
_MONTH_N = re.compile(r"\bmonth\s+(1[0-2]|[1-9])\b", re.I)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{2})(?:-(\d{2}))?(?!\d)")
_JA_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(1[0-2]|[1-9])\s*月(?:\s*(\d{1,2})\s*日)?")
_YEAR = re.compile(r"(?<![\d.,-])((?:19|20)\d\d)(?!\d|[.,]\d|\s?%)")

Key = tuple[str, object]


def is_month_axis(axes: AxesFacts | None) -> bool:
    label = (axes.xlabel if axes else "") or ""
    return bool(re.search(r"month|月", label, re.I))


def say(x: Value, axes: AxesFacts | None, ja: bool = False) -> str:
    """``x`` as a reader of this chart would name it."""
    if x is None:
        return ""
    if isinstance(x, str):
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", x)
        if not m:
            return x  # a category label
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if d == 1:
            return f"{y}年{mo}月" if ja else f"{MONTHS[mo - 1]} {y}"
        return f"{y}年{mo}月{d}日" if ja else f"{y}-{mo:02d}-{d:02d}"
    if float(x).is_integer() and 1 <= x <= 12 and is_month_axis(axes):
        n = int(x)
        return f"{n}月" if ja else f"{MONTHS[n - 1]} (month {n})"
    text = f"{x:g}" if float(x).is_integer() else f"{x:.4g}"
    label = (axes.xlabel if axes else "") or ""
    if float(x).is_integer() and 1800 <= x <= 2200:
        return f"{text}年" if ja else text
    return f"{label} {text}" if label else f"x = {text}"


def keys_of(x: Value, axes: AxesFacts | None) -> set[Key]:
    """The keys a claim's position answers to."""
    if x is None:
        return set()
    if isinstance(x, str):
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", x)
        if not m:
            keys: set[Key] = {("cat", x.strip().lower())}
            month = _month_of_label(x.strip())
            if month:
                keys.add(("month", month))
            return keys
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return {("date", x[:10]), ("month", mo), ("year", y), ("day", d)}
    out: set[Key] = {("num", float(x))}
    if float(x).is_integer() and 1 <= x <= 12 and is_month_axis(axes):
        out.add(("month", int(x)))
    if float(x).is_integer() and 1800 <= x <= 2200:
        out.add(("year", int(x)))
    return out


def _month_of_label(label: str) -> int | None:
    """A category that is a month: "Mar", "March", "3月"."""
    for i, name in enumerate(MONTHS, 1):
        if label.lower() in (name.lower(), name[:3].lower()):
            return i
    m = re.fullmatch(r"(1[0-2]|[1-9])\s*月", label)
    return int(m.group(1)) if m else None


def mentioned(sentence: str, categories: Iterable[str] = ()) -> list[tuple[int, int, set[Key]]]:
    """The positions a sentence names: (start, end, keys), one entry per place named."""
    found: list[tuple[int, int, set[Key]]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, keys: set[Key]) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, end, keys))

    for m in _JA_DATE.finditer(sentence):
        keys: set[Key] = {("year", int(m.group(1))), ("month", int(m.group(2)))}
        if m.group(3):
            keys |= {("date", f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"), ("day", int(m.group(3)))}
        add(m.start(), m.end(), keys)
    for m in _ISO.finditer(sentence):
        keys = {("year", int(m.group(1))), ("month", int(m.group(2)))}
        if m.group(3):
            keys |= {("date", m.group(0)), ("day", int(m.group(3)))}
        add(m.start(), m.end(), keys)
    for m in _MONTH_WORD.finditer(sentence):
        word = m.group(1)
        month = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(word[:3]))
        after = re.match(r"(?:\s+(3[01]|[12]\d|[1-9])(?:st|nd|rd|th)?\b)?(?:\s*,?\s*((?:19|20)\d\d)\b)?",
                         sentence[m.end():])
        keys = {("month", month)}
        if after.group(1):
            keys.add(("day", int(after.group(1))))
        if after.group(2):
            keys.add(("year", int(after.group(2))))
        add(m.start(), m.end() + after.end(), keys)
    for m in _MONTH_N.finditer(sentence):
        add(m.start(), m.end(), {("month", int(m.group(1)))})
    for m in _MONTH_JA.finditer(sentence):
        add(m.start(), m.end(), {("month", int(m.group(1)))} | ({("day", int(m.group(2)))} if m.group(2) else set()))
    for m in _YEAR.finditer(sentence):
        add(m.start(), m.end(), {("year", int(m.group(1)))})
    lowered = sentence.lower()
    for label in sorted({c for c in categories if c}, key=len, reverse=True):
        needle = label.lower()
        for m in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(needle)}(?![A-Za-z0-9_])", lowered):
            add(m.start(), m.end(), {("cat", needle)})
    return sorted(found, key=lambda f: f[0])


def matches(named: set[Key], keys: set[Key]) -> bool:
    """Whether a place a sentence names is the claim's place."""
    return bool(named) and named <= keys
