"""The one way text from a notebook's data or a model becomes HTML or Markdown for display.

Chart facts carry whatever a figure's labels, titles and categories hold, and prose comes
from a model: both are untrusted. Everything spark_nb shows as markup goes through here:

- :func:`escape_markdown` makes a piece of untrusted text inert inside Markdown that we
  write ourselves (the table's structure stays ours; the data in it can open no tag,
  link, image, code span or table cell), in every renderer a notebook front end uses.
- :func:`markdown_to_html` renders Markdown with markdown-it-py, raw HTML off, then
  :func:`sanitize` keeps only a small allowlist of tags and attributes (nh3), with links
  limited to http, https, mailto and in-page anchors.

No other module renders Markdown or builds HTML from such text (tests/assist/test_html.py
holds the payloads this must stop).
"""

from __future__ import annotations

import functools
import re

TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a",
})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})  # markdown-it's column alignment in tables
LINK_REL = "noopener noreferrer nofollow"

# An href we keep: an in-page anchor, or one of the allowed schemes written out. nh3 then
# parses it again and checks the scheme itself; anything else (relative paths, "//host",
# "javascript:", "data:", schemes hidden behind whitespace or entities) is dropped.
_KEPT_HREF = re.compile(r"^(#|(?:https?|mailto):)", re.IGNORECASE)

# In Markdown: characters that open markup (emphasis, code, links, images, tables,
# strike-through) and HTML's own. Digits, "." "," "-" "%" stay as they are, so numbers in
# escaped text read and parse exactly as before.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_markdown(text: str, *, one_line: bool = True) -> str:
    """``text`` as Markdown that renders to exactly that text, with no markup in it.

    ``<``, ``>`` and ``&`` become entities; Markdown's punctuation gets a backslash.
    With ``one_line`` (the default) line breaks become spaces, so the text cannot end a
    table row or start a block of its own.
    """
    text = _CONTROL.sub(" ", str(text))
    if one_line:
        text = " ".join(text.split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return "".join(_HTML_SPECIAL.get(ch, ch) for ch in text)


def sanitize(html: str) -> str:
    """Keep only :data:`TAGS` and :data:`ATTRIBUTES` of ``html``; links only to
    http(s), mailto or ``#anchors``. Scripts, styles and their content are removed."""
    import nh3

    return nh3.clean(
        str(html),
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        url_relative="pass_through",  # "#anchor" only: other relative hrefs are dropped below
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_to_html(markdown: str) -> str:
    """Markdown -> sanitized HTML: CommonMark and tables, raw HTML shown as text."""
    return sanitize(_markdown().render(str(markdown)))


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not _KEPT_HREF.match(value):
        return None
    return value


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    # html=False: raw HTML in the text is escaped, never passed through. Images are off:
    # a picture from untrusted text would be a request to any server, so it stays text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"]) \
        .disable("image")
