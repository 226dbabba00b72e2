"""Logging, editing and undoing entries in the assembled window, checked in the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from journeys_helpers import click, dose_row, on_modal, press, select_row
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QPushButton

from rebound_tracker.domain.timeparse import attach_local

FRIDAY = date.today() - timedelta(days=(date.today().weekday() - 4) % 7 or 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day, hour, minute))


def _logged_friday(services):
    return services.doses.add("concerta", 36, at(FRIDAY, 12, 15), fed=True,
                              note="long meeting")


def _edit_note(dialog, text: str) -> None:
    assert not [b for b in dialog.findChildren(QPushButton) if b.text().endswith("mg now")], \
        "the edit dialog carries one-click log buttons"
    form = dialog.form
    assert form.mg.isVisible() and form.note.isVisible()
    form.note.selectAll()
    form.note.insert(text)
    click(form.submit)


def test_editing_a_dose_from_the_list_changes_only_that_dose(qtbot, app_window, demo_services):
    dose = _logged_friday(demo_services)
    count = demo_services.doses.count()
    app_window.show_day(FRIDAY)
    select_row(app_window, dose.id)
    driver = on_modal(lambda d: _edit_note(d, "long meeting, ran late"))
    press(qtbot, app_window.history.table, Qt.Key.Key_Return)
    assert driver.dialog is not None and driver.dialog.windowTitle() == "Edit dose"
    stored = demo_services.doses.get(dose.id)
    assert (stored.medication_id, stored.mg, stored.fed, stored.taken) == (
        "concerta", 36.0, True, dose.taken)
    assert stored.note == "long meeting, ran late"
    assert demo_services.doses.count() == count
    assert app_window.undo_stack.undoText() == "edit Concerta 36 mg"


def test_editing_a_dose_from_the_chart_changes_only_that_dose(qtbot, app_window,
                                                              demo_services):
    dose = _logged_friday(demo_services)
    app_window.show_day(FRIDAY)
    chart = app_window.timeline.chart
    qtbot.waitUntil(lambda: dose.id in [i for _x, _y, i in chart.doses.marks_in_view()])
    (point,) = [QPointF(x, y) for x, y, i in chart.doses.marks_in_view() if i == dose.id]
    position = app_window.timeline.plot.mapFromScene(
        chart.plot.getViewBox().mapViewToScene(point))
    driver = on_modal(lambda d: _edit_note(d, "moved"))
    qtbot.mouseClick(app_window.timeline.plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=position)
    qtbot.waitUntil(lambda: driver.dialog is not None and not driver.dialog.isVisible())
    stored = demo_services.doses.get(dose.id)
    assert (stored.medication_id, stored.mg, stored.taken, stored.note) == (
        "concerta", 36.0, dose.taken, "moved")


def test_ctrl_z_right_after_logging_with_enter_undoes_the_log(qtbot, app_window,
                                                              demo_services):
    form = app_window.dose_form
    count = demo_services.doses.count()
    qtbot.keyClicks(form.medication.lineEdit(), "Ritalin")
    form.mg.clear()
    qtbot.keyClicks(form.mg, "10")
    press(qtbot, form.mg, Qt.Key.Key_Return)
    assert demo_services.doses.count() == count + 1
    press(qtbot, app_window.focusWidget() or form.mg, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier)
    assert demo_services.doses.count() == count
    assert app_window.undo_stack.redoText().startswith("log Ritalin 10 mg")


def test_ctrl_e_switches_the_curve_while_typing(qtbot, app_window):
    kind = app_window.timeline.kind
    before = kind.currentIndex()
    app_window.dose_form.mg.setFocus()
    press(qtbot, app_window.dose_form.mg, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert kind.currentIndex() == 1 - before


def test_checkin_error_names_the_field_in_words(qtbot, app_window, demo_services):
    form = app_window.checkin_form
    count = demo_services.checkins.count()
    click(form.submit)
    assert demo_services.checkins.count() == count
    assert "nothing is not accepted" not in form.error.text()
    assert "Mood" in form.error.text()


def test_same_minute_doses_have_labels_that_do_not_overlap(qtbot, app_window, demo_services):
    day = date.today() - timedelta(days=40)
    for med, mg in (("concerta", 36), ("methylphenidate-ir", 10)):
        demo_services.doses.add(med, mg, at(day, 8, 0))
    app_window.show_day(day)
    labels = app_window.timeline.chart.doses.label_rects()
    assert len(labels) == 2
    assert not labels[0].intersects(labels[1])


def test_a_dose_row_reads_as_logged(app_window, demo_services):
    dose = _logged_friday(demo_services)
    app_window.show_day(FRIDAY)
    assert "Concerta 36 mg, with food" in dose_row(app_window, dose.id)
