"""The day's planned dose reminders and check-in prompts (one service for the CLI and tray).

Gathers what :func:`rebound_tracker.domain.schedule.plan_day` needs: the settings, the
regimen's clock times on that day, the doses logged (with 48 h of carry-over for the model)
and the model's wear-off and rebound windows, from the same simulation the timeline draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rebound_tracker.domain.entries import Dose
from rebound_tracker.domain.schedule import (
    LoggedDose,
    ModelWindow,
    PlanInputs,
    PlannedItem,
    matching_dose,
    plan_day,
)
from rebound_tracker.domain.settings import Settings
from rebound_tracker.domain.timeparse import attach_local, day_bounds, local_now
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.settings import SettingsService
from rebound_tracker.services.simulation import (
    CARRY_OVER,
    DoseSpec,
    SimulationService,
    spec_from_dose,
)
from rebound_tracker.services.trends import predicted_windows

MODEL_STEP_MIN = 2.0
"""Grid of the prediction the prompts are timed from (minutes), as the day view uses."""
AFTER_DAY_H = 12.0
"""The prediction runs this long past the day, so a window's end is not cut at midnight."""


@dataclass(frozen=True)
class DayPlan:
    """A day's items (time order) and the settings they were planned with."""

    day: date
    items: tuple[PlannedItem, ...]
    settings: Settings


class ScheduleService:
    def __init__(self, settings: SettingsService, doses: DoseService,
                 checkins: CheckInService, simulation: SimulationService,
                 clock: Callable[[], datetime] = local_now) -> None:
        self._settings = settings
        self._doses = doses
        self._checkins = checkins
        self._simulation = simulation
        self._clock = clock

    def settings(self) -> Settings:
        return self._settings.current()

    def plan(self, day: date | None = None, settings: Settings | None = None) -> DayPlan:
        """The plan for ``day`` (default today) from the stored log and settings."""
        now = self._clock()
        day = day or now.date()
        settings = settings or self._settings.current()
        start, end = day_bounds(day)
        regimen_times = [attach_local(datetime.combine(day, d.at)) for d in settings.regimen]
        doses = self._doses.list(start - CARRY_OVER, end)
        logged = [LoggedDose(d.medication_id, d.taken.local) for d in doses]
        windows: list[ModelWindow] = []
        if settings.checkin_prompts:
            windows = self._windows(doses, settings, regimen_times, logged, now, start)
        checkins = [c.at.local for c in self._checkins.list(start, end)]
        inputs = PlanInputs(day, start, settings, regimen_times, logged, windows, checkins)
        return DayPlan(day, tuple(plan_day(inputs)), settings)

    def _windows(self, doses: list[Dose], settings: Settings, regimen_times: list[datetime],
                 logged: list[LoggedDose], now: datetime, start: datetime
                 ) -> list[ModelWindow]:
        """Windows of the logged doses, and (marked not logged) those the regimen doses
        still to come would add."""
        specs = [spec_from_dose(d) for d in doses]
        window = timedelta(minutes=settings.dose_window_minutes)
        expected = [DoseSpec(d.medication, d.mg, at, d.fed)
                    for d, at in zip(settings.regimen, regimen_times, strict=True)
                    if matching_dose(d, at, logged, window) is None and at >= now - window]
        found = self._predicted(specs, start, logged=True)
        if expected:
            seen = [(w.kind, w.start, w.end) for w in found]
            for w in self._predicted(specs + expected, start, logged=False):
                if not any(k == w.kind and s < w.end and w.start < e for k, s, e in seen):
                    found.append(w)
        return found

    def _predicted(self, specs: list[DoseSpec], start: datetime, *, logged: bool
                   ) -> list[ModelWindow]:
        if not specs:
            return []
        # From the carry-over on, not from midnight: a window is found against its dose's
        # own peak, which for an evening dose lies before the day starts; and on past the
        # day, so a window running past midnight keeps its real end (plan_day keeps the
        # day's part).
        lead_h = CARRY_OVER.total_seconds() / 3600.0
        prediction = self._simulation.predict(specs, start=start - CARRY_OVER,
                                              hours=lead_h + 24.0 + AFTER_DAY_H,
                                              step_min=MODEL_STEP_MIN)
        out = []
        for kind in ("wear_off", "rebound"):
            starts, ends, _severity = predicted_windows(prediction, kind)
            out += [ModelWindow(kind.replace("_", "-"), datetime.fromtimestamp(s).astimezone(),
                                datetime.fromtimestamp(e).astimezone(), logged)
                    for s, e in zip(starts, ends, strict=True)]
        return out
