"""Personal calibration (issue #13): fit this person's timing to their check-ins, validate
it on the newest weeks, and store what they accept (see docs/calibration.md).

The numeric fit is ``stats.calibration_fit``; this service gathers the period's doses and
check-ins, runs the fit, owns the transactions of accept and revert, and gives the window,
the CLI and the PDF the same results. Accepted timing flows into every prediction through
``SimulationService.person()`` (which reads the calibration in force).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.calibration import (
    ACCEPTED,
    PARAMETERS,
    REVERTED,
    AcceptedCalibration,
    CalibrationPlot,
    CalibrationResult,
    PersonalTiming,
)
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services import calibration_band, calibration_plot
from rebound_tracker.services.calibration_band import PredictionBand
from rebound_tracker.services.calibration_data import PeriodData, gather
from rebound_tracker.services.simulation import Prediction
from rebound_tracker.stats.calibration import calibrate_checkins
from rebound_tracker.storage.calibrations import CalibrationRepository

DEFAULT_DAYS = 365
"""Without --from, a calibration looks at the last year up to the last day."""

Progress = Callable[[float, str], None]
"""Called with a fraction 0..1 done and a short phrase ("fitting", "scoring")."""


class CalibrationService:
    """Calibrate, accept, keep, revert, and read the calibration in force and its history."""

    def __init__(self, session_factory: sessionmaker[Session], doses, checkins, simulation,
                 medications, clock: Callable[[], datetime]) -> None:
        self._sessions = session_factory
        self._doses = doses
        self._checkins = checkins
        self._simulation = simulation
        self._medications = medications
        self._clock = clock

    # --- fitting -------------------------------------------------------------------------
    def period(self, first_day: date | None, last_day: date | None) -> tuple[date, date]:
        """The period a calibration covers; ValidationError naming "from"/"to"."""
        last = last_day or self._clock().date()
        first = first_day or last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise ValidationError("from", first.isoformat(),
                                  f"a day on or before --to ({last.isoformat()})")
        return first, last

    def _period_data(self, first: date, last: date) -> PeriodData:
        start = attach_local(datetime.combine(first, time()))
        end = attach_local(datetime.combine(last + timedelta(days=1), time()))
        doses = self._doses.list(start - timedelta(hours=48), end)
        checkins = self._checkins.list(start, end)
        current = {t.family: t for t in self.timings()}
        return gather(self._medications.library, doses, checkins, first, last,
                      self._simulation.population_person(), current, self._clock())

    def calibrate(self, first_day: date | None = None, last_day: date | None = None, *,
                  progress: Progress | None = None) -> CalibrationResult:
        """Fit the drug family of the usual morning dose over the period (default: the last
        365 days up to today). Never writes. Slow (≤ 3 s for a year): call it off the UI
        thread; ``progress`` is called from the thread that runs this. Bad dates are
        ValidationError naming "from"/"to"."""
        first, last = self.period(first_day, last_day)
        if progress:
            progress(0.0, "reading the log")
        period = self._period_data(first, last)
        curve = period.curve or _no_curve
        wear_off = period.usual.wear_off_start_h if period.usual else _no_wear_off
        return calibrate_checkins(period.data, curve, wear_off, period.ctx, progress)

    # --- the person's choice ---------------------------------------------------------------
    def accept(self, result: CalibrationResult) -> AcceptedCalibration:
        """Store ``result.suggested`` as the calibration in force for its family, moved at
        most one capped step from the current one (``AcceptedCalibration.capped`` names the
        parameters that were held back). ValidationError("calibration", ...) when the
        result offers nothing (status not FITTED)."""
        if not result.offered or result.suggested is None:
            raise ValidationError("calibration", result.status,
                                  "a calibration that offers a change (status 'fitted')")
        family = result.suggested.family
        in_force = self.current(family)
        current = in_force.timing if in_force else PersonalTiming(family)
        values, capped = {}, []
        for p in PARAMETERS:
            wanted = getattr(result.suggested, p.name)
            values[p.name] = p.capped_step(getattr(current, p.name), wanted)
            if abs(values[p.name] - wanted) > 1e-12:
                capped.append(p.name)
        row = AcceptedCalibration(
            str(uuid.uuid4()), self._clock(), ACCEPTED, PersonalTiming(family, **values),
            result.medication, result.checkins, result.first_day, result.last_day,
            result.validation.error_population, result.validation.error_personal,
            result.covariance, tuple(capped))
        with self._sessions.begin() as session:
            CalibrationRepository(session).add(row)
        return row

    def keep(self, result: CalibrationResult) -> AcceptedCalibration | None:
        """Keep the current calibration: writes nothing; returns what stays in force (None:
        population)."""
        return self.current(result.family) if result.family else None

    def revert(self, family: str) -> AcceptedCalibration:
        """Go back to the population timing for ``family`` (a history row of kind
        REVERTED); the earlier calibrations stay in the history."""
        now = self._clock()
        row = AcceptedCalibration(str(uuid.uuid4()), now, REVERTED, PersonalTiming(family),
                                  None, 0, now.date(), now.date())
        with self._sessions.begin() as session:
            CalibrationRepository(session).add(row)
        return row

    # --- reading ------------------------------------------------------------------------
    def current(self, family: str | None = None) -> AcceptedCalibration | None:
        """The accepted calibration in force for ``family`` (default: the newest accepted
        one of any family), or None when that is the population."""
        with self._sessions() as session:
            rows = CalibrationRepository(session).in_force()
        if family is None:
            accepted = [r for r in rows.values() if r.kind == ACCEPTED]
            return max(accepted, key=lambda r: r.at) if accepted else None
        row = rows.get(family)
        return row if row is not None and row.kind == ACCEPTED else None

    def timings(self) -> tuple[PersonalTiming, ...]:
        """Every family's personal timing in force (what predictions use)."""
        with self._sessions() as session:
            rows = CalibrationRepository(session).in_force()
        return tuple(r.timing for r in rows.values() if r.kind == ACCEPTED)

    def history(self) -> list[AcceptedCalibration]:
        """Every accepted or reverted calibration, newest first."""
        with self._sessions() as session:
            return CalibrationRepository(session).history()

    def plot(self, result: CalibrationResult, scale: str = "focus") -> CalibrationPlot:
        """Observed check-ins of ``scale`` against the population and personal predictions by
        hours since the usual morning dose, for ``result``'s period."""
        period = self._period_data(result.first_day, result.last_day)
        return calibration_plot.build(period, result, scale)

    def band(self, prediction: Prediction) -> PredictionBand | None:
        """The 95% band of a prediction made with the personal timing in force (effect per
        analyte and window edges, from the accepted calibration's interval), and the
        population effect for the faint comparison line; None when no calibration is in
        force (nothing to draw)."""
        with self._sessions() as session:
            rows = CalibrationRepository(session).in_force()
        accepted = tuple(r for r in rows.values() if r.kind == ACCEPTED)
        if not accepted:
            return None
        return calibration_band.band(self._medications.library, prediction, accepted,
                                     self._simulation.person())


def _no_curve(*_args):  # never called: a period without a curve is "not enough data"
    raise AssertionError("no model curve for this period")


def _no_wear_off(*_args) -> None:
    return None
