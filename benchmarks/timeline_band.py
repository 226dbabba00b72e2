"""Time the timeline's personal-calibration band (computed off the UI thread after the
curves are drawn) for the spans the window loads, with a calibration in force.

    python benchmarks/timeline_band.py [--runs 5] [--weeks 12]

The log is the synthetic person of benchmarks/calibration.py (validation/calibration_people:
IR methylphenidate twice a day, four check-ins a day, effect 1 h later than the population's)
written into a real store; the calibration is accepted once. For a day, week and month view
(each loaded with the window's margins) prints the median wall-clock time of
``TimelineService.load`` (what the UI thread waits for) and of ``TimelineService.band`` (the
worker's part), and the grid points. Spans over ``BAND_MAX_SPAN`` get no band.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "validation")]

from calibration_people_store import LATER, write_person  # noqa: E402

from rebound_tracker.app import open_services  # noqa: E402
from rebound_tracker.domain.timeparse import day_bounds  # noqa: E402

VIEWS = {"day": 1, "week": 7, "month": 30}
"""Days shown; the window loads that many again on each side (timeline_panel._show)."""


def median_s(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args()
    services = open_services(str(Path(tempfile.mkdtemp(prefix="rt-band-bench-")) / "data"))
    last = date.today() - timedelta(days=1)
    write_person(services, LATER, last_day=last, weeks=args.weeks)
    result = services.calibration.calibrate()
    if not result.offered:
        raise SystemExit(f"no calibration to accept: {result.reason}")
    services.calibration.accept(result)
    print(f"{args.weeks} weeks of log, calibration accepted; medians of {args.runs} runs")
    for name, days in VIEWS.items():
        start = day_bounds(last - timedelta(days=2 * days - 1))[0]
        end = day_bounds(last + timedelta(days=days))[1]
        load_s, data = median_s(lambda s=start, e=end: services.timeline.load(s, e), args.runs)
        band_s, band = median_s(lambda d=data: services.timeline.band(d), args.runs)
        points = data.curves[0].x.size if data.curves else 0
        print(f"{name:>5}: load {load_s * 1000:7.1f} ms (UI thread)   band "
              f"{band_s * 1000:7.1f} ms (worker)   {points} grid points, "
              f"band {'drawn' if band is not None else 'none'}")
    services.close()


if __name__ == "__main__":
    main()
