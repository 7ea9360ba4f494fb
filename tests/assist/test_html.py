"""Untrusted text -> markup: the sanitizer, the Markdown escape and the chart analysis.

Each payload is something a figure's label or a model's answer can hold. What is
checked is what a browser would see: no tag, attribute or URL that runs script, loads
anything, or was not on the allowlist.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from spark_nb.assist.safe_html import ATTRIBUTES, TAGS, escape_markdown, markdown_to_html, sanitize

PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    '<svg onload="window.__pwned=1"></svg>',
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    '<a href="javascript:window.__pwned=1">click</a>',
    '<a href="JaVaScRiPt:window.__pwned=1">click</a>',
    '<a href="  javascript:window.__pwned=1">click</a>',
    '<a href="jav&#x09;ascript:window.__pwned=1">click</a>',
    '<a href="data:text/html,<script>window.__pwned=1</script>">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<p onclick="window.__pwned=1" style="background:url(javascript:1)">p</p>',
    '<div onmouseover="window.__pwned=1">hover</div>',
    '<form action="javascript:1"><button formaction="javascript:1">b</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=1></style></mglyph></table></mtext></math>',
    '<object data="javascript:1"></object><embed src="javascript:1">',
    '<meta http-equiv="refresh" content="0;url=javascript:1">',
    "<style>body{background:red}</style>",
    "<!--<img src=x onerror=1>-->",
    "[click](javascript:window.__pwned=1)",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](http://attacker.example/pixel.png)",
    "<http://attacker.example/x> <javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:window.__pwned=1",
]


class Markup(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    """Only allowlisted tags and attributes; every href http(s), mailto or #anchor."""
    for tag, attrs in Markup(html).tags:
        assert tag in TAGS, (tag, html)
        for name, value in attrs.items():
            allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, (tag, name, html)
            if name == "href":
                assert re.match(r"^(https?:|mailto:|#)", value or "", re.I), (value, html)
            if name == "style":
                assert re.fullmatch(r"text-align:\s*(left|right|center)", value or ""), (value, html)
    lowered = html.lower()
    for word in ("<script", "onerror", "onload", "onclick", "onmouseover", "javascript:", "data:",
                 "<img", "<svg", "<iframe", "<style"):
        assert word not in lowered or word in _as_text(html).lower(), (word, html)


def _as_text(html: str) -> str:
    """The text a browser shows (tags dropped, entities decoded)."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

    t = Text()
    t.feed(html)
    return "".join(t.parts)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_leaves_nothing_live(payload):
    out = sanitize(payload)
    assert_inert(out)
    for tag, attrs in Markup(out).tags:
        assert not any(name.startswith("on") for name in attrs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_with_payloads_renders_inert(payload):
    assert_inert(markdown_to_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_reads_back_exactly_and_holds_no_markup(payload):
    html = markdown_to_html(escape_markdown(payload, one_line=False))
    assert [t for t, _ in Markup(html).tags] == ["p"] * len(Markup(html).tags)  # paragraphs only
    shown = " ".join(_as_text(html).split())
    assert shown == " ".join(payload.split())


def test_allowed_markup_and_links_survive():
    html = sanitize('<p><strong>b</strong> <em>i</em> <code>c</code> <a href="https://example.org/x" '
                    'title="t" target="_blank">x</a> <a href="#facts">f</a> <a href="mailto:a@b.c">m</a></p>')
    assert '<a href="https://example.org/x" title="t" rel="noopener noreferrer nofollow">x</a>' in html
    assert '<a href="#facts" rel="noopener noreferrer nofollow">f</a>' in html
    assert 'href="mailto:a@b.c"' in html and "target" not in html
    assert "<strong>b</strong>" in html and "<em>i</em>" in html and "<code>c</code>" in html


def test_relative_and_protocol_relative_links_lose_their_href():
    for href in ("/api/kernels", "files/secret.txt", "//attacker.example/x", "?x=1", "ftp://host/x"):
        assert "href" not in sanitize(f'<a href="{href}">x</a>'), href


def test_tables_keep_their_alignment_and_nothing_else():
    html = markdown_to_html("| a | b |\n|--:|:-:|\n| 1 | 2 |")
    assert '<td style="text-align:right">1</td>' in html
    html = sanitize('<table><tr><td style="text-align:right;background:url(x)" onclick="x">1</td></tr></table>')
    assert '<td style="text-align:right">1</td>' in html


def test_markdown_raw_html_is_text():
    html = markdown_to_html("a <b onclick=1>bold</b> <script>x()</script>")
    assert "&lt;b onclick=1&gt;bold&lt;/b&gt;" in html and "<b" not in html and "<script" not in html


def test_images_are_never_loaded():
    html = markdown_to_html("![chart](http://attacker.example/pixel.png) <img src=http://a.example/p.png>")
    assert "<img" not in html


def test_escape_markdown_keeps_numbers_as_they_are():
    assert escape_markdown("-1,234.5 (12.5%)") == "-1,234.5 (12.5%)"
    assert escape_markdown("a_b*c*|d") == r"a\_b\*c\*\|d"
    assert escape_markdown("line one\n\n| x |") == r"line one \| x \|"
    assert escape_markdown("x\x1b[31m") == r"x \[31m"
