"""Predicted concentration, effect and wear-off/rebound windows for real or what-if doses."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import Dose, validate_mg
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.settings import Settings, settings_from_stored
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.pk.model import DoseEvent, Person, SimulationResult, simulate
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.storage.repositories import DoseRepository, SettingsRepository

DEFAULT_STEP_MIN = 5.0
MAX_HORIZON_H = 24.0 * 14
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
        """The model's person from the stored settings (an unreadable value: its default)."""
        with self._sessions() as session:
            settings = settings_from_stored(SettingsRepository(session).all())
        return person_from_settings(settings)

    # --- predictions ------------------------------------------------------------------
    def predict(
        self,
        specs: Sequence[DoseSpec],
        *,
        start: datetime | None = None,
        hours: float | None = None,
        step_min: float = DEFAULT_STEP_MIN,
        person: Person | None = None,
    ) -> Prediction:
        """Simulate ``specs`` on a grid from ``start`` (default: the first dose).

        Without ``hours`` the grid runs until every analyte is negligible after the last dose.
        """
        if not specs:
            raise ValidationError("dose", "(none)", "at least one dose")
        if not (step_min > 0 and math.isfinite(step_min)):
            raise ValidationError("step-min", step_min, "a positive number of minutes")
        if hours is not None and not (hours > 0 and math.isfinite(hours)):
            raise ValidationError("hours", hours, "a positive number of hours")
        person = person or self.person()
        ordered = sorted(specs, key=lambda s: s.at)
        origin = start or ordered[0].at
        events = tuple(
            DoseEvent(
                formulation_id=self._medications.resolve(spec.medication).id,
                mg=validate_mg(spec.mg),
                t_h=(spec.at - origin).total_seconds() / 3600.0,
                fed=spec.fed,
            )
            for spec in ordered
        )
        step_h = step_min / 60.0
        trim = hours is None
        span = hours if hours is not None else min(events[-1].t_h + 24.0 * 7, MAX_HORIZON_H)
        t_h = np.arange(0.0, span + step_h / 2, step_h)
        result = simulate(self._medications.library, events, t_h, person)
        prediction = Prediction(origin, t_h, result, events)
        return _trim_negligible(prediction, events[-1].t_h) if trim else prediction

    def preview(self, definition: dict, mg: float, *, hours: float = 24.0,
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
        return self.predict(specs, start=first, hours=hours, step_min=step_min, person=person)

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
        return self.predict(specs, start=start, hours=hours, step_min=step_min)

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


def person_from_settings(settings: Settings) -> Person:
    """What the model needs to know of the person's settings."""
    return Person(weight_kg=settings.weight_kg, cyp2d6=settings.cyp2d6,
                  urine_ph=settings.urine_ph)


def _trim_negligible(prediction: Prediction, last_dose_h: float) -> Prediction:
    """Cut the grid where every analyte has fallen below 1% of its peak after the last dose."""
    t_h = prediction.t_h
    cut = len(t_h)
    ends = []
    for curve in prediction.result.analytes:
        conc = curve.concentration
        peak = float(conc.max()) if conc.size else 0.0
        after = (t_h > last_dose_h) & (t_h > curve.summary.tmax_h)
        low = np.nonzero(after & (conc < NEGLIGIBLE_FRACTION * peak))[0]
        ends.append(int(low[0]) + 1 if low.size else cut)
    cut = max(ends) if ends else cut
    if cut >= len(t_h):
        return prediction
    return _slice_prediction(prediction, cut)


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
    return Prediction(prediction.origin, prediction.t_h[:cut], result, prediction.doses)
