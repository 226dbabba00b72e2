"""Logging a dose and resident memory on a 5-year history, as PRODUCT.md asks.

Fills a temporary store with the demo history (``services.demo.fill``), then prints:
- logging a dose: median (and worst) time of ``DoseService.add`` until committed, over
  ``--runs`` doses (target <= 20 ms);
- resident memory of a fresh process with the main window open on that history, offscreen:
  after the window's first loads, and after the timeline loaded the whole history
  (target <= 250 MB). VmRSS from /proc/self/status (current) and ru_maxrss (peak).

    python benchmarks/logging_and_memory.py [--runs 30] [--days 1826] [--history demo|product]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOW = """
import os, resource, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
from rebound_tracker.app import open_services
from rebound_tracker.ui.background import wait_for_background
from rebound_tracker.ui.main_window import MainWindow

def settle(app):
    for _ in range(3):
        wait_for_background(60000)
        for _ in range(50):
            app.processEvents()

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

app = QApplication([])
services = open_services(sys.argv[1])
window = MainWindow(services)
window.resize(1280, 800)
window.show()
settle(app)
opened = rss_mb()
window.timeline.set_range("all")
settle(app)
print(opened, rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, default=1826)
    parser.add_argument("--history", choices=("demo", "product"), default="demo",
                        help="demo: services.demo.fill (about 1,800 doses and 7,300 check-ins "
                             "in 5 years); product: the PRODUCT.md size (~5,500 and ~11,000), "
                             "written as benchmarks/charts.py does")
    args = parser.parse_args()
    from rebound_tracker.app import open_services
    from rebound_tracker.domain.timeparse import local_now

    data_dir = tempfile.mkdtemp(prefix="rt-bench-log-")
    services = open_services(data_dir)
    if args.history == "demo":
        summary = services.demo.fill(days=args.days)
        first, last = summary.first_day, summary.last_day
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from charts import fill

        first, last = fill(services, round(args.days / 365))
    print(f"history ({args.history}): {services.doses.count()} doses, "
          f"{services.checkins.count()} check-ins, {first} to {last}")
    start = local_now() - timedelta(hours=1)
    times = []
    for i in range(args.runs):
        at = start + timedelta(seconds=i)
        t0 = time.perf_counter()
        services.doses.add("methylphenidate-ir", 10, at)  # returns after the commit
        times.append((time.perf_counter() - t0) * 1000)
    services.close()
    print(f"log a dose (DoseService.add to committed): median {statistics.median(times):.1f} ms "
          f"(target <= 20 ms), worst {max(times):.1f} ms, runs {len(times)}")
    print(f"  (this process after filling: VmRSS {rss_mb():.0f} MB, peak "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; not the target)")

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", WINDOW, data_dir], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    opened, whole, peak = (float(v) for v in out[-3:])
    print(f"memory, main window open on the history (offscreen, fresh process): "
          f"VmRSS {opened:.0f} MB after opening, {whole:.0f} MB with the whole history "
          f"on the timeline; peak {peak:.0f} MB (target <= 250 MB)")


if __name__ == "__main__":
    main()
