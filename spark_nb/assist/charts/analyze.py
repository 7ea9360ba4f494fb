"""Facts -> a short written analysis in which every number is backed by the figure's data.

The model gets the facts table (and the question) and writes a few sentences. Each
sentence with a number that no fact backs is sent back once, naming the wrong number and
the allowed ones; if the rewrite is still unbacked the sentence is dropped, never shown.
Then every sentence is held against the figure's claims (:mod:`spark_nb.assist.claims`):
one that says something the data does not (the peak in the wrong month, a percentage
that is really the absolute change, a description of the code) is replaced by the
template of the claim that holds, or dropped. Without a model the facts table stands
alone, with a note saying why.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from spark_nb.assist.charts.caption import caption_for
from spark_nb.assist.charts.facts import FigureFacts
from spark_nb.assist.charts.table import render
from spark_nb.assist.grounding import Grounding, check, numbers_in

SYSTEM = ("You describe a chart for a data analyst, using only the facts given. Write 2 to 4 short "
          "plain sentences{lang}: no lists, no headings, no tables. Copy every number exactly as "
          "the facts write it; never compute new numbers.")
ASK = "Answer this question first: {question}"
OVERVIEW = "Say what the chart shows: the main trend or comparison, and the highest and lowest values."
# asked in Japanese, the small default model answers in Japanese far more often
ASK_JA = "まずこの質問に日本語で答えてください：{question}"
OVERVIEW_JA = "グラフが示すこと（主な傾向や比較、最大値と最小値）を日本語の文で説明してください。"
REWRITE = ("This sentence states {bad}, which is not in the facts:\n\"{sentence}\"\n"
           "Numbers you may use: {allowed}.\nRewrite the sentence using only those numbers, or "
           "none. Reply with the one sentence only.")
MAX_REWRITES = 3
_END = re.compile(r"[.!?](?=\s)|[。！？]")
_LIST = re.compile(r"^(?:[-*•#>]+|\d{1,2}[.)](?=\s|\D))\s*")
MAX_ALLOWED_SHOWN = 40


@dataclass
class ChartAnalysis:
    """What :func:`analyze_figure` found: the facts, their table and grounded prose."""

    facts: FigureFacts
    table: str
    prose: str = ""
    question: str | None = None
    grounding: Grounding | None = None
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    seconds_extract: float = 0.0
    seconds_model: float = 0.0
    model: str = ""
    vision: bool = False
    japanese: bool = False
    note: str = ""  # why there is no prose (no model, no data) or a vision warning
    before: Grounding | None = None  # the model's first answer, before the check
    checked: int = 0  # sentences held against the figure's claims (spark_nb.assist.claims)
    rewritten: list[tuple[str, str]] = field(default_factory=list)  # (false sentence, the claim's template)
    claim_dropped: list[str] = field(default_factory=list)  # false sentences no claim could replace
    answer: str = ""  # the claim that answers the question, stated first in the prose

    @property
    def caption(self) -> str:
        """One short grounded sentence from the facts alone (no model): title and main fact."""
        return caption_for(self.facts, japanese=self.japanese)

    def markdown(self) -> str:
        """The analysis as Markdown to display: the facts table, the prose, the note.

        The figure's text and the model's words are escaped
        (:func:`~spark_nb.assist.safe_html.escape_markdown`): in any front end they show
        as the characters they are, never as HTML, links or images.
        """
        from spark_nb.assist.safe_html import escape_markdown

        parts = [render(self.facts, escape_markdown)]
        if self.prose:
            parts.append(escape_markdown(self.prose))
        if self.note:
            parts.append(f"*{escape_markdown(self.note)}*")
        return "\n\n".join(parts)

    def html(self) -> str:
        """:meth:`markdown` rendered to sanitized HTML (for panels that draw HTML)."""
        from spark_nb.assist.safe_html import markdown_to_html

        return markdown_to_html(self.markdown())

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        """Plain text for a terminal: the facts table, the prose and the note as they are."""
        parts = [self.table] + [p for p in (self.prose, self.note) if p]
        return "\n\n".join(parts)


def allowed_numbers(facts: FigureFacts, table: str, question: str | None = None) -> list[float]:
    """The values prose may state: every fact, as stored and as the table rounds it,
    plus numbers the user's question itself names."""
    values = list(facts.numbers())
    for scale in _unit_scales(facts):  # "売上（万円）" plotted as 1,250 is written 1,250万円
        values += [v * scale for v in facts.numbers()]
    if any("%" in u for a in facts.axes for u in (a.x_unit, a.y_unit)):  # "Rate (%)": 12 is 12%
        values += [v / 100.0 for v in facts.numbers()]
    for text in (table, question or ""):
        for n in numbers_in(text):
            values.append(n.value)
            if n.kind == "percent":
                values.append(n.value / 100.0)
    return sorted(set(values))


def _unit_scales(facts: FigureFacts) -> set[float]:
    """Multipliers that axis units carry: 万円 -> 1e4, k$ -> 1e3, million USD -> 1e6."""
    from spark_nb.assist.grounding import numbers_in as find

    scales = set()
    for a in facts.axes:
        for unit in (a.x_unit, a.y_unit):
            for probe in (f"1{unit}", f"1 {unit}") if unit else ():
                found = find(probe)
                if found and found[0].start == 0 and found[0].scale != 1.0:
                    scales.add(found[0].scale)
    return scales


def analyze_facts(facts: FigureFacts, question: str | None = None, *, model: str | None = None,
                  engine: Any = None, use_model: bool = True, lang: str | None = None,
                  max_tokens: int = 200, image: bytes | None = None) -> ChartAnalysis:
    """Write up ``facts`` (answering ``question``), keeping only grounded sentences.

    ``lang`` is "en" or "ja"; by default Japanese when the question or the chart's labels
    are. ``engine`` is any object with ``stream(messages, **options)`` (default:
    ``get_engine(model)``). The model failing or missing gives the table and a note.
    """
    from spark_nb.assist.text import is_japanese

    started = time.perf_counter()
    table = render(facts)
    japanese = lang == "ja" if lang else is_japanese(question or "") or is_japanese(table)
    result = ChartAnalysis(facts=facts, table=table, question=question, japanese=japanese)
    if not facts.has_data:
        result.note = "The figure has no data to analyse."
    elif use_model:
        _write(result, model, engine, max_tokens, image)
    if question and facts.has_data:
        _answer_first(result)
    if not result.grounding:
        result.grounding = check(result.prose, [])
    result.seconds = time.perf_counter() - started
    return result


def _write(result: ChartAnalysis, model: str | None, engine: Any, max_tokens: int,
           image: bytes | None) -> None:
    started = time.perf_counter()
    try:
        if engine is None:
            from spark_nb.engine import get_engine

            engine = get_engine(model, task="chart")
        allowed = allowed_numbers(result.facts, result.table, result.question)
        text, result.model = _ask(engine, _messages(result, image), max_tokens)
        text = _without_copies(text, result.table)
        result.before = check(text, allowed)
        prose, dropped = _repair(engine, result.before, allowed, _shown(result.table), max_tokens,
                                 "" if result.japanese else " ")
        result.prose, result.dropped = _claimed(result, prose, "" if result.japanese else " "), dropped
        result.grounding = check(result.prose, allowed)
    except Exception as exc:  # noqa: BLE001 - the facts are worth showing without prose
        result.note = f"No written analysis: the model is not available ({_short(exc)}). The facts above are exact."
    result.seconds_model = time.perf_counter() - started


def _messages(result: ChartAnalysis, image: bytes | None) -> list[dict]:
    ja = result.japanese
    system = SYSTEM.format(lang=" in Japanese" if ja else "")
    ask, overview = (ASK_JA, OVERVIEW_JA) if ja else (ASK, OVERVIEW)
    task = ask.format(question=result.question) if result.question else overview
    user: Any = f"Facts:\n{result.table}\n\n{task}"
    if image is not None:
        user = [{"type": "text", "text": user}, {"type": "image", "image": image}]
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _ask(engine: Any, messages: list[dict], max_tokens: int) -> tuple[str, str]:
    from spark_nb.context.secrets import redact_messages

    # the facts hold the figure's own text (title, labels, categories, legend)
    completion = engine.stream(redact_messages(messages), max_tokens=max_tokens, temperature=0.0).wait()
    return _clean(completion.text), getattr(completion, "model", "") or ""


def _clean(text: str) -> str:
    """Model output as plain sentences: no bullets, headings or code fences."""
    text = text.replace("```", "").replace("**", "").replace("__", "").replace("\ufffd", "")
    # a copied table is not an analysis (the user already sees the table)
    lines = [_LIST.sub("", ln.strip()) for ln in text.splitlines() if not ln.strip().startswith("|")]
    text = " ".join(ln for ln in lines if ln).strip()
    if text and text[-1] not in ".!?。！？":  # cut off by max_tokens: drop the unfinished sentence
        ends = [m.end() for m in _END.finditer(text)]
        text = text[:ends[-1]] if ends else text
    return text


def _without_copies(text: str, table: str) -> str:
    """Drop sentences that repeat a line of the table (the user sees it already) or an earlier sentence."""
    from spark_nb.assist.grounding import split_sentences

    rows = [ln.replace("**", "").lstrip("-• ").strip() for ln in table.splitlines()]
    rows = [r for r in rows if len(r) >= 8]
    kept, seen = [], set()
    for a, b in split_sentences(text):
        sentence = text[a:b].strip()
        if sentence in seen or any(sentence.rstrip(".;。") in r or r in sentence for r in rows):
            continue  # a copied table line, or a sentence repeated in a loop
        seen.add(sentence)
        kept.append(text[a:b])
    return "".join(kept).strip()


def _repair(engine: Any, first: Grounding, allowed: list[float], shown: str, max_tokens: int,
            joiner: str) -> tuple[str, list[str]]:
    """Rewrite each unbacked sentence once; drop it if the rewrite is still unbacked."""
    kept, dropped, rewrites = [], [], 0
    for s in first.sentences:
        if s.ok:
            kept.append(s.text)
            continue
        if rewrites >= MAX_REWRITES:
            dropped.append(s.text)
            continue
        rewrites += 1
        bad = ", ".join(n.text for n in s.ungrounded)
        ask = [{"role": "user", "content": REWRITE.format(bad=bad, sentence=s.text, allowed=shown)}]
        new, _ = _ask(engine, ask, min(max_tokens, 80))
        again = check(new, allowed)
        if new and again.ok and again.sentences:
            kept.append(" ".join(x.text for x in again.sentences[:1]))
        else:
            dropped.append(s.text)
    return joiner.join(kept).strip(), dropped


def _answer_first(result: ChartAnalysis) -> None:
    """A question's answer leads, stated by the claim that answers it: "Which month
    peaked?" -> "Revenue is highest in April (month 4), at 523.", then the prose (less a
    first sentence of the model's that says the same)."""
    from spark_nb.assist.claims import answer, claims_of
    from spark_nb.assist.grounding import check as grounding_check

    from spark_nb.assist.claims import check as check_claim, value_claims
    from spark_nb.assist.grounding import split_sentences

    claims = claims_of(result.facts)
    claim = answer(result.question or "", result.facts, claims)
    if claim is None:
        return
    lead = claim.ja if result.japanese else claim.en
    result.answer = lead
    rest = result.prose.replace(lead, "").strip()
    spans = split_sentences(rest)
    if spans:  # the model's first sentence may answer already: the answer says it exactly, once
        first = rest[spans[0][0]:spans[0][1]].strip()
        verdict = check_claim(first, result.facts, claims + value_claims(result.facts))
        if any(c.kind == claim.kind and c.subject == claim.subject for c in verdict.claims):
            rest = rest[spans[0][1]:].strip()
    result.prose = f"{lead}{'' if result.japanese else ' '}{rest}".strip()
    allowed = allowed_numbers(result.facts, result.table, result.question)
    result.grounding = grounding_check(result.prose, allowed)


def _claimed(result: ChartAnalysis, prose: str, joiner: str) -> str:
    """Every sentence held against the figure's claims: a false one is replaced by the
    template of the claim that holds (the real maximum for a wrong one), or dropped."""
    from spark_nb.assist.claims import check as check_claim, claims_of, value_claims
    from spark_nb.assist.grounding import split_sentences

    claims = claims_of(result.facts) + value_claims(result.facts)
    kept: list[str] = []
    for a, b in split_sentences(prose):
        sentence = prose[a:b].strip()
        if not sentence:
            continue
        result.checked += 1
        verdict = check_claim(sentence, result.facts, claims)
        if verdict.ok:
            kept.append(sentence)
            continue
        instead = verdict.instead
        template = (instead.ja if result.japanese else instead.en) if instead is not None else ""
        if template and template not in kept:
            kept.append(template)
            result.rewritten.append((sentence, template))
        else:
            result.claim_dropped.append(sentence)
    return joiner.join(kept).strip()


def _shown(table: str) -> str:
    """The numbers of the table as it writes them: what the model is told it may use."""
    seen = dict.fromkeys(n.text for n in numbers_in(table) if n.kind != "count")
    return ", ".join(list(seen)[:MAX_ALLOWED_SHOWN])


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]
