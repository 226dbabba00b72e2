"""Drive the main window as a person would; check the database and the plot's data items."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.ui.entry_dialog import EntryDialog

YESTERDAY = date.today() - timedelta(days=1)


def at(hour: int, minute: int = 0, day: date = YESTERDAY) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day, hour, minute))


def type_dose(qtbot, window, med: str, mg: str, when: datetime) -> None:
    form = window.dose_form
    form.medication.lineEdit().clear()
    qtbot.keyClicks(form.medication.lineEdit(), med)
    form.mg.clear()
    qtbot.keyClicks(form.mg, mg)
    form.time.set_moment(when)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)


def test_typed_dose_reaches_the_database_and_the_plot(qtbot, window, services):
    type_dose(qtbot, window, "Concerta", "36", at(7, 30))
    (dose,) = services.doses.list()
    assert (dose.medication_id, dose.mg) == ("concerta", 36.0)
    assert dose.taken.local.replace(tzinfo=None) == datetime.combine(YESTERDAY, at(7, 30).time())
    chart = window.timeline.chart
    assert window.day == YESTERDAY  # the window jumps to the day the dose was logged for
    curve = chart.curves["methylphenidate"]
    x, y = curve.getData()
    assert y.max() > 1.0  # ng/mL
    peak_hour = datetime.fromtimestamp(x[int(np.argmax(y))]).hour
    assert 9 <= peak_hour <= 16
    (marker,) = chart.doses.marks_in_view()
    assert marker[2] == dose.id and marker[0] == dose.taken.instant.timestamp()
    assert chart.wear_off.windows(), "a Concerta morning dose wears off within the day"
    assert window.history.model.rowCount() == 1


@pytest.mark.parametrize(("med", "mg", "message"), [
    ("Concerta", "0", "Mg: “0” is not accepted"),
    ("Concerta", "-5", "Mg: “-5” is not accepted"),
    ("Concerta", "", "Mg is needed"),
    ("Fooberin", "10", "Medication: “Fooberin” is not accepted"),
])
def test_bad_dose_input_is_explained_and_nothing_saved(qtbot, window, services, med, mg, message):
    type_dose(qtbot, window, med, mg, at(8))
    assert window.dose_form.error.isVisible()
    assert message in window.dose_form.error.text()
    assert services.doses.count() == 0
    assert not window.timeline.chart.curves


def test_finds_medication_by_brand_alias(qtbot, window, services):
    type_dose(qtbot, window, "elvanse", "30", at(7))
    (dose,) = services.doses.list()
    assert dose.medication_id == "vyvanse"


@pytest.mark.parametrize(("answer", "stored"), [
    (QMessageBox.StandardButton.Cancel, 0), (QMessageBox.StandardButton.Save, 1)])
def test_dose_above_label_maximum_asks_first(qtbot, window, services, monkeypatch,
                                             answer, stored):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    type_dose(qtbot, window, "Concerta", "400", at(8))
    assert asked and "above the label maximum" in asked[0]
    assert services.doses.count() == stored


def test_checkin_from_the_keyboard(qtbot, window, services):
    form = window.checkin_form
    form.time.set_moment(at(15, 10))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form.scales["mood"].setFocus()
    for name, value in (("mood", "6"), ("focus", "4"), ("irritability", "7")):
        box = form.scales[name]
        qtbot.waitUntil(box.hasFocus)
        qtbot.keyClicks(box, value)
        qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.keyClick(form.scales["fatigue"], Qt.Key.Key_Return)
    (checkin,) = services.checkins.list()
    assert (checkin.mood, checkin.focus, checkin.irritability) == (6, 4, 7)
    assert checkin.fatigue is None
    (point,) = window.timeline.chart.checkins.items["focus"].points_in_view()
    assert point[1:] == (4.0, checkin.id)
    assert form.scales["mood"].value_or_none() is None  # cleared for the next check-in


def test_checkin_without_focus_is_refused(qtbot, window, services):
    form = window.checkin_form
    form.scales["mood"].setValue(5)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    assert "Focus is needed" in form.error.text()
    assert services.checkins.count() == 0


def test_delete_is_undoable(qtbot, window, services):
    type_dose(qtbot, window, "Concerta", "36", at(7, 30))
    (dose,) = services.doses.list()
    window.history.select_entry(dose.id)
    window.history.table.setFocus()
    qtbot.keyClick(window.history.table, Qt.Key.Key_Delete)
    assert services.doses.count() == 0
    assert not window.timeline.chart.curves
    assert window.timeline.chart.doses.marks_in_view() == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.doses.get(dose.id) == dose
    assert "methylphenidate" in window.timeline.chart.curves


def test_edit_dialog_changes_the_dose_and_undo_reverts(qtbot, window, services):
    dose = services.doses.add("concerta", 36, at(7))
    window.show_day(YESTERDAY)
    dialog = EntryDialog(dose, services.doses, services.checkins, services.medications,
                         window.undo_stack, window)
    qtbot.addWidget(dialog)
    dialog.form.mg.clear()
    qtbot.keyClicks(dialog.form.mg, "54")
    qtbot.mouseClick(dialog.form.submit, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.doses.get(dose.id).mg == 54.0
    window.undo_stack.undo()
    assert services.doses.get(dose.id).mg == 36.0


def test_one_click_regimen_button_logs_now(qtbot, window, services):
    for days in (2, 3, 4):
        services.doses.add("concerta", 36, at(7, day=date.today() - timedelta(days=days)))
    window.dose_form.refresh_regimen()
    (button,) = window.dose_form.quick_buttons
    assert button.text() == "Concerta 36 mg now"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    newest = services.doses.list()[-1]
    assert abs(newest.taken.instant - datetime.now().astimezone()) < timedelta(minutes=2)
    assert window.day == date.today()


def test_day_navigation_with_the_keyboard(qtbot, window):
    today = date.today()
    window.show_day(today)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.day == today - timedelta(days=1)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.day == today


def test_empty_day_says_so(window, services):
    """An empty day explains what will appear, with no unit, values or legend for series
    that are not there; a day with entries brings them back."""
    chart = window.timeline.chart
    window.show_day(date(2020, 1, 1))
    assert chart.empty_text.isVisible()
    text = chart.empty_text.textItem.toPlainText()
    assert "Log a dose" in text and "wear-off and rebound" in text and "0–10" in text
    assert not chart.legend.isVisible()
    assert "ng/mL" not in chart.plot.getAxis("left").labelString()
    assert not chart.plot.getAxis("left").style["showValues"]
    yesterday = date.today() - timedelta(days=1)
    services.doses.add("concerta", 36, at(7, day=yesterday))
    window.timeline.refresh()
    window.show_day(yesterday)
    assert not chart.empty_text.isVisible() and chart.legend.isVisible()
    assert chart.plot.getAxis("left").labelString().endswith("(ng/mL)</span>")


def test_enter_in_the_dose_form_logs_it(qtbot, window, services):
    form = window.dose_form
    qtbot.keyClicks(form.medication.lineEdit(), "Vyvanse")
    form.mg.clear()
    qtbot.keyClicks(form.mg, "30")
    form.time.set_moment(at(7))
    qtbot.keyClick(form.mg, Qt.Key.Key_Return)
    (dose,) = services.doses.list()
    assert (dose.medication_id, dose.mg) == ("vyvanse", 30.0)
