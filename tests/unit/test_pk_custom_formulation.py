"""A person's own formulation, built from the library's blocks, validated field by field."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from custom_medication_sample import with_change

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import USER_SOURCE, formulation_from_dict, load_library
from rebound_tracker.pk.model import DoseEvent, simulate

MY_IR = {
    "id": "my-mph-ir",
    "name": "My methylphenidate",
    "family": "methylphenidate",
    "moieties": [{"analyte": "methylphenidate", "base_per_label_mg": 0.8648}],
    "components": [{"kind": "first_order", "fraction": 1.0, "lag_h": 0.25, "ka_per_h": 2.0}],
    "label_min_mg": 5,
    "label_max_mg": 30,
    "strengths_mg": [5, 10],
}


def _with(path, value, base=MY_IR):
    return with_change(base, path, value)


def test_custom_formulation_simulates_like_the_same_built_in_blocks():
    custom = formulation_from_dict(MY_IR)
    assert custom.components[0].ka_per_h.source.kind == "USER"
    assert str(custom.relative_f.source).startswith("USER")
    lib = load_library().with_custom([custom])
    assert lib.resolve("my methylphenidate").id == "my-mph-ir"
    grid = np.arange(0.0, 24.0, 1 / 60)
    mine = simulate(lib, [DoseEvent("my-mph-ir", 10, 1.0)], grid).analytes[0]
    ritalin = simulate(lib, [DoseEvent("methylphenidate-ir", 10, 1.0)], grid).analytes[0]
    np.testing.assert_allclose(mine.concentration, ritalin.concentration, rtol=1e-12)
    assert load_library().get("concerta")  # the built-in library is unchanged
    with pytest.raises(KeyError):
        load_library().get("my-mph-ir")


def test_custom_two_component_with_sources_kept():
    doc = _with(["components"], [
        {"kind": "first_order", "fraction": {"value": 0.4, "source": "PAPER: my paper 2020"},
         "lag_h": 0.25, "ka_per_h": 2.0},
        {"kind": "zero_order", "fraction": 0.6, "lag_h": 1.0, "duration_h": 6.0}])
    f = formulation_from_dict(doc)
    assert f.components[0].fraction.source.kind == "PAPER"
    assert f.components[1].fraction.source.citation == USER_SOURCE.split(": ", 1)[1]


@pytest.mark.parametrize("path,value,field", [
    (["components", 0, "fraction"], 0.8, "my-mph-ir.components.fraction"),
    (["components", 0, "ka_per_h"], 0.0, "my-mph-ir.components[0].ka_per_h"),
    (["components", 0, "ka_per_h"], -1.0, "my-mph-ir.components[0].ka_per_h"),
    (["components", 0, "lag_h"], -0.5, "my-mph-ir.components[0].lag_h"),
    (["components", 0, "kind"], "patch", "my-mph-ir.components[0].kind"),
    (["components", 0, "fraction"], "half", "my-mph-ir.components[0].fraction"),
    (["moieties", 0, "base_per_label_mg"], 0.0, "my-mph-ir.moieties[0].base_per_label_mg"),
    (["label_max_mg"], 1, "my-mph-ir.label_max_mg"),
    (["id"], "My Pill", "My Pill.id"),
    (["components"], [], "my-mph-ir.components"),
])
def test_invalid_fields_are_named(path, value, field):
    with pytest.raises(ValidationError) as err:
        formulation_from_dict(_with(path, value))
    assert err.value.field == field


def test_missing_dose_range_is_named():
    doc = copy.deepcopy(MY_IR)
    del doc["label_max_mg"]
    with pytest.raises(ValidationError) as err:
        formulation_from_dict(doc)
    assert err.value.field == "my-mph-ir.label_max_mg"


def test_unknown_analyte_family_or_duplicate_id_is_named_when_joining():
    lib = load_library()
    bad_analyte = formulation_from_dict(_with(["moieties", 0, "analyte"], "caffeine"))
    with pytest.raises(ValidationError) as err:
        lib.with_custom([bad_analyte])
    assert err.value.field == "my-mph-ir.moieties.analyte"
    assert "methylphenidate" in err.value.accepted
    bad_family = formulation_from_dict(_with(["family"], "opioid"))
    with pytest.raises(ValidationError) as err:
        lib.with_custom([bad_family])
    assert err.value.field == "my-mph-ir.family"
    clash = formulation_from_dict(_with(["id"], "concerta"))
    with pytest.raises(ValidationError) as err:
        lib.with_custom([clash])
    assert err.value.field == "id" and err.value.value == "concerta"


def test_not_an_object():
    with pytest.raises(ValidationError) as err:
        formulation_from_dict(["id", "x"])  # type: ignore[arg-type]
    assert err.value.field == "formulation"
