"""Doses and check-ins as drawn: the right colour at the right place on screen, in the
legend without a gap cut around the symbol, and as outlines on vector exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.charts.point_marks import MarkSample
from rebound_tracker.report.charts.theme import SCALE_COLOURS, YELLOW
from rebound_tracker.report.charts.timeline import draw_timeline
from rebound_tracker.ui.timeline_panel import TimelinePanel

DAY = date.today() - timedelta(days=2)


def local(hour: float) -> datetime:
    return attach_local(datetime(DAY.year, DAY.month, DAY.day)) + timedelta(hours=hour)


def near(colour: QColor, expected: str, tolerance: int = 40) -> bool:
    want = QColor(expected)
    return max(abs(colour.red() - want.red()), abs(colour.green() - want.green()),
               abs(colour.blue() - want.blue())) <= tolerance


@pytest.fixture
def panel(qtbot, services):
    services.doses.add("concerta", 36, local(7.5))
    services.checkins.add({"focus": 6, "mood": 2}, local(5))
    services.checkins.add({"focus": 3, "mood": 8}, local(6))
    widget = TimelinePanel(services.timeline, services.medications)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.show_day(DAY)
    return widget


def pixel_at(panel: TimelinePanel, view: pg.ViewBox, x: float, y: float) -> QColor:
    image = panel.plot.viewport().grab().toImage()
    at = panel.plot.mapFromScene(view.mapViewToScene(QPointF(x, y)))
    return image.pixelColor(at)


def test_checkins_and_doses_are_drawn_where_logged(panel):
    chart = panel.chart
    focus = chart.checkins.items["focus"]
    assert [(x, y) for x, y, _id in focus.points_in_view()] == [
        (local(5).timestamp(), 6.0), (local(6).timestamp(), 3.0)]
    for x, y, _id in focus.points_in_view():
        assert near(pixel_at(panel, chart.scales_view, x, y), SCALE_COLOURS["focus"])
    for x, y, _id in chart.checkins.items["mood"].points_in_view():
        assert near(pixel_at(panel, chart.scales_view, x, y), SCALE_COLOURS["mood"])
    (dose,) = chart.doses.marks_in_view()
    assert dose[0] == local(7.5).timestamp()
    # The triangle stands on its point: its fill is just above it.
    view = chart.plot.getViewBox()
    above = view.mapSceneToView(view.mapViewToScene(QPointF(dose[0], dose[1])) + QPointF(0, -3))
    assert near(pixel_at(panel, view, above.x(), above.y()), YELLOW)


def test_hidden_scale_is_not_drawn(qtbot, panel):
    chart = panel.chart
    (x, y, _id) = chart.checkins.items["mood"].points_in_view()[0]
    panel.toggle_scale("mood")
    assert not chart.checkins.items["mood"].isVisible()
    assert "Mood check-in" not in chart.series_names()
    assert not near(pixel_at(panel, chart.scales_view, x, y), SCALE_COLOURS["mood"])


def test_legend_symbol_sits_on_an_unbroken_line(panel):
    sample = next(s for s, label in panel.chart.legend.items if label.text == "Focus check-in")
    assert isinstance(sample, MarkSample)
    image = QImage(20, 20, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    sample.paint(painter)
    painter.end()
    row = [image.pixelColor(x, 10) for x in range(2, 19)]
    assert all(near(c, SCALE_COLOURS["focus"], tolerance=90) for c in row)


def test_vector_export_draws_marks_as_outlines(qtbot, services):
    services.doses.add("concerta", 36, local(7.5))
    services.checkins.add({"focus": 6, "mood": 5}, local(5))
    start, end = day_bounds(DAY)
    chart = draw_timeline(services.timeline.load(start, end), now=end)
    layout = pg.GraphicsLayoutWidget()
    qtbot.addWidget(layout)
    layout.addItem(chart.plot)
    layout.resize(800, 400)
    layout.show()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    painter = QPainter(generator)
    chart.plot.scene().render(painter)
    painter.end()
    svg = bytes(data).decode()
    # Outlines filled in the series' colours, not bitmaps, in a vector export.
    for colour in (SCALE_COLOURS["focus"], SCALE_COLOURS["mood"], YELLOW):
        assert f'fill="{colour.lower()}"' in svg.lower()
