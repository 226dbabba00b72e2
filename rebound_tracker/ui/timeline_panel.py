"""The timeline: a day or a week against the model; a month or the whole history as the
day-by-hour raster (one row per day), where a click on a row opens that day.

Short spans are loaded at once (a few milliseconds); the whole history, and anything
panned to outside what is loaded, is loaded off the UI thread. Panning and zooming only
move the view over data already drawn, so they never wait for the database or the model.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.domain.timeparse import day_bounds, local_now
from rebound_tracker.report.charts.date_axis import DateAxis
from rebound_tracker.report.charts.theme import ChartTheme, system_theme
from rebound_tracker.report.charts.timeline import DEFAULT_SCALES, TimelineChart
from rebound_tracker.services.day_raster import DayRaster, build_day_raster
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.timeline import TimelineData, TimelineService
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.cursor_readout import HOVER_HINT, RASTER_HINT, CursorReadout
from rebound_tracker.ui.day_raster_view import DayRasterView
from rebound_tracker.ui.feedback import wrapping_label
from rebound_tracker.ui.minute_clock import MinuteClock
from rebound_tracker.ui.timeline_band import PERSONAL_TIMING, BandController
from rebound_tracker.ui.timeline_controls import RANGE_TEXT, TimelineControls
from rebound_tracker.ui.timeline_what_if import WhatIfController

__all__ = [
    "HOVER_HINT",
    "PERSONAL_TIMING",
    "RANGES",
    "RANGE_TEXT",
    "RASTER_HINT",
    "X_PAD",
    "TimelinePanel",
]

MONTH_DAYS = 30
RANGES = {"day": 1, "week": 7, "month": MONTH_DAYS, "all": None}
RASTER_RANGES = ("month", "all")
X_PAD = 0.015
"""The day and week views reach this fraction of their span beyond each end, so that a dose
or check-in at 00:01 or 23:59 is drawn whole rather than cut by the edge."""


class TimelinePanel(QWidget):
    """Owns a pyqtgraph PlotWidget and a TimelineChart; pyqtgraph stays inside."""

    entry_activated = Signal(str, str)  # "dose" | "checkin", entry id
    loaded = Signal()  # new data is drawn (tests wait for it after a background load)
    day_requested = Signal(object)  # a raster row was clicked: show that day (a date)
    new_day = Signal(object, object)  # the clock passed midnight: (yesterday, today)
    band_loaded = Signal()  # the calibration band for the data drawn was computed

    def __init__(self, timeline: TimelineService, medications: MedicationService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self.day: date = local_now().date()
        self.range = "day"
        self.data: TimelineData | None = None
        self.raster: DayRaster | None = None
        self._generation = 0
        self._loading_whole = False
        self._whole_history = False
        self.theme = system_theme()
        pg.setConfigOptions(antialias=True)
        self.clock = MinuteClock(self, lambda: local_now())  # read when called: one clock
        self.clock.minute.connect(self._minute)
        self.clock.new_day.connect(self._new_day)
        self._pan_timer = QTimer(self, singleShot=True, interval=150)
        self._pan_timer.timeout.connect(self._load_if_uncovered)
        self.readout = CursorReadout(lambda: self.range in RASTER_RANGES)
        self._make_chart()
        self.raster_view = DayRasterView(self.theme)
        self.raster_view.day_activated.connect(self.day_requested.emit)
        self.raster_view.hovered.connect(lambda text: self.readout.setText(text or RASTER_HINT))
        self.raster_view.set_scale(DEFAULT_SCALES[0])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.raster_view)
        self.notice = wrapping_label("color: #D55E00")
        self.notice.setAccessibleName("Doses not drawn")
        self.notice.hide()
        self.bands = BandController(timeline, self)
        self.bands.loaded.connect(self.band_loaded.emit)
        self.calibration_note = self.bands.note
        self.what_ifs = WhatIfController(
            timeline, medications, lambda: (self.day, self.range),
            lambda data, label: self.chart.set_what_if(data, label))
        self.what_if = self.what_ifs.bar
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.controls)
        layout.addWidget(self.stack, 1)
        for part in (self.readout, self.notice, self.calibration_note, self.what_if):
            layout.addWidget(part)

    def _make_chart(self) -> None:
        self.plot = pg.PlotWidget(background=self.theme.background,
                                  axisItems={"bottom": DateAxis()})
        self.plot.setAccessibleName("Timeline: predicted curves with doses and check-ins")
        self.chart = TimelineChart(
            self.plot.getPlotItem(), self.theme,
            on_dose_click=lambda i: self.entry_activated.emit("dose", i),
            on_checkin_click=lambda i: self.entry_activated.emit("checkin", i))
        self.plot.getPlotItem().getViewBox().sigXRangeChanged.connect(self._pan_timer.start)
        self.readout.attach(self.plot, self.chart)

    def set_theme(self, theme: ChartTheme) -> None:
        """Redraw everything in ``theme`` (the system switched between light and dark)."""
        if theme == self.theme:
            return
        self.theme = theme
        old, view = self.plot, self.chart.x_range()
        self._make_chart()
        self.stack.insertWidget(0, self.plot)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.raster_view.set_theme(theme)
        self._show_view()
        self.chart.set_kind(self.kind.currentData())
        self._scales_changed()
        if self.data is not None:
            self.chart.set_data(self.data, local_now())
        self.what_ifs.update()
        self.chart.set_x_range(*view)

    def _build_controls(self) -> None:
        self.controls = TimelineControls(self.set_range, self._kind_changed,
                                         self._scales_changed, self.raster_view.set_scale)
        self.range_buttons = self.controls.range_buttons
        self.kind = self.controls.kind
        self.raster_scale = self.controls.raster_scale
        self.scale_boxes = self.controls.scale_boxes
        self.status = self.controls.status

    def _kind_changed(self) -> None:
        self.chart.set_kind(self.kind.currentData())
        if self.data is not None:
            self.bands.show_note(self.data, self.kind.currentData())

    # --- public -----------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        self.day = day
        self._show()
        self.what_ifs.day_changed()

    def set_range(self, name: str) -> None:
        self.range = name
        self.range_buttons[name].setChecked(True)
        self._show()
        self.what_ifs.update()

    def refresh(self) -> None:
        """The stored entries changed: reload what is shown."""
        self.data, self._whole_history = None, False
        self.what_ifs.forget()
        self._generation += 1  # a load still running read the store as it was
        self._loading_whole = False
        self._show()
        if not self.what_if.enabled.isChecked():
            self.what_ifs.preset()
        self.what_ifs.update()

    def toggle_scale(self, scale: str) -> None:
        box = self.scale_boxes[scale]
        box.setChecked(not box.isChecked())

    def span(self) -> tuple[datetime, datetime]:
        """The period the current range shows, ending with the shown day."""
        start, end = day_bounds(self.day)
        days = RANGES[self.range]
        if days is None:
            return (self.data.start if self.data else start - timedelta(days=365)), end
        return day_bounds(self.day - timedelta(days=days - 1))[0], end

    # --- the clock ----------------------------------------------------------------------
    def _minute(self, now: datetime) -> None:
        """Each minute the 'now' line moves."""
        if self.data is not None:
            self.chart.set_now(now)

    def _new_day(self, yesterday: date, today: date) -> None:
        """At midnight what was loaded (it ended with yesterday) is loaded again, then
        ``new_day`` (yesterday, today) is emitted."""
        self.refresh()
        self.new_day.emit(yesterday, today)

    # --- loading ------------------------------------------------------------------------
    def _show(self) -> None:
        start, end = self.span()
        if self.range == "all" and (self.data is None or not self._has_everything()):
            self._load_in_background(None, max(end, day_bounds(local_now().date())[1]))
        elif self.data is None or not self.data.covers(start, end):
            days = RANGES[self.range] or 30
            margin = timedelta(days=days)
            today_end = day_bounds(local_now().date())[1]
            load_end = min(end + margin, max(end, today_end))  # the future: rest of today
            self._apply(self._timeline.load(start - margin, load_end), whole=False)
        pad = (end - start).total_seconds() * X_PAD
        self.chart.set_x_range(start.timestamp() - pad, end.timestamp() + pad)
        self._show_view()

    def _show_view(self) -> None:
        """The curve chart for a day or a week, the raster for a month or all history."""
        raster = self.range in RASTER_RANGES
        self.stack.setCurrentWidget(self.raster_view if raster else self.plot)
        self.controls.show_raster(raster)
        if raster:
            self.readout.setText(RASTER_HINT)
        else:
            self.readout.read_out()  # the chart under a still cursor, or the hint
        self.what_if.setVisible(not raster)  # a what-if re-imagines one day
        if not raster or self.data is None:
            return
        if not self._has_everything() and not self._loading_whole:
            # The month's rows come at once; the rest of the history (to scroll up through)
            # follows from a background load.
            self._load_in_background(None, max(self.span()[1],
                                               day_bounds(local_now().date())[1]))
        if self.raster is None:
            self.raster = build_day_raster(self.data)
        self.raster_view.set_raster(self.raster)
        first = (self.day - timedelta(days=MONTH_DAYS - 1) if self.range == "month"
                 else self.raster.first_day)
        self.raster_view.show_days(first, self.day)

    def _has_everything(self) -> bool:
        return self.data is not None and self._whole_history

    def _load_in_background(self, start: datetime | None, end: datetime) -> None:
        self._generation += 1
        generation = self._generation
        self.status.setText("Loading…")
        whole = start is None
        self._loading_whole = whole

        def load() -> tuple[TimelineData, DayRaster | None]:
            data = self._timeline.load(start, end)
            return data, build_day_raster(data) if whole else None  # both off the UI thread

        def done(result: tuple[TimelineData, DayRaster | None]) -> None:
            if generation == self._generation:
                self._loading_whole = False
                self._apply(result[0], whole=whole, raster=result[1])
                if whole:
                    self.chart.set_x_range(*(t.timestamp() for t in self.span()))

        def failed(error: BaseException) -> None:
            self._loading_whole = False
            self.status.setText(f"Could not load: {error}")

        run_in_background(load, done, failed, owner=self)

    def _apply(self, data: TimelineData, *, whole: bool, raster: DayRaster | None = None
               ) -> None:
        self.data, self._whole_history, self.raster = data, whole, raster
        self.chart.set_data(data, local_now())
        self.status.setText("")
        self.readout.read_out()
        self.notice.setText(" ".join(data.left_out))
        self.notice.setVisible(bool(data.left_out))
        self.bands.show_note(data, self.kind.currentData())
        self._describe()
        self._show_view()
        self.loaded.emit()
        self.bands.load(data, lambda drawn: self.data is drawn, self._show_band,
                        self.status.setText)

    def _show_band(self, band) -> None:
        """The band for the data drawn has been computed: draw it and say so."""
        assert self.data is not None
        self.data = replace(self.data, band=band)
        self.chart.data = self.data
        self.chart.band.set_data(band, self.kind.currentData())
        self.bands.show_note(self.data, self.kind.currentData())
        self._describe()

    def _describe(self) -> None:
        """Tell assistive technology which series the chart shows (the legend, in words)."""
        self.plot.setAccessibleDescription(
            "Series: " + "; ".join(self.chart.series_names()) + ". Drag to pan, scroll to "
            "zoom; Ctrl+1 to Ctrl+4 choose the range, Alt+Left and Alt+Right step a day, "
            "Alt+1 to Alt+6 toggle check-in scales, Ctrl+E switches concentration/effect.")

    def _load_if_uncovered(self) -> None:
        if self.data is None or self._has_everything():
            return
        left, right = self.chart.x_range()
        pad = (right - left) * X_PAD / (1 + 2 * X_PAD)  # the margin drawn beyond the span
        left, right = left + pad, right - pad
        start = datetime.fromtimestamp(left).astimezone()
        end = datetime.fromtimestamp(right).astimezone()
        if not self.data.covers(start, end):
            width = end - start
            self._load_in_background(start - width, end + width)

    # --- what-if, scales ---------------------------------------------------------------
    def set_regimen(self, regimen: tuple[RegimenDose, ...]) -> None:
        """The usual regimen (Settings): the what-if starts from it on days not taken so."""
        self.what_ifs.set_regimen(regimen)

    def _scales_changed(self) -> None:
        self.chart.set_scales(s for s, box in self.scale_boxes.items() if box.isChecked())
        self._describe()
