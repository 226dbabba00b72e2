"""Bands that say what they are: block swatches, a stripe per substance when several are
drawn (named, not overlapping), and a legend entry for the what-if hatching."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtGui import QImage, QPainter

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.charts.timeline import REBOUND_NAME, WEAR_OFF_NAME, WHAT_IF_REBOUND
from rebound_tracker.report.charts.window_bands import BlockSample
from rebound_tracker.services.timeline import WhatIfPlan
from rebound_tracker.ui.main_window import MainWindow

DAY = date.today() - timedelta(days=2)


def local(hour: float) -> datetime:
    return attach_local(datetime(DAY.year, DAY.month, DAY.day)) + timedelta(hours=hour)


def _window(qtbot, services) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.show_day(DAY)
    qtbot.waitUntil(lambda: window.timeline.data is not None
                    and window.timeline.data.covers(*day_bounds(DAY)))
    return window


def _swatches(chart) -> dict[str, object]:
    return {label.text: sample for sample, label in chart.legend.items}


def test_one_substance_has_full_height_bands_and_block_swatches(qtbot, services):
    services.doses.add("concerta", 36, local(7.5))
    chart = _window(qtbot, services).timeline.chart
    swatches = _swatches(chart)
    assert isinstance(swatches[WEAR_OFF_NAME], BlockSample)
    assert isinstance(swatches[REBOUND_NAME], BlockSample)
    assert chart.band_names() == []
    assert chart.wear_off.span == (0.0, 1.0) and chart.wear_off.windows()
    # Wearing off, then rebound risk: in order, not overlapping (no third colour).
    (wear_start, wear_end), = chart.wear_off.windows()
    (rebound_start, _rebound_end), = chart.rebound.windows()
    assert wear_start < wear_end == rebound_start


def test_a_block_swatch_paints_every_shade(qtbot, services):
    services.doses.add("concerta", 36, local(7.5))
    chart = _window(qtbot, services).timeline.chart
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    _swatches(chart)[REBOUND_NAME].paint(painter)
    painter.end()
    alphas = [image.pixelColor(x, 10).alpha() for x in (3, 10, 16)]
    assert alphas[0] < alphas[1] < alphas[2]  # lighter to darker, as the severity shades


def test_several_substances_get_a_named_stripe_each(qtbot, services):
    services.doses.add("adderall-ir", 10, local(7.0))
    services.doses.add("methylphenidate-ir", 10, local(13.0))
    chart = _window(qtbot, services).timeline.chart
    names = chart.band_names()
    assert names == [s.analyte for s in chart.data.by_substance]
    assert len(names) >= 2 and "d-amphetamine" in names and "methylphenidate" in names
    spans = [wear.span for wear, _rebound, label in chart.stripes if label.isVisible()]
    assert spans[0][1] == 1.0 and spans[-1][0] == pytest.approx(0.0)
    for upper, lower in itertools.pairwise(spans):
        assert upper[0] == pytest.approx(lower[1])  # side by side, never on top
    for (wear, rebound, label), group in zip(chart.stripes, chart.data.by_substance,
                                             strict=False):
        assert label.toPlainText() == group.analyte
        assert wear.windows() == list(zip(group.wear_off.starts.tolist(),
                                          group.wear_off.ends.tolist(), strict=True))
        assert rebound.span == wear.span


def test_the_what_if_hatching_has_its_own_legend_entry(qtbot, services):
    services.doses.add("concerta", 36, local(7.5))
    window = _window(qtbot, services)
    chart = window.timeline.chart
    assert WHAT_IF_REBOUND not in _swatches(chart)
    plan = WhatIfPlan("methylphenidate-ir", 10, tuple(local(h) for h in (7.5, 11.5, 15.5)))
    chart.set_what_if(services.timeline.what_if(DAY, plan), plan.label("Ritalin"))
    assert isinstance(_swatches(chart)[WHAT_IF_REBOUND], BlockSample)
    chart.set_what_if(None)
    assert WHAT_IF_REBOUND not in _swatches(chart)
