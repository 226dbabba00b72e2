"""The window as it first appears: on screen as soon as Qt is up, then it hosts the log.

Loading the store, the model and the charts takes most of a second (SQLAlchemy, numpy and
pyqtgraph imports, the schema check, the first simulation). The person sees the window at
once, with a line saying what it is doing, instead of nothing. Only QtCore/QtWidgets are
imported here, so this module costs nothing extra to load.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

ORGANISATION, APPLICATION = "Rebound Tracker", "rebound-tracker"
GEOMETRY_KEY = "main_window/geometry"
PAINT_FIRST_MS = 30
"""Give the first paint this long before the (blocking) loading starts."""


class StartupWindow(QMainWindow):
    """Shows 'Opening your log…', then puts the widget that ``load`` returns in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rebound Tracker")
        self.message = QLabel("Opening your log…")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Opening your log")
        self.setCentralWidget(self.message)
        self.content: QWidget | None = None
        self.error: BaseException | None = None
        geometry = QSettings(ORGANISATION, APPLICATION).value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 860)

    def load_later(self, load: Callable[[], QWidget]) -> None:
        """Call ``load`` once the window has painted; on an error, keep it and quit."""
        QTimer.singleShot(PAINT_FIRST_MS, lambda: self._load(load))

    def _load(self, load: Callable[[], QWidget]) -> None:
        try:
            content = load()
        except Exception as error:  # reported by the caller after the event loop ends
            self.error = error
            QApplication.exit(1)
            return
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


def run_startup_window(load: Callable[[], QWidget], argv: list[str]) -> int:
    """Show the window, load its content once painted, run until it closes.

    An error raised by ``load`` (say, a database that cannot be opened) ends the event loop
    and is raised again here, for the caller to report.
    """
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("Rebound Tracker")
    window = StartupWindow()
    window.show()
    window.load_later(load)
    code = app.exec()
    if window.error is not None:
        raise window.error
    return code
