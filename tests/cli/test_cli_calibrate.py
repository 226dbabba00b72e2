"""``rebound-tracker calibrate`` over a real store: the JSON contract of the issue, --apply
writing the accepted step (and exit 2 with nothing to apply), bad input per PRODUCT.md."""

from __future__ import annotations

import json
from datetime import date

import pytest
from calibration_people_store import LATER, SAME, write_person

from rebound_tracker.cli import main

LAST = date(2026, 11, 29)
KEYS = {"status", "medication", "usual_dose", "parameters", "wear_off_start_h", "validation",
        "reason"}


@pytest.fixture
def run(capsys):
    def _run(services, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(services.paths.data_dir), "calibrate", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_json_and_apply_for_a_later_person(services, run):
    write_person(services, LATER, last_day=LAST)
    code, out, err = run(services, "--to", str(LAST), "--json", "--apply")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == KEYS
    assert result["status"] == "fitted" and result["medication"] == "methylphenidate-ir"
    assert result["usual_dose"]["medication"] == "methylphenidate-ir"
    assert result["usual_dose"]["mg"] == 10.0
    assert result["usual_dose"]["time"].startswith("08:")
    assert [p["name"] for p in result["parameters"]] == [
        "time_scale", "effect_delay_h", "wear_off_fraction", "rebound_size", "rebound_lag_h"]
    for p in result["parameters"]:
        assert set(p) == {"name", "unit", "population", "personal", "low", "high", "learned"}
        if p["name"] == "wear_off_fraction":  # not learned from check-ins: no interval
            assert p["learned"] is False and p["low"] is None and p["high"] is None
            assert p["personal"] == p["population"]
        else:
            assert p["learned"] is True and p["low"] <= p["personal"] <= p["high"]
    wear = result["wear_off_start_h"]
    assert wear["low"] <= wear["personal"] <= wear["high"]
    assert wear["population"] < wear["low"]
    held = result["validation"]
    assert held["held_out_weeks"] == 3 and held["error_personal"] < held["error_population"]
    assert "Accepted" in err
    # What reached the database is what the service reads back, and the window sees.
    row = services.calibration.current("methylphenidate")
    assert row is not None and row.timing.effect_delay_h == pytest.approx(0.5)
    assert row.checkins == 336


def test_text_output_and_apply_with_nothing_to_apply(services, run):
    write_person(services, SAME, seed=1, last_day=LAST)
    code, out, _ = run(services, "--to", str(LAST))
    assert code == 0
    assert "no better than population" in out and "Effect time-scale" in out
    assert "not medical advice" in out
    code, _, err = run(services, "--to", str(LAST), "--apply")
    assert code == 2 and "apply" in err and "no better than population" in err
    assert services.calibration.history() == []


def test_not_enough_data_names_what_is_missing(services, run):
    code, out, _ = run(services, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "not enough data"
    assert all(p["personal"] is None for p in result["parameters"])
    assert "28 days" in result["reason"] and "100 check-ins" in result["reason"]
    code, _, err = run(services, "--apply")
    assert code == 2 and "nothing was applied" in err


@pytest.mark.parametrize(("args", "field", "value"), [
    (("--from", "2026-02-30"), "from", "2026-02-30"),
    (("--to", "tomorrow"), "to", "tomorrow"),
    (("--from", "2026-05-02", "--to", "2026-05-01"), "to", "2026-05-01"),
])
def test_bad_dates_are_bad_input(services, run, args, field, value):
    code, out, err = run(services, *args)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {field}:") and value in err
