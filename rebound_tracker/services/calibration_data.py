"""A period's log as a calibration sees it: check-in arrays, the model curves of its logged
doses, the usual day, and what the period offers (``stats.calibration.Context``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.calibration import PersonalTiming, UsualDose
from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.pk.model import DoseEvent, Person
from rebound_tracker.services.adherence import RegimenSlot, infer_regimen
from rebound_tracker.services.calibration_curves import CheckinCurves, UsualDay
from rebound_tracker.services.evidence import checkin_arrays
from rebound_tracker.stats.calibration import Context
from rebound_tracker.stats.calibration_fit import Checkins

WORSE_SIGN = {"mood": -1.0, "focus": -1.0}
"""Scales where lower is worse; every other scale: higher is worse."""
CARRY_OVER = timedelta(hours=48)


@dataclass(frozen=True)
class PeriodData:
    """Everything the fit and the plot need about one period."""

    data: Checkins
    curve: CheckinCurves | None
    usual: UsualDay | None
    ctx: Context
    morning_h: np.ndarray
    """Per check-in: hours since that local day's first dose of the usual medication
    (NaN on days without one)."""


def usual_slots(doses: Sequence[Dose], first_day: date, last_day: date
                ) -> tuple[RegimenSlot, ...]:
    """The regimen read from the log on working days (or every day), the morning dose
    first; empty when no medication is taken on most days."""
    regimen = [s for s in infer_regimen(doses, first_day, last_day) if s.weekdays]
    if not regimen:
        return ()
    weekday = [s for s in regimen if 0 in s.weekdays] or regimen
    return tuple(sorted(weekday, key=lambda s: s.minute_of_day))


def gather(library: MedicationLibrary, doses: Sequence[Dose], checkins: Sequence[CheckIn],
           first_day: date, last_day: date, base: Person,
           current: dict[str, PersonalTiming], fitted_at: datetime) -> PeriodData:
    """The period's arrays and model (doses of a medication this version cannot read are
    left out, as the timeline leaves them out)."""
    readable = [d for d in doses if _resolves(library, d.medication_id)]
    logged = [d.taken.local.date() for d in readable] + [c.at.local.date() for c in checkins]
    # The period starts with the log: a year asked of a 12-week log is those 12 weeks.
    first_day = max(first_day, min((d for d in logged if d >= first_day), default=first_day))
    slots = usual_slots([d for d in readable if d.taken.local.date() >= first_day],
                        first_day, last_day)
    morning = slots[0] if slots else None
    family = medication = unsuitable = None
    usual = None
    if morning is not None:
        formulation = library.resolve(morning.medication_id)
        fam = library.family(library.analyte(formulation.analyte).family)
        family, medication = fam.name, formulation.id
        usual = UsualDose(medication, float(morning.mg),
                          time(morning.minute_of_day // 60, morning.minute_of_day % 60))
        if not fam.daily_windows:
            unsuitable = (f"a medication with a daily wear-off: {formulation.name} acts over "
                          "weeks, so the model predicts no wear-off window to calibrate")
    origin = datetime.combine(first_day, time(), tzinfo=checkins[0].at.local.tzinfo
                              ) if checkins else None
    arrays = checkin_arrays(checkins)
    t0 = origin.timestamp() if origin else 0.0
    t_h = (arrays.moments - t0) / 3600.0
    signs = {s: WORSE_SIGN.get(s, 1.0) for s in arrays.values}
    data = Checkins(t_h, arrays.clock_h, arrays.day, arrays.values, signs)
    events = [DoseEvent(library.resolve(d.medication_id).id, d.mg,
                        (d.taken.instant.timestamp() - t0) / 3600.0, d.fed) for d in readable]
    morning_h = _hours_since_morning(readable, checkins, medication)
    dosed_days = _dosed_days(readable, checkins, library, family)
    ctx = Context(family, medication, usual, first_day, last_day, dosed_days,
                  current.get(family) if family else None, fitted_at, unsuitable)
    curve = day = None
    if family is not None and events and checkins and unsuitable is None:
        curve = CheckinCurves(library, events, t_h, family, base)
        day_events = [DoseEvent(s.medication_id, s.mg, s.minute_of_day / 60.0)
                      for s in slots]
        day = UsualDay(library, day_events, family, base)
    return PeriodData(data, curve, day, ctx, morning_h)


def _resolves(library: MedicationLibrary, medication_id: str) -> bool:
    try:
        library.resolve(medication_id)
    except (ValidationError, KeyError):
        return False
    return True


def _hours_since_morning(doses: Sequence[Dose], checkins: Sequence[CheckIn],
                         medication: str | None) -> np.ndarray:
    first: dict[date, float] = {}
    for d in doses:
        if d.medication_id == medication:
            day = d.taken.local.date()
            moment = d.taken.instant.timestamp()
            first[day] = min(first.get(day, moment), moment)
    out = np.full(len(checkins), np.nan)
    for i, c in enumerate(checkins):
        start = first.get(c.at.local.date())
        if start is not None and c.at.instant.timestamp() >= start:
            out[i] = (c.at.instant.timestamp() - start) / 3600.0
    return out


def _dosed_days(doses: Sequence[Dose], checkins: Sequence[CheckIn],
                library: MedicationLibrary, family: str | None) -> int:
    if family is None:
        return 0
    days = {d.taken.local.date() for d in doses
            if library.family(library.analyte(library.resolve(d.medication_id).analyte)
                              .family).name == family}
    per_day: dict[date, int] = {}
    for c in checkins:
        per_day[c.at.local.date()] = per_day.get(c.at.local.date(), 0) + 1
    return sum(1 for day in days if per_day.get(day, 0) >= 2)
