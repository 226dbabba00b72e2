"""The raster's day axis: one row per day, labelled as densely as the rows allow.

A row is a day from ``first_day``; ticks sit at row centres. With room for each day, every
day is labelled ("Mon 03 Mar"); with less, Mondays, then month starts, quarters or years.
The rows' dates are worked out once per raster, so a frame only slices arrays.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyqtgraph as pg

LABEL_PX = 16
"""Labels closer than this (pixels) would touch; the next coarser spacing is taken."""
STEPS = ("day", "2 days", "week", "month", "quarter", "year", "5 years")
STEP_DAYS = {"day": 1, "2 days": 2, "week": 7, "month": 30.4, "quarter": 91.3,
             "year": 365.25, "5 years": 1826.25}


class DayRowsAxis(pg.AxisItem):
    """A left axis over rows 0..days, each row a day from :meth:`set_first_day`."""

    def __init__(self, orientation: str = "left", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self.first_day = date.today()
        self.days = 0
        self._weekday = self._day = self._month = self._year = np.empty(0, dtype=int)
        self.setWidth(78)

    def set_first_day(self, first_day: date, days: int) -> None:
        self.first_day, self.days = first_day, days
        dates = [first_day + timedelta(days=i) for i in range(days)]
        self._weekday = np.array([d.weekday() for d in dates], dtype=int)
        self._day = np.array([d.day for d in dates], dtype=int)
        self._month = np.array([d.month for d in dates], dtype=int)
        self._year = np.array([d.year for d in dates], dtype=int)
        self.picture = None
        self.update()

    def step_for(self, rows: float, size: float) -> str:
        """The finest labelling whose labels are at least LABEL_PX apart."""
        px_per_row = size / max(rows, 1e-9)
        for step in STEPS:
            if STEP_DAYS[step] * px_per_row >= LABEL_PX:
                return step
        return STEPS[-1]

    def _rows_for(self, step: str, lo: int, hi: int) -> np.ndarray:
        rows = np.arange(lo, hi)
        if step == "day":
            return rows
        if step == "2 days":
            return rows[rows % 2 == 0]
        if step == "week":
            return rows[self._weekday[lo:hi] == 0]
        first = self._day[lo:hi] == 1
        if step == "month":
            return rows[first]
        if step == "quarter":
            return rows[first & (self._month[lo:hi] % 3 == 1)]
        jan = first & (self._month[lo:hi] == 1)
        if step == "year":
            return rows[jan]
        return rows[jan & (self._year[lo:hi] % 5 == 0)]

    def tickValues(self, minVal, maxVal, size):  # noqa: N803 (pyqtgraph's names)
        top, bottom = sorted((minVal, maxVal))  # the raster's y runs downwards
        lo, hi = max(int(np.floor(top)), 0), min(int(np.ceil(bottom)), self.days)
        if hi <= lo:
            return []
        self._step = self.step_for(bottom - top, size)
        return [(STEP_DAYS[self._step], (self._rows_for(self._step, lo, hi) + 0.5).tolist())]

    def tickStrings(self, values, scale, spacing):
        step = getattr(self, "_step", "day")
        out = []
        for value in values:
            day = self.first_day + timedelta(days=int(value))
            if step in ("day", "2 days", "week"):
                out.append(f"{day:%a %d %b}")
            elif step in ("month", "quarter"):
                out.append(f"{day:%b %Y}")
            else:
                out.append(f"{day:%Y}")
        return out
