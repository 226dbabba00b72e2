"""Analysis ▸ Personal calibration: the suggested personal timing against the current and
the population one, checked on held-out weeks, with Accept / Keep current / Revert to
population and the history of accepted calibrations.

The fit runs off the UI thread (``run_in_background``) with its progress shown; nothing is
ever accepted without the person's click, and "not enough data" lists what is missing
instead of numbers."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.calibration import (
    NOT_ENOUGH_DATA,
    AcceptedCalibration,
    CalibrationPlot,
    CalibrationResult,
)
from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.errors import ReboundError, StoreUnavailable
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.report import calibration_words as words
from rebound_tracker.report.charts.calibration_fit import CalibrationFitChart, draw_calibration_fit
from rebound_tracker.report.charts.theme import ChartTheme, system_theme
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.feedback import describe, wrapping_label
from rebound_tracker.ui.rows_model import RowsModel

PERIODS = (("All of the log", None), ("Last 12 weeks", 84), ("Last 26 weeks", 182),
           ("Last year", 365))


class _ProgressRelay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call to the UI thread."""

    moved = Signal(float, str)


class CalibrationWindow(QDialog):
    fitted = Signal(object)   # the CalibrationResult just shown (tests wait for it)
    plotted = Signal(object)  # the CalibrationPlot just drawn
    changed = Signal()        # a calibration was accepted or reverted: curves change

    def __init__(self, calibration, medication_name=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Personal calibration")
        self._calibration = calibration
        self._name = medication_name or (lambda medication_id: medication_id)
        self._generation = 0
        self.fit_result: CalibrationResult | None = None
        self.chart: CalibrationFitChart | None = None
        self.plot_data: CalibrationPlot | None = None
        self.theme = system_theme()
        self._relay = _ProgressRelay(self)
        self._relay.moved.connect(self._progress_moved)
        self._build()
        self.resize(1040, 800)
        self.reload_history()
        self.fit()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        intro = wrapping_label()
        intro.setText(words.INTRO)
        advice = wrapping_label("font-weight: 600;")
        advice.setText(words.NOT_ADVICE)
        advice.setAccessibleName("Not medical advice")
        self.period = QComboBox()
        for text, days in PERIODS:
            self.period.addItem(text, days)
        self.period.setAccessibleName("Fit on")
        self.fit_button = QPushButton("Fit again")
        self.fit_button.clicked.connect(self.fit)
        self.period.activated.connect(lambda _=0: self.fit())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Calibration progress")
        self.progress_text = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Fit on:"))
        controls.addWidget(self.period)
        controls.addWidget(self.fit_button)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.progress_text)
        self.dose_text = wrapping_label()
        self.reason = wrapping_label("font-size: 11pt; font-weight: 600;")
        self.reason.setAccessibleName("Calibration result")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._numbers_page())
        self.pages.addWidget(self._missing_page())
        self.status = wrapping_label()
        self.status.setAccessibleName("What happened")
        layout = QVBoxLayout(self)
        for part in (intro, advice):
            layout.addWidget(part)
        layout.addLayout(controls)
        layout.addWidget(self.dose_text)
        layout.addWidget(self.reason)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.status)
        layout.addWidget(self._history_box())

    def _numbers_page(self) -> QWidget:
        page = QWidget()
        self.table_model = RowsModel(words.TABLE_HEADERS, self)
        self.table = _table(self.table_model, "Personal timing parameters")
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.validation = wrapping_label()
        self.validation.setAccessibleName("Held-out check")
        self.scale = QComboBox()
        for scale in SCALES:
            self.scale.addItem(scale.capitalize(), scale)
        self.scale.setCurrentIndex(SCALES.index("focus"))  # the scale most dose-bound
        self.scale.setAccessibleName("Scale plotted")
        self.scale.activated.connect(lambda _=0: self._plot())
        self.plot = pg.PlotWidget(background=self.theme.background)
        self.plot.setAccessibleName("Check-ins against the population and personal "
                                    "predictions by hours since the usual morning dose")
        self.plot.setMinimumHeight(240)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Plot:"))
        chooser.addWidget(self.scale)
        chooser.addStretch(1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addWidget(self.validation)
        column.addLayout(chooser)
        column.addWidget(self.plot, 1)
        return page

    def _missing_page(self) -> QWidget:
        page = QWidget()
        self.missing = wrapping_label()
        self.missing.setAccessibleName("What is missing")
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        column = QVBoxLayout(page)
        column.addWidget(self.missing)
        column.addStretch(1)
        return page

    def _buttons(self) -> QHBoxLayout:
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Use the suggested personal timing for your curves "
                                      "and windows (one capped step)")
        self.keep_button = QPushButton("Keep current")
        self.keep_button.setToolTip("Change nothing")
        self.revert_button = QPushButton("Revert to population")
        self.revert_button.setToolTip("Go back to the population timing; the history stays")
        close = QPushButton("Close")
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.keep_button.clicked.connect(self.keep_current)
        self.revert_button.clicked.connect(self._ask_revert)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for button in (self.accept_button, self.keep_button, self.revert_button):
            button.setEnabled(False)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def _history_box(self) -> QGroupBox:
        box = QGroupBox("History of accepted calibrations")
        self.history_model = RowsModel(words.HISTORY_HEADERS, self)
        self.history_table = _table(self.history_model, "Calibration history")
        self.history_table.setWordWrap(False)  # one line a row; the tooltip has it all
        self.history_table.setMaximumHeight(130)
        self.history_empty = QLabel("None yet: every curve uses the population timing.")
        column = QVBoxLayout(box)
        column.addWidget(self.history_table)
        column.addWidget(self.history_empty)
        return box

    def reopen(self) -> None:
        """Shown again from the menu: what happened last time is old news, and the log may
        have changed since, so fit again."""
        self.status.clear()
        self.reload_history()
        self.fit()

    # --- fitting ---------------------------------------------------------------------------
    def period_days(self) -> tuple[date | None, date | None]:
        days = self.period.currentData()
        if days is None:
            return None, None
        today = local_now().date()
        return today - timedelta(days=days - 1), today

    def fit(self) -> None:
        """Fit over the chosen period, off the UI thread (a newer fit supersedes it)."""
        self._generation += 1
        generation = self._generation
        first, last = self.period_days()
        relay = self._relay
        self._busy(True)
        self._progress_moved(0.0, "reading the log")

        def work() -> CalibrationResult:
            return self._calibration.calibrate(
                first, last, progress=lambda f, phrase: relay.moved.emit(float(f), phrase))

        run_in_background(work, lambda r: self._fitted(generation, r),
                          lambda e: self._failed(generation, e), owner=self)

    def _progress_moved(self, fraction: float, phrase: str) -> None:
        self.progress.setValue(round(100 * max(0.0, min(1.0, fraction))))
        self.progress_text.setText(phrase.capitalize())

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress_text.setVisible(busy)
        self.fit_button.setEnabled(not busy)
        if busy:
            for button in (self.accept_button, self.keep_button):
                button.setEnabled(False)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._busy(False)
        if not isinstance(error, ReboundError):
            raise error  # a defect: the window's error handler shows and logs it
        self.reason.setText(f"Could not calibrate: {describe(error, saving=False)}")

    def _fitted(self, generation: int, result: CalibrationResult) -> None:
        if generation != self._generation:
            return
        self._busy(False)
        self.fit_result = result
        # "Not enough data …: a; b; c" — the list below says a, b and c one to a line.
        headline = (result.reason.split(":")[0].rstrip(".") + "." if result.missing
                    else result.reason)
        self.reason.setText(headline)
        self.dose_text.setText(words.usual_dose_text(result, self._name))
        enough = result.status != NOT_ENOUGH_DATA
        self.pages.setCurrentIndex(0 if enough else 1)
        if enough:
            self.table_model.set_rows(words.table_rows(result))
            self.table.resizeColumnsToContents()
            self.table.resizeRowsToContents()
            rows = sum(self.table.rowHeight(r) for r in range(self.table_model.rowCount()))
            self.table.setFixedHeight(rows + self.table.horizontalHeader().height() + 4)
            self.validation.setText(words.validation_text(result))
            self._plot()
        else:
            self.missing.setText("<p>No suggestion can be made yet. What is missing:</p><ul>"
                                 + "".join(f"<li>{escape(m)}</li>" for m in result.missing)
                                 + "</ul><p>Keep logging doses and check-ins; come back "
                                   "when these are there.</p>")
        self.accept_button.setEnabled(result.offered)
        self.keep_button.setEnabled(result.offered)
        self._update_revert()
        self.fitted.emit(result)

    def _plot(self) -> None:
        result = self.fit_result
        if result is None or result.status == NOT_ENOUGH_DATA:
            return
        scale = self.scale.currentData()
        generation = self._generation
        run_in_background(lambda: self._calibration.plot(result, scale),
                          lambda data: self._draw(generation, data),
                          lambda e: self._failed(generation, e), owner=self)

    def _draw(self, generation: int, data: CalibrationPlot) -> None:
        if generation != self._generation:
            return
        self.plot_data = data
        self.chart = draw_calibration_fit(data, plot=self.plot.getPlotItem(), theme=self.theme)
        self.plotted.emit(data)

    def set_theme(self, theme: ChartTheme) -> None:
        """The system switched between light and dark: redraw the chart in ``theme``."""
        self.theme = theme
        self.plot.setBackground(theme.background)
        if self.plot_data is not None:
            self.chart = draw_calibration_fit(self.plot_data, plot=self.plot.getPlotItem(),
                                              theme=theme)

    # --- the person's choices ---------------------------------------------------------------
    def accept_suggestion(self) -> AcceptedCalibration | None:
        if self.fit_result is None or not self.fit_result.offered:
            return None
        try:
            accepted = self._calibration.accept(self.fit_result)
        except ReboundError as error:
            self._refused(error)
            return None
        self.status.setText(words.accepted_text(accepted))
        self.accept_button.setEnabled(False)
        self.keep_button.setEnabled(False)
        self._after_change()
        return accepted

    def keep_current(self) -> None:
        """Writes nothing: the timing in force stays."""
        kept = self._calibration.keep(self.fit_result) if self.fit_result else None
        self.status.setText("Nothing changed: your curves keep "
                            + ("the population timing." if kept is None else
                               f"the timing accepted on {kept.at:%d %b %Y}."))
        self.accept_button.setEnabled(False)
        self.keep_button.setEnabled(False)

    def _ask_revert(self) -> None:
        answer = QMessageBox.question(
            self, "Revert to population timing?",
            "Your curves and windows go back to the population timing. Earlier calibrations "
            "stay in the history.", QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.revert()

    def revert(self) -> AcceptedCalibration | None:
        family = self._family()
        if family is None:
            return None
        try:
            reverted = self._calibration.revert(family)
        except ReboundError as error:
            self._refused(error)
            return None
        self.status.setText("Reverted: your curves use the population timing again.")
        self._after_change()
        return reverted

    def _after_change(self) -> None:
        self.reload_history()
        self._update_revert()
        self.changed.emit()
        self.fit()  # "current" in the table is what is now in force

    def _refused(self, error: ReboundError) -> None:
        text = (f"Nothing was changed: {error.advice}." if isinstance(error, StoreUnavailable)
                else describe(error, saving=False))
        self.status.setText(text)
        QMessageBox.warning(self, "Nothing was changed", text)

    # --- history ---------------------------------------------------------------------------
    def _family(self) -> str | None:
        if self.fit_result is not None and self.fit_result.family:
            return self.fit_result.family
        current = self._calibration.current()
        return current.timing.family if current is not None else None

    def _update_revert(self) -> None:
        family = self._family()
        self.revert_button.setEnabled(
            family is not None and self._calibration.current(family) is not None)

    def reload_history(self) -> None:
        rows = [words.history_row(a) for a in self._calibration.history()]
        self.history_model.set_rows(rows)
        self.history_table.resizeRowsToContents()
        self.history_table.setVisible(bool(rows))
        self.history_empty.setVisible(not rows)


def _table(model: RowsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table

