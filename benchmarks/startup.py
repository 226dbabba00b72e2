"""Time from process start to the main window shown, against a bare PySide6 window.

Runs each variant in a fresh subprocess several times (offscreen by default) and prints the
medians and the ratio. Target (PRODUCT.md): ours <= 1.5x the bare window. "Shown" is the
window on screen with its loading line; "ready" is the log, chart and forms loaded into it.

    python benchmarks/startup.py [--runs 7] [--days 1826]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
app.processEvents()
print(time.time() - t0)
"""

OURS = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from rebound_tracker.gui import launch
from rebound_tracker.ui.startup_window import StartupWindow
marks = {}

def watch():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupWindow)]
    if windows and windows[0].isVisible() and "shown" not in marks:
        marks["shown"] = time.time() - t0
    if windows and windows[0].content is not None:
        QApplication.processEvents()
        marks["ready"] = time.time() - t0
        windows[0].close()
        return
    QTimer.singleShot(1, watch)

app = QApplication([])
QTimer.singleShot(0, watch)
launch(sys.argv[2], [])
print(marks["shown"], marks["ready"])
"""


def measure(code: str, *args: str) -> list[float]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(start), *args], check=True,
                         capture_output=True, text=True).stdout
    return [float(v) for v in out.strip().splitlines()[-1].split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=int, default=1826, help="demo history length")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = tempfile.mkdtemp(prefix="rt-bench-")
    subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir", data, "demo",
                    "--days", str(args.days)], check=True, capture_output=True)
    measure(BARE), measure(OURS, data)  # warm the file cache once
    bare = [measure(BARE)[0] for _ in range(args.runs)]
    ours = [measure(OURS, data) for _ in range(args.runs)]
    b = statistics.median(bare)
    o = statistics.median(run[0] for run in ours)
    ready = statistics.median(run[1] for run in ours)
    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"platform: {platform}, runs: {args.runs}, history: {args.days} days")
    print(f"bare PySide6 window shown: median {b * 1000:.0f} ms")
    print(f"Rebound Tracker window shown: median {o * 1000:.0f} ms")
    print(f"ratio: {o / b:.2f}x (target <= 1.5x)")
    print(f"Rebound Tracker log, chart and forms ready in it: median {ready * 1000:.0f} ms")


if __name__ == "__main__":
    main()
