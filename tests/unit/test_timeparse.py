"""What people type as a time: ISO 8601 with or without offset, or HH:MM for today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from rebound_tracker.domain.entries import LoggedTime, validate_mg, validate_scale
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import parse_date, parse_time

NOW = datetime(2026, 3, 2, 15, 45, tzinfo=timezone(timedelta(hours=9)))


def test_hh_mm_means_today_in_the_current_zone():
    assert parse_time("08:05", now=NOW) == datetime(2026, 3, 2, 8, 5, tzinfo=NOW.tzinfo)


def test_iso_with_offset_keeps_it():
    parsed = parse_time("2026-03-02T08:00-05:00", now=NOW)
    assert parsed.utcoffset() == timedelta(hours=-5) and parsed.hour == 8


def test_iso_without_offset_is_local_wall_clock():
    parsed = parse_time("2026-03-02T08:00", now=NOW)
    assert parsed.tzinfo is not None and parsed.replace(tzinfo=None) == datetime(2026, 3, 2, 8)


@pytest.mark.parametrize("text", ["", "8", "24:00", "07:60", "2026-03-02", "tomorrow",
                                  "2026-02-30T08:00"])
def test_malformed_times_name_the_field(text):
    with pytest.raises(ValidationError) as caught:
        parse_time(text, field="at", now=NOW)
    assert caught.value.field == "at" and "HH:MM" in caught.value.accepted


def test_bad_date():
    with pytest.raises(ValidationError):
        parse_date("02/03/2026", field="from")


def test_logged_time_keeps_instant_and_offset_across_zones():
    logged = LoggedTime.from_aware(datetime(2026, 3, 2, 8, 0, tzinfo=timezone(timedelta(hours=5,
                                                                                       minutes=30))))
    assert logged.offset_min == 330
    assert logged.instant == datetime(2026, 3, 2, 2, 30, tzinfo=UTC)
    assert logged.isoformat() == "2026-03-02T08:00:00+05:30"


@pytest.mark.parametrize("value", [0, -1, "0", "x", float("nan"), float("inf"), None])
def test_mg_must_be_positive_and_finite(value):
    with pytest.raises(ValidationError):
        validate_mg(value)


@pytest.mark.parametrize("value", [-1, 11, 2.5, "seven", True])
def test_scale_outside_0_to_10(value):
    with pytest.raises(ValidationError):
        validate_scale("focus", value)


def test_scale_accepts_text_digits():
    assert validate_scale("focus", " 7 ") == 7
