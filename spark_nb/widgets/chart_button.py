"""The Analyze button under a figure (setting ``analyze_button``): one click, one analysis.

The analysis runs on a background thread so the kernel stays free; its result (facts
table and grounded prose) is rendered to HTML here and drawn by ``js/chart_button.js``.
The figure's labels and the model's words are untrusted: ``result_html`` only ever holds
what :func:`spark_nb.assist.safe_html.sanitize` let through, whoever assigns it.
"""

from __future__ import annotations

import threading
from typing import Any

import anywidget
import traitlets

from spark_nb.assist.safe_html import sanitize
from spark_nb.widgets._assets import es_module


class ChartButton(anywidget.AnyWidget):
    """A button that analyses ``fig`` with :func:`spark_nb.assist.charts.analyze_figure`."""

    _esm = es_module("chart_button.js")

    label = traitlets.Unicode("Analyze").tag(sync=True)
    status = traitlets.Unicode("idle").tag(sync=True)  # idle, running, done, error
    message = traitlets.Unicode("").tag(sync=True)
    result_html = traitlets.Unicode("").tag(sync=True)  # the one string the page parses as HTML

    def __init__(self, fig: Any, model: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fig = fig
        self.model_name = model
        self.result = None
        self.on_msg(self._on_message)

    @traitlets.validate("result_html")
    def _sanitized(self, proposal: Any) -> str:
        # every assignment is cleaned here, right before it is synced to the page
        return sanitize(proposal["value"])

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "analyze" and self.status != "running":
            self.status = "running"
            threading.Thread(target=self.run, daemon=True, name="spark-chart").start()

    def run(self) -> None:
        """Analyse the figure and publish the result (also callable directly, e.g. in tests)."""
        try:
            from spark_nb.assist.charts import analyze_figure

            self.result = analyze_figure(self.fig, model=self.model_name)
            self.result_html = self.result.html()
            self.message, self.status = f"{self.result.seconds:.1f} s", "done"
        except Exception as exc:  # noqa: BLE001 - the button shows the error, the kernel goes on
            self.message, self.status = f"could not analyse: {exc}", "error"

