"""Log a dose: medication (by brand or generic name), mg, time, fed, note; one-click regimen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import Dose
from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.ui.entry_submit import submit_entry
from rebound_tracker.ui.feedback import error_label
from rebound_tracker.ui.time_edit import TimeEdit


class DoseForm(QWidget):
    """Adds a dose (or, after :meth:`load`, edits one) through the undo stack."""

    dose_logged = Signal(object)  # the Dose as stored

    def __init__(
        self,
        doses: DoseService,
        medications: MedicationService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        quick_log: bool = True,
        regimen: Callable[[], tuple[RegimenDose, ...]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._doses, self._medications, self._undo = doses, medications, undo_stack
        self._editing: Dose | None = None
        self._quick_log = quick_log  # the one-click "… mg now" buttons; never when editing
        self._regimen = regimen  # the usual regimen (settings) comes first on those buttons

        self._make_medication_box()
        self.medication.currentIndexChanged.connect(self._suggest_strength)

        self.mg = QLineEdit()
        self.mg.setPlaceholderText("label strength, e.g. 36")
        self.mg.setAccessibleName("Dose in mg")
        self.time = TimeEdit("Time taken")
        self.fed = QCheckBox("Taken with food")
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional")
        self.note.setAccessibleName("Dose note")
        self.submit = QPushButton("Log dose")
        self.submit.setDefault(True)
        self.submit.setToolTip("Log this dose (Enter)")
        self.error = error_label()
        self.quick = QGridLayout()
        self.quick_buttons: list[QPushButton] = []

        self._lay_out()
        self.submit.clicked.connect(lambda: self.log_dose())
        for line in [self._name_field(), self.mg, self.note]:
            line.returnPressed.connect(lambda: self.log_dose())  # Enter in any field logs it
        self.refresh_regimen()

    def _make_medication_box(self) -> None:
        """The editable medication box, searched by any part of a name as it is typed."""
        self.medication = QComboBox()
        self.medication.setEditable(True)
        self.medication.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.medication.setAccessibleName("Medication")
        # Item texts are long (aliases help searching); don't let them widen the form.
        self.medication.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.medication.setMinimumContentsLength(18)
        self.medication.view().setMinimumWidth(420)
        self.refresh_medications()
        completer = QCompleter(self.medication.model(), self.medication)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.medication.setCompleter(completer)
        self.medication.setCurrentIndex(-1)
        self._name_field().setPlaceholderText("Type a brand or generic name")

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Medication", self.medication)
        form.addRow("m&g", self.mg)
        form.addRow("&Taken at", self.time)
        form.addRow("", self.fed)
        form.addRow("N&ote", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(self.quick)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.submit, alignment=Qt.AlignmentFlag.AlignRight)

    # --- public ------------------------------------------------------------------------
    def refresh_regimen(self) -> None:
        """One button per dose of the usual regimen (Settings), then the doses the person
        logs most often (medication and mg), up to four."""
        for button in self.quick_buttons:
            self.quick.removeWidget(button)
            button.deleteLater()
        self.quick_buttons = []
        if not self._quick_log:
            return
        for med_id, mg, fed, usual in self._quick_doses():
            name = self._medications.name_of(med_id)
            food = " with food" if fed else ""
            button = QPushButton(f"{name} {mg:g} mg now")
            button.setToolTip(f"Log {name} {mg:g} mg{food} taken now, in one click"
                              + (f" (your usual dose at {usual})" if usual else ""))
            button.setAccessibleName(f"Log {name} {mg:g} mg now")
            button.setAutoDefault(False)
            button.clicked.connect(
                lambda _=False, m=med_id, d=mg, f=fed: self._log_quick(m, d, f))
            row, column = divmod(len(self.quick_buttons), 2)
            self.quick.addWidget(button, row, column)
            self.quick_buttons.append(button)

    def _name_field(self) -> QLineEdit:
        """The medication box's text field (the box is editable, so it always has one)."""
        field = self.medication.lineEdit()
        assert field is not None
        return field

    def refresh_medications(self) -> None:
        """List the library as it is now (the person may have added or removed one of their
        own), keeping what is chosen or typed."""
        items = []
        for med in self._medications.all():
            also = f" · also {', '.join(med.aliases)}" if med.aliases else ""
            items.append((f"{med.name} — {med.description}{also}", med.id))
        box = self.medication
        if items == [(box.itemText(i), box.itemData(i)) for i in range(box.count())]:
            return
        chosen, typed = box.currentData(), box.currentText()
        box.blockSignals(True)
        box.clear()
        for text, med_id in items:
            box.addItem(text, med_id)
        box.setCurrentIndex(box.findData(chosen) if chosen is not None else -1)
        if box.currentIndex() < 0:
            box.setEditText(typed)
        box.blockSignals(False)

    def load(self, dose: Dose) -> None:
        """Edit an existing dose: fill the fields; submitting replaces it (undoable)."""
        self._editing = dose
        self.medication.setCurrentIndex(self.medication.findData(dose.medication_id))
        self._name_field().setCursorPosition(0)  # show the name's start, not its end
        self.mg.setText(f"{dose.mg:g}")
        self.time.set_moment(dose.taken.local)
        self.fed.setChecked(dose.fed)
        self.note.setText(dose.note)
        self.submit.setText("Save changes")

    def log_dose(self) -> Dose | None:
        """Validate the fields and log (or save) the dose; show what was wrong otherwise."""
        index = self.medication.currentIndex()
        text = self.medication.currentText().strip()
        chosen = self.medication.itemData(index) if index >= 0 else None
        if chosen is None or self.medication.itemText(index) != text:
            chosen = text
        return self._submit(chosen, self.mg.text(), confirmed=False)

    # --- internals ---------------------------------------------------------------------
    def _quick_doses(self) -> list[tuple[str, float, bool, str]]:
        """(medication id, mg, with food, usual time or '') for the one-click buttons."""
        chosen: dict[tuple[str, float], tuple[str, float, bool, str]] = {}
        known = {f.id for f in self._medications.all()}  # a removed own medication: skipped
        for dose in self._regimen() if self._regimen else ():
            if dose.medication in known:
                chosen.setdefault((dose.medication, dose.mg),
                                  (dose.medication, dose.mg, dose.fed, f"{dose.at:%H:%M}"))
        for med_id, mg in self._doses.recent_regimen(limit=4):
            if med_id in known:  # one whose definition cannot be read cannot be logged again
                chosen.setdefault((med_id, mg), (med_id, mg, False, ""))
        return list(chosen.values())[:4]

    def _log_quick(self, med_id: str, mg: float, fed: bool = False) -> None:
        self.time.follow_clock()
        self._submit(med_id, mg, confirmed=False, from_fields=False, quick_fed=fed)

    def _submit(self, medication: str, mg: object, *, confirmed: bool,
                from_fields: bool = True, quick_fed: bool = False) -> Dose | None:
        entry_id = self._editing.id if self._editing else None

        def build(sure: bool) -> Dose:
            return self._doses.build(
                medication, mg, self.time.moment(),
                fed=self.fed.isChecked() if from_fields else quick_fed,
                note=self.note.text() if from_fields else "",
                confirmed=confirmed or sure, entry_id=entry_id,
            )

        dose = submit_entry(
            self, self.error, build, self._undo, self._doses, self._editing,
            lambda d: f"{self._medications.name_of(d.medication_id)} {d.mg:g} mg")
        if dose is None:
            return None
        if not self._editing:
            self._reset_after_log()
        self.dose_logged.emit(dose)
        return dose

    def _reset_after_log(self) -> None:
        self.note.clear()
        self.fed.setChecked(False)
        self.time.follow_clock()
        self.refresh_regimen()

    def _suggest_strength(self, index: int) -> None:
        med_id = self.medication.itemData(index) if index >= 0 else None
        if med_id and not self.mg.text().strip():
            found = self._medications.find(med_id)
            strengths = found.strengths_mg if found is not None else ()
            if strengths:
                self.mg.setText(f"{strengths[0]:g}")
