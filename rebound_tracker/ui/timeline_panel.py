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
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.errors import ReboundError, ValidationError
from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.domain.timeparse import attach_local, day_bounds, local_now
from rebound_tracker.report.charts.date_axis import DateAxis
from rebound_tracker.report.charts.theme import ChartTheme, system_theme
from rebound_tracker.report.charts.timeline import DEFAULT_SCALES, TimelineChart
from rebound_tracker.services.day_raster import DayRaster, build_day_raster
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.timeline import (
    BAND_MAX_SPAN,
    TimelineData,
    TimelineService,
    WhatIfPlan,
)
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.day_raster_view import DayRasterView
from rebound_tracker.ui.feedback import describe, wrapping_label
from rebound_tracker.ui.what_if_bar import WhatIfBar

MONTH_DAYS = 30
RANGES = {"day": 1, "week": 7, "month": MONTH_DAYS, "all": None}
HOVER_HINT = ("Point at the chart to read the values at that time; click a dose or check-in "
              "to open it.")
PERSONAL_TIMING = "Personal timing, calibrated on"
"""How the model's assumptions begin the sentence of a calibration in force."""
RANGE_TEXT = {"day": "Day", "week": "Week", "month": "Month", "all": "All"}
RASTER_RANGES = ("month", "all")
X_PAD = 0.015
"""The day and week views reach this fraction of their span beyond each end, so that a dose
or check-in at 00:01 or 23:59 is drawn whole rather than cut by the edge."""
RASTER_HINT = "Point at a row to read that day; click it to open the day."


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
        self.regimen: tuple[RegimenDose, ...] = ()
        self._usual: WhatIfPlan | bool | None = False  # False: not worked out yet
        self._generation = 0
        self._loading_whole = False
        self._whole_history = False
        self.theme = system_theme()
        pg.setConfigOptions(antialias=True)
        self._today = self.day  # the date the clock last saw
        self.clock = QTimer(self, singleShot=True)
        self.clock.timeout.connect(self._tick)
        self._pan_timer = QTimer(self, singleShot=True, interval=150)
        self._pan_timer.timeout.connect(self._load_if_uncovered)
        self._cursor = None  # the mouse's last scene position over the chart
        self.readout = QLabel(HOVER_HINT)
        self.readout.setAccessibleName("Values at the cursor")
        self._make_chart()
        self.raster_view = DayRasterView(self.theme)
        self.raster_view.day_activated.connect(self.day_requested.emit)
        self.raster_view.hovered.connect(lambda text: self.readout.setText(text or RASTER_HINT))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.raster_view)
        self.status = QLabel()
        self.notice = wrapping_label("color: #D55E00")
        self.notice.setAccessibleName("Doses not drawn")
        self.notice.hide()
        self.calibration_note = wrapping_label("font-style: italic;")
        self.calibration_note.setAccessibleName("Personal timing")
        self.calibration_note.hide()
        self.what_if = WhatIfBar(medications)
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.readout)
        layout.addWidget(self.notice)
        layout.addWidget(self.calibration_note)
        layout.addWidget(self.what_if)
        self.what_if.changed.connect(self._update_what_if)
        # Switched on, it starts from the usual day, or a contrast to a day taken as usual.
        self.what_if.enabled.toggled.connect(self._what_if_switched)
        self.what_if.suggest_requested.connect(self._suggest)
        self._tick_at_next_minute()

    def _make_chart(self) -> None:
        self.plot = pg.PlotWidget(background=self.theme.background,
                                  axisItems={"bottom": DateAxis()})
        self.plot.setAccessibleName("Timeline: predicted curves with doses and check-ins")
        self.chart = TimelineChart(
            self.plot.getPlotItem(), self.theme,
            on_dose_click=lambda i: self.entry_activated.emit("dose", i),
            on_checkin_click=lambda i: self.entry_activated.emit("checkin", i))
        self._hover = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._mouse_moved)
        self.plot.getPlotItem().getViewBox().sigXRangeChanged.connect(self._pan_timer.start)
        self.plot.getPlotItem().getViewBox().sigXRangeChanged.connect(self._read_out)

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
        self._update_what_if()
        self.chart.set_x_range(*view)

    def _build_controls(self) -> None:
        self.controls = QHBoxLayout()
        self.range_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        for name, text in RANGE_TEXT.items():
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(f"Show {name if name != 'all' else 'all history'}")
            button.clicked.connect(lambda _=False, n=name: self.set_range(n))
            group.addButton(button)
            self.controls.addWidget(button)
            self.range_buttons[name] = button
        self.range_buttons["day"].setChecked(True)
        self.kind = QComboBox()
        self.kind.addItem("Concentration", "concentration")
        self.kind.addItem("Effect (0–1)", "effect")
        self.kind.setAccessibleName("Predicted curve shows")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.controls.addSpacing(12)
        self.kind_label = QLabel("Curve:")
        self.controls.addWidget(self.kind_label)
        self.controls.addWidget(self.kind)
        self.controls.addSpacing(12)
        self.raster_scale_label = QLabel("Colour check-ins by:")
        self.raster_scale = QComboBox()
        for scale in SCALES:
            self.raster_scale.addItem(scale.capitalize(), scale)
        self.raster_scale.setAccessibleName("Colour the raster's check-ins by")
        self.raster_scale.setCurrentIndex(SCALES.index(DEFAULT_SCALES[0]))
        self.raster_view.set_scale(DEFAULT_SCALES[0])
        self.raster_scale.currentIndexChanged.connect(
            lambda: self.raster_view.set_scale(self.raster_scale.currentData()))
        for widget in (self.raster_scale_label, self.raster_scale):
            widget.hide()  # shown with the raster (month and all history)
            self.controls.addWidget(widget)
        self.scale_boxes: dict[str, QCheckBox] = {}
        for scale in SCALES:
            box = QCheckBox(scale.capitalize())
            box.setChecked(scale in DEFAULT_SCALES)
            box.setAccessibleName(f"Show {scale} check-ins")
            box.toggled.connect(self._scales_changed)
            self.controls.addWidget(box)
            self.scale_boxes[scale] = box
        self.controls.addStretch(1)
        self.controls.addWidget(self.status)

    def _kind_changed(self) -> None:
        self.chart.set_kind(self.kind.currentData())
        if self.data is not None:
            self._show_calibration(self.data)

    # --- public -----------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        self.day = day
        self._show()
        if self.what_if.enabled.isChecked():
            self._suggest()
        else:
            self._preset_what_if()

    def set_range(self, name: str) -> None:
        self.range = name
        self.range_buttons[name].setChecked(True)
        self._show()
        self._update_what_if()

    def refresh(self) -> None:
        """The stored entries changed: reload what is shown."""
        self.data, self._whole_history, self._usual = None, False, False
        self._generation += 1  # a load still running read the store as it was
        self._loading_whole = False
        self._show()
        if not self.what_if.enabled.isChecked():
            self._preset_what_if()
        self._update_what_if()

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
    def _tick_at_next_minute(self) -> None:
        now = local_now()
        self.clock.start(max(50, 60_000 - (now.second * 1000 + now.microsecond // 1000)))

    def _tick(self) -> None:
        """Each minute the 'now' line moves; at midnight ``new_day`` (yesterday, today)
        is emitted and what was loaded (it ended with yesterday) is loaded again."""
        now = local_now()
        if now.date() != self._today:
            yesterday, self._today = self._today, now.date()
            self.refresh()
            self.new_day.emit(yesterday, self._today)
        elif self.data is not None:
            self.chart.set_now(now)
        self._tick_at_next_minute()

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
        for widget in (self.kind, self.kind_label, *self.scale_boxes.values()):
            widget.setVisible(not raster)
        for widget in (self.raster_scale_label, self.raster_scale):
            widget.setVisible(raster)
        # Before the window is first shown, hiding a widget does not tell its layout: the
        # row kept the hidden ones' width, and the window opened 75 px wider than asked.
        self.controls.invalidate()
        if raster:
            self.readout.setText(RASTER_HINT)
        else:
            self._read_out()  # the chart under a still cursor, or the hint
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
        self._read_out()
        self.notice.setText(" ".join(data.left_out))
        self.notice.setVisible(bool(data.left_out))
        self._show_calibration(data)
        self._describe()
        self._show_view()
        self.loaded.emit()
        self._load_band(data)

    def _load_band(self, data: TimelineData) -> None:
        """The personal calibration's band, computed off the UI thread after the curves
        are drawn (it re-runs the model per parameter draw); ``band_loaded`` when drawn."""
        def done(band) -> None:
            if self.data is data:  # nothing newer was drawn meanwhile
                self.data = replace(data, band=band)
                self.chart.data = self.data
                self.chart.band.set_data(band, self.kind.currentData())
                self._show_calibration(self.data)
                self._describe()
            self.band_loaded.emit()

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReboundError):
                raise error  # a defect: the window's error handler shows and logs it
            self.status.setText(f"Could not compute the band: {error}")

        run_in_background(lambda: self._timeline.band(data), done, failed, owner=self)

    def _show_calibration(self, data: TimelineData) -> None:
        """Say when the curves use a personal calibration (the band is its 95% range)."""
        caption = data.band.caption if data.band is not None else next(
            (a.split(":")[0].rstrip(".") for a in data.assumptions
             if a.startswith(PERSONAL_TIMING)), None)
        if caption is None:
            self.calibration_note.hide()
            return
        if data.band is None:
            where = (f"the 95% band is drawn for spans up to {BAND_MAX_SPAN.days} days"
                     if data.end - data.start > BAND_MAX_SPAN else "computing its 95% band…")
        elif self.kind.currentData() == "effect":
            where = ("the shaded band around the effect curve is its 95% range, the dotted "
                     "line the population timing; hatching marks where each window may start "
                     "or end")
        else:
            where = ("hatching marks where each window may start or end; Ctrl+E shows the "
                     "effect curve with its 95% band and the population timing")
        self.calibration_note.setText(f"{caption}: {where}.")
        self.calibration_note.show()

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

    # --- what-if, scales, hover -------------------------------------------------------
    def set_regimen(self, regimen: tuple[RegimenDose, ...]) -> None:
        """The usual regimen (Settings): the what-if starts from it on days not taken so."""
        if tuple(regimen) == self.regimen:
            return
        self.regimen, self._usual = tuple(regimen), False
        if not self.what_if.enabled.isChecked():
            self._preset_what_if()

    def _what_if_switched(self, on: bool) -> None:
        if on:
            self._suggest()

    def _suggest(self) -> None:
        plan = self._timeline.usual_what_if(self.day, self.regimen)
        if plan is not None:
            self.what_if.set_plan(plan)
        self._update_what_if()

    def _preset_what_if(self) -> None:
        """Start the what-if from the person's own medication, never the library's first;
        with no dose logged yet there is nothing to re-imagine, and the bar says so."""
        if self._usual is False:  # worked out once per change of the log, not per day step
            self._usual = self._timeline.usual_plan(self.day, self.regimen)
        plan = self._usual if isinstance(self._usual, WhatIfPlan) else None
        if plan is not None:
            plan = replace(plan, times=tuple(attach_local(datetime.combine(self.day, t.time()))
                                             for t in plan.times))
        self.what_if.setEnabled(plan is not None)
        self.what_if.setToolTip("" if plan is not None else
                                "Log a dose first (or set your usual regimen in Settings): "
                                "a what-if shows one of your own days with other doses or "
                                "times.")
        if plan is not None and not self.what_if.enabled.isChecked():
            self.what_if.set_plan(plan)

    def _update_what_if(self) -> None:
        self.what_if.show_error("")
        if not self.what_if.enabled.isChecked() or self.range != "day":
            self.chart.set_what_if(None)
            return
        try:
            plan = self.what_if.plan(self.day)
            data = self._timeline.what_if(self.day, plan)
        except ValidationError as error:
            self.what_if.show_error(describe(error, saving=False))
            self.chart.set_what_if(None)
            return
        name = self.what_if.medication.currentText().split(" (")[0]
        self.chart.set_what_if(data, plan.label(name))

    def _scales_changed(self) -> None:
        self.chart.set_scales(s for s, box in self.scale_boxes.items() if box.isChecked())
        self._describe()

    def _mouse_moved(self, event) -> None:
        self._cursor = event[0]
        self._read_out()

    def _read_out(self) -> None:
        """The values under the cursor; again when the chart moves under a still cursor
        (a day step, a range change, new data), so the line never describes another time."""
        if self.range in RASTER_RANGES:
            return  # the raster reads out its own rows (RASTER_HINT until pointed at)
        view = self.plot.getPlotItem().getViewBox()
        if (self._cursor is not None and self.plot.underMouse()
                and view.sceneBoundingRect().contains(self._cursor)):
            x = view.mapSceneToView(self._cursor).x()
            self.readout.setText(self.chart.describe(x))
        else:
            self.chart.cursor_line.hide()
            self.readout.setText(HOVER_HINT)
