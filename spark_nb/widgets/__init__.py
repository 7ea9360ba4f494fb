"""Notebook panels (anywidget). Their ES modules live in ``js/`` and ship in the wheel."""

from spark_nb.widgets.spark_panel import PanelView, SparkPanel

__all__ = ["PanelView", "SparkPanel"]
