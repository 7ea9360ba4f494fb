"""The report as one self-contained HTML file: images inline, CSS that reads on a phone.

The page comes from ``templates/report.html.j2`` under a jinja2 environment with
autoescaping on, so every string from the notebook or the model is escaped where it is
placed. Markdown (a cell's Markdown output, the model's prose) arrives already rendered
and sanitized by ``sanitize.to_html``. A Content-Security-Policy in the page allows no
script, no remote resource and no request: images are ``data:`` URIs written here.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from spark_nb.report.document import Report, Section
from spark_nb.report.outputs import ErrorItem, Figure, Markdown, Note, Text
from spark_nb.report.sanitize import to_html
from spark_nb.report.tables import Table
from spark_nb.report.write import atomic_write

# Nothing but the page's own styles and data: images; no script, frame, font or fetch.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
       "form-action 'none'")
IMAGE_MIMES = {"image/png", "image/jpeg", "image/svg+xml"}


@lru_cache(maxsize=1)
def environment():
    """The jinja2 environment of the report templates (autoescape on)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("spark_nb.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def render(report: Report, *, open_details: bool = False) -> str:
    """The whole document as a string."""
    L = report.labels
    figures = iter(range(1, 10_000))
    sections = [_section(s, L, figures) for s in report.sections if not s.empty]
    appendix = []
    if report.include_code:
        appendix = [{"heading": s.heading, "cells": L["cells"].format(len(s.code)),
                     "code": "\n\n".join(c.rstrip() for c in s.code)}
                    for s in report.sections if s.code]
    page = environment().get_template("report.html.j2").render(
        report=report, L=L, csp=CSP, summary=to_html(report.summary) if report.summary else "",
        findings=_findings(report.findings, L), sections=sections,
        conclusions=to_html(report.conclusions) if report.conclusions else "",
        notes=report.note_lines(), appendix=appendix, open_details=open_details)
    return page if page.endswith("\n") else page + "\n"


def _section(section: Section, L: dict, figures) -> dict:
    outputs = [ITEMS[type(item)](item, L, figures) for item in section.items]
    seen = set()
    for out, cell in zip(outputs, section.cells):
        if cell not in seen:  # the first output of each cell is where its claims link to
            seen.add(cell)
            out["anchor"] = f"cell-{cell}"
    return {"heading": section.heading,
            "narrative": to_html(section.narrative) if section.narrative else "",
            "findings": _findings(section.findings, L),
            "outputs": outputs,
            "notes": section.notes}


def _findings(findings: list, L: dict) -> list[dict]:
    """Each claim sentence with the link to the cell output it rests on."""
    return [{"text": f.text, "href": f"#cell-{f.cell}", "cell": L["cell"].format(f.cell)} for f in findings]


def _text(item: Text, L, figures) -> dict:
    return {"kind": "text", "text": item.text}


def _figure(item: Figure, L, figures) -> dict:
    n = next(figures)
    if item.mime not in IMAGE_MIMES:  # read_outputs only makes these; never trust a mime
        return {"kind": "note", "text": L["skipped"].format(item.mime)}
    uri = f"data:{item.mime};base64,{base64.b64encode(item.data).decode('ascii')}"
    label = L["figure"].format(n)
    caption = f"{label}: {item.caption}" if item.caption else label
    return {"kind": "figure", "uri": uri, "alt": item.caption or label, "caption": caption}


def _table(item: Table, L, figures) -> dict:
    shape = f"{item.rows} × {item.cols}" if item.trimmed and item.rows else ""
    return {"kind": "table", "header": item.header, "body": item.body, "shape": shape}


def _error(item: ErrorItem, L, figures) -> dict:
    return {"kind": "error", "text": L["error"].format(item.ename, item.evalue)}


def _markdown(item: Markdown, L, figures) -> dict:
    return {"kind": "markdown", "html": to_html(item.text)}


def _note(item: Note, L, figures) -> dict:
    return {"kind": "note", "text": item.text}


ITEMS = {Text: _text, Figure: _figure, Table: _table, ErrorItem: _error, Note: _note,
         Markdown: _markdown}


def write(report: Report, output: Path) -> Path:
    """Write the HTML report to ``output`` atomically."""
    return atomic_write(output, render(report))
