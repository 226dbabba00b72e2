"""Small steps a person takes, shared by the journey tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def click(button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def press(qtbot, widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press as the person makes it: to the widget with focus (shortcuts included)."""
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def select_row(window, entry_id: str) -> None:
    assert window.history.select_entry(entry_id)
    window.history.table.setFocus()


def dose_row(window, entry_id: str) -> str:
    for row in window.history.model.rows:
        if row.entry.id == entry_id:
            return row.what
    raise AssertionError(f"no row for {entry_id}")


class ModalDriver:
    """Runs ``action(dialog)`` on the next modal dialog, once it is up: a modal ``exec()``
    blocks the test until that dialog closes. ``dialog`` holds it afterwards."""

    def __init__(self, action: Callable[[QWidget], None], timeout_ms: int) -> None:
        self.dialog: QWidget | None = None
        self._action, self._left = action, timeout_ms
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        _WAITING.add(self)  # alive until it has answered, kept or not by the caller

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        self._left -= 20
        if dialog is not None and dialog.isVisible():
            self._timer.stop()
            _WAITING.discard(self)
            self.dialog = dialog
            self._action(dialog)
        elif self._left <= 0:
            self._timer.stop()
            _WAITING.discard(self)


_WAITING: set[ModalDriver] = set()


def on_modal(action: Callable[[QWidget], None], timeout_ms: int = 5000) -> ModalDriver:
    return ModalDriver(action, timeout_ms)


class LockHolder:
    """Another process holding the store's write lock (as the command line or a long import
    would), until :meth:`release`."""

    SCRIPT = ("import sqlite3, sys, time\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('BEGIN IMMEDIATE')\n"
              "print('locked', flush=True)\n"
              "sys.stdin.readline()\n"
              "c.execute('ROLLBACK')\n")

    def __init__(self, database) -> None:
        import subprocess
        import sys

        self.process = subprocess.Popen([sys.executable, "-c", self.SCRIPT, str(database)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            self.process.wait(10)

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def trigger(window, text: str) -> None:
    """Choose the menu item whose text (without '&') starts with ``text``."""
    for action in window.findChildren(QAction):
        if action.text().replace("&", "").startswith(text):
            action.trigger()
            return
    raise AssertionError(f"no menu item {text!r}")


def choose_file(path, then=None):
    """An action for :func:`on_modal`: type ``path`` into Qt's file dialog and accept it;
    ``then`` (another action) answers the next modal dialog, if one follows."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    follow: list[ModalDriver] = []

    def choose(dialog) -> None:
        assert isinstance(dialog, QFileDialog), dialog
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        if then is not None:
            follow.append(on_modal(then))
        dialog.accept()

    choose.follow = follow
    return choose


def press_button(text: str):
    """An action for :func:`on_modal`: click the dialog's button labelled ``text``."""

    def answer(dialog) -> None:
        for button in dialog.findChildren(QAbstractButton):
            if button.text().replace("&", "") == text:
                click(button)
                return
        raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}")

    return answer


WINDOW_SCRIPT = """
import faulthandler, sqlite3, sys
faulthandler.enable()
from PySide6.QtWidgets import QApplication
from rebound_tracker.gui import open_services_offering_restore
from rebound_tracker.ui.main_window import MainWindow
from rebound_tracker.ui.startup_window import StartupWindow
app = QApplication([])
data = sys.argv[1]


def open_window(services):
    startup = StartupWindow()
    startup.show()
    window = MainWindow(services)
    startup.host(window)
    return startup, window

"""


def assert_survives(body: str, data_dir) -> None:
    """Run ``body`` after :data:`WINDOW_SCRIPT` in a process of its own (a segfault there
    fails this test instead of killing the runner); it must print 'survived' and exit 0."""
    import os
    import subprocess
    import sys
    import textwrap

    script = WINDOW_SCRIPT + textwrap.dedent(body) + '\nprint("survived", flush=True)\n'
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script, str(data_dir)], capture_output=True,
                          text=True, timeout=240, env=env)
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-3000:]
