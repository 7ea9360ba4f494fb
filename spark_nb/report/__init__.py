"""Notebook -> data-analysis report (HTML, Markdown, PDF), written by the local model.

``export_report(path, to="html")`` is the entry point; the CLI (``spark-nb report``),
the nbconvert exporter (``--to spark_report``) and ``%spark report`` all call ``run``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from spark_nb.report.errors import ReportError
from spark_nb.report.options import ExportResult, ReportOptions, ReportStats

__all__ = ["export_report", "run", "ReportError", "ReportOptions", "ExportResult"]


def export_report(path: Any, *, to: str = "html", output: Any = None, **options: Any) -> Path:
    """Write the notebook at ``path`` up as a report in format ``to``; return its path.

    Options: ``execute`` (run a copy first), ``no_code`` (leave out the code appendix),
    ``model``, ``lang`` ("en"/"ja"), ``cache_dir``, ``use_cache``, ``progress``,
    ``timeout`` (per cell, with execute), ``title``, table and text limits.
    """
    return run(path, ReportOptions.make(to=to, output=output, **options)).path


def run(path: Any, opts: ReportOptions, *, source: Any = None) -> ExportResult:
    """Load (or take ``source``), maybe execute, build and write; the details of a run."""
    from spark_nb.report import formats, notebook
    from spark_nb.report.build import build, steps
    from spark_nb.report.labels import labels
    from spark_nb.report.write import check_folder

    started = time.perf_counter()
    fmt = formats.get(opts.to)
    source = source or notebook.load(path)
    output = _output_path(opts.output, source, fmt)
    check_folder(output)
    lang_words = labels(opts.lang or "en")
    total = steps(source.nb, lang_words) + 1
    if opts.execute:
        total += notebook.cell_count_in_execution(source.nb)
    with _progress(total, opts.progress) as bar:
        if opts.execute:
            bar.set_description("running cells")
            source = notebook.execute(source, timeout=opts.timeout, on_cell=lambda i: bar.update(1))
            for number, error in source.failed_cells:
                bar.write(f"cell [{number}] raised {error} (recorded in the report; continuing)")
        if not notebook.has_outputs(source.nb):
            raise ReportError(f"{source.path or 'the notebook'} has no outputs to report on: "
                              "run it and save it first, or export with --execute")
        model = _model(opts)
        bar.set_description("writing report")
        report = build(source, opts, model, progress=bar)
        formats_writer = fmt.writer()
        bar.set_description(f"saving {fmt.extension[1:]}")
        written = formats_writer(report, output)
        bar.update(1)
    return ExportResult(written, report, model.stats, time.perf_counter() - started)


def _model(opts: ReportOptions):
    from spark_nb.report.cache import AnswerCache
    from spark_nb.report.model import CachedModel

    cache = AnswerCache(opts.cache_dir, enabled=opts.use_cache)
    return CachedModel(opts.model, cache, ReportStats(), engine=opts.engine)


def _output_path(output: Any, source: Any, fmt: Any) -> Path:
    from spark_nb.report.formats import default_output

    if output is None:
        target = default_output(source.path, source.name, fmt)
    else:
        target = Path(output).expanduser()
        if target.is_dir():
            target = target / f"{source.name}{fmt.extension}"
    if source.path is not None and target.resolve() == Path(source.path).resolve():
        raise ReportError(f"refusing to write the report over the notebook itself ({target})")
    return target


class _Quiet:
    """A progress bar that shows nothing (progress=False)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n=1):
        pass

    def set_description(self, text):
        pass

    def set_postfix_str(self, text, refresh=True):
        pass

    def write(self, text):
        print(text, file=sys.stderr)


def _progress(total: int, show: bool):
    if not show:
        return _Quiet()
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="step", desc="report", leave=False)
