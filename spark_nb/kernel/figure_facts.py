"""Figures shown in the notebook: their facts in the output, the last one kept.

A display formatter for ``matplotlib.figure.Figure`` adds the figure's facts as JSON
under :data:`MIME` to the same display_data output as its PNG (the inline backend shows
figures with ``display(fig)``), so saved notebooks carry them for reports. The same
formatter remembers the last figure shown, which ``%spark chart`` falls back to after
the inline backend has closed it. Display must never break: any failure here means no
facts, nothing else.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from IPython.core.formatters import BaseFormatter
from traitlets import Unicode

log = logging.getLogger("spark_nb.figures")
MIME = "application/vnd.spark-nb.chart-facts+json"


class ChartFactsFormatter(BaseFormatter):
    """Returns a figure's facts as a JSON-able dict for :data:`MIME`.

    Figures are recognised in :meth:`lookup` rather than registered with ``for_type``:
    matplotlib-inline's ``select_figure_formats`` pops the Figure printer from every
    formatter whenever the inline backend is configured (``%matplotlib inline``, or the
    first ``import matplotlib.pyplot`` in a kernel), which would silently drop ours.
    """

    format_type = Unicode(MIME)
    _return_type = (dict,)
    print_method = Unicode("_repr_spark_chart_facts_")
    figure_printer = None  # set by FigureTracker.register

    def lookup(self, obj: Any) -> Any:
        if self.figure_printer is not None and _is_figure(obj):
            return self.figure_printer
        return super().lookup(obj)


def _is_figure(obj: Any) -> bool:
    return any(c.__name__ == "Figure" and c.__module__ == "matplotlib.figure" for c in type(obj).__mro__)


class FigureTracker:
    """Registers the facts formatter and a post_run_cell hook; keeps the last figure."""

    def __init__(self, shell: Any, settings: Any) -> None:
        self.shell = shell
        self.settings = settings
        self.last = None  # the last figure displayed (a strong ref: the backend closes it)
        self.shown = 0  # figures displayed so far; a change during a cell means it drew one
        self._shown_at_start = 0
        self.buttons: list = []

    def register(self) -> None:
        formatter = self.shell.display_formatter
        facts = ChartFactsFormatter(parent=formatter)
        facts.figure_printer = self.facts_of
        formatter.formatters[MIME] = facts
        self.shell.events.register("pre_run_cell", self._pre_run)
        self.shell.events.register("post_run_cell", self._post_run)

    def unregister(self) -> None:
        self.shell.display_formatter.formatters.pop(MIME, None)
        for event, fn in (("pre_run_cell", self._pre_run), ("post_run_cell", self._post_run)):
            try:
                self.shell.events.unregister(event, fn)
            except ValueError:
                pass

    def facts_of(self, fig: Any) -> dict | None:
        """The formatter's printer: remember the figure, return its facts (or None)."""
        try:
            self.last = fig
            self.shown += 1
            if not self.settings.figure_facts:
                return None
            from spark_nb.assist.charts import figure_facts

            facts = figure_facts(fig)
            return facts.to_dict() if facts.axes else None
        except Exception:  # noqa: BLE001 - a figure must always display, facts or not
            log.debug("no facts for a figure", exc_info=True)
            return None

    def current(self) -> Any:
        """The figure to analyse: pyplot's current one if it has data, else the last shown."""
        plt = sys.modules.get("matplotlib.pyplot")  # never import pyplot ourselves
        if plt is not None and plt.get_fignums():
            fig = plt.gcf()
            if _has_data(fig):
                return fig
        return self.last

    def _pre_run(self, *_args: Any) -> None:
        self._shown_at_start = self.shown

    def _post_run(self, result: Any = None) -> None:
        try:
            plt = sys.modules.get("matplotlib.pyplot")
            if self.shown == self._shown_at_start and plt is not None and plt.get_fignums():
                fig = plt.gcf()  # a backend that does not display (a terminal): keep it anyway
                if _has_data(fig):
                    self.last = fig
            if self.settings.analyze_button and self.shown > self._shown_at_start and self.last is not None:
                self._show_button(self.last)
        except Exception:  # noqa: BLE001 - a hook must never break the user's cell
            log.debug("figure hook failed", exc_info=True)

    def _show_button(self, fig: Any) -> None:
        from IPython.display import display

        from spark_nb.widgets.chart_button import ChartButton

        button = ChartButton(fig, model=self.settings.model_for("chart"))
        self.buttons = (self.buttons + [button])[-10:]
        display(button)


def _has_data(fig: Any) -> bool:
    try:
        return any(ax.lines or ax.patches or ax.collections or ax.images for ax in fig.get_axes())
    except Exception:  # noqa: BLE001
        return False
