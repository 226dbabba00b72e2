"""What each step of a plan does to the model's curve, before the change is made.

The whole plan is simulated as daily doses (each step's regimen at its clock times, every
day), preceded by WARMUP_DAYS of the first step, so the first step starts at its steady
state. A held or open-ended step is shown for SHOWN_OPEN_DAYS days; steps after a hold are
placed right after it, their dates illustrative until the hold is ended.

Per step, on the primary analyte (concentration unit per the library, e.g. ng/mL):
- ``daily_auc``: area under the concentration over the step's last day (unit·h);
- ``peak``, and ``trough`` just before the first dose of that day (its minimum for a stop);
- ``largest_drop``: the largest fall of daily AUC from one day to the next, from the day
  before the step to its end (unit·h, and percent of the day before);
- ``days_to_steady``: days from the step's start until the daily AUC is within
  STEADY_TOLERANCE of the step's own steady state (None: not within the days shown);
- the predicted wear-off and rebound windows on the last day (clock times).
Days are 24-hour blocks from local midnight of the first simulated day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.plans import Plan, PlanStep
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.pk.model import Person
from rebound_tracker.services.simulation import DoseSpec, SimulationService

WARMUP_DAYS = 7
SHOWN_OPEN_DAYS = 14
STEP_MIN = 10.0
STEADY_TOLERANCE = 0.05
"""Within 5% of the step's steady-state daily AUC (of the larger of the two steady states,
so a stop reaches 'steady' when the level is under 5% of the previous step's)."""
STEADY_RUN_DAYS = 21
TAIL_DAYS = 1
"""Days simulated after the plan's last shown day, with no further doses, so that the last
day's wear-off and rebound windows are found whole instead of cut at its midnight."""
POINTS_PER_DAY = round(24 * 60 / STEP_MIN)


@dataclass(frozen=True)
class StepProjection:
    number: int
    start: date
    days_shown: int
    illustrative: bool
    """True when the step's dates are not known yet (after a hold) or it is open-ended."""
    total_mg: float
    regimen: str
    daily_auc: float
    peak: float
    trough: float
    largest_drop: float
    largest_drop_pct: float
    days_to_steady: int | None
    wear_off: tuple[str, ...]
    rebound: tuple[str, ...]
    day_hours: np.ndarray
    day_concentration: np.ndarray


@dataclass(frozen=True)
class PlanProjection:
    analyte: str
    unit: str
    days: tuple[date, ...]
    daily_auc: np.ndarray
    epoch_seconds: np.ndarray
    concentration: np.ndarray
    steps: tuple[StepProjection, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class _Span:
    step: PlanStep
    start: date
    days: int
    illustrative: bool


def _spans(plan: Plan) -> list[_Span]:
    spans, cursor = [], plan.start
    for step, when in zip(plan.steps, plan.dates(), strict=True):
        start = when.start or cursor
        days = step.days or SHOWN_OPEN_DAYS
        spans.append(_Span(step, start, days, when.start is None or step.days is None))
        cursor = start + timedelta(days=days)
    return spans


def _specs(medication: str, step: PlanStep, first: date, days: int) -> list[DoseSpec]:
    return [DoseSpec(medication, d.mg, attach_local(datetime.combine(first + timedelta(n),
                                                                     d.at)))
            for n in range(days) for d in step.doses]


def project_plan(plan: Plan, simulation: SimulationService,
                 person: Person | None = None) -> PlanProjection:
    """The projected exposure of every step (see the module docstring)."""
    person = person or simulation.person()
    spans = _spans(plan)
    origin_day = plan.start - timedelta(days=WARMUP_DAYS)
    specs = _specs(plan.medication_id, spans[0].step, origin_day, WARMUP_DAYS)
    for span in spans:
        specs += _specs(plan.medication_id, span.step, span.start, span.days)
    total_days = WARMUP_DAYS + sum(s.days for s in spans)
    origin = attach_local(datetime.combine(origin_day, time()))
    prediction = simulation.predict(specs, start=origin,
                                    hours=24.0 * (total_days + TAIL_DAYS),
                                    step_min=STEP_MIN, person=person)
    curve = prediction.result.analytes[0]
    conc = curve.concentration
    daily = _daily_auc(conc, total_days)
    steady = [_steady_auc(plan.medication_id, s.step, simulation, person) for s in spans]
    steps, offset = [], WARMUP_DAYS
    for i, span in enumerate(spans):
        previous = steady[i - 1] if i else steady[i]
        steps.append(_step(i + 1, span, offset, curve, daily, steady[i], previous))
        offset += span.days
    keep = slice(WARMUP_DAYS * POINTS_PER_DAY, total_days * POINTS_PER_DAY + 1)
    return PlanProjection(
        analyte=curve.analyte, unit=curve.unit,
        days=tuple(plan.start + timedelta(d) for d in range(total_days - WARMUP_DAYS)),
        daily_auc=daily[WARMUP_DAYS:], epoch_seconds=prediction.epoch_seconds()[keep],
        concentration=conc[keep], steps=tuple(steps),
        assumptions=(
            f"Each step's regimen taken every day at its clock times; the first step was "
            f"already taken for {WARMUP_DAYS} days before the plan begins.",
            f"Held and open-ended steps are shown for {SHOWN_OPEN_DAYS} days.",
            f"Steady state: daily exposure within {STEADY_TOLERANCE:.0%} of the step's own.",
            *prediction.result.assumptions,
        ),
    )


def _step(number: int, span: _Span, offset: int, curve, daily: np.ndarray, steady: float,
          previous_steady: float) -> StepProjection:
    """The metrics of one step whose first day is day ``offset`` of the simulation."""
    first_dose = span.step.doses[0].at if span.step.doses else None
    last = offset + span.days - 1
    day = curve.concentration[last * POINTS_PER_DAY:(last + 1) * POINTS_PER_DAY + 1]
    before = daily[offset - 1:offset + span.days]
    drops = before[:-1] - before[1:]
    k = int(np.argmax(drops))
    drop = max(0.0, float(drops[k]))
    return StepProjection(
        number=number, start=span.start, days_shown=span.days,
        illustrative=span.illustrative, total_mg=span.step.total_mg,
        regimen=span.step.regimen_text(), daily_auc=float(daily[last]),
        peak=float(day.max()), trough=_trough(day, first_dose), largest_drop=drop,
        largest_drop_pct=100.0 * drop / float(before[k]) if before[k] > 0 else 0.0,
        days_to_steady=_days_to_steady(daily[offset:offset + span.days], steady,
                                       max(steady, previous_steady)) if number > 1 else 0,
        wear_off=_windows(curve.wear_off, last), rebound=_windows(curve.rebound, last),
        day_hours=np.arange(day.size) * STEP_MIN / 60.0, day_concentration=day,
    )


def _daily_auc(conc: np.ndarray, days: int) -> np.ndarray:
    dt = STEP_MIN / 60.0
    out = np.empty(days)
    for d in range(days):
        block = conc[d * POINTS_PER_DAY:(d + 1) * POINTS_PER_DAY + 1]
        out[d] = float(np.sum((block[1:] + block[:-1]) * 0.5) * dt)
    return out


def _steady_auc(medication: str, step: PlanStep, simulation: SimulationService,
                person: Person) -> float:
    if not step.doses:
        return 0.0
    first = date(2001, 1, 1)  # any day: only the shape of the run matters
    specs = _specs(medication, step, first, STEADY_RUN_DAYS)
    origin = attach_local(datetime.combine(first, time()))
    run = simulation.predict(specs, start=origin, hours=24.0 * STEADY_RUN_DAYS,
                             step_min=STEP_MIN, person=person)
    return float(_daily_auc(run.result.analytes[0].concentration, STEADY_RUN_DAYS)[-1])


def _days_to_steady(daily: np.ndarray, steady: float, reference: float) -> int | None:
    tolerance = STEADY_TOLERANCE * reference
    for n, value in enumerate(daily):
        if abs(value - steady) <= tolerance:
            return n + 1
    return None


def _trough(day: np.ndarray, first_dose: time | None) -> float:
    if first_dose is None:
        return float(day.min())
    index = int((first_dose.hour * 60 + first_dose.minute) // STEP_MIN)
    return float(day[min(index, day.size - 1)])


def _windows(windows, day_index: int) -> tuple[str, ...]:
    lo, hi = 24.0 * day_index, 24.0 * (day_index + 1)
    out = []
    for w in windows:
        if lo <= w.start_h < hi:
            out.append(f"{_clock(w.start_h - lo)}–{_clock(w.end_h - lo)}")
    return tuple(out)


def _clock(hours: float) -> str:
    minutes = round(hours * 60)
    day, minutes = divmod(minutes, 24 * 60)
    text = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return text if day == 0 else f"{text} (+{day}d)"
