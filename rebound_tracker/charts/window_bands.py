"""Shaded time windows (wear-off, rebound, what-if) as one item, however many there are.

A LinearRegionItem per window costs a graphics item each; five years of history has
thousands of windows. This item keeps one QPainterPath per shade and fills it across the
visible height in a single call per shade.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainterPath


class WindowBands(pg.GraphicsObject):
    """Full-height bands from ``starts`` to ``ends`` (x units), shade chosen by ``levels``."""

    def __init__(self, brushes: list[QBrush], name: str = "") -> None:
        super().__init__()
        self.brushes = brushes
        self.name = name
        self.starts = np.empty(0)
        self.ends = np.empty(0)
        self.levels = np.empty(0, dtype=int)
        self._paths: list[QPainterPath] = [QPainterPath() for _ in brushes]
        self.setZValue(-10)

    def set_windows(self, starts: np.ndarray, ends: np.ndarray,
                    levels: np.ndarray | None = None) -> None:
        self.prepareGeometryChange()
        self.starts = np.asarray(starts, dtype=float)
        self.ends = np.asarray(ends, dtype=float)
        self.levels = (np.zeros(self.starts.size, dtype=int) if levels is None
                       else np.clip(np.asarray(levels, dtype=int), 0, len(self.brushes) - 1))
        self._paths = [QPainterPath() for _ in self.brushes]
        for s, e, level in zip(self.starts, self.ends, self.levels, strict=True):
            self._paths[level].addRect(QRectF(s, 0.0, e - s, 1.0))
        self.update()

    def windows(self) -> list[tuple[float, float]]:
        return list(zip(self.starts.tolist(), self.ends.tolist(), strict=True))

    def boundingRect(self) -> QRectF:
        view = self.viewRect()
        if view is None or self.starts.size == 0:
            return QRectF()
        left, right = float(self.starts[0]), float(self.ends[-1])
        return QRectF(left, view.top(), right - left, view.height())

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewRangeChanged()

    def paint(self, painter, *args) -> None:
        view = self.viewRect()
        if view is None or self.starts.size == 0:
            return
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.translate(0.0, view.top())
        painter.scale(1.0, view.height())
        for path, brush in zip(self._paths, self.brushes, strict=True):
            if not path.isEmpty():
                painter.fillPath(path, brush)
        painter.restore()
