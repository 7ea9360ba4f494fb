"""Untrusted notebook content and model prose in the report: nothing live, nothing remote;
no file of the user's touched; every write synced, the umask left alone."""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

from spark_nb.report import ReportError, ReportOptions, export_report, run  # noqa: E402
from spark_nb.report.markdown import MARKER  # noqa: E402
from spark_nb.report.sanitize import clean_html, escape_text, fence, to_html, to_markdown  # noqa: E402
from tests.report import payloads  # noqa: E402
from tests.report.conftest import ScriptedEngine  # noqa: E402


@pytest.fixture
def payload_nb(tmp_path, listener):
    path = tmp_path / "data.ipynb"
    nbformat.write(payloads.notebook(listener.url), path)
    return path


@pytest.fixture
def scripted(monkeypatch, listener, cache_dir):
    fake = ScriptedEngine(payloads.model_prose(listener.url))
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: fake)
    return fake


def _simple_nb(path: Path, figures: int = 0) -> Path:
    outputs = [new_output("stream", name="stdout", text="total 42\n")]
    outputs += [new_output("display_data", data={"image/png": payloads.PNG, "text/plain": "<Figure>"})
                for _ in range(figures)]
    nb = new_notebook(cells=[new_markdown_cell("# Small"), new_code_cell("print(42)", outputs=outputs)])
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------- HTML

def test_html_report_holds_no_live_markup(payload_nb, scripted, listener, tmp_path):
    result = run(payload_nb, ReportOptions.make(output=tmp_path / "r.html", progress=False))
    narrative = result.report.sections[-1].narrative
    assert "<script>" in narrative and "javascript:" in narrative and "data:text" in narrative  # the payload reached the report
    html = result.path.read_text(encoding="utf-8")
    problems, text = payloads.audit(html)
    assert problems == []
    # each payload is there as text: escaped, not dropped and not live
    assert "printed <script>window.__pwned=1</script> 42" in text  # stdout
    assert "<img src=x onerror=window.__pwned=1>" in text  # table cell and figure caption
    assert "This cell raised ValueError: <script>" in text  # error
    assert "Report <script>window.__pwned=1</script>" in text  # title from a Markdown cell
    assert "The data loaded cleanly" in text  # model prose kept
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#39;none&#39;" in html
    assert html.count("<img") == 3  # the PNG, the SVG and the attachment: data: URIs only
    # a remote image in Markdown becomes a plain link to its address; nothing else of it is left
    assert f'<a href="{listener.url}/out.png"' in html and f'<a href="{listener.url}/model-md.png"' in html
    assert '<a href="https://example.org/ok"' in html and '<a href="#top"' in html
    assert not listener.heard()


@pytest.mark.parametrize("markdown", [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "[a](java\tscript:alert(1))",
    "[a](vbscript:msgbox)", "[a](data:text/html;base64,PHNjcmlwdD4=)", "[a](file:///etc/passwd)",
    "[a](//evil.example/x)", "[a](relative/page.html)", "[r][1]\n\n[1]: javascript:alert(1)",
    "![x](http://evil.example/t.png)", "![x](//evil.example/t.png)", "![x](data:image/png;base64,AAAA)",
    "[![x](http://evil.example/t.png)](http://ok.example)", "<http://evil.example>",
    '<a href="javascript:alert(1)" onclick="alert(1)">a</a>', "<iframe src=http://evil.example>",
    "<style>@import url(http://evil.example/x.css)</style>", "<svg onload=alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
])
def test_markdown_is_sanitized(markdown):
    html = str(to_html(markdown))
    assert payloads.audit(html)[0] == [], html
    assert "<img" not in html and "<style" not in html


def test_links_keep_only_safe_schemes_and_remote_images_become_links():
    html = str(to_html("[w](https://a.example/x) [m](mailto:a@b.example) [t](#top) "
                       "![chart](https://a.example/c.png) ![local](figure.png)"))
    assert '<a href="https://a.example/x"' in html and '<a href="mailto:a@b.example"' in html
    assert '<a href="#top"' in html
    assert '<a href="https://a.example/c.png" rel="noopener noreferrer nofollow">chart</a>' in html
    assert "local" in html and "figure.png" not in html  # not remote: its alt text only


def test_the_sanitizer_also_cleans_raw_html():
    raw = ('<p onclick="x()">a</p><a href="javascript:x()">b</a><a href="//evil.example">c</a>'
           '<img src="http://evil.example/i.png"><script>x()</script><td style="color:red;text-align:right">')
    cleaned = clean_html(raw)
    assert payloads.audit(cleaned)[0] == []
    assert "x()" not in cleaned and "evil" not in cleaned and "color" not in cleaned


def test_html_comes_from_an_autoescaping_template():
    import importlib.resources

    from spark_nb.report.html import environment

    assert environment().autoescape is True
    templates = importlib.resources.files("spark_nb.report") / "templates"
    assert (templates / "report.html.j2").is_file() and (templates / "report.css").is_file()


# ---------------------------------------------------------------- Markdown

def test_markdown_report_stays_inert_in_a_permissive_viewer(payload_nb, scripted, listener, tmp_path):
    from markdown_it import MarkdownIt

    path = export_report(payload_nb, to="md", output=tmp_path / "r.md", progress=False)
    text = path.read_text(encoding="utf-8")
    viewer = MarkdownIt("commonmark", {"html": True}).enable("table")  # raw HTML passes through
    problems, shown = payloads.audit(viewer.render(text))
    assert [p for p in problems if not p.startswith("<img src=r_files/figure-")] == []
    assert "printed <script>window.__pwned=1</script> 42" in shown  # in a fence, as text
    assert "The data loaded cleanly <script>window.__pwned=1</script>" in shown
    assert "<img src=x onerror=window.__pwned=1>" in shown
    assert f"[remote]({listener.url}/out.png)" in text  # a link, not an image
    assert not listener.heard()


def test_markdown_fences_hold_code_with_backticks(tmp_path, engine, cache_dir):
    from markdown_it import MarkdownIt

    code = 's = """\n```\n# not a heading\n````\n<script>x</script>\n"""\nprint(s)'
    shown = "\n```\n# not a heading\n````\n<script>x</script>\n"
    nb = new_notebook(cells=[new_markdown_cell("# Fences\n\n## Code"), new_code_cell(code, outputs=[
        new_output("stream", name="stdout", text=shown)])])
    nbformat.write(nb, tmp_path / "f.ipynb")
    text = export_report(tmp_path / "f.ipynb", to="md", output=tmp_path / "f.md",
                         progress=False).read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    fences = [t.content.rstrip("\n") for t in tokens if t.type == "fence"]
    assert code in fences and shown.rstrip("\n") in fences
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("not a heading" in h for h in headings)
    assert fence("a ````` b", "text").startswith("``````text\n")


def test_markdown_escapes_text_that_is_not_markdown():
    from markdown_it import MarkdownIt

    hostile = '# h <script>x</script> [a](javascript:x) ![i](http://e.example/i.png) | * _ `c` &lt;'
    escaped = escape_text(hostile)
    html = MarkdownIt("commonmark").render(escaped)
    assert "<script" not in html and "<a" not in html and "<img" not in html and "<h1" not in html
    assert "&amp;lt;" in html  # an entity stays the text it was
    rebuilt = to_markdown("**bold** [ok](https://ok.example) [bad](javascript:x) <b>raw</b>")
    assert "**bold**" in rebuilt and "[ok](https://ok.example)" in rebuilt
    assert "\\[bad\\](javascript:x)" in rebuilt and "&lt;b&gt;" in rebuilt  # text, not a link


# ---------------------------------------------------------------- the figures folder

def test_a_users_files_folder_survives_a_markdown_export(tmp_path, engine, cache_dir, capsys):
    from spark_nb.cli import main

    nb = _simple_nb(tmp_path / "data.ipynb", figures=2)
    mine = tmp_path / "data_files"
    mine.mkdir()
    (mine / "sales.csv").write_text("region,revenue\nEast,1\n")
    assert main(["report", str(nb), "--to", "md", "-o", str(tmp_path / "data.md")]) == 2
    assert "did not create" in capsys.readouterr().err
    with pytest.raises(ReportError, match="did not create"):
        export_report(nb, to="md", output=tmp_path / "data.md", progress=False)
    assert sorted(p.name for p in mine.iterdir()) == ["sales.csv"]
    assert (mine / "sales.csv").read_text() == "region,revenue\nEast,1\n"
    assert not (tmp_path / "data.md").exists()
    # a report without figures needs no folder: it is written, and the folder left alone
    plain = _simple_nb(tmp_path / "data.ipynb", figures=0)
    assert export_report(plain, to="md", output=tmp_path / "data.md", progress=False).exists()
    assert sorted(p.name for p in mine.iterdir()) == ["sales.csv"]


def test_a_symlinked_files_folder_is_not_followed(tmp_path, engine, cache_dir):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "figure-1.png").write_bytes(b"user's")
    (tmp_path / "r_files").symlink_to(elsewhere)
    nb = _simple_nb(tmp_path / "r.ipynb", figures=1)
    with pytest.raises(ReportError, match="did not create"):
        export_report(nb, to="md", output=tmp_path / "r.md", progress=False)
    assert (elsewhere / "figure-1.png").read_bytes() == b"user's"


def test_the_writers_own_folder_is_updated_without_touching_added_files(tmp_path, engine, cache_dir):
    leftover = tmp_path / ".r_files.tmp"  # the name an earlier version staged figures under
    leftover.mkdir()
    (leftover / "keep.txt").write_text("keep")
    nb = _simple_nb(tmp_path / "r.ipynb", figures=3)
    export_report(nb, to="md", output=tmp_path / "r.md", progress=False)
    folder = tmp_path / "r_files"
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "figure-1.png", "figure-2.png", "figure-3.png"]
    assert (leftover / "keep.txt").read_text() == "keep"
    (folder / "mine.txt").write_text("mine")
    export_report(_simple_nb(nb, figures=1), to="md", output=tmp_path / "r.md", progress=False)
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "figure-1.png", "mine.txt"]
    export_report(_simple_nb(nb, figures=0), to="md", output=tmp_path / "r.md", progress=False)
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "mine.txt"]  # ours gone, theirs kept
    (folder / "mine.txt").unlink()
    export_report(_simple_nb(nb, figures=2), to="md", output=tmp_path / "r.md", progress=False)
    export_report(_simple_nb(nb, figures=0), to="md", output=tmp_path / "r.md", progress=False)
    assert not folder.exists()  # it was ours and held only our figures


def test_a_figure_name_someone_else_wrote_is_not_overwritten(tmp_path, engine, cache_dir):
    nb = _simple_nb(tmp_path / "r.ipynb", figures=1)
    export_report(nb, to="md", output=tmp_path / "r.md", progress=False)
    (tmp_path / "r_files" / "figure-2.png").write_bytes(b"not ours")
    with pytest.raises(ReportError, match="figure-2.png"):
        export_report(_simple_nb(nb, figures=2), to="md", output=tmp_path / "r.md", progress=False)
    assert (tmp_path / "r_files" / "figure-2.png").read_bytes() == b"not ours"


# ---------------------------------------------------------------- writes

def test_every_file_is_synced_before_it_replaces_and_the_umask_is_never_touched(
        tmp_path, engine, cache_dir, monkeypatch):
    import spark_nb.report as report_pkg

    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        st = os.fstat(fd)
        events.append(("fsync", st.st_ino, stat.S_ISDIR(st.st_mode)))
        return real_fsync(fd)

    def replace(src, dst, *a, **k):
        events.append(("replace", os.stat(src).st_ino, str(dst)))
        return real_replace(src, dst, *a, **k)

    def umask(mask):
        events.append(("umask", mask))
        raise AssertionError("os.umask is process-wide: the report must not change it")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "umask", umask)
    importlib.reload(importlib.import_module("spark_nb.report.write"))  # import time too
    nb = _simple_nb(tmp_path / "r.ipynb", figures=1)
    export_report(nb, to="html", output=tmp_path / "r.html", progress=False)
    export_report(nb, to="md", output=tmp_path / "r.md", progress=False)
    assert not [e for e in events if e[0] == "umask"]
    replaced = [(i, e) for i, e in enumerate(events) if e[0] == "replace"]
    written = {Path(e[2]).name for _, e in replaced}
    assert {"r.html", "r.md", "figure-1.png", MARKER} <= written
    for i, (_, inode, dst) in replaced:
        assert ("fsync", inode, False) in events[:i], f"{dst} replaced before it was synced"
        assert any(e[0] == "fsync" and e[2] for e in events[i + 1:]), f"the folder of {dst} not synced"
    sources = Path(report_pkg.__file__).parent.glob("*.py")
    assert not [p.name for p in sources if "os.umask" in p.read_text(encoding="utf-8")]


def test_new_reports_get_the_umask_the_kernel_applies(tmp_path, engine, cache_dir):
    nb = _simple_nb(tmp_path / "r.ipynb")
    old = os.umask(0o027)  # the test sets it; the writer only lets the kernel apply it
    try:
        path = export_report(nb, to="html", output=tmp_path / "r.html", progress=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not list(tmp_path.glob(".r.html.*"))
