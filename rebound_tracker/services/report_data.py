"""What the appointment summary says, computed from the log (no Qt, no drawing).

Regimen and changes, scale averages and trends, notable days, notes and sources for a
period of local days. The rebound evidence comes from the trends service so the window, the
PDF and ``analyze`` never disagree.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from rebound_tracker.domain.calibration import AcceptedCalibration
from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Source
from rebound_tracker.domain.timeparse import day_bounds, local_now
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.services.trends import Trends, TrendsService

MAX_REPORT_DAYS = 366
CHANGE_MARGIN_DAYS = 7
"""A dose pattern that starts or stops this far inside the period counts as a change."""
MIN_CHECKINS_FOR_DIP = 2


@dataclass(frozen=True)
class RegimenItem:
    """One medication and strength as it was taken in the period."""

    medication_id: str
    name: str
    mg: float
    doses: int
    days: int
    usual_time: str  # median local time of day, HH:MM
    first_day: date
    last_day: date


@dataclass(frozen=True)
class DoseChange:
    """A dose pattern (``item``) that began ("first") or ended ("last") on ``day``, well
    inside the period."""

    day: date
    kind: str
    item: RegimenItem


@dataclass(frozen=True)
class NotableDays:
    """The lowest-focus days (with enough check-ins), and weekdays with no dose logged
    (only when there is a regimen to miss)."""

    lowest_focus: tuple[DaySummary, ...]
    weekdays_without_dose: tuple[date, ...]

    def __bool__(self) -> bool:
        return bool(self.lowest_focus or self.weekdays_without_dose)


@dataclass(frozen=True)
class ScaleSummary:
    scale: str
    count: int
    mean: float | None
    trend_per_week: float | None  # slope of daily means, points per week
    first_half_mean: float | None
    second_half_mean: float | None


@dataclass(frozen=True)
class DaySummary:
    day: date
    doses: int
    checkins: int
    mean_focus: float | None
    mean_mood: float | None


@dataclass(frozen=True)
class NoteLine:
    when: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class ReportData:
    start: date
    end: date  # inclusive
    generated_at: datetime
    regimen: tuple[RegimenItem, ...]
    changes: tuple[DoseChange, ...]
    scales: tuple[ScaleSummary, ...]
    days: tuple[DaySummary, ...]
    notable_days: NotableDays
    notes: tuple[NoteLine, ...]
    sources: tuple[Source, ...]
    dose_count: int
    checkin_count: int
    trends: Trends
    assumptions: tuple[str, ...]
    medication_names: dict[str, str]
    plans: tuple = ()
    """PlanSummary of each dose-change plan running in the period (services.plan_summary)."""
    calibration: AcceptedCalibration | None = None
    """The personal calibration the predictions use (None: population timing)."""

    @property
    def day_count(self) -> int:
        return (self.end - self.start).days + 1


class ReportDataService:
    """Collects a period's summary. Uses only services (own sessions): safe in a worker."""

    def __init__(self, doses: DoseService, checkins: CheckInService,
                 medications: MedicationService, trends: TrendsService,
                 simulation: SimulationService, clock: Callable[[], datetime] = local_now,
                 *, plans_in_period: Callable[[date, date], tuple] | None = None,
                 calibration_in_force: Callable[[], AcceptedCalibration | None] | None = None,
                 ) -> None:
        self._doses, self._checkins, self._meds, self._clock = doses, checkins, medications, clock
        self._trends, self._simulation = trends, simulation
        self._plans_in_period = plans_in_period
        self._calibration_in_force = calibration_in_force

    def collect(self, start: date, end: date) -> ReportData:
        """Everything the summary states about local days ``start``..``end`` inclusive."""
        validate_period(start, end)
        begin, _ = day_bounds(start)
        _, finish = day_bounds(end)
        doses = self._doses.list(begin, finish)
        checkins = self._checkins.list(begin, finish)
        regimen = self._regimen(doses)
        days = summarise_days(start, end, doses, checkins)
        assumptions: tuple[str, ...] = ()
        if doses:
            prediction = self._simulation.predict_logged(begin, finish, step_min=10)
            assumptions = tuple(prediction.result.assumptions)
        return ReportData(
            start=start, end=end, generated_at=self._clock(), regimen=regimen,
            changes=regimen_changes(regimen, start, end),
            scales=tuple(summarise_scale(s, checkins, start) for s in SCALES),
            days=tuple(days),
            notable_days=notable_days(days, bool(regimen)),
            notes=tuple(collect_notes(doses, checkins, self._name)),
            sources=tuple(self._sources(regimen)),
            dose_count=len(doses), checkin_count=len(checkins),
            trends=self._trends.compute(start, end), assumptions=assumptions,
            medication_names={m.id: m.name for m in self._meds.all()},
            plans=self._plans_in_period(start, end) if self._plans_in_period else (),
            calibration=(self._calibration_in_force() if self._calibration_in_force and doses
                         else None),
        )

    def _name(self, medication_id: str) -> str:
        return self._meds.name_of(medication_id)

    def _regimen(self, doses: Sequence[Dose]) -> tuple[RegimenItem, ...]:
        groups: dict[tuple[str, float], list[Dose]] = defaultdict(list)
        for dose in doses:
            groups[(dose.medication_id, dose.mg)].append(dose)
        items = []
        for (med, mg), group in groups.items():
            local = [d.taken.local for d in group]
            minutes = statistics.median(t.hour * 60 + t.minute for t in local)
            items.append(RegimenItem(
                medication_id=med, name=self._name(med), mg=mg, doses=len(group),
                days=len({t.date() for t in local}),
                usual_time=f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}",
                first_day=min(local).date(), last_day=max(local).date()))
        return tuple(sorted(items, key=lambda i: (i.usual_time, -i.doses)))

    def _sources(self, regimen: Sequence[RegimenItem]) -> list[Source]:
        seen: dict[Source, None] = {}
        for item in regimen:
            found = self._meds.find(item.medication_id)
            for source in found.sources if found is not None else ():
                seen.setdefault(source, None)
        return list(seen)


def validate_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("to", end.isoformat(), f"a day on or after {start.isoformat()}")
    if (end - start).days + 1 > MAX_REPORT_DAYS:
        raise ValidationError("to", end.isoformat(),
                              f"a period of at most {MAX_REPORT_DAYS} days from {start}")


def regimen_changes(regimen: Sequence[RegimenItem], start: date, end: date
                    ) -> tuple[DoseChange, ...]:
    """Dose patterns that began or ended well inside the period (first day's order)."""
    changes = []
    margin = timedelta(days=CHANGE_MARGIN_DAYS)
    for item in sorted(regimen, key=lambda i: i.first_day):
        if item.first_day - start >= margin:
            changes.append(DoseChange(item.first_day, "first", item))
        if end - item.last_day >= margin:
            changes.append(DoseChange(item.last_day, "last", item))
    return tuple(changes)


def summarise_scale(scale: str, checkins: Sequence[CheckIn], start: date) -> ScaleSummary:
    values = [(c.at.local.date(), value) for c in checkins
              if (value := c.scale(scale)) is not None]
    if not values:
        return ScaleSummary(scale, 0, None, None, None, None)
    by_day: dict[date, list[int]] = defaultdict(list)
    for day, value in values:
        by_day[day].append(value)
    days = sorted(by_day)
    x = np.array([(d - start).days for d in days], dtype=float)
    y = np.array([statistics.fmean(by_day[d]) for d in days])
    slope = float(np.polyfit(x, y, 1)[0]) * 7 if len(days) >= 3 and np.ptp(x) > 0 else None
    half = len(days) // 2
    first = statistics.fmean(y[:half]) if half else None
    second = statistics.fmean(y[half:]) if half else None
    return ScaleSummary(scale, len(values), statistics.fmean(v for _, v in values), slope,
                        first, second)


def summarise_days(start: date, end: date, doses: Sequence[Dose],
                   checkins: Sequence[CheckIn]) -> list[DaySummary]:
    dose_days: dict[date, int] = defaultdict(int)
    for dose in doses:
        dose_days[dose.taken.local.date()] += 1
    by_day: dict[date, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        by_day[checkin.at.local.date()].append(checkin)
    result = []
    day = start
    while day <= end:
        entries = by_day.get(day, [])
        result.append(DaySummary(
            day, dose_days.get(day, 0), len(entries),
            statistics.fmean(c.focus for c in entries) if entries else None,
            statistics.fmean(c.mood for c in entries) if entries else None))
        day += timedelta(days=1)
    return result


def _mean_focus(day: DaySummary) -> float:
    return math.inf if day.mean_focus is None else day.mean_focus


def notable_days(days: Sequence[DaySummary], has_regimen: bool) -> NotableDays:
    """The three lowest-focus days (with enough check-ins) and weekdays with no dose logged."""
    scored = [d for d in days if d.checkins >= MIN_CHECKINS_FOR_DIP and d.mean_focus is not None]
    missed = tuple(d.day for d in days if d.doses == 0 and d.day.weekday() < 5)
    return NotableDays(tuple(sorted(scored, key=_mean_focus)[:3]),
                       missed if has_regimen else ())


def collect_notes(doses: Sequence[Dose], checkins: Sequence[CheckIn],
                  name: Callable[[str], str]) -> list[NoteLine]:
    notes = [NoteLine(d.taken.local, f"{name(d.medication_id)} {d.mg:g} mg", d.note)
             for d in doses if d.note]
    notes += [NoteLine(c.at.local, "Check-in", c.note) for c in checkins if c.note]
    return sorted(notes, key=lambda n: n.when)
