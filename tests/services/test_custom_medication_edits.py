"""Editing, checking, previewing and copying medications: what the medications window
builds on. Nothing is written by a check or a preview; an edit keeps the id doses refer to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from custom_medication_sample import MY_ER, typed, with_change

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import formulation_to_dict, load_library, parse_formulation

AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_every_built_in_reads_back_equal_from_its_dict():
    for formulation in load_library().formulations:
        assert parse_formulation(formulation_to_dict(formulation)) == formulation


def test_check_writes_nothing_and_names_the_field(services):
    formulation, library = services.medications.check_custom(typed(MY_ER))
    assert formulation.id == "my-mph-er" and library.get("my-mph-er") == formulation
    assert services.medications.custom_definitions() == []
    with pytest.raises(ValidationError) as caught:
        services.medications.check_custom(typed(with_change(MY_ER, ("label_max_mg",), 5)))
    assert caught.value.field == "my-mph-er.label_max_mg"


def test_replace_keeps_the_id_and_doses_see_the_new_definition(services):
    services.medications.add_custom(typed(MY_ER))
    services.doses.add("my-mph-er", "20", AT)
    edited = with_change(MY_ER, ("name",), "My MPH ER, new pharmacy")
    edited["label_max_mg"] = 80

    before = services.medications.replace_custom(typed(edited))

    assert before == typed(MY_ER)
    assert services.medications.custom_definitions() == [typed(edited)]
    assert services.medications.get("my-mph-er").label_max_mg == 80
    assert services.medications.resolve("My MPH ER, new pharmacy").id == "my-mph-er"
    assert services.medications.doses_using("my-mph-er") == 1


def test_replace_refuses_a_new_id_a_built_in_and_a_taken_name(services):
    services.medications.add_custom(typed(MY_ER))
    with pytest.raises(ValidationError) as caught:
        services.medications.replace_custom(typed(with_change(MY_ER, ("id",), "renamed")))
    assert caught.value.field == "medication"
    with pytest.raises(ValidationError) as caught:
        services.medications.check_custom(typed(with_change(MY_ER, ("id",), "renamed")),
                                          replacing="my-mph-er")
    assert caught.value.field == "my-mph-er.id"
    with pytest.raises(ValidationError):
        services.medications.replace_custom(typed(formulation_to_dict(
            services.medications.get("concerta"))))
    with pytest.raises(ValidationError) as caught:
        services.medications.replace_custom(typed(with_change(MY_ER, ("name",), "Concerta")))
    assert caught.value.field == "my-mph-er.name"
    assert services.medications.custom_definitions() == [typed(MY_ER)]


def test_a_copy_of_a_built_in_keeps_its_sources_and_needs_new_names(services):
    copy = services.medications.definition_of("concerta")
    assert (copy.components[0].fraction.source or "").startswith("SECONDARY:")
    with pytest.raises(ValidationError):  # same id and names as Concerta
        services.medications.check_custom(copy)
    copy = replace(copy, id="my-concerta", name="My Concerta", aliases=())
    formulation, _ = services.medications.check_custom(copy)
    assert formulation.components == services.medications.get("concerta").components


def test_preview_simulates_one_dose_without_storing(services):
    result = services.simulation.preview(typed(MY_ER), 20, hours=12)
    curve = result.analytes[0]
    assert curve.analyte == "methylphenidate" and curve.concentration.max() > 1.0
    assert len(result.t_h) == 12 * 12 + 1
    assert services.medications.custom_definitions() == []
    with pytest.raises(ValidationError) as caught:
        services.simulation.preview(typed(MY_ER), 0)
    assert caught.value.field == "mg"


def test_doses_using_counts_only_that_medication(services):
    services.medications.add_custom(typed(MY_ER))
    services.doses.add("my-mph-er", "20", AT)
    services.doses.add("concerta", "36", AT)
    assert services.medications.doses_using("my-mph-er") == 1
    assert services.medications.doses_using("concerta") == 1
    assert services.medications.doses_using("methylphenidate-ir") == 0
