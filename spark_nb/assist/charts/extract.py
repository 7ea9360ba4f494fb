"""A matplotlib Figure -> :class:`FigureFacts`, one Axes at a time, in drawing order."""

from __future__ import annotations

from typing import Any

from spark_nb.assist.charts.axes import describe, reader, twins
from spark_nb.assist.charts.bars import bar_facts, containers, hist_facts, is_hist
from spark_nb.assist.charts.facts import AxesFacts, FigureFacts
from spark_nb.assist.charts.lines import area_facts, finite_xy, is_reference, label_of, line_facts
from spark_nb.assist.charts.points import image_facts, points_facts, scatter_facts
from spark_nb.errors import SparkError

# libraries whose figure objects are not matplotlib; recognised by module, never imported
_OTHER = ("plotly", "altair", "bokeh", "holoviews", "hvplot", "vega", "pygal", "plotnine")


def resolve_figure(fig: Any = None) -> Any:
    """The matplotlib Figure to read: ``fig``, its figure (Axes, seaborn grids) or plt.gcf()."""
    if fig is None:
        import matplotlib.pyplot as plt

        if not plt.get_fignums():
            raise SparkError("There is no current matplotlib figure. Draw a chart first "
                             "(plt.plot, df.plot(), seaborn), or pass the figure: analyze_figure(fig).")
        return plt.gcf()
    module = type(fig).__module__.split(".")[0]
    if module in _OTHER:
        raise SparkError(f"{module} figures are not supported yet: spark_nb reads matplotlib figures "
                         "(pandas .plot() and seaborn draw those). Redraw the chart with matplotlib.")
    from matplotlib.figure import Figure, SubFigure

    if isinstance(fig, (Figure, SubFigure)):
        return fig
    inner = getattr(fig, "figure", None) or getattr(fig, "fig", None)  # Axes, FacetGrid, JointGrid
    if inner is None and hasattr(fig, "flat"):  # the array of Axes plt.subplots returns
        inner = next((getattr(a, "figure", None) for a in fig.flat), None)
    if isinstance(inner, (Figure, SubFigure)):
        return inner
    raise SparkError(f"A {type(fig).__name__} is not a matplotlib figure: pass a Figure or an Axes.")


def figure_facts(fig: Any = None) -> FigureFacts:
    """Read every Axes of ``fig`` (default: the current figure) into facts."""
    fig = resolve_figure(fig)
    suptitle = getattr(fig, "_suptitle", None)
    facts = FigureFacts(title=suptitle.get_text() if suptitle is not None else "",
                        size=[float(v) for v in fig.get_size_inches()])
    axes = [a for a in fig.get_axes() if a.get_label() != "<colorbar>"]
    sides = twins(axes)
    for i, ax in enumerate(axes):
        side, partner = sides.get(i, ("", None))
        facts.axes.append(axes_facts(ax, i, side, partner))
    _notes(facts, fig)
    return facts


def axes_facts(ax: Any, index: int, side: str = "", twin_of: int | None = None) -> AxesFacts:
    """The facts of one Axes: its labels, then each kind of artist."""
    from matplotlib.collections import PathCollection, PolyCollection, QuadMesh

    facts = describe(ax, index)
    facts.side, facts.twin_of = side, twin_of
    axis = side or "left"
    xr, yr = reader(ax.xaxis), reader(ax.yaxis)
    for i, line in enumerate(ax.get_lines()):
        if is_reference(line, ax):
            continue
        if str(line.get_linestyle()) in ("None", "", " ") and line.get_marker() not in (None, "None", ""):
            pts = points_facts(line.get_xdata(orig=False), line.get_ydata(orig=False),
                               label_of(line, f"points {i + 1}"), xr, axis)
            facts.scatters += [pts] if pts else []
            continue
        found = line_facts(line, xr, f"line {i + 1}", axis)
        facts.lines += [found] if found else []
    for i, coll in enumerate(ax.collections):
        if isinstance(coll, QuadMesh):
            found = image_facts(coll, xr, yr)
            facts.images += [found] if found else []
        elif isinstance(coll, PathCollection):
            found = scatter_facts(coll, xr, f"points {i + 1}", axis)
            facts.scatters += [found] if found else []
        elif isinstance(coll, PolyCollection):
            found = area_facts(coll, xr, f"area {i + 1}", axis)
            facts.areas += [found] if found else []
    for image in ax.images:
        found = image_facts(image, xr, yr)
        facts.images += [found] if found else []
    _bars(facts, ax, xr, yr, axis)
    return facts


def _bars(facts: AxesFacts, ax: Any, xr: Any, yr: Any, axis: str) -> None:
    plain = []
    found = containers(ax)
    if facts.legend and len(facts.legend) == len(found) and not any(r.label for r in found):
        for r, name in zip(found, facts.legend):  # seaborn keeps hue names only in the legend
            r.label = name
    for r in found:
        if is_hist(r, xr if r.vertical else yr) and r.vertical:
            facts.hists.append(hist_facts(r, axis))
        else:
            plain.append(r)
    for vertical in (True, False):
        group = [r for r in plain if r.vertical == vertical]
        found = bar_facts(group, xr, yr, axis) if group else None
        facts.bars += [found] if found else []


def _notes(facts: FigureFacts, fig: Any) -> None:
    if not facts.axes:
        text = [t.get_text() for t in fig.texts if t.get_text().strip()]
        facts.notes.append("no data: the figure has no axes" + (" (text only)" if text else ""))
        return
    if not facts.has_data:
        facts.notes.append("no data: the axes hold no lines, bars, points or images"
                           + (" (text only)" if any(a.texts for a in facts.axes) else ""))
    for a in facts.axes:
        for kind in (a.lines, a.scatters):
            for s in kind:
                if s.ignored:
                    facts.notes.append(f"{s.ignored} NaN/inf points ignored in {s.label!r}")
        for b in a.bars:
            if b.ignored:
                facts.notes.append(f"{b.ignored} NaN/inf bars ignored")
        for im in a.images:
            if im.ignored:
                facts.notes.append(f"{im.ignored} NaN/inf cells ignored")


__all__ = ["figure_facts", "resolve_figure", "axes_facts", "finite_xy"]
