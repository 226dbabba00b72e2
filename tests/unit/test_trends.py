"""Trend figures on constructed histories whose answers are known by construction."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.adherence_words import adherence_statement, days_text
from rebound_tracker.services.adherence import adherence, infer_regimen
from rebound_tracker.services.trends import (
    compute_trends,
    daily_averages,
    hours_since_morning,
    inside_windows,
    morning_doses,
    scale_by_hour,
)

MONDAY = date(2026, 3, 2)
WEEKDAYS = [MONDAY + timedelta(days=i) for i in range(28) if (MONDAY + timedelta(days=i))
            .weekday() < 5]


def at(day: date, hour: int, minute: int = 0) -> LoggedTime:
    return LoggedTime.from_aware(attach_local(datetime(day.year, day.month, day.day, hour,
                                                       minute)))


def dose(day: date, hour: int, minute: int = 0, med: str = "concerta", mg: float = 36) -> Dose:
    return Dose(med, mg, at(day, hour, minute))


def checkin(day: date, hour: int, focus: int, mood: int = 5, minute: int = 0) -> CheckIn:
    return CheckIn(at(day, hour, minute), mood=mood, focus=focus)


@pytest.fixture
def history():
    """Weekdays for four weeks: a dose at 08:00, focus 7 at 10:00 and focus 3 at 18:00."""
    doses = [dose(d, 8) for d in WEEKDAYS]
    checkins = [c for d in WEEKDAYS for c in (checkin(d, 10, 7, 6), checkin(d, 18, 3, 4))]
    return doses, checkins


def test_scale_by_hour_puts_each_checkin_in_its_hour_since_the_morning_dose(history):
    doses, checkins = history
    pairs = hours_since_morning(checkins, morning_doses(doses))
    focus = scale_by_hour(pairs, "focus")
    assert focus.n == 40
    two, ten = focus.bins[2], focus.bins[10]
    assert (two.start_h, two.end_h, two.n, two.mean, two.sd) == (2.0, 3.0, 20, 7.0, 0.0)
    assert (ten.n, ten.mean) == (20, 3.0)
    assert all(b.n == 0 and math.isnan(b.mean) for i, b in enumerate(focus.bins)
               if i not in (2, 10))


def test_spread_is_the_sample_sd_and_the_band_stays_on_the_scale():
    day = WEEKDAYS[0]
    pairs = [(checkin(day, 9, v), 1.5) for v in (0, 2, 4)]
    (_, one, *_) = scale_by_hour(pairs, "focus").bins
    assert one.mean == 2.0 and one.sd == pytest.approx(2.0)
    assert (one.low, one.high) == (0.0, 4.0)


def test_afternoon_first_dose_is_not_a_morning_dose_and_its_checkins_are_left_out():
    day = WEEKDAYS[0]
    mornings = morning_doses([dose(day, 14), dose(WEEKDAYS[1], 7), dose(WEEKDAYS[1], 12)])
    assert list(mornings) == [WEEKDAYS[1]]
    assert mornings[WEEKDAYS[1]].taken.local.hour == 7
    pairs = hours_since_morning([checkin(day, 16, 5), checkin(WEEKDAYS[1], 6, 5),
                                 checkin(WEEKDAYS[1], 9, 5)], mornings)
    assert [round(h, 3) for _, h in pairs] == [2.0]  # before the dose and no-morning days out


def test_inside_windows_includes_the_ends():
    starts, ends = np.array([10.0, 30.0]), np.array([20.0, 40.0])
    moments = np.array([5, 10, 15, 20, 25, 30, 45], dtype=float)
    assert inside_windows(moments, starts, ends).tolist() == [False, True, True, True, False,
                                                              True, False]
    assert not inside_windows(moments, np.empty(0), np.empty(0)).any()


def test_daily_averages(history):
    _, checkins = history
    daily = daily_averages(checkins)
    assert [d.day for d in daily] == WEEKDAYS
    assert all(d.n == 2 and d.means["focus"] == 5.0 and d.means["mood"] == 5.0 for d in daily)
    assert all(math.isnan(d.means["fatigue"]) for d in daily)


def test_adherence_reads_a_weekday_regimen_and_counts_misses_extras_and_timing():
    missed = {WEEKDAYS[3], WEEKDAYS[11]}
    doses = [dose(d, 8) for d in WEEKDAYS if d not in missed]
    doses[0] = dose(WEEKDAYS[0], 8, 45)  # 45 min late
    boosters = [dose(d, 14, 30, med="methylphenidate-ir", mg=10) for d in WEEKDAYS[:6]]
    last = MONDAY + timedelta(days=27)
    (slot,) = infer_regimen(doses + boosters, MONDAY, last)
    assert (slot.medication_id, slot.mg, slot.minute_of_day) == ("concerta", 36, 8 * 60)
    assert slot.weekdays == frozenset(range(5)) and days_text(slot) == "Mon–Fri"
    result = adherence(doses + boosters, MONDAY, last)
    assert (result.expected, result.taken, result.extra) == (20, 18, 6)
    assert result.fraction == pytest.approx(0.9)
    assert result.on_time == 17 and result.median_offset_min == 0.0
    assert sorted(result.offsets_min)[-1] == 45.0
    text = adherence_statement(result, {"concerta": "Concerta"})
    assert "Mon–Fri: Concerta 36 mg around 08:00" in text
    assert "Taken 18 of 20 regimen doses (90%)" in text and "6 other doses" in text


def test_doses_not_yet_due_are_not_missed():
    last = WEEKDAYS[4]
    doses = [dose(d, 8) for d in WEEKDAYS[:4]]
    now = attach_local(datetime.combine(last, datetime.min.time()).replace(hour=7))
    result = adherence(doses, MONDAY, last, regimen=infer_regimen(doses, MONDAY, WEEKDAYS[3]),
                       now=now)
    assert (result.expected, result.taken) == (4, 4)


def test_compute_trends_without_a_prediction_still_reports_checkins(history):
    doses, checkins = history
    trends = compute_trends(doses, checkins, None, MONDAY, MONDAY + timedelta(days=27))
    assert trends.typical_day.days == 20 and trends.typical_day.effect is None
    assert trends.typical_day.scale("focus").bins[2].mean == 7.0
    evidence = trends.evidence
    assert evidence.windows == 0 and not evidence.separable
    assert all(s.estimate.n_inside == 0 and s.verdict == "not enough data"
               for s in evidence.scales)
    assert evidence.scale("focus").estimate.n_baseline == 40
    assert trends.adherence.expected == 20


def test_minutes_after_midnight_today_does_not_count_against_the_regimen():
    """Seven of the last ten weekdays at 08:00; at 00:05 on the next Monday today has no dose
    yet and must neither be missed nor dilute the habit out of the regimen."""
    first, monday = date(2026, 11, 16), date(2026, 11, 30)
    weekdays = [first + timedelta(days=i) for i in range(14)
                if (first + timedelta(days=i)).weekday() < 5]
    doses = [dose(day, 8) for day in weekdays[:7]]
    result = adherence(doses, first, monday, now=attach_local(datetime(2026, 11, 30, 0, 5)))
    assert [slot.weekdays for slot in result.regimen] == [frozenset(range(5))]
    assert (result.expected, result.taken) == (10, 7)
