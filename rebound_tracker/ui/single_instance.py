"""One window per data directory: a second launch raises the first and exits 0.

A QLockFile in the data directory decides who is first (it notices a lock left by a
crashed process from the PID it records, so a kill -9 never blocks the next start). A
later launch leaves a request file next to it; the first instance watches the directory
(QFileSystemWatcher), brings its window forward and deletes the request, which tells the
later launch it was heard. No socket of any kind: the app imports no network module.
Two data directories are two separate people's logs and may run side by side.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

LOCK_NAME = "window.lock"
REQUEST_NAME = "window.raise-request"
ANSWER_TIMEOUT_S = 5.0


class SingleInstance(QObject):
    """``raise_requested`` when another launch asked this one to come forward."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone
        self.request = self.data_dir / REQUEST_NAME
        self.watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """True if this is the first instance (it then watches for later launches)."""
        if not self.lock.tryLock(0):  # a lock whose process is gone is taken over here
            return False
        self.request.unlink(missing_ok=True)  # left by a launch nobody answered
        self.watcher = QFileSystemWatcher([str(self.data_dir)], self)
        self.watcher.directoryChanged.connect(lambda _path: self._check())
        return True

    def ask_first_to_raise(self, timeout_s: float = ANSWER_TIMEOUT_S) -> bool:
        """Ask the running instance to show its window; False if it did not answer."""
        fd = os.open(self.request, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.request.exists():
                return True
            time.sleep(0.05)
        self.request.unlink(missing_ok=True)
        return False

    def release(self) -> None:
        if self.watcher is not None:
            # Not deleteLater(): the event loop may be over, and a deferred delete left for
            # the next one (a later launch in the same process) would hit a freed object.
            self.watcher.blockSignals(True)
            self.watcher.removePaths(self.watcher.directories())
        self.lock.unlock()

    def _check(self) -> None:
        if self.request.exists():
            self.request.unlink(missing_ok=True)
            self.raise_requested.emit()
