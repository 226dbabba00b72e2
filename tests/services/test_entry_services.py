"""Doses and check-ins through the services, over a real SQLite file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from rebound_tracker.domain.errors import NeedsConfirmation, NotFound, ValidationError

TZ = timezone(timedelta(hours=1))
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def test_dose_is_stored_with_its_local_offset(services):
    dose = services.doses.add("Concerta", "36", MORNING, fed=True, note="with toast")
    (stored,) = services.doses.list()
    assert stored.id == dose.id
    assert stored.medication_id == "concerta"
    assert stored.mg == 36.0 and stored.fed and stored.note == "with toast"
    assert stored.taken.local == MORNING and stored.taken.offset_min == 60


@pytest.mark.parametrize("mg", ["0", "-5", "abc", "", "nan", "inf"])
def test_bad_mg_names_the_field_and_writes_nothing(services, mg):
    with pytest.raises(ValidationError) as caught:
        services.doses.add("concerta", mg, MORNING)
    assert caught.value.field == "mg"
    assert services.doses.count() == 0


def test_unknown_medication_lists_close_matches(services):
    with pytest.raises(ValidationError) as caught:
        services.doses.add("concertta", 36, MORNING)
    assert caught.value.field == "medication"
    assert "concerta" in caught.value.accepted.lower()
    assert services.doses.count() == 0


def test_dose_above_label_maximum_needs_confirmation(services):
    with pytest.raises(NeedsConfirmation):
        services.doses.add("concerta", 500, MORNING)
    assert services.doses.count() == 0
    services.doses.add("concerta", 500, MORNING, confirmed=True)
    assert services.doses.count() == 1


def test_future_time_needs_confirmation(services):
    later = datetime.now().astimezone() + timedelta(hours=3)
    with pytest.raises(NeedsConfirmation):
        services.checkins.add({"mood": 5, "focus": 5}, later)
    assert services.checkins.count() == 0


def test_delete_then_store_restores_the_same_entry(services):
    dose = services.doses.add("vyvanse", 30, MORNING)
    deleted = services.doses.delete(dose.id)
    assert services.doses.count() == 0
    services.doses.store(deleted)
    assert services.doses.get(dose.id) == deleted


def test_deleting_a_missing_entry_is_not_found(services):
    with pytest.raises(NotFound):
        services.doses.delete("no-such-id")


@pytest.mark.parametrize(
    ("scales", "field"),
    [
        ({"mood": 11, "focus": 5}, "mood"),
        ({"mood": 5, "focus": -1}, "focus"),
        ({"mood": 5}, "focus"),
        ({"mood": 5, "focus": 5, "fatigue": 4.5}, "fatigue"),
        ({"mood": 5, "focus": 5, "happiness": 3}, "scale"),
    ],
)
def test_bad_scales_name_the_field(services, scales, field):
    with pytest.raises(ValidationError) as caught:
        services.checkins.add(scales, MORNING)
    assert caught.value.field == field
    assert services.checkins.count() == 0


def test_checkin_keeps_optional_scales_empty(services):
    services.checkins.add({"mood": 6, "focus": 4, "irritability": 7}, MORNING)
    (stored,) = services.checkins.list()
    assert (stored.mood, stored.focus, stored.irritability) == (6, 4, 7)
    assert stored.fatigue is None and stored.anxiety is None


def test_recent_regimen_offers_the_usual_doses(services):
    now = datetime.now().astimezone()
    for day in range(5):
        services.doses.add("concerta", 36, now - timedelta(days=day + 1))
    services.doses.add("methylphenidate-ir", 10, now - timedelta(hours=20))
    services.doses.add("vyvanse", 30, now - timedelta(days=200))  # too long ago to count
    regimen = services.doses.recent_regimen()
    assert regimen == [("concerta", 36.0), ("methylphenidate-ir", 10.0)]


def test_demo_fills_an_empty_store_and_refuses_a_used_one(services):
    summary = services.demo.fill(days=21)
    assert summary.doses >= 10 and summary.checkins >= 3 * 21 - 5
    doses = services.doses.list()
    assert {d.medication_id for d in doses} <= {"concerta", "methylphenidate-ir"}
    with pytest.raises(ValidationError):
        services.demo.fill(days=5)


def test_the_demo_history_shows_what_the_app_is_for(services):
    """The README's first command opens this history: its person checks in late enough in
    the evening to have check-ins inside the model's rebound risk windows, so Trends makes
    the claims its built-in rebound supports (and none for the scale it leaves alone)."""
    from datetime import date

    services.demo.fill(days=120)
    trends = services.trends.compute(date.today() - timedelta(days=89), date.today())
    verdicts = {e.scale: e.verdict for e in trends.evidence.scales}
    assert trends.evidence.separable
    assert verdicts["focus"] == verdicts["irritability"] == verdicts["mood"] == "worse"
    assert verdicts["anxiety"] == "no clear difference"  # the demo puts no rebound in it
