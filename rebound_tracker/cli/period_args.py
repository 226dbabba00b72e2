"""``--from DATE --to DATE`` for the commands that work over a period of days (analyze,
calibrate): one definition of the options, their parsing and their order check."""

from __future__ import annotations

import argparse
from datetime import date

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import parse_date


def add_period_arguments(parser: argparse.ArgumentParser, from_default: str) -> None:
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help=f"first day, YYYY-MM-DD (default: {from_default})")
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help="last day, YYYY-MM-DD (default: today)")


def period_of(args: argparse.Namespace, default_last: date | None = None
              ) -> tuple[date | None, date | None]:
    """The days asked for (None where not given and no default); ValidationError naming
    the option for a bad date or a --to before --from."""
    first = parse_date(args.date_from, field="from") if args.date_from else None
    last = parse_date(args.date_to, field="to") if args.date_to else default_last
    if first is not None and last is not None and last < first:
        raise ValidationError("to", args.date_to, f"a day on or after --from {args.date_from}")
    return first, last
