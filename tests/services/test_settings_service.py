"""Settings through the service, over a real store: validated, all-or-nothing, followed."""

from __future__ import annotations

import pytest

from rebound_tracker.domain.errors import ValidationError


def test_update_stores_canonical_text_and_the_model_follows(services):
    seen = []
    services.settings.on_change(seen.append)
    services.settings.update({"weight-kg": "55", "regimen": "Concerta:36@07:30"})
    assert services.settings.stored_text()["regimen"] == "concerta:36@07:30"
    assert services.settings.current().weight_kg == 55.0
    assert services.simulation.person().weight_kg == 55.0
    assert len(seen) == 1 and seen[0].regimen[0].medication == "concerta"


def test_a_bad_change_writes_nothing(services):
    with pytest.raises(ValidationError) as caught:
        services.settings.update({"weight_kg": "60", "cyp2d6": "fast"})
    assert caught.value.field == "cyp2d6"
    assert services.settings.current().weight_kg == 70.0


def test_an_unknown_medication_in_the_regimen_is_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.settings.update({"regimen": "concertta:36@07:30"})
    assert caught.value.field == "regimen[1].medication"
    assert "concerta" in caught.value.accepted.lower()


def test_reset_returns_to_the_default(services):
    services.settings.update({"weight_kg": "90"})
    services.settings.reset("weight-kg")
    assert services.settings.current().weight_kg == 70.0
