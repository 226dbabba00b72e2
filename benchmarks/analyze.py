"""Time ``analyze`` over a 5-year history (target: <= 1 s, PRODUCT.md).

    python benchmarks/analyze.py [--runs 5] [--years 5]

Prints the median of the analysis in-process (load, model, fit and bootstrap of every
scale) and of the whole command (``rebound-tracker analyze --json`` in a new process,
including Python's start-up), with its parts: loading the log and the model, and the
fits with their 999 day resamples.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rebound_tracker.app import open_services
from rebound_tracker.services.evidence import compute_evidence


def median_ms(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rt-analyze-bench-"))
    data = str(workdir / "data")
    services = open_services(data)
    services.demo.fill(days=365 * args.years)
    today = date.today()
    whole, evidence = median_ms(lambda: services.trends.evidence(None, today), args.runs)
    load, loaded = median_ms(lambda: services.trends._load(None, today, 5.0), args.runs)
    first, _doses, checkins, prediction = loaded
    fits, _ = median_ms(lambda: compute_evidence(checkins, prediction, first, today),
                        args.runs)
    command = [sys.executable, "-m", "rebound_tracker", "--data-dir", data, "analyze",
               "--json"]
    cli, _ = median_ms(lambda: subprocess.run(command, check=True, capture_output=True),
                       args.runs)
    print(f"analyze over {args.years} years ({services.doses.count()} doses, "
          f"{services.checkins.count()} check-ins, {evidence.windows} rebound windows), "
          f"median of {args.runs}:")
    print(f"  in-process {whole:.0f} ms (loading the log and the model {load:.0f} ms, "
          f"fits and bootstrap of 6 scales {fits:.0f} ms)")
    print(f"  'rebound-tracker analyze --json' as a new process: {cli:.0f} ms "
          "(target <= 1000 ms)")


if __name__ == "__main__":
    main()
