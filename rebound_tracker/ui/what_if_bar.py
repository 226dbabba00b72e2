"""Controls for the what-if overlay: the shown day as if taken as another formulation/timing."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.timeline import WhatIfPlan
from rebound_tracker.ui.feedback import wrapping_label


class WhatIfBar(QWidget):
    """Emits ``changed`` when the overlay is switched or its plan edited."""

    changed = Signal()
    suggest_requested = Signal()

    def __init__(self, medications: MedicationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox("What if…")
        self.enabled.setAccessibleName("Show the what-if overlay")
        self.enabled.setToolTip("Overlay the shown day as if the doses had been another "
                                "formulation or timing (Alt+W)")
        self.medication = QComboBox()
        self.medication.setAccessibleName("What-if medication")
        self._medications = medications
        self.refresh_medications()
        self.mg = QDoubleSpinBox()
        self.mg.setRange(0.5, 500.0)
        self.mg.setDecimals(1)
        self.mg.setSuffix(" mg")
        self.mg.setValue(10.0)
        self.mg.setAccessibleName("What-if dose in mg")
        self.times = QLineEdit()
        self.times.setPlaceholderText("07:30, 11:30, 15:30")
        self.times.setAccessibleName("What-if dose times, comma separated")
        self.suggest = QPushButton("Suggest")
        self.suggest.setToolTip("A contrasting plan: long-acting ↔ immediate release")
        self.error = wrapping_label("color: #D55E00")
        self.error.setAccessibleName("What-if error")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.enabled, self.medication, self.mg, QLabel("at"), self.times,
                       self.suggest):
            layout.addWidget(widget)
        layout.addWidget(self.error, 1)
        self.enabled.toggled.connect(self._toggled)
        self.medication.currentIndexChanged.connect(self._edited)
        self.mg.editingFinished.connect(self._edited)
        self.times.editingFinished.connect(self._edited)
        self.suggest.clicked.connect(self.suggest_requested)
        self._toggled(False)

    def refresh_medications(self) -> None:
        """List the library as it is now, keeping the chosen medication where it still is."""
        items = [(f"{f.name} ({f.generic})", f.id)
                 for f in sorted(self._medications.all(), key=lambda f: f.name)]
        box = self.medication
        if items == [(box.itemText(i), box.itemData(i)) for i in range(box.count())]:
            return
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        for text, med_id in items:
            box.addItem(text, med_id)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)
        if box.currentData() != chosen:
            self._edited()

    def set_plan(self, plan: WhatIfPlan) -> None:
        for widget in (self.medication, self.mg, self.times):
            widget.blockSignals(True)
        self.medication.setCurrentIndex(max(0, self.medication.findData(plan.medication_id)))
        self.mg.setValue(plan.mg)
        self.times.setText(", ".join(f"{t:%H:%M}" for t in plan.times))
        for widget in (self.medication, self.mg, self.times):
            widget.blockSignals(False)

    def plan(self, day: date) -> WhatIfPlan:
        """The plan typed in, with its times on ``day``; ValidationError for bad times."""
        moments = []
        for part in filter(None, (p.strip() for p in self.times.text().split(","))):
            try:
                clock = time.fromisoformat(part if len(part) > 4 else f"0{part}")
            except ValueError:
                raise ValidationError("what-if time", part, "HH:MM, comma separated") from None
            moments.append(attach_local(datetime.combine(day, clock)))
        if not moments:
            raise ValidationError("what-if time", "nothing", "at least one HH:MM")
        return WhatIfPlan(self.medication.currentData(), self.mg.value(), tuple(moments))

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _toggled(self, on: bool) -> None:
        for widget in (self.medication, self.mg, self.times, self.suggest):
            widget.setEnabled(on)
        if on and not self.times.text():
            self.suggest_requested.emit()
        self.changed.emit()

    def _edited(self) -> None:
        if self.enabled.isChecked():
            self.changed.emit()
