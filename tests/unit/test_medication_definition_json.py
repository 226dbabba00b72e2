"""The typed medication definition and its one serializer (pk.definitions): every built-in
product, the README's example and the shared test sample read and write back unchanged,
keys the model has no field for included, and the checks are the library's."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from custom_medication_sample import MY_ER, with_change

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication_definition import MedicationDefinition, Number
from rebound_tracker.pk.definitions import (
    definition_from_formulation,
    definition_from_json,
    definition_from_text,
    definition_to_json,
    definition_to_text,
    formulation_of,
)
from rebound_tracker.pk.library import formulation_from_dict, formulation_to_dict, load_library

LIBRARY = load_library()
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> dict:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"meds add my-med.json`:\n\n```json\n(.*?)```", text, re.S)
    assert block is not None
    return json.loads(block.group(1))


def _round_trip(doc: dict) -> MedicationDefinition:
    definition = definition_from_json(doc)
    assert definition_to_json(definition) == doc
    assert json.dumps(definition_to_json(definition)) == json.dumps(doc, sort_keys=True)
    assert definition_from_text(definition_to_text(definition)) == definition
    assert formulation_of(definition) == formulation_from_dict(doc)
    return definition


@pytest.mark.parametrize("formulation", LIBRARY.formulations, ids=lambda f: f.id)
def test_every_built_in_reads_and_writes_back_unchanged(formulation):
    doc = formulation_to_dict(formulation)
    definition = _round_trip(doc)
    assert definition == definition_from_formulation(formulation)
    assert formulation_of(definition) == formulation


@pytest.mark.parametrize("doc", [MY_ER, readme_example()], ids=["sample", "readme"])
def test_custom_examples_read_and_write_back_unchanged(doc):
    definition = _round_trip(doc)
    assert definition.label_min_mg == Number(10 if doc is MY_ER else 18)
    assert definition.components[1].fraction.source is not None


def test_bare_numbers_stay_bare_and_ints_stay_ints():
    definition = definition_from_json(MY_ER)
    assert definition.components[0].fraction == Number(0.3)
    assert isinstance(definition.label_max_mg.value, int)
    assert definition.generic == "methylphenidate" and definition.unit is None
    assert definition_to_text(definition).count('"label_max_mg": 60,') == 1


def test_keys_without_a_field_and_nulls_are_kept_as_written():
    doc = with_change(MY_ER, ("components", 0, "my_note"), {"why": ["from the leaflet"]})
    doc["components"][1]["fraction"]["page"] = 12
    doc.update(food_effect=None, unit="ng/mL", note="ünïcode ✓", aliases="")
    definition = _round_trip(doc)
    assert definition.extra == {"food_effect": None, "note": "ünïcode ✓", "aliases": ""}
    assert definition.components[0].extra == {"my_note": {"why": ["from the leaflet"]}}
    assert definition.components[1].fraction.extra == {"page": 12}
    assert "ünïcode ✓" in definition_to_text(definition)


@pytest.mark.parametrize(("path", "value", "field"), [
    (("components", 0, "fraction"), "0.3", "my-mph-er.components[0].fraction"),
    (("components", 0, "fraction"), 0.5, "my-mph-er.components.fraction"),
    (("label_min_mg",), {"value": 10}, "my-mph-er.label_min_mg"),
    (("strengths_mg",), [10, float("nan")], "my-mph-er.strengths_mg"),
    (("extra",), {"x": float("inf")}, "my-mph-er.extra.x"),
])
def test_the_checks_and_their_words_are_the_librarys(path, value, field):
    doc = with_change(MY_ER, path, value)
    with pytest.raises(ValidationError) as caught:
        definition_from_json(doc)
    assert caught.value.field == field
    try:
        formulation_from_dict(doc)
    except ValidationError as err:  # the library's own check, where it has one
        assert (err.field, err.value, err.accepted) == (
            caught.value.field, caught.value.value, caught.value.accepted)


def test_a_definition_built_in_code_is_checked_as_json_is():
    definition = definition_from_json(MY_ER)
    wrong = replace(definition, label_max_mg=Number(5))
    with pytest.raises(ValidationError) as caught:
        formulation_of(wrong)
    assert caught.value.field == "my-mph-er.label_max_mg"
    with pytest.raises(ValidationError) as caught:
        definition_from_json([MY_ER])
    assert (caught.value.field, caught.value.value) == ("formulation", "list")
    with pytest.raises(ValidationError) as caught:
        definition_from_text("{not json")
    assert caught.value.accepted == "valid JSON"
