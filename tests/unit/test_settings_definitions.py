"""One definition of each stored setting: what it accepts, its text form, defaults."""

from __future__ import annotations

from datetime import time

import pytest

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.settings import (
    DEFINITIONS,
    QuietHours,
    RegimenDose,
    Settings,
    parse_setting,
    settings_from_stored,
    settings_to_stored,
)
from rebound_tracker.pk.model import Person


@pytest.mark.parametrize(("name", "text", "stored"), [
    ("weight_kg", " 82.5 ", "82.5"),
    ("weight-kg", "10", "10"),
    ("cyp2d6", "Poor", "poor"),
    ("urine_ph", "acidic", "acidic"),
    ("regimen", "concerta:36@07:30, ritalin:10@13:00 fed",
     "concerta:36@07:30, ritalin:10@13:00 fed"),
    ("regimen", "ritalin:10@13:00,concerta:36@7:30", "concerta:36@07:30, ritalin:10@13:00"),
    ("regimen", "none", "none"),
    ("shown_scales", "focus, mood", "mood,focus"),
    ("quiet_hours", "22:00-07:30", "22:00-07:30"),
    ("quiet_hours", "off", "off"),
    ("snooze_minutes", "60, 5,15", "5,15,60"),
    ("snooze_minutes", " 240 ", "240"),
    ("realert_count", "0", "0"),
])
def test_accepted_values_have_one_canonical_text(name, text, stored):
    assert parse_setting(name, text)[0] == stored
    assert parse_setting(name, stored)[0] == stored


@pytest.mark.parametrize(("name", "text", "field"), [
    ("weight_kg", "abc", "weight_kg"),
    ("weight_kg", "9.9", "weight_kg"),
    ("weight_kg", "nan", "weight_kg"),
    ("weight_kg", "1" * 400, "weight_kg"),
    ("cyp2d6", "ultrarapid", "cyp2d6"),
    ("urine_ph", "", "urine_ph"),
    ("regimen", "concerta 36 at 7", "regimen[1]"),
    ("regimen", "concerta:0@07:30", "regimen[1].mg"),
    ("regimen", "concerta:36@25:00", "regimen[1].time"),
    ("regimen", "concerta:36@07:30,,", "regimen"),
    ("shown_scales", "mood,happiness", "shown_scales"),
    ("shown_scales", "", "shown_scales"),
    ("quiet_hours", "22:00", "quiet_hours"),
    ("quiet_hours", "22:00-22:00", "quiet_hours"),
    ("snooze_minutes", "", "snooze_minutes"),
    ("snooze_minutes", "0,10", "snooze_minutes"),
    ("snooze_minutes", "10,241", "snooze_minutes"),
    ("snooze_minutes", "10,10", "snooze_minutes"),
    ("snooze_minutes", "1,2,3,4,5", "snooze_minutes"),
    ("snooze_minutes", "ten", "snooze_minutes"),
    ("realert_minutes", "0", "realert_minutes"),
    ("prompt_daily_cap", "21", "prompt_daily_cap"),
    ("colour", "blue", "setting"),
])
def test_refused_values_name_the_field_and_what_is_accepted(name, text, field):
    with pytest.raises(ValidationError) as caught:
        parse_setting(name, text)
    assert caught.value.field == field
    assert caught.value.accepted


def test_unreadable_stored_values_fall_back_to_defaults_and_are_reported():
    settings = settings_from_stored({"weight_kg": "abc", "cyp2d6": "poor", "other": "x"})
    assert settings.weight_kg == 70.0 and settings.cyp2d6 == "poor"
    assert [p.field for p in settings.problems] == ["weight_kg"]


def test_stored_text_round_trips():
    settings = Settings(weight_kg=55.0, regimen=(RegimenDose("concerta", 36.0, time(7, 30)),),
                        shown_scales=("mood", "focus"), quiet_hours=QuietHours(time(22),
                                                                               time(7)))
    assert settings_from_stored(settings_to_stored(settings)) == settings
    assert set(settings_to_stored(Settings())) == set(DEFINITIONS)


def test_quiet_hours_across_midnight():
    span = QuietHours(time(22), time(7))
    assert span.contains(time(23, 30)) and span.contains(time(6, 59))
    assert not span.contains(time(7)) and not span.contains(time(12))


def test_the_model_refuses_what_the_settings_refuse():
    with pytest.raises(ValidationError) as caught:
        Person(weight_kg=9.0)
    assert caught.value.accepted == DEFINITIONS["weight_kg"].accepted
    Person(weight_kg=10.0)
    with pytest.raises(ValidationError):
        Person(cyp2d6="ultrarapid")
