"""Time ``analyze`` over a 5-year history (target: <= 1 s, PRODUCT.md).

    python benchmarks/analyze.py [--runs 5] [--years 5]

The history is benchmarks/charts.py's 5-year one (~5,500 doses of IR methylphenidate three
times a day, ~11,000 check-ins). Prints medians: the analysis in-process (loading the log,
the model, the fits and 999 day resamples of every scale) and its parts, then the whole
command (``rebound-tracker analyze --json`` in a new process, with Python's start-up).
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

from charts import fill  # this folder: the shared 5-year history

from rebound_tracker.app import open_services
from rebound_tracker.services.evidence import compute_evidence

CPU = []  # (label, median CPU ms of this process) for the in-process measurements


def median_ms(fn, runs: int, label: str = "") -> tuple[float, object]:
    """Median wall-clock ms of ``fn`` over ``runs`` (the machine is shared: the CPU time of
    this process, which other sessions do not inflate, is kept in CPU)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    if label:
        CPU.append((label, statistics.median(cpu) * 1000))
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rt-analyze-bench-"))
    data = str(workdir / "data")
    services = open_services(data)
    fill(services, args.years)
    today = date.today()
    load, loaded = median_ms(lambda: services.trends._load(None, today, 5.0), args.runs,
                             "loading")
    first, _doses, checkins, prediction = loaded
    fits, _ = median_ms(lambda: compute_evidence(checkins, prediction, first, today),
                        args.runs, "fits")
    whole, evidence = median_ms(lambda: services.trends.evidence(None, today), args.runs,
                                "in-process")
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
    print("  CPU time of this process (not inflated by other work on the machine): "
          + ", ".join(f"{label} {ms:.0f} ms" for label, ms in CPU))


if __name__ == "__main__":
    main()
