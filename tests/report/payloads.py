"""A notebook whose outputs, Markdown, figure labels and model prose carry XSS payloads,
and a checker for HTML that must hold nothing live."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()
PWN = "window.__pwned=1"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" onload="window.__pwned=1">'
       '<script>window.__pwned=1</script><rect width="4" height="4"/></svg>')


def model_prose(url: str) -> str:
    """What an injected model might write: markup, handlers, links and an image."""
    return (f"The data loaded cleanly <script>{PWN}</script>. "
            f'Look here <img src="{url}/model.png" onerror="{PWN}">. '
            f"Open [the results](javascript:{PWN}) or <a href=\"javascript:{PWN}\">this</a> now. "
            f"See ![chart]({url}/model-md.png) and [more](data:text/html,<script>{PWN}</script>).")


def notebook(url: str):
    """The notebook: every place untrusted text reaches the report has a payload."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    markdown = (f"# Report <script>{PWN}</script>\n\n"
                f"Notes with a remote image ![tracker]({url}/cell.png) and "
                f"<img src=\"{url}/cell-raw.png\" onerror=\"{PWN}\"> and "
                f"<link rel=\"stylesheet\" href=\"{url}/cell.css\"> and [x](javascript:{PWN}).\n\n"
                f"![att](attachment:pic.png)")
    cell_md = new_markdown_cell(markdown, attachments={"pic.png": {"image/png": PNG}})
    heading = new_markdown_cell(f"## Part <img src=x onerror=\"{PWN}\">")
    output_md = (f"**Analysis** of [the link](javascript:{PWN}) and ![remote]({url}/out.png)\n\n"
                 f"<img src=x onerror=\"{PWN}\"> <a href=\"javascript:{PWN}\">a</a> "
                 f"[vb](vbscript:{PWN}) [file](file:///etc/passwd) [d](data:text/html;base64,PHNjcmlwdD4=) "
                 f"<style>@import url({url}/out.css); body{{background:url({url}/bg.png)}}</style>\n\n"
                 f"<iframe src=\"{url}/frame\"></iframe> [ok](https://example.org/ok) [top](#top)")
    table = ("<table><thead><tr><th></th><th>&lt;script&gt;window.__pwned=1&lt;/script&gt;</th></tr>"
             "</thead><tbody><tr><th>0</th><td>&lt;img src=x onerror=window.__pwned=1&gt;</td></tr>"
             "</tbody></table>")
    outputs = [
        new_output("stream", name="stdout", text=f"printed <script>{PWN}</script> 42\n```\n"),
        new_output("display_data", data={"text/html": table, "text/plain": "frame"}),
        new_output("display_data", data={"text/markdown": output_md, "text/plain": "md"}),
        new_output("display_data", data={"text/html": f"<div><script>{PWN}</script></div>",
                                         "text/plain": f"<b onmouseover=\"{PWN}\">plain</b>"}),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "<Figure>"}),
        new_output("error", ename="ValueError", evalue=f"<script>{PWN}</script>", traceback=[]),
    ]
    code = f'ax.set_title("<img src=x onerror={PWN}>")\nplt.show()'
    return new_notebook(cells=[cell_md, heading, new_code_cell(code, outputs=outputs)],
                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})


LINK_SCHEMES = ("http:", "https:", "mailto:", "#")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.styles = 0
        self.in_style = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data", "poster", "srcset", "background"):
                if tag == "img" and name == "src" and value.startswith("data:image/"):
                    continue
                if tag == "a" and name == "href" and value.startswith(LINK_SCHEMES):
                    continue
                self.problems.append(f"<{tag} {name}={value[:60]}>")
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form", "frame", "svg",
                   "math", "input", "button", "video", "audio", "source"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta refresh>")
        if tag == "style":
            self.styles += 1
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            if "url(" in data.lower() or "@import" in data.lower():
                self.problems.append("a resource in the style sheet")
            return
        self.text.append(data)


def audit(html: str) -> tuple[list[str], str]:
    """(everything live or remote in ``html``, its text); only the page's own <style> may be."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    problems = parser.problems + (["a second <style>"] if parser.styles > 1 else [])
    return problems, "".join(parser.text)
