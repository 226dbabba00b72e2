"""What the timeline chart draws, as plain arrays: predicted curves, windows, doses and
check-ins over a span of time (POSIX seconds on x), plus what-if plans for a day.

Qt-free: the window's timeline panel and the appointment PDF draw the same data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.columns import CheckInColumns, DoseColumns
from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
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
from rebound_tracker.services.trends import inside_windows, predicted_windows
from rebound_tracker.storage.instants import from_epoch_us, to_epoch_us
from rebound_tracker.storage.read_models import EntryColumnReads

BAND_MAX_SPAN = timedelta(days=100)
"""Longer spans (the whole history) are drawn without the uncertainty band: it re-runs the
model once per parameter draw."""
SHORT_SPAN = timedelta(days=4)
"""Spans up to this long are simulated on a 2-minute grid, longer ones on 5 minutes."""


@dataclass(frozen=True)
class CurveSeries:
    """One analyte's predicted concentration (``unit``) and effect (0..1) at times ``x``."""

    analyte: str
    unit: str
    x: np.ndarray
    concentration: np.ndarray
    effect: np.ndarray


@dataclass(frozen=True)
class WindowSeries:
    """Predicted windows as sorted start/end times (POSIX s); severity 0..1 (rebound)."""

    starts: np.ndarray
    ends: np.ndarray
    severity: np.ndarray

    @classmethod
    def empty(cls) -> WindowSeries:
        return cls(np.empty(0), np.empty(0), np.empty(0))

    def contains(self, moment: float) -> bool:
        return bool(inside_windows(np.array([moment]), self.starts, self.ends)[0])


@dataclass(frozen=True)
class SubstanceWindows:
    """One active substance's own windows (the chart names them when several are drawn)."""

    analyte: str
    wear_off: WindowSeries
    rebound: WindowSeries


@dataclass(frozen=True)
class DoseMarks:
    x: np.ndarray
    ids: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class CheckinSeries:
    """Check-in times, their local day (proleptic ordinal) and, per scale, values (NaN
    where a scale was not answered)."""

    x: np.ndarray
    day: np.ndarray
    ids: tuple[str, ...]
    values: dict[str, np.ndarray]


@dataclass(frozen=True)
class TimelineData:
    start: datetime
    end: datetime
    curves: tuple[CurveSeries, ...]
    wear_off: WindowSeries
    rebound: WindowSeries
    doses: DoseMarks
    checkins: CheckinSeries
    assumptions: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    """Doses in the span that could not be simulated, in words (see Prediction.left_out)."""
    by_substance: tuple[SubstanceWindows, ...] = ()
    """Each substance's windows, for those that have any (``wear_off``/``rebound`` above
    merge them)."""
    band: BandSeries | None = None
    """The personal calibration's uncertainty band and population effect (None: none in
    force, or not computed yet: see :meth:`TimelineService.band`)."""
    prediction: Prediction | None = field(default=None, compare=False, repr=False)
    """The prediction the curves come from (what the band is computed for)."""

    def covers(self, start: datetime, end: datetime) -> bool:
        return self.start <= start and end <= self.end

    def total(self, kind: str = "concentration") -> tuple[np.ndarray, np.ndarray]:
        """x and the sum over analytes of ``kind`` (what dose markers sit on)."""
        if not self.curves:
            return np.empty(0), np.empty(0)
        return self.curves[0].x, np.sum([getattr(c, kind) for c in self.curves], axis=0)


@dataclass(frozen=True)
class WhatIfPlan:
    """A day's doses replaced by ``mg`` of one formulation at each of ``times``."""

    medication_id: str
    mg: float
    times: tuple[datetime, ...]

    def label(self, name: str, *, with_times: bool = False) -> str:
        clock = ", ".join(f"{t:%H:%M}" for t in self.times)
        count = f" × {len(self.times)}" if len(self.times) > 1 else ""
        return f"What if: {name} {self.mg:g} mg{count}" + (f" at {clock}" if with_times else "")


def windows_of(prediction: Prediction | None, kind: str) -> WindowSeries:
    return WindowSeries(*predicted_windows(prediction, kind))


def substance_windows(prediction: Prediction | None) -> tuple[SubstanceWindows, ...]:
    """The wear-off and rebound windows of each analyte that has any, in analyte order."""
    if prediction is None:
        return ()
    origin = prediction.origin.timestamp()
    out = []
    for curve in prediction.result.analytes:
        if not (curve.wear_off or curve.rebound):
            continue
        series = [WindowSeries(np.array([origin + w.start_h * 3600.0 for w in ws]),
                               np.array([origin + w.end_h * 3600.0 for w in ws]),
                               np.array([w.severity or 0.0 for w in ws]))
                  for ws in (curve.wear_off, curve.rebound)]
        out.append(SubstanceWindows(curve.analyte, *series))
    return tuple(out)


def curves_of(prediction: Prediction | None) -> tuple[CurveSeries, ...]:
    if prediction is None:
        return ()
    x = prediction.epoch_seconds()
    return tuple(CurveSeries(c.analyte, c.unit, x, c.concentration, c.effect)
                 for c in prediction.result.analytes)


_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_US = 86_400_000_000


def _local_ordinal(utc_us: int, offset_min: int) -> int:
    """The proleptic ordinal of the local date an entry was logged on."""
    return (utc_us + offset_min * 60_000_000) // _DAY_US + _UNIX_ORDINAL


def _local_time(utc_us: int, offset_min: int) -> datetime:
    return from_epoch_us(utc_us).astimezone(timezone(timedelta(minutes=offset_min)))


def dose_marks(doses: Sequence[Dose], names: dict[str, str]) -> DoseMarks:
    return DoseMarks(np.array([d.taken.instant.timestamp() for d in doses], dtype=float),
                     tuple(d.id for d in doses),
                     tuple(f"{names.get(d.medication_id, d.medication_id)} {d.mg:g} mg"
                           for d in doses))


def marks_of_columns(doses: DoseColumns, from_us: int, names: dict[str, str]) -> DoseMarks:
    """Dose marks of the doses taken at ``from_us`` (UTC microseconds) or later."""
    ids, medications, mg, taken_us = doses.ids, doses.medication_ids, doses.mg, doses.taken_utc_us
    first = int(np.searchsorted(np.asarray(taken_us, dtype=np.int64), from_us))
    return DoseMarks(np.asarray(taken_us[first:], dtype=float) / 1e6, tuple(ids[first:]),
                     tuple(f"{names.get(m, m)} {dose_mg:g} mg"
                           for m, dose_mg in zip(medications[first:], mg[first:], strict=True)))


def checkin_series(checkins: Sequence[CheckIn]) -> CheckinSeries:
    values = {s: np.array([np.nan if c.scale(s) is None else c.scale(s) for c in checkins],
                          dtype=float) for s in SCALES}
    return CheckinSeries(np.array([c.at.instant.timestamp() for c in checkins], dtype=float),
                         np.array([c.at.local.date().toordinal() for c in checkins], dtype=int),
                         tuple(c.id for c in checkins), values)


def checkins_of_columns(checkins: CheckInColumns) -> CheckinSeries:
    """The check-in series of ``checkins`` (an unanswered scale: NaN)."""
    utc_us = np.asarray(checkins.at_utc_us, dtype=np.int64)
    local_us = utc_us + np.asarray(checkins.utc_offset_min, dtype=np.int64) * 60_000_000
    values = {name: np.array(column, dtype=float)  # None becomes NaN
              for name, column in checkins.scales.items()}
    return CheckinSeries(utc_us.astype(float) / 1e6, local_us // _DAY_US + _UNIX_ORDINAL,
                         checkins.ids, values)


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
            firsts = [_local_ordinal(times[0], offsets[0])
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
        specs = [DoseSpec(m, dose_mg, _local_time(us, offset), with_food)
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


def describe_moment(data: TimelineData, moment: float, kind: str = "concentration",
                    near_s: float = 1800.0) -> str:
    """One line for the hover read-out: time, each curve's value, the window it lies in,
    and the nearest check-in within ``near_s`` seconds."""
    when = datetime.fromtimestamp(moment).astimezone()
    parts = [f"{when:%a %d %b %H:%M}"]
    for curve in data.curves:
        if curve.x.size and curve.x[0] <= moment <= curve.x[-1]:
            conc = float(np.interp(moment, curve.x, curve.concentration))
            eff = float(np.interp(moment, curve.x, curve.effect))
            parts.append(f"{curve.analyte} {conc:.1f} {curve.unit} (effect {eff:.2f})")
    if data.rebound.contains(moment):
        parts.append("predicted rebound risk")
    elif data.wear_off.contains(moment):
        parts.append("predicted wearing off")
    parts.extend(_nearest_checkin(data.checkins, moment, near_s))
    return "  ·  ".join(parts)


def _nearest_checkin(series: CheckinSeries, moment: float, near_s: float) -> list[str]:
    if series.x.size == 0:
        return []
    i = int(np.argmin(np.abs(series.x - moment)))
    if abs(series.x[i] - moment) > near_s:
        return []
    when = datetime.fromtimestamp(series.x[i]).astimezone()
    scales = ", ".join(f"{s} {int(v)}" for s in SCALES
                       if not math.isnan(v := float(series.values[s][i])))
    return [f"check-in {when:%H:%M}: {scales}"]
