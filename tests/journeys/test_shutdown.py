"""The app as a desktop session ends it: SIGTERM at logout, Ctrl+C in the terminal, after
the medication library was used. It closes cleanly: exit 0, the window's geometry saved,
nothing on stderr but Qt's platform notes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rebound_tracker

APP = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from custom_medication_sample import MY_ER
    from rebound_tracker.pk.definitions import definition_from_json
    from PySide6.QtCore import QTimer
    from rebound_tracker import gui
    import rebound_tracker.ui.main_window as main_window
    from rebound_tracker.ui.medication_commands import AddMedication

    built = main_window.MainWindow.__init__

    def use_the_library(window):
        dialog = window.open_medications()
        dialog.search.setText("con")
        window.undo_stack.push(AddMedication(window.services.medications,
                                             definition_from_json(MY_ER),
                                             dialog.report))
        dialog.close()
        window.undo_stack.undo()
        print("ready", flush=True)

    def init(self, *args, **kwargs):
        built(self, *args, **kwargs)
        QTimer.singleShot(300, lambda: use_the_library(self))

    main_window.MainWindow.__init__ = init
    sys.exit(gui.launch(sys.argv[1], ["rebound-tracker"]))
""")

QT_NOTES = ("propagateSizeHints", "does not support raise", "QSocketNotifier")


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_closes_the_window_cleanly(tmp_path, sent):
    tests = Path(__file__).parent.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHONPATH": str(Path(rebound_tracker.__file__).parent.parent)}
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir", str(data),
                    "demo", "--days", "10"], check=True, capture_output=True, env=env,
                   timeout=120)
    app = subprocess.Popen([sys.executable, "-c", APP, str(data), str(tests)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "ready"
        app.send_signal(sent)
        _, errors = app.communicate(timeout=60)
    finally:
        app.kill()
    complaints = [line for line in errors.splitlines()
                  if line.strip() and not any(note in line for note in QT_NOTES)]
    assert app.returncode == 0, errors
    assert not complaints, errors
    settings = list((tmp_path / "config").rglob("*.conf"))
    assert settings and "geometry" in settings[0].read_text().lower()
