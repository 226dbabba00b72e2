"""A date-time field that defaults to now and says which zone it means."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QPushButton, QWidget

from rebound_tracker.domain.timeparse import attach_local


def python_date(edit: QDateTimeEdit) -> date:
    """The day a date field shows (PySide6's stubs type ``QDate.toPython()`` as object)."""
    return cast(date, edit.date().toPython())


class TimeEdit(QWidget):
    """Follows the clock until the person changes it; 'Now' goes back to following."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QDateTimeEdit()
        self.editor.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.editor.setCalendarPopup(True)
        self.editor.setAccessibleName(accessible_name)
        self.now_button = QPushButton("Now")
        self.now_button.setToolTip("Set the time to now and keep following the clock")
        self.now_button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.now_button)
        self._following = True
        self.now_button.clicked.connect(self.follow_clock)
        self.editor.dateTimeChanged.connect(self._changed_by_person)
        self._timer = QTimer(self)
        self._timer.setInterval(20_000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.follow_clock()

    def follow_clock(self) -> None:
        self._following = True
        self._set(QDateTime.currentDateTime())

    def set_moment(self, moment: datetime) -> None:
        """Show an existing entry's wall-clock time (no longer following the clock)."""
        self._following = False
        self._set(QDateTime(QDate(moment.year, moment.month, moment.day),
                            QTime(moment.hour, moment.minute, moment.second)))

    def moment(self) -> datetime:
        """The chosen local wall-clock time as an aware datetime."""
        if self._following:
            self._set(QDateTime.currentDateTime())
        shown = cast(datetime, self.editor.dateTime().toPython())  # (typed object in the stubs)
        naive = shown.replace(second=0, microsecond=0)
        return attach_local(naive)

    def _set(self, value: QDateTime) -> None:
        self.editor.blockSignals(True)
        self.editor.setDateTime(value)
        self.editor.blockSignals(False)

    def _changed_by_person(self) -> None:
        self._following = False

    def _tick(self) -> None:
        if self._following:
            self._set(QDateTime.currentDateTime())
