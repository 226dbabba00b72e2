"""What each command does: open the store, call a service, print the answer."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from time import monotonic as time_now
from typing import Any

from rebound_tracker.app import Services, open_services
from rebound_tracker.cli.analyze_command import analyze
from rebound_tracker.cli.calibrate_command import calibrate
from rebound_tracker.cli.data_commands import DATA_HANDLERS, run_backup_command
from rebound_tracker.cli.output import (
    checkin_row,
    dose_row,
    prediction_json,
    print_table,
    summary_text,
)
from rebound_tracker.cli.plan_commands import PLAN_HANDLERS
from rebound_tracker.cli.schedule_command import SCHEDULE_HANDLERS
from rebound_tracker.cli.settings_commands import SETTINGS_HANDLERS
from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.errors import (
    NotFound,
    StoreUnavailable,
    ValidationError,
    input_file_problem,
)
from rebound_tracker.domain.records import checkin_record, dose_record
from rebound_tracker.domain.settings import parse_setting
from rebound_tracker.domain.timeparse import attach_local, parse_date, parse_time
from rebound_tracker.pk.definitions import definition_from_json, definition_to_json
from rebound_tracker.services.simulation import DoseSpec

BUSY_WAIT_S = 60.0
"""How long a command waits, in all, for another program that holds the write lock (a long
import, the window, a backup) before it gives up with "busy"."""


def run_command(args: argparse.Namespace) -> int:
    if args.command in ("backup", "restore"):
        return run_backup_command(args)
    services = open_services(args.data_dir)
    try:
        handler = _HANDLERS[(args.command, getattr(args, "action", None))]
        return _waiting_while_busy(lambda: handler(services, args))
    finally:
        services.close()


def _waiting_while_busy(run: Callable[[], int]) -> int:
    """Run a command again while another program holds the write lock: a refused write
    rolled back whole, so trying again is safe. Says once that it is waiting."""
    deadline = time_now() + BUSY_WAIT_S
    told = False
    while True:
        try:
            return run()
        except StoreUnavailable as refused:
            if refused.kind != "busy" or time_now() >= deadline:
                raise
            if not told:
                print("another program (an import, the window, a backup) is writing to your "
                      f"log; waiting for it (up to {BUSY_WAIT_S:g} s)…", file=sys.stderr)
                told = True


def _range(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    start = end = None
    if args.date_from:
        start = attach_local(datetime.combine(parse_date(args.date_from, field="from"), time()))
    if args.date_to:
        last = parse_date(args.date_to, field="to")
        end = attach_local(datetime.combine(last + timedelta(days=1), time()))
    if start and end and end <= start:
        raise ValidationError("to", args.date_to, f"a day on or after --from {args.date_from}")
    return start, end


def _number(field: str, text: str | None, accepted: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(field, text, accepted) from None
    if not (value > 0 and math.isfinite(value)):
        raise ValidationError(field, text, accepted)
    return value


def demo(services: Services, args: argparse.Namespace) -> int:
    try:
        days = int(args.days)
    except ValueError:
        raise ValidationError("days", args.days, "a whole number of days from 1 to 3650") from None
    summary = services.demo.fill(days=days)
    print(f"demo history written: {summary.doses} doses and {summary.checkins} check-ins "
          f"from {summary.first_day} to {summary.last_day} in {services.paths.data_dir}")
    return 0


def meds_list(services: Services, args: argparse.Namespace) -> int:
    meds = services.medications.all()
    custom = services.medications.is_custom
    if args.json:
        print(json.dumps([
            {"id": m.id, "name": m.name, "generic": m.generic, "description": m.description,
             "aliases": list(m.aliases), "analyte": m.analyte, "unit": m.unit,
             "label_min_mg": m.label_min_mg, "label_max_mg": m.label_max_mg,
             "custom": custom(m.id), "sources": [str(s) for s in m.sources]}
            for m in meds], indent=2))
        return 0
    print_table(["id", "name", "generic", "analyte", "label mg", "custom"],
                [[m.id, m.name, m.generic, m.analyte, f"{m.label_min_mg:g}-{m.label_max_mg:g}",
                  "custom" if custom(m.id) else ""] for m in meds])
    return 0


def meds_show(services: Services, args: argparse.Namespace) -> int:
    med = services.medications.resolve(args.id)
    custom = services.medications.is_custom(med.id)
    numbers: dict[str, dict[str, Any]] = {path: {"value": v.value, "source": str(v.source)}
               for path, v in med.numbers().items()}
    numbers["strengths_mg"] = {"value": list(med.strengths_mg),
                               "source": str(med.strengths_source)}
    if args.json:
        stored = services.medications.custom_definition(med.id) if custom else None
        definition = definition_to_json(stored) if stored is not None else None
        print(json.dumps({"id": med.id, "name": med.name, "generic": med.generic,
                          "description": med.description, "aliases": list(med.aliases),
                          "family": med.family, "analyte": med.analyte, "unit": med.unit,
                          "custom": custom, "components": [c.kind for c in med.components],
                          "numbers": numbers, "definition": definition}, indent=2))
        return 0
    print(f"{med.name} ({med.id}){' - your own medication' if custom else ''}")
    print(f"  {med.description}")
    print(f"  analyte {med.analyte}, family {med.family}, blocks: "
          + ", ".join(c.kind for c in med.components))
    print_table(["number", "value", "source"],
                [[path, _shown(n["value"]), n["source"]] for path, n in numbers.items()])
    return 0


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(f"{v:g}" for v in value) or "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def meds_add(services: Services, args: argparse.Namespace) -> int:
    path = Path(args.file)
    unusable = input_file_problem(path, path.name)
    if unusable is not None:
        raise ValidationError("file", unusable.value, unusable.accepted)
    try:
        definition = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ValidationError("file", str(path), "an existing JSON file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValidationError("file", str(path), f"a readable UTF-8 file ({err})") from None
    except json.JSONDecodeError as err:
        raise ValidationError("file", f"{path} line {err.lineno}: {err.msg}",
                              "a JSON object defining one medication") from None
    except (ValueError, RecursionError) as err:  # 5,000-digit numbers, nesting 50,000 deep
        raise ValidationError("file", f"{path}: {str(err)[:80]}",
                              "a JSON object defining one medication") from None
    med = services.medications.add_custom(definition_from_json(definition))
    print(med.id)
    return 0


def meds_remove(services: Services, args: argparse.Namespace) -> int:
    definition = services.medications.remove_custom(args.id)
    print(f"removed your medication {args.id} ({definition.name if definition else ''})")
    return 0


def dose_add(services: Services, args: argparse.Namespace) -> int:
    at = parse_time(args.at, field="at") if args.at else None
    dose = services.doses.add(args.med, args.mg, at, fed=args.fed, note=args.note,
                              confirmed=args.force)
    print(dose.id)
    return 0


def dose_list(services: Services, args: argparse.Namespace) -> int:
    doses = services.doses.list(*_range(args))
    if args.json:
        print(json.dumps([dose_record(d) for d in doses], indent=2))
        return 0
    names = {m.id: m.name for m in services.medications.all()}
    print_table(["id", "taken at", "medication", "mg", "fed", "note"],
                [dose_row(d, names) for d in doses])
    return 0


def dose_delete(services: Services, args: argparse.Namespace) -> int:
    dose = services.doses.delete(args.id)
    print(f"deleted dose {dose.id} ({dose.medication_id} {dose.mg:g} mg at "
          f"{dose.taken.isoformat()})")
    return 0


def checkin_add(services: Services, args: argparse.Namespace) -> int:
    at = parse_time(args.at, field="at") if args.at else None
    scales = {name: getattr(args, name) for name in SCALES}
    checkin = services.checkins.add(scales, at, note=args.note, confirmed=args.force)
    print(checkin.id)
    return 0


def checkin_list(services: Services, args: argparse.Namespace) -> int:
    checkins = services.checkins.list(*_range(args))
    if args.json:
        print(json.dumps([checkin_record(c) for c in checkins], indent=2))
        return 0
    print_table(["id", "at", *SCALES, "note"], [checkin_row(c) for c in checkins])
    return 0


def checkin_delete(services: Services, args: argparse.Namespace) -> int:
    checkin = services.checkins.delete(args.id)
    print(f"deleted check-in {checkin.id} at {checkin.at.isoformat()}")
    return 0


def parse_dose_spec(text: str, fed: bool) -> DoseSpec:
    """``MED:MG@TIME``: split at the first ':' and the last '@'."""
    accepted = "MED:MG@TIME, e.g. concerta:36@07:30 or vyvanse:30@2026-03-02T08:00"
    med, colon, rest = text.partition(":")
    mg, at_sign, when = rest.rpartition("@")
    if not colon or not at_sign or not med.strip() or not mg.strip() or not when.strip():
        raise ValidationError("dose", text, accepted)
    return DoseSpec(med.strip(), float(_number("dose mg", mg.strip(), "a positive number of mg")
                                       or 0), parse_time(when, field="dose time"), fed)


def _setting_option(flag: str, text: str) -> Any:
    """A command-line option that overrides a stored setting, checked by its definition."""
    try:
        return parse_setting(flag.replace("-", "_"), text)[1]
    except ValidationError as err:
        raise ValidationError(flag, text, err.accepted) from None


def simulate(services: Services, args: argparse.Namespace) -> int:
    if bool(args.dose) == bool(args.logged):
        raise ValidationError("dose", " ".join(args.dose) or "(none)",
                              "either one or more --dose MED:MG@TIME or --logged")
    person = services.simulation.person()
    if args.weight_kg is not None:
        person = replace(person, weight_kg=_setting_option("weight-kg", args.weight_kg))
    if args.cyp2d6:
        person = replace(person, cyp2d6=_setting_option("cyp2d6", args.cyp2d6))
    step = _number("step-min", args.step_min, "a positive number of minutes")
    hours = _number("hours", args.hours, "a positive number of hours")
    if args.logged:
        start, end = _range(args)
        prediction = services.simulation.predict_logged(start, end, step_min=step or 5.0,
                                                        person=person)
    else:
        specs = [parse_dose_spec(text, args.fed) for text in args.dose]
        for warning in services.simulation.label_warnings(specs):
            print(f"warning: {warning} (simulated anyway)", file=sys.stderr)
        prediction = services.simulation.predict(specs, hours=hours, step_min=step or 5.0,
                                                 person=person)
    if args.json:
        json.dump(prediction_json(prediction), sys.stdout, allow_nan=False)
        print()
    else:
        print(summary_text(prediction))
    return 0


def report(services: Services, args: argparse.Namespace) -> int:
    from rebound_tracker.report.export_pdf import export_pdf

    start = parse_date(args.date_from, field="from")
    end = parse_date(args.date_to, field="to")
    result = export_pdf(services, start, end, Path(args.out), page_size=args.page_size,
                        with_csv=args.with_csv)
    print(f"wrote {result.path} ({result.pages} page{'s' if result.pages != 1 else ''})")
    for attachment in result.attachments:
        print(f"wrote {attachment}")
    return 0


Handler = Callable[[Services, argparse.Namespace], int]
_HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("demo", None): demo,
    ("meds", "list"): meds_list,
    ("meds", "show"): meds_show,
    ("meds", "add"): meds_add,
    ("meds", "remove"): meds_remove,
    ("dose", "add"): dose_add,
    ("dose", "list"): dose_list,
    ("dose", "delete"): dose_delete,
    ("checkin", "add"): checkin_add,
    ("checkin", "list"): checkin_list,
    ("checkin", "delete"): checkin_delete,
    ("simulate", None): simulate,
    ("report", None): report,
    ("analyze", None): analyze,
    ("calibrate", None): calibrate,
    **DATA_HANDLERS,
    **PLAN_HANDLERS,
    **SCHEDULE_HANDLERS,
    **SETTINGS_HANDLERS,
}

__all__ = ["NotFound", "run_command"]
