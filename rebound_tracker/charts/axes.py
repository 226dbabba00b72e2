"""Plot set-up shared by every chart: theme, date axis, a second y axis on the right."""

from __future__ import annotations

import pyqtgraph as pg

from rebound_tracker.charts.theme import ChartTheme


def new_plot(theme: ChartTheme, *, dates: bool = False) -> pg.PlotItem:
    """A PlotItem (for exporters or a GraphicsLayout) styled for ``theme``."""
    axes = {"bottom": pg.DateAxisItem()} if dates else {}
    plot = pg.PlotItem(axisItems=axes)
    style_plot(plot, theme)
    return plot


def style_plot(plot: pg.PlotItem, theme: ChartTheme) -> None:
    plot.setMenuEnabled(False)
    plot.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.muted))
        axis.setTextPen(pg.mkPen(theme.foreground))


HEADROOM = 1.3
"""Charts leave this much room above the data for the legend strip (a factor on the top)."""


def add_legend(plot: pg.PlotItem, theme: ChartTheme, columns: int = 3,
               offset=(8, 4)) -> pg.LegendItem:
    """A legend strip along the top of the plot, ``columns`` entries wide."""
    if plot.legend is not None:
        return plot.legend
    legend = plot.addLegend(offset=offset, labelTextColor=theme.foreground,
                            brush=pg.mkBrush(*theme.legend_background),
                            pen=pg.mkPen(theme.muted), verSpacing=-6, horSpacing=14)
    legend.setColumnCount(columns)
    return legend


def zero_to_ten_ticks(axis: pg.AxisItem) -> None:
    axis.setTicks([[(v, str(v)) for v in range(0, 11, 2)],
                   [(v, "") for v in range(1, 11, 2)]])


def add_right_view(plot: pg.PlotItem, label: str, y_range: tuple[float, float],
                   theme: ChartTheme) -> pg.ViewBox:
    """A second ViewBox sharing x with ``plot``, drawn against the right-hand axis."""
    view = pg.ViewBox()
    plot.scene().addItem(view) if plot.scene() is not None else None
    plot.showAxis("right")
    axis = plot.getAxis("right")
    axis.linkToView(view)
    axis.setLabel(label, color=theme.foreground)
    view.setXLink(plot)
    view.setYRange(y_range[0], y_range[1] * HEADROOM, padding=0)
    zero_to_ten_ticks(axis)
    view.setMouseEnabled(x=False, y=False)
    view.setMenuEnabled(False)

    def sync() -> None:
        if view.scene() is None and plot.scene() is not None:
            plot.scene().addItem(view)
        view.setGeometry(plot.getViewBox().sceneBoundingRect())
        view.linkedViewChanged(plot.getViewBox(), view.XAxis)

    plot.getViewBox().sigResized.connect(sync)
    sync()
    return view
