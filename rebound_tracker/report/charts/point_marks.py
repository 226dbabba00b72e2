"""Logged entries as marks: one light item draws every point of a series that is in view.

pyqtgraph's ScatterPlotItem and PlotDataItem rebuild their point records, bounds and clip on
each setData, so a view that held only the entries near it had to refill them on every
jump to another day (0.9 ms for three check-in scales on a 5-year history). This item
holds the whole series once per load and, when painting, finds the points in view by a
binary search and stamps one cached symbol image at each, joined by lines where asked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol, renderSymbol
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPaintEngine, QPainter, QPen, QPixmap

CLICK_SLACK_PX = 2.0
"""A click this many pixels beyond a symbol's half-size still opens its entry."""


DEVICE_LIMIT_PX = 1.0e6
"""Painting coordinates are kept within this many pixels of the origin: Qt's raster
engine crashes on coordinates near the float range (a 1e200 mg dose's mark), and nothing
beyond a few thousand pixels is on screen anyway."""


def _device(values: np.ndarray) -> np.ndarray:
    return np.clip(np.nan_to_num(values, nan=-DEVICE_LIMIT_PX, posinf=DEVICE_LIMIT_PX,
                                 neginf=-DEVICE_LIMIT_PX), -DEVICE_LIMIT_PX, DEVICE_LIMIT_PX)


class PointMarks(pg.GraphicsObject):
    """Points ``x`` (sorted), ``y`` with an entry id each, drawn as ``symbol`` of ``size``
    pixels filled with ``brush`` and outlined by ``outline``; with a ``line`` pen, each point
    is joined to the next where ``joined`` says so. A click on a point calls ``on_click``
    with its id."""

    def __init__(self, symbol: str, size: float, brush: QBrush, outline: QPen,
                 line: QPen | None = None,
                 on_click: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.symbol, self.size, self.brush, self.outline = symbol, size, brush, outline
        self.line, self.on_click = line, on_click
        self.x = self.y = np.empty(0)
        self.ids = np.empty(0, dtype=object)
        self.joined = np.empty(0, dtype=bool)
        self._images: dict[tuple[float, bool], QPixmap] = {}
        self._bounds: QRectF | None = None

    # --- data -------------------------------------------------------------------------
    def set_points(self, x: np.ndarray, y: np.ndarray, ids, joined: np.ndarray | None = None
                   ) -> None:
        """Replace the series; ``joined[i]`` joins point i to point i + 1."""
        self.prepareGeometryChange()
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.ids = np.asarray(ids, dtype=object)
        self.joined = (np.zeros(self.x.size, dtype=bool) if joined is None
                       else np.asarray(joined, dtype=bool))
        self._bounds = None
        self.update()

    def points_between(self, left: float, right: float) -> list[tuple[float, float, str]]:
        """The points with ``left`` <= x <= ``right``: (x, y, entry id), in time order."""
        lo = np.searchsorted(self.x, left, side="left")
        hi = np.searchsorted(self.x, right, side="right")
        return list(zip(self.x[lo:hi].tolist(), self.y[lo:hi].tolist(),
                        self.ids[lo:hi].tolist(), strict=True))

    def points_in_view(self) -> list[tuple[float, float, str]]:
        view = self.viewRect()
        return [] if view is None else self.points_between(view.left(), view.right())

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N803
        values = self.x if ax == 0 else self.y
        return (None, None) if values.size == 0 else (values.min(), values.max())

    # --- geometry -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        """The view: symbols are a fixed size in pixels, so they reach past the data by an
        amount that changes with the zoom; painting is clipped to the view anyway."""
        if self._bounds is None:
            view = self.viewRect()
            self._bounds = QRectF() if view is None or self.x.size == 0 else view
        return self._bounds

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self._bounds = None
        super().viewRangeChanged()

    # --- painting -----------------------------------------------------------------------
    def paint(self, painter: QPainter, *_args) -> None:
        view = self.viewRect()
        if view is None or self.x.size == 0:
            return
        transform = painter.transform()
        lo, hi = self._span(view.left(), view.right(), transform.m11())
        if hi <= lo:
            return
        x, y = self.x[lo:hi], self.y[lo:hi]
        px = _device(x * transform.m11() + y * transform.m21() + transform.dx())
        py = _device(x * transform.m12() + y * transform.m22() + transform.dy())
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.line is not None:
            self._paint_lines(painter, px, py, self.joined[lo:hi])
        engine = painter.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Raster:
            self._stamp(painter, px, py)
        else:  # vector devices (PDF, SVG): outlines, not images
            self._draw_symbols(painter, px, py)
        painter.restore()

    def _span(self, left: float, right: float, px_per_x: float) -> tuple[int, int]:
        """Indices of the points whose symbols reach into ``left``..``right``, plus one
        on each side so that lines leaving the view are drawn."""
        reach = self.size / max(abs(px_per_x), 1e-300)
        lo = int(np.searchsorted(self.x, left - reach)) - 1
        hi = int(np.searchsorted(self.x, right + reach, side="right")) + 1
        return max(lo, 0), min(hi, self.x.size)

    def _paint_lines(self, painter: QPainter, px, py, joined) -> None:
        starts = np.flatnonzero(joined[:-1])
        if starts.size == 0:
            return
        painter.setPen(self.line)
        x0, y0 = px[starts].tolist(), py[starts].tolist()
        x1, y1 = px[starts + 1].tolist(), py[starts + 1].tolist()
        painter.drawLines([QLineF(a, b, c, d)
                           for a, b, c, d in zip(x0, y0, x1, y1, strict=True)])

    def _stamp(self, painter: QPainter, px, py) -> None:
        image = self.image(painter.device().devicePixelRatioF())
        half = image.width() / image.devicePixelRatioF() / 2
        for a, b in zip((px - half).tolist(), (py - half).tolist(), strict=True):
            painter.drawPixmap(QPointF(a, b), image)

    def _draw_symbols(self, painter: QPainter, px, py) -> None:
        for a, b in zip(px.tolist(), py.tolist(), strict=True):
            painter.save()
            painter.translate(a, b)
            drawSymbol(painter, self.symbol, self.size, self.outline, self.brush)
            painter.restore()

    def image(self, ratio: float = 1.0, *, own_outline: bool = False) -> QPixmap:
        """The symbol as drawn at each point, for a device of pixel ratio ``ratio``; with
        ``own_outline`` its outline is the fill colour (the legend's, over its line)."""
        key = (ratio, own_outline)
        if key not in self._images:
            outline = pg.mkPen(self.brush.color()) if own_outline else self.outline
            self._images[key] = QPixmap.fromImage(
                renderSymbol(self.symbol, self.size, outline, self.brush, dpr=ratio))
        return self._images[key]

    # --- clicks -------------------------------------------------------------------------
    def index_at(self, scene_pos: QPointF) -> int | None:
        """The point whose symbol is under ``scene_pos`` (the nearest if several)."""
        view = self.viewRect()
        if view is None or self.x.size == 0:
            return None
        transform = self.sceneTransform()
        lo, hi = self._span(view.left(), view.right(), transform.m11())
        x, y = self.x[lo:hi], self.y[lo:hi]
        dx = x * transform.m11() + y * transform.m21() + transform.dx() - scene_pos.x()
        dy = x * transform.m12() + y * transform.m22() + transform.dy() - scene_pos.y()
        if dx.size == 0:
            return None
        distance = np.hypot(dx, dy)
        nearest = int(np.argmin(distance))
        return lo + nearest if distance[nearest] <= self.size / 2 + CLICK_SLACK_PX else None

    def mouseClickEvent(self, event) -> None:
        index, on_click = None, self.on_click
        if on_click is not None and event.button() == Qt.MouseButton.LeftButton:
            index = self.index_at(event.scenePos())
        if on_click is None or index is None:
            event.ignore()
            return
        event.accept()
        on_click(self.ids[index])


class MarkSample(ItemSample):
    """A legend entry drawn like the marks: the line (if any) through the symbol, the
    symbol outlined in its own colour so that the line does not look cut by a gap."""

    def paint(self, painter: QPainter, *_args) -> None:
        marks: PointMarks = self.item
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if marks.line is not None:
            pen = QPen(marks.line)
            pen.setWidthF(max(pen.widthF(), 1.5))
            painter.setPen(pen)
            painter.drawLine(QPointF(1, 10.5), QPointF(19, 10.5))
        image = marks.image(painter.device().devicePixelRatioF(),
                            own_outline=marks.line is not None)
        side = image.width() / image.devicePixelRatioF()
        painter.drawPixmap(QPointF(10.5 - side / 2, 10.5 - side / 2), image)

