"""Times typed across daylight-saving changes: skipped ones and repeated ones are bad input
that says so; everything else gets the offset the clock showed then, not now."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rebound_tracker.domain.entries import LoggedTime
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import parse_time

BERLIN = ZoneInfo("Europe/Berlin")
SPRING_NOON = datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN)  # clocks went 02:00 → 03:00
AUTUMN_NOON = datetime(2026, 10, 25, 12, 0, tzinfo=BERLIN)  # clocks went 03:00 → 02:00


def test_a_skipped_time_is_bad_input_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        parse_time("2026-03-29T02:30", field="at", now=SPRING_NOON)
    assert caught.value.field == "at" and caught.value.value == "2026-03-29T02:30"
    assert "skipped" in caught.value.accepted


def test_a_skipped_hh_mm_today_is_bad_input_too():
    with pytest.raises(ValidationError, match="skipped"):
        parse_time("02:15", field="at", now=SPRING_NOON)


def test_a_repeated_time_is_bad_input_offering_both_readings():
    with pytest.raises(ValidationError) as caught:
        parse_time("2026-10-25T02:30", field="at", now=AUTUMN_NOON)
    accepted = caught.value.accepted
    assert "2026-10-25T02:30+02:00 (the first)" in accepted
    assert "2026-10-25T02:30+01:00 (the second)" in accepted


@pytest.mark.parametrize("text", ["2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00"])
def test_the_offset_settles_a_repeated_time(text):
    assert parse_time(text, now=AUTUMN_NOON) == datetime.fromisoformat(text)


def test_hh_mm_after_the_change_uses_the_offset_of_that_time_not_of_now():
    morning = parse_time("01:30", now=SPRING_NOON)  # before the change: winter time
    assert morning.utcoffset() == timedelta(hours=1)
    evening = parse_time("20:00", now=SPRING_NOON)
    assert evening.utcoffset() == timedelta(hours=2)


def test_the_two_0230s_of_the_autumn_night_stay_two_instants():
    first = LoggedTime.from_aware(parse_time("2026-10-25T02:30+02:00", now=AUTUMN_NOON))
    second = LoggedTime.from_aware(parse_time("2026-10-25T02:30+01:00", now=AUTUMN_NOON))
    assert second.instant - first.instant == timedelta(hours=1)
    assert first.local.strftime("%H:%M") == second.local.strftime("%H:%M") == "02:30"


@pytest.fixture
def machine_in_new_york(monkeypatch):
    """Put this process's local zone in New York (TZ + tzset), restored afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_machine_zone_is_used_when_no_zone_is_given(machine_in_new_york):
    with pytest.raises(ValidationError, match="skipped"):
        parse_time("2026-03-08T02:30", field="at")
    with pytest.raises(ValidationError, match="happened twice"):
        parse_time("2026-11-01T01:30", field="at")
    summer = parse_time("2026-07-01T08:00")
    assert summer.utcoffset() == timedelta(hours=-4)
    assert parse_time("2026-12-01T08:00").utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(("zone", "text", "offset"), [
    ("America/New_York", "2026-03-08T02:30", "-05:00"),
    ("Europe/Berlin", "2026-03-29T02:30", "+01:00"),
    ("Australia/Adelaide", "2026-10-04T02:15", "+09:30"),
])
def test_the_gap_hint_gives_the_zones_own_offset(zone, text, offset):
    with pytest.raises(ValidationError) as refused:
        parse_time(text, field="at", zone=ZoneInfo(zone))
    hint = refused.value.accepted
    assert f"{text}{offset} (the clock before the change)" in hint
    taken = parse_time(f"{text}{offset}", field="at")  # and that suggestion is accepted
    assert taken.utcoffset() is not None
