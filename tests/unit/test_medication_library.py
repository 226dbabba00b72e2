"""Library lookups, validation of formulation data, and data integrity of the resources."""

from __future__ import annotations

import copy
import json

import pytest

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import (
    SOURCE_KINDS,
    Component,
    Source,
    Sourced,
)
from rebound_tracker.pk.library import (
    build_library,
    load_library,
    medications_dir,
    parse_formulation,
)

REQUIRED_IDS = {"methylphenidate-ir", "concerta", "vyvanse", "adderall-xr",
                "dexmethylphenidate-ir", "focalin-xr", "ritalin-la", "adderall-ir",
                "dextroamphetamine-ir", "atomoxetine", "intuniv",
                # the complete list of the pk reference (Daytrana optional)
                "methylphenidate-sr", "metadate-cd", "medikinet-retard", "aptensio-xr",
                "quillivant-xr", "jornay-pm", "azstarys", "mydayis", "dexedrine-spansule",
                "evekeo", "viloxazine-er", "guanfacine-ir", "clonidine-er"}


def _raw():
    root = medications_dir()
    analytes = json.loads((root / "analytes.json").read_text(encoding="utf-8"))
    docs = {e.name: json.loads(e.read_text(encoding="utf-8"))
            for e in (root / "formulations").iterdir() if e.name.endswith(".json")}
    return analytes, docs


def test_library_has_the_required_formulations_sorted_by_name():
    lib = load_library()
    assert {f.id for f in lib.formulations} >= REQUIRED_IDS
    names = [f.name.casefold() for f in lib.formulations]
    assert names == sorted(names)
    assert load_library() is lib  # parsed once


def test_public_fields():
    f = load_library().get("concerta")
    assert (f.id, f.name, f.generic, f.analyte, f.unit) == (
        "concerta", "Concerta", "methylphenidate", "methylphenidate", "ng/mL")
    assert "OROS" in f.description
    assert f.label_min_mg == 18 and f.label_max_mg == 72
    assert 36 in f.strengths_mg
    assert f.sources and all(isinstance(s, Source) for s in f.sources)
    with pytest.raises(KeyError):
        load_library().get("Concerta")


@pytest.mark.parametrize("name,expected", [
    ("Elvanse", "vyvanse"), ("elvanse", "vyvanse"), ("  VYVANSE ", "vyvanse"),
    ("lisdexamfetamine", "vyvanse"), ("Ritalin", "methylphenidate-ir"),
    ("Medikinet IR", "methylphenidate-ir"), ("Methylin", "methylphenidate-ir"),
    ("concerta", "concerta"), ("Adderall XR", "adderall-xr"), ("strattera", "atomoxetine"),
    ("focalin-xr", "focalin-xr"), ("guanfacine ER", "intuniv"), ("Tenex", "guanfacine-ir"),
    ("Equasym XL", "metadate-cd"), ("Ritalin-SR", "methylphenidate-sr"),
    ("Medikinet XL", "medikinet-retard"), ("Medikinet CR", "medikinet-retard"),
    ("Qelbree", "viloxazine-er"), ("viloxazine", "viloxazine-er"), ("Kapvay", "clonidine-er"),
    ("Evekeo", "evekeo"), ("Dexedrine Spansule", "dexedrine-spansule"), ("Mydayis", "mydayis"),
    ("Jornay PM", "jornay-pm"), ("Azstarys", "azstarys"), ("Quillivant", "quillivant-xr"),
    ("Aptensio XR", "aptensio-xr"),
])
def test_resolve(name, expected):
    assert load_library().resolve(name).id == expected


def test_ambiguous_name_lists_candidates():
    with pytest.raises(ValidationError) as err:
        load_library().resolve("methylphenidate")
    assert err.value.field == "medication"
    for fid in ("methylphenidate-ir", "concerta", "ritalin-la"):
        assert fid in err.value.accepted
    assert err.value.accepted.startswith("one of: ")


def test_unknown_name_lists_close_matches():
    with pytest.raises(ValidationError) as err:
        load_library().resolve("Vivanse")
    assert err.value.field == "medication" and err.value.value == "Vivanse"
    assert "vyvanse" in err.value.accepted
    with pytest.raises(ValidationError) as err:
        load_library().resolve("zzzz")
    assert err.value.accepted.startswith("one of: ")


def test_aliases_are_unique_across_formulations():
    # Only generic names may be shared (they resolve as ambiguous on purpose).
    lib = load_library()
    seen: dict[str, str] = {}
    for f in lib.formulations:
        for name in (f.id, f.name, *f.aliases):
            key = name.casefold()
            assert seen.get(key, f.id) == f.id, f"{name!r} used by {seen[key]} and {f.id}"
            seen[key] = f.id


def _walk_numbers(node, path=""):
    """Yield (path, value, sibling source) for every number in a JSON document."""
    if isinstance(node, dict):
        if "value" in node and not isinstance(node["value"], str):
            yield path, node["value"], node.get("source")
            return
        for key, value in node.items():
            yield from _walk_numbers(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_numbers(value, f"{path}[{i}]")
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path, node, None


def test_every_number_in_the_resources_has_a_source():
    analytes, docs = _raw()
    checked = 0
    for name, doc in [("analytes.json", analytes), *docs.items()]:
        for path, _value, source in _walk_numbers(doc):
            assert isinstance(source, str), f"{name}{path} has no source"
            kind = source.split(":", 1)[0].strip()
            assert kind in SOURCE_KINDS, f"{name}{path}: {source!r}"
            assert len(source.split(":", 1)[1].strip()) >= 10, f"{name}{path}: {source!r}"
            if kind == "FIT":
                assert any(c.isdigit() for c in source), f"{name}{path}: FIT says against what"
            checked += 1
    assert checked > 100


def test_every_parsed_number_carries_its_source():
    lib = load_library()
    for f in lib.formulations:
        for path, value in f.numbers().items():
            assert isinstance(value, Sourced) and value.source.citation, (f.id, path)
    for a in lib.analytes.values():
        assert all(v.source.citation for v in a.numbers().values())


def test_file_name_matches_id():
    _, docs = _raw()
    for name, doc in docs.items():
        assert name == f"{doc['id']}.json"


def _concerta_doc():
    _, docs = _raw()
    return copy.deepcopy(docs["concerta.json"])


def test_fractions_must_sum_to_one():
    doc = _concerta_doc()
    doc["components"][0]["fraction"]["value"] = 0.3
    with pytest.raises(ValidationError) as err:
        parse_formulation(doc)
    assert err.value.field == "concerta.components.fraction"


@pytest.mark.parametrize("key,value,field", [
    ("ka_per_h", -1.0, "concerta.components[0].ka_per_h"),
    ("ka_per_h", 0.0, "concerta.components[0].ka_per_h"),
    ("lag_h", -0.5, "concerta.components[0].lag_h"),
])
def test_rates_and_lags_are_validated(key, value, field):
    doc = _concerta_doc()
    doc["components"][0][key]["value"] = value
    with pytest.raises(ValidationError) as err:
        parse_formulation(doc)
    assert err.value.field == field


def test_number_without_source_is_rejected():
    doc = _concerta_doc()
    doc["relative_f"] = 0.9
    with pytest.raises(ValidationError) as err:
        parse_formulation(doc)
    assert err.value.field == "concerta.relative_f"
    doc = _concerta_doc()
    doc["relative_f"]["source"] = "my guess"
    with pytest.raises(ValidationError) as err:
        parse_formulation(doc)
    assert err.value.field == "concerta.relative_f.source"


def test_unknown_analyte_is_rejected():
    analytes, docs = _raw()
    doc = copy.deepcopy(docs["concerta.json"])
    doc["moieties"][0]["analyte"] = "caffeine"
    with pytest.raises(ValidationError) as err:
        build_library(analytes, [doc])
    assert err.value.field == "concerta.moieties.analyte"


def test_component_kind_requirements():
    src = Source("USER", "entered by the person")
    one, zero = Sourced(1.0, src), Sourced(0.0, src)
    with pytest.raises(ValidationError) as err:
        Component("first_order", one, zero)
    assert err.value.field == "components.ka_per_h"
    with pytest.raises(ValidationError) as err:
        Component("zero_order", one, zero)
    assert err.value.field == "components.duration_h"
    with pytest.raises(ValidationError) as err:
        Component("teleport", one, zero)
    assert err.value.field == "components.kind"
    assert Component("zero_order", one, zero, duration_h=Sourced(8.0, src)).kind == "zero_order"


def test_generic_shared_by_ir_and_er_guanfacine_is_ambiguous():
    with pytest.raises(ValidationError) as err:
        load_library().resolve("guanfacine")
    assert "intuniv" in err.value.accepted and "guanfacine-ir" in err.value.accepted


def test_every_formulation_states_its_reported_analyte():
    lib = load_library()
    for f in lib.formulations:
        assert f.reported_analyte in lib.analytes
    assert lib.get("concerta").reported_analyte == "methylphenidate"
    quillivant = lib.get("quillivant-xr")
    assert quillivant.reported is not None
    assert quillivant.reported_analyte == "d-methylphenidate"
    # Quillivant label Table 3 footnote: l-MPH < 2% of d-MPH in circulation.
    assert quillivant.reported.fraction_of_primary.value == pytest.approx(0.98)
    assert lib.get("azstarys").analyte == "d-methylphenidate"


def test_food_dependent_lag_is_parsed():
    medikinet = load_library().get("medikinet-retard")
    enteric = medikinet.components[1]
    assert enteric.fed_lag_h is not None and enteric.fed_lag_h.value > enteric.lag_h.value
    assert "components[1].fed_lag_h" in medikinet.numbers()


def test_unknown_reported_analyte_is_rejected():
    analytes, docs = _raw()
    doc = copy.deepcopy(docs["quillivant-xr.json"])
    doc["reported"]["analyte"] = "l-methylphenidate"
    with pytest.raises(ValidationError) as err:
        build_library(analytes, [doc])
    assert err.value.field == "quillivant-xr.reported.analyte"
