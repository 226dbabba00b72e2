"""Time a personal calibration over a year of check-ins (target: <= 3 s, PRODUCT.md).

    python benchmarks/calibration.py [--runs 5] [--weeks 52]

The log is a synthetic person of validation/calibration_people.py (IR methylphenidate
10 mg at 08:00 and 12:00, four check-ins a day, effect 1 h later than the population's)
written into a real store. Prints medians (wall clock and this process's CPU, since the
machine is shared): the whole ``CalibrationService.calibrate`` (reading the log, two MAP
fits, the held-out scoring and the wear-off interval) and how many simulations it ran.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    services = open_services(str(Path(tempfile.mkdtemp(prefix="rt-calib-bench-")) / "data"))
    last = date.today() - timedelta(days=1)
    write_person(services, LATER, last_day=last, weeks=args.weeks)
    wall, cpu, result = [], [], None
    for _ in range(args.runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = services.calibration.calibrate(last_day=last)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(f"calibration over {args.weeks} weeks ({result.checkins} check-ins): median "
          f"{statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU over "
          f"{args.runs} runs (target <= 3 s); status '{result.status}'")
    services.close()


if __name__ == "__main__":
    main()
