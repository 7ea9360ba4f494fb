"""Opening or printing a report reaches no other host: a real Chromium and a local server
on 127.0.0.1 that stands for the remote host a notebook names."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

from spark_nb.report import export_report  # noqa: E402
from spark_nb.report.pdf import find_chromium, offline_fetcher, print_offline  # noqa: E402
from tests.report import payloads  # noqa: E402
from tests.report.conftest import ScriptedEngine  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


def _needs_chromium() -> str:
    exe = find_chromium()
    if exe is None:
        pytest.skip("needs Chromium (apt-get install chromium)")
    return exe


@pytest.fixture
def payload_nb(tmp_path, listener, cache_dir, monkeypatch):
    fake = ScriptedEngine(payloads.model_prose(listener.url))
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: fake)
    path = tmp_path / "data.ipynb"
    nbformat.write(payloads.notebook(listener.url), path)
    return path


def _hostile_page(url: str) -> str:
    """HTML that asks for the server in every way a page can without script."""
    return f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{url}/link.css"><link rel="preconnect" href="{url}">
<link rel="preload" as="image" href="{url}/preload.png"><link rel="prefetch" href="{url}/prefetch">
<meta http-equiv="refresh" content="3;url={url}/refresh">
<style>@import url({url}/import.css); body{{background:url({url}/bg.png)}}
@font-face{{font-family:Remote;src:url({url}/font.woff)}} h1{{font-family:Remote}}</style>
</head><body><h1>Printed offline</h1><img src="{url}/img.png">
<img src="data:image/png;base64,{payloads.PNG}"><iframe src="{url}/frame"></iframe>
<object data="{url}/object"></object><video poster="{url}/poster.png"></video>
<script>fetch("{url}/script"); window.__pwned = 1;</script></body></html>"""


def test_printing_lets_no_request_out(listener, tmp_path):
    exe = _needs_chromium()
    page = _hostile_page(listener.url)
    # control: the same page printed the plain way reaches the server (so silence means something)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    subprocess.run([exe, *BROWSER_ARGS, f"--user-data-dir={tmp_path / 'plain-profile'}",
                    f"--print-to-pdf={tmp_path / 'plain.pdf'}", (tmp_path / "page.html").as_uri()],
                   capture_output=True, timeout=120)
    assert listener.heard(), "the control print did not reach the local server"
    listener.reset()
    work = tmp_path / "work"
    work.mkdir()
    pdf, blocked = print_offline(page, work, exe)
    assert pdf.startswith(b"%PDF-")
    assert listener.connections == [] and listener.requests == []
    assert any(u.endswith("/img.png") for u in blocked) and any(u.endswith("/link.css") for u in blocked)


def test_pdf_export_of_a_hostile_notebook_fetches_nothing(payload_nb, listener, tmp_path):
    _needs_chromium()
    pdf = export_report(payload_nb, to="pdf", output=tmp_path / "r.pdf", progress=False)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert not listener.heard(), listener.requests


def test_weasyprint_gets_a_fetcher_that_refuses_the_network(listener, monkeypatch, tmp_path):
    from spark_nb.report import pdf as pdf_module

    with pytest.raises(ValueError, match="no external resource"):
        offline_fetcher(f"{listener.url}/x.css")
    seen = {}

    class FakeHTML:  # WeasyPrint's interface, enough to see what the writer hands it
        def __init__(self, string, base_url, url_fetcher):
            seen["fetcher"] = url_fetcher

        def write_pdf(self):
            for url in (f"{listener.url}/style.css", "file:///etc/passwd"):
                with pytest.raises(ValueError):
                    seen["fetcher"](url)
            return b"%PDF-fake"

    monkeypatch.setitem(sys.modules, "weasyprint", types.SimpleNamespace(
        HTML=FakeHTML, default_url_fetcher=lambda url, *a, **k: {"string": b""}))
    assert pdf_module._weasyprint("<p>x</p>", tmp_path) == b"%PDF-fake"
    assert seen["fetcher"] is offline_fetcher and not listener.heard()


def test_the_html_report_in_a_browser_runs_no_script_and_fetches_nothing(payload_nb, listener, tmp_path):
    pytest.importorskip("playwright")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    report = export_report(payload_nb, output=tmp_path / "r.html", progress=False)
    html = report.read_text(encoding="utf-8")
    assert "javascript:" in html  # the javascript: links are in the page, as inert text
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            # control: in this browser the payload does run, and the server can be reached
            page.set_content(f'<img src="x:" onerror="{payloads.PWN}"><img src="{listener.url}/control.png">')
            page.wait_for_function("window.__pwned === 1", timeout=10_000)
            page.wait_for_timeout(300)
            assert listener.heard(), "the control page did not reach the local server"
            listener.reset()

            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            for link in page.query_selector_all("a:not([href^='http']):not([href^='mailto'])"):
                link.click()
            for element in page.query_selector_all("body *"):  # any handler left would fire
                for event in ("mouseover", "focus", "error", "load"):
                    element.dispatch_event(event)
            page.wait_for_timeout(500)
            assert page.evaluate("window.__pwned") is None
            assert page.evaluate("document.scripts.length") == 0
            assert page.evaluate("[...document.images].every(i => i.src.startsWith('data:'))")
            assert page.evaluate("document.images.length") == 3
            assert all(u.startswith(("file:", "data:")) for u in requests), requests
        finally:
            browser.close()
    assert listener.connections == [] and listener.requests == []
