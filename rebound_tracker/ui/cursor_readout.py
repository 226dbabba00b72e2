"""The line under the timeline that reads out the values at the mouse cursor."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtWidgets import QLabel

from rebound_tracker.report.charts.timeline import TimelineChart

HOVER_HINT = ("Point at the chart to read the values at that time; click a dose or check-in "
              "to open it.")
RASTER_HINT = "Point at a row to read that day; click it to open the day."


class CursorReadout(QLabel):
    """Follows the mouse over one chart (``attach`` again when the chart is rebuilt);
    while ``raster_shown()``, the raster writes its own rows' text here instead."""

    def __init__(self, raster_shown: Callable[[], bool]) -> None:
        super().__init__(HOVER_HINT)
        self.setAccessibleName("Values at the cursor")
        self._cursor = None  # the mouse's last scene position over the chart
        self._plot: pg.PlotWidget | None = None
        self._chart: TimelineChart | None = None
        self._raster_shown = raster_shown

    def attach(self, plot: pg.PlotWidget, chart: TimelineChart) -> None:
        self._plot, self._chart = plot, chart
        self._hover = pg.SignalProxy(plot.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._mouse_moved)
        plot.getPlotItem().getViewBox().sigXRangeChanged.connect(self.read_out)

    def _mouse_moved(self, event) -> None:
        self._cursor = event[0]
        self.read_out()

    def read_out(self) -> None:
        """The values under the cursor; again when the chart moves under a still cursor
        (a day step, a range change, new data), so the line never describes another time."""
        if self._raster_shown() or self._plot is None or self._chart is None:
            return  # the raster reads out its own rows (RASTER_HINT until pointed at)
        view = self._plot.getPlotItem().getViewBox()
        if (self._cursor is not None and self._plot.underMouse()
                and view.sceneBoundingRect().contains(self._cursor)):
            x = view.mapSceneToView(self._cursor).x()
            self.setText(self._chart.describe(x))
        else:
            self._chart.cursor_line.hide()
            self.setText(HOVER_HINT)
