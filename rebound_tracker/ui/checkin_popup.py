"""The small check-in window a prompt opens: a digit per scale, Tab to the next, Enter logs.

The check-in it stores records which prompt it answered (wear-off, rebound or random), so
the evidence analysis can tell prompted check-ins from the ones the person chose to make.
Escape (or closing it) dismisses the prompt. The check-in goes through the window's undo
stack like any other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import REQUIRED_SCALES, SCALES, CheckIn
from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.reminders import ReminderService
from rebound_tracker.ui.checkin_form import ScaleBox
from rebound_tracker.ui.feedback import describe, error_label
from rebound_tracker.ui.undo import push_entry

PROMPT_WORDS = {"wear-off": "predicted wear-off", "rebound": "predicted rebound window",
                "random": "random-time"}


class CheckInPopup(QDialog):
    """Answers prompt ``key``; ``answered(CheckIn)`` once stored, ``dismissed(key)`` on
    Escape or close."""

    answered = Signal(object)
    dismissed = Signal(str)

    def __init__(self, key: str, kind: str, text: str, reminders: ReminderService,
                 checkins: CheckInService, undo_stack: QUndoStack, shown_scales=SCALES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.kind = key, kind
        self._reminders, self._checkins, self._undo = reminders, checkins, undo_stack
        self._done = False
        self.setWindowTitle("Quick check-in")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        intro = QLabel(f"{text}\nType a digit for each (0–10), Tab to the next, Enter logs; "
                       "Escape dismisses.")
        intro.setWordWrap(True)
        self.scales: dict[str, ScaleBox] = {}
        grid = QGridLayout()
        chosen = set(shown_scales)
        names = [n for n in SCALES if n in REQUIRED_SCALES or n in chosen]
        for i, name in enumerate(names):
            box = ScaleBox(name)
            label = QLabel(name.capitalize() + (" *" if name in REQUIRED_SCALES else ""))
            label.setBuddy(box)
            row, column = divmod(i, 2)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(box, row, column * 2 + 1)
            self.scales[name] = box
            box.lineEdit().returnPressed.connect(self.submit)
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional note")
        self.note.setAccessibleName("Check-in note")
        self.note.returnPressed.connect(self.submit)
        self.error = error_label()
        self.log_button = QPushButton("Log check-in")
        self.log_button.setAutoDefault(False)
        self.log_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.log_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.scales[SCALES[0]].setFocus()

    def submit(self) -> CheckIn | None:
        values = {name: box.value_or_none() for name, box in self.scales.items()}
        try:
            checkin = self._reminders.answer(self.key, values, note=self.note.text())
            words = PROMPT_WORDS.get(self.kind, self.kind)
            stored = push_entry(self._undo, self._checkins, None, checkin,
                                f"check-in (mood {checkin.mood}, focus {checkin.focus}; "
                                f"{words} prompt)")
        except ReboundError as error:  # named field, value and what is accepted
            self.error.setText(describe(error))
            self.error.show()
            return None
        try:
            self._reminders.mark_answered(self.key, stored.id)
        except ReboundError as error:  # stored, but the prompt may show once more
            self.error.setText(describe(error))
        self._done = True
        self.answered.emit(stored)
        self.accept()
        return stored

    def done(self, result: int) -> None:
        if not self._done:
            self._done = True
            self.dismissed.emit(self.key)
        super().done(result)
