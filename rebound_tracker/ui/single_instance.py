"""One window per data directory: a second launch raises the first and exits 0.

A QLockFile in the data directory decides who is first (it notices a lock left by a
crashed process from the PID it records, so a kill -9 never blocks the next start). The
first instance listens on a QLocalServer whose name is derived from the data directory;
a later launch connects, says ``raise`` and leaves. Two data directories are two
separate people's logs and may run side by side.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "window.lock"
RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 3000


def server_name(data_dir: Path) -> str:
    """A local socket name for ``data_dir`` (short: Unix socket paths are limited)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"rebound-tracker-{getpass.getuser()}-{digest}"


class SingleInstance(QObject):
    """``raise_requested`` when another launch asked this one to come forward."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self.lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this is the first instance (it then listens for later launches)."""
        if not self.lock.tryLock(0):  # a lock whose process is gone is taken over here
            return False
        QLocalServer.removeServer(self.name)  # a socket left by a crashed first instance
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self.server.listen(self.name)
        return True

    def ask_first_to_raise(self) -> bool:
        """Tell the running instance to show its window; False if it did not answer."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        ok = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return ok

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def _connected(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()
