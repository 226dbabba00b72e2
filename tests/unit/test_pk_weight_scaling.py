"""Per-analyte weight exponents: guanfacine's clearance does not scale with body weight."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.blocks import disposition, weight_exponents
from rebound_tracker.pk.library import build_library, load_library, medications_dir
from rebound_tracker.pk.model import DoseEvent, Person, simulate

LIB = load_library()


def test_guanfacine_has_its_own_exponents_and_the_rest_keep_allometry():
    assert weight_exponents(LIB.analyte("guanfacine")) == (0.0, 0.17)
    assert weight_exponents(LIB.analyte("methylphenidate")) == (0.75, 1.0)
    child = disposition(LIB.analyte("guanfacine"), 30.0, {})
    adult = disposition(LIB.analyte("guanfacine"), 70.0, {})
    assert child.cl_l_per_h == pytest.approx(adult.cl_l_per_h)
    assert child.v_l == pytest.approx(adult.v_l * (30 / 70) ** 0.17)


def test_the_assumptions_say_so():
    grid = np.arange(0.0, 24.0, 0.25)
    out = simulate(LIB, [DoseEvent("intuniv", 2, 0.0)], grid, Person(weight_kg=30.0))
    assert any("guanfacine: its own weight scaling" in a and "^0.17" in a
               for a in out.assumptions)
    mph = simulate(LIB, [DoseEvent("concerta", 18, 0.0)], grid, Person(weight_kg=30.0))
    assert not any("its own weight scaling" in a for a in mph.assumptions)


@pytest.mark.parametrize("value", [-0.1, 2.0])
def test_an_exponent_out_of_range_is_refused_naming_the_field(value):
    doc = json.loads((medications_dir() / "analytes.json").read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    g = next(a for a in doc["analytes"] if a["name"] == "guanfacine")
    g["cl_weight_exponent"]["value"] = value
    with pytest.raises(ValidationError) as err:
        build_library(doc, [])
    assert err.value.field == "analytes.guanfacine.cl_weight_exponent"
    assert "0 to 1.5" in str(err.value)
