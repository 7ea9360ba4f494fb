"""A loaded notebook -> a Report: sections, outputs, captions, grounded prose."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from spark_nb.report import findings as found, narrate, prompts
from spark_nb.report.captions import caption_figure
from spark_nb.report.document import Report, Section
from spark_nb.report.labels import labels
from spark_nb.report.model import CachedModel
from spark_nb.report.notebook import SourceNotebook, failed_cells
from spark_nb.report.options import ReportOptions
from spark_nb.report.outputs import ErrorItem, Figure, Markdown, Text, attachment_figures, read_outputs
from spark_nb.report.sections import Part, split, title_of
from spark_nb.report.tables import Table

_COMMENTS = re.compile(r"#(.*)$", re.M)


def detect_lang(nb: Any) -> str:
    """"ja" when the notebook's markdown or code comments are Japanese."""
    from spark_nb.assist.text import is_japanese

    text = []
    for cell in nb.cells:
        src = "".join(cell.source) if isinstance(cell.source, list) else cell.source
        text.append(src if cell.cell_type == "markdown" else " ".join(_COMMENTS.findall(src)))
    return "ja" if is_japanese("\n".join(text)) else "en"


def steps(nb: Any, labels_: dict) -> int:
    """Progress steps of ``build``: one per section, one for summary and conclusions."""
    return len(split(nb, labels_)) + 1


def build(source: SourceNotebook, opts: ReportOptions, model: CachedModel,
          progress: Any = None, lang: str | None = None) -> Report:
    """Write the report's content; the model is asked once per section and once at the end."""
    nb = source.nb
    lang = lang or opts.lang or detect_lang(nb)
    words = labels(lang)
    report = Report(opts.title or title_of(nb, source.name), lang, words, model=model.name,
                    date=_dt.date.today().isoformat(), sha256=source.sha256,
                    include_code=not opts.no_code, stats=model.stats)
    report.notes.extend(source.notes)
    report.failed_cells = source.failed_cells or failed_cells(nb)
    every_number: set[float] = set()
    every_source: list[found.Source] = []
    from spark_nb.report.widget_state import widget_states

    widgets = widget_states(nb)
    for part in split(nb, words):
        section, allowed, sources = _section(part, opts, model, lang, widgets)
        for f in section.findings:
            f.section = len(report.sections)
        every_number |= allowed
        every_source += sources
        report.sections.append(section)
        _tick(progress, part.heading)
    _summary(report, model, every_number, every_source)
    _tick(progress, words["summary"])
    return report


def _tick(progress: Any, what: str) -> None:
    if progress is not None:
        progress.set_postfix_str(what[:30], refresh=False)
        progress.update(1)


def _section(part: Part, opts: ReportOptions, model: CachedModel, lang: str, widgets: dict):
    words = labels(lang)
    section = Section(part.heading)
    outputs_text: list[str] = []
    allowed: set[float] = set()
    sources: list[found.Source] = []
    for cell, number in zip(part.cells, part.numbers):
        if cell.cell_type == "markdown":
            figures = attachment_figures(cell, words)
            section.items.extend(figures)
            section.cells.extend([number] * len(figures))
            continue
        if cell.cell_type != "code":
            continue
        code = "".join(cell.source) if isinstance(cell.source, list) else cell.source
        section.code.append(code)
        outs = read_outputs(cell, max_chars=opts.max_text_chars, max_rows=opts.max_table_rows,
                            max_cols=opts.max_table_cols, labels=words, widgets=widgets)
        outputs_text.extend(outs.text_for_model)
        for item in outs.items:
            allowed |= _numbers(item)
            if isinstance(item, Figure):
                numbers, facts_text = caption_figure(item, code, lang)
                allowed |= set(numbers)
                if facts_text:
                    outputs_text.append(facts_text)
        section.items.extend(outs.items)
        section.cells.extend([number] * len(outs.items))
        sources += found.sources_of(outs.items, outs.tables, number, code, lang)
    model.stats.claims += sum(len(s.claims) for s in sources)
    if sources:  # the outputs' own claims state what they show; the model picks and links
        section.narrative, section.findings = found.choose(part.heading, part.markdown(), sources, lang,
                                                           model, model.stats)
    elif section.code and section.items:  # text outputs only: grounded prose, checked
        messages = prompts.section_messages(part.heading, part.markdown(), prompts.code_for_model(section.code),
                                            "\n".join(outputs_text), lang)
        try:
            section.narrative = narrate.grounded(model, messages, allowed, lang, model.stats)
        except Exception as exc:  # no model, a crash in it: the outputs still make a report
            section.notes.append(words["no_model"].format(model.failure or type(exc).__name__))
    return section, allowed, sources


def _numbers(item: Any) -> set[float]:
    if isinstance(item, (Text, Markdown)):
        return narrate.numbers_of([item.text])
    if isinstance(item, Table):
        found = narrate.numbers_of(item.cells)
        return found | {float(item.rows), float(item.cols)}
    if isinstance(item, ErrorItem):
        return narrate.numbers_of([item.evalue])
    return set()


def _summary(report: Report, model: CachedModel, allowed: set[float], sources: list) -> None:
    """The executive summary is the top claims across sections; without any, and for the
    conclusions, short model requests over the sections' prose, each sentence checked."""
    stated = [f for s in report.sections for f in s.findings]
    report.findings = found.summary(stated)
    joiner = "" if report.lang == "ja" else " "
    texts = [(s.heading, joiner.join([s.narrative] * bool(s.narrative) + [f.text for f in s.findings]))
             for s in report.sections]
    if not report.findings:
        report.summary = ", ".join(s.heading for s in report.sections)  # if the model cannot
    if not any(text for _, text in texts):
        return
    for kind in ("conclusions",) if report.findings else ("summary", "conclusions"):
        messages = prompts.summary_messages(report.title, texts, report.lang, kind)
        try:
            text = narrate.grounded(model, messages, allowed, report.lang, model.stats,
                                    max_tokens=200)
        except Exception as exc:
            report.notes.append(report.labels["no_model"].format(model.failure or type(exc).__name__))
            return
        text = narrate.checked(text, sources, model.stats, joiner)
        if text:
            setattr(report, kind, text)
