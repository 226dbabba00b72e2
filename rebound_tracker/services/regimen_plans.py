"""The usual regimen (a setting) as a day: a what-if plan ("my day, as I usually take it"),
whether a day was taken as usual, and the first-run example day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.entries import Dose
from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import DoseSpec, SimulationService
from rebound_tracker.services.timeline import (
    DoseMarks,
    TimelineData,
    WhatIfPlan,
    checkin_series,
    curves_of,
    substance_windows,
    windows_of,
)

SAME_DOSE_WITHIN = timedelta(hours=1)
"""A logged dose of the regimen's medication and mg this close to its usual time counts as
taken as usual."""


def regimen_day_plan(regimen: Sequence[RegimenDose], day: date) -> WhatIfPlan | None:
    """The regimen's first medication and mg at its usual times on ``day`` (None without
    a regimen)."""
    if not regimen:
        return None
    first = regimen[0]
    same = [d for d in regimen if d.medication == first.medication and d.mg == first.mg]
    times = tuple(attach_local(datetime.combine(day, d.at)) for d in same)
    return WhatIfPlan(first.medication, first.mg, times)


def taken_as_usual(regimen: Sequence[RegimenDose], day: date,
                   logged: Sequence[Dose]) -> bool:
    """Whether ``logged`` (the day's doses) is the regimen: each usual dose's medication
    and mg within :data:`SAME_DOSE_WITHIN` of its time, and nothing else."""
    if len(logged) != len(regimen):
        return False
    for usual in regimen:
        when = attach_local(datetime.combine(day, usual.at))
        if not any(d.medication_id == usual.medication and d.mg == usual.mg
                   and abs(d.taken.local - when) <= SAME_DOSE_WITHIN for d in logged):
            return False
    return True


EXAMPLE_REGIMEN = (RegimenDose("concerta", 36.0, time(7, 30)),)
"""The first-run example when no usual regimen is given: one long-acting morning dose,
whose day shows a rise, a plateau, wearing off and the rebound risk after it."""


def example_day(simulation: SimulationService, medications: MedicationService, day: date,
                regimen: Sequence[RegimenDose] = ()) -> TimelineData:
    """The predicted day of ``regimen`` (or :data:`EXAMPLE_REGIMEN`) alone, nothing stored
    or carried over: what the first-run welcome explains the chart with."""
    doses = tuple(regimen) or EXAMPLE_REGIMEN
    start = attach_local(datetime.combine(day, time()))
    end = attach_local(datetime.combine(day + timedelta(days=1), time()))
    specs = [DoseSpec(d.medication, d.mg, attach_local(datetime.combine(day, d.at)), d.fed)
             for d in doses]
    prediction = simulation.predict(specs, start=start, hours=24.0, step_min=2.0)
    names = {d.medication: medications.get(d.medication).name for d in doses}
    marks = DoseMarks(np.array([s.at.timestamp() for s in specs], dtype=float),
                      tuple("" for _ in specs),
                      tuple(f"{names[d.medication]} {d.mg:g} mg" for d in doses))
    return TimelineData(start, end, curves_of(prediction), windows_of(prediction, "wear_off"),
                        windows_of(prediction, "rebound"), marks, checkin_series([]),
                        prediction.result.assumptions, by_substance=substance_windows(prediction))
