"""Thousands of marks on the raster, each colour stamped in one call.

pyqtgraph's ScatterPlotItem sets up a record per point on every setData or size change
(25 ms for 11,000 check-ins, three sizes: 150 ms on the UI thread after each load). These
marks hold plain arrays sorted by row, find the rows in view by binary search when
painting, and hand each colour's points to QPainter.drawPixmapFragments at once, with
one cached symbol image per colour and size.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import renderSymbol
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QPainter, QPen, QPixmap

OUTLINE_MIN_PX = 6.0
"""Smaller marks are drawn without their outline: at two or three pixels the outline is
all there would be to see."""


class RowMarks(pg.GraphicsObject):
    """Points (``x``, ``y``) with a colour index each, drawn as ``symbol`` of ``size`` px."""

    def __init__(self, symbol, outline: QPen, size: float = 6.0) -> None:
        super().__init__()
        self.symbol, self.outline, self.size = symbol, outline, size
        self.x = self.y = np.empty(0)
        self.colour = np.empty(0, dtype=int)
        self.brushes: list[QBrush] = []
        self._images: dict[tuple[int, float, float], QPixmap] = {}
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)

    def set_points(self, x: np.ndarray, y: np.ndarray, colour: np.ndarray,
                   brushes: list[QBrush]) -> None:
        """Replace the marks; ``colour[i]`` indexes ``brushes``. Sorted by ``y`` here."""
        order = np.argsort(y, kind="stable")
        self.x = np.asarray(x, dtype=float)[order]
        self.y = np.asarray(y, dtype=float)[order]
        self.colour = np.asarray(colour, dtype=int)[order]
        self.brushes = list(brushes)
        self._images.clear()
        self.prepareGeometryChange()
        self.update()

    def set_size(self, size: float) -> None:
        if size != self.size:
            self.size = size
            self.update()

    def count_in_rows(self, top: float, bottom: float) -> int:
        lo, hi = np.searchsorted(self.y, [top, bottom])
        return int(hi - lo)

    def boundingRect(self) -> QRectF:
        view = self.viewRect()
        return QRectF() if view is None or self.x.size == 0 else view

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewRangeChanged()

    def _image(self, colour: int, ratio: float) -> QPixmap:
        key = (colour, self.size, ratio)
        if key not in self._images:
            outline = self.outline if self.size >= OUTLINE_MIN_PX else pg.mkPen(None)
            self._images[key] = QPixmap.fromImage(renderSymbol(
                self.symbol, self.size, outline, self.brushes[colour], dpr=ratio))
        return self._images[key]

    def paint(self, painter: QPainter, *_args) -> None:
        view = self.viewRect()
        if view is None or self.x.size == 0:
            return
        top, bottom = sorted((view.top(), view.bottom()))
        lo, hi = np.searchsorted(self.y, [top - 1, bottom + 1])
        if hi <= lo:
            return
        t = painter.transform()
        x, y = self.x[lo:hi], self.y[lo:hi]
        px = x * t.m11() + y * t.m21() + t.dx()
        py = x * t.m12() + y * t.m22() + t.dy()
        colours = self.colour[lo:hi]
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.save()
        painter.resetTransform()
        for colour in np.unique(colours).tolist():
            pick = colours == colour
            image = self._image(colour, ratio)
            self._stamp(painter, image, px[pick], py[pick])
        painter.restore()

    def _stamp(self, painter: QPainter, image: QPixmap, px: np.ndarray, py: np.ndarray
               ) -> None:
        width, height = image.width(), image.height()
        ratio = image.devicePixelRatioF()
        self._fragments.resize(px.size)
        frags = self._fragments.ndarray()
        frags[:, 0], frags[:, 1] = px, py  # centre
        frags[:, 2:6] = (0.0, 0.0, width, height)  # source rectangle (device pixels)
        frags[:, 6:8] = 1.0 / ratio  # scale back to logical pixels
        frags[:, 8], frags[:, 9] = 0.0, 1.0  # rotation, opacity
        try:
            # PySide6's stubs know only the list overload, not (array, count, pixmap)
            painter.drawPixmapFragments(*self._fragments.drawargs(), image)  # type: ignore[call-arg]
        except TypeError:  # a binding without the array overload: one at a time
            half_w, half_h = width / ratio / 2, height / ratio / 2
            for a, b in zip(px.tolist(), py.tolist(), strict=True):
                painter.drawPixmap(QPointF(a - half_w, b - half_h), image)
