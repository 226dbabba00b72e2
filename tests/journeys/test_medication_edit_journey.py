"""A person edits a medication of their own in the real window: Medications ▸ Medication
library ▸ Edit…, over a store where logged doses use it. What reaches the database is the
definition's JSON as before: the changed numbers bare (the person's), every unchanged number
with its source, the parts the form does not edit kept; undo and redo put each text back
byte for byte."""

from __future__ import annotations

import json

from custom_medication_sample import MY_ER, typed, with_change
from journeys_helpers import click, on_modal, press_button, trigger
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.database import make_session_factory

MINE = with_change(MY_ER, ("food_effect",),
                   {"lag_shift_h": {"value": 1.0, "source": "LABEL: my leaflet"},
                    "ka_factor": 0.8, "relative_f": 1})
MINE["notes"] = ["Numbers copied from my leaflet."]


def stored_text(services, med_id: str) -> str | None:
    """The definition column of the medication's row, as the database holds it."""
    with make_session_factory(services.engine)() as session:
        return CustomMedicationRepository(session).get(med_id)


def retype(qtbot, widget, text: str) -> None:
    line = widget.lineEdit() if isinstance(widget, QAbstractSpinBox | QComboBox) else widget
    line.selectAll()
    qtbot.keyClicks(line, text)


def test_editing_a_medication_in_use_stores_what_the_form_changed_and_undoes(
        qtbot, host_window, demo_services):
    demo_services.medications.add_custom(typed(MINE))
    demo_services.doses.add("my-mph-er", "20", local_now())
    first = stored_text(demo_services, "my-mph-er")
    assert first == json.dumps(MINE, ensure_ascii=False, sort_keys=True)
    window = host_window(demo_services)

    trigger(window, "Medication library")
    library = window.medications_dialog
    qtbot.waitUntil(library.isVisible)
    library.select("my-mph-er")
    click(library.edit_button)
    editor = library.editor
    qtbot.waitUntil(editor.isVisible)
    assert editor.windowTitle() == "Edit My MPH ER"
    assert "the effect of food" in editor.extras_list.text()
    retype(qtbot, editor.fields.label_max, "80")
    retype(qtbot, editor.components.editors[0].lag_h, "0.5")
    asked = on_modal(press_button("Save"))  # 1 logged dose uses it: the window asks
    click(editor.save_button)

    qtbot.waitUntil(lambda: not editor.isVisible())
    assert asked.dialog is not None
    expected = with_change(MINE, ("label_max_mg",), 80.0)
    expected["components"][0]["lag_h"] = 0.5
    expected["relative_f"] = 1.0  # the form has a field for it, so it writes it
    edited = stored_text(demo_services, "my-mph-er")
    assert edited == json.dumps(expected, ensure_ascii=False, sort_keys=True)
    assert demo_services.medications.get("my-mph-er").label_max_mg == 80.0

    trigger(window, "Undo")
    assert stored_text(demo_services, "my-mph-er") == first
    assert demo_services.medications.get("my-mph-er").label_max_mg == 60
    trigger(window, "Redo")
    assert stored_text(demo_services, "my-mph-er") == edited
