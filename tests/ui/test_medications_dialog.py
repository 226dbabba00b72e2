"""The Medications window driven as a person would: define a medication in the form, start
from a built-in, fix what the form says is wrong, edit, remove and undo. Real services over
a temporary SQLite store; message boxes are answered by monkeypatching."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from custom_medication_sample import MY_ER, typed
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QMessageBox

from rebound_tracker.pk.library import USER_SOURCE
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.database import make_session_factory

AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LEFT = Qt.MouseButton.LeftButton


def open_dialog(qtbot, window):
    action = next(a for a in window.menuBar().actions() if a.text() == "&Medications")
    library = action.menu().actions()[0]
    assert library.shortcut() == QKeySequence("Ctrl+Shift+M")
    library.trigger()
    dialog = window.medications_dialog
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, widget, text: str) -> None:
    """Select what a field holds and type over it, as a person would."""
    line = widget.lineEdit() if isinstance(widget, QAbstractSpinBox | QComboBox) else widget
    line.selectAll()
    qtbot.keyClicks(line, text)


def stored(services) -> dict:
    """What reached the database: each stored definition's JSON, by id."""
    with make_session_factory(services.engine)() as session:
        return {med_id: json.loads(text)
                for med_id, text in CustomMedicationRepository(session).all()}


def fill_evening_mph(qtbot, editor) -> None:
    qtbot.keyClicks(editor.fields.name, "Evening MPH")
    retype(qtbot, editor.fields.label_min, "5")
    retype(qtbot, editor.fields.label_max, "40")
    qtbot.keyClicks(editor.fields.strengths, "5, 10, 20")
    component = editor.components.editors[0]
    retype(qtbot, component.lag_h, "0.5")
    retype(qtbot, component.ka_per_h, "1.5")


def test_a_typed_medication_reaches_the_store_and_the_dose_form(qtbot, window, services):
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.new_button, LEFT)
    editor = dialog.editor
    fill_evening_mph(qtbot, editor)
    assert editor.fields.id.text() == "evening-mph"  # the id follows the name
    assert editor.fields.analyte.currentData() == "methylphenidate"

    qtbot.mouseClick(editor.save_button, LEFT)

    definition = stored(services)["evening-mph"]
    assert definition["name"] == "Evening MPH" and definition["family"] == "methylphenidate"
    assert definition["moieties"] == [{"analyte": "methylphenidate",
                                       "base_per_label_mg": 0.8648}]
    assert definition["components"] == [{"kind": "first_order", "fraction": 1.0,
                                         "lag_h": 0.5, "ka_per_h": 1.5}]
    assert (definition["label_min_mg"], definition["label_max_mg"]) == (5.0, 40.0)
    assert definition["strengths_mg"] == [5.0, 10.0, 20.0]
    assert not editor.isVisible()
    assert dialog.selected_id() == "evening-mph"
    assert "Saved Evening MPH" in dialog.status.text()
    # The dose form finds it by name at once, and logs a dose of it.
    form = window.dose_form
    assert form.medication.findData("evening-mph") >= 0
    qtbot.keyClicks(form.medication.lineEdit(), "Evening MPH")
    qtbot.keyClicks(form.mg, "10")
    form.time.set_moment(AT)
    qtbot.mouseClick(form.submit, LEFT)
    (dose,) = services.doses.list()
    assert (dose.medication_id, dose.mg) == ("evening-mph", 10.0)


@pytest.mark.parametrize(("change", "label", "path", "value"), [
    (lambda qtbot, e: retype(qtbot, e.fields.label_max, "3"), "Highest label dose",
     "evening-mph.label_max_mg", "“3”"),
    (lambda qtbot, e: retype(qtbot, e.components.editors[0].fraction, "0.6"),
     "Fractions of the components together", "evening-mph.components.fraction", "“0.6”"),
    (lambda qtbot, e: retype(qtbot, e.components.editors[0].ka_per_h, "0"),
     "Component 1, absorption rate ka (/h)", "evening-mph.components[0].ka_per_h", "“0”"),
    (lambda qtbot, e: qtbot.keyClicks(e.fields.aliases, "Concerta"), "Also known as",
     "evening-mph.aliases[0]", "“Concerta”"),
    (lambda qtbot, e: qtbot.keyClicks(e.fields.strengths, "; 30 mg"), "Strengths",
     "evening-mph.strengths_mg", "“20; 30 mg”"),
])
def test_bad_input_names_the_field_and_writes_nothing(qtbot, window, services, change,
                                                      label, path, value):
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.new_button, LEFT)
    editor = dialog.editor
    fill_evening_mph(qtbot, editor)
    change(qtbot, editor)

    qtbot.mouseClick(editor.save_button, LEFT)

    message = editor.error.text()
    assert editor.error.isVisible() and editor.isVisible()
    assert message.startswith(f"{label}: {value} is not accepted")
    assert path in message and "Nothing was saved" in message
    assert services.medications.custom_definitions() == []
    assert window.undo_stack.count() == 0
    assert window.dose_form.medication.findData("evening-mph") == -1
    # The preview draws nothing for a definition that does not hold, and says why.
    qtbot.waitUntil(lambda: path in editor.preview.message.text())
    assert editor.preview.summary.text() == ""


def test_starting_from_a_built_in_keeps_the_sources_of_unchanged_numbers(
        qtbot, window, services):
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, "OROS")
    assert dialog.selected_id() == "concerta"
    assert "osmotic core" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, LEFT)
    editor = dialog.editor
    assert editor.fields.name.text() == "Concerta (mine)" and editor.fields.aliases.text() == ""
    assert len(editor.components.editors) == 3
    retype(qtbot, editor.components.editors[0].lag_h, "0.5")
    qtbot.waitUntil(lambda: editor.preview.summary.text().startswith("Peak"))
    assert "Concerta peaks at" in editor.preview.summary.text()

    qtbot.mouseClick(editor.save_button, LEFT)

    definition = stored(services)["concerta-mine"]
    first = definition["components"][0]
    assert first["lag_h"] == 0.5  # changed: a bare number, so the person's source
    assert first["fraction"]["source"].startswith("SECONDARY:")  # unchanged: the label's
    assert definition["strengths_mg"]["source"].startswith("LABEL:")
    mine = services.medications.get("concerta-mine")
    assert str(mine.components[0].lag_h.source) == USER_SOURCE
    assert mine.components[1:] == services.medications.get("concerta").components[1:]


def test_remove_then_undo_restores_it_exactly(qtbot, window, services):
    services.medications.add_custom(typed(MY_ER))
    dialog = open_dialog(qtbot, window)
    dialog.select("my-mph-er")
    assert dialog.edit_button.isEnabled() and dialog.remove_button.isEnabled()

    qtbot.mouseClick(dialog.remove_button, LEFT)

    assert stored(services) == {}
    assert "Removed My MPH ER" in dialog.status.text()
    assert dialog.model.row_of("my-mph-er") == -1
    assert window.dose_form.medication.findData("my-mph-er") == -1

    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert stored(services) == {"my-mph-er": MY_ER}
    assert dialog.model.row_of("my-mph-er") >= 0
    assert window.dose_form.medication.findData("my-mph-er") >= 0


def test_a_medication_in_use_is_not_removed(qtbot, window, services, monkeypatch):
    services.medications.add_custom(typed(MY_ER))
    services.doses.add("my-mph-er", "20", AT)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    dialog = open_dialog(qtbot, window)
    dialog.select("my-mph-er")
    assert "Logged doses of it: 1" in dialog.details.toPlainText()

    qtbot.mouseClick(dialog.remove_button, LEFT)

    assert told and "1 logged dose uses it" in told[0] and "not removed" in told[0]
    assert stored(services) == {"my-mph-er": MY_ER}
    assert window.undo_stack.count() == 0


def test_edit_keeps_the_id_asks_when_doses_use_it_and_undoes(qtbot, window, services,
                                                            monkeypatch):
    services.medications.add_custom(typed(MY_ER))
    services.doses.add("my-mph-er", "20", AT)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                        or QMessageBox.StandardButton.Save)
    dialog = open_dialog(qtbot, window)
    dialog.select("my-mph-er")
    qtbot.mouseClick(dialog.edit_button, LEFT)
    editor = dialog.editor
    assert editor.fields.id.isReadOnly() and editor.save_button.text() == "&Save changes"
    retype(qtbot, editor.fields.label_max, "80")

    qtbot.mouseClick(editor.save_button, LEFT)

    assert asked and "1 logged dose uses this medication" in asked[0]
    edited = stored(services)["my-mph-er"]
    assert edited["label_max_mg"] == 80.0
    # Unchanged numbers stay exactly as the person first wrote them.
    assert edited["components"] == MY_ER["components"]
    assert services.medications.get("my-mph-er").label_max_mg == 80.0
    window.undo_stack.undo()
    assert stored(services) == {"my-mph-er": MY_ER}


def test_an_undo_the_store_no_longer_allows_is_refused_and_said(qtbot, window, services,
                                                                monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.new_button, LEFT)
    fill_evening_mph(qtbot, dialog.editor)
    qtbot.mouseClick(dialog.editor.save_button, LEFT)
    # A dose logged outside the window (the command line) now uses it.
    services.doses.add("evening-mph", "10", AT)

    window.undo_stack.undo()

    qtbot.waitUntil(lambda: "Could not undo adding Evening MPH" in dialog.status.text())
    assert "1 logged dose uses it" in dialog.status.text()
    assert "evening-mph" in stored(services)
    assert window.undo_stack.count() == 0  # the step no longer describes the store


def test_every_field_has_an_accessible_name(qtbot, window):
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.copy_button, LEFT)
    editor = dialog.editor
    fields = [w for kind in (QLineEdit, QComboBox, QAbstractSpinBox)
              for w in editor.findChildren(kind)
              if w.isVisibleTo(editor) and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)]
    assert len(fields) > 15
    assert [w for w in fields if not w.accessibleName()] == []
    for widget in (dialog.search, dialog.table, dialog.details):
        assert widget.accessibleName()


def test_tab_visits_the_form_top_to_bottom_components_before_save(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.select("concerta")
    qtbot.mouseClick(dialog.copy_button, LEFT)
    editor = dialog.editor
    visited, widget = [], editor.fields.name
    while widget is not editor.cancel_button and len(visited) < 200:
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            visited.append(widget)
        widget = widget.nextInFocusChain()
    components = editor.components.editors
    expected_path = [editor.fields.name, editor.fields.strengths, components[0].label,
                     components[2].ka_per_h, editor.components.add_button,
                     editor.preview.mg, editor.save_button]
    positions = [visited.index(w) for w in expected_path]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("answer", "closed"), [
    (QMessageBox.StandardButton.Cancel, False), (QMessageBox.StandardButton.Discard, True)])
def test_escape_asks_before_discarding_what_was_typed(qtbot, window, services, monkeypatch,
                                                      answer, closed):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or answer)
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.new_button, LEFT)
    editor = dialog.editor
    qtbot.keyClicks(editor.fields.name, "Half typed")

    qtbot.keyClick(editor.fields.name, Qt.Key.Key_Escape)

    assert asked == ["Discard changes?"]
    assert editor.isVisible() is not closed
    assert services.medications.custom_definitions() == []


def wheel_over(widget, notches: int = -3) -> None:
    """One wheel turn over ``widget`` (negative: down), delivered as Qt delivers it."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_scrolling_the_form_over_a_field_scrolls_and_changes_nothing(qtbot, window):
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.new_button, LEFT)
    editor = dialog.editor
    editor.window().resize(900, 420)
    lag, kind = editor.components.editors[0].lag_h, editor.components.editors[0].kind
    lag.setValue(0.25)
    bar = editor.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    editor.fields.name.setFocus()
    before, analyte = bar.value(), editor.fields.analyte.currentIndex()

    wheel_over(lag)
    wheel_over(kind)
    wheel_over(editor.fields.analyte)

    assert lag.value() == 0.25 and kind.currentIndex() == 0
    assert editor.fields.analyte.currentIndex() == analyte
    assert bar.value() > before  # the form scrolled instead
    lag.setFocus()
    wheel_over(lag, notches=1)
    assert lag.value() == pytest.approx(0.5)  # a focused field still steps (0.25 per notch)
