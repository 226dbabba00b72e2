"""What the timeline chart draws, as plain arrays: predicted curves, windows, doses and
check-ins over a span of time (POSIX seconds on x), plus what-if plans for a day.

Qt-free: the window's timeline panel and the appointment PDF draw the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.columns import DoseColumns
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.settings import RegimenDose
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import (
    CARRY_OVER,
    DoseSpec,
    Prediction,
    SimulationService,
    spec_from_dose,
)
from rebound_tracker.services.timeline_band import BandSeries, BandSource, band_of
from rebound_tracker.services.timeline_series import (
    CheckinSeries,
    CurveSeries,
    DoseMarks,
    SubstanceWindows,
    TimelineData,
    WhatIfPlan,
    WindowSeries,
    checkin_series,
    checkins_of_columns,
    curves_of,
    dose_marks,
    local_ordinal,
    local_time,
    marks_of_columns,
    substance_windows,
    windows_of,
)
from rebound_tracker.storage.instants import to_epoch_us
from rebound_tracker.storage.read_models import EntryColumnReads

BAND_MAX_SPAN = timedelta(days=100)
"""Longer spans (the whole history) are drawn without the uncertainty band: it re-runs the
model once per parameter draw."""
SHORT_SPAN = timedelta(days=4)
"""Spans up to this long are simulated on a 2-minute grid, longer ones on 5 minutes."""

__all__ = [  # the series types live in timeline_series; importable from here as before
    "BAND_MAX_SPAN", "SHORT_SPAN", "CheckinSeries", "CurveSeries", "DoseMarks",
    "SubstanceWindows", "TimelineData", "TimelineService", "WhatIfPlan", "WindowSeries",
    "checkin_series", "checkins_of_columns", "curves_of", "dose_marks",
    "is_immediate_release", "marks_of_columns", "nearest_strength", "substance_windows",
    "windows_of",
]


def is_immediate_release(formulation: Formulation) -> bool:
    return len(formulation.components) == 1 and formulation.components[0].kind == "first_order"


def nearest_strength(formulation: Formulation, mg: float) -> float:
    strengths = formulation.strengths or (mg,)
    return float(min(strengths, key=lambda s: (abs(s - mg), s)))


class TimelineService:
    """Loads :class:`TimelineData` for a span and simulates what-if days. Each call opens
    its own sessions through the services, so it may run in a worker thread."""

    def __init__(self, doses: DoseService, checkins: CheckInService,
                 simulation: SimulationService, medications: MedicationService,
                 sessions: sessionmaker[Session], band: BandSource | None = None) -> None:
        self._doses, self._checkins = doses, checkins
        self._simulation, self._meds = simulation, medications
        self._sessions = sessions
        self._band = band  # CalibrationService.band: the personal calibration's band

    def names(self) -> dict[str, str]:
        return {f.id: f.name for f in self._meds.all()}

    def load(self, start: datetime | None, end: datetime) -> TimelineData:
        """Everything the timeline draws for ``start`` <= t < ``end`` (aware datetimes);
        ``start=None`` means from the local midnight before the first entry.

        Reads plain column values (one query each for doses and check-ins, the doses'
        carry-over included) rather than entry objects: this runs in a worker thread, and
        building ORM and entry objects for years of history made enough garbage for
        Python's full collections, which hold the GIL, to stall the UI thread."""
        since = None if start is None else start - CARRY_OVER
        with self._sessions() as session:
            reads = EntryColumnReads(session)
            doses, checkins = reads.doses(since, end), reads.checkins(start, end)
        if start is None:
            firsts = [local_ordinal(times[0], offsets[0])
                      for times, offsets in ((doses.taken_utc_us, doses.utc_offset_min),
                                             (checkins.at_utc_us, checkins.utc_offset_min))
                      if times]
            first = date.fromordinal(min(firsts)) if firsts else end.date()
            start = min(_day_span(first)[0], end - timedelta(days=1))
        if end <= start:
            raise ValidationError("to", end.isoformat(), f"a time after {start.isoformat()}")
        step = 2.0 if end - start <= SHORT_SPAN else 5.0
        prediction = self._predict(doses, start, end, step)
        result = prediction.result if prediction else None
        return TimelineData(start, end, curves_of(prediction), windows_of(prediction, "wear_off"),
                            windows_of(prediction, "rebound"),
                            marks_of_columns(doses, to_epoch_us(start, "start"), self.names()),
                            checkins_of_columns(checkins),
                            result.assumptions if result else (),
                            prediction.left_out if prediction else (),
                            substance_windows(prediction), prediction=prediction)

    def band(self, data: TimelineData) -> BandSeries | None:
        """The uncertainty band of ``data``'s curves under the calibration in force (None:
        population timing, or a span over :data:`BAND_MAX_SPAN`). It re-runs the model for
        each parameter draw — slow for long spans: call it off the UI thread."""
        if data.end - data.start > BAND_MAX_SPAN:
            return None
        return band_of(self._band, data.prediction)

    def _predict(self, doses: DoseColumns, start: datetime, end: datetime,
                 step: float) -> Prediction | None:
        """The logged doses' prediction from ``start`` to ``end`` (as predict_logged)."""
        if not doses:
            return None
        specs = [DoseSpec(m, dose_mg, local_time(us, offset), with_food)
                 for m, dose_mg, us, offset, with_food in zip(
                     doses.medication_ids, doses.mg, doses.taken_utc_us, doses.utc_offset_min,
                     doses.fed, strict=True)]
        hours = (end - start).total_seconds() / 3600.0
        try:
            return self._simulation.predict(specs, start=start, hours=hours, step_min=step,
                                            leave_out_unreadable=True)
        except ValidationError:
            return None  # no dose that can be simulated in the span or its carry-over

    # --- what-if ----------------------------------------------------------------------
    def suggest_what_if(self, day: date) -> WhatIfPlan | None:
        """A contrasting plan for the day: its long-acting mg as immediate release three
        times 4 h apart, or its immediate-release mg as one long-acting dose of the same
        active moiety, starting at the day's first dose (strengths rounded to the label's)."""
        start, end = _day_span(day)
        doses = [d for d in self._doses.list(start, end)
                 if self._meds.find(d.medication_id) is not None]
        if not doses:
            return None
        first = self._meds.get(doses[0].medication_id)
        analyte = first.moieties[0].analyte
        want_ir = not is_immediate_release(first)
        total = sum(d.mg for d in doses
                    if self._meds.get(d.medication_id).moieties[0].analyte == analyte
                    and is_immediate_release(self._meds.get(d.medication_id)) != want_ir)
        choices = [f for f in self._meds.all() if f.moieties[0].analyte == analyte
                   and is_immediate_release(f) == want_ir]
        if not choices:
            return None
        target = choices[0]
        t0 = doses[0].taken.local
        if want_ir:
            times = tuple(t0 + timedelta(hours=4 * i) for i in range(3))
            return WhatIfPlan(target.id, nearest_strength(target, total / 3), times)
        return WhatIfPlan(target.id, nearest_strength(target, total), (t0,))

    def usual_plan(self, day: date, regimen: Sequence[RegimenDose] = ()) -> WhatIfPlan | None:
        """The person's usual day on ``day`` as a what-if: the usual regimen (Settings) when
        one is set, else their most frequent recent product and strength at the time it was
        last taken. None with neither: the what-if never starts from a medication the person
        has neither taken nor chosen."""
        from rebound_tracker.services.regimen_plans import regimen_day_plan

        if regimen:
            return regimen_day_plan(regimen, day)
        recent_regimen = self._doses.recent_regimen(limit=1)
        if not recent_regimen:
            return None
        medication, mg = recent_regimen[0]
        start, end = _day_span(day)
        recent = [d for d in self._doses.list(start - timedelta(days=60), end)
                  if d.medication_id == medication]
        clock = recent[-1].taken.local.time() if recent else time(8)
        return WhatIfPlan(medication, mg, (attach_local(datetime.combine(day, clock)),))

    def usual_what_if(self, day: date, regimen: Sequence[RegimenDose] = ()
                      ) -> WhatIfPlan | None:
        """What a what-if starts from when switched on: the usual day (:meth:`usual_plan`),
        unless the shown day already is the usual one (the regimen taken as usual, see
        services/regimen_plans.py; without a regimen, any day with doses), when a contrast
        to it (:meth:`suggest_what_if`) says more than a copy."""
        from rebound_tracker.services.regimen_plans import taken_as_usual

        usual = self.usual_plan(day, regimen)
        logged = self._doses.list(*_day_span(day))
        already = taken_as_usual(regimen, day, logged) if regimen else bool(logged)
        if usual is not None and not already:
            return usual
        return self.suggest_what_if(day) or usual

    def what_if(self, day: date, plan: WhatIfPlan) -> TimelineData:
        """The day as if its doses had been ``plan`` (earlier days' doses still carry over)."""
        start, end = _day_span(day)
        carried = [spec_from_dose(d) for d in self._doses.list(start - CARRY_OVER, start)]
        planned = [DoseSpec(plan.medication_id, plan.mg, t) for t in plan.times]
        hours = (end - start).total_seconds() / 3600.0
        prediction = self._simulation.predict(carried + planned, start=start, hours=hours,
                                              step_min=2.0, leave_out_unreadable=True)
        name = self._meds.get(plan.medication_id).name
        marks = DoseMarks(np.array([t.timestamp() for t in plan.times], dtype=float),
                          tuple("" for _ in plan.times),
                          tuple(f"{name} {plan.mg:g} mg" for _ in plan.times))
        return TimelineData(start, end, curves_of(prediction), windows_of(prediction, "wear_off"),
                            windows_of(prediction, "rebound"), marks, checkin_series([]),
                            prediction.result.assumptions, prediction.left_out,
                            substance_windows(prediction))


def _day_span(day: date) -> tuple[datetime, datetime]:
    return (attach_local(datetime.combine(day, time())),
            attach_local(datetime.combine(day + timedelta(days=1), time())))
