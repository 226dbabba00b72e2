"""A date axis whose ticks cost next to nothing while the view pans.

pyqtgraph's DateAxisItem places every tick through several QDateTime conversions (local
time, daylight saving) and formats every label again on each frame: 1.8 ms a frame for a
five-year view, 0.3 ms for a day. The ticks of one zoom level sit on fixed dates (month
starts, local midnights, whole hours), so a pan at the same zoom only shows more or fewer
of the same ticks. This axis asks pyqtgraph for them once, over a stretch wider than the
view once a pan leaves it, and keeps them and their labels per zoom level, so that going
back to a zoom (the range buttons) finds them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg

EDGE = 1e-3
"""Ticks this fraction of the span beyond the view are kept: pyqtgraph drops the ones that
land outside the axis after rounding, exactly as it would have for its own."""
MAX_LABELS = 4000
MAX_ZOOMS = 16


@dataclass
class ZoomTicks:
    """The ticks of one zoom level and tick spacing over ``cover`` (POSIX s), and labels."""

    cover: tuple[float, float]
    levels: list[tuple[float, np.ndarray]]
    labels: dict[tuple[float, float], str] = field(default_factory=dict)


class DateAxis(pg.DateAxisItem):
    """pyqtgraph's DateAxisItem (same zoom levels, same ticks, same labels), cached per zoom
    level and tick spacing, so that the range buttons find their ticks too."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._zooms: dict[tuple, ZoomTicks] = {}
        self._shown = ZoomTicks((np.inf, -np.inf), [])

    def tickValues(self, minVal, maxVal, size):  # noqa: N803 (pyqtgraph's names)
        """The ticks pyqtgraph would place on ``minVal``..``maxVal`` (POSIX s), ``size`` px."""
        self.setZoomLevelForDensity((maxVal - minVal) / size)
        level, spacing = self.zoomLevel, self.minSpacing
        key = (id(level), tuple(spec.skipFactor(spacing) for spec in level.tickSpecs))
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
            else:  # a new zoom or a jump elsewhere: the view, as pyqtgraph (no dearer)
                self._fill(ticks, level, spacing, minVal, maxVal)
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
                        for step, values in level.tickValues(start, end, spacing)]
