"""The day-by-hour raster chart (an actogram): one row per day from top to bottom, the
hours of the day across, each cell shaded by the predicted effect; doses as ticks,
check-ins as dots coloured by one chosen scale from worse to better, weekends marked in a
strip on the left and regimen changes as lines across.

The raster is one image (drawn in one call whatever the span, averaged down to about a row a
pixel), the marks two items holding every dose and check-in once per load and stamping
those in view; scrolling only moves the view over them.

    chart = DayRasterChart(plot_item, theme, on_day_click=print)
    chart.set_data(build_day_raster(timeline_data)); chart.set_scale("focus")
    chart.show_rows(first_row, last_row)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPainterPath

from rebound_tracker.report.charts.axes import add_legend, style_plot
from rebound_tracker.report.charts.day_rows_axis import DayRowsAxis
from rebound_tracker.report.charts.readouts import describe_cell
from rebound_tracker.report.charts.row_marks import RowMarks
from rebound_tracker.report.charts.theme import YELLOW, ChartTheme, system_theme
from rebound_tracker.services.day_raster import SCALE_WORSE_HIGH, DayRaster

X_LEFT, X_RIGHT = -0.9, 24.25
"""Hours shown across: the weekend strip left of midnight, a margin after 24:00 so that a
mark at 23:59 is drawn whole."""
STRIP = (-0.75, 0.5)  # weekend strip: left edge and width (hours)
MIN_ROWS = 7
WORSE, BETTER = (213, 94, 0), (0, 114, 178)  # Okabe–Ito vermillion and blue
MIDDLE = (230, 230, 230)


def _tick_path() -> QPainterPath:
    """A vertical bar one symbol tall and a fifth wide (pyqtgraph symbols span -0.5..0.5)."""
    path = QPainterPath()
    path.addRect(QRectF(-0.12, -0.5, 0.24, 1.0))
    return path


DOSE_TICK = _tick_path()


def effect_lut(theme: ChartTheme) -> np.ndarray:
    """256 RGBA colours from no predicted effect (near the background) to the strongest."""
    ends = ((246, 246, 246), (40, 40, 48)) if theme.name == "light" else (
        (40, 42, 48), (226, 226, 226))
    t = np.linspace(0.0, 1.0, 256)[:, None]
    rgb = np.asarray(ends[0]) * (1 - t) + np.asarray(ends[1]) * t
    return np.hstack([rgb, np.full((256, 1), 255)]).astype(np.ubyte)


def rating_colours(scale: str) -> list[tuple[int, int, int]]:
    """The colour of each rating 0..10 of ``scale``: vermillion for the worse end, blue for
    the better one, whichever way round the scale runs."""
    colours = []
    for value in range(11):
        good = value / 10 if scale not in SCALE_WORSE_HIGH else 1 - value / 10
        low, high = (WORSE, MIDDLE) if good < 0.5 else (MIDDLE, BETTER)
        f = good * 2 if good < 0.5 else good * 2 - 1
        red, green, blue = (int(a + (b - a) * f) for a, b in zip(low, high, strict=True))
        colours.append((red, green, blue))
    return colours


def effect_rgba(raster: DayRaster, theme: ChartTheme) -> np.ndarray:
    """The raster's cells as an RGBA image; cells with no prediction are transparent."""
    cells = raster.effect
    index = np.clip(np.nan_to_num(cells, nan=0.0) * 255, 0, 255).astype(np.intp)
    rgba = effect_lut(theme)[index]
    rgba[np.isnan(cells), 3] = 0
    return rgba


def row_pyramid(rgba: np.ndarray, levels: int = 6) -> list[np.ndarray]:
    """``rgba`` and versions with 2, 4, 8 … rows averaged into one (the last padded with
    transparent rows): when days are thinner than a pixel, each pixel row shows the mean
    of its days rather than one day picked out of them."""
    pyramid = [rgba]
    for _ in range(levels):
        image = pyramid[-1]
        if image.shape[0] < 2:
            break
        if image.shape[0] % 2:
            image = np.concatenate([image, np.zeros_like(image[:1])])
        pairs = image.reshape(image.shape[0] // 2, 2, *image.shape[1:]).astype(np.uint16)
        pyramid.append(((pairs[:, 0] + pairs[:, 1] + 1) // 2).astype(np.ubyte))
    return pyramid


DOSE_SIZES, CHECKIN_SIZES = (3.0, 6.0, 12.0), (2.5, 4.5, 8.0)
LEVEL_ROW_PX = (2.5, 9.0)
"""Rows thinner than the first value get the smallest marks, thinner than the second the
middle ones, thicker the largest."""


class RampSample(ItemSample):
    """A legend entry drawn as a colour ramp (the raster's shading, a scale's colours)."""

    def __init__(self, colours: list[tuple[int, int, int]]) -> None:
        super().__init__(None)
        self.colours = colours
        self.setFixedWidth(44)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 44, 20)

    def paint(self, painter: QPainter, *_args) -> None:
        gradient = QLinearGradient(QPointF(2, 0), QPointF(42, 0))
        for i, rgb in enumerate(self.colours):
            gradient.setColorAt(i / max(len(self.colours) - 1, 1), pg.mkColor(*rgb))
        painter.setPen(pg.mkPen(0.5))
        painter.setBrush(gradient)
        painter.drawRect(QRectF(2, 5, 40, 11))

    def mouseClickEvent(self, event) -> None:  # the legend toggles nothing here
        event.ignore()


class DayRasterChart:
    """Owns the raster's items on ``plot``; every layer is reachable for tests."""

    def __init__(self, plot: pg.PlotItem, theme: ChartTheme | None = None, *,
                 on_day_click: Callable[[date], None] | None = None) -> None:
        self.plot = plot
        self.theme = theme = theme or system_theme()
        self.raster: DayRaster | None = None
        self.scale = "focus"
        self.on_day_click = on_day_click
        self.axis = DayRowsAxis("left")
        plot.setAxisItems({"left": self.axis})
        style_plot(plot, theme)
        plot.showGrid(x=False, y=False)
        bottom = plot.getAxis("bottom")
        bottom.setTicks([[(h, f"{h:02d}:00") for h in range(0, 25, 3)],
                         [(h, "") for h in range(25)]])
        plot.setLabel("bottom", "Time of day", color=theme.foreground)
        view = plot.getViewBox()
        view.invertY(True)
        view.setMouseEnabled(x=False, y=True)
        # pyqtgraph's own autoDownsample crashed painting an RGBA image of five years.
        self.image = pg.ImageItem(axisOrder="row-major")
        self.strip = pg.ImageItem(axisOrder="row-major")
        for z, item in enumerate((self.image, self.strip)):
            item.setZValue(z)
            plot.addItem(item, ignoreBounds=True)
        self.pyramid: list[np.ndarray] = []
        self.strip_pyramid: list[np.ndarray] = []
        self._pyramid_level = -1
        outline = pg.mkPen(theme.foreground, width=1)
        self.checkins = RowMarks("o", pg.mkPen(theme.background))
        self.doses = RowMarks(DOSE_TICK, outline)
        for z, item in ((3, self.checkins), (4, self.doses)):
            item.setZValue(z)
            plot.addItem(item, ignoreBounds=True)
        self.change_lines: list[pg.InfiniteLine] = []
        self.empty_text = pg.TextItem("", color=theme.muted, anchor=(0.5, 0.5))
        self.empty_text.hide()
        plot.addItem(self.empty_text, ignoreBounds=True)
        self.legend = add_legend(plot, theme, columns=5)
        view.sigYRangeChanged.connect(lambda *_: self._fit_marks())
        view.sigResized.connect(lambda *_: self._fit_marks())
        if plot.scene() is not None:
            plot.scene().sigMouseClicked.connect(self._clicked)

    # --- public -----------------------------------------------------------------------
    def set_data(self, raster: DayRaster) -> None:
        self.raster = raster
        days = raster.days
        self.axis.set_first_day(raster.first_day, days)
        self.pyramid = row_pyramid(effect_rgba(raster, self.theme))
        self._pyramid_level = -1
        weekend = pg.mkColor(self.theme.muted)
        strip = np.zeros((days, 1, 4), dtype=np.ubyte)
        strip[raster.weekend] = (weekend.red(), weekend.green(), weekend.blue(), 255)
        self.strip_pyramid = row_pyramid(strip)
        self.doses.set_points(raster.dose_hour, raster.dose_row + 0.5,
                              np.zeros(raster.dose_row.size, dtype=int), [pg.mkBrush(YELLOW)])
        self._draw_changes()
        self._draw_checkins()
        self.plot.getViewBox().setLimits(xMin=X_LEFT, xMax=X_RIGHT, yMin=0,
                                         yMax=max(days, MIN_ROWS),
                                         minYRange=min(MIN_ROWS, max(days, 1)))
        self._update_empty()
        self._legend()
        self._fit_marks()

    def set_scale(self, scale: str) -> None:
        """Colour the check-ins by ``scale`` (one of SCALES)."""
        self.scale = scale
        self._draw_checkins()
        self._legend()

    def show_rows(self, first: int, last: int) -> None:
        """Show rows ``first``..``last`` (inclusive) and the whole day across."""
        self.plot.setRange(xRange=(X_LEFT, X_RIGHT), yRange=(first, last + 1), padding=0)
        self.plot.getViewBox().updateMatrix()
        self._fit_marks()

    def row_range(self) -> tuple[float, float]:
        top, bottom = self.plot.getViewBox().viewRange()[1]
        return float(top), float(bottom)

    def row_at(self, scene_pos: QPointF) -> int | None:
        """The row (day index) under ``scene_pos``, if it is on the raster."""
        view = self.plot.getViewBox()
        if self.raster is None or not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        row = int(np.floor(point.y()))
        return row if 0 <= row < self.raster.days and point.x() >= X_LEFT else None

    def describe(self, scene_pos: QPointF) -> str:
        row = self.row_at(scene_pos)
        if row is None or self.raster is None:
            return ""
        hour = self.plot.getViewBox().mapSceneToView(scene_pos).x()
        text = describe_cell(self.raster, row, min(max(hour, 0.0), 23.99), self.scale)
        return text + ("  ·  weekend" if self.raster.weekend[row] else "")

    def series_names(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    # --- layers -----------------------------------------------------------------------
    def _draw_checkins(self) -> None:
        raster = self.raster
        if raster is None:
            return
        values = raster.checkin_values[self.scale]
        keep = np.isfinite(values)
        brushes = [pg.mkBrush(*rgb) for rgb in rating_colours(self.scale)]
        ratings = np.clip(np.rint(values[keep]), 0, 10).astype(int)
        self.checkins.set_points(raster.checkin_hour[keep], raster.checkin_row[keep] + 0.5,
                                 ratings, brushes)

    def _draw_changes(self) -> None:
        for line in self.change_lines:
            self.plot.removeItem(line)
        self.change_lines = []
        pen = pg.mkPen(self.theme.foreground, width=1.5, style=Qt.PenStyle.DashLine)
        for change in self.raster.changes if self.raster else ():
            line = pg.InfiniteLine(pos=change.row, angle=0, pen=pen, movable=False,
                                   label=change.text,
                                   labelOpts={"position": 0.97, "anchors": [(1, 1), (1, 1)],
                                              "color": self.theme.foreground,
                                              "fill": pg.mkBrush(*self.theme.legend_background)})
            line.setZValue(10)
            self.plot.addItem(line, ignoreBounds=True)
            self.change_lines.append(line)

    def _fit_marks(self) -> None:
        """Marks as large as the rows allow (five years of them stay dots, a month of them
        is easy to point at) and the raster image averaged down to about a row a pixel."""
        view = self.plot.getViewBox()
        top, bottom = view.viewRange()[1]
        row_px = view.height() / max(abs(bottom - top), 1e-9)
        level = sum(row_px >= limit for limit in LEVEL_ROW_PX)
        self.doses.set_size(DOSE_SIZES[level])
        self.checkins.set_size(CHECKIN_SIZES[level])
        if self.pyramid:
            rows_per_px = 1.0 / max(row_px, 1e-9)
            k = int(np.clip(np.ceil(np.log2(max(rows_per_px, 1.0))), 0, len(self.pyramid) - 1))
            if k != self._pyramid_level:
                self._pyramid_level = k
                image, strip = self.pyramid[k], self.strip_pyramid[k]
                self.image.setImage(image, levels=None)
                self.image.setRect(QRectF(0, 0, 24, image.shape[0] * 2 ** k))
                self.strip.setImage(strip, levels=None)  # weekends averaged alike: no moiré
                self.strip.setRect(QRectF(STRIP[0], 0, STRIP[1], strip.shape[0] * 2 ** k))

    def _update_empty(self) -> None:
        raster = self.raster
        empty = raster is not None and raster.dose_row.size == 0 and raster.checkin_row.size == 0
        self.empty_text.setVisible(empty)
        if raster is not None and empty:
            self.empty_text.setText("Nothing logged in this period yet. Each day you log "
                                    "becomes a row here:\nyour doses as ticks over the "
                                    "predicted effect, your check-ins as dots.")
            self.empty_text.setPos(12, raster.days / 2)

    def _legend(self) -> None:
        legend = self.legend
        legend.clear()
        lut = effect_lut(self.theme)
        legend.addItem(RampSample([tuple(lut[0][:3]), tuple(lut[-1][:3])]),
                       "Predicted effect: none → strongest")
        legend.addItem(pg.ScatterPlotItem(symbol=DOSE_TICK, size=12, pen=self.doses.outline,
                                          brush=pg.mkBrush(YELLOW)), "Dose")
        worse_high = self.scale in SCALE_WORSE_HIGH
        ramp = rating_colours(self.scale)  # ratings 0..10; shown from worse to better
        legend.addItem(RampSample(ramp[::-1] if worse_high else ramp),
                       f"{self.scale.capitalize()} check-in: "
                       + ("10 … 0 (worse → better)" if worse_high else "0 … 10 (worse → better)"))
        weekend = pg.mkColor(self.theme.muted).getRgb()[:3]
        legend.addItem(RampSample([weekend, weekend]), "Weekend (strip at left)")
        if self.change_lines:
            legend.addItem(pg.PlotDataItem([0, 1], [0, 0], pen=self.change_lines[0].pen),
                           "Regimen change")

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.on_day_click is None:
            return
        row = self.row_at(event.scenePos())
        if row is not None and self.raster is not None:
            event.accept()
            self.on_day_click(self.raster.day_of(row))


def draw_day_raster(raster: DayRaster, *, theme: ChartTheme | None = None,
                    plot: pg.PlotItem | None = None, scale: str = "focus") -> DayRasterChart:
    """Draw ``raster`` on ``plot`` (a new PlotItem by default), every row in view."""
    theme = theme or system_theme()
    plot = plot or pg.PlotItem()
    chart = DayRasterChart(plot, theme)
    chart.set_scale(scale)
    chart.set_data(raster)
    chart.show_rows(0, raster.days - 1)
    return chart
