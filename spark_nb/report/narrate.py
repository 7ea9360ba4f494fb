"""Model prose that is grounded: every number must appear in the outputs or chart facts.

A sentence with a number that has no support makes the model try once more; sentences
still unsupported are dropped. Model failures become a note, never an exception.
"""

from __future__ import annotations

import re
from typing import Iterable

from spark_nb.report.model import CachedModel
from spark_nb.report.options import ReportStats
from spark_nb.report import prompts

_FENCE = re.compile(r"```.*?(```|$)", re.S)
_MARKUP = re.compile(r"^\s*(#+\s*|[-*•]\s+|\d+[.)]\s+)", re.M)
MAX_SENTENCES = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")


def numbers_of(texts: Iterable[str]) -> set[float]:
    """Every number in ``texts``, by the same reading the grounding check uses."""
    from spark_nb.assist.grounding import numbers_in

    return {n.value for t in texts for n in numbers_in(t)}


def clean(text: str) -> str:
    """Prose only: no code blocks, bullets, headings or runs of whitespace."""
    text = _FENCE.sub(" ", text)
    text = _MARKUP.sub("", text).replace("**", "")
    return " ".join(text.split()).strip()


def _check(text: str, allowed: set[float]):
    from spark_nb.assist.grounding import check

    return check(text, allowed)


def grounded(model: CachedModel, messages: list[dict], allowed: set[float], lang: str,
             stats: ReportStats, max_tokens: int = 160) -> str:
    """The model's answer with unsupported sentences retried once, then removed."""
    from spark_nb.context.secrets import redact_messages

    messages = redact_messages(messages)  # cell sources, outputs and Markdown can hold secrets
    text = drop_echo(clean(model.complete(messages, max_tokens=max_tokens)), messages)
    first = _check(text, allowed)
    stats.numbers_before += first.total
    stats.grounded_before += first.grounded
    final = first
    if not first.ok:
        stats.regenerated += 1
        missing = sorted({n.text for s in first.sentences for n in s.ungrounded})
        try:
            again = drop_echo(clean(model.complete(
                prompts.retry_messages(messages, text, missing, lang), max_tokens=max_tokens)), messages)
            second = _check(again, allowed)
            # keep whichever attempt leaves more supported sentences
            if _kept(second) >= _kept(first):
                final = second
        except Exception:
            pass  # the first answer, minus its unsupported sentences, is still good
    stats.dropped_sentences += sum(1 for s in final.sentences if s.ungrounded)
    kept = _trim(_findings_only(final.kept_text, stats, "" if lang == "ja" else " "))
    after = _check(kept, allowed)
    stats.numbers_after += after.total
    stats.grounded_after += after.grounded
    return kept


def _findings_only(text: str, stats: ReportStats, joiner: str) -> str:
    """Without the sentences that describe the code instead of what the outputs show."""
    from spark_nb.assist.claims.check import describes_code
    from spark_nb.assist.grounding import split_sentences

    kept = []
    for a, b in split_sentences(text):
        sentence = text[a:b].strip()
        if describes_code(sentence):
            stats.code_dropped += 1
        elif sentence:
            kept.append(sentence)
    return joiner.join(kept)


def checked(text: str, sources: list, stats: ReportStats, joiner: str) -> str:
    """``text`` without the sentences the outputs' claims show to be false (the peak in
    the wrong month) or that describe the code; linking sentences stay."""
    from spark_nb.assist.grounding import split_sentences
    from spark_nb.report.findings import verdict

    kept = []
    for a, b in split_sentences(text):
        sentence = text[a:b].strip()
        if not sentence:
            continue
        stats.sentences_checked += 1
        said = verdict(sentence, sources) if sources else "none"
        if said == "code":
            stats.code_dropped += 1
        elif said == "false":
            stats.claim_dropped += 1
        else:
            kept.append(sentence)
    return joiner.join(kept)


def drop_echo(text: str, messages: list[dict]) -> str:
    """Remove sentences that mostly repeat an instruction (a small model parrots them)."""
    from spark_nb.assist.grounding import split_sentences

    asked = [_squash(t) for t in [messages[0]["content"], *prompts.instructions()]]
    keep = [text[a:b] for a, b in split_sentences(text) if not _echoes(_squash(text[a:b]), asked)]
    return "".join(keep).strip()


def _squash(text: str) -> str:
    return re.sub(r"[\s、，,。.:：]", "", text)  # spacing and punctuation differ in a copy


def _echoes(sentence: str, asked: list[str]) -> bool:
    from difflib import SequenceMatcher

    if len(sentence) < 8:
        return False
    for ask in asked:
        m = SequenceMatcher(None, sentence, ask, autojunk=False).find_longest_match(
            0, len(sentence), 0, len(ask))
        if m.size >= max(8, 0.6 * len(sentence)):
            return True
    return False


def _kept(g) -> int:
    return sum(1 for s in g.sentences if not s.ungrounded)


def _trim(text: str) -> str:
    """At most MAX_SENTENCES, and no unfinished last sentence (the token limit cut it)."""
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p]
    if parts and not parts[-1].rstrip().endswith((".", "!", "?", "。", "！", "？", ")", "）")):
        parts = parts[:-1]
    sep = "" if parts and parts[0].rstrip()[-1:] in "。！？" else " "
    return sep.join(parts[:MAX_SENTENCES]).strip()
