"""Shaded time windows (wear-off, rebound, what-if) as one item, however many there are.

A LinearRegionItem per window costs a graphics item each; five years of history has
thousands of windows. This item draws them all, clipped to the view, and fills them across the
visible height with one drawRects call per shade.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter

FEW_WINDOWS = 24
"""Up to this many visible windows are filled as rectangles; more are blitted as a strip."""


class WindowBands(pg.GraphicsObject):
    """Full-height bands from ``starts`` to ``ends`` (x units), shade chosen by ``levels``.

    Painting maps the visible windows to device pixels and merges those that touch, so a
    five-year view fills at most one rectangle per pixel column whatever the count."""

    def __init__(self, brushes: list[QBrush], name: str = "") -> None:
        super().__init__()
        self.brushes = brushes
        self.name = name
        self.starts = np.empty(0)
        self.ends = np.empty(0)
        self.levels = np.empty(0, dtype=int)
        self.setZValue(-10)

    def set_windows(self, starts: np.ndarray, ends: np.ndarray,
                    levels: np.ndarray | None = None) -> None:
        """Windows sorted by start and not overlapping, as the model reports them."""
        self.prepareGeometryChange()
        self.starts = np.asarray(starts, dtype=float)
        self.ends = np.asarray(ends, dtype=float)
        self.levels = (np.zeros(self.starts.size, dtype=int) if levels is None
                       else np.clip(np.asarray(levels, dtype=int), 0, len(self.brushes) - 1))
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
        lo = int(np.searchsorted(self.ends, view.left()))
        hi = int(np.searchsorted(self.starts, view.right(), side="right"))
        if hi <= lo:
            return
        transform = painter.transform()
        corner_a = transform.map(QPointF(view.left(), view.top()))
        corner_b = transform.map(QPointF(view.right(), view.bottom()))
        area = QRectF(corner_a, corner_b).normalized()
        x0 = self.starts[lo:hi] * transform.m11() + transform.dx()
        x1 = self.ends[lo:hi] * transform.m11() + transform.dx()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # whole pixels only
        solid = all(b.style() == Qt.BrushStyle.SolidPattern for b in self.brushes)
        if solid and hi - lo > FEW_WINDOWS:
            self._paint_strip(painter, area, x0, x1, self.levels[lo:hi])
        else:
            self._paint_rects(painter, area, x0, x1, self.levels[lo:hi])
        painter.restore()

    def _paint_strip(self, painter, area: QRectF, x0, x1, levels) -> None:
        """One row of coloured pixels stretched to the plot's height: a single blit.
        (Qt fills a tall thin rectangle scanline by scanline, which is slow by the thousand.)"""
        left, width = int(np.floor(area.left())), int(np.ceil(area.width())) + 1
        row = np.zeros((1, width, 4), dtype=np.uint8)
        for level, brush in enumerate(self.brushes):
            chosen = levels == level
            if not chosen.any():
                continue
            colour = brush.color()
            rgba = (colour.red(), colour.green(), colour.blue(), colour.alpha())
            for a, b in merge_pixels(x0[chosen], x1[chosen]):
                row[0, max(int(a) - left, 0):max(int(b) - left, 0)] = rgba
        image = QImage(row.data, width, 1, width * 4, QImage.Format.Format_RGBA8888)
        painter.drawImage(QRectF(left, area.top(), width, area.height()), image)

    def _paint_rects(self, painter, area: QRectF, x0, x1, levels) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for level, brush in enumerate(self.brushes):
            chosen = levels == level
            if chosen.any():
                painter.setBrush(brush)
                painter.drawRects([QRectF(a, area.top(), b - a, area.height())
                                   for a, b in merge_pixels(x0[chosen], x1[chosen])])


def merge_pixels(x0: np.ndarray, x1: np.ndarray) -> list[tuple[float, float]]:
    """Device-x spans at least one pixel wide, with spans that touch or overlap merged."""
    left = np.floor(x0)
    right = np.maximum(np.ceil(x1), left + 1.0)
    reach = np.maximum.accumulate(right)
    new = np.ones(left.size, dtype=bool)
    new[1:] = left[1:] > reach[:-1]
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:] - 1, left.size - 1)
    return list(zip(left[firsts].tolist(), reach[lasts].tolist(), strict=True))
