"""The window as it first appears: on screen as soon as Qt is up, then it hosts the log.

Loading the store, the model and the charts takes most of a second (SQLAlchemy, numpy and
pyqtgraph imports, the schema check, the first simulation). The person sees the window at
once, with a line saying what it is doing, instead of nothing. Only QtCore/QtWidgets are
imported here, so this module costs nothing extra to load.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

ORGANISATION, APPLICATION = "Rebound Tracker", "rebound-tracker"
DESKTOP_ID = "io.github.rebound_tracker.ReboundTracker"
"""The .desktop file's and the icon's name (resources/): Wayland shells match the window to
its launcher and icon by it."""
GEOMETRY_KEY = "main_window/geometry"
PAINT_FIRST_MS = 250
"""Loading (which blocks) starts as soon as the loading line has been painted, or after
this long if no paint comes (a window opened minimised); a fixed wait cost every start."""


class StartupWindow(QMainWindow):
    """Shows 'Opening your log…', then puts the widget that ``load`` returns in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rebound Tracker")
        self.message: QLabel | None = QLabel("Opening your log…")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Opening your log")
        self.setCentralWidget(self.message)
        self.content: QWidget | None = None
        self._pending: Callable[[], QWidget] | None = None
        self.error: BaseException | None = None
        geometry = QSettings(ORGANISATION, APPLICATION).value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 860)

    def load_later(self, load: Callable[[], QWidget]) -> None:
        """Call ``load`` once the window has painted; on an error, keep it and quit."""
        self._pending = load
        if self.message is not None:  # the painted message (gone once the window is in)
            self.message.installEventFilter(self)
        QTimer.singleShot(PAINT_FIRST_MS, self._load_pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._pending is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._load_pending)  # after this paint reaches the screen
        return False

    def _load_pending(self) -> None:
        load, self._pending = self._pending, None
        if load is not None:
            self._load(load)

    def _load(self, load: Callable[[], QWidget]) -> None:
        try:
            content = load()
        except Exception as error:  # reported by the caller after the event loop ends
            self.error = error
            QApplication.exit(1)
            return
        self.host(content)

    def host(self, content: QWidget) -> None:
        """Show ``content`` (the main window) in place of the start-up message."""
        content.setWindowFlags(Qt.WindowType.Widget)
        self.content = content
        self.setCentralWidget(content)
        self.message = None

    def closeEvent(self, event) -> None:
        QSettings(ORGANISATION, APPLICATION).setValue(GEOMETRY_KEY, self.saveGeometry())
        shutdown = getattr(self.content, "shutdown", None)
        if shutdown is not None:
            shutdown()
        super().closeEvent(event)


def ensure_application(argv: list[str]) -> QApplication:
    """The process's QApplication, made with ``argv`` if there is none yet."""
    return cast(QApplication, QApplication.instance() or QApplication(argv))


def call_later(msecs: int, fn: Callable[[], object]) -> None:
    """Call ``fn`` on the main thread once ``msecs`` have passed (the event loop runs)."""
    QTimer.singleShot(msecs, fn)


def process_events_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Let the event loop run until ``condition()``; False if ``timeout_s`` passed first."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        process_events()
        time.sleep(0.01)
    return True


def process_events() -> None:
    """Deliver what is queued now (deferred deletes, posted events)."""
    QApplication.processEvents()


def platform_name() -> str:
    """The Qt platform plugin in use (xcb, wayland, offscreen…)."""
    return QApplication.platformName()


def run_startup_window(load: Callable[[], QWidget], argv: list[str],
                       log_dir: Path | None = None) -> int:
    """Show the window, load its content once painted, run until it closes.

    An error raised by ``load`` (say, a database that cannot be opened) ends the event loop
    and is raised again here, for the caller to report. Unexpected errors while it runs are
    shown and logged under ``log_dir``; SIGINT and SIGTERM close it cleanly.
    """
    app = ensure_application(argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("Rebound Tracker")
    app.setDesktopFileName(DESKTOP_ID)
    if QIcon.hasThemeIcon(DESKTOP_ID):  # installed (Flatpak, a distribution package)
        app.setWindowIcon(QIcon.fromTheme(DESKTOP_ID))
    window = StartupWindow()
    window.show()  # first: nothing below runs before the event loop, and it is on screen
    reporter = None
    if log_dir is not None:
        from rebound_tracker.ui.error_reporting import ErrorReporter

        reporter = ErrorReporter(log_dir, lambda: window).install()
    stop_signals = close_on_signals(window)
    window.load_later(load)
    try:
        code = app.exec()
    finally:
        stop_signals()
        if reporter is not None:
            reporter.uninstall()
    if window.error is not None:
        raise window.error
    return code


def close_on_signals(window: QWidget) -> Callable[[], None]:
    """Close ``window`` cleanly (saving what it saves on close) on SIGINT or SIGTERM.

    Python runs signal handlers only between bytecodes, which never happens while Qt's event
    loop waits. On POSIX the C-level handler writes a wake-up byte to a pipe that a
    QSocketNotifier watches, and Python's handler runs inside its slot; elsewhere a slow
    timer gives Python the chance. Returns a function that undoes this.
    """
    caught = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_signal(_signum: int, _frame: object) -> None:
        window.close()
        QApplication.quit()

    for sig in caught:
        signal.signal(sig, on_signal)
    if os.name == "posix":
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        os.set_blocking(writer, False)
        previous_fd = signal.set_wakeup_fd(writer)
        notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, window)
        notifier.activated.connect(lambda *_: _drain(reader))
        waker: QObject = notifier
    else:
        reader = writer = previous_fd = -1
        waker = QTimer(window, interval=250)
        waker.start()

    def restore() -> None:
        waker.blockSignals(True)
        if writer >= 0:
            signal.set_wakeup_fd(previous_fd)
            os.close(reader)
            os.close(writer)
        for sig, handler in caught.items():
            signal.signal(sig, handler)

    return restore


def _drain(reader: int) -> None:
    try:
        while os.read(reader, 64):
            pass
    except BlockingIOError:
        pass
