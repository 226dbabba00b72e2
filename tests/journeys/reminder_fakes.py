"""Stand-ins for the reminder journeys: an injected clock on a fixed day and a recorder in
place of the desktop's notification service (``clock``, ``notifications`` and ``window``
in conftest.py use them; each journey module supplies its own ``services``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, Signal

from rebound_tracker.domain.timeparse import attach_local

DAY = date(2026, 3, 2)


class Clock:
    def __init__(self, hh: int, mm: int = 0) -> None:
        self.now = at(hh, mm)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def at(hh: int, mm: int = 0) -> datetime:
    return attach_local(datetime(DAY.year, DAY.month, DAY.day, hh, mm))


class RecordedNotifications(QObject):
    """Stands in for DesktopNotifications: records what was shown and closed."""

    action_invoked = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.shown, self.closed = [], []

    def show(self, notice) -> bool:
        self.shown.append(notice)
        return True

    def close(self, key: str) -> None:
        self.closed.append(key)

    def shutdown(self) -> None:
        pass

    def press(self, notice, label: str) -> None:
        """The person presses the button labelled ``label`` on ``notice``."""
        action = dict((text, a) for a, text in notice.actions)[label]
        self.action_invoked.emit(notice.key, action)
