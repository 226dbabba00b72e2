"""The logged entries on the timeline: dose markers with labels, check-in series.

Both adapt to the visible span: dose labels only when a few days are in view, raw
check-ins (clickable points joined within a day) up to ``RAW_CHECKINS_SPAN_S`` and daily
means beyond it, so a five-year view draws a few thousand points, not tens of thousands.
The raw points and the doses of short spans are :class:`PointMarks`: filled once per load,
they find the points in view when painting, so moving the view refills nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg

from rebound_tracker.report.charts.point_marks import MarkSample, PointMarks
from rebound_tracker.report.charts.theme import SCALE_SYMBOLS, YELLOW, ChartTheme
from rebound_tracker.services.timeline import CheckinSeries, DoseMarks

LABELS_SPAN_S = 3 * 86400.0
MAX_LABELS = 40
STACK_GAP_S = 45 * 60.0
"""Labels of doses closer than this to the one before are stacked above it, not over it."""
LABEL_ANCHOR_Y, LABEL_LINE = 1.25, 1.1
RAW_CHECKINS_SPAN_S = 45 * 86400.0
WIDE_SPAN_S = 45 * 86400.0
"""Beyond this span the dose markers come from one scatter item holding every dose, which
pyqtgraph draws in one call however many there are."""
DOSE_SYMBOL, DOSE_SIZE = "t1", 15


class DoseLayer:
    """Triangles at each dose on the predicted curve, labelled "drug mg" when zoomed in."""

    def __init__(self, plot: pg.PlotItem, theme: ChartTheme,
                 on_click: Callable[[str], None] | None = None) -> None:
        self.plot, self.theme = plot, theme
        self.marks = DoseMarks(np.empty(0), (), ())
        self.y = np.empty(0)
        self.visible = (0.0, 0.0)
        outline, fill = pg.mkPen(theme.foreground), pg.mkBrush(YELLOW)
        self.near = PointMarks(DOSE_SYMBOL, DOSE_SIZE, fill, outline, on_click=on_click)
        self.every = pg.ScatterPlotItem(symbol=DOSE_SYMBOL, size=DOSE_SIZE, pen=outline,
                                        brush=fill)  # all of them, for long views
        if on_click is not None:
            self.every.sigClicked.connect(
                lambda _item, points, _ev: points and on_click(points[0].data()))
        for item in (self.near, self.every):
            item.setZValue(20)
            plot.addItem(item, ignoreBounds=True)
        self.every.hide()
        self._every_stale = True
        self.labels: list[pg.TextItem] = []

    @property
    def markers(self) -> pg.GraphicsObject:
        """The item showing the doses at the current span."""
        return self.every if self.every.isVisible() else self.near

    def legend_sample(self) -> MarkSample:
        return MarkSample(self.near)

    def set_data(self, marks: DoseMarks, y: np.ndarray) -> None:
        self.marks, self.y = marks, y
        self.near.set_points(marks.x, y, marks.ids)
        self._every_stale = True

    def set_view(self, left: float, right: float) -> None:
        """Markers for short spans come from the item that picks those in view when
        painting, for long ones from the item holding every dose (filled once per load:
        refilling thousands of points on each zoom out cost 20 ms and fed the garbage
        collector); labels for those in view if the span is short enough."""
        self.visible = (left, right)
        wide = right - left > WIDE_SPAN_S
        if wide and self._every_stale:
            self.every.setData(x=self.marks.x, y=self.y, data=np.asarray(self.marks.ids,
                                                                         dtype=object))
            self._every_stale = False
        if self.every.isVisible() != wide:
            self.every.setVisible(wide)
            self.near.setVisible(not wide)
        self.update_labels(left, right)

    def marks_in_view(self) -> list[tuple[float, float, str]]:
        """The dose markers drawn in the current view: (x, y on the curve, entry id)."""
        left, right = self.visible
        if self.every.isVisible():
            return [(float(p.pos().x()), float(p.pos().y()), p.data())
                    for p in self.every.points() if left <= p.pos().x() <= right]
        return self.near.points_between(left, right)

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
        level = 0
        for n, (label, i) in enumerate(zip(self.labels, shown, strict=False)):
            text = self.marks.labels[i]
            if label.textItem.toPlainText() != text:  # re-laying out text costs a frame
                label.setText(text)
            close = n > 0 and self.marks.x[i] - self.marks.x[shown[n - 1]] < STACK_GAP_S
            level = level + 1 if close else 0
            anchor = (0, LABEL_ANCHOR_Y + LABEL_LINE * level)
            if tuple(label.anchor) != anchor:
                label.setAnchor(anchor)
            label.setPos(self.marks.x[i], self.y[i])
            label.show()
        for label in self.labels[len(shown):]:
            label.hide()

    def visible_labels(self) -> list[str]:
        return [label.textItem.toPlainText() for label in self.labels if label.isVisible()]

    def label_rects(self) -> list:
        """Where the visible labels are drawn (scene coordinates), to check they don't clash."""
        return [label.textItem.sceneBoundingRect() for label in self.labels
                if label.isVisible()]


class CheckinLayer:
    """Check-in scales on the 0–10 view: raw points when zoomed in, daily means when not.

    Both are set once per load, for the scales that have been shown: the raw points as
    :class:`PointMarks` (clickable, joined within a day), the daily means (one point a day)
    as a plain line. A change of view only switches between them."""

    def __init__(self, view: pg.ViewBox, legend: pg.LegendItem, theme: ChartTheme,
                 on_click: Callable[[str], None] | None = None) -> None:
        self.view, self.legend, self.theme = view, legend, theme
        self.on_click = on_click
        self.series: CheckinSeries | None = None
        self.items: dict[str, PointMarks] = {}
        self.daily_items: dict[str, pg.PlotDataItem] = {}
        self.shown: tuple[str, ...] = ()
        self.raw_mode = True

    def set_scales(self, scales: Iterable[str]) -> None:
        self.shown = tuple(scales)
        for scale in self.shown:
            self._ensure(scale)
        for scale, item in self.items.items():
            self.legend.removeItem(item)
            if scale in self.shown:
                self.legend.addItem(MarkSample(item), f"{scale.capitalize()} check-in")
        self._apply_visibility()

    def set_data(self, series: CheckinSeries) -> None:
        self.series = series
        for scale in self.items:
            self._fill(scale)

    def set_view(self, left: float, right: float) -> None:
        """Raw points for short spans, daily means for long ones."""
        raw = right - left <= RAW_CHECKINS_SPAN_S
        if raw != self.raw_mode:
            self.raw_mode = raw
            self._apply_visibility()

    def _apply_visibility(self) -> None:
        for scale, item in self.items.items():
            item.setVisible(scale in self.shown and self.raw_mode)
            self.daily_items[scale].setVisible(scale in self.shown and not self.raw_mode)

    def _ensure(self, scale: str) -> None:
        if scale in self.items:
            return
        colour = self.theme.scale_colours[scale]
        # Solid 1-px joins: Qt strokes dotted antialiased lines several times slower, and
        # the markers already tell check-ins from the model's curves. The symbols are
        # outlined in the background colour, so that a line never runs into one.
        item = PointMarks(SCALE_SYMBOLS[scale], 8, pg.mkBrush(colour),
                          pg.mkPen(self.theme.background), line=pg.mkPen(colour, width=1),
                          on_click=self.on_click)
        # One point a day at most: no clipping or downsampling to redo on every range change.
        daily = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), antialias=False,
                                name=f"{scale.capitalize()} (daily mean)")
        for it in (item, daily):
            it.setZValue(15)
            self.view.addItem(it, ignoreBounds=True)
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
        self.items[scale].set_points(x, y, ids, np.append(day[1:] == day[:-1], False))


def daily_means(x: np.ndarray, y: np.ndarray, day: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per local day: the mean time of its check-ins and the mean value."""
    if x.size == 0:
        return np.empty(0), np.empty(0)
    _days, index = np.unique(day, return_inverse=True)
    counts = np.bincount(index)
    return (np.bincount(index, weights=x) / counts, np.bincount(index, weights=y) / counts)
