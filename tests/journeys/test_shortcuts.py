"""The window's shortcuts with the cursor in a text field, as under a real X server.

Under X11 a line edit takes Ctrl+E, Ctrl+K and Ctrl+D for itself (emacs-style editing),
which Qt's offscreen platform does not do; so the keys are tried in a subprocess under
Xvfb (skipped where there is none; .ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from rebound_tracker.gui import open_services_offering_restore
    from rebound_tracker.ui.main_window import MainWindow
    from rebound_tracker.ui.startup_window import StartupWindow
    app = QApplication([])
    services = open_services_offering_restore(sys.argv[1], [])
    startup = StartupWindow()
    startup.show()
    window = MainWindow(services)
    startup.host(window)
    startup.activateWindow()
    QTest.qWaitForWindowActive(startup, 5000)
    ctrl = Qt.KeyboardModifier.ControlModifier
    mg = window.dose_form.mg
    mg.setFocus()
    QTest.keyClicks(mg, "36")
    kind = window.timeline.kind.currentIndex()
    QTest.keyClick(mg, Qt.Key.Key_E, ctrl)
    print("curve switched", window.timeline.kind.currentIndex() != kind)
    QTest.keyClick(mg, Qt.Key.Key_K, ctrl)
    print("check-in focused", app.focusWidget() is window.checkin_form.scales["mood"])
    print("mg kept", mg.text() == "36")
    QTest.keyClick(app.focusWidget(), Qt.Key.Key_D, ctrl)
    print("dose focused", app.focusWidget() is window.dose_form.medication)
    services.close()
""")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
def test_window_shortcuts_win_over_text_field_keys_under_x11(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable,
                           "-c", SCRIPT, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines == {"curve switched": "True", "check-in focused": "True",
                     "mg kept": "True", "dose focused": "True"}, done.stdout
