"""Day-by-hour raster speed on a 5-year history (~5,500 doses, ~11,000 check-ins).

A frame is measured as in benchmarks/charts.py: from changing the rows in view until the
event loop has delivered every repaint it causes. Prints medians (and the worst) of:
- the whole five years in view, its top edge moved by a day back and forth (target
  PRODUCT.md: <= 16 ms a frame);
- a month in view, jumping to a random month of the history;
- zooming: from a month to the whole history and back;
- one scroll step (5 % of a year) through a year in view;
- off the UI thread: building the raster from the loaded timeline; on it, handing the
  built raster to the chart (after each load).

    python benchmarks/day_raster.py [--runs 25] [--years 5]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.charts import PaintCounter, filled_history, until_painted
from rebound_tracker.domain.timeparse import day_bounds
from rebound_tracker.services.day_raster import build_day_raster
from rebound_tracker.ui.timeline_panel import TimelinePanel


def summary(name: str, times: list[float], paints: list[int] | None = None) -> None:
    extra = f", {statistics.median(paints):.0f} paint(s) a frame" if paints else ""
    print(f"{name}: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms"
          f"{extra}")


def main() -> None:
    args, app, services, _first, _last = filled_history("raster")
    data = services.timeline.load(None, day_bounds(date.today())[1])
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        raster = build_day_raster(data)
        builds.append((time.perf_counter() - t0) * 1000)
    panel = TimelinePanel(services.timeline, services.medications)
    panel.resize(1000, 600)
    panel.show()
    panel.range = "all"
    panel._apply(data, whole=True, raster=raster)
    chart = panel.raster_view.chart
    paints = PaintCounter(panel.raster_view.plot.viewport())
    counts: list[int] = []

    def frame(top: float, bottom: float) -> float:
        elapsed, count = until_painted(app, paints, lambda: chart.show_rows(top, bottom - 1))
        counts.append(count)
        return elapsed

    days = raster.days
    frame(1, days)  # the first paint builds caches; not counted
    counts.clear()
    full = [frame(i % 2, days) for i in range(args.runs)]
    summary(f"five years in view ({days} rows)", full, counts)
    rng = random.Random(3)
    months = []
    for _ in range(args.runs):
        top = rng.randrange(days - 30)
        months.append(frame(top, top + 30))
    summary("a month in view, jump to another month", months)
    zoom = []
    for i in range(args.runs):
        zoom.append(frame(0, days) if i % 2 else frame(days - 30, days))
    summary("zoom between a month and five years", zoom)
    scroll = [frame(i * 18, i * 18 + 365) for i in range(1, args.runs + 1)]
    summary("scroll step through a year in view", scroll)
    print(f"building the raster (off the UI thread): median {statistics.median(builds):.0f} ms")
    sets = []
    for _ in range(5):
        t0 = time.perf_counter()
        chart.set_data(raster)
        sets.append((time.perf_counter() - t0) * 1000)
    print(f"handing a new raster to the chart (UI thread): median {statistics.median(sets):.0f} ms")
    panel.close()
    services.close()


if __name__ == "__main__":
    main()
