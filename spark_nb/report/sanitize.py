"""Text from a notebook or the model, made safe for the report's HTML and Markdown.

Outputs and model prose are data: whatever they hold must not become a script, an event
handler, a dangerous link or a request when the report is opened or printed.

- HTML: Markdown is parsed by markdown-it-py with raw HTML off, images and links are
  rewritten on the token stream (below), and the HTML it renders is cleaned by nh3 with
  an allowlist of tags, attributes and URL schemes.
- Markdown export: Markdown is rebuilt from markdown-it-py's syntax tree, so the file
  holds only constructs written here, every piece of text escaped; text that is not
  Markdown at all (headings, captions, notes, table cells) is escaped as a whole.

Links keep only http, https, mailto and in-page anchors (``#…``); any other link keeps
its text and loses its target. An image in such Markdown is never loaded: a remote one
(http, https) becomes a plain link to its address, any other becomes its alt text. The
notebook's own image outputs are not Markdown and are embedded by the writers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
REMOTE_SCHEMES = frozenset({"http", "https"})

TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s",
                  "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead",
                  "tbody", "tr", "th", "td"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_EDGES = "".join(chr(c) for c in range(0x21))  # what a browser strips around a URL


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see ("#" for an in-page anchor); None when relative."""
    url = re.sub(r"[\t\n\r]", "", url or "").strip(_EDGES)
    if url.startswith("#"):
        return "#"
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None


def safe_link(url: str) -> bool:
    """http, https, mailto or ``#anchor``; relative and every other scheme are refused."""
    scheme = scheme_of(url)
    return scheme == "#" or scheme in LINK_SCHEMES


def remote(url: str) -> bool:
    return scheme_of(url) in REMOTE_SCHEMES


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"])


@lru_cache(maxsize=1)
def _cleaner():
    import nh3

    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       clean_content_tags={"script", "style"}, url_schemes=set(LINK_SCHEMES),
                       url_relative=lambda url: url if url.startswith("#") else None,
                       filter_style_properties={"text-align"}, strip_comments=True,
                       link_rel="noopener noreferrer nofollow")


def _plain(tokens) -> str:
    """The text of inline tokens (an image's alt text)."""
    out = []
    for tok in tokens or []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "image":
            out.append(_plain(tok.children))
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.children:
            out.append(_plain(tok.children))
    return "".join(out)


def _defuse_inline(children) -> list:
    """Drop unsafe link targets; remote images become links, other images their alt text."""
    from markdown_it.token import Token

    out, links = [], []  # links: for each open link, whether it was kept
    for tok in children or []:
        if tok.type == "link_open":
            keep = safe_link(str(tok.attrGet("href") or ""))
            links.append(keep)
            if keep:
                out.append(tok)
        elif tok.type == "link_close":
            if links.pop() if links else False:
                out.append(tok)
        elif tok.type == "image":
            src, alt = str(tok.attrGet("src") or ""), _plain(tok.children)
            inside_link = any(links)
            if remote(src) and not inside_link:
                out += [Token("link_open", "a", 1, attrs={"href": src}),
                        Token("text", "", 0, content=alt or src), Token("link_close", "a", -1)]
            elif alt:
                out.append(Token("text", "", 0, content=alt))
        else:
            out.append(tok)
    return out


def _tokens(text: str) -> list:
    tokens = _parser().parse(text or "")
    for tok in tokens:
        if tok.type == "inline":
            tok.children = _defuse_inline(tok.children)
    return tokens


def clean_html(html: str) -> str:
    """HTML cut down to the report's allowlist (the last line of defence)."""
    return _cleaner().clean(html)


def to_html(text: str) -> Markup:
    """Untrusted Markdown -> sanitized HTML, safe to place in a template as it is."""
    md = _parser()
    html = md.renderer.render(_tokens(text), md.options, {})
    return Markup(clean_html(html))


# ---------------------------------------------------------------- Markdown export

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# what would start a block at the beginning of a line: a heading, a list item, a rule
_BLOCK_START = re.compile(r"^(#{1,6}(?=[ \t]|$)|[-+](?=[ \t]|$)|[=-]+[ \t]*$)", re.M)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)", re.M)


def _line_starts(text: str) -> str:
    return _ORDERED.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", text))


def _escape_inline(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(text: str, *, one_line: bool = False) -> str:
    """Literal text for a Markdown file: no markup, no HTML, no links survive in it."""
    text = text or ""
    if one_line:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.strip() for line in text.splitlines())
    return _line_starts(_escape_inline(text))


def fence(code: str, info: str = "") -> str:
    """A fenced code block that the code itself cannot close."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    marks = "`" * max(3, longest + 1)
    info = re.sub(r"[^\w+.\-]", "", info)
    return f"{marks}{info}\n{code.rstrip(chr(10))}\n{marks}"


def _code_span(content: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    marks = "`" * (longest + 1)
    pad = " " if "`" in content or (content.startswith(" ") and content.endswith(" ")) else ""
    return f"{marks}{pad}{content}{pad}{marks}"


def _destination(url: str) -> str:
    for ch, repl in (("\\", "%5C"), ("<", "%3C"), (">", "%3E"), (" ", "%20"), ("\n", ""),
                     ("&", "&amp;"), ("(", "\\("), (")", "\\)")):
        url = url.replace(ch, repl)
    return url


_WRAP = {"em": "*", "strong": "**", "s": "~~"}


def _inline(node) -> str:
    out = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(_escape_inline(child.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind == "code_inline":
            out.append(_code_span(child.content))
        elif kind in _WRAP:
            inner = _inline(child)
            out.append(f"{_WRAP[kind]}{inner}{_WRAP[kind]}" if inner.strip() else inner)
        elif kind == "link":  # only safe links are left by _tokens
            out.append(f"[{_inline(child)}]({_destination(str(child.attrs.get('href', '')))})")
        else:  # anything else: its text, escaped
            out.append(escape_text(_node_text(child), one_line=True))
    return "".join(out)


def _node_text(node) -> str:
    if node.type in ("text", "code_inline", "fence", "code_block"):
        return node.content
    return " ".join(_node_text(c) for c in node.children)


def _paragraph(node) -> str:
    text = "".join(_inline(c) for c in node.children)
    # a line of ours never starts with these; text that does is escaped, not a block
    return "\n".join(_line_starts(line.lstrip()) for line in text.split("\n"))


def _indent(text: str, first: str) -> str:
    pad = " " * len(first)
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [(pad + ln) if ln else "" for ln in lines[1:]])


def _list(node) -> str:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1) or 1) if ordered else 1
    tight = all(getattr(p, "hidden", False) for item in node.children for p in item.children
                if p.type == "paragraph")
    items = []
    for i, item in enumerate(node.children):
        body = ("\n" if tight else "\n\n").join(_block(c) for c in item.children) or ""
        items.append(_indent(body, f"{start + i}. " if ordered else "- "))
    return ("\n" if tight else "\n\n").join(items)


def _table(node) -> str:
    rows, aligns = [], []
    for part in node.children:
        for tr in part.children:
            cells = []
            for cell in tr.children:
                cells.append(_paragraph(cell).replace("\n", " ") or " ")
                if part.type == "thead":
                    style = str(cell.attrs.get("style", ""))
                    aligns.append(":---:" if "center" in style else "---:" if "right" in style
                                  else ":---" if "left" in style else "---")
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [" "] * (width - len(r)) for r in rows]
    aligns = (aligns + ["---"] * width)[:width]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(aligns) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def _block(node) -> str:
    kind = node.type
    if kind == "paragraph":
        return _paragraph(node)
    if kind == "heading":
        return "#" * int(node.tag[1]) + " " + _paragraph(node).replace("\n", " ")
    if kind == "blockquote":
        inner = _blocks(node.children)
        return "\n".join(f"> {ln}" if ln else ">" for ln in inner.split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind in ("fence", "code_block"):
        return fence(node.content, node.info.split()[0] if kind == "fence" and node.info.split() else "")
    if kind == "hr":
        return "---"
    if kind == "table":
        return _table(node)
    return escape_text(_node_text(node))


def _blocks(nodes) -> str:
    return "\n\n".join(x for x in (_block(n) for n in nodes) if x)


def to_markdown(text: str) -> str:
    """Untrusted Markdown -> Markdown that keeps its formatting and nothing dangerous."""
    from markdown_it.tree import SyntaxTreeNode

    return _blocks(SyntaxTreeNode(_tokens(text)).children)
