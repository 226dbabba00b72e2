"""The timeline's clock: a tick at each minute's turn, and word when the date changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from rebound_tracker.domain.timeparse import local_now


class MinuteClock(QTimer):
    """Fires at the start of every local minute: ``minute`` (now), or at midnight
    ``new_day`` (yesterday, today) in its place. ``timeout`` runs one tick at once;
    ``now`` is the clock read (its owner's, so that one injected time serves both)."""

    minute = Signal(object)  # the local time of this tick
    new_day = Signal(object, object)  # (yesterday, today)

    def __init__(self, parent: QObject | None = None,
                 now: Callable[[], datetime] = local_now) -> None:
        super().__init__(parent, singleShot=True)
        self._now = now
        self.today: date = now().date()  # the date the clock last saw
        self.timeout.connect(self._tick)
        self._start_for_next_minute()

    def _start_for_next_minute(self) -> None:
        now = self._now()
        self.start(max(50, 60_000 - (now.second * 1000 + now.microsecond // 1000)))

    def _tick(self) -> None:
        now = self._now()
        if now.date() != self.today:
            yesterday, self.today = self.today, now.date()
            self.new_day.emit(yesterday, self.today)
        else:
            self.minute.emit(now)
        self._start_for_next_minute()
