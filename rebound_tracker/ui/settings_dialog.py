"""Edit ▸ Settings (Ctrl+,): who the model is drawn for, the usual regimen, what is shown
(page one), and the reminders and check-in prompts (page two, ``ui/reminder_settings``).

Every value is checked by the setting definitions (domain/settings.py) through the
SettingsService, all at once: one bad value saves nothing and is named, with what is
accepted, under the form.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.errors import ReboundError, ValidationError
from rebound_tracker.domain.settings import (
    CYP2D6_PHENOTYPES,
    DEFINITIONS,
    URINE_PH_CHOICES,
    Settings,
)
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.settings import SettingsService
from rebound_tracker.ui.feedback import error_label
from rebound_tracker.ui.regimen_editor import RegimenEditor
from rebound_tracker.ui.reminder_settings import ReminderFields, hint

CHOICE_WORDS = {
    "cyp2d6": {"normal": "Normal (or not tested)", "poor": "Poor metaboliser (tested)"},
    "urine_ph": {"normal": "Normal (or not known)", "acidic": "Acidic",
                 "alkaline": "Alkaline"},
}


def describe_setting_error(error: ReboundError) -> str:
    """The refused value in the dialog's words: the setting's label, the value, what fits."""
    if not isinstance(error, ValidationError):
        return f"{error}. Nothing was saved."
    match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?", error.field)
    name, dose, part = match.groups() if match else (error.field, None, None)
    label = DEFINITIONS[name].label if name in DEFINITIONS else error.field
    where = label + (f", dose {dose}" if dose else "") + (f", {part}" if part else "")
    value = str(error.value)
    shown = "(empty)" if not value.strip() or value == "(none)" else f"“{value}”"
    return f"{where}: {shown} is not accepted — {error.accepted}. Nothing was saved."


class PersonFields(QWidget):
    """Body weight, CYP2D6 and urine pH: what the model needs to know of the person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("70 (the model's default)")
        self.weight.setAccessibleName("Body weight in kg")
        self.cyp2d6 = _choice_box("cyp2d6", CYP2D6_PHENOTYPES, "CYP2D6 metaboliser status")
        self.urine_ph = _choice_box("urine_ph", URINE_PH_CHOICES, "Urine pH")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Body &weight (kg)", self.weight)
        form.addRow("", hint(DEFINITIONS["weight_kg"].description))
        form.addRow("&CYP2D6 status", self.cyp2d6)
        form.addRow("", hint(DEFINITIONS["cyp2d6"].description
                              + " Only a genetic test tells; leave Normal if unsure."))
        form.addRow("Urine &pH", self.urine_ph)
        form.addRow("", hint(DEFINITIONS["urine_ph"].description))

    def load(self, settings: Settings, weight_set: bool) -> None:
        self.weight.setText(f"{settings.weight_kg:g}" if weight_set else "")
        self.cyp2d6.setCurrentIndex(self.cyp2d6.findData(settings.cyp2d6))
        self.urine_ph.setCurrentIndex(self.urine_ph.findData(settings.urine_ph))

    def changes(self) -> dict[str, str]:
        out = {"cyp2d6": self.cyp2d6.currentData(), "urine_ph": self.urine_ph.currentData()}
        weight = self.weight.text().strip()
        if weight:
            out["weight_kg"] = weight
        return out


class SettingsDialog(QDialog):
    """The person's settings; Save stores them all or none."""

    def __init__(self, settings: SettingsService, medications: MedicationService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(640)  # the hints wrap to two lines, not four
        self._settings = settings
        self.person = PersonFields()
        self.regimen = RegimenEditor(medications)
        self.scale_boxes = {s: QCheckBox(s.capitalize()) for s in SCALES}
        self.reminders = ReminderFields()
        self.quiet = self.reminders.quiet
        self.quiet_start = self.reminders.quiet_start
        self.quiet_end = self.reminders.quiet_end
        self.tabs = QTabWidget()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self._build()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults)
        self.load(settings.current())

    def _build(self) -> None:
        person_box = QGroupBox("You (used by the model)")
        QVBoxLayout(person_box).addWidget(self.person)
        regimen_box = QGroupBox("Usual regimen")
        regimen_layout = QVBoxLayout(regimen_box)
        regimen_layout.addWidget(hint(DEFINITIONS["regimen"].description))
        regimen_layout.addWidget(self.regimen)
        shown_box = QGroupBox("Check-in scales shown")
        grid = QGridLayout(shown_box)
        for i, box in enumerate(self.scale_boxes.values()):
            grid.addWidget(box, i // 3, i % 3)
        grid.addWidget(hint("The charts draw these; the check-in form asks for them (mood "
                             "and focus always)."), 2, 0, 1, 3)
        model_page = QWidget()
        model_layout = QVBoxLayout(model_page)
        for group in (person_box, regimen_box, shown_box):
            model_layout.addWidget(group)
        model_layout.addStretch(1)
        self.tabs.addTab(model_page, "&Model and regimen")
        self.tabs.addTab(self.reminders, "&Reminders and prompts")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(hint("These settings change what the model draws and what the app "
                               "shows; they are not advice and never change a dose."))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def load(self, settings: Settings) -> None:
        weight_set = "weight_kg" in self._stored_names()
        self.person.load(settings, weight_set)
        self.regimen.set_regimen(settings.regimen)
        for scale, box in self.scale_boxes.items():
            box.setChecked(scale in settings.shown_scales)
        self.reminders.load(settings)

    def changes(self) -> dict[str, str]:
        """Every field as setting text (checked on save, not here)."""
        out = self.person.changes()
        out["regimen"] = self.regimen.regimen_text()
        out["shown_scales"] = ",".join(s for s, b in self.scale_boxes.items() if b.isChecked())
        out.update(self.reminders.changes())
        return out

    def save(self) -> bool:
        """Check and store every field in one transaction; on a refusal say what and keep
        the dialog open with nothing saved."""
        changes = self.changes()
        try:
            # An emptied weight field: forget it, so the model's default applies again.
            self._settings.update(changes, forget=() if "weight_kg" in changes
                                  else ("weight_kg",))
        except ReboundError as error:
            self.error.setText(describe_setting_error(error))
            self.error.show()
            self._show_page_of(error)
            return False
        self.error.hide()
        self.accept()
        return True

    def restore_defaults(self) -> None:
        """Fill the form with every default (saved only with Save)."""
        self.load(Settings())
        self.person.weight.clear()

    def _stored_names(self) -> set[str]:
        return self._settings.stored_names()

    def _show_page_of(self, error: ReboundError) -> None:
        """Turn to the page holding the refused field."""
        name = getattr(error, "field", "").split("[")[0].split(".")[0]
        self.tabs.setCurrentIndex(1 if name in self.reminders.changes() else 0)


def _choice_box(name: str, options: tuple[str, ...], accessible: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(accessible)
    for option in options:
        box.addItem(CHOICE_WORDS[name].get(option, option.capitalize()), option)
    return box
