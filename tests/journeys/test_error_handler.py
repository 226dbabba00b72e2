"""An error the window did not expect: shown in plain words with its details to copy,
written to the log in the data directory, and never a passing test."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap

from journeys_helpers import click, on_modal
from PySide6.QtWidgets import QApplication, QPushButton

from rebound_tracker.ui import error_reporting


def test_an_exception_in_a_slot_is_shown_with_copyable_details_and_logged(qtbot, tmp_path):
    log_dir = tmp_path / "data" / "logs"
    button = QPushButton("Break")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: 1 / 0)
    button.show()
    seen = {}

    def read_and_copy(dialog):
        seen["title"] = dialog.windowTitle()
        click(dialog.copy_button)
        dialog.reject()

    with qtbot.capture_exceptions() as raised:  # this test wants the exception
        reporter = error_reporting.ErrorReporter(log_dir).install()  # in front, as in the app
        try:
            driver = on_modal(read_and_copy)
            click(button)
            qtbot.waitUntil(lambda: driver.dialog is not None, timeout=5000)
            qtbot.waitUntil(lambda: not driver.dialog.isVisible(), timeout=5000)
        finally:
            reporter.uninstall()
    assert [type(e[1]) for e in raised] == [ZeroDivisionError]
    assert seen["title"] == "Something went wrong"
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    log = log_dir / error_reporting.LOG_NAME
    assert "ZeroDivisionError" in log.read_text() and "Traceback" in log.read_text()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(log_dir).st_mode) == 0o700


CRASHING = textwrap.dedent("""
    import faulthandler, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from rebound_tracker.ui.error_reporting import ErrorReporter
    app = QApplication([])
    ErrorReporter(Path(sys.argv[1])).install()
    faulthandler._sigsegv()
""")


def test_a_hard_crash_leaves_its_stack_in_the_log(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CRASHING, str(tmp_path / "logs")],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode != 0
    text = (tmp_path / "logs" / error_reporting.LOG_NAME).read_text()
    assert "Fatal Python error: Segmentation fault" in text


A_TEST_WHOSE_SLOT_RAISES = textwrap.dedent("""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    def test_click(qtbot):
        button = QPushButton("Break")
        qtbot.addWidget(button)
        button.clicked.connect(lambda: 1 / 0)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
""")


def test_the_suite_fails_a_test_whose_slot_raises(tmp_path):
    """pytest-qt's capture sees exceptions in slots (PySide hands them to sys.excepthook),
    with the window's error handler chained in front of it too."""
    (tmp_path / "test_slot.py").write_text(A_TEST_WHOSE_SLOT_RAISES)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path / "test_slot.py")], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    assert "ZeroDivisionError" in done.stdout and "1 failed" in done.stdout
