"""Personal calibration (issue #13): fit this person's timing to their check-ins, validate
it on the newest weeks, and store what they accept (see docs/calibration.md).

The numeric fit is ``stats.calibration_fit``; this service gathers the period's doses and
check-ins, runs the fit, owns the transactions of accept and revert, and gives the window,
the CLI and the PDF the same results. Accepted timing flows into every prediction through
``SimulationService.person()`` (which reads the calibration in force).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.calibration import (
    AcceptedCalibration,
    CalibrationPlot,
    CalibrationResult,
    PersonalTiming,
)
from rebound_tracker.services.calibration_band import PredictionBand
from rebound_tracker.services.simulation import Prediction

Progress = Callable[[float, str], None]
"""Called with a fraction 0..1 done and a short phrase ("fitting", "validating")."""


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

    def calibrate(self, first_day: date | None = None, last_day: date | None = None, *,
                  progress: Progress | None = None) -> CalibrationResult:
        """Fit the drug family of the usual morning dose over the period (default: all of
        the log up to today). Never writes. Slow (≤ 3 s for a year): call it off the UI
        thread. Bad dates are ValidationError naming "from"/"to"."""
        raise NotImplementedError

    def accept(self, result: CalibrationResult) -> AcceptedCalibration:
        """Store ``result.suggested`` as the calibration in force for its family, moved at
        most one capped step from the current one (``AcceptedCalibration.capped`` names the
        parameters that were held back). ValidationError("calibration", ...) when the
        result offers nothing (status not FITTED)."""
        raise NotImplementedError

    def keep(self, result: CalibrationResult) -> AcceptedCalibration | None:
        """Keep the current calibration: writes nothing; returns what stays in force (None:
        population)."""
        return self.current(result.family) if result.family else None

    def revert(self, family: str) -> AcceptedCalibration:
        """Go back to the population timing for ``family`` (a history row of kind
        REVERTED); the earlier calibrations stay in the history."""
        raise NotImplementedError

    def current(self, family: str | None = None) -> AcceptedCalibration | None:
        """The accepted calibration in force for ``family`` (default: the family of the
        usual morning dose of the last 90 days), or None when it is the population."""
        raise NotImplementedError

    def timings(self) -> tuple[PersonalTiming, ...]:
        """Every family's personal timing in force (what predictions use)."""
        raise NotImplementedError

    def history(self) -> list[AcceptedCalibration]:
        """Every accepted or reverted calibration, newest first."""
        raise NotImplementedError

    def plot(self, result: CalibrationResult, scale: str = "focus") -> CalibrationPlot:
        """Observed check-ins of ``scale`` against the population and personal predictions by
        hours since the usual morning dose, for ``result``'s period."""
        raise NotImplementedError

    def band(self, prediction: Prediction) -> PredictionBand | None:
        """The 95% band of a prediction made with the personal timing in force (effect per
        analyte and window edges, from the accepted calibration's interval), and the
        population effect for the faint comparison line; None when no calibration is in
        force (nothing to draw)."""
        raise NotImplementedError
