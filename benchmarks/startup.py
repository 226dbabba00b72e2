"""Time from process start to the main window shown, against a bare PySide6 window.

Runs each variant in a fresh subprocess several times (offscreen by default) and prints the
medians and the ratio. Target (PRODUCT.md): ours <= 1.5x the bare window.

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
from PySide6.QtWidgets import QApplication
from rebound_tracker.app import open_services
from rebound_tracker.ui.main_window import MainWindow
app = QApplication([])
w = MainWindow(open_services(sys.argv[2])); w.show()
app.processEvents()
print(time.time() - t0)
"""


def measure(code: str, *args: str) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(start), *args], check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


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
    bare = [measure(BARE) for _ in range(args.runs)]
    ours = [measure(OURS, data) for _ in range(args.runs)]
    b, o = statistics.median(bare), statistics.median(ours)
    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"platform: {platform}, runs: {args.runs}, history: {args.days} days")
    print(f"bare PySide6 window shown: median {b * 1000:.0f} ms")
    print(f"Rebound Tracker window shown: median {o * 1000:.0f} ms")
    print(f"ratio: {o / b:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
