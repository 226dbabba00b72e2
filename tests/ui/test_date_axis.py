"""The timeline's date axis shows the same dates, at the same places, as pyqtgraph's own
while a person zooms and pans across years, months, days and hours."""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage, QPainter

from rebound_tracker.report.charts.date_axis import DateAxis

DAY_S = 86400.0


def labels_drawn(widget: pg.PlotWidget) -> list[tuple[str, tuple[int, int]]]:
    """Each label the bottom axis draws, with where it goes (whole pixels)."""
    axis = widget.getPlotItem().getAxis("bottom")
    image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    painter.end()
    return [(text, (round(rect.center().x()), round(rect.center().y())))
            for rect, _flags, text in texts]


def test_date_axis_labels_match_pyqtgraphs_through_zooms_and_pans(qtbot):
    ours = pg.PlotWidget(axisItems={"bottom": DateAxis()})
    reference = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
    for widget in (ours, reference):
        qtbot.addWidget(widget)
        widget.resize(1000, 400)
        widget.show()
        qtbot.waitExposed(widget)
    rng = random.Random(3)
    start = datetime(2021, 3, 1).timestamp()  # five years, through every DST change
    compared, middle = 0, start + 2.5 * 365 * DAY_S
    spans = (5 * 365 * DAY_S, 90 * DAY_S, 30 * DAY_S, 7 * DAY_S, DAY_S, 3 * 3600.0)
    for span in spans + spans[::-1]:  # zoom in and back out about the middle of the view
        left = middle - span / 2
        for step in [0.0] + [rng.uniform(-0.3, 0.3) for _ in range(25)]:  # zoom, then pans
            left += step * span
            for widget in (ours, reference):
                widget.setXRange(left, left + span, padding=0)
            expected = labels_drawn(reference)
            assert labels_drawn(ours) == expected, (span, left)
            compared += len(expected)
        middle = left + span / 2
    assert compared > 300


@pytest.fixture(params=["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                        "Asia/Kolkata"])
def local_zone(request, monkeypatch):
    """This process's local zone (TZ + tzset, which Qt's local time follows too)."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_day_jumps_label_like_pyqtgraph_across_dst_changes(qtbot, local_zone):
    """Stepping and jumping between days moves the kept ticks by whole days; around a
    change of UTC offset (23, 25 and Lord Howe's 23.5-hour days) it must not."""
    ours = pg.PlotWidget(axisItems={"bottom": DateAxis()})
    reference = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
    for widget in (ours, reference):
        qtbot.addWidget(widget)
        widget.resize(1000, 400)
        widget.show()
    rng = random.Random(7)
    first = date(2025, 3, 1)
    days = [first + timedelta(days=i) for i in range(0, 250)]  # both changes in the north
    days += [first + timedelta(days=i) for i in rng.sample(range(-400, 400), 40)]
    for span_days in (1, 3):
        for day in days:
            left = datetime(day.year, day.month, day.day).timestamp()
            end = day + timedelta(days=span_days)
            right = datetime(end.year, end.month, end.day).timestamp()
            for widget in (ours, reference):
                widget.setXRange(left, right, padding=0)
            assert labels_drawn(ours) == labels_drawn(reference), (local_zone, day, span_days)


def test_a_change_of_system_zone_gives_that_zones_labels(qtbot, monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    ours = pg.PlotWidget(axisItems={"bottom": DateAxis()})
    qtbot.addWidget(ours)
    ours.resize(1000, 400)
    ours.show()
    left = datetime(2025, 6, 2, 6).timestamp()
    for shift in (0.0, 3600.0):  # a pan keeps the ticks of a stretch around the view
        ours.setXRange(left + shift, left + DAY_S + shift, padding=0)
        before = labels_drawn(ours)
    monkeypatch.setenv("TZ", "Australia/Lord_Howe")  # the person travels
    time.tzset()
    try:
        reference = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        qtbot.addWidget(reference)
        reference.resize(1000, 400)
        reference.show()
        for widget in (ours, reference):
            widget.setXRange(left + 1800, left + DAY_S + 1800, padding=0)  # a frame later
        assert labels_drawn(ours) == labels_drawn(reference) != before
    finally:
        monkeypatch.undo()
        time.tzset()
