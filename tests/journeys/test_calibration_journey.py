"""Journeys through Analysis ▸ Personal calibration on the real window over a real store:
a synthetic person (tests/calibration_people_store.py, the validation's people written into
the store) whose dose wears off later than the population's is offered a later wear-off,
accepts it (the database, the timeline and the PDF follow), reverts it; a person with too
little data is told what is missing; a defect inside the window's slots fails the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from calibration_people_store import LATER, SAME, write_person
from journeys_helpers import click, on_modal, press, press_button, trigger
from pypdf import PdfReader
from PySide6.QtCore import Qt

from rebound_tracker.domain.calibration import ACCEPTED, NOT_ENOUGH_DATA, REVERTED
from rebound_tracker.report.charts.personal_band import BAND_NAME, POPULATION_NAME
from rebound_tracker.ui import error_reporting
from rebound_tracker.ui.calibration_window import CalibrationWindow
from rebound_tracker.ui.shortcuts_help import ShortcutsHelp

FIT_TIMEOUT_MS = 60_000  # a generous bound for a loaded 2-core machine, not a speed claim


@pytest.fixture
def store(tmp_path):
    from rebound_tracker.gui import open_services_offering_restore

    opened = open_services_offering_restore(str(tmp_path / "data"), [])
    yield opened
    opened.close()


def open_calibration(qtbot, window, *, by_keyboard: bool = False) -> CalibrationWindow:
    """Open the window from the menu (or its shortcut) and wait for its first fit."""
    if by_keyboard:
        press(qtbot, window.history.table, Qt.Key.Key_C,
              Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    else:
        trigger(window, "Personal calibration")
    calibration = window.calibration_window
    assert isinstance(calibration, CalibrationWindow) and calibration.isVisible()
    if calibration.fit_result is None:
        qtbot.waitSignal(calibration.fitted, timeout=FIT_TIMEOUT_MS).wait()
    return calibration


def test_later_wear_off_is_offered_and_accepting_reaches_store_timeline_and_pdf(
        qtbot, host_window, store, tmp_path):
    write_person(store, LATER)  # their effect comes 1 h later than the population's
    last = date.today() - timedelta(days=1)
    window = host_window(store)
    calibration = open_calibration(qtbot, window, by_keyboard=True)
    result = calibration.fit_result
    assert result.offered, result.reason
    hours = result.wear_off_start_h
    assert hours.personal > hours.population + 0.3  # later, as this person is
    assert hours.low <= hours.personal <= hours.high
    row = [calibration.table_model.cell(0, c) for c in range(5)]
    assert row[3] == f"{hours.personal:.1f} h" and row[1] == f"{hours.population:.1f} h"
    assert "with the personal timing" in calibration.validation.text()
    if calibration.chart is None:
        qtbot.waitSignal(calibration.plotted, timeout=FIT_TIMEOUT_MS).wait()
    assert calibration.chart.personal is not None and len(calibration.chart.observed.data)
    assert store.calibration.current() is None  # nothing is ever automatic
    # The command line, over the same store, shows the same calibration.
    cli = subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir",
                          str(store.paths.data_dir), "calibrate", "--json"],
                         capture_output=True, text=True, check=True)
    printed = json.loads(cli.stdout)
    assert printed["status"] == result.status
    assert printed["wear_off_start_h"]["personal"] == pytest.approx(hours.personal, abs=1e-3)
    assert [p["personal"] for p in printed["parameters"]] == pytest.approx(
        [p.personal for p in result.parameters], abs=1e-4)

    with qtbot.waitSignal(calibration.changed):
        click(calibration.accept_button)
    assert "Accepted" in calibration.status.text()
    # What reached the database: a second, independent opening of the store sees it.
    from rebound_tracker.app import open_services

    other = open_services(str(store.paths.data_dir))
    try:
        (stored,) = other.calibration.history()
        assert stored.kind == ACCEPTED and stored.timing.time_scale > 1.0
        assert other.calibration.current().id == stored.id
    finally:
        other.close()
    assert calibration.history_model.rowCount() == 1

    # The timeline: the personal curve with its band, the population as a faint line.
    window.show_day(last)
    window.timeline.kind.setCurrentIndex(1)  # effect
    # The band is computed off the UI thread after the curves are drawn.
    qtbot.waitUntil(lambda: window.timeline.data.band is not None, timeout=FIT_TIMEOUT_MS)
    data = window.timeline.data
    assert "calibrated on" in data.band.caption
    chart = window.timeline.chart
    assert chart.band.shown()
    assert chart.plot.getAxis("left").autoSIPrefixScale == 1.0  # 0–1 reads 0–1, not ×0.001
    assert {BAND_NAME, POPULATION_NAME} <= set(chart.series_names())
    low, high, _fill = chart.band.fills[0]
    personal = data.curves[0].effect
    band = data.band.effects[0]
    assert np.array_equal(low.getOriginalDataset()[1], band.low)  # what is on screen
    assert np.array_equal(high.getOriginalDataset()[1], band.high)
    inside = (band.low - 1e-9 <= personal) & (personal <= band.high + 1e-9)
    assert inside.mean() > 0.99
    assert abs(band.population - personal).max() > 0.02  # the two timings differ
    assert window.timeline.calibration_note.isVisibleTo(window)
    peak = float(band.x[int(np.argmax(personal))])
    assert "95%" in chart.describe(peak) and "population timing" in chart.describe(peak)

    # Spans over 100 days get no band (it would re-run the model per draw for years).
    assert store.timeline.band(replace(data, start=data.end - timedelta(days=101))) is None

    # The window fitted again after Accept: "Current" is now the personal wear-off.
    qtbot.waitUntil(lambda: calibration.fit_result.wear_off_start_h.current != hours.population,
                    timeout=FIT_TIMEOUT_MS)
    now_in_force = calibration.fit_result.wear_off_start_h.current
    assert now_in_force > hours.population
    assert calibration.table_model.cell(0, 2) == f"{now_in_force:.1f} h"

    # The PDF's assumptions say it, read back from the file.
    from rebound_tracker.report.appointment_report import write_report

    pdf = tmp_path / "summary.pdf"
    write_report(store.report_data.collect(last - timedelta(days=27), last), pdf)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    words = " ".join(text.split())
    assert "Personal timing, calibrated on" in words  # the assumptions
    assert f"calibrated on {stored.at:%d %b %Y} from {stored.checkins} check-ins" in words
    assert f"×{stored.timing.time_scale:.2f}" in words  # the same value as the window's
    assert "not learned from check-ins" in words  # the threshold, as the window says


def test_revert_goes_back_to_population_and_keeps_the_history(qtbot, host_window, store):
    write_person(store, LATER)
    last = date.today() - timedelta(days=1)
    window = host_window(store)
    calibration = open_calibration(qtbot, window)
    with qtbot.waitSignal(calibration.changed):
        click(calibration.accept_button)
    assert calibration.revert_button.isEnabled()
    on_modal(press_button("Yes"))
    with qtbot.waitSignal(calibration.changed, timeout=10_000):
        click(calibration.revert_button)
    assert store.calibration.current() is None
    kinds = [row.kind for row in store.calibration.history()]
    assert kinds == [REVERTED, ACCEPTED]
    assert calibration.history_model.cell(0, 1) == "Reverted to population"
    calibration.close()
    with qtbot.waitSignal(calibration.fitted, timeout=FIT_TIMEOUT_MS):
        trigger(window, "Personal calibration")  # reopened: fitted again, old news gone
    assert window.calibration_window is calibration and calibration.status.text() == ""
    assert calibration.history_model.rowCount() == 2
    window.show_day(last)
    with qtbot.waitSignal(window.timeline.band_loaded, timeout=FIT_TIMEOUT_MS):
        window.timeline.refresh()
    assert window.timeline.data.band is None
    assert not window.timeline.chart.band.shown()
    assert not window.timeline.calibration_note.isVisibleTo(window)


def test_a_shorter_period_is_fitted_over_those_weeks_only(qtbot, host_window, store):
    write_person(store, LATER)
    window = host_window(store)
    calibration = open_calibration(qtbot, window)
    assert calibration.fit_result.first_day <= date.today() - timedelta(days=84)  # the log
    with qtbot.waitSignal(calibration.fitted, timeout=FIT_TIMEOUT_MS):
        calibration.period.setCurrentIndex(calibration.period.findText("Last 12 weeks"))
        calibration.period.activated.emit(calibration.period.currentIndex())
    assert calibration.fit_result.first_day == date.today() - timedelta(days=83)
    assert calibration.fit_result.last_day == date.today()


def test_too_little_data_says_what_is_missing(qtbot, host_window, store):
    write_person(store, SAME, weeks=2, per_day=(2, 2))
    window = host_window(store)
    calibration = open_calibration(qtbot, window)
    assert calibration.fit_result.status == NOT_ENOUGH_DATA
    assert calibration.pages.currentIndex() == 1
    assert calibration.fit_result.missing
    for missing in calibration.fit_result.missing:
        assert missing in calibration.missing.text()
    assert calibration.reason.text().startswith("Not enough data")
    assert not calibration.accept_button.isEnabled()
    assert store.calibration.history() == []


def test_the_shortcut_is_listed_in_the_shortcuts_help(qtbot, app_window):
    trigger(app_window, "Keyboard shortcuts")
    dialog = next(w for w in app_window.findChildren(ShortcutsHelp))
    rows = [[dialog.model.cell(r, c) for c in range(3)] for r in range(dialog.model.rowCount())]
    assert ["Analysis", "Personal calibration", "Ctrl+Shift+C"] in rows
    assert ["Help", "Keyboard shortcuts", "Ctrl+/"] in rows
    dialog.close()


def test_a_defect_in_the_window_reaches_the_error_handler(qtbot, host_window, store,
                                                          monkeypatch):
    """What makes these journeys fail on an exception inside a slot: pytest-qt fails the
    test, and the window's error handler shows it (which the host fixture fails on too)."""
    window = host_window(store)
    shown: list[str] = []
    monkeypatch.setattr(error_reporting.ErrorDialog, "exec",
                        lambda self: shown.append(self.details) or 0)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a defect in the fit")

    monkeypatch.setattr(store.calibration, "calibrate", broken)
    with qtbot.capture_exceptions() as raised:  # this test wants the exception
        # pytest-qt's hook is in front now: put the window's handler in front of it again.
        reporter = error_reporting.ErrorReporter(store.paths.data_dir / "logs",
                                                 lambda: window.startup).install()
        try:
            trigger(window, "Personal calibration")
            qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        finally:
            reporter.uninstall()
    assert [type(e[1]) for e in raised] == [RuntimeError]
    assert "a defect in the fit" in shown[0]
    assert window.calibration_window.fit_button.isEnabled()  # the person can try again
