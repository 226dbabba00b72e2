"""Trends and timeline data from a real store and the real model."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.charts.readouts import describe_moment
from rebound_tracker.services.simulation import DoseSpec
from rebound_tracker.services.timeline import WhatIfPlan

FIRST = date(2026, 3, 2)  # a Monday
DAYS = [FIRST + timedelta(days=i) for i in range(14)]


def local(day: date, hour: float) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day)) + timedelta(hours=hour)


@pytest.fixture
def concerta_fortnight(services):
    """Concerta 36 mg at 08:00 daily; focus 2 in the middle of each predicted rebound
    window, focus 7 at 11:00; returns the predicted rebound midpoints (hours after 08:00)."""
    midpoints = []
    for day in DAYS:
        services.doses.add("concerta", 36, local(day, 8))
    for day in DAYS:
        prediction = services.simulation.predict_day(day)
        # the window of this day's dose (the first may be the previous evening's, after 00:00)
        window = next(w for w in prediction.result.analytes[0].rebound if w.start_h > 8)
        middle = (window.start_h + window.end_h) / 2
        midpoints.append(middle - 8)
        services.checkins.add({"focus": 2, "mood": 3}, local(day, middle))
        services.checkins.add({"focus": 7, "mood": 6}, local(day, 11))
    return midpoints


def test_trends_over_a_constructed_fortnight(services, concerta_fortnight):
    trends = services.trends.compute(FIRST, DAYS[-1])
    focus = trends.evidence.scale("focus")
    assert (focus.estimate.n_inside, focus.estimate.n_baseline) == (14, 14)
    # The same dose time every day: the windows always cover the same clock times, so the
    # log cannot tell a rebound from the time of day and no estimate is made.
    assert not trends.evidence.separable and trends.evidence.separability < 0.01
    assert focus.verdict == "not enough data" and focus.estimate.effect is None
    typical = trends.typical_day
    assert typical.days == 14
    start, end = typical.rebound_h
    assert start < np.median(concerta_fortnight) < end
    assert typical.effect is not None and typical.effect.analyte == "methylphenidate"
    peak_h = typical.effect.hours[int(np.argmax(typical.effect.mean))]
    assert 4 <= peak_h <= 10  # Concerta's effect peaks mid-day
    three = typical.scale("focus").bins[3]
    assert (three.n, three.mean) == (14, 7.0)
    assert trends.adherence.expected == 14 and trends.adherence.taken == 14
    assert [d.n for d in trends.daily] == [2] * 14


def test_the_typical_day_reaches_past_a_long_acting_doses_rebound_risk(services,
                                                                     concerta_fortnight):
    """Concerta's rebound risk runs to ~18 h after an 08:00 dose; the typical day stopped at
    16 h, so its median band was cut off where the check-ins that show a rebound are."""
    from rebound_tracker.services.trends import MAX_HOURS

    typical = services.trends.compute(FIRST, DAYS[-1]).typical_day
    start, end = typical.rebound_h
    assert 12 < start < end <= MAX_HOURS
    assert typical.effect.hours[-1] >= end


def test_trends_period_starts_at_the_first_entry(services, concerta_fortnight):
    trends = services.trends.compute(FIRST - timedelta(days=30), DAYS[-1])
    assert trends.first_day == FIRST
    assert services.trends.compute(None, DAYS[-1]).first_day == FIRST


def test_timeline_day_matches_the_prediction(services):
    dose = services.doses.add("concerta", 36, local(FIRST, 8))
    checkin = services.checkins.add({"focus": 4, "mood": 6, "fatigue": 2}, local(FIRST, 15))
    start, end = day_bounds(FIRST)
    data = services.timeline.load(start, end)
    prediction = services.simulation.predict_logged(start, end, step_min=2)
    (curve,) = data.curves
    np.testing.assert_allclose(curve.x, prediction.epoch_seconds())
    np.testing.assert_allclose(curve.concentration, prediction.result.analytes[0].concentration)
    wear = prediction.result.analytes[0].wear_off
    assert data.wear_off.starts.tolist() == [start.timestamp() + w.start_h * 3600 for w in wear]
    assert data.doses.ids == (dose.id,) and data.doses.labels == ("Concerta 36 mg",)
    assert data.checkins.ids == (checkin.id,)
    assert data.checkins.values["focus"].tolist() == [4.0]
    assert np.isnan(data.checkins.values["anxiety"][0])
    inside = float(data.rebound.starts[0] + 60)
    text = describe_moment(data, inside)
    assert "methylphenidate" in text and "ng/mL" in text and "predicted rebound risk" in text
    assert "check-in 15:00: mood 6, focus 4, fatigue 2" in describe_moment(
        data, local(FIRST, 15.2).timestamp())


def test_whole_history_starts_at_the_first_entry(services):
    services.checkins.add({"focus": 5, "mood": 5}, local(FIRST, 9))
    services.doses.add("concerta", 36, local(DAYS[3], 8))
    data = services.timeline.load(None, day_bounds(DAYS[5])[1])
    assert data.start == day_bounds(FIRST)[0]
    assert data.curves and data.curves[0].x[0] == data.start.timestamp()


def test_what_if_is_the_model_of_the_planned_doses(services):
    services.doses.add("concerta", 36, local(FIRST, 8))
    services.doses.add("methylphenidate-ir", 10, local(FIRST, 14))
    plan = services.timeline.suggest_what_if(FIRST)
    assert plan == WhatIfPlan("methylphenidate-ir", 10.0,
                              tuple(local(FIRST, h) for h in (8, 12, 16)))
    what_if = services.timeline.what_if(FIRST, plan)
    start, _ = day_bounds(FIRST)
    direct = services.simulation.predict([DoseSpec("methylphenidate-ir", 10, t)
                                          for t in plan.times], start=start, hours=24,
                                         step_min=2)
    np.testing.assert_allclose(what_if.curves[0].concentration,
                               direct.result.analytes[0].concentration)
    conc = what_if.curves[0].concentration
    peaks = np.flatnonzero((conc[1:-1] > conc[:-2]) & (conc[1:-1] >= conc[2:]))
    assert len(peaks) == 3  # three immediate-release doses, three peaks
    assert len(what_if.rebound.starts) >= 1
    assert plan.label("Ritalin") == "What if: Ritalin 10 mg × 3"


def test_a_fall_begun_the_evening_before_keeps_its_windows_in_the_day_view(services):
    """A late booster's fall runs past midnight. The day view and the what-if used to find
    its windows on a grid starting at midnight, measured against the level there as a fall
    of its own: a phantom wear-off at ~01:30 and a rebound risk to ~06:30, where the whole
    history's simulation has the rebound risk end at ~03:15."""
    services.doses.add("concerta", 36, local(FIRST, 8))
    services.doses.add("methylphenidate-ir", 10, local(FIRST, 16))
    day = FIRST + timedelta(days=1)
    start, end = day_bounds(day)
    whole = services.simulation.predict(
        [DoseSpec("concerta", 36, local(FIRST, 8)),
         DoseSpec("methylphenidate-ir", 10, local(FIRST, 16))], step_min=2)
    origin = whole.origin.timestamp()
    plan = WhatIfPlan("methylphenidate-ir", 10.0, tuple(local(day, h) for h in (8, 12, 16)))
    before_dose = local(day, 8).timestamp()
    for data in (services.timeline.load(start, end), services.timeline.what_if(day, plan)):
        assert data.curves[0].x[0] == start.timestamp()
        for kind in ("wear_off", "rebound"):
            drawn = [(a, b) for a, b in zip(getattr(data, kind).starts,
                                            getattr(data, kind).ends, strict=True)
                     if a < before_dose]
            truth = [(max(origin + w.start_h * 3600, start.timestamp()), origin + w.end_h * 3600)
                     for w in getattr(whole.result.analytes[0], kind)
                     if origin + w.end_h * 3600 > start.timestamp()]
            assert len(drawn) == len(truth), kind
            np.testing.assert_allclose(drawn, truth, atol=180)  # 2-minute grids
    assert services.timeline.load(start, end).rebound.ends[0] < local(day, 4).timestamp()


def test_an_immediate_release_day_is_offered_one_long_acting_dose(services):
    for hour in (8, 12, 16):
        services.doses.add("methylphenidate-ir", 10, local(FIRST, hour))
    plan = services.timeline.suggest_what_if(FIRST)
    formulation = services.medications.get(plan.medication_id)
    assert formulation.moieties[0].analyte == "methylphenidate"
    assert len(formulation.components) > 1 or formulation.components[0].kind != "first_order"
    assert plan.times == (local(FIRST, 8),)
    assert plan.mg in formulation.strengths
    assert services.timeline.suggest_what_if(FIRST + timedelta(days=1)) is None


def test_overlapping_windows_of_two_analytes_are_merged(services):
    services.doses.add("adderall-xr", 20, local(FIRST, 8))
    start, end = day_bounds(FIRST)
    prediction = services.simulation.predict_logged(start, end + timedelta(days=1), step_min=2)
    from rebound_tracker.services.trends import predicted_windows

    starts, ends, severity = predicted_windows(prediction, "rebound")
    assert np.all(starts[1:] > ends[:-1])  # sorted and disjoint
    every = [w for c in prediction.result.analytes for w in c.rebound]
    assert len(starts) <= len(every)
    assert severity.max() == pytest.approx(max(w.severity for w in every))


def test_the_what_if_starts_from_the_usual_day_or_a_contrast_to_it(services):
    from datetime import time

    from rebound_tracker.domain.settings import RegimenDose

    # the usual dose is read from the last 60 days, hence days just past
    day = date.today() - timedelta(days=3)
    timeline, later = services.timeline, day + timedelta(days=1)
    assert timeline.usual_plan(later) is None  # nothing taken, nothing chosen: no preset
    assert timeline.usual_what_if(later) is None
    services.doses.add("concerta", 36, local(day, 7.5))
    # without a regimen: the dose taken most often, at its last time, on a day without doses
    usual = WhatIfPlan("concerta", 36.0, (local(later, 7.5),))
    assert timeline.usual_plan(later) == usual == timeline.usual_what_if(later)
    # ... and a contrast on a day with doses (a copy of it would say nothing)
    assert timeline.usual_what_if(day) == timeline.suggest_what_if(day) != usual
    # a regimen from Settings wins, unless the day was taken as it says
    ritalin = (RegimenDose("methylphenidate-ir", 10.0, time(8)),
               RegimenDose("methylphenidate-ir", 10.0, time(12)))
    twice = WhatIfPlan("methylphenidate-ir", 10.0, (local(day, 8), local(day, 12)))
    assert timeline.usual_plan(day, ritalin) == twice == timeline.usual_what_if(day, ritalin)
    as_usual = (RegimenDose("concerta", 36.0, time(7, 30)),)
    assert timeline.usual_what_if(day, as_usual) == timeline.suggest_what_if(day)
