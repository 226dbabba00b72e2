"""The day-by-hour raster (an actogram): one row per local day, the hours of the day across.

Built from the same :class:`TimelineData` the timeline draws, as plain arrays, so that the
window's raster and any printed one show the same numbers. Qt-free.

Every cell holds the strongest predicted effect (0..1) of any active substance in that
stretch of the day; doses and check-ins sit at their local day and clock time. All times
are read on this computer's clock (its time zone, daylight saving included): on the day the
clocks go forward one hour of cells stays empty, on the day they go back that hour's cells
average both readings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.services.report_data import CHANGE_MARGIN_DAYS
from rebound_tracker.services.timeline import TimelineData

BIN_MINUTES = 10
"""One raster cell spans this many minutes (144 cells a day)."""
REGIMEN_MIN_DAYS = 3
"""A product and strength taken on fewer days than this is a one-off, not part of a regimen."""
_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_S = 86400.0
SCALE_WORSE_HIGH = frozenset({"irritability", "fatigue", "anxiety", "restlessness"})
"""Scales where a higher rating is the worse one (mood and focus: higher is better)."""


@dataclass(frozen=True)
class RegimenChange:
    """A dose pattern that began or ended: drawn above ``row`` (the first day it applies)."""

    row: int
    text: str


@dataclass(frozen=True)
class DayRaster:
    """Rows are the days from ``first_day``; hours are local clock hours 0..24."""

    first_day: date
    effect: np.ndarray  # (days, 24 * 60 / BIN_MINUTES) float, NaN where no time was modelled
    weekend: np.ndarray  # (days,) bool
    dose_row: np.ndarray
    dose_hour: np.ndarray
    dose_labels: tuple[str, ...]
    checkin_row: np.ndarray
    checkin_hour: np.ndarray
    checkin_values: dict[str, np.ndarray]  # per scale, NaN where not answered
    changes: tuple[RegimenChange, ...]
    bin_minutes: int = BIN_MINUTES

    @property
    def days(self) -> int:
        return int(self.effect.shape[0])

    def day_of(self, row: int) -> date:
        return self.first_day + timedelta(days=int(row))

    def row_of(self, day: date) -> int:
        return (day - self.first_day).days

    def effect_at(self, row: int, hour: float) -> float:
        """The cell's predicted effect (NaN outside the raster or where nothing was modelled)."""
        col = int(hour * 60 // self.bin_minutes)
        if not (0 <= row < self.days and 0 <= col < self.effect.shape[1]):
            return math.nan
        return float(self.effect[row, col])


def _offset_s(moment: float) -> float:
    offset = datetime.fromtimestamp(moment).astimezone().utcoffset()
    return offset.total_seconds() if offset else 0.0


def _transition(lo: float, hi: float) -> float:
    """The first moment in (lo, hi] whose UTC offset differs from lo's (to the second)."""
    before = _offset_s(lo)
    while hi - lo > 1.0:
        mid = (lo + hi) / 2
        if _offset_s(mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


def local_clock(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local day (proleptic ordinal) and clock hour (0..24) of POSIX seconds ``x``.

    The UTC offset is read once a day and, on the few days it changes, the moment of the
    change is found by bisection: a few thousand clock reads for five years, not one per
    sample."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return np.empty(0, dtype=int), np.empty(0)
    lo, hi = float(x.min()), float(x.max())
    probes = np.append(np.arange(lo, hi, _DAY_S), hi)
    offsets = [_offset_s(p) for p in probes]
    changes, values = [-math.inf], [offsets[0]]
    for i in range(1, probes.size):
        if offsets[i] != offsets[i - 1]:
            changes.append(_transition(probes[i - 1], probes[i]))
            values.append(offsets[i])
    offset = np.asarray(values)[np.searchsorted(np.asarray(changes), x, side="right") - 1]
    local = x + offset
    days = np.floor(local / _DAY_S)
    return days.astype(int) + _UNIX_ORDINAL, (local - days * _DAY_S) / 3600.0


def build_day_raster(data: TimelineData) -> DayRaster:
    """The raster of every local day from ``data.start`` to the day before ``data.end``."""
    first_ord, _ = local_clock(np.array([data.start.timestamp()]))
    last_ord, _ = local_clock(np.array([data.end.timestamp() - 1.0]))
    first = date.fromordinal(int(first_ord[0]))
    days = max(int(last_ord[0]) - int(first_ord[0]) + 1, 1)
    cols = 24 * 60 // BIN_MINUTES
    effect = _effect_cells(data, first.toordinal(), days, cols)
    weekend = np.array([(first + timedelta(days=i)).weekday() >= 5 for i in range(days)])
    dose_day, dose_hour = local_clock(data.doses.x)
    checkin_day, checkin_hour = local_clock(data.checkins.x)
    dose_row = dose_day - first.toordinal()
    keep = (dose_row >= 0) & (dose_row < days)
    labels = tuple(label for label, k in zip(data.doses.labels, keep, strict=True) if k)
    checkin_row = checkin_day - first.toordinal()
    inside = (checkin_row >= 0) & (checkin_row < days)
    return DayRaster(
        first_day=first, effect=effect, weekend=weekend,
        dose_row=dose_row[keep], dose_hour=dose_hour[keep], dose_labels=labels,
        checkin_row=checkin_row[inside], checkin_hour=checkin_hour[inside],
        checkin_values={s: data.checkins.values[s][inside] for s in SCALES},
        changes=regimen_changes(dose_row[keep], labels, days))


def _effect_cells(data: TimelineData, first_ord: int, days: int, cols: int) -> np.ndarray:
    """Mean over each cell of the strongest analyte's effect; NaN where no sample fell."""
    if not data.curves:
        return np.full((days, cols), np.nan)
    x = data.curves[0].x
    strongest = np.max([c.effect for c in data.curves], axis=0)
    day, hour = local_clock(x)
    row = day - first_ord
    col = np.minimum((hour * 60 // BIN_MINUTES).astype(int), cols - 1)
    keep = (row >= 0) & (row < days)
    flat = row[keep] * cols + col[keep]
    sums = np.bincount(flat, weights=strongest[keep], minlength=days * cols)
    counts = np.bincount(flat, minlength=days * cols)
    with np.errstate(invalid="ignore", divide="ignore"):
        cells = sums / counts
    cells[counts == 0] = np.nan
    return cells.reshape(days, cols)


def regimen_changes(rows: np.ndarray, labels: tuple[str, ...], days: int
                    ) -> tuple[RegimenChange, ...]:
    """Where a product and strength taken on at least :data:`REGIMEN_MIN_DAYS` days began
    or ended well inside the raster (the appointment summary's rule for a change)."""
    spans: dict[str, set[int]] = {}
    for row, label in zip(rows.tolist(), labels, strict=True):
        spans.setdefault(label, set()).add(row)
    changes = []
    for label, taken in spans.items():
        if len(taken) < REGIMEN_MIN_DAYS:
            continue
        first, last = min(taken), max(taken)
        if first >= CHANGE_MARGIN_DAYS:
            changes.append(RegimenChange(first, f"started {label}"))
        if days - 1 - last >= CHANGE_MARGIN_DAYS:
            changes.append(RegimenChange(last + 1, f"stopped {label}"))
    return tuple(sorted(changes, key=lambda c: (c.row, c.text)))
