"""Chart polish, each item checked on what the chart draws: distinct series colours, no SI
prefixes or auto-range button, the right-hand 0–10 axis on the left one's grid, the legend
outside the plot, entries at 23:59 drawn whole, "too few" where it cannot overlap, and a
what-if that starts from the person's own medication."""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.charts.theme import DARK, LIGHT, REBOUND_RGB, WEAR_OFF_RGB, YELLOW
from rebound_tracker.ui.timeline_panel import TimelinePanel

DAY = date.today() - timedelta(days=2)
MIN_DISTANCE = 50  # RGB distance below which two colours read as one


def at(hour: float, day: date = DAY) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day)) + timedelta(hours=hour)


def _rgb(colour) -> tuple[int, int, int]:
    c = QColor(colour)
    return c.red(), c.green(), c.blue()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_no_series_shares_a_colour_with_another_or_with_a_band(theme):
    series = {f"curve {i}": _rgb(c) for i, c in enumerate(theme.analyte_colours)}
    series |= {scale: _rgb(c) for scale, c in theme.scale_colours.items()}
    series |= {"what-if": _rgb(theme.what_if), "dose": _rgb(YELLOW)}
    for (a, ca), (b, cb) in itertools.combinations(series.items(), 2):
        assert math.dist(ca, cb) >= MIN_DISTANCE, f"{a} and {b} look alike: {ca} {cb}"
    for name, colour in series.items():
        for band in (WEAR_OFF_RGB, REBOUND_RGB):
            assert math.dist(colour, band) >= MIN_DISTANCE, f"{name} looks like a band"


@pytest.fixture
def panel(qtbot, services):
    services.doses.add("concerta", 36, at(7.5))
    services.doses.add("methylphenidate-ir", 10, at(23 + 50 / 60))
    services.checkins.add({"focus": 6, "mood": 7}, at(10))
    widget = TimelinePanel(services.timeline, services.medications)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.show_day(DAY)
    QApplication.processEvents()
    return widget


def test_axes_have_no_si_prefix_and_no_auto_range_button(panel):
    for plot in (panel.chart.plot, panel.raster_view.chart.plot):
        assert plot.buttonsHidden
        assert not plot.autoBtn.isVisible()
        for name in ("left", "bottom", "right"):
            axis = plot.getAxis(name)
            assert not axis.autoSIPrefix
            assert "x0.0" not in axis.labelString()
    panel.kind.setCurrentIndex(panel.kind.findData("effect"))
    assert "(x" not in panel.chart.plot.getAxis("left").labelString()


def test_right_hand_ticks_sit_on_the_left_grid(panel):
    chart = panel.chart
    for kind in ("concentration", "effect"):
        panel.kind.setCurrentIndex(panel.kind.findData(kind))
        QApplication.processEvents()
        major = chart.plot.getAxis("left")._tickLevels[0]
        assert major[0][1] == "0" and len(major) == 6
        left_view, right_view = chart.plot.getViewBox(), chart.scales_view
        for k, (value, _label) in enumerate(major):
            left_y = left_view.mapViewToScene(QPointF(0, value)).y()
            right_y = right_view.mapViewToScene(QPointF(0, 2 * k)).y()
            assert left_y == pytest.approx(right_y, abs=0.5)


def test_legend_is_outside_the_plot_area(panel):
    chart = panel.chart
    legend = chart.legend.sceneBoundingRect()
    view = chart.plot.getViewBox().sceneBoundingRect()
    assert chart.legend.isVisible() and legend.height() > 0
    assert legend.bottom() <= view.top() + 0.5


def test_a_dose_at_the_end_of_the_day_is_drawn_whole(panel):
    chart = panel.chart
    late = at(23 + 50 / 60).timestamp()
    points = [p for p in chart.doses.marks_in_view() if p[0] == pytest.approx(late)]
    assert points, "the 23:50 dose is not in view"
    view = chart.plot.getViewBox()
    x = view.mapViewToScene(QPointF(late, points[0][1])).x()
    assert x + chart.doses.near.size / 2 <= view.sceneBoundingRect().right()


def test_the_what_if_starts_from_a_medication_the_person_took(qtbot, services):
    widget = TimelinePanel(services.timeline, services.medications)
    qtbot.addWidget(widget)
    widget.show_day(DAY)
    assert not widget.what_if.isEnabled() and "Log a dose" in widget.what_if.toolTip()
    services.doses.add("concerta", 36, at(7.5))
    widget.refresh()
    widget.show_day(DAY + timedelta(days=1))  # a day without doses
    assert widget.what_if.isEnabled()
    assert widget.what_if.medication.currentData() == "concerta"
    assert widget.what_if.mg.value() == 36 and widget.what_if.times.text() == "07:30"


def test_a_titled_charts_legend_sits_between_title_and_plot(qtbot):
    import pyqtgraph as pg

    from rebound_tracker.report.charts.axes import add_legend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    plot = widget.getPlotItem()
    legend = add_legend(plot, LIGHT, columns=2)
    for i in range(4):
        plot.plot([0, 1], [i, i + 1], name=f"series {i}")
    plot.setTitle("Typical day")  # after the legend, as the trends panel does
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    title = plot.titleLabel.sceneBoundingRect()
    box = legend.sceneBoundingRect()
    view = plot.getViewBox().sceneBoundingRect()
    assert plot.titleLabel.isVisible() and title.height() > 0
    assert title.bottom() <= box.top() + 0.5
    assert box.bottom() <= view.top() + 0.5


def test_the_window_opens_at_the_size_asked_for(qtbot, services):
    """The raster's controls, hidden in the day view, once widened the window by 75 px
    before it was first shown (past a 1366-px laptop screen)."""
    from rebound_tracker.ui.main_window import MainWindow

    services.doses.add("concerta", 36, at(7.5))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    assert window.width() == 1280
    assert window.timeline.minimumSizeHint().width() < 900


def test_an_empty_raster_says_what_will_appear(qtbot, services):
    widget = TimelinePanel(services.timeline, services.medications)
    qtbot.addWidget(widget)
    widget.set_range("month")
    chart = widget.raster_view.chart
    assert widget.stack.currentWidget() is widget.raster_view
    assert chart.empty_text.isVisible()
    assert "Each day you log becomes a row" in chart.empty_text.textItem.toPlainText()
    services.doses.add("concerta", 36, at(7.5))
    widget.refresh()
    assert not chart.empty_text.isVisible()
    assert chart.doses.x.size == 1


def test_the_legend_takes_fewer_columns_than_asked_rather_than_run_off_the_chart(qtbot):
    """Ten series at four a row were ~1,150 px wide: in a 992 px timeline (a calibrated
    person's effect view) the first and last entries were cut off at both sides."""
    import pyqtgraph as pg

    from rebound_tracker.report.charts.axes import add_legend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(1400, 400)
    plot = widget.getPlotItem()
    legend = add_legend(plot, LIGHT, columns=4)
    for i in range(10):
        plot.plot([0, 1], [i, i + 1], name=f"a rather long series name {i}")
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    assert legend.columnCount == 4  # room enough: as asked
    for width in (700, 420):
        widget.resize(width, 400)
        QApplication.processEvents()
        box, chart = legend.sceneBoundingRect(), plot.sceneBoundingRect()
        assert 1 <= legend.columnCount < 4
        assert chart.left() <= box.left() and box.right() <= chart.right(), width
    widget.resize(1400, 400)
    QApplication.processEvents()
    assert legend.columnCount == 4  # and back when the window widens
