"""Plot set-up shared by every chart: theme, date axis, a second y axis on the right."""

from __future__ import annotations

import math
import weakref

import pyqtgraph as pg

from rebound_tracker.report.charts.date_axis import DateAxis
from rebound_tracker.report.charts.theme import ChartTheme


class SteadyAxisItem(pg.AxisItem):
    """An axis that keeps its drawn ticks while its range stays the same.

    pyqtgraph drops the cached tick picture on every range notification, and a value axis
    is notified whenever x changes too (the view it is linked to moved). Re-laying out the
    tick text then costs about a millisecond a frame for an axis that did not change."""

    def setRange(self, mn: float, mx: float) -> None:
        if self.picture is not None and [mn, mx] == list(getattr(self, "range", ())):
            return
        super().setRange(mn, mx)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is >= ``value`` (> 0):
    a y top that stays put while stepping between similar days keeps the axis unchanged."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * power >= value * (1 - 1e-9):
            return step * power
    return 10.0 * power


ALIGNED_TOPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5)
"""Tops whose fifths are round numbers: the left axis gets a tick at each fifth, which puts
its grid lines exactly on the right-hand 0–10 axis's ticks at 0, 2, 4, 6, 8 and 10."""


def aligned_top(value: float) -> float:
    """The smallest of :data:`ALIGNED_TOPS` × 10^k that is >= ``value`` (1.0 for none)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (*ALIGNED_TOPS, 10.0):
        if step * power >= value * (1 - 1e-9):
            return step * power
    return 10.0 * power


def fifths_ticks(top: float) -> list[list[tuple[float, str]]]:
    """Major ticks at each fifth of ``top`` and minor ones halfway, for AxisItem.setTicks."""
    major = [(top * i / 5, f"{top * i / 5:.4g}") for i in range(6)]
    minor = [(top * (2 * i + 1) / 10, "") for i in range(5)]
    return [major, minor]


def new_plot(theme: ChartTheme, *, dates: bool = False) -> pg.PlotItem:
    """A PlotItem (for exporters or a GraphicsLayout) styled for ``theme``."""
    axes = {"bottom": DateAxis()} if dates else {}
    plot = pg.PlotItem(axisItems=axes)
    style_plot(plot, theme)
    return plot


def style_plot(plot: pg.PlotItem, theme: ChartTheme) -> None:
    """Theme colours, a faint grid, no context menu and none of pyqtgraph's extras that
    confuse a reader: the small "A" auto-range button, and the SI prefixes that turned a
    0–1 axis into "(x0.001)" with ticks 0–500."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.muted))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.enableAutoSIPrefix(False)


HEADROOM = 1.05
"""Charts leave this much room above the data (a factor on the top), so that a mark at the
top value is drawn whole; the legend sits above the plot, not over the data."""


TITLE_HEIGHT = 30  # what PlotItem.setTitle gives its title row


class OutsideLegend(pg.LegendItem):
    """A legend strip above the plot area, in the plot's (unused) title row: it can never
    cover the data or the *now* label, and the row grows with the entries it holds."""

    def __init__(self, plot: pg.PlotItem, **kwargs) -> None:
        super().__init__(offset=None, **kwargs)
        self._plot = plot
        self._shown = True
        self._removed = False
        self._max_columns = 1
        self._fitting = False
        self.setParentItem(plot)
        plot.legend = self  # plot(name=...) adds its entries here
        set_title = plot.setTitle

        def set_title_above(title=None, **args) -> None:
            """A title shares the row: the legend goes under it."""
            set_title(title, **args)
            self.updateSize()

        plot.setTitle = set_title_above
        plot.geometryChanged.connect(self._fit_width)
        self.updateSize()

    def set_columns(self, columns: int) -> None:
        """At most ``columns`` entries a row: fewer when the rows would be wider than the
        plot (a narrow window, or a chart with many series), so no entry is cut off."""
        self._max_columns = max(1, columns)
        self._fit_width()

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        self._fit_width()

    def _fit_width(self) -> None:
        plot = getattr(self, "_plot", None)
        if self._fitting or plot is None or not self.items or plot.width() <= 0:
            return
        self._fitting = True
        try:
            columns = self._max_columns
            self.setColumnCount(columns)
            while columns > 1 and self.width() > plot.width() - 16:
                columns -= 1
                self.setColumnCount(columns)
        finally:
            self._fitting = False
        self.updateSize()

    def updateSize(self) -> None:
        super().updateSize()
        plot = getattr(self, "_plot", None)
        if plot is None:
            return
        title = TITLE_HEIGHT if plot.titleLabel.isVisible() else 0
        legend = self.height() + 8 if self.items and not self._removed else 0
        plot.layout.setRowFixedHeight(0, title + legend)
        plot.titleLabel.setMaximumHeight(title)
        self.anchor(itemPos=(0.5, 0), parentPos=(0.5, 0), offset=(0, title + 3))
        self.setVisible(bool(self.items) and self._shown and not self._removed)

    def hide(self) -> None:
        """Take the legend away, its row too (the PDF says what it would say in words)."""
        self._removed = True
        self.updateSize()

    def set_shown(self, shown: bool) -> None:
        """Show or hide the strip (an empty chart names no series); its row keeps its
        height, so that the plot does not jump when stepping to an empty day and back."""
        if shown != self._shown:
            self._shown = shown
            self.updateSize()


def add_legend(plot: pg.PlotItem, theme: ChartTheme, columns: int = 3,
               offset=None) -> pg.LegendItem:
    """A legend strip above the plot, ``columns`` entries wide (``offset`` is unused: the
    legend no longer sits inside the plot)."""
    if plot.legend is not None:
        return plot.legend
    legend = OutsideLegend(plot, labelTextColor=theme.foreground,
                           brush=pg.mkBrush(*theme.legend_background),
                           pen=pg.mkPen(theme.muted), verSpacing=-6, horSpacing=14)
    legend.set_columns(columns)
    return legend


def zero_to_ten_ticks(axis: pg.AxisItem) -> None:
    axis.setTicks([[(v, str(v)) for v in range(0, 11, 2)],
                   [(v, "") for v in range(1, 11, 2)]])


def add_right_view(plot: pg.PlotItem, label: str, y_range: tuple[float, float],
                   theme: ChartTheme) -> pg.ViewBox:
    """A second ViewBox sharing x with ``plot``, drawn against the right-hand axis.

    A plot keeps one right view for its lifetime: asking again (a chart redrawn on the
    same plot) empties and returns it, so no stale view is left in the scene linked to
    a view that no longer exists."""
    view = _RIGHT_VIEWS.get(plot)
    if view is None:
        view = _new_right_view(plot)
    else:
        view.clear()
    axis = plot.getAxis("right")
    axis.setLabel(label, color=theme.foreground)
    view.setYRange(y_range[0], y_range[1] * HEADROOM, padding=0)
    zero_to_ten_ticks(axis)
    return view


_RIGHT_VIEWS: weakref.WeakKeyDictionary[pg.PlotItem, pg.ViewBox] = weakref.WeakKeyDictionary()


def _new_right_view(plot: pg.PlotItem) -> pg.ViewBox:
    view = pg.ViewBox()
    plot.scene().addItem(view) if plot.scene() is not None else None
    plot.showAxis("right")
    plot.getAxis("right").linkToView(view)
    view.setXLink(plot)
    view.setMouseEnabled(x=False, y=False)
    view.setMenuEnabled(False)

    def sync() -> None:
        if view.scene() is None and plot.scene() is not None:
            plot.scene().addItem(view)
        view.setGeometry(plot.getViewBox().sceneBoundingRect())
        view.linkedViewChanged(plot.getViewBox(), view.XAxis)

    plot.getViewBox().sigResized.connect(sync)
    sync()
    _RIGHT_VIEWS[plot] = view
    return view
