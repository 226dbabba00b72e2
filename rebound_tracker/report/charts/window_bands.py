"""Shaded time windows (wear-off, rebound, what-if) as one item, however many there are.

A LinearRegionItem per window costs a graphics item each; five years of history has
thousands of windows. This item draws them all, clipped to the view: on screen as one image
of premultiplied pixels (a single blit, whatever the count), on vector devices (PDF, SVG)
and for patterned brushes as rectangles.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPaintEngine, QPainter, QPen


class WindowBands(pg.GraphicsObject):
    """Full-height bands from ``starts`` to ``ends`` (x units), shade chosen by ``levels``.

    Painting maps the visible windows to device pixels and merges those that touch, so a
    five-year view fills at most one rectangle per pixel column whatever the count."""

    def __init__(self, brushes: list[QBrush], name: str = "",
                 span: tuple[float, float] = (0.0, 1.0)) -> None:
        super().__init__()
        self.brushes = brushes
        self.name = name
        self.span = span
        """The part of the plot's height the bands fill, as fractions from the bottom (a
        band per substance when several are drawn)."""
        self.starts = np.empty(0)
        self.ends = np.empty(0)
        self.levels = np.empty(0, dtype=int)
        self._pixels = [premultiplied(b) for b in brushes]
        self._solid = all(b.style() == Qt.BrushStyle.SolidPattern for b in brushes)
        self._store = np.empty(0, dtype=np.uint32)
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
        area = _part_of_height(QRectF(corner_a, corner_b).normalized(), self.span)
        x0 = self.starts[lo:hi] * transform.m11() + transform.dx()
        x1 = self.ends[lo:hi] * transform.m11() + transform.dx()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # whole pixels only
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        engine = painter.paintEngine()
        if self._solid and engine is not None and engine.type() == QPaintEngine.Type.Raster:
            self._paint_strip(painter, area, x0, x1, self.levels[lo:hi])
        else:
            self._paint_rects(painter, area, x0, x1, self.levels[lo:hi])
        painter.restore()

    def _paint_strip(self, painter, area: QRectF, x0, x1, levels) -> None:
        """A row of premultiplied pixels repeated down the plot's height, blitted unscaled
        in one call: Qt fills tall rectangles scanline by scanline (1.5 ms for a week's 40
        windows) and blends a scaled or non-premultiplied image several times slower. The
        image spans only the columns from the first band to the last, and its pixels live
        in a buffer kept between frames (a fresh one cost page faults on every frame)."""
        left, width = int(np.floor(area.left())), int(np.ceil(area.right() - area.left())) + 1
        # The pixel rows whose centres are inside the plot, as filling its rectangle would.
        top = int(np.ceil(area.top() - 0.5))
        height = int(np.ceil(area.bottom() - 0.5)) - top
        row = np.zeros(width, dtype=np.uint32)
        for level, pixel in enumerate(self._pixels):
            chosen = levels == level
            if chosen.any():
                row[pixel_cover(*merge_pixels(x0[chosen], x1[chosen]), left, width)] = pixel
        covered = np.flatnonzero(row)
        if covered.size == 0 or height <= 0:
            return
        first, last = int(covered[0]), int(covered[-1]) + 1
        pixels = self._buffer(height, last - first)
        pixels[:] = row[first:last]
        image = QImage(pixels.data, last - first, height, (last - first) * 4,
                       QImage.Format.Format_ARGB32_Premultiplied)
        painter.drawImage(left + first, top, image)

    def _buffer(self, height: int, width: int) -> np.ndarray:
        """``height`` x ``width`` contiguous pixels in memory reused from frame to frame."""
        if self._store.size < height * width:
            self._store = np.empty(height * width, dtype=np.uint32)
        return self._store[:height * width].reshape(height, width)

    def _paint_rects(self, painter, area: QRectF, x0, x1, levels) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for level, brush in enumerate(self.brushes):
            chosen = levels == level
            if chosen.any():
                painter.setBrush(brush)
                starts, ends = merge_pixels(x0[chosen], x1[chosen])
                painter.drawRects([QRectF(a, area.top(), b - a, area.height())
                                   for a, b in zip(starts.tolist(), ends.tolist(), strict=True)])


def _part_of_height(area: QRectF, span: tuple[float, float]) -> QRectF:
    """The horizontal stripe of ``area`` from span[0] to span[1] of its height (0 = bottom),
    on whole pixels so that stripes side by side neither overlap nor leave a gap."""
    if span == (0.0, 1.0):
        return area
    top = round(area.bottom() - span[1] * area.height())
    bottom = round(area.bottom() - span[0] * area.height())
    return QRectF(area.left(), top, area.width(), bottom - top)


class BlockSample(ItemSample):
    """A legend swatch for bands: a filled block (one per shade, lightest first), so the
    legend shows what the plot shows, hatching included."""

    def paint(self, painter: QPainter, *_args) -> None:
        bands: WindowBands = self.item
        painter.setPen(Qt.PenStyle.NoPen)
        count = len(bands.brushes)
        width = 18.0 / count
        for i, brush in enumerate(bands.brushes):
            painter.setBrush(brush)
            painter.drawRect(QRectF(1.0 + i * width, 3.0, width, 15.0))
        painter.setPen(QPen(bands.brushes[-1].color().darker(130), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(1.0, 3.0, 18.0, 15.0))


def merge_pixels(x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Device-x spans at least one pixel wide, with spans that touch or overlap merged:
    their starts and ends (whole pixels), in order."""
    left = np.floor(x0)
    right = np.maximum(np.ceil(x1), left + 1.0)
    reach = np.maximum.accumulate(right)
    new = np.ones(left.size, dtype=bool)
    new[1:] = left[1:] > reach[:-1]
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:] - 1, left.size - 1)
    return left[firsts], reach[lasts]


def pixel_cover(starts: np.ndarray, ends: np.ndarray, left: int, width: int) -> np.ndarray:
    """Which of ``width`` pixel columns from ``left`` the spans ``starts``..``ends`` cover."""
    first = np.clip(starts - left, 0, width).astype(np.intp)
    after = np.clip(ends - left, 0, width).astype(np.intp)
    edges = (np.bincount(first, minlength=width + 1)
             - np.bincount(after, minlength=width + 1))
    return np.cumsum(edges[:-1]) > 0


def premultiplied(brush: QBrush) -> np.uint32:
    """The brush's colour as one premultiplied ARGB32 pixel (what the raster engine blends)."""
    colour = brush.color()
    alpha = colour.alpha()
    red, green, blue = (round(c * alpha / 255) for c in (colour.red(), colour.green(),
                                                         colour.blue()))
    return np.uint32((alpha << 24) | (red << 16) | (green << 8) | blue)
