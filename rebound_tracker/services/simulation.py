"""Predicted concentration, effect and wear-off/rebound windows for real or what-if doses."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.calibration import ACCEPTED, AcceptedCalibration
from rebound_tracker.domain.entries import Dose, validate_mg
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication_definition import MedicationDefinition
from rebound_tracker.domain.settings import Settings, settings_from_stored
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.pk.model import DoseEvent, Person, SimulationResult, simulate
from rebound_tracker.pk.windows import Window
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.storage.calibrations import CalibrationRepository
from rebound_tracker.storage.repositories import DoseRepository, SettingsRepository

DEFAULT_STEP_MIN = 5.0
DEFAULT_TAIL_H = 24.0 * 7
"""The default horizon first runs this long past the last dose, and is doubled (up to the
grid bound) while any analyte is still above the negligible level at its end."""
MAX_GRID_POINTS = 4_000_000
"""The largest grid a prediction computes: 7.6 years at 1 minute, 38 years at 5 minutes
(~32 MB an array). Beyond it the request is refused rather than run for minutes."""
NEGLIGIBLE_FRACTION = 0.01
"""The default horizon ends once every analyte is below 1% of its peak after the last dose."""
CARRY_OVER = timedelta(hours=48)
"""Doses this long before a window still contribute to it (covers half-lives up to ~18 h)."""


@dataclass(frozen=True)
class DoseSpec:
    """A dose to simulate: medication id or name, label mg, when, fed or fasted."""

    medication: str
    mg: float
    at: datetime
    fed: bool = False


@dataclass(frozen=True)
class Prediction:
    """A simulation on a uniform grid starting at ``origin`` (an aware datetime)."""

    origin: datetime
    t_h: np.ndarray
    result: SimulationResult
    doses: tuple[DoseEvent, ...]
    left_out: tuple[str, ...] = ()
    """A sentence per medication whose logged doses could not be simulated (also the
    first of ``result.assumptions``)."""

    def moment(self, hours: float) -> datetime:
        return self.origin + timedelta(hours=float(hours))

    def epoch_seconds(self) -> np.ndarray:
        """Grid times as POSIX seconds (what a date axis plots)."""
        return self.origin.timestamp() + self.t_h * 3600.0


class SimulationService:
    def __init__(
        self, session_factory: sessionmaker[Session], medications: MedicationService
    ) -> None:
        self._sessions = session_factory
        self._medications = medications

    # --- the person's model settings (stored in the database: they change the data) ----
    def person(self) -> Person:
        """The model's person from the stored settings (an unreadable value: its default),
        with the personal timing of every accepted calibration in force."""
        with self._sessions() as session:
            settings = settings_from_stored(SettingsRepository(session).all())
            accepted = _accepted(session)
        person = person_from_settings(settings)
        return replace(person, timing=tuple(r.timing for r in accepted))

    def population_person(self) -> Person:
        """The same person with the population timing (the comparison curve)."""
        return self.person().population()

    def _timing_notes(self, person: Person) -> tuple[str, ...]:
        if not person.timing:
            return ()
        with self._sessions() as session:
            accepted = [r for r in _accepted(session)
                        if any(t == r.timing for t in person.timing)]
        return (calibration_caption(tuple(accepted)) + ".",) if accepted else ()

    # --- predictions ------------------------------------------------------------------
    def predict(
        self,
        specs: Sequence[DoseSpec],
        *,
        start: datetime | None = None,
        hours: float | None = None,
        step_min: float = DEFAULT_STEP_MIN,
        person: Person | None = None,
        leave_out_unreadable: bool = False,
        span_field: str = "step-min",
    ) -> Prediction:
        """Simulate ``specs`` on a grid from ``start`` (default: the first dose).

        Without ``hours`` the grid runs until every analyte is negligible after the last dose.
        A medication this library cannot resolve is a ValidationError, unless
        ``leave_out_unreadable`` (logged doses): then its doses are left out and the
        prediction's assumptions say so, and the other doses are still simulated.
        A grid of more than MAX_GRID_POINTS steps is bad input naming ``hours`` (if given)
        or ``span_field``.
        """
        notes: tuple[str, ...] = ()
        if leave_out_unreadable:
            specs, notes = self._readable(specs)
        if not specs:
            raise ValidationError("dose", "(none)", "at least one dose")
        if not (step_min > 0 and math.isfinite(step_min)):
            raise ValidationError("step-min", step_min, "a positive number of minutes")
        if hours is not None and not (hours > 0 and math.isfinite(hours)):
            raise ValidationError("hours", hours, "a positive number of hours")
        person = person or self.person()
        timing = self._timing_notes(person)
        origin = start or min(spec.at for spec in specs)
        step_h = step_min / 60.0
        grid_origin, lead_h, events = self._events(specs, origin, step_h)
        if hours is not None:
            _check_grid(hours, step_min, "hours" if span_field == "step-min" else span_field)
            prediction = self._run(grid_origin, events, hours + lead_h, step_h, person, notes,
                                   timing)
        else:
            prediction = self._run_until_negligible(grid_origin, events, step_min, person,
                                                    notes, timing, span_field)
        return _starting_at(prediction, origin) if lead_h else prediction

    def _events(self, specs: Sequence[DoseSpec], origin: datetime, step_h: float
                ) -> tuple[datetime, float, tuple[DoseEvent, ...]]:
        """(grid origin, hours it leads ``origin`` by, the doses in grid hours).

        Doses before ``origin`` carry over: the grid starts at the first of them (on a whole
        step before ``origin``), so a fall that began before ``origin`` gets its windows
        measured from its own peak; the prediction returned starts at ``origin``."""
        ordered = sorted(specs, key=lambda s: s.at)
        lead_h = max(0.0, math.ceil(round(
            (origin - ordered[0].at).total_seconds() / 3600.0 / step_h, 6)) * step_h)
        grid_origin = origin - timedelta(hours=lead_h)
        events = tuple(
            DoseEvent(
                formulation_id=self._medications.resolve(spec.medication).id,
                mg=validate_mg(spec.mg),
                t_h=(spec.at - grid_origin).total_seconds() / 3600.0,
                fed=spec.fed,
            )
            for spec in ordered
        )
        return grid_origin, lead_h, events

    def _run_until_negligible(self, grid_origin: datetime, events: tuple[DoseEvent, ...],
                              step_min: float, person: Person, notes: tuple[str, ...],
                              timing: tuple[str, ...], span_field: str) -> Prediction:
        """Simulate, doubling the span until every analyte is negligible after the last
        dose (or the grid would pass MAX_GRID_POINTS), cut where it is."""
        step_h = step_min / 60.0
        span = events[-1].t_h + DEFAULT_TAIL_H
        _check_grid(span, step_min, span_field)
        while True:
            prediction = self._run(grid_origin, events, span, step_h, person, notes, timing)
            cut = _negligible_cut(prediction, events[-1].t_h)
            longer = span * 2
            if cut is not None or (longer / step_h) > MAX_GRID_POINTS:
                break
            span = longer
        return prediction if cut is None else _slice_prediction(prediction, cut)

    def _run(self, origin: datetime, events: tuple[DoseEvent, ...], span: float,
             step_h: float, person: Person, notes: tuple[str, ...] = (),
             timing: tuple[str, ...] = ()) -> Prediction:
        t_h = np.arange(0.0, span + step_h / 2, step_h)
        result = simulate(self._medications.library, events, t_h, person)
        if notes or timing:
            result = replace(result, assumptions=notes + timing + tuple(result.assumptions))
        return Prediction(origin, t_h, result, events, notes)

    def _readable(self, specs: Sequence[DoseSpec]) -> tuple[list[DoseSpec], tuple[str, ...]]:
        """The specs whose medication resolves, and a sentence per medication that does not."""
        kept: list[DoseSpec] = []
        left_out: dict[str, int] = {}
        for spec in specs:
            try:
                self._medications.resolve(spec.medication)
            except ValidationError:
                left_out[spec.medication] = left_out.get(spec.medication, 0) + 1
                continue
            kept.append(spec)
        notes = tuple(
            f"{n} dose{'s' if n > 1 else ''} of \u201c{medication}\u201d not drawn: this version "
            "cannot read that medication's definition (the doses and the definition are kept "
            "unchanged)." for medication, n in left_out.items())
        return kept, notes

    def preview(self, definition: MedicationDefinition, mg: float, *, hours: float = 24.0,
                replacing: str | None = None, step_min: float = DEFAULT_STEP_MIN
                ) -> SimulationResult:
        """One fasted dose of ``mg`` of a medication being defined (nothing is stored), at
        hour 0 of a grid of ``hours``, for the person's saved settings.

        ValidationError as :meth:`MedicationService.check_custom` or for a bad ``mg``.
        """
        formulation, library = self._medications.check_custom(definition,
                                                               replacing=replacing)
        event = DoseEvent(formulation_id=formulation.id, mg=validate_mg(mg), t_h=0.0)
        step_h = step_min / 60.0
        t_h = np.arange(0.0, hours + step_h / 2, step_h)
        return simulate(library, (event,), t_h, self.person())

    def predict_logged(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        step_min: float = DEFAULT_STEP_MIN,
        person: Person | None = None,
    ) -> Prediction:
        """Simulate the stored doses between ``start`` and ``end`` (with carry-over)."""
        with self._sessions() as session:
            repo = DoseRepository(session)
            doses = repo.list(start - CARRY_OVER if start else None, end)
        if not doses:
            raise ValidationError("dose", "(none logged in that period)", "a period with doses")
        specs = [spec_from_dose(d) for d in doses]
        first = start or doses[0].taken.local
        hours = (end - first).total_seconds() / 3600.0 if end else None
        return self.predict(specs, start=first, hours=hours, step_min=step_min, person=person,
                            span_field="from", leave_out_unreadable=True)

    def predict_day(self, day: date, *, step_min: float = 2.0) -> Prediction | None:
        """The stored doses' prediction over one local day (00:00 to 24:00), or None."""
        start = attach_local(datetime.combine(day, time()))
        end = attach_local(datetime.combine(day + timedelta(days=1), time()))
        with self._sessions() as session:
            doses = DoseRepository(session).list(start - CARRY_OVER, end)
        if not doses:
            return None
        specs = [spec_from_dose(d) for d in doses]
        hours = (end - start).total_seconds() / 3600.0
        return self.predict(specs, start=start, hours=hours, step_min=step_min,
                            leave_out_unreadable=True)

    def label_warnings(self, specs: Sequence[DoseSpec]) -> list[str]:
        """Plain sentences for what-if doses outside the label range (simulate still runs)."""
        notes = []
        for spec in specs:
            formulation = self._medications.resolve(spec.medication)
            note = self._medications.label_range_note(formulation, validate_mg(spec.mg))
            if note:
                notes.append(note)
        return notes


def spec_from_dose(dose: Dose) -> DoseSpec:
    return DoseSpec(dose.medication_id, dose.mg, dose.taken.local, dose.fed)


def _accepted(session: Session) -> list[AcceptedCalibration]:
    """The accepted calibrations in force (one per family at most)."""
    return [r for r in CalibrationRepository(session).in_force().values()
            if r.kind == ACCEPTED]


def calibration_caption(accepted: Sequence[AcceptedCalibration]) -> str:
    """'Personal timing, calibrated on DATE from N check-ins' (one clause per family)."""
    parts = [f"calibrated on {r.at.date().isoformat()} from {r.checkins} check-ins"
             + (f" ({r.timing.family})" if len(accepted) > 1 else "") for r in accepted]
    return "Personal timing, " + "; ".join(parts)


def person_from_settings(settings: Settings) -> Person:
    """What the model needs to know of the person's settings."""
    return Person(weight_kg=settings.weight_kg, cyp2d6=settings.cyp2d6,
                  urine_ph=settings.urine_ph)


def _check_grid(span_h: float, step_min: float, field: str) -> None:
    """Refuse a grid of more than MAX_GRID_POINTS steps, naming the option to change."""
    points = span_h * 60.0 / step_min
    if points > MAX_GRID_POINTS:
        value = f"{span_h:g} h" if field in ("hours", "from") else f"{step_min:g} min"
        raise ValidationError(
            field, value, f"a grid of at most {MAX_GRID_POINTS:,} steps ({points:,.0f} "
            f"asked): a shorter span (--hours, --from/--to) or a larger --step-min")


def _negligible_cut(prediction: Prediction, last_dose_h: float) -> int | None:
    """The grid length where every analyte has fallen below 1% of its peak after the last
    dose, or None if one has not by the end of the grid."""
    t_h = prediction.t_h
    ends = []
    for curve in prediction.result.analytes:
        conc = curve.concentration
        peak = float(conc.max()) if conc.size else 0.0
        after = (t_h > last_dose_h) & (t_h > curve.summary.tmax_h)
        low = np.nonzero(after & (conc < NEGLIGIBLE_FRACTION * peak))[0]
        if not low.size:
            return None
        ends.append(int(low[0]) + 1)
    return max(ends) if ends else len(t_h)


def _starting_at(prediction: Prediction, start: datetime) -> Prediction:
    """The part of ``prediction`` from ``start`` on, with ``start`` as its origin: windows
    are found on the whole grid first (a fall that began before ``start`` is measured from
    its own peak, not from the level at ``start``), then clipped to begin no earlier."""
    offset_h = (start - prediction.origin).total_seconds() / 3600.0
    first = int(np.searchsorted(prediction.t_h, offset_h - 1e-9))
    shift_h = float(prediction.t_h[first]) if first < prediction.t_h.size else offset_h

    def moved(windows: tuple[Window, ...]) -> tuple[Window, ...]:
        return tuple(replace(w, start_h=max(w.start_h, shift_h) - shift_h,
                             end_h=w.end_h - shift_h)
                     for w in windows if w.end_h > shift_h)

    analytes = tuple(replace(curve, concentration=curve.concentration[first:],
                             effect=curve.effect[first:], wear_off=moved(curve.wear_off),
                             rebound=moved(curve.rebound))
                     for curve in prediction.result.analytes)
    return replace(prediction, origin=prediction.moment(shift_h),
                   t_h=prediction.t_h[first:] - shift_h,
                   result=replace(prediction.result, analytes=analytes),
                   doses=tuple(replace(d, t_h=d.t_h - shift_h) for d in prediction.doses))


def _slice_prediction(prediction: Prediction, cut: int) -> Prediction:
    limit_h = float(prediction.t_h[cut - 1])
    analytes = []
    for curve in prediction.result.analytes:
        analytes.append(
            replace(
                curve,
                concentration=curve.concentration[:cut],
                effect=curve.effect[:cut],
                wear_off=tuple(w for w in curve.wear_off if w.start_h <= limit_h),
                rebound=tuple(w for w in curve.rebound if w.start_h <= limit_h),
            )
        )
    result = replace(prediction.result, analytes=tuple(analytes))
    return replace(prediction, t_h=prediction.t_h[:cut], result=result)
