"""``%spark chart [--vision] [question]``: analyse the current or last figure shown.

Thin: find the figure, call ``assist.charts.analyze_figure``, show the result (Markdown
in a notebook, text in a terminal). Bad input is one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

from IPython.core.magic_arguments import argument, magic_arguments

from spark_nb.errors import SparkError
from spark_nb.kernel.arguments import parse

NO_FIGURE = ("spark chart: no figure to analyse. Draw one first (plt.plot, df.plot(), seaborn) "
             "in this kernel, then run %spark chart [question].")


@magic_arguments()
@argument("--vision", action="store_true",
          help="also send the rendered image to a vision model, when one is configured")
@argument("question", nargs="*", help="what to ask about the figure (optional)")
def chart(magics: Any, line: str) -> Any:
    """Analyse the current or last figure from its own data: ``%spark chart [--vision] [question]``."""
    args = parse(chart, line, "chart")
    if args is None:
        return None
    vision = args.vision
    question = " ".join(args.question).strip()
    if len(question) >= 2 and question[0] in "\"'" and question[-1] == question[0]:
        question = question[1:-1].strip()  # quoted so that IPython does not read "?" as help
    question = question or None
    tracker = getattr(magics, "figures", None)
    fig = tracker.current() if tracker is not None else _pyplot_figure()
    if fig is None:
        print(NO_FIGURE, file=sys.stderr)
        return None
    try:
        from spark_nb.assist.charts import analyze_figure

        settings = magics.settings
        result = analyze_figure(fig, question, vision=vision, model=settings.model_for("chart"),
                                max_tokens=min(int(settings.max_tokens), 300))
    except SparkError as exc:
        print(f"spark chart: {_one_line(exc)}", file=sys.stderr)
        return None
    except Exception as exc:  # noqa: BLE001 - never a traceback from our code in a notebook
        print(f"spark chart: could not read this figure ({type(exc).__name__}: {_one_line(exc)})",
              file=sys.stderr)
        return None
    if not result.facts.has_data:
        print("spark chart: the figure has no data (no lines, bars, points or images) to analyse.",
              file=sys.stderr)
        return None
    show(magics.shell, result)
    magics.last_chart = result
    return None


def show(shell: Any, result: Any) -> None:
    """Markdown in a notebook kernel, plain text in a terminal.

    Front ends render an output's Markdown with raw HTML live, so the notebook gets
    ``result.markdown()``, in which the figure's text and the model's words are escaped:
    a label like ``<img onerror=...>`` shows as text. Never ``result.table`` or the prose
    as they are.
    """
    if getattr(shell, "kernel", None) is not None:
        from IPython.display import Markdown, display

        display(Markdown(result.markdown()))
    else:
        print(str(result))


def _pyplot_figure() -> Any:
    plt = sys.modules.get("matplotlib.pyplot")
    return plt.gcf() if plt is not None and plt.get_fignums() else None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
