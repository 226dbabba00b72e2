"""``rebound-tracker plan new|list|show|delete|export|end-hold``: dose-change plans."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rebound_tracker.cli.plan_output import plan_json, plan_lines
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.plan_generate import RULES, StepRule
from rebound_tracker.domain.plan_text import STEP_ACCEPTED, parse_step_text
from rebound_tracker.domain.plans import Plan, plan_record
from rebound_tracker.domain.settings import parse_clock
from rebound_tracker.domain.timeparse import parse_date
from rebound_tracker.services.plan_summary import plan_summary

if TYPE_CHECKING:
    from collections.abc import Callable

    from rebound_tracker.app import Services
    from rebound_tracker.cli.parser import Subcommands
    from rebound_tracker.domain.plan_rules import Flag

STEP_HELP = f"a step, {STEP_ACCEPTED}"


def add_plan_parser(commands: Subcommands) -> None:
    plan = commands.add_parser("plan", help="dose-change plans (titration, taper)")
    actions = plan.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="make a plan by a rule or step by step; prints its id")
    new.add_argument("--med", required=True, metavar="ID|NAME")
    new.add_argument("--start", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    new.add_argument("--name", default="")
    new.add_argument("--rule", choices=RULES, help="decrement (mg/day), percent (of the "
                     "current dose) or titrate (mg/day up)")
    new.add_argument("--from", dest="from_mg", metavar="MG", help="mg/day at the start")
    new.add_argument("--to", dest="to_mg", metavar="MG", help="mg/day at the end")
    new.add_argument("--by", metavar="X", help="mg/day per step, or percent for --rule percent")
    new.add_argument("--every", default="7", metavar="DAYS", help="days per step (default 7)")
    new.add_argument("--times", default="08:00", metavar="HH:MM[,HH:MM]",
                     help="dose times each day (default 08:00)")
    new.add_argument("--step", action="append", default=[], metavar="DOSES/DAYS",
                     help=STEP_HELP)
    new.add_argument("--force", action="store_true", help="accept a dose above the label "
                     "maximum")
    new.add_argument("--json", action="store_true")
    listing = actions.add_parser("list", help="every plan")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="a plan's steps, flags, projected exposure and "
                              "what each logged step did")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    delete = actions.add_parser("delete", help="delete a plan by id")
    delete.add_argument("id")
    export = actions.add_parser("export", help="a plan as PDF (.pdf) or calendar (.ics)")
    export.add_argument("id")
    export.add_argument("--out", required=True, metavar="FILE.pdf|FILE.ics")
    export.add_argument("--page-size", default="a4", help="a4 (default) or letter")
    hold = actions.add_parser("end-hold", help="end a held step: the next step starts --on")
    hold.add_argument("id")
    hold.add_argument("--step", required=True, metavar="N", help="the held step's number")
    hold.add_argument("--on", required=True, metavar="DATE")


def _mg(field: str, text: str | None, *, zero: bool = True) -> float:
    if text is None:
        raise ValidationError(field, "(missing)", "a number of mg/day (needed with --rule)")
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(field, text, "a number of mg/day") from None
    if not math.isfinite(value) or value < 0 or (not zero and value == 0):
        raise ValidationError(field, text, "a number of mg/day, 0 or more")
    return value


def _whole(field: str, text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(field, text, "a whole number of days from 1 to 365")
    return int(text)


def _build(services: Services, args: argparse.Namespace) -> Plan:
    start = parse_date(args.start, field="start")
    if bool(args.rule) == bool(args.step):
        raise ValidationError("rule", args.rule or "(none)",
                              "either --rule with --from/--to/--by, or one or more --step")
    if args.step:
        steps = [parse_step_text(f"step[{i + 1}]", text, last=i == len(args.step) - 1)
                 for i, text in enumerate(args.step)]
        return services.plans.draft(args.med, start, steps, name=args.name)
    times = tuple(parse_clock("times", t) for t in args.times.split(","))
    rule = StepRule(args.rule, _mg("from", args.from_mg), _mg("to", args.to_mg),
                    _mg("by", args.by, zero=False), _whole("every", args.every), times)
    return services.plans.generate(args.med, start, rule, name=args.name)


def plan_new(services: Services, args: argparse.Namespace) -> int:
    plan = _build(services, args)
    stored, flags = services.plans.create(plan, confirmed=args.force)
    if args.json:
        print(json.dumps({"id": stored.id, "flags": [_flag(f) for f in flags]}, indent=2))
        return 0
    print(stored.id)
    for flag in flags:
        print(f"flag: {flag.text()}")
    return 0


def _flag(flag: Flag) -> dict[str, Any]:
    return {"step": flag.step, "rule": flag.rule, "message": flag.message,
            "source": flag.source, "text": flag.text()}


def plan_list(services: Services, args: argparse.Namespace) -> int:
    plans = services.plans.all()
    if args.json:
        print(json.dumps([plan_record(p) for p in plans], indent=2))
        return 0
    if not plans:
        print("no plans yet (rebound-tracker plan new --help)")
    for plan in plans:
        end = plan.end.isoformat() if plan.end else "open"
        print(f"{plan.id}  {plan.start.isoformat()} → {end}  {plan.medication_id}  "
              f"{len(plan.steps)} steps  {plan.name}")
    return 0


def plan_show(services: Services, args: argparse.Namespace) -> int:
    plan = services.plans.get(args.id)
    summary = plan_summary(services.plans, plan)
    if args.json:
        print(json.dumps(plan_json(summary), indent=2))
    else:
        print("\n".join(plan_lines(summary)))
    return 0


def plan_delete(services: Services, args: argparse.Namespace) -> int:
    plan = services.plans.delete(args.id)
    print(f"deleted plan {plan.id} ({plan.name})")
    return 0


def plan_export(services: Services, args: argparse.Namespace) -> int:
    plan = services.plans.get(args.id)
    out = Path(args.out)
    if out.suffix.lower() == ".ics":
        from rebound_tracker.services.plan_calendar import write_plan_calendar

        write_plan_calendar(plan, services.plans.formulation(plan), out)
        print(f"wrote {out}")
        return 0
    if out.suffix.lower() != ".pdf":
        raise ValidationError("out", str(out), "a file name ending in .pdf or .ics")
    from rebound_tracker.report.plan_pdf import export_plan_pdf

    pages = export_plan_pdf(plan_summary(services.plans, plan), out, page_size=args.page_size)
    print(f"wrote {out} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def plan_end_hold(services: Services, args: argparse.Namespace) -> int:
    try:
        step = int(args.step)
    except ValueError:
        raise ValidationError("step", args.step, "a step number") from None
    plan = services.plans.end_hold(args.id, step, parse_date(args.on, field="on"))
    nxt = plan.dates()[step].start if step < len(plan.steps) else None
    print(f"step {step} ends; " + (f"step {step + 1} starts {nxt.isoformat()}" if nxt
                                   else "it was the last step"))
    return 0


PLAN_HANDLERS: dict[tuple[str, str | None], Callable[[Services, argparse.Namespace], int]] = {
    ("plan", "new"): plan_new,
    ("plan", "list"): plan_list,
    ("plan", "show"): plan_show,
    ("plan", "delete"): plan_delete,
    ("plan", "export"): plan_export,
    ("plan", "end-hold"): plan_end_hold,
}
