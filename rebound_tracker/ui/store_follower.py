"""The open window follows what other programs write to the log.

A dose added with ``rebound-tracker dose add`` while the window is open, a check-in from a
script, a setting changed on the command line: every ``INTERVAL_MS`` the follower asks the
store whether another connection committed (``Services.changed_elsewhere``, a PRAGMA on an
open connection: microseconds) and emits ``changed`` when one did. The window's own writes
never count, so nothing is redrawn twice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

INTERVAL_MS = 2000
"""How often to look: soon enough that a dose logged in a terminal beside the window is on
screen before the person looks back at it."""


class StoreFollower(QObject):
    changed = Signal()

    def __init__(self, changed_elsewhere: Callable[[], bool], parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._changed_elsewhere = changed_elsewhere
        changed_elsewhere()  # where things stand now: only later commits are news
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def look(self) -> bool:
        """Ask now; emit ``changed`` (and return True) if another program wrote."""
        if self._changed_elsewhere():
            self.changed.emit()
            return True
        return False
