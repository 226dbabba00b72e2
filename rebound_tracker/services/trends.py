"""Patterns across weeks: check-ins by hours since the morning dose, the rebound evidence
(``services.evidence``), daily averages and adherence to the usual regimen.

Qt-free and returning plain dataclasses: the window's trends view and the appointment PDF
both draw and print exactly these figures. Scales are the 0–10 check-in scales; hours are
hours since that day's morning dose (its first dose before ``MORNING_CUTOFF_HOUR``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local, local_now
from rebound_tracker.services.adherence import Adherence, RegimenSlot, adherence, infer_regimen
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.evidence import Evidence, compute_evidence
from rebound_tracker.services.predicted_windows import (
    inside_windows,
    predicted_windows,
    rebound_bounds,
)
from rebound_tracker.services.simulation import Prediction, SimulationService

__all__ = [
    "MAX_HOURS",
    "Adherence",
    "DailyAverage",
    "EffectProfile",
    "Evidence",
    "HourBin",
    "RegimenSlot",
    "ScaleByHour",
    "Trends",
    "TrendsService",
    "TypicalDay",
    "adherence",
    "compute_trends",
    "daily_averages",
    "infer_regimen",
    "inside_windows",
    "morning_doses",
    "predicted_windows",
    "rebound_bounds",
    "scale_by_hour",
]

MORNING_CUTOFF_HOUR = 13
"""A day's first dose before this local hour is its morning dose; later first doses are not."""
MAX_HOURS = 20.0
"""Hours since the morning dose that the typical day covers: past the rebound risk of a
long-acting morning dose (Concerta 36 mg at 07:20: ~14.4–18.3 h), where the check-ins that
show a rebound are."""
BIN_H = 1.0


@dataclass(frozen=True)
class HourBin:
    """Check-ins of one scale from ``start_h`` to ``end_h`` after the morning dose:
    count, mean and standard deviation (NaN when there are too few to say)."""

    start_h: float
    end_h: float
    n: int
    mean: float
    sd: float

    @property
    def low(self) -> float:
        return max(0.0, self.mean - self.sd) if self.n > 1 else self.mean

    @property
    def high(self) -> float:
        return min(10.0, self.mean + self.sd) if self.n > 1 else self.mean


@dataclass(frozen=True)
class ScaleByHour:
    scale: str
    bins: tuple[HourBin, ...]
    n: int


@dataclass(frozen=True)
class EffectProfile:
    """The predicted effect (0..1) by hours since the morning dose: mean and SD over days."""

    analyte: str
    hours: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    days: int


@dataclass(frozen=True)
class TypicalDay:
    """Each scale by hours since the morning dose, over the predicted effect; the median
    predicted wear-off and rebound windows (hours since the morning dose) when there are any."""

    days: int
    scales: tuple[ScaleByHour, ...]
    effect: EffectProfile | None
    wear_off_h: tuple[float, float] | None
    rebound_h: tuple[float, float] | None

    def scale(self, name: str) -> ScaleByHour:
        return next(s for s in self.scales if s.scale == name)


@dataclass(frozen=True)
class DailyAverage:
    """One local day's check-ins: how many, and each scale's mean (NaN when unanswered)."""

    day: date
    n: int
    means: dict[str, float]


@dataclass(frozen=True)
class Trends:
    first_day: date
    last_day: date
    doses: int
    checkins: int
    typical_day: TypicalDay
    evidence: Evidence
    daily: tuple[DailyAverage, ...]
    adherence: Adherence


# --- building blocks ------------------------------------------------------------------
def morning_doses(doses: Sequence[Dose]) -> dict[date, Dose]:
    """Each local day's first dose, if it was taken before ``MORNING_CUTOFF_HOUR``."""
    mornings: dict[date, Dose] = {}
    for dose in sorted(doses, key=lambda d: d.taken.instant):
        local = dose.taken.local
        if local.date() not in mornings and local.hour < MORNING_CUTOFF_HOUR:
            mornings[local.date()] = dose
    return mornings


def hours_since_morning(checkins: Sequence[CheckIn],
                        mornings: dict[date, Dose]) -> list[tuple[CheckIn, float]]:
    """Check-ins from their day's morning dose up to ``MAX_HOURS`` later, with those hours."""
    out = []
    for checkin in checkins:
        morning = mornings.get(checkin.at.local.date())
        if morning is None:
            continue
        hours = (checkin.at.instant - morning.taken.instant).total_seconds() / 3600.0
        if 0.0 <= hours < MAX_HOURS:
            out.append((checkin, hours))
    return out


def scale_by_hour(pairs: Sequence[tuple[CheckIn, float]], scale: str,
                  bin_h: float = BIN_H, max_h: float = MAX_HOURS) -> ScaleByHour:
    """Mean and SD of one scale in bins of ``bin_h`` hours since the morning dose."""
    edges = np.arange(0.0, max_h + bin_h / 2, bin_h)
    values: list[list[int]] = [[] for _ in range(len(edges) - 1)]
    for checkin, hours in pairs:
        value = checkin.scale(scale)
        index = int(hours // bin_h)
        if value is not None and index < len(values):
            values[index].append(value)
    bins = tuple(_bin(float(edges[i]), float(edges[i + 1]), v) for i, v in enumerate(values))
    return ScaleByHour(scale, bins, sum(b.n for b in bins))


def _bin(start: float, end: float, values: list[int]) -> HourBin:
    arr = np.asarray(values, dtype=float)
    mean = float(arr.mean()) if arr.size else math.nan
    sd = float(arr.std(ddof=1)) if arr.size > 1 else math.nan
    return HourBin(start, end, int(arr.size), mean, sd)


def daily_averages(checkins: Sequence[CheckIn]) -> tuple[DailyAverage, ...]:
    """Each local day's check-in count and the mean of every scale, oldest day first."""
    by_day: dict[date, list[CheckIn]] = {}
    for checkin in checkins:
        by_day.setdefault(checkin.at.local.date(), []).append(checkin)
    out = []
    for day in sorted(by_day):
        rows = by_day[day]
        means = {}
        for scale in SCALES:
            values = [value for c in rows if (value := c.scale(scale)) is not None]
            means[scale] = float(np.mean(values)) if values else math.nan
        out.append(DailyAverage(day, len(rows), means))
    return tuple(out)


# --- the whole picture -----------------------------------------------------------------
def compute_trends(doses: Sequence[Dose], checkins: Sequence[CheckIn],
                   prediction: Prediction | None, first_day: date, last_day: date,
                   now: datetime | None = None) -> Trends:
    """Every trend figure for the local days ``first_day``..``last_day`` from plain data."""
    mornings = morning_doses(doses)
    pairs = hours_since_morning(checkins, mornings)
    typical = _typical_day(pairs, mornings, prediction)
    evidence = compute_evidence(checkins, prediction, first_day, last_day)
    return Trends(first_day, last_day, len(doses), len(checkins), typical, evidence,
                  daily_averages(checkins), adherence(doses, first_day, last_day, now=now))


def _typical_day(pairs, mornings: dict[date, Dose], prediction: Prediction | None
                 ) -> TypicalDay:
    scales = tuple(scale_by_hour(pairs, s) for s in SCALES)
    morning_s = np.array(sorted(d.taken.instant.timestamp() for d in mornings.values()))
    effect = _effect_profile(prediction, morning_s)
    return TypicalDay(len(mornings), scales, effect,
                      _median_window(prediction, morning_s, "wear_off"),
                      _median_window(prediction, morning_s, "rebound"))


def _effect_profile(prediction: Prediction | None, morning_s: np.ndarray,
                    step_h: float = 0.25) -> EffectProfile | None:
    if prediction is None or morning_s.size == 0 or not prediction.result.analytes:
        return None
    curve = prediction.result.analytes[0]
    hours = np.arange(0.0, MAX_HOURS + step_h / 2, step_h)
    x = prediction.epoch_seconds()
    moments = morning_s[:, None] + hours[None, :] * 3600.0
    covered = (morning_s >= x[0]) & (morning_s + MAX_HOURS * 3600.0 <= x[-1])
    if not covered.any():
        return None
    grid = np.interp(moments[covered], x, curve.effect)
    return EffectProfile(curve.analyte, hours, grid.mean(axis=0), grid.std(axis=0),
                         int(covered.sum()))


def _median_window(prediction: Prediction | None, morning_s: np.ndarray,
                   kind: str) -> tuple[float, float] | None:
    starts, ends = rebound_bounds(prediction, kind)
    if starts.size == 0 or morning_s.size == 0:
        return None
    index = np.searchsorted(starts, morning_s)
    ok = index < starts.size
    first = index[ok]
    rel_start = (starts[first] - morning_s[ok]) / 3600.0
    rel_end = (ends[first] - morning_s[ok]) / 3600.0
    keep = rel_start < MAX_HOURS
    if not keep.any():
        return None
    return float(np.median(rel_start[keep])), float(np.median(rel_end[keep]))


class TrendsService:
    """Loads a period's entries and prediction (each through its own service and session)
    and computes :class:`Trends`. Safe to call from a worker thread."""

    def __init__(self, doses: DoseService, checkins: CheckInService,
                 simulation: SimulationService) -> None:
        self._doses, self._checkins, self._simulation = doses, checkins, simulation

    def compute(self, first_day: date | None, last_day: date, *,
                step_min: float = 5.0) -> Trends:
        """Trends over the local days ``first_day`` to ``last_day`` inclusive. The period
        starts no earlier than the first entry (``None``: the whole history)."""
        first_day, doses, checkins, prediction = self._load(first_day, last_day, step_min)
        return compute_trends(doses, checkins, prediction, first_day, last_day, local_now())

    def evidence(self, first_day: date | None, last_day: date, *,
                 step_min: float = 5.0) -> Evidence:
        """Only the rebound evidence of :meth:`compute` (the same figures, less work)."""
        first_day, _doses, checkins, prediction = self._load(first_day, last_day, step_min)
        return compute_evidence(checkins, prediction, first_day, last_day)

    def _load(self, first_day: date | None, last_day: date, step_min: float
              ) -> tuple[date, list[Dose], list[CheckIn], Prediction | None]:
        if first_day is not None and last_day < first_day:
            raise ValidationError("to", last_day.isoformat(), f"a date on or after {first_day}")
        start = attach_local(datetime.combine(first_day, time())) if first_day else None
        end = attach_local(datetime.combine(last_day + timedelta(days=1), time()))
        doses = self._doses.list(start, end)
        checkins = self._checkins.list(start, end)
        firsts = [d.taken.local.date() for d in doses[:1]] + [c.at.local.date()
                                                                for c in checkins[:1]]
        earliest = min(firsts, default=first_day or last_day)  # none: as asked
        first_day = earliest if first_day is None else max(first_day, earliest)
        start = attach_local(datetime.combine(first_day, time()))
        prediction = None
        if doses:
            prediction = self._simulation.predict_logged(start, end, step_min=step_min)
        return first_day, doses, checkins, prediction
