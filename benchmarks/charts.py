"""Chart speed on a 5-year history (~5,500 doses, ~11,000 check-ins), as PRODUCT.md asks.

A frame is what one step costs the UI thread in the running app: the time from setting the
view's x range (as the range buttons, day steps and a pan do) until the event loop has
delivered every repaint that change causes, measured around ``set_x_range`` and
``processEvents`` passes until a pass paints nothing more. It counts all the paints, not
one forced ``repaint()``: pyqtgraph applies a new range to the view's transform only when
painting starts, which marks items dirty and schedules a second paint unless the chart
applies it first. The benchmark prints how many paints a frame took.

Prints medians of several runs:
- full-range (5-year) redraw: the whole-history view, its left edge moved by an hour back
  and forth, so every frame is a new range at the same zoom (target ≤ 16 ms);
- one-day view: a jump to a random day of the history, one after another (target ≤ 5 ms);
- panning: one pan step (5 % of a week view) and repaint, median and worst;
- zooming out: from a day to the whole history (the All button), median and worst; the
  full-range rows above repeat the whole-history view, this one comes from a day each time;
- the floor: the same frame on an empty date-axis PlotWidget of the same size (one paint);
- the longest the UI thread went without running its event loop while the whole history
  was loaded in the background (what "panning never blocks" depends on), over three loads,
  and again with the heap frozen (gc.freeze) as start-up could do;
- off-thread costs: loading the whole timeline, computing 5-year trends.

    python benchmarks/charts.py [--runs 25] [--years 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from rebound_tracker.app import open_services
from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.storage.database import make_session_factory
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
)
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.timeline_panel import TimelinePanel

DOSE_HOURS = (8.0, 12.0, 16.0)          # IR three times a day: ~5,480 doses in 5 years
CHECKIN_HOURS = (9, 11, 13, 15, 17, 20)  # six a day: ~10,960 check-ins


def fill(services, years: int) -> tuple[date, date]:
    """Write the history straight through the repositories in one transaction (fast)."""
    rng = random.Random(5)
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=365 * years)
    sessions = make_session_factory(services.engine)
    with sessions.begin() as session:
        doses, checkins = DoseRepository(session), CheckInRepository(session)
        day = first
        while day <= last:
            midnight = attach_local(datetime(day.year, day.month, day.day))
            for hour in DOSE_HOURS:
                moment = midnight + timedelta(hours=hour, minutes=rng.gauss(0, 15))
                doses.add(Dose("methylphenidate-ir", 10.0, LoggedTime.from_aware(moment)))
            for hour in CHECKIN_HOURS:
                moment = midnight + timedelta(hours=hour, minutes=rng.gauss(0, 20))
                checkins.add(CheckIn(LoggedTime.from_aware(moment), mood=rng.randint(3, 8),
                                     focus=rng.randint(2, 8),
                                     irritability=rng.randint(1, 7)))
            day += timedelta(days=1)
    return first, last


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def until_painted(app: QApplication, paints: PaintCounter, move) -> tuple[float, int]:
    """Run ``move`` (a view change), then the event loop until it paints nothing more:
    the milliseconds that took and how many paints it made."""
    app.processEvents()
    before = paints.count
    start = time.perf_counter()
    move()
    for _ in range(10):
        seen = paints.count
        app.processEvents()
        if paints.count == seen and seen > before:
            break
    elapsed = (time.perf_counter() - start) * 1000.0
    if paints.count == before:
        raise RuntimeError("the view change did not repaint: not a frame")
    return elapsed, paints.count - before


def frame(app: QApplication, panel: TimelinePanel, paints: PaintCounter,
          left: float, right: float) -> float:
    """One pan or zoom step: move the view and let it paint (ms); counts paints per frame."""
    elapsed, count = until_painted(app, paints, lambda: panel.chart.set_x_range(left, right))
    PAINTS_PER_FRAME.append(count)
    return elapsed


PAINTS_PER_FRAME: list[int] = []


def empty_plot_repaint(app: QApplication, runs: int) -> float:
    """The same frame on an empty date-axis PlotWidget of the same size (the floor), its
    new range applied before painting so that it paints once."""
    import pyqtgraph as pg

    widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
    widget.resize(1000, 600)
    widget.show()
    paints = PaintCounter(widget.viewport())
    app.processEvents()
    view = widget.getPlotItem().getViewBox()

    def move(i: int) -> None:
        widget.setXRange(1.6e9 + i, 1.6e9 + 86400 + i, padding=0)
        view.updateMatrix()

    times = [until_painted(app, paints, lambda i=i: move(i))[0] for i in range(runs)]
    widget.close()
    return statistics.median(times)


def ui_stall_during(app: QApplication, job) -> float:
    """Longest gap (ms) between 2 ms timer ticks while ``job`` runs in the background."""
    gaps, clock, done = [], QElapsedTimer(), []
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=2)
    timer.timeout.connect(tick)
    timer.start()
    run_in_background(job, done.append, lambda e: done.append(e))
    while not done:
        app.processEvents()
    timer.stop()
    return float(max(gaps, default=0))


def filled_history(name: str):
    """(args, app, services, first day, last day): ``--runs`` and ``--years`` parsed, a new
    store filled with that many years, and what it holds printed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    app = QApplication([])
    services = open_services(tempfile.mkdtemp(prefix=f"rt-bench-{name}-"))
    first, last = fill(services, args.years)
    print(f"history: {services.doses.count()} doses, {services.checkins.count()} check-ins, "
          f"{first} to {last}; platform {app.platformName()}")
    return args, app, services, first, last


def main() -> None:
    args, app, services, first, last = filled_history("charts")
    panel = TimelinePanel(services.timeline, services.medications)
    panel.resize(1000, 600)
    panel.show()
    end = day_bounds(date.today())[1]
    t0 = time.perf_counter()
    data = services.timeline.load(None, end)
    load_ms = (time.perf_counter() - t0) * 1000
    panel._apply(data, whole=True)
    full = (data.start.timestamp(), end.timestamp())
    rng = random.Random(1)
    paints = PaintCounter(panel.plot.viewport())
    frame(app, panel, paints, full[0] + 1800, full[1])  # first paint builds caches; not counted
    PAINTS_PER_FRAME.clear()
    full_ms = [frame(app, panel, paints, full[0] + (i % 2) * 3600, full[1])
               for i in range(args.runs)]
    days = [first + timedelta(days=rng.randrange((last - first).days)) for _ in range(args.runs)]
    day_ms = [frame(app, panel, paints, *(t.timestamp() for t in day_bounds(d))) for d in days]
    week = 7 * 86400.0
    left = day_bounds(days[0])[0].timestamp()
    pan_ms = [frame(app, panel, paints, left + i * 0.05 * week, left + week + i * 0.05 * week)
              for i in range(1, args.runs * 4 + 1)]
    zoom_ms = []
    for i, day in enumerate(days):
        frame(app, panel, paints, *(t.timestamp() for t in day_bounds(day)))  # not counted
        zoom_ms.append(frame(app, panel, paints, full[0] + (i % 2) * 60, full[1]))
    floor_ms = empty_plot_repaint(app, args.runs)
    # Whether a load stalls depends on whether it tips Python into a full garbage collection
    # (70-90 ms over this process's ~130,000 objects, GIL held): measure several loads.
    stalls = [ui_stall_during(app, lambda: services.timeline.load(None, end)) for _ in range(3)]
    gc.collect()
    gc.freeze()  # what start-up could do once the window is built (gui.py)
    frozen = [ui_stall_during(app, lambda: services.timeline.load(None, end)) for _ in range(3)]
    gc.unfreeze()
    t0 = time.perf_counter()
    services.trends.compute(None, last)
    trends_ms = (time.perf_counter() - t0) * 1000
    med = statistics.median
    print(f"full-range redraw: median {med(full_ms):.1f} ms (target <= 16 ms), "
          f"runs {len(full_ms)}")
    print(f"one-day view:      median {med(day_ms):.1f} ms (target <= 5 ms), runs {len(day_ms)}")
    print(f"pan step (week):   median {med(pan_ms):.1f} ms, worst {max(pan_ms):.1f} ms")
    print(f"day -> all (zoom):  median {med(zoom_ms):.1f} ms, worst {max(zoom_ms):.1f} ms")
    print(f"paints per frame: {sorted(set(PAINTS_PER_FRAME))}")
    print(f"floor: the same frame on an empty pyqtgraph PlotWidget of the same size: median "
          f"{floor_ms:.1f} ms")
    print(f"UI thread longest stall while the 5-year timeline loads in the background: "
          f"{max(stalls):.0f} ms (3 loads: {', '.join(f'{x:.0f}' for x in stalls)}); "
          f"with the start-up heap frozen (gc.freeze): {max(frozen):.0f} ms")
    print(f"off the UI thread: whole-timeline load {load_ms:.0f} ms, "
          f"5-year trends {trends_ms:.0f} ms")
    panel.close()
    services.close()


if __name__ == "__main__":
    main()
