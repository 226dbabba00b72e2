"""``rebound-tracker settings``: list, change, refuse, reset; settings reach the model and the
JSON export, and an import is checked by the same definitions."""

from __future__ import annotations

import json

import pytest

from rebound_tracker.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    data = str(tmp_path / "data")

    def _run(*args: str, data_dir: str = data) -> tuple[int, str, str]:
        code = main(["--data-dir", data_dir, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _settings(run) -> dict:
    code, out, _ = run("settings", "--json")
    assert code == 0
    return json.loads(out)


def test_new_store_lists_every_setting_with_its_default(run):
    code, out, _ = run("settings")
    assert code == 0
    for name in ("weight_kg", "cyp2d6", "urine_ph", "regimen", "shown_scales", "quiet_hours"):
        assert name in out
    assert _settings(run)["weight_kg"] == "70"


def test_set_stores_the_canonical_text_and_resolves_regimen_names(run):
    assert run("settings", "set", "weight_kg", " 82.50 ")[0] == 0
    code, out, _ = run("settings", "set", "regimen", "Ritalin:10@14:00, Concerta:36@07:30 fed")
    assert code == 0
    assert out.strip() == "regimen = concerta:36@07:30 fed, methylphenidate-ir:10@14:00"
    stored = _settings(run)
    assert stored["weight_kg"] == "82.5"
    assert stored["regimen"] == "concerta:36@07:30 fed, methylphenidate-ir:10@14:00"


@pytest.mark.parametrize(("name", "value", "field", "accepted"), [
    ("weight_kg", "900", "weight_kg", "from 10 to 250"),
    ("weight_kg", "nan", "weight_kg", "body weight in kg"),
    ("cyp2d6", "slow", "cyp2d6", "normal, poor"),
    ("urine_ph", "7", "urine_ph", "acidic"),
    ("regimen", "concerta 36 at 7", "regimen[1]", "MEDICATION:MG@HH:MM"),
    ("regimen", "nosuch:10@08:00", "regimen[1].medication", "concerta"),
    ("regimen", "concerta:36@25:00", "regimen[1].time", "HH:MM"),
    ("shown_scales", "mood,joy", "shown_scales", "restlessness"),
    ("quiet_hours", "22:00", "quiet_hours", "HH:MM-HH:MM"),
    ("colour", "red", "setting", "weight_kg"),
])
def test_bad_values_exit_2_naming_field_value_and_accepted_and_write_nothing(
        run, name, value, field, accepted):
    run("settings", "set", "weight_kg", "64")
    before = _settings(run)
    code, out, err = run("settings", "set", name, value)
    assert code == 2 and out == ""
    shown = {"regimen[1].medication": "nosuch", "regimen[1].time": "25:00",
             "setting": name}.get(field, value)  # the part that is wrong
    assert err.startswith(f"error: {field}: {shown!r} is not accepted")
    assert accepted in err and "Nothing was written" in err
    assert _settings(run) == before


def test_weight_and_phenotype_change_the_model(run):
    def cmax(*extra):
        code, out, _ = run("simulate", "--dose", "strattera:40@08:00", "--hours", "24",
                           "--json", *extra)
        assert code == 0
        return json.loads(out)["analytes"][0]["summary"]["cmax"]

    base = cmax()
    run("settings", "set", "weight_kg", "50")
    lighter = cmax()
    run("settings", "set", "cyp2d6", "poor")
    poor = cmax()
    assert lighter > base * 1.2  # a smaller volume: a higher peak
    assert poor > lighter * 1.5
    assert cmax("--weight-kg", "70", "--cyp2d6", "normal") == pytest.approx(base)


def test_reset_goes_back_to_the_default(run):
    run("settings", "set", "urine_ph", "acidic")
    code, out, _ = run("settings", "reset", "urine_ph")
    assert code == 0 and "normal" in out
    assert _settings(run)["urine_ph"] == "normal"


def test_settings_travel_in_the_json_export_and_a_bad_imported_one_is_refused(run, tmp_path):
    run("settings", "set", "weight_kg", "58")
    run("settings", "set", "regimen", "vyvanse:50@07:00")
    export = tmp_path / "export.json"
    assert run("export", "json", "--out", str(export))[0] == 0
    document = json.loads(export.read_text())
    assert document["settings"]["weight_kg"] == "58"
    assert document["settings"]["regimen"] == "vyvanse:50@07:00"

    other = str(tmp_path / "other")
    assert run("import", "json", str(export), data_dir=other)[0] == 0
    assert _settings(lambda *a: run(*a, data_dir=other))["weight_kg"] == "58"

    document["settings"]["weight_kg"] = "5000"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    third = str(tmp_path / "third")
    code, _, err = run("import", "json", str(bad), data_dir=third)
    assert code == 2 and "weight_kg" in err and "5000" in err
    assert _settings(lambda *a: run(*a, data_dir=third))["weight_kg"] == "70"
