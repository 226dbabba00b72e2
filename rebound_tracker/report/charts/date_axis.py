"""A date axis whose ticks cost next to nothing while the view pans.

pyqtgraph's DateAxisItem places every tick through several QDateTime conversions (local
time, daylight saving) and formats every label again on each frame: 1.8 ms a frame for a
five-year view, 0.3 ms for a day. The ticks of one zoom level sit on fixed dates (month
starts, local midnights, whole hours), so a pan at the same zoom only shows more or fewer
of the same ticks. This axis asks pyqtgraph for them once, over a stretch wider than the
view once a pan leaves it, and keeps them and their labels per zoom level, so that going
back to a zoom (the range buttons) finds them too.

A jump to another day at a zoom of hours repeats the ticks of the day before, whole days
later, as long as the clock's offset from UTC does not change in between: such a jump moves
the kept ticks and time-of-day labels instead of asking pyqtgraph again (0.7 ms a jump).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimeZone

from rebound_tracker.report.charts import pyqtgraph_dates
from rebound_tracker.report.charts.pyqtgraph_dates import DAY_SPACING, utc_offset

EDGE = 1e-3
"""Ticks this fraction of the span beyond the view are kept: pyqtgraph drops the ones that
land outside the axis after rounding, exactly as it would have for its own."""
MAX_LABELS = 4000
MAX_ZOOMS = 16
SHIFT_MAX_S = 8 * DAY_SPACING
"""Ticks covering at most this span may be moved by whole periods to another stretch."""


@dataclass
class ZoomTicks:
    """The ticks of one zoom level and tick spacing over ``cover`` (POSIX s), and labels."""

    cover: tuple[float, float]
    levels: list[tuple[float, np.ndarray]]
    labels: dict[tuple[float, float], str] = field(default_factory=dict)
    period: int | None = None
    """The ticks repeat after this many seconds while the UTC offset stays the same."""
    offset: int | None = None
    """The UTC offset (s) throughout the cover and a day around it, if it is one offset."""


class DateAxis(pg.DateAxisItem):
    """pyqtgraph's DateAxisItem (same zoom levels, same ticks, same labels), cached per zoom
    level and tick spacing, so that the range buttons find their ticks too."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        pyqtgraph_dates.check()  # fail at once, by name, if pyqtgraph changed underneath
        self._zooms: dict[tuple, ZoomTicks] = {}
        self._shown = ZoomTicks((np.inf, -np.inf), [])

    def tickValues(self, minVal, maxVal, size):  # noqa: N803 (pyqtgraph's names)
        """The ticks pyqtgraph would place on ``minVal``..``maxVal`` (POSIX s), ``size`` px."""
        level, spacing = pyqtgraph_dates.zoom_level(self, (maxVal - minVal) / size)
        # Ticks and labels are in local time: those of another zone (the system's zone
        # changed while the app runs, as when travelling) are not reused.
        key = (QTimeZone.systemTimeZoneId().data(), id(level),
               tuple(skip for _, skip in pyqtgraph_dates.tick_steps(level, spacing)))
        ticks = self._zooms.get(key)
        if ticks is None:
            if len(self._zooms) >= MAX_ZOOMS:
                self._zooms.clear()
            ticks = self._zooms[key] = ZoomTicks((np.inf, -np.inf), [])
        low, high = ticks.cover
        if not (low <= minVal and maxVal <= high):
            if minVal < high and maxVal > low:  # panned out of it: a view's width more each way
                span = maxVal - minVal
                self._fill(ticks, level, spacing, minVal - span, maxVal + span)
            elif not shift(ticks, minVal, maxVal):  # a new zoom, or a jump across a DST
                self._fill(ticks, level, spacing, minVal, maxVal)  # change: the view only
        self._shown = ticks
        edge = EDGE * (maxVal - minVal)
        return [(step, values[(values >= minVal - edge) & (values <= maxVal + edge)].tolist())
                for step, values in ticks.levels]

    def tickStrings(self, values, scale, spacing):
        labels = self._shown.labels
        missing = [v for v in values if (spacing, v) not in labels]
        if missing:
            if len(labels) > MAX_LABELS:
                labels.clear()
            labels.update(zip(((spacing, v) for v in missing),
                              super().tickStrings(missing, scale, spacing), strict=True))
        return [labels[(spacing, v)] for v in values]

    @staticmethod
    def _fill(ticks: ZoomTicks, level, spacing: float, start: float, end: float) -> None:
        ticks.cover = (start, end)
        ticks.levels = [(step, np.asarray(values, dtype=float))
                        for step, values in pyqtgraph_dates.level_tick_values(
                            level, start, end, spacing)]
        ticks.period = tick_period(level, spacing)
        ticks.offset = steady_offset(start, end) if ticks.period is not None else None


def tick_period(level, spacing: float) -> int | None:
    """The whole number of days (in seconds) after which the ticks of ``level`` repeat in
    local time, or None if they do not (months, years) or not in whole seconds.

    Within a level pyqtgraph places each kind of tick at the multiples of its step in local
    time, and stops at the first kind whose step it widens (skips)."""
    steps = [int(DAY_SPACING)]
    for step, skip in pyqtgraph_dates.tick_steps(level, spacing):
        if step > DAY_SPACING or step < 1:
            return None
        steps.append(int(skip * step))
        if skip > 1:
            break
    return math.lcm(*steps)


def steady_offset(start: float, end: float) -> int | None:
    """The local UTC offset from a day before ``start`` to a day after ``end``, if it is
    the same throughout (checked at both ends and the middle: offsets change months apart,
    and the span is at most a few days)."""
    if end - start > SHIFT_MAX_S:
        return None
    offsets = {utc_offset(t) for t in (start - DAY_SPACING, (start + end) / 2,
                                               end + DAY_SPACING)}
    return offsets.pop() if len(offsets) == 1 else None


def shift(ticks: ZoomTicks, start: float, end: float) -> bool:
    """Move ``ticks`` by whole periods to cover ``start``..``end`` if that gives what
    pyqtgraph would place there: the same UTC offset around both stretches. Labels of
    times of day move with them; those of dates are made again when asked for."""
    low, high = ticks.cover
    if ticks.period is None or ticks.offset is None or not math.isfinite(low):
        return False
    delta = math.floor((start - low) / ticks.period) * ticks.period
    if not (low + delta <= start and end <= high + delta):
        return False
    if steady_offset(start, end) != ticks.offset:
        return False
    ticks.cover = (low + delta, high + delta)
    ticks.levels = [(step, values + delta) for step, values in ticks.levels]
    ticks.labels = {(step, value + delta): text for (step, value), text in ticks.labels.items()
                    if step < DAY_SPACING and low <= value <= high}
    return True
