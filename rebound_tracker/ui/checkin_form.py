"""A quick check-in: six 0–10 scales and a note, fast to fill from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import REQUIRED_SCALES, SCALES, CheckIn
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.ui.entry_submit import submit_entry
from rebound_tracker.ui.feedback import error_label
from rebound_tracker.ui.time_edit import TimeEdit

UNSET = -1
SCALE_HINTS = {
    "mood": "0 very low · 10 very good",
    "focus": "0 none · 10 sharp",
    "irritability": "0 calm · 10 very irritable",
    "fatigue": "0 rested · 10 exhausted",
    "anxiety": "0 none · 10 severe",
    "restlessness": "0 still · 10 can't sit still",
}


class ScaleBox(QSpinBox):
    """0–10, or '–' for not answered. Typing a digit replaces the value."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setRange(UNSET, 10)
        self.setSpecialValueText("–")
        self.setValue(UNSET)
        self.setAccessibleName(name.capitalize())
        self.setToolTip(SCALE_HINTS[name])

    def value_or_none(self) -> int | None:
        return None if self.value() == UNSET else self.value()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.selectAll()


class CheckInForm(QWidget):
    """Adds a check-in (or, after :meth:`load`, edits one) through the undo stack."""

    checkin_logged = Signal(object)  # the CheckIn as stored

    def __init__(
        self, checkins: CheckInService, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._checkins, self._undo = checkins, undo_stack
        self._editing: CheckIn | None = None
        self.scales: dict[str, ScaleBox] = {name: ScaleBox(name) for name in SCALES}
        self.time = TimeEdit("Check-in time")
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional: what's going on?")
        self.note.setAccessibleName("Check-in note")
        self.submit = QPushButton("Log check-in")
        self.submit.setToolTip("Log this check-in (Enter)")
        self.error = error_label()

        grid = QGridLayout()
        self.scale_labels: dict[str, QLabel] = {}
        for i, (name, box) in enumerate(self.scales.items()):
            star = " *" if name in REQUIRED_SCALES else ""
            label = QLabel(f"{name.capitalize()}{star}")
            label.setBuddy(box)
            self.scale_labels[name] = label
            row, column = divmod(i, 2)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(box, row, column * 2 + 1)
        form = QFormLayout()
        form.addRow("At", self.time)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.submit, alignment=Qt.AlignmentFlag.AlignRight)

        self.submit.clicked.connect(lambda: self.log_checkin())
        for line in [*(box.lineEdit() for box in self.scales.values()), self.note]:
            line.returnPressed.connect(lambda: self.log_checkin())  # Enter logs it

    def set_shown_scales(self, scales) -> None:
        """Show the optional scales chosen in Settings (mood and focus are always asked)."""
        chosen = set(scales)
        for name, box in self.scales.items():
            shown = name in REQUIRED_SCALES or name in chosen
            box.setVisible(shown)
            self.scale_labels[name].setVisible(shown)

    def load(self, checkin: CheckIn) -> None:
        """Edit an existing check-in: fill the fields; submitting replaces it (undoable)."""
        self._editing = checkin
        for name, box in self.scales.items():
            value = checkin.scale(name)
            box.setValue(UNSET if value is None else value)
        self.time.set_moment(checkin.at.local)
        self.note.setText(checkin.note)
        self.submit.setText("Save changes")

    def log_checkin(self, *, confirmed: bool = False) -> CheckIn | None:
        values = {name: box.value_or_none() for name, box in self.scales.items()}
        entry_id = self._editing.id if self._editing else None

        def build(sure: bool) -> CheckIn:
            return self._checkins.build(values, self.time.moment(), note=self.note.text(),
                                        confirmed=confirmed or sure, entry_id=entry_id)

        checkin = submit_entry(
            self, self.error, build, self._undo, self._checkins, self._editing,
            lambda c: f"check-in (mood {c.mood}, focus {c.focus})")
        if checkin is None:
            return None
        if not self._editing:
            self._clear()
        self.checkin_logged.emit(checkin)
        return checkin

    def _clear(self) -> None:
        for box in self.scales.values():
            box.setValue(UNSET)
        self.note.clear()
        self.time.follow_clock()
        self.scales[SCALES[0]].setFocus()
