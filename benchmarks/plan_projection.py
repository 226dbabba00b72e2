"""Time a plan's summary (projection, flags, outcomes) and its PDF and .ics export.

    python benchmarks/plan_projection.py [--runs 7]

Plans: a guanfacine 10%-of-current taper (rounded to whole tablets), a Concerta 18 -> 54 mg
titration and a long methylphenidate IR taper (60 -> 0 mg/day, 10% of the current dose a
week, two doses a day). The window computes the summary off the UI thread; the figures say
how long a person waits for the Planner to show a plan and for an export.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from rebound_tracker.app import open_services
from rebound_tracker.domain.plan_generate import StepRule
from rebound_tracker.report.plan_pdf import export_plan_pdf
from rebound_tracker.services.plan_calendar import plan_calendar
from rebound_tracker.services.plan_summary import plan_summary


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rt-plan-bench-"))
    services = open_services(str(workdir / "data"))
    services.demo.fill(days=90)
    services.doses.add("intuniv", 4, datetime.now().astimezone() - timedelta(hours=1))
    start = date.today() + timedelta(days=1)
    plans = services.plans
    taper = plans.generate("intuniv", start, StepRule("percent", 4, 0, 10, 7, (clock(8),)))
    titration = plans.generate("concerta", start, StepRule("titrate", 18, 54, 18, 7,
                                                           (clock(8),)))
    long_taper = plans.generate("methylphenidate-ir", start, StepRule(
        "percent", 60, 0, 10, 7, (clock(8), clock(12))))
    for name, plan in (("guanfacine taper", taper), ("Concerta titration", titration),
                       ("methylphenidate IR taper", long_taper)):
        summary = plan_summary(plans, plan)
        days = len(summary.projection.days)
        print(f"{name}: {len(plan.steps)} steps, {days} days projected")
        print(f"  summary (projection + flags + outcomes): "
              f"{median_ms(lambda p=plan: plan_summary(plans, p), args.runs):.1f} ms median")
        out = workdir / "plan.pdf"
        pdf_ms = median_ms(lambda s=summary, o=out: export_plan_pdf(s, o), args.runs)
        print(f"  PDF: {pdf_ms:.0f} ms median")
        med = plans.formulation(plan)
        ics_ms = median_ms(lambda p=plan, m=med: plan_calendar(p, m), args.runs)
        print(f"  .ics: {ics_ms:.1f} ms median")
    services.close()


if __name__ == "__main__":
    main()
