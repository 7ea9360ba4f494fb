"""The live data the model is grounded in: a namespace and recent cells -> prompt text.

Pure Python over a plain mapping (IPython's ``user_ns`` in the kernel, any dict in
tests); IPython, pandas and numpy are never imported here. Variables are ranked by how
relevant they are to the request and trimmed to a token budget, and anything that looks
like a secret is withheld as ``<redacted:NAME>`` (see :mod:`spark_nb.context.secrets`).
"""

from __future__ import annotations

import os
import re
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from spark_nb.context.secrets import redact_text, remember_namespace
from spark_nb.context.summaries import VariableSummary, is_noise, summarize

__all__ = ["Context", "VariableSummary", "build_context", "default_count_tokens", "summarize"]

MAX_CELLS = 5
CELL_CHARS = 600
VERSIONED = ("pandas", "numpy", "matplotlib")
SCANNED_COLUMNS = 2000  # a frame with more columns is matched on its first ones only

# Relevance: a named variable beats a frame with a named column, which beats any kind.
# Kinds are 1 apart and recency adds less than 1, so recency only breaks ties.
NAME_MENTIONED = 100.0
COLUMN_MENTIONED = 50.0
KIND_WEIGHT = {
    "DataFrame": 10.0, "Series": 9.0, "ndarray": 8.0, "dict": 6.0, "list": 6.0,
    "tuple": 6.0, "set": 6.0, "function": 5.0, "class": 4.0,
}
SCALAR_WEIGHT = 3.0
# Short English words that are also plausible variable names: "plot a bar chart" must
# not promote a variable called `a`.
STOPWORDS = frozenset({
    "a", "an", "and", "as", "at", "be", "by", "do", "for", "i", "if", "in", "is", "it",
    "me", "my", "no", "of", "on", "or", "so", "the", "to", "up", "us", "we",
})


@dataclass
class Context:
    """A snapshot of the kernel for one prompt. :meth:`render` gives the prompt text."""

    variables: list[VariableSummary] = field(default_factory=list)
    modules: dict[str, str] = field(default_factory=dict)  # alias -> module name
    versions: dict[str, str] = field(default_factory=dict)
    cells: list[tuple[str, str]] = field(default_factory=list)  # (source, output), oldest first
    omitted: list[str] = field(default_factory=list)  # left out for the token budget
    redacted: list[str] = field(default_factory=list)  # withheld, wholly or partly, as secrets

    def render(self) -> str:
        """Compact prompt text; empty sections are left out."""
        sections = [
            _section("Imported modules", [_import_line(a, m) for a, m in self.modules.items()]),
            _section("Variables", [v.text for v in self.variables] + self._omitted_line()),
            _section("Recent cells (oldest first)", _cell_lines(self.cells)),
            _section("Library versions",
                     [", ".join(f"{k} {v}" for k, v in self.versions.items())]),
        ]
        return "\n\n".join(s for s in sections if s)

    def _omitted_line(self) -> list[str]:
        # A count, not the names: a line that grew with every drop could outgrow the
        # variables dropped to make room for it.
        return [f"({len(self.omitted)} more variables not shown)"] if self.omitted else []




def default_count_tokens(text: str) -> int:
    """A tokenizer-free estimate: about four characters per token."""
    return len(text) // 4 + 1


def build_context(
    namespace: Mapping[str, Any],
    *,
    request: str = "",
    cells: Sequence[tuple[str, str]] = (),
    budget_tokens: int = 1500,
    count_tokens: Callable[[str], int] | None = None,
) -> Context:
    """Summarize ``namespace`` for ``request`` within ``budget_tokens``.

    Variables come most relevant first: named in the request (ASCII names are found in
    Japanese requests too), then frames having a column the request names, then frames,
    series and arrays before scalars, then newer before older (namespace order). Over
    budget, the least relevant variables go first (into ``omitted``), then the oldest
    cells, then variables the request names.
    """
    ctx = Context()
    items = list(namespace.items())  # a snapshot: the kernel may add names meanwhile
    # the values held under secret names are hidden wherever they show up again: in a
    # recent cell's output, a traceback, a later prompt (see secrets.remember)
    remember_namespace(dict(items))
    for position, (name, value) in enumerate(items):
        if not isinstance(name, str) or is_noise(name, value):
            continue
        if isinstance(value, types.ModuleType):
            ctx.modules[name] = value.__name__
            continue
        summary = summarize(name, value)  # a secret is withheld: `API_KEY: str = <redacted:API_KEY>`
        if summary is None:
            continue
        if summary.redacted:
            ctx.redacted.append(name)
        summary.relevance = _relevance(summary, value, request) + (position + 1) / (len(items) + 1)
        ctx.variables.append(summary)
    ctx.variables.sort(key=lambda s: s.relevance, reverse=True)
    ctx.cells = _recent_cells(cells, ctx.redacted, frozenset(k for k, _ in items if isinstance(k, str)))
    ctx.versions = _versions(ctx.modules)
    _fit(ctx, budget_tokens, count_tokens or default_count_tokens)
    return ctx


def _relevance(summary: VariableSummary, value: Any, request: str) -> float:
    score = KIND_WEIGHT.get(summary.kind, SCALAR_WEIGHT)
    if not request:
        return score
    if _mentions(request, summary.name):
        score += NAME_MENTIONED
    hits = _column_hits(value, summary.kind, request)
    if hits:
        score += COLUMN_MENTIONED + min(hits - 1, 9)  # more named columns, a bit higher
    return score


def _column_hits(value: Any, kind: str, request: str) -> int:
    if kind == "DataFrame":
        labels = value.columns[:SCANNED_COLUMNS]
    elif kind == "Series" and value.name is not None:
        labels = [value.name]
    else:
        return 0
    return sum(_mentions(request, str(label)) for label in labels)


def _mentions(request: str, word: str) -> bool:
    """Whether ``word`` occurs in ``request`` as a word of its own.

    ``\\b`` would not do: Python counts kana and kanji as word characters, so in
    "salesの売上" there is no boundary after "sales". Non-ASCII words (a column named
    "売上") are matched as plain substrings, since Japanese has no spaces.
    """
    word = word.strip()
    if not word or word.lower() in STOPWORDS:
        return False
    if not word.isascii():
        return len(word) >= 2 and word in request
    pattern = r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])"
    return re.search(pattern, request, re.IGNORECASE) is not None


def _recent_cells(cells: Sequence[tuple[str, str]], redacted: list[str],
                  names: frozenset = frozenset()) -> list[tuple[str, str]]:
    """The last cells, secrets redacted (before clipping, which could split one).

    ``names`` are the namespace's names: ``password=pw`` is code when ``pw`` is one."""
    kept = list(cells)[-MAX_CELLS:]
    out = []
    for i, (source, output) in enumerate(kept):
        pair = [str(source or ""), str(output or "")]
        clean = [redact_text(text, names=names) for text in pair]
        if clean != pair:
            redacted.append(f"cell[{i - len(kept)}]")  # cell[-1] is the latest
        out.append((_clip_middle(clean[0]), _clip_middle(clean[1])))
    return out


def _clip_middle(text: str, limit: int = CELL_CHARS) -> str:
    """Keep both ends: a cell's first lines say what it does, an output's last lines
    hold the result or the error."""
    text = text.strip("\n")
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n… ({len(text) - 2 * half} characters cut) …\n{text[-half:]}"


def _versions(modules: Mapping[str, str]) -> dict[str, str]:
    versions = {"python": "%d.%d.%d" % sys.version_info[:3]}
    extra = sorted({m.split(".")[0] for m in modules.values()} - set(VERSIONED))
    for top in (*VERSIONED, *extra):
        if top in sys.stdlib_module_names:  # stdlib modules carry stale __version__s
            continue
        version = getattr(sys.modules.get(top), "__version__", None)
        if isinstance(version, str):
            versions[top] = version
    return versions


def _fit(ctx: Context, budget: int, count: Callable[[str], int]) -> None:
    """Drop whole items until the rendered text fits, measuring the text sparingly."""
    plan = _drop_plan(ctx, count)
    while (excess := count(ctx.render()) - budget) > 0:
        dropped = False
        for drop in plan:  # drop by estimated cost, then measure the real text again
            dropped = True
            excess -= drop()
            if excess <= 0:
                break
        if not dropped:
            return  # only the fixed sections are left; they are kept whatever they cost


def _drop_plan(ctx: Context, count: Callable[[str], int]) -> Iterator[Callable[[], int]]:
    """Steps that each drop one item and return its estimated cost in tokens."""

    def drop_variable(summary: VariableSummary) -> Callable[[], int]:
        def step() -> int:
            ctx.variables.remove(summary)
            ctx.omitted.append(summary.name)
            return count(summary.text)
        return step

    def drop_oldest_cell() -> int:
        source, output = ctx.cells.pop(0)
        return count(source) + count(output)

    by_least = sorted(ctx.variables, key=lambda s: s.relevance)
    named = [s for s in by_least if s.relevance >= COLUMN_MENTIONED]
    yield from (drop_variable(s) for s in by_least if s.relevance < COLUMN_MENTIONED)
    yield from (drop_oldest_cell for _ in range(len(ctx.cells)))
    yield from (drop_variable(s) for s in named)


def _section(title: str, lines: list[str]) -> str:
    lines = [line for line in lines if line]
    return f"{title}:\n" + "\n".join(lines) if lines else ""


def _import_line(alias: str, module: str) -> str:
    return f"import {module}" if alias == module else f"import {module} as {alias}"


def _cell_lines(cells: list[tuple[str, str]]) -> list[str]:
    lines = []
    for n, (source, output) in enumerate(cells, 1):
        lines.append(f"In [{n}]:\n{source}")
        if output:
            lines.append(f"Out [{n}]:\n{output}")
    return lines


def notebook_path(user_ns: Mapping[str, Any]) -> Path | None:
    """The running notebook's file, from what Jupyter or VS Code put in the kernel."""
    for value in (user_ns.get("__vsc_ipynb_file__"), user_ns.get("__session__"),
                  os.environ.get("JPY_SESSION_NAME")):
        if value and str(value).endswith(".ipynb") and Path(str(value)).exists():
            return Path(str(value))
    return None
