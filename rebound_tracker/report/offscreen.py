"""Qt needs an application object to lay out text and render charts; the CLI has no screen."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication


def ensure_gui_application() -> QCoreApplication:
    """Return the running Qt application, or start an offscreen one for headless rendering.

    A widgets application (not just QGuiApplication), because charts are drawn with the same
    pyqtgraph code as the window, and a later window in the same process needs one too.
    """
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app
