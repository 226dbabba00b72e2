"""Month and all history as the day-by-hour raster in the assembled window: switching to
it from the menu, reading it, and clicking a row to open that day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from journeys_helpers import click, trigger
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from rebound_tracker.domain.timeparse import day_bounds

RECENT_DAYS = 20  # within the demo history and the month's rows

def _row_point(window, row: int, hour: float):
    """The viewport pixel of ``hour`` on ``row`` of the raster (once laid out)."""
    QApplication.processEvents()
    view = window.timeline.raster_view
    scene = view.chart.plot.getViewBox().mapViewToScene(QPointF(hour, row + 0.5))
    return view.plot.mapFromScene(scene)


def _doses_on(services, day: date):
    return services.doses.list(*day_bounds(day))


def test_month_shows_a_row_per_day_and_a_click_opens_that_day(qtbot, app_window,
                                                              demo_services):
    trigger(app_window, "Timeline: month")
    timeline = app_window.timeline
    assert timeline.stack.currentWidget() is timeline.raster_view
    assert not timeline.kind.isVisible() and timeline.raster_scale.isVisible()
    chart = timeline.raster_view.chart
    # the month shows at once; the rest of the history follows, to scroll up through
    qtbot.waitUntil(timeline._has_everything, timeout=10000)
    raster = chart.raster
    first = min(d.taken.local.date() for d in demo_services.doses.list(None, None))
    assert raster.first_day <= first
    today = date.today()
    top, bottom = chart.row_range()
    assert raster.day_of(int(bottom) - 1) == today
    assert int(bottom) - round(top) == min(30, raster.days)
    # every logged dose of the shown days is a tick on its day's row, at its clock time
    day = next(today - timedelta(days=i) for i in range(1, RECENT_DAYS)
               if _doses_on(demo_services, today - timedelta(days=i)))
    logged = _doses_on(demo_services, day)
    row = raster.row_of(day)
    ticks = np.sort(raster.dose_hour[raster.dose_row == row])
    expected = sorted(d.taken.local.hour + d.taken.local.minute / 60 for d in logged)
    np.testing.assert_allclose(ticks, expected, atol=1 / 60)
    assert chart.doses.count_in_rows(row, row + 1) == len(logged)
    # the read-out under the cursor names the day
    qtbot.mouseMove(timeline.raster_view.plot.viewport(), _row_point(app_window, row, 12.0))
    qtbot.waitUntil(lambda: f"{day:%a %d %b %Y}" in timeline.readout.text())

    QTest.mouseClick(timeline.raster_view.plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=_row_point(app_window, row, 12.0))
    qtbot.waitUntil(lambda: timeline.range == "day")
    assert app_window.day == day
    assert timeline.stack.currentWidget() is timeline.plot
    assert app_window.date_edit.date().toPython() == day
    shown = {r.entry.id for r in app_window.history.model.rows}
    assert {d.id for d in logged} <= shown
    assert timeline.chart.doses.marks_in_view()  # the day's doses on the curve chart


def test_all_history_is_loaded_and_drawn_as_one_raster(qtbot, app_window, demo_services):
    timeline = app_window.timeline
    with qtbot.waitSignal(timeline.loaded, timeout=10000):
        click(timeline.range_buttons["all"])
    raster = timeline.raster_view.chart.raster
    first = min(d.taken.local.date() for d in demo_services.doses.list(None, None))
    assert raster.first_day <= first
    assert raster.day_of(raster.days - 1) == date.today()
    top, bottom = timeline.raster_view.chart.row_range()
    assert round(top) == 0 and int(bottom) == raster.days
    assert raster.dose_row.size == demo_services.doses.count()
    assert raster.checkin_row.size == demo_services.checkins.count()
    assert raster.weekend.sum() == sum(
        (raster.first_day + timedelta(days=i)).weekday() >= 5 for i in range(raster.days))


def test_check_ins_are_coloured_by_the_chosen_scale(qtbot, app_window):
    trigger(app_window, "Timeline: month")
    timeline = app_window.timeline
    chart = timeline.raster_view.chart
    assert "Focus check-in" in " ".join(chart.series_names())
    timeline.raster_scale.setCurrentIndex(timeline.raster_scale.findData("irritability"))
    names = " ".join(chart.series_names())
    assert "Irritability check-in: 10 … 0 (worse → better)" in names
    answered = np.isfinite(chart.raster.checkin_values["irritability"]).sum()
    assert chart.checkins.x.size == answered
    # back to a day: the curve chart and its controls return
    trigger(app_window, "Timeline: day")
    assert timeline.stack.currentWidget() is timeline.plot and timeline.kind.isVisible()


def test_the_clock_runs_on_under_the_raster_and_the_month_follows_midnight(
        qtbot, app_window, monkeypatch):
    import rebound_tracker.ui.timeline_panel as timeline_panel
    from rebound_tracker.domain.timeparse import local_now

    trigger(app_window, "Timeline: month")
    timeline = app_window.timeline
    qtbot.waitUntil(timeline._has_everything, timeout=10000)
    chart = timeline.raster_view.chart
    today = date.today()
    row = chart.raster.row_of(today - timedelta(days=3))
    qtbot.mouseMove(timeline.raster_view.plot.viewport(), _row_point(app_window, row, 12.0))
    pointed = f"{today - timedelta(days=3):%a %d %b %Y}"
    qtbot.waitUntil(lambda: pointed in timeline.readout.text())
    # a minute passes: the now line moves, the raster's read-out is left alone
    a_minute_on = local_now() + timedelta(minutes=1)
    monkeypatch.setattr(timeline_panel, "local_now", lambda: a_minute_on)
    timeline.clock.timeout.emit()
    assert timeline.chart.now == a_minute_on.timestamp()
    assert pointed in timeline.readout.text()
    assert timeline.stack.currentWidget() is timeline.raster_view
    # midnight: the month moves on to end with the new today, still as the raster
    after_midnight = local_now().replace(hour=0, minute=1) + timedelta(days=1)
    monkeypatch.setattr(timeline_panel, "local_now", lambda: after_midnight)
    timeline.clock.timeout.emit()
    tomorrow = today + timedelta(days=1)
    qtbot.waitUntil(lambda: app_window.day == tomorrow, timeout=3000)
    qtbot.waitUntil(timeline._has_everything, timeout=10000)
    assert timeline.range == "month" and timeline.stack.currentWidget() is timeline.raster_view
    _top, bottom = timeline.raster_view.chart.row_range()
    assert timeline.raster_view.chart.raster.day_of(int(bottom) - 1) == tomorrow
