"""A second launch over the same data directory brings the first window forward and exits
0; the first keeps running. A lock left by a killed first instance does not block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import rebound_tracker

FIRST = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from rebound_tracker import gui
    import rebound_tracker.ui.main_window as main_window

    built = main_window.MainWindow.__init__

    def watch(window):
        top = window.window()
        top.showMinimized()
        print("ready", flush=True)
        poll = QTimer(window)

        def check():
            if not top.isMinimized() and top.isVisible():
                poll.stop()
                print("raised", flush=True)
                QTimer.singleShot(0, top.close)

        poll.timeout.connect(check)
        poll.start(50)

    def init(self, *args, **kwargs):
        built(self, *args, **kwargs)
        QTimer.singleShot(300, lambda: watch(self))

    main_window.MainWindow.__init__ = init
    sys.exit(gui.launch(sys.argv[1], ["rebound-tracker"]))
""")


def line(process, seconds: float = 90) -> str:
    """The next line the process prints, or '' if none comes (so a fault fails the test
    instead of hanging it)."""
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(seconds):
            return ""
    return process.stdout.readline().strip()


def environment(tmp_path):
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHONPATH": str(Path(rebound_tracker.__file__).parent.parent)}


def second_launch(data, env):
    return subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir", str(data)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_a_second_launch_raises_the_first_window_and_exits_0(tmp_path):
    env, data = environment(tmp_path), tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-c", FIRST, str(data)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert line(first) == "ready"
        second = second_launch(data, env)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout
        assert line(first) == "raised"
        first.wait(60)
    finally:
        first.kill()
    assert first.returncode == 0


def test_a_killed_first_instance_leaves_no_lock_that_blocks(tmp_path):
    env, data = environment(tmp_path), tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-c", FIRST, str(data)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert line(first) == "ready"
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert (data / "window.lock").exists()  # left behind by kill -9
    again = subprocess.Popen([sys.executable, "-c", FIRST, str(data)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert line(again) == "ready"  # it started: the lock was stale
        assert second_launch(data, env).returncode == 0
        assert line(again) == "raised"
        again.wait(60)
    finally:
        again.kill()
