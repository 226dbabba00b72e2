"""Time the appointment summary PDF for a 90-day period (target: <= 3 s, PRODUCT.md).

    python benchmarks/report_pdf.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from rebound_tracker.app import open_services
from rebound_tracker.report.export_pdf import export_pdf


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rt-report-bench-"))
    services = open_services(str(workdir / "data"))
    services.demo.fill(days=120)
    end = date.today()
    start = end - timedelta(days=89)
    times, pages = [], 0
    for i in range(args.runs):
        began = time.perf_counter()
        result = export_pdf(services, start, end, workdir / f"r{i}.pdf", with_csv=True)
        times.append(time.perf_counter() - began)
        pages = result.pages
    print(f"90-day report ({services.doses.count()} doses, {services.checkins.count()} check-ins "
          f"in the store), {pages} pages: median {statistics.median(times) * 1000:.0f} ms "
          f"over {args.runs} runs (first {times[0] * 1000:.0f} ms; target <= 3000 ms)")


if __name__ == "__main__":
    main()
