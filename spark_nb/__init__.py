"""spark_nb: a local, private AI pair-analyst inside Jupyter.

The public names live here; everything else is private and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from spark_nb.engine import Engine, get_engine, models
from spark_nb.errors import SparkError

if TYPE_CHECKING:
    from spark_nb.assist.generate import Generation
    from spark_nb.assist.diagnose import Diagnosis
    from spark_nb.assist.charts import ChartAnalysis
    from pathlib import Path

__all__ = ["Engine", "SparkError", "analyze_figure", "diagnose", "export_report", "generate",
           "get_engine", "models", "__version__"]
from spark_nb._version import __version__  # noqa: E402


def generate(request: str, *, namespace: Mapping[str, Any] | None = None,
             model: str | None = None, **options: Any) -> "Generation":
    """Write code for ``request``, checked against ``namespace`` and repaired if needed.

    The model sees a summary of ``namespace`` (variables, DataFrame columns and rows,
    imported modules; secrets withheld). The code is checked (syntax, undefined names,
    DataFrame columns, installed imports, a dry run in a sandboxed copy of this process
    that cannot write files, reach the network or start processes) and repaired up to
    ``rounds`` times (default 2). ``Generation.status`` is passed, failed, skipped (the
    dry run did not run, with the reason) or incomplete (the code would reach something
    the sandbox refuses, such as the network). ``model`` defaults to the model chosen for
    the "code" task (``spark-nb models`` shows it). Options: ``rounds``, ``check``,
    ``dry_run`` ("sandbox" or "off"), ``dry_run_timeout``, ``max_tokens``, ``on_event``,
    ``cells`` (recent (source, output) pairs).
    """
    from spark_nb.assist.generate import generate as run
    from spark_nb.context.builder import build_context

    ns = namespace if namespace is not None else {}
    cells = options.pop("cells", ())
    context = build_context(ns, request=request, cells=cells).render()
    return run(request, namespace=ns, model=model, context=context, **options)


def diagnose(source: str, exc_or_traceback: "BaseException | str",
             namespace: Mapping[str, Any] | None = None, **options: Any) -> "Diagnosis":
    """Explain the error ``source`` raised and offer fixes that passed the checks.

    ``exc_or_traceback`` is the exception (with its traceback) or a traceback as text.
    Rule fixes come at once; the model adds an explanation and a fix (``model=NAME``; by
    default the "fix" task's model,
    ``use_model=False`` for rules only). Every code fix went through the static checks
    and a sandboxed dry run against ``namespace``; a fix that failed is not offered, and
    each offered fix's ``status`` says whether its dry run passed, was skipped or was
    incomplete. Returns a ``Diagnosis`` (summary, explanation, fixes best first, each with
    its origin, diff, checks and status). ``dry_run="off"`` skips the dry runs.
    """
    from spark_nb.assist.diagnose import diagnose as run
    from spark_nb.context.builder import build_context
    from spark_nb.context.tracebacks import describe

    ns = namespace if namespace is not None else {}
    if options.get("use_model", True) and "context" not in options:
        options["context"] = build_context(ns, request=source).render()
        if isinstance(exc_or_traceback, BaseException):
            options.setdefault("traceback_text", describe(exc_or_traceback, source, ns))
    return run(source, exc_or_traceback, ns, **options)


def analyze_figure(fig: Any = None, question: str | None = None, *, vision: bool = False,
                   **options: Any) -> "ChartAnalysis":
    """Read a matplotlib figure's own data, state its facts and write them up.

    ``fig`` defaults to the current figure. The facts (series, bars, points, ranges,
    trends) come from the figure's artists, exactly; the model writes a short analysis
    from them (answering ``question`` if given), and every number in that prose is
    checked against the facts. ``vision=True`` also sends the rendered image to a
    vision model when one is configured. Returns a ``ChartAnalysis`` (table, prose).
    """
    from spark_nb.assist.charts import analyze_figure as run

    return run(fig, question, vision=vision, **options)


def export_report(path: Any, *, to: str = "html", output: Any = None, **options: Any) -> "Path":
    """Write the notebook at ``path`` up as a data-analysis report; return the file written.

    ``to`` is ``"html"`` (one self-contained file), ``"md"`` (with an images folder) or
    ``"pdf"``. The source notebook is never modified; model answers are cached, so an
    unchanged notebook exports again without a model call.
    """
    from spark_nb.report import export_report as run

    return run(path, to=to, output=output, **options)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext spark_nb``: register ``%%spark`` and ``%spark config``."""
    from spark_nb.kernel.extension import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext spark_nb``: remove what :func:`load_ipython_extension` added."""
    from spark_nb.kernel.extension import unload

    unload(ipython)


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where JupyterLab finds the prebuilt extension (``jupyter labextension develop``)."""
    return [{"src": "labextension", "dest": "spark-nb-labextension"}]
