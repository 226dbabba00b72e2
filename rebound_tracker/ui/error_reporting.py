"""Errors the window did not expect never vanish into a terminal nobody reads.

One handler for all of them: Python exceptions that reach the event loop (``sys.excepthook``,
which PySide calls for an exception in a slot or a virtual method), exceptions in threads
(``threading.excepthook``), Qt's own warnings (``qInstallMessageHandler``) and hard crashes
(``faulthandler``). Each is appended to ``<data dir>/logs/rebound-tracker.log`` (owner-only,
rotated), and an exception is shown to the person in plain words with a "Copy details" button.
The hook chains to the one it replaced, so a test runner that records exceptions still sees
them.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from html import escape
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

LOG_NAME = "rebound-tracker.log"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3
log = logging.getLogger("rebound_tracker.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def _private_handler(path: Path) -> logging.Handler:
    missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    for directory in reversed(missing):  # every folder we create is owner-only
        directory.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES,
                                                   backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class ErrorReporter:
    """Installed once by the window's start-up; :meth:`uninstall` puts the old hooks back."""

    def __init__(self, log_dir: Path, parent: Callable[[], QWidget | None] = lambda: None
                 ) -> None:
        self.log_path = log_dir / LOG_NAME
        self._parent = parent
        self._handler = _private_handler(self.log_path)
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self._fault_file: IO[str] | None = None
        self._showing = False
        self.shown: list[str] = []  # what the person was told (tests read it)

    def install(self) -> ErrorReporter:
        logging.getLogger("rebound_tracker").addHandler(self._handler)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._on_exception
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = self._on_thread_exception
        qInstallMessageHandler(self._on_qt_message)
        # faulthandler writes straight to the file descriptor on a crash: keep it open.
        self._fault_file = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(self._fault_file, all_threads=True)
        return self

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(None)
        faulthandler.disable()
        if self._fault_file is not None:
            self._fault_file.close()
        logging.getLogger("rebound_tracker").removeHandler(self._handler)
        self._handler.close()

    # --- the hooks ---------------------------------------------------------------------
    def _on_exception(self, kind: type[BaseException], error: BaseException,
                      tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error in the window\n%s", details.rstrip())
        if not issubclass(kind, KeyboardInterrupt):
            # Not from inside the slot that failed: a dialog would spin the event loop there.
            QTimer.singleShot(0, lambda: self._show(error, details))
        if self._previous_hook is not None:  # stderr by default; a test runner records it
            self._previous_hook(kind, error, tb)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._on_exception(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_qt_message(self, kind: QtMsgType, _context: object, message: str) -> None:
        level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
                 QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
        logging.getLogger("rebound_tracker.qt").log(level, "%s", message)
        if level >= logging.ERROR:
            print(f"qt: {message}", file=sys.stderr)

    def _show(self, error: BaseException, details: str) -> None:
        if self._showing or QApplication.instance() is None:
            return  # one dialog at a time; the rest are in the log
        self._showing = True
        try:
            self.shown.append(details)
            ErrorDialog(self._parent(), error, details, self.log_path).exec()
        finally:
            self._showing = False


class ErrorDialog(QDialog):
    """The plain-language message for an unexpected error, with its details to copy."""

    def __init__(self, parent: QWidget | None, error: BaseException, details: str,
                 log_path: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.details = details
        text = QLabel("<b>Rebound Tracker ran into a problem it did not expect.</b><br>What "
                      "you logged before this is safe in the database; the last action may "
                      "not have finished.")
        text.setWordWrap(True)
        where = QLabel(f"{error.__class__.__name__}: {escape(str(error))}<br><br>The details "
                       f"were added to {escape(str(log_path))}. If it happens again, please "
                       "include them when you report it.")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown = QPlainTextEdit(details)
        shown.setReadOnly(True)
        shown.setAccessibleName("Error details")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Copy details",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, where, shown, buttons):
            layout.addWidget(widget)
        self.resize(620, 420)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
