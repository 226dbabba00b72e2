"""Between the editor's fields and a definition: a product loaded into the form and saved
unchanged is the same product, sources included; a changed number becomes the person's."""

from __future__ import annotations

import pytest
from custom_medication_sample import MY_ER, typed, with_change

from rebound_tracker.pk.definitions import (
    definition_from_formulation,
    definition_to_json,
    formulation_of,
)
from rebound_tracker.pk.library import USER_SOURCE, formulation_to_dict, load_library
from rebound_tracker.ui.medication_definition import (
    build_definition,
    extras,
    slug,
    split_names,
    values_from,
)

LIBRARY = load_library()
FAMILIES = {name: a.family for name, a in LIBRARY.analytes.items()}


@pytest.mark.parametrize("formulation", LIBRARY.formulations, ids=lambda f: f.id)
def test_every_built_in_survives_the_form_unchanged(formulation):
    template = definition_from_formulation(formulation)
    values = values_from(template, FAMILIES)
    assert formulation_of(build_definition(values, template)) == formulation
    # Saved unchanged, it is the product's JSON, but for a food effect or notes it lacks.
    expected = {key: value for key, value in formulation_to_dict(formulation).items()
                if not (key in ("food_effect", "notes") and not value)}
    assert definition_to_json(build_definition(values, template)) == expected


def test_without_the_extras_only_what_the_form_shows_is_kept():
    template = definition_from_formulation(LIBRARY.get("medikinet-retard"))
    assert extras(template) == ["the effect of food", "component 2's lag after a meal",
                                "its notes"]
    values = values_from(template, FAMILIES)
    values.keep_extras = False
    mine = formulation_of(build_definition(values, template))
    assert mine.food_effect is None and mine.components[1].fed_lag_h is None
    assert mine.components[1].lag_h == LIBRARY.get("medikinet-retard").components[1].lag_h


def test_a_changed_number_gets_the_persons_source_and_a_new_kind_drops_old_numbers():
    template = definition_from_formulation(LIBRARY.get("concerta"))
    values = values_from(template, FAMILIES)
    values.label_max_mg = 54
    values.components[2].kind = "first_order"
    values.components[2].ka_per_h = 0.5
    mine = formulation_of(build_definition(values, template))
    assert str(mine.label_max.source) == USER_SOURCE
    assert mine.label_min == LIBRARY.get("concerta").label_min
    assert mine.components[2].duration_h is None
    assert str(mine.components[2].fraction.source) == USER_SOURCE  # another block now


def test_names_and_ids():
    assert slug("My  MPH ER (evening)") == "my-mph-er-evening"
    assert slug("Élan® 2") == "elan-2"
    assert split_names(" a, ,b ,") == ["a", "b"]


def test_fields_this_version_does_not_know_are_listed_and_kept_through_an_edit():
    doc = with_change(with_change(MY_ER, ("made_by",), "a newer version"),
                      ("components", 1, "release_profile"), "pulsed")
    template = typed(doc)
    assert extras(template) == ["fields this version does not know: made_by, "
                                "component 2: release_profile"]
    values = values_from(template, FAMILIES)
    values.label_max_mg = 54
    kept = definition_to_json(build_definition(values, template))
    assert kept["made_by"] == "a newer version"
    assert kept["components"][1]["release_profile"] == "pulsed"
    assert kept["label_max_mg"] == 54
    values.keep_extras = False
    dropped = definition_to_json(build_definition(values, template))
    assert "made_by" not in dropped and "release_profile" not in dropped["components"][1]
