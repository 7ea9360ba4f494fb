"""Figure captions: from the figure's chart facts when it has them, else from its code.

With facts the caption is the one grounded sentence the chart module builds without a
model, and the facts' numbers may be used by the prose. Without facts the caption is the
title set in the code (or the cell's first comment) and brings no numbers.
"""

from __future__ import annotations

import re
from typing import Any

_TITLE = re.compile(r"""(?:set_title|\btitle|suptitle)\s*\(\s*(?:[fr]?)(["'])(.+?)\1""")
_TITLE_KW = re.compile(r"""\btitle\s*=\s*(?:[fr]?)(["'])(.+?)\1""")
_COMMENT = re.compile(r"^\s*#\s*(.+)$", re.M)


def from_facts(facts: dict, lang: str) -> tuple[str, list[float], str]:
    """(caption, numbers, facts table as text) from chart facts; ("", [], "") if unusable."""
    try:
        from spark_nb.assist.charts import FigureFacts, allowed_numbers, analyze_facts

        parsed = FigureFacts.from_dict(facts)
        analysis = analyze_facts(parsed, use_model=False, lang=lang)
        numbers = [float(n) for n in allowed_numbers(parsed, analysis.table)]
        table = analysis.table if isinstance(analysis.table, str) else ""
        return (analysis.caption or "").strip(), numbers, table
    except Exception:  # the chart module is missing or the facts are from another version
        return "", [], ""


def from_code(code: str) -> str:
    """The title the cell's code gives its chart, else its first comment, else ""."""
    titles = [m.group(2) for m in _TITLE.finditer(code)] + [m.group(2) for m in _TITLE_KW.finditer(code)]
    if titles:
        return titles[-1].strip()
    m = _COMMENT.search(code)
    return m.group(1).strip() if m and not m.group(1).startswith("!") else ""


def caption_figure(figure: Any, code: str, lang: str) -> tuple[list[float], str]:
    """Set ``figure.caption``; return the numbers it allows and facts text for the model."""
    if figure.facts:
        caption, numbers, table = from_facts(figure.facts, lang)
        if caption:
            figure.caption = caption
            return numbers, table or caption
    if not figure.caption:
        figure.caption = from_code(code)
    return [], ""
