"""The logged entries on the timeline: dose markers with labels, check-in series.

Both adapt to the visible span: dose labels only when a few days are in view, raw
check-ins (clickable points joined within a day) up to ``RAW_CHECKINS_SPAN_S`` and daily
means beyond it, so a five-year view draws a few thousand points, not tens of thousands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg

from rebound_tracker.report.charts.theme import SCALE_SYMBOLS, YELLOW, ChartTheme
from rebound_tracker.services.timeline import CheckinSeries, DoseMarks

LABELS_SPAN_S = 3 * 86400.0
MAX_LABELS = 40
RAW_CHECKINS_SPAN_S = 45 * 86400.0
WIDE_SPAN_S = 45 * 86400.0
"""Beyond this span the dose markers come from one item holding every dose."""
DAY_S = 86400.0


def window_around(left: float, right: float, current: tuple[float, float]
                  ) -> tuple[float, float] | None:
    """The stretch of time whose entries the point items should hold for a view of
    ``left``..``right``: None while ``current`` still covers the view and is not many times
    wider (after zooming in), else the view widened by its own span (at least a day) each
    way, so panning and stepping a day rarely refill.

    pyqtgraph culls scatter points only while painting, after recomputing the bounds of all
    of them on every frame; holding only the entries near the view keeps a frame's cost
    independent of how many years are loaded."""
    pad = max(right - left, DAY_S)
    covered = current[0] <= left and right <= current[1]
    if covered and current[1] - current[0] <= 4 * (right - left + 2 * pad):  # not zoomed far in
        return None
    return left - pad, right + pad


class DoseLayer:
    """Triangles at each dose on the predicted curve, labelled "drug mg" when zoomed in."""

    def __init__(self, plot: pg.PlotItem, theme: ChartTheme,
                 on_click: Callable[[str], None] | None = None) -> None:
        self.plot, self.theme = plot, theme
        self.marks = DoseMarks(np.empty(0), (), ())
        self.y = np.empty(0)
        self._ids = np.empty(0, dtype=object)
        self.window = (0.0, 0.0)
        self.near = self._marker_item(on_click)  # the doses near a short view
        self.every = self._marker_item(on_click)  # all of them, for long views
        self.every.hide()
        self._every_stale = True
        self.labels: list[pg.TextItem] = []

    def _marker_item(self, on_click: Callable[[str], None] | None) -> pg.ScatterPlotItem:
        item = pg.ScatterPlotItem(symbol="t1", size=15, pen=pg.mkPen(self.theme.foreground),
                                  brush=pg.mkBrush(YELLOW))
        item.setZValue(20)
        self.plot.addItem(item)
        if on_click is not None:
            item.sigClicked.connect(
                lambda _item, points, _ev: points and on_click(points[0].data()))
        return item

    @property
    def markers(self) -> pg.ScatterPlotItem:
        """The item showing the doses at the current span."""
        return self.every if self.every.isVisible() else self.near

    def set_data(self, marks: DoseMarks, y: np.ndarray) -> None:
        self.marks, self.y = marks, y
        self._ids = np.asarray(marks.ids, dtype=object)
        self.window = (np.inf, -np.inf)
        self._every_stale = True

    def set_view(self, left: float, right: float) -> None:
        """Markers near the view for short spans, every dose for long ones (filled once per
        load: refilling thousands of points on each zoom out cost 20 ms and fed the garbage
        collector); labels for those in view if the span is short enough."""
        wide = right - left > WIDE_SPAN_S
        if wide and self._every_stale:
            self.every.setData(x=self.marks.x, y=self.y, data=self._ids)
            self._every_stale = False
        self.every.setVisible(wide)
        self.near.setVisible(not wide)
        window = None if wide else window_around(left, right, self.window)
        if window is not None:
            self.window = window
            lo, hi = np.searchsorted(self.marks.x, window)
            self.near.setData(x=self.marks.x[lo:hi], y=self.y[lo:hi], data=self._ids[lo:hi])
        self.update_labels(left, right)

    def update_labels(self, left: float, right: float) -> None:
        """Show labels for the doses in view when the span is short enough to read them."""
        shown = []
        if right - left <= LABELS_SPAN_S:
            lo, hi = np.searchsorted(self.marks.x, [left, right])
            shown = list(range(lo, hi))[:MAX_LABELS]
        while len(self.labels) < len(shown):
            label = pg.TextItem("", color=self.theme.foreground, anchor=(0, 1.25))
            label.setZValue(21)
            self.plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        for label, i in zip(self.labels, shown, strict=False):
            text = self.marks.labels[i]
            if label.textItem.toPlainText() != text:  # re-laying out text costs a frame
                label.setText(text)
            label.setPos(self.marks.x[i], self.y[i])
            label.show()
        for label in self.labels[len(shown):]:
            label.hide()

    def visible_labels(self) -> list[str]:
        return [label.textItem.toPlainText() for label in self.labels if label.isVisible()]


class CheckinLayer:
    """Check-in scales on the 0–10 view: raw points when zoomed in, daily means when not.

    The daily means (one point a day) are set once per load. The raw items (clickable points
    joined within a day) hold only the check-ins near the view, see :func:`window_around`;
    the arrays they are sliced from are prepared once per load."""

    def __init__(self, view: pg.ViewBox, legend: pg.LegendItem, theme: ChartTheme,
                 on_click: Callable[[str], None] | None = None) -> None:
        self.view, self.legend, self.theme = view, legend, theme
        self.on_click = on_click
        self.series: CheckinSeries | None = None
        self.items: dict[str, pg.PlotDataItem] = {}
        self.daily_items: dict[str, pg.PlotDataItem] = {}
        self._raw: dict[str, tuple[np.ndarray, ...]] = {}  # x, y, ids, joined-to-next
        self.shown: tuple[str, ...] = ()
        self.raw_mode = True
        self.window = (0.0, 0.0)  # the time span whose check-ins the raw items hold
        self.visible = (0.0, 0.0)

    def set_scales(self, scales: Iterable[str]) -> None:
        self.shown = tuple(scales)
        for scale in self.shown:
            self._ensure(scale)
        for scale, item in self.items.items():
            self.legend.removeItem(item)
            if scale in self.shown:
                self.legend.addItem(item, f"{scale.capitalize()} check-in")
        self._apply_visibility()

    def set_data(self, series: CheckinSeries) -> None:
        self.series = series
        self._raw.clear()
        self.window = (np.inf, -np.inf)
        for scale in self.items:
            self._fill(scale)
        self.set_view(*self.visible)

    def set_view(self, left: float, right: float) -> None:
        """Raw points for short spans, daily means for long ones."""
        self.visible = (left, right)
        raw = right - left <= RAW_CHECKINS_SPAN_S
        if raw != self.raw_mode:
            self.raw_mode = raw
            self._apply_visibility()
        if raw and self.series is not None:
            window = window_around(left, right, self.window)
            if window is not None:
                self.window = window
                for scale in self.items:
                    self._fill_raw(scale)

    def _apply_visibility(self) -> None:
        for scale, item in self.items.items():
            item.setVisible(scale in self.shown and self.raw_mode)
            self.daily_items[scale].setVisible(scale in self.shown and not self.raw_mode)

    def _ensure(self, scale: str) -> None:
        if scale in self.items:
            return
        colour = self.theme.scale_colours[scale]
        # Solid 1-px joins: Qt strokes dotted antialiased lines several times slower, and
        # the markers already tell check-ins from the model's curves. A QBrush, not a colour
        # string: pyqtgraph caches symbol images per brush object, so a string made it render
        # the symbol again on every refill (0.15 ms a scale) and grow its atlas.
        item = pg.PlotDataItem(pen=pg.mkPen(colour, width=1),
                               symbol=SCALE_SYMBOLS[scale], symbolSize=8,
                               symbolBrush=pg.mkBrush(colour),
                               symbolPen=pg.mkPen(self.theme.background),
                               name=f"{scale.capitalize()} (check-in)")
        # One point a day at most: no clipping or downsampling to redo on every range change.
        daily = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), antialias=False,
                                name=f"{scale.capitalize()} (daily mean)")
        for it in (item, daily):
            it.setZValue(15)
            self.view.addItem(it)
        if self.on_click is not None:
            item.sigPointsClicked.connect(
                lambda _item, points, _ev: len(points) and self.on_click(points[0].data()))
        self.items[scale], self.daily_items[scale] = item, daily
        self._fill(scale)

    def _fill(self, scale: str) -> None:
        series = self.series
        if series is None:
            return
        values = series.values[scale]
        keep = np.isfinite(values)
        x, y, day = series.x[keep], values[keep], series.day[keep]
        self.daily_items[scale].setData(*daily_means(x, y, day))
        ids = np.asarray(series.ids, dtype=object)[keep]
        self._raw[scale] = (x, y, ids, np.append(day[1:] == day[:-1], False))
        self._fill_raw(scale)

    def _fill_raw(self, scale: str) -> None:
        if scale not in self._raw:
            return
        x, y, ids, joined = self._raw[scale]
        lo, hi = np.searchsorted(x, self.window)
        part = slice(int(lo), int(hi))
        self.items[scale].setData(x[part], y[part], connect=joined[part], data=ids[part])


def daily_means(x: np.ndarray, y: np.ndarray, day: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per local day: the mean time of its check-ins and the mean value."""
    if x.size == 0:
        return np.empty(0), np.empty(0)
    _days, index = np.unique(day, return_inverse=True)
    counts = np.bincount(index)
    return (np.bincount(index, weights=x) / counts, np.bincount(index, weights=y) / counts)
