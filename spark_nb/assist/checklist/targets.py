"""Which variable a requirement is about: the one the request makes, its Axes, or an input.

A request names variables in backticks or after words that bind them ("into `totals`",
"Make `monthly`", "`top5` に入れて"). Those that the kernel already holds are inputs; the
first of the others is what the code makes, and the data requirements are about it.
Chart requirements are about the Axes (or Figure) the request names, else about none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_ARGS = r"(?:\([^)`]*\))?"  # `zscore(values)` names the function zscore
_MAKES = [
    rf"\b(?:make|create|build|compute|give\s+me|need|define|write|reshape\s+`?{_ID}`?\s+into)\s+(?:a\s+function\s+)?`({_ID}){_ARGS}`",
    rf"\b(?:store|put|keep|kept|save|saved|stored)\b[^`.;]{{0,60}}?\b(?:in|into|as)\s+`({_ID})`",
    rf"(?:\binto|,\s+in)\s+`({_ID})`(?!\s+(?:column|as))",
    rf"`({_ID}){_ARGS}`\s*,\s+an?\s(?![\w\s]*?column)",
    rf"\b(?:DataFrame|Series|list|dict|Figure|function|Axes)\s+`({_ID}){_ARGS}`",
    rf"`({_ID})`\s*(?:に入れ|にし|に保存|にまとめ|を作|に。|に$|という)",
    rf"(?:DataFrame|Series|リスト|辞書|関数)\s*`({_ID}){_ARGS}`",
    rf"\bas\s+`({_ID})`\s+with\b",
    rf"\b(?:make\s+sure|rebuild|i\s+want|i'?d\s+like|i\s+need)\s+`({_ID})`",
    rf"^\s*`({_ID})`\s+(?:needs|should|must)\b",
    rf"\bin\s+`({_ID})`\s+as\s+an?\s+(?:int|integer|float|number)\b",
    rf"\b(?:keep|put|store)\s+(?:the\s+)?rows\b.{{0,80}}?\bin\s+`({_ID})`",
    rf"`({_ID})`\s*に(?:抜き出|入れ|まとめ|保存)",
    # names written without backticks: "called cities", "into worst_products", "Create summary, a ..."
    r"\b(?:called|named)\s+([a-z_][a-z0-9_]*)\b",
    r"\b(?:into|in|as|make|create|build|give\s+me|function)\s+([a-z][a-z0-9]*_[a-z0-9_]+|[a-z]+[0-9]+)\b(?!`)",
    r"\b(?:make|create|build|give\s+me)\s+([a-z_][a-z0-9_]*),\s+(?:an?|one)\s",
]
_AXES = [rf"(?:Axes|axes)(?:\s+object)?\s+(?:in|as|kept\s+in|stored\s+in|saved\s+as|は)\s+`?({_ID})`?", rf"`({_ID})`,\s+the\s+Axes",
         rf"(?:new|one|fresh)\s+Axes\s+(?:kept\s+in\s+)?`({_ID})`", rf"\baxes(?:\s+object)?(?:,\s+|\s+should\s+be\s+)`({_ID})`", rf"\bmake\s+`({_ID})`\s+an?\s+(?:\w+\s+)?(?:chart|plot|histogram)"]
_FIGURE = [rf"Figure\s+(?:in|as|kept\s+in|should\s+be|は)\s+`?({_ID})`?", rf"`({_ID})`,\s+a\s+Figure", rf"figure\s+(?:as|in)\s+`?({_ID})`?"]
_CHART = {"plot_kind", "xlabel", "ylabel", "title", "legend", "lines", "bars"}


@dataclass
class Names:
    """The variables a request makes (first first), its Axes and Figure, and its inputs."""

    made: list[str] = field(default_factory=list)
    axes: str | None = None
    figure: str | None = None
    inputs: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, request: str, inputs: set[str]) -> "Names":
        found: list[tuple[int, str]] = []
        for pattern in _MAKES:
            for m in re.finditer(pattern, request, re.I):
                if m.group(1) not in inputs and not _is_column(request, m.start(1)):
                    found.append((m.start(1), m.group(1)))
        made: list[str] = []
        for _, name in sorted(found):
            if name not in made:
                made.append(name)
        return cls(made=made, axes=_first(_AXES, request), figure=_first(_FIGURE, request), inputs=inputs)


def _first(patterns: list[str], request: str) -> str | None:
    hits = [m for p in patterns for m in re.finditer(p, request, re.I)]
    return min(hits, key=lambda m: m.start()).group(1) if hits else None


def _is_column(request: str, at: int) -> bool:
    before = request[max(0, at - 12): at].lower()
    return bool(re.search(r"(column|列|by)\s*`?$", before))


def resolve(kind: str, m: re.Match, request: str, names: Names) -> str | None:
    """The variable of the requirement matched by ``m``."""
    groups = m.groupdict()
    if kind == "unchanged":
        named = [v for k, v in groups.items() if k in ("a", "b", "c", "d", "e", "f", "j") and v]
        return named[0] if named else _input(request, names)
    if kind in _CHART:
        return names.axes or names.figure
    if kind == "binds":
        return _binds_target(m, request, names)
    if kind == "no_write":
        return None
    if kind == "dtype":
        frame = _frame_of(m, request, names)
        if frame:
            return frame
    if kind in ("top", "sorted") and names.axes and _plots(request):
        return names.axes  # "the 8 most common words …, most common at the top": the bars
    return names.made[0] if names.made else _subject(request, names)


def _input(request: str, names: Names) -> str | None:
    """The input "the original" means: the first variable named that the code does not make."""
    for m in re.finditer(rf"`({_ID})`", request):
        name = m.group(1)
        if name in names.inputs or (name not in names.made and not _is_column(request, m.start(1))):
            return name
    return None


def _plots(request: str) -> bool:
    return bool(re.search(r"\b(?:chart|plot|histogram)\b|グラフ|図", request, re.I))


def _frame_of(m: re.Match, request: str, names: Names) -> str | None:
    """The frame a column belongs to: "`staff` の `hire_date`", "`joined` column of `employees`"."""
    before = re.search(rf"`({_ID})`\s*の\s*$", request[: m.start()])
    after = re.match(rf"[^.;、。]*?\b(?:column\s+)?(?:of|in)\s+`({_ID})`", request[m.start():])
    hit = before or after
    name = hit.group(1) if hit else None
    return name if name and name not in names.made else None


def _binds_target(m: re.Match, request: str, names: Names) -> str | None:
    """The name nearest the kind word: "`x`, a DataFrame", "a DataFrame `x`", "Axes in `ax`"."""
    inside = re.findall(rf"`({_ID}){_ARGS}`", m.group(0))
    if inside:
        return inside[-1]
    before = re.findall(rf"`({_ID}){_ARGS}`", request[: m.start()])
    after = re.match(rf"\s*`({_ID}){_ARGS}`", request[m.end():])
    if after:
        return after.group(1)
    made = [n for n in before if n in names.made]
    if made:
        return made[-1]
    return names.made[0] if names.made else None


def _subject(request: str, names: Names) -> str | None:
    """With nothing made, the frame the request changes: "sort `logs` by it", "`sales` の"."""
    for m in re.finditer(rf"`({_ID})`", request):
        if not _is_column(request, m.start(1)) and not re.match(r"\s*(?:column|列)", request[m.end():]):
            after = request[m.end(): m.end() + 3]
            before = request[max(0, m.start() - 10): m.start()].lower()
            if after[:1] in ("の", "を") or after[:2] in (" の", " を") or re.search(r"\b(?:of|in|sort|give)\s*$", before) \
                    or names.inputs & {m.group(1)}:
                return m.group(1)
    return None
