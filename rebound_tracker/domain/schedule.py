"""A day's dose reminders and check-in prompts, planned from plain inputs (no clock, no I/O).

Dose reminders come from the usual regimen. Check-in prompts come from two sources, as in
the experience-sampling method: the model (the predicted wear-off start and a point inside
each predicted rebound window of the doses logged that day, drawn anew each day) and chance
(one time drawn at random inside each of a few equal blocks of the waking day). The random
ones sample the person's clock-time baseline, so an evening dip can be told apart from a dip
that follows the dose.

The plan is a pure function of its inputs, so the command line (``rebound-tracker
schedule``) and the tray compute the same items; :mod:`rebound_tracker.services.reminders`
gathers the inputs and keeps what becomes of each item in the database.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from rebound_tracker.domain.settings import RegimenDose, Settings

KINDS: tuple[str, ...] = ("dose", "wear-off", "rebound", "random")
PROMPT_PRIORITY: tuple[str, ...] = ("wear-off", "rebound", "random")
"""Which prompts a daily cap keeps first: the model-timed ones carry the most evidence."""

REBOUND_SPAN = (0.1, 0.9)
"""Where in its window (fraction of its length) a rebound prompt goes: a point drawn from
this span, seeded by the date and the prompt, so the clock times sampled inside the
windows vary from day to day (validation/prompt_timing.py: a prompt always at the middle
falls at the same clock time on every usual day, and the analysis cannot tell it from the
time of day as often)."""
REBOUND_ALTERNATIVES = (0.25, 0.75, 0.1, 0.9, 0.5)
"""Where else in its window (fraction of its length) a rebound prompt may go when its
point is too close to another prompt (usually the wear-off one)."""

PLANNED, DONE, EXPECTED, DROPPED = "planned", "done", "expected", "dropped"
"""Item status: will fire · dose already logged · prompt of a dose not logged yet (it fires
once the dose is logged, at the time the logged dose gives) · left out (the reason says
why)."""


@dataclass(frozen=True)
class ModelWindow:
    """A predicted wear-off or rebound window (aware datetimes); ``logged`` is False when it
    comes from a regimen dose that has not been logged yet."""

    kind: str
    start: datetime
    end: datetime
    logged: bool = True


@dataclass(frozen=True)
class LoggedDose:
    """A dose of the log as the plan needs it: medication id and local time."""

    medication_id: str
    at: datetime


@dataclass(frozen=True)
class PlannedItem:
    """One reminder or prompt of the day. ``key`` is stable across re-planning: a prompt that
    moves because its dose was logged late keeps its key."""

    key: str
    at: datetime
    kind: str
    reason: str
    status: str = PLANNED
    dose: RegimenDose | None = None
    alternatives: tuple[datetime, ...] = field(default=(), compare=False, repr=False)
    """Other times the prompt may take (inside its window) when ``at`` is too close to a
    prompt kept before it."""

    @property
    def fires(self) -> bool:
        return self.status == PLANNED


ACTIVE_STATES = ("pending", "snoozed")
"""A stored reminder in these states can still alert; the others are settled."""


@dataclass(frozen=True)
class Reminder:
    """A planned item as stored, with what became of it.

    state: pending · snoozed · taken (dose logged from it or elsewhere) · skipped ·
    dismissed · answered (a check-in answered the prompt) · ignored (re-alerts ran out, or it
    was too late to be useful) · withdrawn (no longer in the plan: setting turned off, dose
    deleted, cap or gap). ``alerts``: how often it has been shown."""

    key: str
    day: date
    kind: str
    due: datetime
    reason: str
    state: str
    next_alert: datetime
    alerts: int = 0
    medication_id: str | None = None
    mg: float | None = None
    fed: bool = False
    entry_id: str | None = None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


@dataclass(frozen=True)
class PlanInputs:
    """Everything a day's plan depends on. Times are aware datetimes of that day."""

    day: date
    day_start: datetime
    settings: Settings
    regimen_times: Sequence[datetime]
    """The local time of each regimen dose on ``day`` (same order as settings.regimen)."""
    logged: Sequence[LoggedDose]
    windows: Sequence[ModelWindow]
    checkins: Sequence[datetime]


def plan_day(inputs: PlanInputs) -> list[PlannedItem]:
    """The day's items in time order: dose reminders, then prompts after quiet hours, the
    minimum gap and the daily cap have been applied (dropped items stay, saying why)."""
    s = inputs.settings
    items = _dose_items(inputs) if s.reminders else []
    if s.checkin_prompts:
        items += _limit_prompts(inputs, _model_prompts(inputs) + _random_prompts(inputs))
    return sorted(items, key=lambda i: (i.at, KINDS.index(i.kind)))


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _quiet(settings: Settings, moment: datetime) -> bool:
    return settings.quiet_hours is not None and settings.quiet_hours.contains(moment.time())


def _dose_items(inputs: PlanInputs) -> list[PlannedItem]:
    s = inputs.settings
    window = timedelta(minutes=s.dose_window_minutes)
    items = []
    for dose, at in zip(s.regimen, inputs.regimen_times, strict=True):
        key = f"{inputs.day.isoformat()}/dose/{dose.medication}@{dose.at.strftime('%H:%M')}"
        reason = f"usual regimen: {dose.medication} {dose.mg:g} mg at {_clock(at)}"
        taken = matching_dose(dose, at, inputs.logged, window)
        if taken is not None:
            item = PlannedItem(key, at, "dose", f"{reason}; logged at {_clock(taken.at)}",
                               DONE, dose)
        elif _quiet(s, at):
            item = PlannedItem(key, at, "dose", f"{reason}; inside quiet hours "
                               f"{s.quiet_hours.text()}", DROPPED, dose)  # type: ignore[union-attr]
        else:
            item = PlannedItem(key, at, "dose", reason, PLANNED, dose)
        items.append(item)
    return items


def matching_dose(dose: RegimenDose, at: datetime, logged: Sequence[LoggedDose],
                  window: timedelta) -> LoggedDose | None:
    """The logged dose of the same medication closest to ``at`` within ``window``, if any."""
    near = [d for d in logged if d.medication_id == dose.medication and abs(d.at - at) <= window]
    return min(near, key=lambda d: abs(d.at - at)) if near else None


def _model_prompts(inputs: PlanInputs) -> list[PlannedItem]:
    day_end = inputs.day_start + timedelta(days=1)
    items = []
    counts = {"wear-off": 0, "rebound": 0}
    for window in sorted(inputs.windows, key=lambda w: (w.kind, w.start)):
        alternatives: tuple[datetime, ...] = ()
        if window.kind == "wear-off":
            at = window.start
            reason = f"predicted wear-off starts at {_clock(at)}"
        else:
            # Placed in the day's part of the window (one across midnight is sampled on
            # each of its days); the reason gives the whole window.
            lo, hi = max(window.start, inputs.day_start), min(window.end, day_end)
            if lo >= hi:
                continue
            at = lo + (hi - lo) * _draw(inputs.day, f"rebound/{counts['rebound'] + 1}",
                                        *REBOUND_SPAN)
            alternatives = tuple(lo + (hi - lo) * f for f in REBOUND_ALTERNATIVES)
            reason = (f"inside the predicted rebound window {_clock(window.start)}–"
                      f"{_clock(window.end)}")
        if not inputs.day_start <= at < day_end:
            continue
        counts[window.kind] += 1
        key = f"{inputs.day.isoformat()}/{window.kind}/{counts[window.kind]}"
        if not window.logged:
            items.append(PlannedItem(key, at, window.kind, reason + " (if the regimen dose is "
                                     "taken on time; moves with the logged dose)", EXPECTED,
                                     alternatives=alternatives))
        else:
            items.append(PlannedItem(key, at, window.kind, reason, alternatives=alternatives))
    return items


def _rng(day: date, what: str = "") -> random.Random:
    """A generator seeded by the date (and ``what``): the same in every process."""
    text = f"rebound-tracker/{day}" + (f"/{what}" if what else "")
    return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))


def _draw(day: date, what: str, lo: float, hi: float) -> float:
    return _rng(day, what).uniform(lo, hi)


def random_times(day: date, day_start: datetime, settings: Settings) -> list[datetime]:
    """One time in each of ``random_prompts`` equal blocks of the waking day, drawn from a
    generator seeded by the date (the same day always gets the same times, in every
    process; the person cannot guess them)."""
    span = settings.waking_hours
    start = day_start.replace(hour=span.start.hour, minute=span.start.minute)
    end = day_start.replace(hour=span.end.hour, minute=span.end.minute)
    blocks = settings.random_prompts
    if blocks == 0:
        return []
    length = (end - start) / blocks
    rng = _rng(day)
    return [start + length * i + length * rng.random() for i in range(blocks)]


def _random_prompts(inputs: PlanInputs) -> list[PlannedItem]:
    times = random_times(inputs.day, inputs.day_start, inputs.settings)
    blocks = len(times)
    return [PlannedItem(f"{inputs.day.isoformat()}/random/{i + 1}", at.replace(second=0,
                        microsecond=0), "random",
                        f"random time in block {i + 1} of {blocks} of the waking day "
                        f"{inputs.settings.waking_hours.text()}")
            for i, at in enumerate(times)]


def _limit_prompts(inputs: PlanInputs, prompts: list[PlannedItem]) -> list[PlannedItem]:
    """Quiet hours, the minimum gap (to check-ins logged and to prompts kept) and the daily
    cap, taking prompts in priority order (model before random, then by time)."""
    s = inputs.settings
    gap = timedelta(minutes=s.prompt_min_gap_minutes)
    kept: list[PlannedItem] = []
    out: list[PlannedItem] = []
    ordered = sorted(prompts, key=lambda p: (PROMPT_PRIORITY.index(p.kind), p.at))
    for prompt in ordered:
        why = _why_dropped(prompt, inputs, kept, gap)
        for moment in prompt.alternatives if why is not None else ():
            moved = replace(prompt, at=moment)
            if _why_dropped(moved, inputs, kept, gap) is None:
                prompt, why = moved, None
                break
        if why is None and len(kept) >= s.prompt_daily_cap:
            why = f"daily cap of {s.prompt_daily_cap} prompts reached"
        if why is not None:
            out.append(PlannedItem(prompt.key, prompt.at, prompt.kind,
                                   f"{prompt.reason}; left out: {why}", DROPPED))
            continue
        kept.append(prompt)
        out.append(prompt)
    return out


def _why_dropped(prompt: PlannedItem, inputs: PlanInputs, kept: list[PlannedItem],
                 gap: timedelta) -> str | None:
    s = inputs.settings
    if _quiet(s, prompt.at):
        return f"inside quiet hours {s.quiet_hours.text()}"  # type: ignore[union-attr]
    for checkin in inputs.checkins:
        if checkin <= prompt.at < checkin + gap:
            return f"a check-in at {_clock(checkin)} is within {s.prompt_min_gap_minutes} min"
    for other in kept:
        if abs(other.at - prompt.at) < gap:
            return (f"the {other.kind} prompt at {_clock(other.at)} is within "
                    f"{s.prompt_min_gap_minutes} min")
    return None
