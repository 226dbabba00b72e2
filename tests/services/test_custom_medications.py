"""The person's own medications through MedicationService: added, found, dosed, simulated,
refused with the field named, removed only when unused, and a bad stored one skipped."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
from custom_medication_sample import MY_ER, typed, with_change

from rebound_tracker.app import open_services
from rebound_tracker.domain.errors import NotFound, ValidationError
from rebound_tracker.services.simulation import DoseSpec
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.database import make_session_factory

AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def changed(path, value, base=MY_ER):
    return with_change(base, path, value)


def stored(services) -> list[dict]:
    with make_session_factory(services.engine)() as session:
        return [json.loads(text) for _, text in CustomMedicationRepository(session).all()]


def test_added_medication_resolves_doses_and_simulates_at_once(services):
    med = services.medications.add_custom(typed(MY_ER))

    assert med.id == "my-mph-er"
    assert services.medications.get("my-mph-er") is med
    assert services.medications.resolve("MY PILL").id == "my-mph-er"
    assert services.medications.is_custom("my-mph-er")
    assert not services.medications.is_custom("concerta")
    assert services.medications.custom_definitions() == [typed(MY_ER)]
    dose = services.doses.add("my pill", "20", AT)
    assert dose.medication_id == "my-mph-er"
    prediction = services.simulation.predict_logged()
    curve = prediction.result.analytes[0]
    assert curve.analyte == "methylphenidate" and curve.summary.cmax > 0
    # The zero-order block keeps the level up for hours: the peak comes late.
    assert curve.summary.tmax_h > 3


def test_custom_and_built_in_with_the_same_blocks_simulate_alike(services):
    ir = {"id": "my-ir", "name": "My IR", "family": "methylphenidate",
          "moieties": [{"analyte": "methylphenidate", "base_per_label_mg": 0.8648}],
          "components": [{"kind": "first_order", "fraction": 1, "lag_h": 0.25,
                          "ka_per_h": 2.0}],
          "label_min_mg": 5, "label_max_mg": 30}
    services.medications.add_custom(typed(ir))
    mine = services.simulation.predict([DoseSpec("my-ir", 10, AT)], hours=12)
    ritalin = services.simulation.predict([DoseSpec("methylphenidate-ir", 10, AT)], hours=12)
    assert mine.result.analytes[0].concentration.tolist() == pytest.approx(
        ritalin.result.analytes[0].concentration.tolist(), rel=1e-9)


@pytest.mark.parametrize(("path", "value", "field"), [
    (["components", 0, "fraction"], 0.5, "my-mph-er.components.fraction"),  # sums to 1.2
    (["components", 0, "ka_per_h"], -1.0, "my-mph-er.components[0].ka_per_h"),
    (["components", 1, "duration_h"], 0, "my-mph-er.components[1].duration_h"),
    (["moieties", 0, "analyte"], "caffeine", "my-mph-er.moieties.analyte"),
    (["family"], "opioid", "my-mph-er.family"),
    (["id"], "concerta", "concerta.id"),
    (["name"], "Ritalin LA", "my-mph-er.name"),
    (["aliases"], ["vyvanse"], "my-mph-er.aliases[0]"),
    (["aliases"], ["ok", "  Methylphenidate "], "my-mph-er.aliases[1]"),  # a generic name
    (["generic"], "Concerta", "my-mph-er.generic"),
])
def test_bad_definitions_name_the_field_and_store_nothing(services, path, value, field):
    with pytest.raises(ValidationError) as caught:
        services.medications.add_custom(typed(changed(path, value)))
    assert caught.value.field == field
    assert stored(services) == []
    with pytest.raises(KeyError):
        services.medications.get("my-mph-er")


def test_unknown_analyte_lists_the_known_ones(services):
    with pytest.raises(ValidationError) as caught:
        services.medications.add_custom(typed(changed(["moieties", 0, "analyte"], "caffeine")))
    assert "methylphenidate" in caught.value.accepted


def test_custom_medications_may_not_clash_with_each_other(services):
    services.medications.add_custom(typed(MY_ER))
    with pytest.raises(ValidationError) as caught:
        services.medications.add_custom(typed(changed(["name"], "Other")))  # same id
    assert caught.value.field == "my-mph-er.id"
    with pytest.raises(ValidationError) as caught:
        services.medications.add_custom(typed(changed(["id"], "other", changed(["aliases"], []))))
    assert caught.value.field == "other.name" and "my-mph-er" in caught.value.accepted
    assert [d["id"] for d in stored(services)] == ["my-mph-er"]


def test_non_finite_numbers_are_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.medications.add_custom(typed(changed(["strengths_mg"], [10, float("inf")])))
    assert caught.value.field.startswith("my-mph-er")
    assert stored(services) == []


def test_remove_is_refused_while_doses_use_it(services):
    services.medications.add_custom(typed(MY_ER))
    first = services.doses.add("my-mph-er", "20", AT)
    services.doses.add("my-mph-er", "10", AT.replace(hour=12))

    with pytest.raises(ValidationError) as caught:
        services.medications.remove_custom("my-mph-er")
    assert caught.value.field == "medication" and "2 logged doses" in caught.value.accepted
    assert services.medications.get("my-mph-er")

    services.doses.delete(first.id)
    with pytest.raises(ValidationError, match="1 logged dose uses it"):
        services.medications.remove_custom("my-mph-er")


def test_remove_an_unused_one_and_refuse_built_ins(services):
    services.medications.add_custom(typed(MY_ER))
    assert services.medications.remove_custom("my-mph-er") == typed(MY_ER)
    assert stored(services) == []
    with pytest.raises(KeyError):
        services.medications.get("my-mph-er")
    with pytest.raises(ValidationError):
        services.medications.resolve("my pill")
    with pytest.raises(NotFound):
        services.medications.remove_custom("my-mph-er")
    with pytest.raises(ValidationError) as caught:
        services.medications.remove_custom("concerta")
    assert caught.value.field == "medication"


def test_added_medications_load_when_the_store_reopens(tmp_path):
    first = open_services(str(tmp_path / "data"))
    first.medications.add_custom(typed(MY_ER))
    first.close()
    again = open_services(str(tmp_path / "data"))
    try:
        assert again.medications.resolve("my pill").id == "my-mph-er"
    finally:
        again.close()


def test_a_stored_definition_that_no_longer_validates_is_skipped_not_deleted(
        tmp_path, caplog):
    first = open_services(str(tmp_path / "data"))
    first.medications.add_custom(typed(MY_ER))
    broken = changed(["id"], "old-one", changed(["moieties", 0, "analyte"], "caffeine"))
    broken["name"], broken["aliases"] = "Old one", []
    with make_session_factory(first.engine).begin() as session:
        # As if a library change had removed its analyte.
        CustomMedicationRepository(session).put("old-one", json.dumps(broken))
    first.close()

    with caplog.at_level(logging.WARNING):
        again = open_services(str(tmp_path / "data"))
    try:
        assert "old-one" in caplog.text and "caffeine" in caplog.text
        assert again.medications.get("my-mph-er")
        with pytest.raises(KeyError):
            again.medications.get("old-one")
        assert [d.id for d in again.medications.custom_definitions()] == [
            "my-mph-er", "old-one"]
        # Its id stays reserved: adding another under it would overwrite the person's data.
        with pytest.raises(ValidationError) as caught:
            again.medications.add_custom(typed({**broken, "moieties": MY_ER["moieties"]}))
        assert caught.value.field == "old-one.id"
        assert json.dumps(stored(again)[1], sort_keys=True) == json.dumps(broken,
                                                                          sort_keys=True)
    finally:
        again.close()


def test_keys_the_app_does_not_know_are_stored_and_exported_as_written(services):
    mine = changed(["components", 1, "fraction", "page"], 12)
    mine.update(my_note="ünïcode ✓", food_effect=None)
    services.medications.add_custom(typed(mine))

    assert stored(services) == [mine]
    assert services.portability.snapshot()["custom_medications"] == [mine]
    assert services.medications.definition_of("my-mph-er") == typed(mine)


def test_a_stored_text_that_is_not_json_is_skipped_and_the_others_load(tmp_path, caplog):
    first = open_services(str(tmp_path / "data"))
    first.medications.add_custom(typed(MY_ER))
    with make_session_factory(first.engine).begin() as session:
        CustomMedicationRepository(session).put("edited-by-hand", '{"id": "edited-by-hand",')
    first.close()

    with caplog.at_level(logging.WARNING):
        again = open_services(str(tmp_path / "data"))
    try:
        assert "edited-by-hand" in caplog.text and "valid JSON" in caplog.text
        assert again.medications.resolve("my pill").id == "my-mph-er"
        assert [d.id for d in again.medications.custom_definitions()] == ["my-mph-er"]
        # The export still carries it, as it is stored, instead of failing on it.
        again.portability.export_json(tmp_path / "all.json")
        carried = json.loads((tmp_path / "all.json").read_text("utf-8"))["custom_medications"]
        assert carried == [MY_ER, '{"id": "edited-by-hand",'] or \
            carried == ['{"id": "edited-by-hand",', MY_ER]
    finally:
        again.close()
    fresh = open_services(str(tmp_path / "fresh"))
    try:
        with pytest.raises(ValidationError) as refused:
            fresh.portability.import_json(tmp_path / "all.json")
        assert "custom_medications" in str(refused.value)
        assert fresh.doses.list() == [] and fresh.medications.custom_definitions() == []
    finally:
        fresh.close()
