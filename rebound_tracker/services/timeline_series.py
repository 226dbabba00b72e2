"""The timeline's data as plain arrays (POSIX seconds on x): predicted curves, wear-off
and rebound windows, dose marks and check-ins over a span, how a what-if day is planned,
and the hover read-out's sentence for a moment. Qt-free; built by services/timeline.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import numpy as np

from rebound_tracker.domain.columns import CheckInColumns, DoseColumns
from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.services.simulation import Prediction
from rebound_tracker.services.timeline_band import BandSeries
from rebound_tracker.services.trends import inside_windows, predicted_windows
from rebound_tracker.storage.instants import from_epoch_us


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


def local_ordinal(utc_us: int, offset_min: int) -> int:
    """The proleptic ordinal of the local date an entry was logged on."""
    return (utc_us + offset_min * 60_000_000) // _DAY_US + _UNIX_ORDINAL


def local_time(utc_us: int, offset_min: int) -> datetime:
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
