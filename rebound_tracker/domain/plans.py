"""Dose-change plans: a sequence of steps (regimen, how many days) for one product.

A plan is informational: the person writes down a change their prescriber and they agreed
on (or are about to discuss), and the app shows what each step does to the model's curve.
The app never proposes a dose; generated plans only apply the rule the person chose.

Dates: ``start`` is the local day the first step begins. Step *i* begins when step *i-1*
ends. A step with ``days=None`` is held ("until I say"): the steps after it have no date
until the hold is ended (:func:`end_hold`). The last step may also be open-ended: it is the
regimen the plan arrives at.

The stored and exported form is :func:`plan_record` / :func:`plan_from_record` (JSON).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.settings import parse_clock

PLAN_KINDS = ("taper", "titration", "custom")
KIND_WORDS = {"taper": "taper", "titration": "titration", "custom": "steps made by hand"}
MAX_STEPS = 60
MAX_STEP_DAYS = 365
MAX_DOSES_PER_STEP = 6
NAME_MAX_CHARS = 120
_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class PlanDose:
    """One dose of a step's daily regimen: label mg (0 < mg) at a clock time."""

    mg: float
    at: time

    def text(self) -> str:
        return f"{self.mg:g} mg at {self.at:%H:%M}"


@dataclass(frozen=True)
class PlanStep:
    """A daily regimen held for ``days`` days (None: held until the person ends the hold).

    No doses means the product is stopped at this step (0 mg/day)."""

    doses: tuple[PlanDose, ...]
    days: int | None

    @property
    def total_mg(self) -> float:
        return round(sum(d.mg for d in self.doses), 6)

    @property
    def held(self) -> bool:
        return self.days is None

    def regimen_text(self) -> str:
        if not self.doses:
            return "stop (0 mg)"
        return ", ".join(d.text() for d in self.doses)


@dataclass(frozen=True)
class StepDates:
    """When a step runs: ``start`` None while an earlier hold is open; ``end`` (exclusive)
    None for a held or open-ended last step."""

    start: date | None
    end: date | None


@dataclass(frozen=True)
class Plan:
    """A dose-change plan for one product (medication id)."""

    id: str
    name: str
    medication_id: str
    kind: str
    start: date
    steps: tuple[PlanStep, ...]
    timezone: str = ""
    """IANA zone the clock times are meant in (for calendar export); '' = this machine's."""
    created_at: datetime | None = None
    modified_at: datetime | None = None

    def dates(self) -> list[StepDates]:
        """The start and (exclusive) end day of every step."""
        out: list[StepDates] = []
        cursor: date | None = self.start
        for step in self.steps:
            end = cursor + timedelta(days=step.days) if cursor and step.days else None
            out.append(StepDates(cursor, end))
            cursor = end
        return out

    @property
    def end(self) -> date | None:
        """The day the last step ends (exclusive), None if it is open-ended or after a hold."""
        return self.dates()[-1].end if self.steps else self.start

    def covers(self, day: date) -> int | None:
        """The index of the step that runs on ``day``, or None."""
        for i, when in enumerate(self.dates()):
            if when.start is not None and when.start <= day and (when.end is None
                                                                 or day < when.end):
                return i
        return None

    def changing_span(self) -> tuple[date, date]:
        """From the first day to the day the last step begins (date.max after a hold): the
        days on which this plan changes the product's dose."""
        last = self.dates()[-1].start
        return self.start, last if last is not None else date.max

    def overlaps(self, other: Plan) -> bool:
        """Another plan (other id) for the same product whose changing span meets ours."""
        if other.id == self.id or other.medication_id != self.medication_id:
            return False
        mine, theirs = self.changing_span(), other.changing_span()
        return mine[0] <= theirs[1] and theirs[0] <= mine[1]

    def overlap_text(self, other: Plan) -> str:
        """What a plan that overlaps ``other`` must do instead (the 'accepted' of an error)."""
        first, last = other.changing_span()
        until = ("with no end yet (a step is held)" if last == date.max
                 else f"until {last.isoformat()}")
        return (f"a start after the plan '{other.name}' for this product, which changes the "
                f"dose from {first.isoformat()} {until}: plans for one product cannot overlap")

    def step_rows(self) -> list[tuple[str, str, str, str, str]]:
        """Per step, as every view words it: number, first day, regimen, mg/day and how long
        ('7 days'; a held step 'until you end it'; an open-ended last step 'from then on')."""
        rows = []
        for i, (step, when) in enumerate(zip(self.steps, self.dates(), strict=True)):
            start = when.start.strftime("%a %d %b %Y") if when.start else "after the hold"
            if step.held:
                length = "until you end it" if i < len(self.steps) - 1 else "from then on"
            else:
                length = f"{step.days} days"
            rows.append((str(i + 1), start, step.regimen_text(), f"{step.total_mg:g}", length))
        return rows

    def last_known_day(self) -> date:
        """The last day with a known step: the plan's end, or an open step's start."""
        known = [d for d in self.dates() if d.start is not None]
        last = known[-1]
        if last.end is not None:
            return last.end - timedelta(days=1)
        assert last.start is not None  # (known steps have a start)
        return last.start


def end_hold(plan: Plan, step_index: int, on: date) -> Plan:
    """The plan with held step ``step_index`` ending on ``on`` (the next step starts then)."""
    if not 0 <= step_index < len(plan.steps) or not plan.steps[step_index].held:
        held = [str(i + 1) for i, s in enumerate(plan.steps) if s.held]
        raise ValidationError("step", step_index + 1,
                              f"a held step of this plan ({', '.join(held) or 'none is held'})")
    start = plan.dates()[step_index].start
    if start is None:
        raise ValidationError("step", step_index + 1,
                              "a held step whose start is known (end the earlier hold first)")
    days = (on - start).days
    if not 1 <= days <= MAX_STEP_DAYS:
        raise ValidationError("on", on.isoformat(),
                              f"a day after the step began on {start.isoformat()}")
    steps = list(plan.steps)
    steps[step_index] = replace(steps[step_index], days=days)
    return replace(plan, steps=tuple(steps))


# --- the stored / exported form -----------------------------------------------------------

def plan_record(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict (the form stored and exported)."""
    record: dict[str, Any] = {
        "id": plan.id, "name": plan.name, "medication": plan.medication_id,
        "kind": plan.kind, "start": plan.start.isoformat(), "timezone": plan.timezone,
        "steps": [{"days": s.days,
                   "doses": [{"mg": d.mg, "at": d.at.strftime("%H:%M")} for d in s.doses]}
                  for s in plan.steps],
    }
    if plan.created_at is not None:
        record["created_at"] = plan.created_at.isoformat()
    if plan.modified_at is not None:
        record["modified_at"] = plan.modified_at.isoformat()
    return record


def plan_from_record(record: Any) -> Plan:
    """Parse and validate a plan record; ValidationError names the field (``steps[2].days``)."""
    if not isinstance(record, dict):
        raise ValidationError("plan", type(record).__name__, "a JSON object")
    plan_id = _text(record, "id", 36)
    if not _ID.match(plan_id):
        raise ValidationError("id", plan_id, "a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    kind = _text(record, "kind", 20)
    if kind not in PLAN_KINDS:
        raise ValidationError("kind", kind, "one of: " + ", ".join(PLAN_KINDS))
    start = _day(record.get("start"), "start")
    steps = record.get("steps")
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
        raise ValidationError("steps", _short(steps), f"a list of 1 to {MAX_STEPS} steps")
    plan = Plan(
        id=plan_id, name=_text(record, "name", NAME_MAX_CHARS, required=False),
        medication_id=_text(record, "medication", 200), kind=kind, start=start,
        steps=tuple(_step(s, f"steps[{i + 1}]") for i, s in enumerate(steps)),
        timezone=_text(record, "timezone", 64, required=False),
        created_at=_stamp(record.get("created_at"), "created_at"),
        modified_at=_stamp(record.get("modified_at"), "modified_at"),
    )
    check_step_order(plan)
    if plan.timezone and not _is_zone(plan.timezone):
        raise ValidationError("timezone", plan.timezone,
                              "an IANA time zone name like Europe/Berlin, or empty")
    return plan


def check_step_order(plan: Plan) -> None:
    """Only the last step may be open-ended unless held; a stop (0 mg) must be the last step."""
    for i, step in enumerate(plan.steps[:-1]):
        if not step.doses:
            raise ValidationError(f"steps[{i + 1}].doses", "(none: stop)",
                                  "at least one dose: only the last step may stop the product")


def _step(raw: Any, where: str) -> PlanStep:
    if not isinstance(raw, dict):
        raise ValidationError(where, _short(raw), "an object with days and doses")
    days = raw.get("days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                             or not 1 <= days <= MAX_STEP_DAYS):
        raise ValidationError(f"{where}.days", days,
                              f"a whole number of days from 1 to {MAX_STEP_DAYS}, or null to "
                              "hold the step until you end it")
    doses = raw.get("doses", [])
    if not isinstance(doses, list) or len(doses) > MAX_DOSES_PER_STEP:
        raise ValidationError(f"{where}.doses", _short(doses),
                              f"a list of at most {MAX_DOSES_PER_STEP} doses (empty: stop)")
    parsed = tuple(_dose(d, f"{where}.doses[{j + 1}]") for j, d in enumerate(doses))
    if len({d.at for d in parsed}) != len(parsed):
        raise ValidationError(f"{where}.doses", _short(doses), "doses at different times")
    return PlanStep(tuple(sorted(parsed, key=lambda d: d.at)), days)


def _dose(raw: Any, where: str) -> PlanDose:
    if not isinstance(raw, dict):
        raise ValidationError(where, _short(raw), "an object with mg and at (HH:MM)")
    mg = raw.get("mg")
    if isinstance(mg, bool) or not isinstance(mg, int | float) or not math.isfinite(mg) \
            or not 0 < mg <= 10_000:
        raise ValidationError(f"{where}.mg", mg, "a positive number of mg")
    at = raw.get("at")
    if not isinstance(at, str):
        raise ValidationError(f"{where}.at", at, "a clock time HH:MM")
    return PlanDose(float(mg), parse_clock(f"{where}.at", at))


def _text(record: dict[str, Any], name: str, limit: int, *, required: bool = True) -> str:
    value = record.get(name, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise ValidationError(name, _short(value), f"text of at most {limit} characters"
                              + ("" if not required else ", not empty"))
    return value.strip()


def _day(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(name, _short(value), "a date like 2026-03-02") from None


def _stamp(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(name, _short(value), "an ISO 8601 time with a UTC offset")
    return moment


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
