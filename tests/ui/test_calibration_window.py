"""The Calibration window's own behaviour over a scripted calibration: progress reported from
the worker thread, the table and held-out words, the cap said after Accept, "not enough
data" showing what is missing instead of numbers, and a refused write changing nothing.

(The journeys in tests/journeys/test_calibration_journey.py run the real fit over a real
store; these pin what the window does with each kind of answer.)"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from rebound_tracker.domain.calibration import (
    ACCEPTED,
    FITTED,
    NOT_ENOUGH_DATA,
    PARAMETERS,
    AcceptedCalibration,
    CalibrationPlot,
    CalibrationResult,
    HeldOut,
    HoursEstimate,
    ObservedPoint,
    ParameterEstimate,
    PersonalTiming,
    UsualDose,
)
from rebound_tracker.domain.errors import StoreUnavailable
from rebound_tracker.report.charts.theme import DARK
from rebound_tracker.ui.calibration_window import CalibrationWindow

SUGGESTED = PersonalTiming("methylphenidate", time_scale=1.3, effect_delay_h=0.4)


def fitted_result() -> CalibrationResult:
    values = SUGGESTED.values()
    params = tuple(ParameterEstimate(
        p.name, p.label, p.unit, p.population, p.population, values[p.name],
        values[p.name] - 0.1 if p.learned else None,
        values[p.name] + 0.1 if p.learned else None, learned=p.learned) for p in PARAMETERS)
    return CalibrationResult(
        FITTED, "methylphenidate", "ritalin", UsualDose("ritalin", 10.0, time(8, 0)),
        date(2026, 1, 5), date(2026, 3, 29), 336, params,
        HoursEstimate(3.1, 4.0, 3.6, 4.5, current=3.1), HeldOut(3, 84, 1.62, 1.41),
        "Your check-ins fit a later wear-off than the population timing.",
        suggested=SUGGESTED, fitted_at=datetime(2026, 3, 30, 9, tzinfo=UTC))


def too_little() -> CalibrationResult:
    params = tuple(ParameterEstimate(p.name, p.label, p.unit, p.population, p.population,
                                     None, None, None) for p in PARAMETERS)
    return CalibrationResult(
        NOT_ENOUGH_DATA, "methylphenidate", "ritalin", None, date(2026, 3, 20),
        date(2026, 3, 29), 12, params, HoursEstimate(3.1, None, None, None),
        HeldOut(0, 0, None, None), "Not enough check-ins yet to calibrate.",
        missing=("at least 6 weeks of check-ins (you have 1)",
                 "at least 150 check-ins of focus after a morning dose (you have 12)"))


class ScriptedCalibration:
    """Answers as the engine would, calling ``progress`` from the worker thread."""

    def __init__(self, result: CalibrationResult) -> None:
        self.result = result
        self.accepted: list[AcceptedCalibration] = []
        self.progress_threads: set[str] = set()
        self.refuse: Exception | None = None

    def calibrate(self, first_day=None, last_day=None, *, progress=None):
        for fraction, phrase in ((0.3, "fitting"), (0.9, "validating")):
            self.progress_threads.add(threading.current_thread().name)
            progress(fraction, phrase)
        return self.result

    def plot(self, result, scale="focus"):
        return CalibrationPlot(scale, (0.0, 2.0, 4.0, 6.0), (5.0, 6.0, 5.0, 4.5),
                               (5.0, 6.2, 5.8, 4.6),
                               (ObservedPoint(1.0, scale, 6.0), ObservedPoint(5.0, scale, 4.0)),
                               3.1, 4.0)

    def accept(self, result):
        if self.refuse is not None:
            raise self.refuse
        row = AcceptedCalibration("c1", datetime(2026, 3, 30, 9, 5, tzinfo=UTC), ACCEPTED,
                                  replace(SUGGESTED, time_scale=1.2), "ritalin", 336,
                                  result.first_day, result.last_day, 1.62, 1.41,
                                  capped=("time_scale",))
        self.accepted.append(row)
        return row

    def keep(self, result):
        return self.current(result.family)

    def revert(self, family):
        raise AssertionError("not used here")

    def current(self, family=None):
        return self.accepted[-1] if self.accepted else None

    def history(self):
        return list(reversed(self.accepted))


def open_window(qtbot, service, *, plotted: bool = True) -> CalibrationWindow:
    """The window as the menu opens it; its first fit (queued to the UI thread) arrives
    only once the event loop runs, so waiting after construction cannot miss it."""
    window = CalibrationWindow(service, lambda medication_id: medication_id.capitalize())
    qtbot.addWidget(window)
    signals = [window.fitted, window.plotted] if plotted else [window.fitted]
    with qtbot.waitSignals(signals, timeout=5000):
        window.show()
    return window


def cells(model) -> list[list[str]]:
    return [[model.cell(r, c) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_a_suggestion_shows_table_check_and_plot_and_accept_says_the_cap(qtbot):
    service = ScriptedCalibration(fitted_result())
    window = open_window(qtbot, service)
    assert service.progress_threads and threading.main_thread().name not in \
        service.progress_threads  # progress came from the worker, the bar from the UI thread
    rows = cells(window.table_model)
    assert rows[0] == ["Wear-off starts (h after the usual dose)", "3.1 h", "3.1 h", "4.0 h",
                       "3.6 to 4.5 h"]
    assert rows[1][0] == "Effect time-scale (×)" and rows[1][3] == "×1.30"
    # The threshold is not learned from check-ins: said, not given an echo of its prior.
    assert rows[3] == ["Wear-off threshold (of peak)", "50% of peak", "50% of peak",
                       "50% of peak", "not learned from check-ins: the population value"]
    assert "1.620 points with the population timing, 1.410 with the personal" in \
        window.validation.text()
    assert "Ritalin 10 mg at 08:00" in window.dose_text.text()
    assert window.chart is not None and window.chart.personal is not None
    assert window.accept_button.isEnabled() and not window.revert_button.isEnabled()
    said = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "not medical advice" in said and "never suggests changing a dose" in said
    window.set_theme(DARK)  # the system switched to dark: the chart follows
    assert window.chart.plot.getAxis("bottom").textPen().color().name() == DARK.foreground
    with qtbot.waitSignal(window.changed):
        qtbot.mouseClick(window.accept_button, Qt.MouseButton.LeftButton)
    assert len(service.accepted) == 1
    assert "effect time-scale moved only part of the way" in window.status.text()
    assert cells(window.history_model)[0][1] == "Accepted"
    assert window.revert_button.isEnabled()


def test_not_enough_data_lists_what_is_missing_instead_of_numbers(qtbot):
    window = open_window(qtbot, ScriptedCalibration(too_little()), plotted=False)
    assert window.pages.currentIndex() == 1
    assert "at least 6 weeks of check-ins (you have 1)" in window.missing.text()
    assert window.reason.text() == "Not enough check-ins yet to calibrate."
    assert not window.accept_button.isEnabled() and not window.keep_button.isEnabled()
    assert window.history_empty.isVisibleTo(window)


def test_a_refused_write_changes_nothing_and_says_why(qtbot, monkeypatch):
    service = ScriptedCalibration(fitted_result())
    service.refuse = StoreUnavailable("busy")
    window = open_window(qtbot, service)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    qtbot.mouseClick(window.accept_button, Qt.MouseButton.LeftButton)
    assert not service.accepted
    assert warned and "another program" in warned[0]
    assert window.history_empty.isVisibleTo(window)
