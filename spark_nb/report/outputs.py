"""A cell's outputs -> report items: text, tables, figures, errors and notes.

Also collects the numbers the prose may use: those in text outputs and tables, table
shapes, and chart facts.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any

from spark_nb.report.tables import Table, parse_html_table

FACTS_MIME = "application/vnd.spark-nb.chart-facts+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Reprs of plotting calls' return values ("Text(0.5, 1.0, 'x')", "[<Line2D at 0x…>]"):
# they say nothing about the data and would only confuse the model.
_NOISE = re.compile(r"^(\[?<[^>]+ at 0x[0-9a-f]+>\]?|Text\(.*\)|<Figure size .*>|"
                    r"<(matplotlib|seaborn)\.[^>]*>|\(?<Figure.*)$", re.S)


@dataclass
class Text:
    text: str


@dataclass
class Markdown:
    """Markdown a cell displayed (``%spark chart``'s analysis, ``display(Markdown(...))``)."""

    text: str


@dataclass
class Figure:
    """An image (bytes), its mimetype, a caption and the chart facts it came with."""

    mime: str
    data: bytes
    caption: str = ""
    facts: dict | None = None
    number: int = 0


@dataclass
class ErrorItem:
    ename: str
    evalue: str


@dataclass
class Note:
    text: str


@dataclass
class CellOutputs:
    """What one code cell showed, ready for the report."""

    items: list = field(default_factory=list)
    text_for_model: list[str] = field(default_factory=list)
    widgets: dict = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)  # every table as parsed, before trimming


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _truncate(text: str, limit: int) -> str:
    text = _ANSI.sub("", text)
    if len(text) <= limit:
        return text
    lines = text[:limit].splitlines()
    return "\n".join(lines[:-1] if len(lines) > 1 else lines) + \
        f"\n… ({len(text) - limit:,} more characters not shown)"


def _image(mime: str, value: Any) -> bytes:
    text = _joined(value)
    if mime == "image/svg+xml":
        return text.encode("utf-8")
    return base64.b64decode(text)


def read_outputs(cell: Any, *, max_chars: int, max_rows: int, max_cols: int,
                 labels: dict, widgets: dict | None = None) -> CellOutputs:
    """Turn one code cell's outputs into report items, skipping what cannot be shown.

    ``widgets`` is the notebook's saved widget state: spark_nb's panels become text.
    """
    result = CellOutputs(widgets=widgets or {})
    stream_text: list[str] = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stdout":
                stream_text.append(_joined(out.get("text")))
            continue
        if stream_text:
            _add_text(result, "".join(stream_text), max_chars)
            stream_text = []
        if kind == "error":
            result.items.append(ErrorItem(out.get("ename", "Error"), _ANSI.sub("", out.get("evalue", ""))))
            result.text_for_model.append(f"{out.get('ename')}: {out.get('evalue', '')}"[:300])
        elif kind in ("display_data", "execute_result"):
            _add_rich(result, out.get("data", {}), max_chars, max_rows, max_cols, labels)
    if stream_text:
        _add_text(result, "".join(stream_text), max_chars)
    return result


def _add_text(result: CellOutputs, text: str, max_chars: int) -> None:
    text = _truncate(text.rstrip(), max_chars)
    if text.strip():
        result.items.append(Text(text))
        result.text_for_model.append(text)


def _add_rich(result: CellOutputs, data: dict, max_chars: int, max_rows: int,
              max_cols: int, labels: dict) -> None:
    image = next((m for m in IMAGE_MIMES if m in data), None)
    if image:
        try:
            payload = _image(image, data[image])
        except (ValueError, TypeError):
            payload = b""
        if not payload:  # an image output whose data is missing or broken
            result.items.append(Note(labels["bad_image"]))
            return
        facts = data.get(FACTS_MIME)
        if isinstance(facts, str):
            try:
                facts = json.loads(facts)
            except ValueError:
                facts = None
        result.items.append(Figure(image, payload, facts=facts if isinstance(facts, dict) else None))
        return
    unsupported = sorted(k for k in data if k.startswith("image/"))
    if unsupported:
        result.items.append(Note(labels["skipped"].format(", ".join(unsupported))))
        return
    if "text/html" in data:
        table = parse_html_table(_joined(data["text/html"]))
        if table is not None:
            result.tables.append(table)
            result.items.append(table.trim(max_rows, max_cols))
            result.text_for_model.append(_table_text(table.trim(8, 6)))
            return
    if "text/markdown" in data:
        text = _truncate(_joined(data["text/markdown"]).strip(), max_chars)
        if text:
            result.items.append(Markdown(text))
            result.text_for_model.append(text)
        return
    if WIDGET_MIME in data:
        from spark_nb.report.widget_state import panel_text

        text = panel_text(str((data[WIDGET_MIME] or {}).get("model_id", "")), result.widgets)
        if text:
            _add_text(result, text, max_chars)
        else:
            result.items.append(Note(labels["widget"]))
        return
    if "text/plain" in data:
        text = _joined(data["text/plain"])
        if not _NOISE.match(text.strip()):
            _add_text(result, text, max_chars)
        return
    other = ", ".join(sorted(k for k in data if not k.startswith("text/")))
    if other:
        result.items.append(Note(labels["skipped"].format(other)))


def _table_text(table: Table) -> str:
    lines = [" | ".join(r) for r in table.header + table.body]
    if table.rows:
        lines.append(f"({table.rows} rows x {table.cols} columns)")
    return "\n".join(lines)


def attachment_figures(cell: Any, labels: dict) -> list:
    """Images a markdown cell embeds as attachments; a missing one becomes a note."""
    items = []
    attachments = cell.get("attachments") or {}
    for m in re.finditer(r"!\[([^\]]*)\]\(attachment:([^)\s]+)\)", _joined(cell.get("source"))):
        alt, name = m.group(1), m.group(2)
        bundle = attachments.get(name) or {}
        mime = next((k for k in IMAGE_MIMES if k in bundle), None)
        if mime is None:
            items.append(Note(labels["missing_attachment"].format(name)))
            continue
        try:
            items.append(Figure(mime, _image(mime, bundle[mime]), caption=alt))
        except (ValueError, TypeError):
            items.append(Note(labels["missing_attachment"].format(name)))
    return items
