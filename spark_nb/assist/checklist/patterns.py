"""The patterns that read requirements from a request's words (English and Japanese).

Each rule is a regular expression and a function from its match to (kind, value); the
phrase is the matched text. A rule fires only on explicit words ("sorted from highest
to lowest", "高い順", "the y-axis labelled 'Sales'"): a pattern that could read an
ordinary phrase as a requirement ("sort out the names", "上記") is written so it cannot.
Which variable a requirement is about is decided afterwards (:mod:`.targets`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from spark_nb.assist.checklist.requirement import Requirement
from spark_nb.assist.checklist.targets import Names, resolve

_Q = r"['\"‘’“”「『]"  # an opening quote
_QE = r"['\"‘’“”」』]"  # a closing quote
_TEXT = rf"{_Q}(?P<text>[^'\"‘’“”「」『』]+){_QE}"
_NAME = r"`?(?P<col>[A-Za-z_][A-Za-z0-9_]*)`?"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20}
_NUM = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)"


def _n(m: re.Match, group: str = "n") -> int:
    word = m.group(group).lower()
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


Rule = tuple[re.Pattern, Callable[[re.Match], tuple[str, Any] | list[tuple[str, Any]] | None]]


def _rule(pattern: str, make: Callable[[re.Match], Any], flags: int = re.I) -> Rule:
    return re.compile(pattern, flags), make


_KINDS_EN = {"dataframe": "DataFrame", "data frame": "DataFrame", "table": "DataFrame", "pivot": "DataFrame",
             "series": "Series", "axes": "Axes", "figure": "Figure", "function": "function",
             "dict": "dict", "dictionary": "dict", "list": "list"}
_PLOTS_EN = [("horizontal bar", "barh"), ("barh", "barh"), ("bar", "bar"), ("line", "line"),
             ("scatter", "scatter"), ("histogram", "hist"), ("pie", "pie"), ("box", "box")]
_TYPES_EN = {"datetime": "datetime", "date": "datetime", "dates": "datetime", "int": "integer",
             "integer": "integer", "integers": "integer", "float": "float", "floats": "float",
             "string": "string", "strings": "string", "text": "string", "boolean": "bool", "bool": "bool"}
# the longer wordings first, so "from highest to lowest" is read whole
_DESC = r"(?:from\s+)?(?:high(?:est)?\s+to\s+low(?:est)?|most\s+to\s+least|largest\s+to\s+smallest|highest|largest|most|biggest|newest|latest|descending)"
_ASC = r"(?:from\s+)?(?:low(?:est)?\s+to\s+high(?:est)?|least\s+to\s+most|smallest\s+to\s+largest|a\s+to\s+z|lowest|smallest|least|oldest|earliest|ascending|alphabetical(?:ly)?)"


def _plot(word: str) -> str | None:
    word = word.lower()
    return next((kind for key, kind in _PLOTS_EN if key in word), None)


def _direction(text: str) -> bool:
    return bool(re.search(_DESC, text, re.I)) and not re.search(r"\bascending\b", text, re.I)


ENGLISH: list[Rule] = [
    # a variable of a kind: "`x`, a DataFrame", "as a Series", "a DataFrame `x`"
    _rule(r"\b(?:as\s+)?an?\s+(?:new\s+)?(?:\d+\s*[×x]\s*\d+\s+)?(?P<kind>data\s?frame|dataframe|series|dict(?:ionary)?|list|function|figure|pivot)\b(?:\s+`\w+`)?",
          lambda m: ("binds", _KINDS_EN[m.group("kind").lower().replace("  ", " ")])),
    _rule(r"\bthe\s+(?P<kind>axes|figure)\s+(?:kept\s+|stored\s+)?in\s+`\w+`|`\w+`,\s+the\s+(?P<kind2>axes)\b|(?:a\s+new|one)\s+(?P<kind3>axes)\s+(?:kept\s+in\s+)?`\w+`",
          lambda m: ("binds", _KINDS_EN[(m.group("kind") or m.group("kind2") or m.group("kind3")).lower()])),
    _rule(r"\bas\s+an?\s+(?:int(?:eger)?|float|number)\b",
          lambda m: ("binds", "scalar")),
    # plots
    _rule(r"\b(?:a|one|as\s+a)\s+(?:stacked\s+)?(?P<what>horizontal\s+bar|bar|line|scatter|pie|box)\s+(?:chart|plot|graph)\b|\ba\s+(?P<what2>histogram)\b|\bbox\s+plot\b|\bas\s+a\s+line\b",
          lambda m: ("plot_kind", _plot(m.group("what") or m.group("what2") or m.group(0)))),
    _rule(rf"\b{_NUM}\s+(?:lines|bars|bins)\b",
          lambda m: [("lines", _n(m)), ("plot_kind", "line")] if "line" in m.group(0).lower()
          else ("bars", _n(m))),
    _rule(rf"\b(?P<axis>x|y)[- ]axis(?:\s+(?:labell?ed|label))?\s+(?:as\s+)?{_TEXT}",
          lambda m: (f"{m.group('axis').lower()}label", m.group("text"))),
    _rule(rf"\b(?:the\s+)?title(?:d)?(?:\s+it)?(?:\s+(?:that\s+)?(?:containing|contains|includes|including|with))?\s+{_TEXT}",
          lambda m: ("title", m.group("text"))),
    _rule(r"\bwith\s+a\s+legend\b|\band\s+a\s+legend\b|\ba\s+legend\s*$",
          lambda m: ("legend", True)),
    # order, top, length, shape
    _rule(rf"\bsort(?:ed)?\s+(?:`\w+`\s+)?(?:by\s+{_NAME}\s*)?(?:(?:in\s+)?(?P<dir>{_DESC}|{_ASC})(?:\s+order)?)?(?:,?\s+(?P<dir2>newest\s+first|oldest\s+first))?",
          lambda m: _sorted(m)),
    _rule(rf"\b(?:newest|latest|most\s+recent)\s+first\b|\b(?:most|highest)\s+(?P<w>\w+)\s+first\b|\bmost\s+common\s+at\s+the\s+top\b|\bin\s+a\s+to\s+z\s+order\b",
          lambda m: ("sorted", {"by": m.group("w") if m.group("w") and f"`{m.group('w')}`" in m.string else None,
                                "descending": "a to z" not in m.group(0).lower()})),
    _rule(rf"\b(?:(?:the\s+)?(?:top|first)\s+{_NUM}\s+(?!columns)(?:rows|\w+)|the\s+(?P<m>\d+|ten|five|three)\s+(?:most|busiest|largest|highest|biggest|\w+est|\w+\s+with\s+the\s+(?:highest|lowest|most|largest)))\b",
          lambda m: ("top", _n(m, "n" if m.group("n") else "m"))),
    _rule(rf"(?<!first\s)(?<!top\s)(?<!columns\sand\s)\b(?:exactly\s+|with\s+)?(?P<n>\d+)\s+rows\b(?!\s+and)|\bthe\s+last\s+(?P<n2>\d+)\s+rows\b",
          lambda m: ("length", int(m.group("n") or m.group("n2")))),
    _rule(r"\b(?P<r>\d+)\s*[×x]\s*(?P<c>\d+)\b|\b(?P<r2>\d+)\s+rows\s+and\s+(?P<c2>\d+)\s+columns\b|\b(?P<c3>\d+)\s+columns\s+and\s+(?P<r3>\d+)\s+rows\b",
          lambda m: ("shape", [int(m.group("r") or m.group("r2") or m.group("r3")),
                               int(m.group("c") or m.group("c2") or m.group("c3"))])),
    # structure
    _rule(r"\b(?:the\s+)?columns?\s+(?P<cols>`\w+`(?:\s*(?:,|and)\s*`\w+`)+)|\bkeeping\s+only\s+(?P<cols2>`\w+`(?:\s*(?:,|and)\s*`\w+`)+)",
          lambda m: ("columns", re.findall(r"`(\w+)`", m.group("cols") or m.group("cols2")))),
    _rule(r"\bindexed\s+by\s+`?(?P<a>\w+)`?|`(?P<b>\w+)`\s+as\s+the\s+index\b|\bnew\s+index:\s+`(?P<c>\w+)`",
          lambda m: ("index", m.group("a") or m.group("b") or m.group("c"))),
    _rule(rf"\bone\s+row\s+per\s+{_NAME}|(?<=rows,\s)one\s+per\s+{_NAME.replace('col', 'col2')}",
          lambda m: ("one_row_per", m.group("col") or m.group("col2"))),
    _rule(rf"\bno\s+duplicate\s+(?:rows\s+on\s+)?{_NAME}",
          lambda m: ("unique", m.group("col"))),
    _rule(rf"\bno\s+missing\s+`(?P<col>\w+)`|\bno\s+missing\s+values\s+in\s+`(?P<col2>\w+)`|\b(?:no|every)\s+(?:NaN|missing\s+values)\b",
          lambda m: ("no_missing", m.group("col") or m.group("col2"))),
    _rule(rf"`(?P<c>\w+)`\s+(?:column\s+of|in)\s+`\w+`\s+(?:to|as|a|an|into)\s+(?:an?\s+)?(?P<t>datetime|integers?|floats?|strings?|text)\b|`(?P<c2>\w+)`,\s+an?\s+(?P<t2>datetime|integer|boolean|float|string)\s+column\b",
          lambda m: ("dtype", {"column": m.group("c") or m.group("c2"), "type": _TYPES_EN[(m.group("t") or m.group("t2")).lower()]})),
    _rule(rf"\b(?:a|an)\s+(?P<type>datetime|integer|boolean)\s+(?:`(?P<col>\w+)`\s+)?column\b|`(?P<col2>\w+)`\s+(?:column\s+)?(?:as|to|is\s+an?)\s+(?P<type2>datetime|integers?|floats?|strings?)\b|\b(?:of|as)\s+(?P<type3>floats|integers)\b",
          lambda m: ("dtype", {"column": m.group("col") or m.group("col2"),
                               "type": _TYPES_EN[(m.group("type") or m.group("type2") or m.group("type3")).lower()]})),
    _rule(rf"`(?P<fc>\w+)`\s+(?:is\s+)?(?P<op>==|>=|<=|!=|>|<|equal\s+to|is\s+over|over|above|below|under|is\s+below|of\s+at\s+least|at\s+least|at\s+most|is)\s+(?P<v>'[^']*'|\d+(?:\.\d+)?|True|False)",
          lambda m: _filter(m)),
    _rule(r"\b(?:takes|taking|of|with\s+exactly)\s+(?P<n>one|two|three|four|\d+)\s+(?:arguments?|parameters?)\b",
          lambda m: ("arity", _n(m))),
    # inputs left alone, files
    _rule(r"\b(?:without\s+(?:modifying|changing)\s+`(?P<a>\w+)`|leave\s+`(?P<b>\w+)`(?:\s+itself)?\s+unchanged|keep\s+`(?P<c>\w+)`\s+(?:unchanged|as\s+it\s+is)|don'?t\s+change\s+`(?P<d>\w+)`)",
          lambda m: ("unchanged", None)),
    _rule(r"\b(?:without\s+(?:creating|writing|touching)\s+any\s+files?|don'?t\s+(?:write|save)\s+(?:any\s+file|the\s+chart\s+to\s+a\s+file|(?P<file>[\w.-]+\.\w+))|save\s+nothing\s+to\s+disk)\b",
          lambda m: ("no_write", m.group("file"))),
]


_OPS = {"==": "==", ">=": ">=", "<=": "<=", "!=": "!=", ">": ">", "<": "<", "equal to": "==",
        "over": ">", "is over": ">", "above": ">", "below": "<", "is below": "<", "under": "<",
        "of at least": ">=", "at least": ">=", "at most": "<=", "is": "=="}


def _filter(m: re.Match) -> tuple[str, Any] | None:
    op = _OPS.get(re.sub(r"\s+", " ", m.group("op").lower()))
    value = m.group("v")
    if op is None or (op == "==" and m.group("op").lower() == "is" and not value.startswith("'")):
        return None  # "`n` is 3" states a fact more often than a filter
    return "filter", f"{m.group('fc')} {op} {value}"


def _sorted(m: re.Match) -> tuple[str, Any] | None:
    direction = m.group("dir") or m.group("dir2") or ""
    by = m.group("col")
    by = None if by in ("it", "them") else by
    if not direction and not by:
        return None
    return "sorted", {"by": by, "descending": _direction(direction)}


def find(request: str, inputs: set[str]) -> list[Requirement]:
    from spark_nb.assist.checklist.japanese import JAPANESE

    names = Names.read(request, inputs)
    found: list[tuple[int, int, Requirement]] = []
    for pattern, make in [*ENGLISH, *JAPANESE]:
        for m in pattern.finditer(request):
            made = make(m)
            if made is None:
                continue
            for item in (made if isinstance(made, list) else [made]):
                kind, value = item[0], item[1]
                if value is None and kind not in ("no_missing", "unchanged", "no_write", "sorted"):
                    continue
                phrase = m.group(0).strip(" ,.;:、。")
                target = item[2] if len(item) > 2 else resolve(kind, m, request, names)
                found.append((m.start(), m.end(), Requirement(kind, target, value, phrase)))
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, Requirement]] = []
    for start, end, r in found:
        if any(r.kind == k.kind and start < e and s <= start for s, e, k in kept):
            continue  # the same words read twice: the wider reading stands
        if not any(r.kind == k.kind and r.value == k.value and r.target == k.target for _, _, k in kept):
            kept.append((start, end, r))
    return [replace(r, number=i) for i, (_, _, r) in enumerate(kept, 1)]

