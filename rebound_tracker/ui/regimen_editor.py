"""The usual regimen as rows a person edits: medication, mg, time, with food.

Its text (``regimen_text``) is what the ``regimen`` setting stores; checking it is left to
the SettingsService, so the dialog, the first-run welcome and ``settings set`` accept and
refuse the same doses with the same message.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.settings import REGIMEN_MAX_DOSES, RegimenDose
from rebound_tracker.services.medications import MedicationService


class RegimenRow:
    """The widgets of one regimen dose."""

    def __init__(self, medications: MedicationService, number: int) -> None:
        self.medication = QComboBox()
        self.medication.setAccessibleName(f"Regimen dose {number}: medication")
        for med in sorted(medications.all(), key=lambda m: m.name.lower()):
            self.medication.addItem(f"{med.name} ({med.generic})", med.id)
        self.medication.setCurrentIndex(-1)
        self.medication.setPlaceholderText("Choose a medication")
        self.mg = QLineEdit()
        self.mg.setPlaceholderText("mg")
        self.mg.setAccessibleName(f"Regimen dose {number}: mg")
        self.mg.setMaximumWidth(70)
        self.at = QTimeEdit(QTime(8, 0))
        self.at.setDisplayFormat("HH:mm")
        self.at.setAccessibleName(f"Regimen dose {number}: usual time")
        self.fed = QCheckBox("with food")
        self.fed.setAccessibleName(f"Regimen dose {number}: taken with food")
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName(f"Remove regimen dose {number}")
        self.remove.setAutoDefault(False)
        self._medications = medications
        self.medication.currentIndexChanged.connect(self._suggest_strength)

    def widgets(self) -> list[QWidget]:
        return [self.medication, self.mg, self.at, self.fed, self.remove]

    def load(self, dose: RegimenDose) -> None:
        self.medication.setCurrentIndex(self.medication.findData(dose.medication))
        self.mg.setText(f"{dose.mg:g}")
        self.at.setTime(QTime(dose.at.hour, dose.at.minute))
        self.fed.setChecked(dose.fed)

    def text(self) -> str:
        medication = self.medication.currentData() or self.medication.currentText() or "(none)"
        clock = self.at.time()
        food = " fed" if self.fed.isChecked() else ""
        mg = self.mg.text().strip() or "(none)"
        return f"{medication}:{mg}@{time(clock.hour(), clock.minute()):%H:%M}{food}"

    def _suggest_strength(self, index: int) -> None:
        med_id = self.medication.itemData(index) if index >= 0 else None
        if med_id and not self.mg.text().strip():
            strengths = self._medications.get(med_id).strengths_mg
            if strengths:
                self.mg.setText(f"{strengths[0]:g}")


class RegimenEditor(QWidget):
    """Rows of usual doses with Add and Remove; emits ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, medications: MedicationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._medications = medications
        self.rows: list[RegimenRow] = []
        self.grid = QGridLayout()
        self.empty = QLabel("No usual doses yet. The one-click buttons then follow what "
                            "you log most often.")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton("Add a usual dose")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        self._update()

    def set_regimen(self, doses: tuple[RegimenDose, ...]) -> None:
        while self.rows:
            self._remove(self.rows[0], notify=False)
        for dose in doses:
            self.add_row(dose, notify=False)
        self._update()

    def add_row(self, dose: RegimenDose | None = None, *, notify: bool = True) -> RegimenRow:
        row = RegimenRow(self._medications, len(self.rows) + 1)
        if dose is not None:
            row.load(dose)
        self.rows.append(row)
        self._layout_rows()
        row.remove.clicked.connect(lambda _=False, r=row: self._remove(r))
        row.medication.currentIndexChanged.connect(self.changed)
        row.mg.textEdited.connect(self.changed)
        row.at.timeChanged.connect(self.changed)
        row.fed.toggled.connect(self.changed)
        self._update()
        if notify:
            row.medication.setFocus()
            self.changed.emit()
        return row

    def regimen_text(self) -> str:
        """The rows as the ``regimen`` setting's text ('none' for no rows)."""
        return ", ".join(row.text() for row in self.rows) or "none"

    def _remove(self, row: RegimenRow, *, notify: bool = True) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._layout_rows()
        self._update()
        if notify:
            self.changed.emit()

    def _layout_rows(self) -> None:
        for number, row in enumerate(self.rows):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, number, column)

    def _update(self) -> None:
        self.empty.setVisible(not self.rows)
        self.add_button.setEnabled(len(self.rows) < REGIMEN_MAX_DOSES)
