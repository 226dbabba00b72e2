"""The command line end to end against a temporary data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import rebound_tracker
from rebound_tracker.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    data = str(tmp_path / "data")

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_dose_add_prints_the_id_and_list_shows_it(run):
    code, out, _ = run("dose", "add", "--med", "Ritalin", "--mg", "10",
                       "--at", "2026-03-02T08:00+01:00", "--fed", "--note", "toast")
    assert code == 0
    dose_id = out.strip()
    uuid.UUID(dose_id)
    code, out, _ = run("dose", "list", "--json")
    (dose,) = json.loads(out)
    assert dose == {"id": dose_id, "taken_at": "2026-03-02T08:00:00+01:00",
                    "medication": "methylphenidate-ir", "dose_mg": 10.0, "fed": True,
                    "note": "toast"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--med", "concerta", "--mg", "0"], "mg"),
        (["--med", "concerta", "--mg", "-18"], "mg"),
        (["--med", "concerta", "--mg", "lots"], "mg"),
        (["--med", "concertaa", "--mg", "36"], "medication"),
        (["--med", "concerta", "--mg", "36", "--at", "yesterday-ish"], "at"),
        (["--med", "concerta", "--mg", "36", "--at", "25:00"], "at"),
    ],
)
def test_bad_dose_input_exits_2_names_the_field_and_writes_nothing(run, args, field):
    code, _out, err = run("dose", "add", *args)
    assert code == 2
    assert err.startswith(f"error: {field}:")
    assert "Nothing was written" in err
    assert run("dose", "list", "--json")[1].strip() == "[]"


def test_unknown_medication_lists_close_matches(run):
    code, _, err = run("dose", "add", "--med", "adderal", "--mg", "20", "--at", "08:00")
    assert code == 2
    assert "adderall" in err.lower()


def test_dose_above_label_max_needs_force(run):
    args = ["dose", "add", "--med", "concerta", "--mg", "400", "--at", "2026-03-02T08:00"]
    code, _, err = run(*args)
    assert code == 2 and "--force" in err
    assert run(*args, "--force")[0] == 0


def test_future_dose_needs_force(run):
    later = (datetime.now().astimezone() + timedelta(hours=5)).isoformat(timespec="minutes")
    code, _, err = run("dose", "add", "--med", "concerta", "--mg", "36", "--at", later)
    assert code == 2 and "future" in err


@pytest.mark.parametrize(("flag", "value"), [("--mood", "11"), ("--focus", "-1"),
                                             ("--irritability", "7.5"), ("--fatigue", "x")])
def test_checkin_scale_outside_0_to_10_is_bad_input(run, flag, value):
    scales = {"--mood": "5", "--focus": "5"}
    scales[flag] = value
    args = [a for pair in scales.items() for a in pair]
    code, _, err = run("checkin", "add", "--at", "2026-03-02T10:00", *args)
    assert code == 2
    assert err.startswith(f"error: {flag[2:]}:") and "0 to 10" in err
    assert run("checkin", "list", "--json")[1].strip() == "[]"


def test_checkin_add_and_list(run):
    code, out, _ = run("checkin", "add", "--at", "2026-03-02T10:00-05:00", "--mood", "6",
                       "--focus", "4", "--irritability", "7", "--note", "=SUM(A1)")
    assert code == 0
    (checkin,) = json.loads(run("checkin", "list", "--json")[1])
    assert checkin["id"] == out.strip()
    assert checkin["at"] == "2026-03-02T10:00:00-05:00"
    assert (checkin["mood"], checkin["focus"], checkin["irritability"]) == (6, 4, 7)
    assert checkin["fatigue"] is None and checkin["note"] == "=SUM(A1)"


def test_list_ranges_by_local_day(run):
    for at in ("2026-03-01T23:30", "2026-03-02T08:00", "2026-03-03T00:10"):
        run("dose", "add", "--med", "concerta", "--mg", "36", "--at", at)
    doses = json.loads(run("dose", "list", "--from", "2026-03-02", "--to", "2026-03-02",
                           "--json")[1])
    assert [d["taken_at"][:16] for d in doses] == ["2026-03-02T08:00"]
    code, _, err = run("dose", "list", "--from", "2026-13-01")
    assert code == 2 and "from" in err


def test_dose_delete(run):
    dose_id = run("dose", "add", "--med", "vyvanse", "--mg", "30", "--at", "2026-03-02T07:00")[1]
    code, out, _ = run("dose", "delete", dose_id.strip())
    assert code == 0 and "deleted" in out
    assert run("dose", "delete", dose_id.strip())[0] == 2


def test_meds_list_json_has_sources(run):
    meds = {m["id"]: m for m in json.loads(run("meds", "list", "--json")[1])}
    for required in ("methylphenidate-ir", "concerta", "vyvanse", "adderall-xr"):
        assert meds[required]["sources"], required
    assert meds["vyvanse"]["analyte"] == "d-amphetamine"


def test_simulate_json_splits_at_first_colon_and_last_at(run):
    code, out, err = run("simulate", "--dose", "concerta:36@2026-03-02T08:00+01:00",
                         "--dose", "methylphenidate-ir:10@2026-03-02T14:00+01:00",
                         "--step-min", "15", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["times"][0] == "2026-03-02T08:00:00+01:00"
    assert result["analytes"][0]["analyte"] == "methylphenidate"


def test_simulate_warns_outside_label_range_but_computes(run):
    code, out, err = run("simulate", "--dose", "concerta:200@08:00", "--json")
    assert code == 0
    assert "above the label maximum" in err
    assert json.loads(out)["analytes"]


@pytest.mark.parametrize(("args", "field"), [
    (["--dose", "concerta36@08:00"], "dose"),
    (["--dose", "concerta:0@08:00"], "dose mg"),
    (["--dose", "concerta:36@08:00", "--weight-kg", "-3"], "weight-kg"),
    (["--dose", "concerta:36@08:00", "--cyp2d6", "ultra"], "cyp2d6"),
    ([], "dose"),
])
def test_simulate_bad_input(run, args, field):
    code, _, err = run("simulate", *args)
    assert code == 2
    assert err.startswith(f"error: {field}:")


def test_demo_then_simulate_logged(run):
    code, out, _ = run("demo", "--days", "14")
    assert code == 0 and "demo history written" in out
    code, out, err = run("simulate", "--logged", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["analytes"][0]["wear_off"]
    assert run("demo")[0] == 2  # never mixes with existing data


def test_module_entry_point_reports_bad_input_without_traceback(tmp_path):
    # Run the same package this test imported, from a directory that is not the source tree.
    env = {**os.environ, "PYTHONPATH": str(Path(rebound_tracker.__file__).parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-m", "rebound_tracker", "--data-dir", str(tmp_path),
         "dose", "add", "--med", "concerta", "--mg", "-1"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "mg" in proc.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`rebound-tracker dose list | head -1`: the rest of the list has nowhere to go."""
    env = {**os.environ, "PYTHONPATH": str(Path(rebound_tracker.__file__).parent.parent)}
    base = [sys.executable, "-m", "rebound_tracker", "--data-dir", str(tmp_path)]
    subprocess.run([*base, "demo", "--days", "30"], check=True, capture_output=True,
                   timeout=120, cwd=tmp_path, env=env)
    lister = subprocess.Popen([*base, "dose", "list"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    first = lister.stdout.readline()
    lister.stdout.close()  # as `head -1` exits
    _, errors = lister.communicate(timeout=60)
    assert first.strip()
    assert lister.returncode == 0, errors.decode()
    assert errors == b""
