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
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "single": 1}
_NUM = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"


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
             "string": "string", "strings": "string", "text": "string", "boolean": "bool", "bool": "bool",
             "booleans": "bool", "ints": "integer"}
# the longer wordings first, so "from highest to lowest" is read whole
_DESC = r"(?:from\s+)?(?:alphabetical(?:ly)?\s+in\s+reverse(?:\s+\(?z\s+to\s+a\)?)?|reverse\s+alphabetical|z\s+to\s+a|high(?:est)?\s+to\s+low(?:est)?|most\s+to\s+least|(?:largest|biggest)\s+to\s+smallest|(?:newest|latest)\s+to\s+oldest|highest|largest|most|biggest|newest|latest|descending|decreasing|reverse\s+chronological)"
_ASC = r"(?:from\s+)?(?:low(?:est)?\s+to\s+high(?:est)?|least\s+to\s+most|smallest\s+to\s+(?:largest|biggest)|oldest\s+to\s+(?:newest|latest)|a\s+to\s+z|lowest|smallest|least|oldest|earliest|ascending|increasing|chronological|alphabetical(?:ly)?)"


def _plot(word: str) -> str | None:
    word = word.lower()
    return next((kind for key, kind in _PLOTS_EN if key in word), None)


def _direction(text: str) -> bool:
    return bool(re.search(_DESC, text, re.I)) and not re.search(r"\b(?:ascending|increasing)\b|\b(?:low|small|old|earli)\w*\s+(?:to|first)", text, re.I)


ENGLISH: list[Rule] = [
    # a variable of a kind: "`x`, a DataFrame", "as a Series", "a DataFrame `x`"
    _rule(r"\b(?:as\s+)?an?\s+(?:new\s+)?(?:\d+\s*(?:[×x]|by)\s*\d+\s+)?(?P<kind>data\s?frame|dataframe|series|dict(?:ionary)?|list|function|figure|pivot)\b(?:\s+`\w+`)?",
          lambda m: ("binds", _KINDS_EN[m.group("kind").lower().replace("  ", " ")])),
    _rule(r"\bthe\s+(?P<kind>axes|figure)\s+(?:kept\s+|stored\s+)?in\s+`\w+`|`\w+`,\s+the\s+(?P<kind2>axes)\b|(?:a\s+new|one)\s+(?P<kind3>axes)\s+(?:kept\s+in\s+)?`\w+`",
          lambda m: ("binds", _KINDS_EN[(m.group("kind") or m.group("kind2") or m.group("kind3")).lower()])),
    _rule(r"(?<!`\s)\bas\s+an?\s+(?:int(?:eger)?|float|number)\b",
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
    _rule(rf"\b(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?|arrange(?:d)?)\s+(?:`\w+`\s+|(?:them|it|the\s+(?:result|rows|table|list))\s+)?(?:by\s+{_NAME}\s*)?(?:,?\s*(?:in\s+|from\s+)?(?P<dir>{_DESC}|{_ASC})(?:\s+order|\s+first)?)?(?:,?\s+(?P<dir2>(?:newest|latest|oldest|earliest|largest|biggest|highest|smallest|lowest)\s+first))?",
          lambda m: _sorted(m)),
    _rule(rf"\bin\s+(?P<dir>{_DESC}|{_ASC})\s+order(?:\s+of\s+{_NAME})?",
          lambda m: _sorted(m)),
    _rule(rf"\b(?:newest|latest|most\s+recent|largest|biggest|highest)\s+first\b|\b(?:most|highest)\s+(?P<w>\w+)\s+first\b|\bmost\s+common\s+at\s+the\s+top\b|\bin\s+a\s+to\s+z\s+order\b",
          lambda m: ("sorted", {"by": m.group("w") if m.group("w") and f"`{m.group('w')}`" in m.string else None,
                                "descending": "a to z" not in m.group(0).lower()})),
    _rule(r"\b(?:oldest|earliest|smallest|lowest|cheapest)\s+first\b",
          lambda m: ("sorted", {"by": None, "descending": False})),
    _rule(rf"\b(?:(?:the\s+)?(?:top|first)\s+{_NUM}\s+(?!columns)(?:rows|\w+)|the\s+(?P<m>\d+|ten|five|three)\s+(?:most|busiest|largest|highest|biggest|\w+est|\w+\s+with\s+the\s+(?:highest|lowest|most|largest)))\b",
          lambda m: ("top", _n(m, "n" if m.group("n") else "m"))),
    _rule(rf"\bthe\s+{_NUM}\s+(?:top\s+\w+|\w+est(?:-\w+)?\s+\w+|(?:\w+\s+){{1,2}}(?:in\s+`\w+`\s+)?with\s+the\s+(?:highest|lowest|most|largest|fewest|smallest|biggest|best|worst))",
          lambda m: ("top", _n(m))),
    _rule(r"(?<!first\s)(?<!top\s)(?<!columns\sand\s)\b(?:exactly\s+|with\s+)?(?P<n>\d+)\s+rows\b(?!\s+and)|\bthe\s+last\s+(?P<n2>\d+)\s+rows\b",
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
    _rule(rf"\bno\s+missing\s+`(?P<col>\w+)`|\b(?:no|without(?:\s+any)?)\s+(?:missing\s+values|NaNs?)\s+in\s+`?(?P<col2>[a-z_]\w*)`?(?!\s+it\b)|\b(?:no|every|without(?:\s+any)?)\s+(?:NaNs?|missing\s+values)\b|\b(?:the\s+)?(?:missing\s+values|NaNs?)\s+(?:dropped|removed)\b|\bdrop(?:ping)?\s+(?:the\s+|any\s+)?(?:rows\s+with\s+)?(?:missing\s+values|NaNs?)\b",
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
    # looser wordings of the same kinds
    _rule(r"\b(?:keep|save|store|put)\s+the\s+(?P<kind>axes|figure)(?:\s+object)?\s+(?:as|in)\s+`?\w+`?|\ba\s+(?:fresh|new)\s+(?P<kind2>axes)\s+`\w+`|\ba\s+(?P<kind3>scalar)\s+`\w+`",
          lambda m: ("binds", "scalar" if m.group("kind3") else _KINDS_EN[(m.group("kind") or m.group("kind2")).lower()])),
    _rule(r"\b(?P<r>\d+)\s+(?:rows\s+)?by\s+(?P<c>\d+)(?:\s+columns)?\b|\b(?P<r2>\d+)\s+rows\s*[×x]\s*(?P<c2>\d+)\s+columns\b",
          lambda m: ("shape", [int(m.group("r") or m.group("r2")), int(m.group("c") or m.group("c2"))])),
    _rule(rf"\b(?:the\s+)?(?P<axis>x|y)\s*label(?:l?ed)?\s+(?:as\s+|of\s+)?{_TEXT}|\blabel\s+the\s+(?P<axis2>x|y)[- ]?axis\s+(?:as\s+)?{_TEXT.replace('text', 'text2')}",
          lambda m: (f"{(m.group('axis') or m.group('axis2')).lower()}label", m.group("text") or m.group("text2"))),
    _rule(rf"\btitle\s+(?:the\s+(?:chart|plot|figure|graph)|it)\s+(?:as\s+)?{_TEXT}",
          lambda m: ("title", m.group("text"))),
    _rule(r"\bas\s+an?\s+(?P<what>scatter|histogram|line|bar)\b(?!\s+(?:chart|plot|graph))",
          lambda m: ("plot_kind", _plot(m.group("what")))),
    _rule(rf"\bone\s+(?:entry|value|item|record)\s+(?:for\s+each|per)\s+{_NAME}|\bunique\s+per\s+{_NAME.replace('col', 'col2')}",
          lambda m: ("one_row_per", m.group("col") or m.group("col2"))),
    _rule(rf"`(?P<col>\w+)`\s+(?:is|being)\s+unique\b|\bdeduplicate\s+`\w+`\s+(?:on|by)\s+`(?P<col2>\w+)`",
          lambda m: ("unique", m.group("col") or m.group("col2"))),
    _rule(rf"(?<![\d,])\b(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+rows\b|\bwith\s+(?P<n2>\d+)\s+(?:entries|values|items|elements)\b",
          lambda m: ("length", _n(m) if m.group("n") else int(m.group("n2")))),
    _rule(rf"`(?P<fc>\w+)`\s+is\s+(?P<op>greater\s+than|more\s+than|less\s+than|fewer\s+than|under|over|above|below|at\s+least|at\s+most)\s+(?P<v>'[^']*'|-?\d+(?:\.\d+)?)|\b(?P<fc2>[a-z_]\w*)\s+(?P<op2>equals|==)\s+(?P<v2>'[^']*'|-?\d+(?:\.\d+)?)",
          lambda m: _filter_loose(m)),
    _rule(r"\bcolumns\s+(?P<cols>[a-z_]\w*(?:,\s*[a-z_]\w*)*,?\s+and\s+[a-z_]\w*)\b",
          lambda m: ("columns", re.findall(r"[a-z_]\w*", re.sub(r"\band\b", " ", m.group("cols"))))),
    _rule(rf"\bwith\s+{_NUM}\s+(?:arguments|parameters)\b|\btakes\s+(?:a|one)\s+single\s+(?:\w+\s+)?(?:argument|parameter)\b|\btakes\s+a\s+single\s+(?:\w+\s+)?(?:argument|parameter)\b",
          lambda m: ("arity", _n(m) if m.group("n") else 1)),
    _rule(r"\b(?:the\s+)?`(?P<c>\w+)`\s+column\s+(?:parsed|converted|cast)\s+(?:as|to)\s+(?P<t>dates|datetime|integers?|floats?|strings?|text)\b|`(?P<c2>\w+)`\s+(?:in\s+`\w+`\s+)?into\s+(?:an?\s+)?(?P<t2>boolean|integer|float|string|datetime)\s+column\b|`(?P<c3>\w+)`\s+into\s+(?P<t3>integers|floats|strings)\b|`(?P<c4>\w+)`\s+(?:is\s+)?stored\s+as\s+(?P<t4>text|strings?|integers?|floats?|dates)\b|\b(?:a|an)\s+(?:new\s+)?(?P<t5>float|integer|boolean|datetime|string)\s+column\s+`(?P<c5>\w+)`",
          lambda m: _dtype_loose(m)),
    _rule(r"\ban?\s+Series\s+of\s+(?P<t>ints|integers|floats|strings|dates|booleans)\b",
          lambda m: ("dtype", {"column": None, "type": _TYPES_EN.get(m.group("t").lower().rstrip("s"), _TYPES_EN.get(m.group("t").lower(), "integer"))})),
    _rule(rf"\b(?:the\s+)?(?P<adj>(?!first\b|best\b|latest\b|newest\b)\w+est|most\s+(?!recent\b)\w+)(?:\s+`(?P<col>\w+)`|\s+\w+)?\s+first\b(?:\s+by\s+`(?P<col2>\w+)`)?",
          lambda m: _first(m)),
    _rule(rf"\b(?:newest|latest|most\s+recent)\s+`(?P<col>\w+)`\s+first\b|\bnewest\s+first\s+by\s+`(?P<col2>\w+)`",
          lambda m: ("sorted", {"by": m.group("col") or m.group("col2"), "descending": True})),
    _rule(r"`(?P<c>\w+)`\s+(?:parsed\s+|converted\s+|cast\s+|stored\s+)?(?:as|to|into)\s+(?:an?\s+)?(?:proper\s+)?(?P<t>datetime|dates|integers?|int|floats?|strings?|text|booleans?)\b",
          lambda m: ("dtype", {"column": m.group("c"), "type": _TYPES_EN[m.group("t").lower()]})),
    _rule(r"\b(?:holding|with)\s+(?P<t>integers|floats|strings|booleans)\b|\b(?P<t2>float|integer|int|string|boolean)\s+values\b",
          lambda m: ("dtype", {"column": None, "type": _TYPES_EN[(m.group("t") or m.group("t2")).lower()]})),
    _rule(r"`(?P<e>\w+)`(?:\s+itself)?\s+(?:must|should)\s+(?:stay|remain|be\s+left|not\s+be\s+(?:altered|changed|modified|touched))(?:\s+(?:unchanged|untouched|intact|as\s+it\s+(?:is|was)))?|\bleave\s+`(?P<b>\w+)`\s+(?:exactly\s+)?as\s+it\s+(?:is|was)|\bkeep\s+`(?P<c>\w+)`\s+as\s+is\b",
          lambda m: ("unchanged", None)),
    _rule(r"\bnothing\s+(?:should|must|may|is\s+to)\s+be\s+(?:written|saved)|\b(?:mustn'?t|must\s+not|shouldn'?t|should\s+not)\s+(?:write|save|create)\s+any\s+files?|\b(?:don'?t|do\s+not)\s+write\s+(?:\w+\s+){0,3}?(?:back\s+)?to\s+(?P<file>[\w-]+\.\w+)",
          lambda m: ("no_write", m.group("file"))),
    _rule(rf"\(?\b{_NUM}\s+(?:arguments|parameters)\b|\b(?P<w>single|one|two|three|four)-(?:argument|parameter)\b",
          lambda m: ("arity", _n(m) if m.group("n") else _NUMBER_WORDS[m.group("w").lower()])),
    _rule(r"\ban?\s+(?:single|one|two|three|four)-(?:argument|parameter)\s+function\b",
          lambda m: ("binds", "function")),
    _rule(rf"{_TEXT}\s+on\s+the\s+(?P<axis>x|y)[- ]axis",
          lambda m: (f"{m.group('axis').lower()}label", m.group("text"))),
    _rule(r"\b(?:the\s+)?(?:same\s+)?(?P<kind>axes|figure)(?:\s+object)?(?:,\s+|\s+(?:should\s+be|kept\s+in|is)\s+)`\w+`",
          lambda m: ("binds", _KINDS_EN[m.group("kind").lower()])),
    _rule(r"\bin\s+`(?P<c>\w+)`\s+(?P<v>'[^']*'|\d+)",
          lambda m: ("filter", f"{m.group('c')} == {m.group('v')}")),
    _rule(r"`(?P<c>\w+)`\s+as\s+(?:its\s+|the\s+)?index\b",
          lambda m: ("index", m.group("c"))),
    _rule(r"\b(?:only|just)\s+the\s+(?P<cols>`\w+`(?:\s*(?:,|and)\s*`\w+`)+)\s+columns\b",
          lambda m: ("columns", re.findall(r"`(\w+)`", m.group("cols")))),
    _rule(r"\bevery\s+`(?P<c>\w+)`\s+appears\s+(?:only\s+)?once\b|\bwith\s+`(?P<c2>\w+)`\s+unique\b",
          lambda m: ("unique", m.group("c") or m.group("c2"))),
    _rule(rf"\b(?:the\s+)?top\s+{_NUM}\s+`\w+`s?",
          lambda m: ("top", _n(m))),
    _rule(r"\bexactly\s+(?P<n>\d+)\s+(?:entries|values|items|elements)\b",
          lambda m: ("length", int(m.group("n")))),
    _rule(r"\bno\s+missing\s+entries\b",
          lambda m: ("no_missing", None)),
    _rule(r",\s*a\s+legend\s*(?=,|\band\b)",
          lambda m: ("legend", True)),
    # inputs left alone, files
    _rule(r"\b(?:without\s+(?:modifying|changing|touching|altering)\s+`(?P<a>\w+)`|leav(?:e|ing)\s+`(?P<b>\w+)`(?:\s+itself)?\s+(?:unchanged|untouched|intact|alone|as\s+it\s+is)|keep(?:ing)?\s+`(?P<c>\w+)`\s+(?:unchanged|untouched|intact|as\s+it\s+is)|(?:don'?t|do\s+not|never)\s+(?:change|modify|touch|alter|mutate)\s+(?:the\s+(?:raw\s+|original\s+|input\s+)?(?:data\s?frame|data|table)\s+`?(?P<d>[A-Za-z_]\w*)`?|`(?P<f>\w+)`)|`(?P<e>\w+)`\s+(?:must|should)\s+(?:stay|remain|be\s+left)\s+(?:unchanged|untouched|intact|as\s+it\s+is)|keep(?:ing)?\s+the\s+original(?:\s+(?:data\s?frame|data|table))?\s+(?:unchanged|untouched|intact|as\s+it\s+is|as\s+is))",
          lambda m: ("unchanged", None)),
    _rule(r"\b(?:without\s+(?:creating|writing|touching|saving)\s+any\s+files?|(?:don'?t|do\s+not)\s+(?:write|save|overwrite|export)\s+(?:any\s+files?|anything(?:\s+to\s+disk)?|the\s+(?:chart|figure|plot|result)\s+to\s+(?:a\s+)?(?:file|disk)|(?P<file>[\w.-]+\.\w+))|save\s+nothing\s+to\s+disk)\b",
          lambda m: ("no_write", m.group("file"))),
]


_OPS = {"greater than": ">", "more than": ">", "less than": "<", "fewer than": "<", "equals": "==",
        "==": "==", ">=": ">=", "<=": "<=", "!=": "!=", ">": ">", "<": "<", "equal to": "==",
        "over": ">", "is over": ">", "above": ">", "below": "<", "is below": "<", "under": "<",
        "of at least": ">=", "at least": ">=", "at most": "<=", "is": "=="}


def _filter(m: re.Match) -> tuple[str, Any] | None:
    op = _OPS.get(re.sub(r"\s+", " ", m.group("op").lower()))
    value = m.group("v")
    if op is None or (op == "==" and m.group("op").lower() == "is" and not value.startswith("'")):
        return None  # "`n` is 3" states a fact more often than a filter
    return "filter", f"{m.group('fc')} {op} {value}"


_ASC_FIRST = {"lowest", "smallest", "least", "oldest", "earliest", "cheapest", "shortest", "fewest", "slowest"}


def _first(m: re.Match) -> tuple[str, Any] | None:
    """"heaviest first", "lowest first", "most late first": the order, by the column named next."""
    adj = re.sub(r"\s+", " ", m.group("adj").lower())
    if adj in ("fastest", "quickest") or adj.startswith("most ") and adj.split()[1] in ("common",):
        return None  # which way a time or a count runs is not in the words
    by = m.group("col") or m.group("col2")
    return "sorted", {"by": by, "descending": adj.split()[0] not in _ASC_FIRST and not adj.startswith("least")}


def _filter_loose(m: re.Match) -> tuple[str, Any] | None:
    column = m.group("fc") or m.group("fc2")
    op = _OPS.get(re.sub(r"\s+", " ", (m.group("op") or m.group("op2")).lower()))
    return ("filter", f"{column} {op} {m.group('v') or m.group('v2')}") if op else None


def _dtype_loose(m: re.Match) -> tuple[str, Any]:
    column = next(m.group(g) for g in ("c", "c2", "c3", "c4", "c5") if m.group(g))
    word = next(m.group(g) for g in ("t", "t2", "t3", "t4", "t5") if m.group(g)).lower()
    return "dtype", {"column": column, "type": _TYPES_EN[word]}


def _sorted(m: re.Match) -> tuple[str, Any] | None:
    direction = m.group("dir") or m.group("dir2") or ""
    by = m.group("col")
    by = None if by in ("it", "them") else by
    if not direction and not by:
        return None
    return "sorted", {"by": by, "descending": _direction(direction)}


_NEGATION = re.compile(r"(?:don'?t\s+(?:use|want|draw|make)|do\s+not\s+(?:use|want|draw|make)|not|instead\s+of|rather\s+than|no\s+need\s+for|without)\s+(?:an?\s+)?$", re.I)


def _negated(request: str, start: int, kind: str) -> bool:
    """"don't use a pie chart", "instead of a legend": the words ask for the opposite."""
    return kind in ("plot_kind", "legend") and bool(_NEGATION.search(request[max(0, start - 30): start]))


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
                if kind == "dtype" and value["column"] in names.made and value["type"] in ("integer", "float"):
                    kind, value, item = "binds", "scalar", (kind, value, value["column"])  # "`n` as an integer"
                target = item[2] if len(item) > 2 else resolve(kind, m, request, names)
                found.append((m.start(), m.end(), Requirement(kind, target, value, phrase)))
    found = [f for f in found if not _negated(request, f[0], f[2].kind)]
    shapes = [(s, e) for s, e, r in found if r.kind == "shape"]
    found = [f for f in found if f[2].kind != "length" or not any(s <= f[0] < e for s, e in shapes)]
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, Requirement]] = []
    for start, end, r in found:
        if any(r.kind == k.kind and start < e and s <= start for s, e, k in kept):
            continue  # the same words read twice: the wider reading stands
        if not any(r.kind == k.kind and r.value == k.value and r.target == k.target for _, _, k in kept):
            kept.append((start, end, r))
    return [replace(r, number=i) for i, (_, _, r) in enumerate(kept, 1)]

