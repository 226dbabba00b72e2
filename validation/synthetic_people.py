"""Synthetic people with a known truth, for validating the rebound evidence analysis.

Each person takes a real product of the medication library (by default IR methylphenidate
10 mg at 08:00 and 12:00) at weekday times (with a few minutes' jitter), later at weekends
and not at all on some days; checks in 2–6 times a
day at random waking times; and reports every scale as

    own level + day's level + evening drift(clock) + benefit · true effect
              + rebound · [inside the true rebound window] + noise, rounded to 0..10.

The true effect is the model's predicted effect, optionally shifted by a person-level
delay (the model is never exactly right about anyone); the true rebound window is the
model's predicted window shifted by ``lag_h`` (so a lag leaves it partly uncovered). The
analysis under test only ever sees the check-ins and the model's prediction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import numpy as np

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate
from rebound_tracker.services.evidence import CheckinArrays
from rebound_tracker.services.predicted_windows import inside_windows, rebound_bounds
from rebound_tracker.services.simulation import Prediction

ORIGIN = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday; local time = UTC for these people
WORSE_SIGN = {s: (-1.0 if s in ("mood", "focus") else 1.0) for s in SCALES}
LEVEL = {"mood": 5.5, "focus": 4.5, "irritability": 3.0, "fatigue": 4.0, "anxiety": 3.5,
         "restlessness": 3.5}
EVENING = {"mood": -1.0, "focus": -1.5, "irritability": 1.5, "fatigue": 2.5, "anxiety": 0.5,
           "restlessness": 0.8}
"""Points each scale drifts by in the evening (logistic around 19:00), per unit of drift."""
BENEFIT = {"mood": 0.5, "focus": 1.0, "irritability": -0.3, "fatigue": -0.5, "anxiety": 0.1,
           "restlessness": -0.4}
"""Each scale's share of the peak benefit (points) at the person's peak effect."""
DAY_SD, NOISE_SD = 0.8, 1.2
OPTIONAL_ANSWERED = 0.85


@dataclass(frozen=True)
class Design:
    """A kind of person. ``rebound``: true size (points, in each scale's worse direction);
    ``lag_h``: true rebound window = predicted one shifted by this; ``drift``: evening
    drift multiplier; ``benefit``: peak benefit (points); ``weekend_shift_h``: range of a
    person's later weekend dose; ``skip``: chance of a day without a dose; ``jitter_min``:
    SD of the weekday dose time; ``model_delay_sd_h``: SD of the true effect's delay."""

    name: str
    weeks: int = 8
    per_day: tuple[int, int] = (4, 4)
    rebound: float = 0.0
    lag_h: float = 0.0
    drift: float = 1.0
    benefit: float = 2.0
    weekend_shift_h: tuple[float, float] = (1.0, 3.0)
    skip: float = 0.07
    jitter_min: float = 20.0
    model_delay_sd_h: float = 0.0
    medication: str = "ritalin"
    mg: float = 10.0
    dose_hours: tuple[float, ...] = (8.0, 12.0)
    awake_h: tuple[float, float] = (7.5, 22.5)


@dataclass(frozen=True)
class SyntheticPerson:
    arrays: CheckinArrays
    prediction: Prediction
    windows: tuple[np.ndarray, np.ndarray]
    first_day: date
    last_day: date
    truth: float
    """The rebound the analysis estimates, in points (+ = higher): the true size times the
    share of the check-ins inside predicted windows that are inside the true window."""


_LIBRARY = None


def _library():
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = load_library()
    return _LIBRARY


def _doses(design: Design, rng: np.random.Generator, days: int) -> list[DoseEvent]:
    shift = rng.uniform(*design.weekend_shift_h)
    events = []
    for d in range(days):
        if rng.random() < design.skip:
            continue
        weekend = d % 7 >= 5
        for base in design.dose_hours:
            hour = base + (shift if weekend else 0.0)
            hour += rng.normal(0.0, design.jitter_min / 60.0)
            events.append(DoseEvent(design.medication, design.mg, d * 24.0 + hour))
    return events


def _checkin_hours(design: Design, rng: np.random.Generator, days: int) -> np.ndarray:
    hours = []
    for d in range(days):
        k = rng.integers(design.per_day[0], design.per_day[1] + 1)
        hours.extend(d * 24.0 + np.sort(rng.uniform(*design.awake_h, size=k)))
    return np.asarray(hours)


CheckinHours = Callable[[Design, int, Prediction], np.ndarray]
"""Hours since ORIGIN of a person's check-ins, from the design, the number of days and the
model's prediction of the doses taken (validation/prompt_timing.py places them by the app's
schedule)."""


def person(design: Design, rng: np.random.Generator,
           checkin_hours: CheckinHours | None = None) -> SyntheticPerson:
    """One synthetic person of ``design`` (random draws from ``rng``); check-ins at random
    waking times unless ``checkin_hours`` places them (its own draws are its own, so
    ``rng`` gives the same person whatever places the check-ins, when their number is the
    same)."""
    days = design.weeks * 7
    events = _doses(design, rng, days)
    step_h = 5.0 / 60.0
    t_h = np.arange(0.0, days * 24.0 + step_h / 2, step_h)
    result = simulate(_library(), events, t_h, Person())
    prediction = Prediction(ORIGIN, t_h, result, tuple(events))
    windows = rebound_bounds(prediction)
    at_h = (_checkin_hours(design, rng, days) if checkin_hours is None
            else np.asarray(checkin_hours(design, days, prediction), dtype=float))
    moments = ORIGIN.timestamp() + at_h * 3600.0
    clock = at_h % 24.0
    day = (at_h // 24.0).astype(np.int64)
    model_effect = np.sum([c.effect for c in result.analytes], axis=0)
    delay = rng.normal(0.0, design.model_delay_sd_h)
    true_effect = np.interp(at_h - delay, t_h, model_effect, left=0.0) / model_effect.max()
    lag_s = design.lag_h * 3600.0
    in_true = inside_windows(moments, windows[0] + lag_s, windows[1] + lag_s)
    in_predicted = inside_windows(moments, *windows)
    evening = 1.0 / (1.0 + np.exp(-(clock - 19.0) / 1.2))
    values = {}
    for scale in SCALES:
        day_level = rng.normal(0.0, DAY_SD, size=days)[day]
        y = (LEVEL[scale] + rng.normal(0.0, 0.7) + day_level
             + design.drift * EVENING[scale] * evening
             + design.benefit * BENEFIT[scale] * true_effect
             + design.rebound * WORSE_SIGN[scale] * in_true
             + rng.normal(0.0, NOISE_SD, size=at_h.size))
        y = np.clip(np.rint(y), 0, 10)
        if scale not in ("mood", "focus"):
            y[rng.random(at_h.size) > OPTIONAL_ANSWERED] = np.nan
        values[scale] = y
    covered = float(in_true[in_predicted].mean()) if in_predicted.any() else 0.0
    first = ORIGIN.date()
    return SyntheticPerson(CheckinArrays(moments, clock, day, values), prediction, windows,
                           first, first + timedelta(days=days - 1),
                           design.rebound * covered)


def designs() -> tuple[Design, ...]:
    """The designs the validation prints, people without a rebound first."""
    base = Design("no rebound: evening drift, weekend shift, skipped days")
    return (
        base,
        replace(base, name="no rebound: benefit fades, no drift", drift=0.0, benefit=3.0),
        replace(base, name="no rebound: strong drift, model 0.5 h off", drift=2.0,
                model_delay_sd_h=0.5),
        replace(base, name="no rebound: 2-3 check-ins a day, 4 weeks", weeks=4,
                per_day=(2, 3)),
        replace(base, name="no rebound: 2-6 check-ins a day", per_day=(2, 6)),
        replace(base, name="no rebound: same time daily, no skips", weekend_shift_h=(0, 0),
                skip=0.0, jitter_min=5.0),
        replace(base, name="no rebound: Concerta 36 mg, check-ins to 23:30",
                medication="concerta", mg=36.0, dose_hours=(8.0,), awake_h=(7.5, 23.5)),
        replace(base, name="rebound 1.5, 8 weeks x 4 a day", rebound=1.5),
        replace(base, name="rebound 1.0, 8 weeks x 4 a day", rebound=1.0),
        replace(base, name="rebound 2.5 with strong drift", rebound=2.5, drift=2.0),
        replace(base, name="rebound 1.5, 1 h later than predicted", rebound=1.5, lag_h=1.0),
        replace(base, name="rebound 1.5, 2-6 check-ins a day", rebound=1.5, per_day=(2, 6)),
        replace(base, name="rebound 1.5, Concerta 36 mg, check-ins to 23:30", rebound=1.5,
                medication="concerta", mg=36.0, dose_hours=(8.0,), awake_h=(7.5, 23.5)),
    )
