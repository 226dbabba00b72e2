"""The timeline chart: predicted curves per analyte, wear-off and rebound windows, doses,
check-ins on their own 0–10 axis, a 'now' line with the rest of today dashed, and an
optional what-if overlay. Used by the window's timeline panel and by the PDF report.

    chart = TimelineChart(plot_item, theme)        # or draw_timeline(data) for a new plot
    chart.set_data(data, now=...)                  # TimelineData from services.timeline
    chart.set_kind("effect"); chart.set_scales(("focus", "mood"))
    chart.set_what_if(what_if_data, "What if: Ritalin 10 mg × 3 …")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from rebound_tracker.report.charts.axes import (
    HEADROOM,
    SteadyAxisItem,
    add_legend,
    add_right_view,
    aligned_top,
    fifths_ticks,
    new_plot,
    style_plot,
)
from rebound_tracker.report.charts.curve_layer import CurveLayer
from rebound_tracker.report.charts.personal_band import PersonalBandLayer
from rebound_tracker.report.charts.readouts import describe_moment
from rebound_tracker.report.charts.theme import ChartTheme, system_theme
from rebound_tracker.report.charts.timeline_marks import CheckinLayer, DoseLayer
from rebound_tracker.report.charts.window_bands import BlockSample, WindowBands
from rebound_tracker.report.charts.window_stripes import (
    REBOUND_NAME,
    REBOUND_SHADES,
    WEAR_OFF_NAME,
    WindowStripes,
)
from rebound_tracker.services.timeline import TimelineData

__all__ = ["DEFAULT_SCALES", "REBOUND_NAME", "REBOUND_SHADES", "WEAR_OFF_NAME",
           "WHAT_IF_REBOUND", "TimelineChart", "draw_timeline"]

DEFAULT_SCALES = ("focus", "mood", "irritability")
KIND_LABELS = {"concentration": "Predicted concentration", "effect": "Predicted effect (0–1)"}
SMOOTH_SPAN_S = 3 * 86400.0
"""Curves are antialiased up to this span; beyond it they are dense enough that Qt's
antialiased stroking costs seconds, while plain segments look the same at that scale."""
MIN_SPAN_S = 15 * 60.0
AXIS_WIDTHS = (66, 52)
EMPTY_TEXT = ("Nothing logged here yet.\nLog a dose (Ctrl+D): its predicted course appears "
              "as a curve,\nwith the predicted wear-off and rebound windows shaded.\n"
              "Check in (Ctrl+K): your ratings appear as points on a 0–10 scale.")
WHAT_IF_REBOUND = "What-if rebound risk"


class TimelineChart:
    """Owns the timeline's items on ``plot``; every layer is reachable for tests."""

    def __init__(self, plot: pg.PlotItem, theme: ChartTheme | None = None, *,
                 on_dose_click: Callable[[str], None] | None = None,
                 on_checkin_click: Callable[[str], None] | None = None) -> None:
        self.plot = plot
        self.theme = theme = theme or system_theme()
        self.data: TimelineData | None = None
        self.what_if_data: TimelineData | None = None
        self.what_if_label = "What if"
        self.kind = "concentration"
        self.now: float | None = None
        _prepare_plot(plot, theme)
        self._left_top: float | None = None
        self.legend = add_legend(plot, theme, columns=4)
        self.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.scales_view = add_right_view(plot, "Check-in (0–10)", (0.0, 10.0), theme)
        self.windows = WindowStripes(plot, theme)
        self.wear_off, self.rebound = self.windows.wear_off, self.windows.rebound
        self.stripes = self.windows.stripes
        """Band items per substance: one full-height pair, or a stripe each (top first,
        labelled with the substance) when several substances have windows."""
        hatch = pg.mkBrush(theme.what_if)
        hatch.setStyle(Qt.BrushStyle.BDiagPattern)
        self.what_if_rebound = WindowBands([hatch], WHAT_IF_REBOUND)
        plot.addItem(self.what_if_rebound, ignoreBounds=True)
        self.lines = CurveLayer(plot, self.legend, theme)
        self.curves = self.lines.curves
        self.future_curves = self.lines.future_curves
        self.what_if_curves = self.lines.what_if_curves
        self.band = PersonalBandLayer(plot, self.legend, theme)
        self.doses = DoseLayer(plot, theme, on_dose_click)
        self.checkins = CheckinLayer(self.scales_view, self.legend, theme, on_checkin_click)
        self.now_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(theme.muted, width=1.5),
                                        label="now", labelOpts={"position": 0.96,
                                                                "color": theme.foreground})
        self.cursor_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(theme.muted, width=1,
                                                                  style=Qt.PenStyle.DotLine))
        self.empty_text = pg.TextItem("", color=theme.muted, anchor=(0.5, 0.5))
        for item in (self.now_line, self.cursor_line, self.empty_text):
            item.hide()
            plot.addItem(item, ignoreBounds=True)
        self._legend_static()
        self.checkins.set_scales(DEFAULT_SCALES)
        self._set_axis_label()
        plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._range_changed())

    def _legend_static(self) -> None:
        self.legend.addItem(self.doses.legend_sample(), "Dose")
        for bands in (self.wear_off, self.rebound):
            self.legend.addItem(BlockSample(bands), bands.name)

    def band_names(self) -> list[str]:
        """The substances named on the band stripes (none for a single substance)."""
        return self.windows.names()

    # --- public -----------------------------------------------------------------------
    def set_data(self, data: TimelineData, now: datetime | None = None) -> None:
        self.data = data
        self.now = (now or datetime.now().astimezone()).timestamp()
        self._draw_curves()
        self.windows.set_data(data)
        self.band.set_data(data.band, self.kind)
        self.checkins.set_data(data.checkins)
        self._draw_now()
        self._range_changed()

    def set_now(self, now: datetime) -> None:
        """Move the 'now' line and the start of the dashed rest of today to ``now``."""
        self.now = now.timestamp()
        if self.data is not None:
            self._draw_curves()
        self._draw_now()

    def set_kind(self, kind: str) -> None:
        """'concentration' (analyte units) or 'effect' (0..1)."""
        if kind not in KIND_LABELS:
            raise ValueError(kind)
        self.kind = kind
        self._set_axis_label()
        if self.data is not None:
            self._draw_curves()
            self.band.set_kind(kind)
            self._draw_what_if()
            self._range_changed()

    def set_scales(self, scales: Iterable[str]) -> None:
        self.checkins.set_scales(scales)
        self._cache_static()

    def set_what_if(self, data: TimelineData | None, label: str = "What if") -> None:
        self.what_if_data = data
        self.what_if_label = label
        self._draw_what_if()

    def set_x_range(self, left: float, right: float) -> None:
        """Show ``left``..``right`` (POSIX s), y fitted to it, in one view update."""
        self.plot.setRange(xRange=(left, right), yRange=(0.0, self._y_top(left, right)),
                           padding=0)
        self._apply_transforms()

    def x_range(self) -> tuple[float, float]:
        left, right = self.plot.getViewBox().viewRange()[0]
        return float(left), float(right)

    def describe(self, x: float) -> str:
        """The hover read-out at time ``x`` (POSIX seconds); moves the cursor line."""
        self.cursor_line.setPos(x)
        self.cursor_line.show()
        if self.data is None:
            return ""
        text = describe_moment(self.data, x)
        if band := self.band.describe(x):
            text += "  ·  " + band
        if self.what_if_data is not None and self.what_if_data.curves:
            values = [f"{c.analyte} {np.interp(x, c.x, getattr(c, self.kind)):.2f}"
                      for c in self.what_if_data.curves if c.x[0] <= x <= c.x[-1]]
            if values:
                text += "  ·  what-if " + ", ".join(values)
        return text

    def series_names(self) -> list[str]:
        """Every series currently in the legend (what a screen reader is told)."""
        return [label.text for _sample, label in self.legend.items]

    # --- layers -----------------------------------------------------------------------
    def _set_axis_label(self) -> None:
        empty = self.empty_text.isVisible() if hasattr(self, "empty_text") else False
        unit = "ng/mL" if self.kind == "concentration" and not empty else None
        self.plot.setLabel("left", KIND_LABELS[self.kind], units=unit,
                           color=self.theme.foreground)

    def _draw_curves(self) -> None:
        data = self.data
        self.lines.draw(data, self.kind, self.now)
        x, total = data.total(self.kind) if data else (np.empty(0), np.empty(0))
        marks = data.doses if data else None
        if marks is not None:
            y = np.interp(marks.x, x, total) if x.size else np.zeros_like(marks.x)
            self.doses.set_data(marks, y)

    def _draw_what_if(self) -> None:
        data = self.what_if_data
        self.lines.draw_what_if(data, self.kind, self.what_if_label)
        if data is None:
            self.what_if_rebound.set_windows(np.empty(0), np.empty(0))
        else:
            self.what_if_rebound.set_windows(data.rebound.starts, data.rebound.ends)
        listed = [s for s, _ in self.legend.items if s.item is self.what_if_rebound]
        wanted = data is not None and data.rebound.starts.size > 0
        if wanted and not listed:
            self.legend.addItem(BlockSample(self.what_if_rebound), WHAT_IF_REBOUND)
        elif listed and not wanted:
            self.legend.removeItem(self.what_if_rebound)
        self._range_changed()

    def _draw_now(self) -> None:
        data = self.data
        now = self.now  # None until the first set_data
        inside = (data is not None and now is not None
                  and data.start.timestamp() <= now < data.end.timestamp())
        self.now_line.setVisible(bool(inside))
        if inside:
            self.now_line.setValue(now)

    def _range_changed(self) -> None:
        left, right = self.x_range()
        self.lines.set_smooth(right - left <= SMOOTH_SPAN_S)
        self.checkins.set_view(left, right)
        self.doses.set_view(left, right)
        self._fit_y(left, right)
        self.windows.place_labels(left, right)
        self.lines.legend_rest_of_today(left, right)
        self._update_empty(left, right)
        self._cache_static()
        self._apply_transforms()

    def _apply_transforms(self) -> None:
        """Move the items to the new range now rather than when painting starts.

        pyqtgraph defers a ViewBox's transform to the start of the next paint; setting it
        there marks every item dirty again, so each pan or zoom step painted twice."""
        self.plot.getViewBox().updateMatrix()
        self.scales_view.updateMatrix()

    def _cache_static(self) -> None:
        """Keep the legend entries and axis titles as pixmaps: they do not move with the view,
        and re-laying out their text on every pan or zoom frame cost about a millisecond."""
        cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
        items = [part for sample, label in self.legend.items for part in (sample, label.item)]
        items += [self.plot.getAxis(n).label for n in ("left", "right")]
        for item in items:
            if item.cacheMode() != cached:
                item.setCacheMode(cached)

    def _y_top(self, left: float, right: float) -> float:
        """The top of y for the curves (what-if included) in view: a round number whose
        fifths are round too (the left grid meets the right-hand 0–10 ticks), so that
        similar days share one y axis, plus a little room for marks at the top."""
        return aligned_top(self._curve_max(left, right)) * HEADROOM

    def _curve_max(self, left: float, right: float) -> float:
        top = 0.0
        for curve in (self.data.curves if self.data else ()) + (
                self.what_if_data.curves if self.what_if_data else ()):
            lo, hi = np.searchsorted(curve.x, [left, right])
            values = getattr(curve, self.kind)[max(lo - 1, 0):hi + 1]
            top = max(top, float(values.max()) if values.size else 0.0)
        return top

    def _fit_y(self, left: float, right: float) -> None:
        top = self._y_top(left, right)
        if top != self._left_top:  # new ticks only when the top changes
            self._left_top = top
            self.plot.getAxis("left").setTicks(fifths_ticks(top / HEADROOM))
        current = self.plot.getViewBox().viewRange()[1][1]
        if abs(current - top) > 0.02 * top:  # a second view update only when it shows
            self.plot.setYRange(0.0, top, padding=0)

    def _update_empty(self, left: float, right: float) -> None:
        """An empty span explains what will appear instead of showing axes and a legend
        for series that are not there."""
        data = self.data
        empty = data is not None and self._curve_max(left, right) <= 0.0 and not (
            _any_between(data.doses.x, left, right) or _any_between(data.checkins.x, left,
                                                                    right))
        if empty != self.empty_text.isVisible():
            self.empty_text.setVisible(empty)
            self.legend.set_shown(not empty)
            for name in ("left", "right"):
                self.plot.getAxis(name).setStyle(showValues=not empty)
            self._set_axis_label()
        if empty:
            if self.empty_text.textItem.toPlainText() != EMPTY_TEXT:
                self.empty_text.setText(EMPTY_TEXT)
            self.empty_text.setPos((left + right) / 2, self._y_top(left, right) / 2)


def _prepare_plot(plot: pg.PlotItem, theme: ChartTheme) -> None:
    """Axes, style and mouse limits of the timeline's plot."""
    plot.setAxisItems({"left": SteadyAxisItem("left"), "right": SteadyAxisItem("right")})
    # Fixed widths: neither longer tick labels ("150" after "0.5") nor an empty day's
    # hidden values re-lay out the plot while stepping through days.
    plot.getAxis("left").setWidth(AXIS_WIDTHS[0])
    plot.getAxis("right").setWidth(AXIS_WIDTHS[1])
    style_plot(plot, theme)
    # No grid: measured on a five-year view, the axis grid cost more to paint than all the
    # data (benchmarks/charts.py); the ticks and the hover read-out give the values.
    plot.showGrid(x=False, y=False)
    # The hidden top axis follows x too; with its SI prefix on, it re-set its (empty)
    # label's HTML on every pan and zoom frame.
    plot.getAxis("top").enableAutoSIPrefix(False)
    plot.getViewBox().setMouseEnabled(x=True, y=False)
    # Zoomed in further, the date axis labels seconds ("00.250"): nothing is logged finer.
    plot.getViewBox().setLimits(minXRange=MIN_SPAN_S)


def _any_between(x: np.ndarray, left: float, right: float) -> bool:
    lo, hi = np.searchsorted(x, [left, right])
    return bool(hi > lo)


def draw_timeline(data: TimelineData, *, theme: ChartTheme | None = None,
                  plot: pg.PlotItem | None = None, kind: str = "concentration",
                  scales: Iterable[str] = DEFAULT_SCALES,
                  what_if: TimelineData | None = None, what_if_label: str = "What if",
                  now: datetime | None = None) -> TimelineChart:
    """Draw ``data`` on ``plot`` (a new date-axis PlotItem by default), spanning its period."""
    theme = theme or system_theme()
    plot = plot or new_plot(theme, dates=True)
    chart = TimelineChart(plot, theme)
    chart.set_kind(kind)
    chart.set_scales(scales)
    chart.set_data(data, now)
    if what_if is not None:
        chart.set_what_if(what_if, what_if_label)
    chart.set_x_range(data.start.timestamp(), data.end.timestamp())
    return chart
