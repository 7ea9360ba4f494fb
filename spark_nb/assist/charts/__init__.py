"""Chart analysis grounded in the figure's own data.

:func:`figure_facts` reads a matplotlib figure's artists (lines, bars, histograms,
scatters, areas, images) into :class:`FigureFacts`; :func:`analyze_figure` has the
model write them up, keeping only sentences whose numbers the facts back.
"""

from __future__ import annotations

import time
from typing import Any

from spark_nb.assist.charts.analyze import ChartAnalysis, allowed_numbers, analyze_facts
from spark_nb.assist.charts.caption import caption_for
from spark_nb.assist.charts.extract import figure_facts, resolve_figure
from spark_nb.assist.charts.facts import (AreaFacts, AxesFacts, Bar, BarFacts, FigureFacts, HistFacts,
                                          ImageFacts, LineFacts, ScatterFacts)


def analyze_figure(fig: Any = None, question: str | None = None, *, vision: bool = False,
                   **options: Any) -> ChartAnalysis:
    """Read ``fig`` (default: the current figure), then :func:`analyze_facts` its facts.

    ``options`` are those of :func:`analyze_facts` (model, engine, use_model, lang,
    max_tokens) plus ``vision_model``. With ``vision=True`` the rendered PNG goes to a
    vision model too, when one is configured; otherwise the note says that none is.
    """
    from spark_nb.assist.charts.vision import vision_setup

    started = time.perf_counter()
    figure = resolve_figure(fig)
    facts = figure_facts(figure)
    extracted = time.perf_counter() - started
    image, engine, note = (None, None, "")
    if vision:
        image, engine, note = vision_setup(figure, options.pop("vision_model", None))
    else:
        options.pop("vision_model", None)
    if engine is not None:
        options["engine"] = engine
    result = analyze_facts(facts, question, image=image, **options)
    result.vision = image is not None and not result.note.startswith("No written")
    result.note = " ".join(n for n in (note, result.note) if n)
    result.seconds_extract = extracted
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["AreaFacts", "AxesFacts", "Bar", "BarFacts", "ChartAnalysis", "FigureFacts", "HistFacts",
           "ImageFacts", "LineFacts", "ScatterFacts", "allowed_numbers", "analyze_facts",
           "analyze_figure", "caption_for", "figure_facts", "resolve_figure"]
