"""The timeline's month and all-history views: the day-by-hour raster in its own plot.

Owns a pyqtgraph PlotWidget and a DayRasterChart; the timeline panel hands it a raster
(built off the UI thread for the whole history) and the rows to show. Scrolling zooms
through the days, dragging moves through them, a click on a row asks for that day.
"""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rebound_tracker.report.charts.day_raster import DayRasterChart
from rebound_tracker.report.charts.theme import ChartTheme
from rebound_tracker.services.day_raster import DayRaster


class DayRasterView(QWidget):
    """The raster plot; ``day_activated`` carries the day of a clicked row."""

    day_activated = Signal(object)  # datetime.date
    hovered = Signal(str)  # the read-out for the cell under the cursor

    def __init__(self, theme: ChartTheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.raster: DayRaster | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._chart: DayRasterChart | None = None
        self._scale = "focus"

    @property
    def chart(self) -> DayRasterChart:
        """The raster chart, made when first needed (not at start-up, where the day view
        is what shows)."""
        if self._chart is None:
            self._make_plot()
        assert self._chart is not None
        return self._chart

    def _make_plot(self) -> None:
        self.plot = pg.PlotWidget(background=self.theme.background)
        self.plot.setAccessibleName("Day-by-hour raster: one row per day, hours across")
        self._chart = DayRasterChart(self.plot.getPlotItem(), self.theme,
                                     on_day_click=self.day_activated.emit)
        self._chart.set_scale(self._scale)
        self._hover = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30,
                                     slot=lambda event: self.hovered.emit(
                                         self.chart.describe(event[0])))
        self._layout.addWidget(self.plot)

    def set_theme(self, theme: ChartTheme) -> None:
        if theme == self.theme:
            return
        self.theme = theme
        if self._chart is None:
            return
        rows = self.chart.row_range()
        old = self.plot
        self._layout.removeWidget(old)
        old.deleteLater()
        self._make_plot()
        if self.raster is not None:
            self.chart.set_data(self.raster)
            self.chart.show_rows(int(rows[0]), int(rows[1]) - 1)

    def set_raster(self, raster: DayRaster) -> None:
        if raster is not self.raster:
            self.raster = raster
            self.chart.set_data(raster)
        self.plot.setAccessibleDescription(
            f"{raster.days} days from {raster.first_day:%d %B %Y}. Series: "
            + "; ".join(self.chart.series_names())
            + ". Scroll to zoom through the days, drag to move, click a row to open that day.")

    def set_scale(self, scale: str) -> None:
        self._scale = scale
        if self._chart is not None:
            self._chart.set_scale(scale)

    def show_days(self, first: date, last: date) -> None:
        """Show the rows of ``first``..``last`` (clamped to the raster)."""
        raster = self.raster
        if raster is None:
            return
        lo = min(max(raster.row_of(first), 0), raster.days - 1)
        hi = min(max(raster.row_of(last), lo), raster.days - 1)
        self.chart.show_rows(lo, hi)
