"""``rebound-tracker calibrate``: personal timing from the person's own check-ins, as the
Calibration window shows it (the same service, the same figures); ``--apply`` accepts it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.cli.period_args import add_period_arguments, period_of
from rebound_tracker.domain.calibration import NOT_LEARNED
from rebound_tracker.domain.errors import ValidationError

if TYPE_CHECKING:
    from rebound_tracker.app import Services
    from rebound_tracker.cli.parser import Subcommands
    from rebound_tracker.domain.calibration import CalibrationResult


def add_calibrate_parser(commands: Subcommands) -> None:
    calibrate = commands.add_parser(
        "calibrate", help="personal timing: fit when your doses wear off for you from your "
        "check-ins, validated on the newest weeks")
    add_period_arguments(calibrate, "365 days before --to")
    calibrate.add_argument("--json", action="store_true", help="print one JSON object")
    calibrate.add_argument("--apply", action="store_true",
                           help="accept the suggested timing (a capped step; exit 2 when "
                           "nothing is suggested)")


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def result_json(result: CalibrationResult) -> dict[str, Any]:
    """The ``calibrate --json`` object (README, docs/calibration.md)."""
    dose = result.usual_dose
    wear = result.wear_off_start_h
    held = result.validation
    return {
        "status": result.status,
        "medication": result.medication,
        "usual_dose": None if dose is None else {
            "medication": dose.medication, "mg": float(dose.mg),
            "time": dose.time.strftime("%H:%M")},
        "parameters": [{"name": p.name, "unit": p.unit, "population": p.population,
                        "personal": _round(p.personal), "low": _round(p.low),
                        "high": _round(p.high), "learned": p.learned}
                       for p in result.parameters],
        "wear_off_start_h": {"population": _round(wear.population, 3),
                             "personal": _round(wear.personal, 3),
                             "low": _round(wear.low, 3), "high": _round(wear.high, 3)},
        "validation": {"held_out_weeks": held.weeks,
                       "error_population": _round(held.error_population),
                       "error_personal": _round(held.error_personal)},
        "reason": result.reason,
    }


def _number(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def _print_text(result: CalibrationResult) -> None:
    print(f"Personal calibration {result.first_day} to {result.last_day}: {result.status} "
          f"({result.checkins} check-ins)")
    if result.usual_dose is not None:
        d = result.usual_dose
        print(f"Usual morning dose: {d.medication} {d.mg:g} mg at {d.time.strftime('%H:%M')}")
    if result.missing:
        print("Missing:")
        for item in result.missing:
            print(f"- {item}")
    else:
        print(f"{'parameter':<20}{'unit':<9}{'population':>11}{'current':>9}"
              f"{'personal':>10}  95% interval")
        for p in result.parameters:
            spread = (f"{_number(p.low)} to {_number(p.high)}" if p.learned
                      else NOT_LEARNED)
            print(f"{p.label:<20}{p.unit:<9}{p.population:>11.2f}{p.current:>9.2f}"
                  f"{_number(p.personal):>10}  {spread}")
        w, h = result.wear_off_start_h, result.validation
        print(f"Wear-off starts {_number(w.personal, ' h')} after the morning dose "
              f"(95% {_number(w.low)} to {_number(w.high)} h; population "
              f"{_number(w.population, ' h')})")
        print(f"Held-out newest {h.weeks} week(s), {h.checkins} check-ins: error "
              f"{_number(h.error_personal, digits=3)} personal vs "
              f"{_number(h.error_population, digits=3)} "
              "population (scale points)")
    if not result.missing:
        print(result.reason)
    print(NOT_MEDICAL_ADVICE)


def calibrate(services: Services, args: argparse.Namespace) -> int:
    first, last = period_of(args)
    result = services.calibration.calibrate(first, last)
    if args.json:
        print(json.dumps(result_json(result), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        _print_text(result)
    if args.apply:
        if not result.offered:
            raise ValidationError("apply", result.status,
                                  "a calibration that suggests a change (status 'fitted'); "
                                  "nothing was applied")
        row = services.calibration.accept(result)
        held = f" ({', '.join(row.capped)} held back by the step cap)" if row.capped else ""
        print(f"Accepted: personal timing for {row.timing.family} from "
              f"{row.checkins} check-ins{held}.", file=sys.stderr if args.json else sys.stdout)
    return 0
