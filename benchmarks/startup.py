"""Time from process start to the main window shown, against a bare PySide6 window, offscreen
and under a real X server (Xvfb).

Runs each variant in a fresh subprocess several times and prints medians and ratios.
Targets (PRODUCT.md): shown <= 1.5x the bare window, offscreen and under X; the 5-year log
fully usable <= 0.8 s after launch.

- offscreen: "shown" is the window visible with its loading line (in the process);
- X (Xvfb, started here on a free display, xcb plugin, real fonts): "shown" is when the X
  server reports the window viewable, polled every 20 ms from outside the process with
  xdotool (what a person would see), and "painted" when the process got its first paint;
- both: "usable" is the log, chart and forms loaded into the window and the first event
  loop pass after it done (a key press or click would be handled from then on).

Python's bytecode is cached (in a temporary PYTHONPYCACHEPREFIX, written by a first
warm-up run) as it is for an installed app. The process's own CPU time to the first paint
and to usable is printed too: on a machine shared with other work, wall times swing with
the load and CPU times much less. --detail prints where the time went (imports, opening
the store, building the window, the first timeline load).

    python benchmarks/startup.py [--runs 7] [--days 1826] [--platform offscreen|x|both]
        [--detail]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setWindowTitle("Bare PySide6 window"); w.resize(1280, 800)
marks = {}
class Paints(QObject):
    def eventFilter(self, _o, e):
        if e.type() == QEvent.Type.Paint and "painted" not in marks:
            marks["painted"] = time.time() - t0
            marks["cpu_painted"] = time.process_time()
        return False
paints = Paints(); w.installEventFilter(paints)
w.show()
marks["shown"] = time.time() - t0
def done():
    if "painted" not in marks:
        QTimer.singleShot(5, done); return
    print(marks["shown"], marks["painted"], marks["cpu_painted"], flush=True)
    QTimer.singleShot(float(sys.argv[2]) * 1000, app.quit)
QTimer.singleShot(0, done)
app.exec()
"""

OURS = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from rebound_tracker.gui import launch
from rebound_tracker.ui.startup_window import StartupWindow
marks = {"imported": time.time() - t0}

class Paints(QObject):
    def eventFilter(self, _o, e):
        if e.type() == QEvent.Type.Paint and "painted" not in marks:
            marks["painted"] = time.time() - t0
            marks["cpu_painted"] = time.process_time()
        return False

paints = Paints()

def watch():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupWindow)]
    if windows and "watched" not in marks:
        marks["watched"] = 0
        windows[0].installEventFilter(paints)
    if windows and windows[0].isVisible() and "shown" not in marks:
        marks["shown"] = time.time() - t0
    if windows and windows[0].content is not None:
        QApplication.processEvents()
        marks["usable"] = time.time() - t0
        marks.setdefault("painted", marks["usable"])
        marks.setdefault("cpu_painted", time.process_time())
        print(marks["shown"], marks["painted"], marks["usable"], marks["cpu_painted"],
              time.process_time(), flush=True)
        QTimer.singleShot(float(sys.argv[3]) * 1000, windows[0].close)
        return
    QTimer.singleShot(1, watch)

app = QApplication([])
QTimer.singleShot(0, watch)
launch(sys.argv[2], [])
"""

DETAIL = """
import time, sys
t0 = time.perf_counter()
import rebound_tracker.gui as gui
from PySide6.QtWidgets import QApplication
app = QApplication([])
t_qt = time.perf_counter()
from rebound_tracker.app import open_services_offering_restore
t_app = time.perf_counter()
from rebound_tracker.ui.main_window import MainWindow
t_ui = time.perf_counter()
services = open_services_offering_restore(sys.argv[1], [])
t_open = time.perf_counter()
window = MainWindow(services)
t_window = time.perf_counter()
window.show(); app.processEvents()
t_shown = time.perf_counter()
print(f"  Qt up {1000 * (t_qt - t0):.0f} ms; import store and services "
      f"{1000 * (t_app - t_qt):.0f} ms; import the window (numpy, pyqtgraph) "
      f"{1000 * (t_ui - t_app):.0f} ms; open the store {1000 * (t_open - t_ui):.0f} ms; "
      f"build the window (first day loaded) {1000 * (t_window - t_open):.0f} ms; "
      f"first paint of it {1000 * (t_shown - t_window):.0f} ms")
services.close()
"""

POLL_S = 0.02
LINGER_S = 0.6
"""Each process stays up this long after it is done, for the X poll to see its window."""


PYCACHE = tempfile.mkdtemp(prefix="rt-bench-pycache-")


def _env(platform: str, display: str | None) -> dict[str, str]:
    # Compiled bytecode as an installed app has it: with PYTHONDONTWRITEBYTECODE set (as
    # on this project's test machine) every start compiled the app's ~95 modules again.
    env = dict(os.environ, QT_QPA_PLATFORM=platform, PYTHONPYCACHEPREFIX=PYCACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if display is not None:
        env["DISPLAY"] = display
    return env


def _x_viewable(title: str, env: dict[str, str]) -> bool:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                           env=env, capture_output=True, text=True)
    return bool(found.stdout.strip())


def measure(code: str, args: list[str], env: dict[str, str], title: str | None
            ) -> list[float]:
    """Run ``code``; its printed marks, with the X poll's 'viewable' time first if
    ``title`` is given (else the process's own 'shown')."""
    start = time.time()
    process = subprocess.Popen([sys.executable, "-c", code, repr(start), *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = None
    while title is not None and seen is None and process.poll() is None:
        if _x_viewable(title, env):
            seen = time.time() - start
        else:
            time.sleep(POLL_S)
    out, _ = process.communicate(timeout=60)
    marks = [float(v) for v in out.strip().splitlines()[-1].split()]
    if title is not None:
        if seen is None:
            raise RuntimeError(f"the X server never showed a window named {title!r}")
        marks[0] = seen
    return marks


def run_platform(name: str, env: dict[str, str], data: str, runs: int, x: bool) -> None:
    bare_title = "Bare PySide6 window" if x else None
    ours_title = "Rebound Tracker" if x else None
    measure(BARE, [str(LINGER_S)], env, bare_title)  # warm the file cache once
    measure(OURS, [data, str(LINGER_S)], env, ours_title)
    bare = [measure(BARE, [str(LINGER_S)], env, bare_title) for _ in range(runs)]
    ours = [measure(OURS, [data, str(LINGER_S)], env, ours_title) for _ in range(runs)]
    b_shown = statistics.median(r[0] for r in bare)
    o_shown = statistics.median(r[0] for r in ours)
    how = "viewable on the X server (polled every 20 ms)" if x else "shown"
    print(f"[{name}] runs: {runs}")
    print(f"  bare PySide6 window {how}: median {b_shown * 1000:.0f} ms")
    print(f"  Rebound Tracker window {how}: median {o_shown * 1000:.0f} ms")
    print(f"  ratio: {o_shown / b_shown:.2f}x (target <= 1.5x)")
    b_paint = statistics.median(r[1] for r in bare)
    o_paint = statistics.median(r[1] for r in ours)
    print(f"  first paint: bare {b_paint * 1000:.0f} ms, Rebound Tracker {o_paint * 1000:.0f} "
          f"ms ({o_paint / b_paint:.2f}x)")
    usable = statistics.median(r[2] for r in ours)
    print(f"  Rebound Tracker log, chart and forms usable: median {usable * 1000:.0f} ms "
          f"(target <= 800 ms)")
    b_cpu = statistics.median(r[2] for r in bare)
    o_cpu = statistics.median(r[3] for r in ours)
    u_cpu = statistics.median(r[4] for r in ours)
    print(f"  CPU time to first paint: bare {b_cpu * 1000:.0f} ms, Rebound Tracker "
          f"{o_cpu * 1000:.0f} ms ({o_cpu / b_cpu:.2f}x); to usable {u_cpu * 1000:.0f} ms")


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb on the first free display from :90 (a lock file marks a taken one)."""
    for number in range(90, 140):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        display = f":{number}"
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24",
                                   "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return server, display
            time.sleep(0.05)
        server.kill()
    raise RuntimeError("no free X display for Xvfb")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=int, default=1826, help="demo history length")
    parser.add_argument("--platform", choices=("offscreen", "x", "both"), default="both")
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="rt-bench-")
    subprocess.run([sys.executable, "-m", "rebound_tracker", "--data-dir", data, "demo",
                    "--days", str(args.days)], check=True, capture_output=True)
    print(f"history: {args.days} days of demo log")
    if args.platform in ("offscreen", "both"):
        env = _env("offscreen", None)
        run_platform("offscreen", env, data, args.runs, x=False)
        if args.detail:
            subprocess.run([sys.executable, "-c", DETAIL, data], env=env, check=True)
    if args.platform in ("x", "both"):
        if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
            print("[x] skipped: Xvfb and xdotool are needed")
            return
        server, display = start_xvfb()
        try:
            env = _env("xcb", display)
            run_platform(f"Xvfb {display}, xcb", env, data, args.runs, x=True)
            if args.detail:
                subprocess.run([sys.executable, "-c", DETAIL, data], env=env, check=True)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
