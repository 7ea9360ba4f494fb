"""The report as one self-contained HTML file: images inline, CSS that reads on a phone."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from spark_nb.report.document import Report, Section
from spark_nb.report.outputs import ErrorItem, Figure, Markdown, Note, Text
from spark_nb.report.tables import Table
from spark_nb.report.write import atomic_write

CSS = """
body{margin:0;color:#1f2328;background:#fff;line-height:1.65;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP",
 "Hiragino Sans","Yu Gothic",Meiryo,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:46rem;margin:0 auto;padding:1rem 1.1rem 3rem}
h1{font-size:1.8rem;line-height:1.25;margin:1.2rem 0 .4rem}
h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
.summary{background:#f6f8fa;border-radius:6px;padding:.2rem 1rem}
img{max-width:100%;height:auto;display:block;margin:0 auto}
figure{margin:1.4rem 0}figcaption{font-size:.9rem;color:#57606a;margin-top:.3rem}
.table-wrap{overflow-x:auto;margin:1rem 0;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.88rem;font-variant-numeric:tabular-nums}
th,td{padding:.25rem .6rem;border-bottom:1px solid #d8dee4;text-align:right;white-space:nowrap}
thead th{border-bottom:2px solid #8c959f}tbody th{text-align:left}
pre{overflow-x:auto;background:#f6f8fa;border-radius:6px;padding:.7rem;font-size:.82rem;
 line-height:1.45;white-space:pre}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK JP",monospace}
.error{border-left:4px solid #cf222e;background:#ffebe9;padding:.5rem .8rem;margin:1rem 0}
.md{border-left:3px solid #d0d7de;padding-left:.8rem}.note{color:#57606a;font-size:.88rem;font-style:italic}
details{margin:.6rem 0}summary{cursor:pointer;color:#0969da}
footer{margin-top:3rem;border-top:1px solid #d0d7de;padding-top:.6rem;font-size:.78rem;
 color:#57606a;overflow-wrap:anywhere}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}figure,table{break-inside:avoid}}
"""


def render(report: Report, *, open_details: bool = False) -> str:
    """The whole document as a string."""
    L = report.labels
    body = [f"<h1>{escape(report.title)}</h1>",
            f'<h2>{escape(L["summary"])}</h2>', f'<div class="summary"><p>{escape(report.summary)}</p></div>']
    figures = iter(range(1, 10_000))
    for section in (s for s in report.sections if not s.empty):
        body.append(_section(section, L, figures))
    if report.conclusions:
        body += [f'<h2>{escape(L["conclusions"])}</h2>', f"<p>{escape(report.conclusions)}</p>"]
    body.append(_notes(report))
    if report.include_code:
        body.append(_appendix(report, open_details))
    body.append(f"<footer>{escape(report.footer())}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{report.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(report.title)}</title><style>{CSS}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")


def _section(section: Section, L: dict, figures) -> str:
    out = [f"<section><h2>{escape(section.heading)}</h2>"]
    if section.narrative:
        out.append(f"<p>{escape(section.narrative)}</p>")
    for item in section.items:
        out.append(ITEMS[type(item)](item, L, figures))
    out += [f'<p class="note">{escape(n)}</p>' for n in section.notes]
    return "".join(out) + "</section>"


def _text(item: Text, L, figures) -> str:
    return f"<pre>{escape(item.text)}</pre>"


def _figure(item: Figure, L, figures) -> str:
    n = next(figures)
    uri = f"data:{item.mime};base64,{base64.b64encode(item.data).decode('ascii')}"
    label = L["figure"].format(n)
    caption = f"{label}: {item.caption}" if item.caption else label
    return (f'<figure><img src="{uri}" alt="{escape(item.caption or label)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _table(item: Table, L, figures) -> str:
    head = "".join("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in r) + "</tr>" for r in item.header)
    rows = "".join("<tr>" + "".join(
        (f"<th>{escape(c)}</th>" if i == 0 else f"<td>{escape(c)}</td>") for i, c in enumerate(r)
    ) + "</tr>" for r in item.body)
    shape = (f'<p class="note">{item.rows} × {item.cols}</p>' if item.trimmed and item.rows else "")
    return f'<div class="table-wrap"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div>{shape}'


def _error(item: ErrorItem, L, figures) -> str:
    return f'<div class="error">{escape(L["error"].format(item.ename, item.evalue))}</div>'


def _markdown(item: Markdown, L, figures) -> str:
    try:
        from nbconvert.filters.markdown import markdown2html  # mistune, as nbconvert renders it
    except ImportError:
        return f"<pre>{escape(item.text)}</pre>"
    # escape first: a notebook's markdown output must not inject raw HTML into the report
    return f'<div class="md">{markdown2html(escape(item.text, quote=False))}</div>'


def _note(item: Note, L, figures) -> str:
    return f'<p class="note">{escape(item.text)}</p>'


ITEMS = {Text: _text, Figure: _figure, Table: _table, ErrorItem: _error, Note: _note,
         Markdown: _markdown}


def _notes(report: Report) -> str:
    L = report.labels
    lines = report.note_lines()
    if not lines:
        return ""
    items = "".join(f"<li>{escape(x)}</li>" for x in lines)
    return f'<h2>{escape(L["notes"])}</h2><ul class="note">{items}</ul>'


def _appendix(report: Report, open_details: bool) -> str:
    L = report.labels
    out = [f'<h2>{escape(L["appendix"])}</h2>']
    flag = " open" if open_details else ""
    for s in report.sections:
        if s.code:
            code = "\n\n".join(c.rstrip() for c in s.code)
            out.append(f"<details{flag}><summary>{escape(s.heading)} · {escape(L['cells'].format(len(s.code)))}"
                       f"</summary><pre><code>{escape(code)}</code></pre></details>")
    return "".join(out)


def write(report: Report, output: Path) -> Path:
    """Write the HTML report to ``output`` atomically."""
    return atomic_write(output, render(report))
