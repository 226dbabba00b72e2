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


def add_legend(plot: pg.PlotItem, theme: ChartTheme, offset=(10, 5)) -> pg.LegendItem:
    if plot.legend is not None:
        return plot.legend
    return plot.addLegend(offset=offset, labelTextColor=theme.foreground,
                          brush=pg.mkBrush(*theme.legend_background),
                          pen=pg.mkPen(theme.muted))


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
    view.setYRange(*y_range, padding=0)
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
