"""Asks the reminder service what is due, once a minute, and hands each alert on.

The clock lives in the services (injected there for tests); the runner only decides when
to ask: on a QTimer aligned to the start of each minute, after every change to the log,
and at once on start-up (so what fell due while the app was closed re-fires, marked
missed). A store that refuses for the moment (another program holds the write lock) is
asked again on the next tick; nothing is lost, since every state lives in the database.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.services.reminders import Alert, ReminderService

log = logging.getLogger(__name__)

TICK_MS = 60_000


class ReminderRunner(QObject):
    """``alerted(Alert)`` for each reminder or prompt to show now."""

    alerted = Signal(object)

    def __init__(self, reminders: ReminderService, parent: QObject | None = None,
                 tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._tick_ms = tick_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)
        self.last_error: str | None = None

    def start(self) -> None:
        self.check()
        self._schedule_next()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> list[Alert]:
        """Bring the stored plan up to date and emit what is due now."""
        try:
            self._reminders.sync()
            alerts = self._reminders.due()
        except ReboundError as error:
            self.last_error = str(error)
            log.warning("reminders not checked this minute: %s", error)
            return []
        self.last_error = None
        for alert in alerts:
            self.alerted.emit(alert)
        return alerts

    def _tick(self) -> None:
        self.check()
        self._schedule_next()

    def _schedule_next(self) -> None:
        if self._tick_ms != TICK_MS:
            self.timer.start(self._tick_ms)
            return
        now = self._reminders.now()
        into_minute_ms = (now.second * 1000 + now.microsecond // 1000) % TICK_MS
        # A little past the minute, so an item due at hh:mm is due when asked.
        self.timer.start(TICK_MS - into_minute_ms + 200)
