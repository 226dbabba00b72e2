"""Shaded windows land on the chart where the model puts them: on screen (one blitted
image) and on vector devices such as the PDF (rectangles)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPicture

from rebound_tracker.report.charts.window_bands import WindowBands

STARTS = np.arange(0.0, 1000.0, 10.0)  # a hundred windows 4 units wide, 6 apart
ENDS = STARTS + 4.0
LEVELS = (STARTS // 10).astype(int) % 2  # alternate two shades


def plot_with_bands(qtbot) -> tuple[pg.PlotWidget, WindowBands]:
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    bands = WindowBands([pg.mkBrush(0, 0, 255, 128), pg.mkBrush(255, 0, 0, 128)])
    bands.set_windows(STARTS, ENDS, LEVELS)
    widget.addItem(bands)
    widget.resize(1200, 300)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setRange(xRange=(-50.0, 1050.0), yRange=(0.0, 1.0), padding=0)  # clear of the axes
    return widget, bands


def colour_at(widget: pg.PlotWidget, image: QImage, x: float) -> QColor:
    scene = widget.getPlotItem().getViewBox().mapViewToScene(QPointF(x, 0.5))
    point = widget.mapFromScene(scene)
    return image.pixelColor(point.x(), point.y())


def assert_shaded_as_modelled(widget: pg.PlotWidget, image: QImage) -> None:
    for start, level in zip(STARTS, LEVELS, strict=True):
        inside = colour_at(widget, image, start + 2.0)
        gap = colour_at(widget, image, start + 7.0)
        assert gap == QColor("white"), start
        blue, red = (inside.blue(), inside.red()) if level == 0 else (inside.red(),
                                                                        inside.blue())
        assert (blue, red) == (255, 127) or (blue, red) == (255, 128), (start, inside)


def test_bands_on_screen_cover_each_window_and_nothing_between(qtbot):
    widget, _bands = plot_with_bands(qtbot)
    assert_shaded_as_modelled(widget, widget.grab().toImage())


def test_bands_on_a_vector_device_match_the_screen(qtbot):
    widget, _bands = plot_with_bands(qtbot)
    picture = QPicture()  # recorded as drawing commands, as the PDF writer receives them
    painter = QPainter(picture)
    widget.render(painter)
    painter.end()
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    picture.play(painter)
    painter.end()
    assert_shaded_as_modelled(widget, image)
