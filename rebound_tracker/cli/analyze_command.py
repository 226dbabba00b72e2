"""``rebound-tracker analyze``: the rebound evidence per scale, as the Trends view and the
appointment summary state it (the same service, the same words)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import local_now, parse_date

if TYPE_CHECKING:
    from rebound_tracker.app import Services
    from rebound_tracker.cli.parser import Subcommands


def add_analyze_parser(commands: Subcommands) -> None:
    analyze = commands.add_parser(
        "analyze", help="rebound evidence per scale: check-ins inside the predicted rebound "
        "windows against your usual at the same clock time")
    analyze.add_argument("--from", dest="date_from", metavar="DATE",
                         help="first day, YYYY-MM-DD (default: the first entry)")
    analyze.add_argument("--to", dest="date_to", metavar="DATE",
                         help="last day, YYYY-MM-DD (default: today)")
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

    first = parse_date(args.date_from, field="from") if args.date_from else None
    last = parse_date(args.date_to, field="to") if args.date_to else local_now().date()
    if first is not None and last < first:
        raise ValidationError("to", args.date_to, f"a day on or after --from {args.date_from}")
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
