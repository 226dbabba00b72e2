"""A date axis whose ticks cost next to nothing while the view pans.

pyqtgraph's DateAxisItem places every tick through several QDateTime conversions (local
time, daylight saving) and formats every label again on each frame: 1.8 ms a frame for a
five-year view, 0.3 ms for a day. The ticks of one zoom level sit on fixed dates (month
starts, local midnights, whole hours), so a pan at the same zoom only shows more or fewer
of the same ticks. This axis asks pyqtgraph for them once, over a stretch wider than the
view, and keeps them and their labels until the zoom changes or the view leaves it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

EDGE = 1e-3
"""Ticks this fraction of the span beyond the view are kept: pyqtgraph drops the ones that
land outside the axis after rounding, exactly as it would have for its own."""
MAX_LABELS = 4000


class DateAxis(pg.DateAxisItem):
    """pyqtgraph's DateAxisItem (same zoom levels, same ticks, same labels), cached."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._key: tuple | None = None
        self._cover = (np.inf, -np.inf)
        self._levels: list[tuple[float, np.ndarray]] = []
        self._labels: dict[tuple[float, float], str] = {}

    def tickValues(self, minVal, maxVal, size):  # noqa: N803 (pyqtgraph's names)
        """The ticks pyqtgraph would place on ``minVal``..``maxVal`` (POSIX s), ``size`` px."""
        self.setZoomLevelForDensity((maxVal - minVal) / size)
        level, spacing = self.zoomLevel, self.minSpacing
        key = (id(level), tuple(spec.skipFactor(spacing) for spec in level.tickSpecs))
        if key != self._key:
            self._key, self._labels = key, {}
            self._fill(level, spacing, minVal, maxVal)  # a new zoom: the view, as pyqtgraph
        elif not (self._cover[0] <= minVal and maxVal <= self._cover[1]):
            if minVal < self._cover[1] and maxVal > self._cover[0]:  # panned out of it
                span = maxVal - minVal
                self._fill(level, spacing, minVal - span, maxVal + span)
            else:  # jumped elsewhere (a date picked): the view, as pyqtgraph
                self._fill(level, spacing, minVal, maxVal)
        edge = EDGE * (maxVal - minVal)
        return [(step, ticks[(ticks >= minVal - edge) & (ticks <= maxVal + edge)].tolist())
                for step, ticks in self._levels]

    def tickStrings(self, values, scale, spacing):
        labels = self._labels
        missing = [v for v in values if (spacing, v) not in labels]
        if missing:
            if len(labels) > MAX_LABELS:
                labels.clear()
            labels.update(zip(((spacing, v) for v in missing),
                              super().tickStrings(missing, scale, spacing), strict=True))
        return [labels[(spacing, v)] for v in values]

    def _fill(self, level, spacing: float, start: float, end: float) -> None:
        self._cover = (start, end)
        self._levels = [(step, np.asarray(ticks, dtype=float))
                        for step, ticks in level.tickValues(start, end, spacing)]
