"""What a section's outputs show, as claims: chosen by the model, stated by templates.

Every table that summarises, every pandas Series printed and every figure with chart
facts gives claims (:mod:`spark_nb.assist.claims`), each remembered with the cell it rests
on. The model is shown the claims' sentences and answers, through a JSON schema, with the
ids of the few that matter for the section, in order, and one linking sentence. The claims
are stated by their own templates, so they are exact; the linking sentence is kept only if
it asserts nothing of the data and does not describe the code. Without a model, or with an
answer that is not the schema's, the claims with the highest scores are stated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from spark_nb.assist.charts.facts import FigureFacts
from spark_nb.assist.claims import Claim, check, claims_of, value_claims
from spark_nb.assist.claims.tables import series_table, table_claims

PER_SECTION = 3
IN_SUMMARY = 4
LINK_CHARS = 200

ASK = {
    "en": ("Choose the findings this section of a data-analysis report should state: the ids of "
           "1 to 3 findings, most important first. Also write one short sentence that introduces "
           "them, with no numbers, names or comparisons."),
    "ja": ("データ分析レポートのこのセクションで述べる結果を選んでください。重要な順に1〜3個の id を"
           "選び、それらを導入する短い日本語の文を1つ書いてください（数値・名前・比較は入れない）。"),
}
SYSTEM = {
    "en": "You edit a data-analysis report. Reply with JSON only.",
    "ja": "あなたはデータ分析レポートの編集者です。JSON だけで答えてください。",
}


@dataclass
class Source:
    """The claims of one output (a table, a Series, a figure) and the cell it is in."""

    cell: int
    facts: FigureFacts
    claims: list[Claim]
    checkable: list[Claim] = field(default_factory=list)  # claims + one per value, for the checker


@dataclass
class Finding:
    """A sentence the report states, the claim behind it and the cell it rests on."""

    text: str
    cell: int
    claim: Claim
    section: int = 0


_MEASURES = {"mean": ("mean", "平均"), "median": ("median", "中央値"), "sum": ("total", "合計"),
             "count": ("count", "件数"), "nunique": ("distinct count", "種類数"), "std": ("standard deviation", "標準偏差")}


def measure(code: str, lang: str) -> str:
    """What a cell's last line computes, when it says ("….mean().round(1)" -> "mean"),
    so a table of means is not stated as one of totals."""
    import re

    lines = [ln for ln in code.strip().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    found = re.findall(r"\.(mean|median|sum|count|nunique|std)\(\)", lines[-1]) if lines else []
    if not found:
        return ""
    return _MEASURES[found[-1]][1 if lang == "ja" else 0]


def sources_of(items: list, tables: list, cell: int, code: str = "", lang: str = "en") -> list[Source]:
    """The claims of one code cell's outputs: ``items`` as read for the report and
    ``tables`` as parsed before trimming; ``code`` is the cell's (what it computes)."""
    from spark_nb.report.outputs import Figure, Text

    what = measure(code, lang)
    out: list[Source] = []
    for table in tables:
        _add(out, cell, table_claims(_with_measure(table.header, what, lang), table.body))
    for item in items:
        if isinstance(item, Text):
            parsed = series_table(item.text)
            if parsed:
                _add(out, cell, table_claims(_with_measure(parsed[0], what, lang), parsed[1]))
        elif isinstance(item, Figure) and item.facts:
            try:
                facts = FigureFacts.from_dict(item.facts)
            except Exception:  # facts from another version: the figure still shows
                continue
            if facts.has_data:
                _add(out, cell, (facts, claims_of(facts)))
    return out


def _with_measure(header: list[list[str]], what: str, lang: str) -> list[list[str]]:
    """The header with its value columns named for what they hold ("mean revenue")."""
    if not what or not header:
        return header
    top = list(header[0])
    for j in range(1, len(top)):
        if top[j].strip() and what not in top[j]:
            top[j] = f"{top[j]}の{what}" if lang == "ja" else f"{what} {top[j]}"
    return [top, *header[1:]]


def _add(out: list[Source], cell: int, found: tuple[FigureFacts, list[Claim]] | None) -> None:
    if found and found[1]:
        facts, claims = found
        out.append(Source(cell, facts, claims, claims + value_claims(facts)))


def candidates(sources: list[Source], lang: str) -> list[tuple[Claim, Source]]:
    """Every claim of the section once, best first: a table and the chart drawn from it
    often say the same (the maximum, of the same value, at the same place)."""
    from collections import Counter

    pairs = [(c, s) for s in sources for c in s.claims]
    twice = Counter(_same(c) for c, _ in pairs)  # what two outputs show is what the section is about
    ranked = sorted(pairs, key=lambda cs: -(cs[0].score + 0.1 * (twice[_same(cs[0])] - 1)))
    seen: set = set()
    out = []
    for claim, source in ranked:
        text = _text(claim, lang)
        if text and text not in seen and _same(claim) not in seen:
            seen |= {text, _same(claim)}
            out.append((claim, source))
    return out


def _same(c: Claim) -> tuple:
    return (c.kind, _rounded(c.value), _rounded(c.value2), str(c.x)[:10], str(c.x2)[:10])


def _rounded(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


def _text(claim: Claim, lang: str) -> str:
    return claim.ja if lang == "ja" else claim.en


def choose(heading: str, notes: str, sources: list[Source], lang: str, model: Any,
           stats: Any) -> tuple[str, list[Finding]]:
    """(linking sentence, findings) for one section; see the module."""
    pool = candidates(sources, lang)[:12]
    if not pool:
        return "", []
    ids = [f"f{i}" for i in range(1, len(pool) + 1)]
    picked, link = _ask(heading, notes, pool, ids, lang, model, stats)
    if not picked:
        picked = _default(pool)
    chosen = [pool[ids.index(i)] for i in picked]
    findings = [Finding(_text(c, lang), s.cell, c) for c, s in chosen]
    stats.claims_stated += len(findings)
    stats.claims_verified += sum(1 for f, (c, s) in zip(findings, chosen) if check(f.text, s.facts, s.checkable).status == "true")
    return keep_link(link, sources, stats), findings


def _default(pool: list[tuple[Claim, Source]]) -> list[str]:
    """The best claims, one per kind and subject (not the maximum of three columns)."""
    picked, kinds = [], set()
    for i, (claim, _) in enumerate(pool, 1):
        if claim.kind in kinds:
            continue
        kinds.add(claim.kind)
        picked.append(f"f{i}")
        if len(picked) == PER_SECTION:
            break
    return picked


def schema(ids: list[str]) -> dict:
    """The answer's shape: ids of the listed findings (1 to 3, no repeats) and a link."""
    return {"type": "object",
            "properties": {"ids": {"type": "array", "items": {"type": "string", "enum": ids},
                                   "minItems": 1, "maxItems": min(PER_SECTION, len(ids))},
                           "link": {"type": "string", "maxLength": LINK_CHARS}},
            "required": ["ids", "link"]}


def messages(heading: str, notes: str, pool: list[tuple[Claim, Source]], ids: list[str], lang: str) -> list[dict]:
    """The request: the section, the author's notes and the numbered findings."""
    listed = "\n".join(f"{i}: {_text(c, lang)}{_about(s)}" for i, (c, s) in zip(ids, pool))
    notes = f"\n{notes.strip()[:400]}" if notes.strip() else ""
    user = f"{ASK[lang]}\n\n# {heading}{notes}\n\n{listed}"
    return [{"role": "system", "content": SYSTEM[lang]}, {"role": "user", "content": user}]


def _about(source: Source) -> str:
    """" (Sales by shop)": the title of the chart a claim comes from, for context."""
    title = source.facts.title or next((a.title for a in source.facts.axes if a.title), "")
    return f" ({title[:80]})" if title else ""


def _ask(heading, notes, pool, ids, lang, model, stats) -> tuple[list[str], str]:
    if model is None:
        return [], ""
    try:
        text = model.complete(messages(heading, notes, pool, ids, lang), max_tokens=120, json_schema=schema(ids))
        answer = json.loads(text)
    except Exception:  # no model, a crash, an answer that is not JSON: the best claims
        stats.claims_default += 1
        return [], ""
    picked = [i for i in dict.fromkeys(answer.get("ids") or []) if i in ids][:PER_SECTION] \
        if isinstance(answer, dict) else []
    link = answer.get("link", "") if isinstance(answer, dict) and isinstance(answer.get("link"), str) else ""
    if not picked:
        stats.claims_default += 1
    return picked, link


def keep_link(link: str, sources: list[Source], stats: Any) -> str:
    """The linking sentence if it asserts nothing of the data and is not about the code."""
    from spark_nb.assist.grounding import numbers_in, split_sentences

    link = " ".join(link.split())[:LINK_CHARS]
    spans = split_sentences(link)
    if link and not _sentence(link):
        stats.link_dropped += 1  # a URL, a heading, a word: not a sentence that links findings
        return ""
    if not link or len(spans) != 1:
        if link:
            stats.link_dropped += 1
        return ""
    if numbers_in(link) or verdict(link, sources) != "none":
        stats.link_dropped += 1
        return ""
    return link


def _sentence(text: str) -> bool:
    import re

    if re.search(r"://|www\.|[#`<>\[\]{}|*_]", text):
        return False
    words = re.findall(r"[A-Za-z]+|[\u3040-\u30ff\u4e00-\u9fff]", text)
    return len(words) >= 3 and text.rstrip()[-1:] in ".!。！"


def verdict(sentence: str, sources: list[Source]) -> str:
    """"code" (describes the code), "true" (a claim of some output backs it), "none" (it
    asserts nothing of any output) or "false"."""
    from spark_nb.assist.claims.check import describes_code

    if describes_code(sentence):
        return "code"
    found = [check(sentence, s.facts, s.checkable).status for s in sources]
    named = _named(sentence, sources)
    for i, s in enumerate(sources):
        if found[i] == "true" and named - _places(s):
            found[i] = "false"  # "South has the highest revenue" is not backed by a chart without South
    if "true" in found:
        return "true"
    return "none" if all(v == "none" for v in found) and not named else "false"


def _places(source: Source) -> set[str]:
    """The categories and series names of one output, as the checker reads them."""
    from spark_nb.assist.claims.check import _categories, _labels

    return {x.lower() for x in _labels(source.facts) + _categories(source.facts)}


def _named(sentence: str, sources: list[Source]) -> set[str]:
    """The categories and series of any of the outputs that ``sentence`` names."""
    import re

    text = sentence.lower()
    every = set().union(*(_places(s) for s in sources)) if sources else set()
    return {p for p in every if len(p) > 1 and not re.fullmatch(r"[\d.\-: ]+", p)
            and re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", text)}


def summary(findings: list[Finding]) -> list[Finding]:
    """The executive summary: the highest-scored finding of each section first, then the
    next best, at most IN_SUMMARY, in the order of the sections."""
    firsts: dict[int, Finding] = {}
    for f in findings:
        firsts.setdefault(f.section, f)
    ranked = sorted(firsts.values(), key=lambda f: -f.claim.score)
    rest = sorted((f for f in findings if f not in ranked), key=lambda f: -f.claim.score)
    top, said = [], set()
    for f in ranked + rest:
        what = (f.claim.kind, str(f.claim.x))
        if what in said:
            continue  # "north has the highest …" once, not for every table of the same rows
        said.add(what)
        top.append(f)
    return sorted(top[:IN_SUMMARY], key=lambda f: (f.section, findings.index(f)))
