"""Synthetic people whose own timing is known, for validating personal calibration.

Each person takes a real product of the library (IR methylphenidate 10 mg at 08:00 and
12:00 by default) as the rebound-evidence people do (validation/synthetic_people.py: weekday
jitter, later weekends, skipped days) and checks in at random waking times. Their check-ins
follow the same model as those people's, but with the *true* effect and rebound window of
their own timing: the population's effect stretched by ``time_scale`` and moved by
``delay_h`` (pk.personal), the rebound window moved by ``lag_h``:

    own level + day's level + evening drift(clock) + benefit · true effect
              + rebound · [inside the true rebound window] + noise, rounded to 0..10.

The calibration under test only sees the check-ins and the logged doses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time, timedelta

import numpy as np
from synthetic_people import (  # this folder (script)
    BENEFIT,
    DAY_SD,
    EVENING,
    LEVEL,
    NOISE_SD,
    OPTIONAL_ANSWERED,
    ORIGIN,
    WORSE_SIGN,
)

from rebound_tracker.domain.calibration import PersonalTiming, UsualDose
from rebound_tracker.domain.entries import SCALES
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate
from rebound_tracker.services.calibration_curves import CheckinCurves, UsualDay
from rebound_tracker.stats.calibration import Context
from rebound_tracker.stats.calibration_fit import Checkins

FAMILY = "methylphenidate"


@dataclass(frozen=True)
class Truth:
    """A kind of person: true time-scale, delay and rebound (size in points, lag in h),
    how long they log and how often they check in."""

    name: str
    time_scale: float = 1.0
    delay_h: float = 0.0
    rebound: float = 0.0
    lag_h: float = 0.0
    weeks: int = 12
    per_day: tuple[int, int] = (4, 4)
    benefit: float = 2.5
    medication: str = "ritalin"
    mg: float = 10.0
    dose_hours: tuple[float, ...] = (8.0, 12.0)
    awake_h: tuple[float, float] = (7.5, 22.5)
    skip: float = 0.07
    jitter_min: float = 20.0
    weekend_shift_h: tuple[float, float] = (1.0, 3.0)

    def timing(self) -> PersonalTiming:
        return PersonalTiming(FAMILY, time_scale=self.time_scale,
                              effect_delay_h=self.delay_h, rebound_size=self.rebound,
                              rebound_lag_h=self.lag_h)


@dataclass(frozen=True)
class SyntheticCalibrationPerson:
    data: Checkins
    curve: CheckinCurves
    usual: UsualDay
    ctx: Context
    true_wear_off_h: float
    events: tuple[DoseEvent, ...]


_LIBRARY = None


def library():
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = load_library()
    return _LIBRARY


def _doses(truth: Truth, rng: np.random.Generator, days: int) -> list[DoseEvent]:
    shift = rng.uniform(*truth.weekend_shift_h)
    events = []
    for d in range(days):
        if rng.random() < truth.skip:
            continue
        for base in truth.dose_hours:
            hour = base + (shift if d % 7 >= 5 else 0.0) + rng.normal(0, truth.jitter_min / 60)
            events.append(DoseEvent(truth.medication, truth.mg, d * 24.0 + hour))
    return events


def _inside(t_h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each time is inside one of the (sorted, disjoint) true windows: hard edges,
    whatever edges the fit uses."""
    if starts.size == 0:
        return np.zeros(t_h.shape, dtype=bool)
    j = np.searchsorted(starts, t_h, side="right") - 1
    return (j >= 0) & (t_h < ends[np.maximum(j, 0)])


def person(truth: Truth, rng: np.random.Generator) -> SyntheticCalibrationPerson:
    """One synthetic person of ``truth`` (random draws from ``rng``)."""
    lib = library()
    days = truth.weeks * 7
    events = _doses(truth, rng, days)
    hours = []
    for d in range(days):
        k = rng.integers(truth.per_day[0], truth.per_day[1] + 1)
        hours.extend(d * 24.0 + np.sort(rng.uniform(*truth.awake_h, size=k)))
    at_h = np.asarray(hours)
    step = 5.0 / 60.0
    grid = np.arange(-6.0, days * 24.0 + 30.0, step)
    pop = simulate(lib, events, grid, Person())
    peak = float(np.max(np.sum([c.effect for c in pop.analytes], axis=0)))
    true = simulate(lib, events, grid, Person(timing=(truth.timing(),)))
    true_effect = np.interp(at_h, grid, np.sum([c.effect for c in true.analytes], axis=0))
    true_effect /= peak
    windows = sorted((w.start_h, w.end_h) for c in true.analytes for w in c.rebound)
    starts = np.array([w[0] for w in windows])
    ends = np.array([w[1] for w in windows])
    inside = _inside(at_h, starts, ends)
    clock = at_h % 24.0
    day = (at_h // 24.0).astype(np.int64)
    evening = 1.0 / (1.0 + np.exp(-(clock - 19.0) / 1.2))
    values = {}
    for scale in SCALES:
        y = (LEVEL[scale] + rng.normal(0.0, 0.7) + rng.normal(0.0, DAY_SD, size=days)[day]
             + EVENING[scale] * evening + truth.benefit * BENEFIT[scale] * true_effect
             + truth.rebound * WORSE_SIGN[scale] * inside
             + rng.normal(0.0, NOISE_SD, size=at_h.size))
        y = np.clip(np.rint(y), 0, 10)
        if scale not in ("mood", "focus"):
            y[rng.random(at_h.size) > OPTIONAL_ANSWERED] = np.nan
        values[scale] = y
    data = Checkins(at_h, clock, day, values, WORSE_SIGN)
    usual_doses = [DoseEvent(truth.medication, truth.mg, h) for h in truth.dose_hours]
    usual = UsualDay(lib, usual_doses, FAMILY)
    dosed = {int(e.t_h // 24) for e in events}
    per_day = np.bincount(day, minlength=days)
    first = ORIGIN.date()
    ctx = Context(FAMILY, truth.medication,
                  UsualDose(truth.medication, truth.mg, time(int(truth.dose_hours[0]))),
                  first, first + timedelta(days=days - 1),
                  sum(1 for d in dosed if d < days and per_day[d] >= 2), None)
    true_wear = usual.wear_off_start_h(truth.time_scale, truth.delay_h, 0.5)
    curves = CheckinCurves(lib, events, at_h, FAMILY)
    return SyntheticCalibrationPerson(data, curves, usual, ctx, true_wear, tuple(events))


def truths() -> tuple[Truth, ...]:
    """The kinds of people the validation prints: those whose timing is the population's
    first. IR methylphenidate 10 mg at 08:00 and 12:00 (the rebound-evidence people), then
    Concerta 36 mg at 08:00 (its wear-off falls at about 20:30, late in the evening's
    check-ins, so later timings are only partly observed)."""
    same = Truth("IR: same as population")
    concerta = Truth("Concerta: same as population", medication="concerta", mg=36.0,
                     dose_hours=(8.0,), awake_h=(7.5, 23.0))
    return (
        same,
        replace(same, name="IR: same timing, rebound 1.5", rebound=1.5),
        replace(concerta, name="Concerta: same timing, rebound 1.5", rebound=1.5),
        concerta,
        replace(same, name="IR: later, time-scale 1.2", time_scale=1.2),
        replace(same, name="IR: earlier, time-scale 0.85", time_scale=0.85),
        replace(same, name="IR: effect 1 h later", delay_h=1.0),
        replace(same, name="IR: 0.75 h earlier, rebound 1.5 0.5 h late", delay_h=-0.75,
                rebound=1.5, lag_h=0.5),
        replace(concerta, name="Concerta: later, time-scale 1.1", time_scale=1.1),
        replace(concerta, name="Concerta: effect 1 h earlier", delay_h=-1.0),
    )


def sizes() -> tuple[tuple[int, tuple[int, int]], ...]:
    """(weeks, check-ins a day) the validation tries for every kind of person."""
    return ((4, (2, 3)), (8, (4, 4)), (12, (4, 4)), (26, (4, 4)))




