"""Paint a pyqtgraph chart (built by the same functions as the window) into a PDF rectangle.

The PlotItem is laid out in a view that is never put on screen, at a fixed logical size,
and its scene is rendered at SCALE times that size into an image that goes into the PDF.
(pyqtgraph lays axis text out in screen pixels; rendered straight onto a 300 dpi PDF
painter its fonts come out three times too large, so a high-resolution image it is.)
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

LOGICAL_WIDTH = 620
"""Charts are laid out this many logical pixels wide, then scaled to the page."""
SCALE = 4
"""Image pixels per logical pixel: 2,480 px across an A4 text width is about 330 dpi."""


def render_plot(plot: pg.PlotItem, painter: QPainter, target: QRectF) -> None:
    """Lay ``plot`` out at the target's aspect ratio and paint it into ``target``."""
    height = round(LOGICAL_WIDTH * target.height() / target.width())
    view = pg.GraphicsLayoutWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.setBackground("w")
    view.resize(LOGICAL_WIDTH, height)
    view.ci.layout.setContentsMargins(0, 0, 0, 0)
    view.addItem(plot)
    view.show()  # lays the items out; WA_DontShowOnScreen keeps it off every screen
    scene = view.scene()
    scene.prepareForPaint()
    source = QRectF(view.viewport().rect())
    image = QImage(int(source.width()) * SCALE, int(source.height()) * SCALE,
                   QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    image_painter = QPainter(image)
    image_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(image_painter, QRectF(image.rect()), source)
    image_painter.end()
    painter.drawImage(target, image)
    # The plot and its right-hand view go with the layout: taking the plot out first would
    # resize it and make it re-sync a view the scene has already deleted.
    view.close()
    view.deleteLater()
