"""A person logs a Concerta dose in the window and the day's predicted curve is smooth."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from journeys_helpers import click

from rebound_tracker.domain.timeparse import attach_local

QUIET_DAY = date.today() - timedelta(days=60)  # before the 21-day demo history
SPIKE = 3.0


def _corners(x_h: np.ndarray, y: np.ndarray) -> list[float]:
    """Where the curve, once risen above 2 % of its peak, has a corner: on the chart's own
    grid a corner is a spike in the second difference, several times its neighbours two steps
    away; a smooth curve's second difference changes little from step to step."""
    d2 = np.abs(np.diff(y, 2))
    floor = 1e-9 * y.max()
    out = []
    for i in range(2, d2.size - 2):
        if y[i] > 0.02 * y.max() and d2[i] > SPIKE * max(d2[i - 2], d2[i + 2]) + floor:
            out.append(float(x_h[i + 1]))
    return out


def test_the_corner_check_finds_the_old_concerta_core():
    x = np.arange(0.0, 24.0, 1.0 / 30.0)  # the chart's 2-minute grid
    kinked = np.minimum(x, 10.0) * np.exp(-0.05 * x)
    assert [round(c, 2) for c in _corners(x, kinked)] == [10.0]
    assert _corners(x, 1.0 - np.exp(-0.5 * x)) == []


def test_a_logged_concerta_day_draws_a_smooth_curve(qtbot, app_window, demo_services):
    form = app_window.dose_form
    form.medication.setCurrentIndex(-1)
    qtbot.keyClicks(form.medication.lineEdit(), "Concerta")
    form.mg.clear()
    qtbot.keyClicks(form.mg, "36")
    taken = attach_local(datetime(QUIET_DAY.year, QUIET_DAY.month, QUIET_DAY.day, 7, 30))
    form.time.set_moment(taken)
    count = demo_services.doses.count()
    click(form.submit)
    assert demo_services.doses.count() == count + 1
    stored = demo_services.doses.list(taken - timedelta(hours=12), taken + timedelta(hours=12))
    assert [(d.medication_id, d.mg) for d in stored] == [("concerta", 36.0)]

    app_window.show_day(QUIET_DAY)
    chart = app_window.timeline.chart
    qtbot.waitUntil(lambda: "methylphenidate" in chart.curves
                    and chart.curves["methylphenidate"].getData()[0] is not None
                    and len(chart.curves["methylphenidate"].getData()[0]) > 100)
    x, y = chart.curves["methylphenidate"].getData()
    x_h = (np.asarray(x, dtype=float) - x[0]) / 3600.0  # the chart's x is in epoch seconds
    y = np.asarray(y, dtype=float)
    assert y.max() > 1.0  # the dose's curve is on the chart
    assert _corners(x_h, y) == []
    assert app_window.timeline.isVisible()
