"""``rebound-tracker analyze``: the rebound evidence per scale, as the Trends view and the
appointment summary state it (the same service, the same words)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.cli.period_args import add_period_arguments, period_of
from rebound_tracker.domain.timeparse import local_now

if TYPE_CHECKING:
    from rebound_tracker.app import Services
    from rebound_tracker.cli.parser import Subcommands


def add_analyze_parser(commands: Subcommands) -> None:
    analyze = commands.add_parser(
        "analyze", help="rebound evidence per scale: check-ins inside the predicted rebound "
        "windows against your usual at the same clock time")
    add_period_arguments(analyze, "the first entry")
    analyze.add_argument("--json", action="store_true", help="print one JSON object")


def analyze(services: Services, args: argparse.Namespace) -> int:
    # Imported here: the parser (built before the window opens) must stay light.
    from rebound_tracker.report.evidence_words import (
        CAVEAT,
        METHOD,
        evidence_json,
        interval_text,
        summary_lines,
    )

    today = local_now().date()
    first, last = period_of(args, default_last=today)
    last = last or today
    evidence = services.trends.evidence(first, last)
    if args.json:
        print(json.dumps(evidence_json(evidence), indent=2, ensure_ascii=False))
        return 0
    print(f"Rebound evidence {evidence.first_day} to {evidence.last_day} "
          f"({evidence.checkins} check-ins, {evidence.windows} predicted rebound windows)")
    print(f"{'scale':<14}{'inside':>7}{'outside':>8}{'days':>6}  {'difference [95% CI]':<22}"
          "verdict")
    for s in evidence.scales:
        e = s.estimate
        print(f"{s.scale:<14}{e.n_inside:>7}{e.n_baseline:>8}{e.n_days:>6}  "
              f"{interval_text(s):<22}{s.verdict}")
    print()
    for line in summary_lines(evidence):
        print(f"- {line}")
    print(f"\nMethod: {METHOD}\n{CAVEAT}\n{NOT_MEDICAL_ADVICE}")
    return 0
