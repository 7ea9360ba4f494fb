"""Every bad input gets one clear ReportError (exit code 2 from the CLI), never a traceback."""

from __future__ import annotations

import base64
import json
import os

import pytest

nbformat = pytest.importorskip("nbformat")
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402

from spark_nb.report import ReportError, export_report  # noqa: E402

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def _write(path, nb):
    nbformat.write(nb, path)
    return path


def _nb(*cells):
    return new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3",
                                                                    "display_name": "Python 3"}})


def _export(path, tmp_path, **kw):
    kw.setdefault("output", tmp_path / "out.html")
    return export_report(path, progress=False, **kw)


@pytest.mark.parametrize("content, message", [
    (b"print('hello')\n", "not valid JSON"),
    (b'{"cells": [', "not valid JSON"),
    (b'{"hello": 1}', "not a Jupyter notebook"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
    (json.dumps({"nbformat": 2, "worksheets": []}).encode(), "nbformat 2, which is not supported"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "bogus"}]}).encode(),
     "not a valid notebook"),
])
def test_files_that_are_not_notebooks_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(ReportError, match=message):
        _export(path, tmp_path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        _export(tmp_path / "nope.ipynb", tmp_path)
    with pytest.raises(ReportError, match="is a directory"):
        _export(tmp_path, tmp_path)


def test_a_notebook_without_outputs_suggests_execute(tmp_path):
    path = _write(tmp_path / "plain.ipynb", _nb(new_code_cell("x = 1")))
    with pytest.raises(ReportError, match="--execute"):
        _export(path, tmp_path)


def test_nbformat3_is_upgraded_and_said_so(tmp_path, engine, cache_dir):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [{"cells": [
        {"cell_type": "heading", "level": 1, "source": "Old analysis", "metadata": {}},
        {"cell_type": "code", "language": "python", "input": "print(41 + 1)", "metadata": {},
         "outputs": [{"output_type": "stream", "stream": "stdout", "text": "42\n"}]}],
        "metadata": {}}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(v3), encoding="utf-8")
    html = _export(path, tmp_path).read_text(encoding="utf-8")
    assert "Old analysis" in html and "upgraded to 4" in html and "42" in html


def test_failing_cells_during_execute_are_reported_and_the_rest_runs(tmp_path, engine, cache_dir, capsys):
    path = _write(tmp_path / "fails.ipynb", _nb(
        new_markdown_cell("# Fails\n\n## Part one"), new_code_cell("print('before')"),
        new_code_cell("1 / 0"), new_code_cell("print('after', 6 * 7)")))
    html = _export(path, tmp_path, execute=True).read_text(encoding="utf-8")
    assert "ZeroDivisionError" in html and "after 42" in html
    assert "cell [3] raised ZeroDivisionError" in capsys.readouterr().err


def test_huge_widget_and_odd_outputs(tmp_path, engine, cache_dir):
    cell = new_code_cell("show()", outputs=[
        new_output("stream", name="stdout", text="row\n" * 50_000),
        new_output("display_data", data={"application/vnd.jupyter.widget-view+json":
                                         {"model_id": "abc", "version_major": 2, "version_minor": 0},
                                         "text/plain": "Panel()"}),
        new_output("display_data", data={"image/gif": "R0lGODlhAQABAAAAACw=", "text/plain": "<Image>"}),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output("display_data", data={"image/png": "", "text/plain": "<Figure>"}),
    ])
    md = new_markdown_cell("## Pictures\n\n![chart](attachment:gone.png)")
    path = _write(tmp_path / "odd.ipynb", _nb(md, cell))
    html = _export(path, tmp_path).read_text(encoding="utf-8")
    assert "more characters not shown" in html and len(html) < 60_000
    assert "interactive widget output was skipped" in html
    assert "image/gif was skipped" in html
    assert "attached image gone.png is missing" in html
    assert "data:image/png;base64," in html
    assert "image output could not be decoded" in html and html.count("<figure>") == 1


def test_output_paths_that_cannot_be_written(executed, tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        _export(executed["en"], tmp_path, output=tmp_path / "missing" / "r.html")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="not a folder"):
        _export(executed["en"], tmp_path, output=blocker / "r.html")
    with pytest.raises(ReportError, match="over the notebook itself"):
        _export(executed["en"], tmp_path, output=executed["en"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_named(executed, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportError, match="no permission"):
            _export(executed["en"], tmp_path, output=folder / "r.html")
    finally:
        folder.chmod(0o700)


def test_unknown_options_and_formats_are_refused(executed, tmp_path):
    from spark_nb.errors import OptionsError

    with pytest.raises(OptionsError, match="unknown report option"):
        _export(executed["en"], tmp_path, colour="red")
    with pytest.raises(OptionsError, match="unknown report format"):
        _export(executed["en"], tmp_path, to="docx")
