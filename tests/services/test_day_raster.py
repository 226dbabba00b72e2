"""The day-by-hour raster built from a known log: rows, clock hours, effect cells, weekends,
regimen changes, and the local clock across a daylight-saving change."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.charts.readouts import describe_cell
from rebound_tracker.services.day_raster import build_day_raster, local_clock, regimen_changes

FIRST = date.today() - timedelta(days=29)


def at(day: date, hour: float) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day)) + timedelta(hours=hour)


def _load(services):
    return services.timeline.load(day_bounds(FIRST)[0], day_bounds(date.today())[1])


def _raster(services):
    return build_day_raster(_load(services))


def test_rows_hours_and_effect_follow_the_log(services):
    day = FIRST + timedelta(days=5)
    services.doses.add("concerta", 36, at(day, 7.5))
    services.checkins.add({"focus": 6, "mood": 7}, at(day, 10.25))
    data = _load(services)
    raster = build_day_raster(data)
    assert raster.first_day == FIRST and raster.days == 30
    assert raster.dose_row.tolist() == [5]
    np.testing.assert_allclose(raster.dose_hour, [7.5])
    assert raster.checkin_row.tolist() == [5]
    np.testing.assert_allclose(raster.checkin_hour, [10.25])
    assert raster.checkin_values["focus"].tolist() == [6.0]
    assert np.isnan(raster.checkin_values["anxiety"][0])
    # no effect before the dose or on the day before; some by late morning
    assert raster.effect_at(5, 3.0) == 0.0 and raster.effect_at(4, 12.0) == 0.0
    curve = data.curves[0]
    cell = (curve.x >= at(day, 11).timestamp()) & (curve.x < at(day, 11 + 1 / 6).timestamp())
    assert raster.effect_at(5, 11.05) == pytest.approx(curve.effect[cell].mean())
    assert raster.effect_at(5, 11.0) > 0.1
    assert raster.effect_at(5, 11.0) > raster.effect_at(5, 23.5)
    weekdays = [(FIRST + timedelta(days=i)).weekday() >= 5 for i in range(30)]
    assert raster.weekend.tolist() == weekdays
    text = describe_cell(raster, 5, 7.6, "focus")
    assert f"{day:%a %d %b %Y} 07:36" in text and "Concerta 36 mg at 07:30" in text


def test_a_switch_of_product_is_a_regimen_change_and_a_one_off_is_not(services):
    for i in range(29):  # up to yesterday
        day = FIRST + timedelta(days=i)
        services.doses.add("concerta" if i < 18 else "ritalin-la", 36 if i < 18 else 20,
                           at(day, 8))
    services.doses.add("methylphenidate-ir", 10, at(FIRST + timedelta(days=10), 15))
    raster = _raster(services)
    texts = {(c.row, c.text) for c in raster.changes}
    assert texts == {(18, "stopped Concerta 36 mg"), (18, "started Ritalin LA 20 mg")}


def test_nothing_logged_gives_empty_cells_and_no_marks(services):
    raster = _raster(services)
    assert raster.days == 30 and np.isnan(raster.effect).all()
    assert raster.dose_row.size == 0 and raster.changes == ()
    assert "no prediction" in describe_cell(raster, 3, 12.0, "mood")


def test_regimen_changes_need_a_margin_inside_the_raster():
    rows = np.array([0, 1, 2, 3, 30, 31, 32])
    labels = ("A",) * 4 + ("B",) * 3
    changes = regimen_changes(rows, labels, 33)
    assert [(c.row, c.text) for c in changes] == [(4, "stopped A"), (30, "started B")]


@pytest.fixture
def berlin():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_local_clock_reads_the_wall_clock_across_a_daylight_saving_change(berlin):
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC)
    before = datetime.fromisoformat("2026-03-29T00:59:00+00:00").timestamp()
    after = datetime.fromisoformat("2026-03-29T01:01:00+00:00").timestamp()
    noon_before = datetime.fromisoformat("2026-03-28T11:00:00+00:00").timestamp()
    days, hours = local_clock(np.array([noon_before, before, after]))
    assert [date.fromordinal(int(d)) for d in days] == [date(2026, 3, 28), date(2026, 3, 29),
                                                        date(2026, 3, 29)]
    np.testing.assert_allclose(hours, [12.0, 1 + 59 / 60, 3 + 1 / 60])
