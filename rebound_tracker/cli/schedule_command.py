"""``rebound-tracker schedule [--date DATE] [--json]``: the day's reminders and prompts,
computed by the same ScheduleService the tray uses."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from rebound_tracker.cli.output import print_table
from rebound_tracker.domain.timeparse import parse_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from rebound_tracker.app import Services
    from rebound_tracker.cli.parser import Subcommands
    from rebound_tracker.services.schedule import DayPlan


def add_schedule_parser(commands: Subcommands) -> None:
    sub = commands.add_parser("schedule", help="the day's dose reminders and check-in prompts")
    sub.add_argument("--date", help="the day, YYYY-MM-DD (default today)")
    sub.add_argument("--json", action="store_true")


def schedule(services: Services, args: argparse.Namespace) -> int:
    day = parse_date(args.date, field="date") if args.date else None
    plan = services.schedule.plan(day)
    if args.json:
        print(json.dumps(day_plan_json(plan), indent=2))
        return 0
    s = plan.settings
    print(f"{plan.day.isoformat()}: dose reminders {'on' if s.reminders else 'off'}, "
          f"check-in prompts {'on' if s.checkin_prompts else 'off'}")
    if not (s.reminders and s.checkin_prompts):
        print("(turn them on with: rebound-tracker settings set reminders on / "
              "checkin_prompts on)")
    print_table(["time", "kind", "status", "reason"],
                [[i.at.strftime("%H:%M"), i.kind, i.status, i.reason] for i in plan.items])
    return 0


def day_plan_json(plan: DayPlan) -> dict[str, Any]:
    """``schedule --json`` (PRODUCT.md)."""
    return {
        "date": plan.day.isoformat(),
        "reminders": "on" if plan.settings.reminders else "off",
        "checkin_prompts": "on" if plan.settings.checkin_prompts else "off",
        "items": [{"time": i.at.isoformat(timespec="seconds"), "kind": i.kind,
                   "status": i.status, "reason": i.reason, "key": i.key}
                  for i in plan.items],
    }


SCHEDULE_HANDLERS: dict[tuple[str, str | None], Callable[[Services, argparse.Namespace], int]] = {
    ("schedule", None): schedule,
}
