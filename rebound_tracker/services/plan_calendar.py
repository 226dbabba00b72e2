"""A plan as an iCalendar file: one event per step with a known date, in the plan's zone.

Built with ``icalendar`` (RFC 5545), with a VTIMEZONE for the plan's IANA zone so a
calendar shows each step at its clock time across daylight-saving changes. Each event
starts at the step's first dose on its first day (15 minutes long; a stop step at 09:00)
and carries the regimen and the step's length in its description. Steps after an open
hold have no date yet and are listed in the held step's description instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.plans import Plan
from rebound_tracker.services.plan_zone import local_zone_name
from rebound_tracker.storage.private_files import write_private_file

EVENT_MINUTES = 15
STOP_EVENT_TIME = time(9, 0)
PRODUCT_ID = "-//Rebound Tracker//dose-change plan//EN"


def plan_calendar(plan: Plan, formulation: Formulation,
                  now: datetime | None = None) -> bytes:
    """The .ics bytes of ``plan`` (see the module docstring)."""
    zone = ZoneInfo(plan.timezone or local_zone_name())
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{plan.name} ({formulation.name})")
    count = len(plan.steps)
    pending = [i + 1 for i, when in enumerate(plan.dates()) if when.start is None]
    for i, (step, when) in enumerate(zip(plan.steps, plan.dates(), strict=True)):
        if when.start is None:
            continue
        at = step.doses[0].at if step.doses else STOP_EVENT_TIME
        start = datetime.combine(when.start, at, tzinfo=zone)
        event = Event()
        event.add("uid", f"{plan.id}-step-{i + 1}@rebound-tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
        event.add("summary", f"Step {i + 1} of {count}: {formulation.name} "
                             f"{step.total_mg:g} mg/day")
        event.add("description", _description(plan, i, pending))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _description(plan: Plan, index: int, pending: list[int]) -> str:
    step, when = plan.steps[index], plan.dates()[index]
    if step.held and index < len(plan.steps) - 1:
        length = "held until you end the hold"
        if pending:
            length += f"; steps {', '.join(map(str, pending))} get their dates then"
    elif when.end is None:
        length = "from this day on (the plan's last step)"
    else:
        length = f"{step.days} days, until {when.end - timedelta(days=1):%a %d %b %Y}"
    return (f"{plan.name}. Step {index + 1}: {step.regimen_text()} each day; {length}. "
            f"{NOT_MEDICAL_ADVICE}")


def write_plan_calendar(plan: Plan, formulation: Formulation, out: Path) -> Path:
    """Write the .ics to ``out`` (owner-only); ValidationError for a bad destination."""
    out = Path(out)
    if out.suffix.lower() != ".ics":
        raise ValidationError("out", str(out), "a file name ending in .ics")
    if not out.parent.is_dir():
        raise ValidationError("out", str(out), "a file in an existing directory")
    return write_private_file(out, plan_calendar(plan, formulation))
