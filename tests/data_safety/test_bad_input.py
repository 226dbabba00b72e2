"""Inputs that used to get in and break later reads, or exit 1: each is now bad input at the
boundary (exit 2, a message naming the field, the value and what is accepted, nothing
written), and the reads that follow keep working."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path

import pytest

from rebound_tracker.cli import main

EXPORT_HEAD = {"format": "rebound-tracker", "version": 1, "exported_at": "2026-03-10T12:00:00Z"}


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def run(data, capsys):
    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def dose_ids(run) -> list[str]:
    code, out, err = run("dose", "list", "--json")
    assert code == 0, err
    return [d["id"] for d in json.loads(out)]


def write_json(path: Path, **parts) -> Path:
    path.write_text(json.dumps({**EXPORT_HEAD, "doses": [], "checkins": [], **parts}),
                    encoding="utf-8")
    return path


def a_dose(**fields) -> dict:
    return {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "taken_at": "2026-03-02T08:00+01:00",
            "medication": "concerta", "dose_mg": 36, "fed": False, "note": "", **fields}


# --- 5. settings in an import are checked like entries --------------------------------------
def test_an_imported_setting_the_model_cannot_read_is_refused(run, tmp_path):
    path = write_json(tmp_path / "e.json", doses=[a_dose()], settings={"weight_kg": "abc"})
    code, _out, err = run("import", "json", str(path))
    assert code == 2
    assert "weight_kg: 'abc' is not accepted; a body weight in kg" in err
    assert dose_ids(run) == []  # all or nothing: the good dose was not written either
    code, _out, err = run("simulate", "--dose", "concerta:36@08:00")
    assert code == 0, err


def test_an_unknown_imported_setting_is_named(run, tmp_path):
    path = write_json(tmp_path / "e.json", settings={"colour": "blue"})
    code, _out, err = run("import", "json", str(path))
    assert code == 2 and "setting: 'colour' is not accepted; one of: weight_kg" in err


def test_imported_settings_are_stored_in_their_canonical_form(run, tmp_path, data):
    path = write_json(tmp_path / "e.json", settings={"weight_kg": " 61.50 ", "cyp2d6": "Poor"})
    code, _out, err = run("import", "json", str(path))
    assert code == 0, err
    code, _out, _ = run("export", "json", "--out", str(tmp_path / "back.json"))
    assert code == 0
    stored = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))["settings"]
    assert stored == {"weight_kg": "61.5", "cyp2d6": "poor"}


# --- 6. malformed CSV ------------------------------------------------------------------------
def test_an_unterminated_quote_in_a_csv_is_bad_input(run, tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text("id,taken_at,medication,dose_mg,fed,note\n"
                    ',2026-03-01T08:00+01:00,concerta,36,false,"oops\n'
                    ",2026-03-02T08:00+01:00,concerta,36,false,ok\n", encoding="utf-8")
    code, _out, err = run("import", "csv", str(path))
    assert code == 2
    assert "doses.csv row 2, quoting" in err and "well-formed CSV" in err
    assert dose_ids(run) == []


# --- 7. implausible values through import, and bounds that hold even with --force ----------
def test_an_import_asks_about_rows_the_form_would_ask_about(run, tmp_path):
    path = write_json(tmp_path / "e.json", doses=[a_dose(dose_mg=720)])
    code, _out, err = run("import", "json", str(path))
    assert code == 2
    assert "e.json doses row 1" in err and "above the label maximum" in err and "--force" in err
    assert dose_ids(run) == []
    code, out, err = run("import", "json", str(path), "--force")
    assert code == 0, err
    assert "confirmed: e.json doses row 1" in out
    assert len(dose_ids(run)) == 1


@pytest.mark.parametrize(("fields", "named"), [
    ({"dose_mg": 1e308}, "dose_mg: 1e+308 is not accepted; at most 10,000 mg"),
    ({"dose_mg": int("9" * 400)}, "dose_mg: 999999"),
    ({"taken_at": "0001-01-01T08:00+01:00"}, "taken_at: '0001-01-01T08:00+01:00' is not "
                                               "accepted; a time in the years 1900 to 2100"),
    ({"taken_at": "9999-12-31T23:00-05:00"}, "a time in the years 1900 to 2100"),
    ({"taken_at": "2026-03-02T08:00+23:59"}, "a UTC offset in whole minutes within ±18:00"),
    ({"note": "\ud800 lone"}, "note: "),
])
def test_values_that_break_later_reads_are_refused_even_with_force(run, tmp_path, fields,
                                                                   named):
    path = write_json(tmp_path / "e.json", doses=[a_dose(**fields)])
    code, _out, err = run("import", "json", str(path), "--force")
    assert code == 2, err
    assert named in err
    assert "sqlalche" not in err and "Traceback" not in err
    assert dose_ids(run) == []


@pytest.mark.parametrize(("args", "named"), [
    (("--mg", "1e308"), "mg: '1e308' is not accepted; at most 10,000 mg"),
    (("--mg", "9" * 500), "mg: '999"),
    (("--at", "0001-01-01T00:00+01:00"), "at: '0001-01-01T00:00+01:00' is not accepted"),
    (("--at", "9999-12-31T23:59-01:00"), "a time in the years 1900 to 2100"),
    (("--at", "2026-03-01T08:00+23:59"), "at: '2026-03-01T08:00+23:59' is not accepted; a "
                                         "UTC offset"),
    (("--note", "\udcff\udcfe not UTF-8"), "note: "),
])
def test_dose_add_refuses_them_with_exit_2(run, args, named):
    base = {"--mg": "36", "--at": "2026-03-01T08:00+01:00"}
    pairs = dict(zip(args[::2], args[1::2], strict=True))
    argv = [x for k, v in {**base, **pairs}.items() for x in (k, v)]
    code, _out, err = run("dose", "add", "--med", "concerta", *argv, "--force")
    assert code == 2, err
    assert named in err and "sqlalche" not in err and len(err) < 600, err
    assert dose_ids(run) == []


@pytest.mark.parametrize("args", [
    ("dose", "list", "--from", "0001-01-01", "--to", "9999-12-31"),
    ("simulate", "--logged", "--from", "0001-01-01"),
    ("checkin", "list", "--from", "9999-12-31"),
])
def test_dates_out_of_every_entrys_range_are_bad_input(run, args):
    code, _out, err = run(*args)
    assert code == 2 and "a date from 1900-01-01 to 2100-12-31" in err, err


def test_a_dose_in_year_1_never_reaches_the_model(run):
    code, _out, _err = run("dose", "add", "--med", "concerta", "--mg", "36",
                           "--at", "1899-12-31T08:00+00:00", "--force")
    assert code == 2
    code, _out, err = run("simulate", "--logged")
    assert code == 2 and "a period with doses" in err


def test_json_nested_deeply_or_with_huge_numbers_is_bad_input(run, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    code, _out, err = run("import", "json", str(deep))
    assert code == 2 and "deep.json, json" in err, err
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "rebound-tracker", "version": ' + "9" * 5000 + "}",
                    encoding="utf-8")
    code, _out, err = run("import", "json", str(huge))
    assert code == 2 and len(err) < 600, err
    code, _out, err = run("meds", "add", str(deep))
    assert code == 2 and "a JSON object defining one medication" in err


# --- 8. simulate: a bounded grid, an honest default horizon, valid JSON ---------------------
@pytest.mark.parametrize(("args", "field"), [
    (("--hours", "1e7"), "hours"), (("--step-min", "0.00001"), "step-min")])
def test_simulate_refuses_a_grid_past_its_bound(run, args, field):
    code, _out, err = run("simulate", "--dose", "concerta:36@2026-03-01T08:00", *args)
    assert code == 2
    assert err.startswith(f"error: {field}: ") and "a grid of at most 4,000,000 steps" in err


def test_the_default_horizon_reaches_a_dose_three_weeks_later(run):
    code, out, err = run("simulate", "--dose", "concerta:36@2026-03-01T08:00",
                         "--dose", "concerta:36@2026-03-22T08:00", "--json")
    assert code == 0, err
    result = json.loads(out)
    (curve,) = result["analytes"]
    assert curve["summary"]["cmax"] > 5
    assert result["times"][-1] > "2026-03-22T20:00"
    assert curve["concentration"][-1] < 0.01 * curve["summary"]["cmax"]  # until negligible


def test_simulate_json_never_holds_nan(run):
    code, out, err = run("simulate", "--dose", "concerta:1e-300@2026-03-01T08:00", "--json")
    assert code == 0, err
    parsed = json.loads(out, parse_constant=lambda name: pytest.fail(f"bare {name}"))
    numbers = [v for v in parsed["analytes"][0]["summary"].values() if isinstance(v, float)]
    assert all(math.isfinite(v) for v in numbers)


# --- 9. folders the app creates are owner-only whatever the umask ---------------------------
def test_every_folder_made_on_the_way_is_0700(tmp_path, capsys):
    old = os.umask(0)
    try:
        data_dir = tmp_path / "a" / "b" / "c"
        assert main(["--data-dir", str(data_dir), "dose", "add", "--med", "concerta",
                     "--mg", "36"]) == 0
        out = tmp_path / "x" / "y" / "all.json"
        assert main(["--data-dir", str(data_dir), "export", "json", "--out", str(out)]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data_dir, data_dir / "backups",
                   tmp_path / "x", tmp_path / "x" / "y"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# --- 10. and the low ones: output names ------------------------------------------------------
@pytest.mark.parametrize("command", [
    ("export", "json"), ("backup",), ("report", "--from", "2026-03-01", "--to", "2026-03-02")])
def test_out_naming_a_folder_or_nothing_is_bad_input(run, tmp_path, command):
    run("dose", "add", "--med", "concerta", "--mg", "36")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    for out in (str(folder), ""):
        code, _out, err = run(*command, "--out", out)
        assert code == 2, err
        assert "out: " in err and "restore" not in err, err
    assert list(folder.iterdir()) == []


def test_exporting_onto_a_fifo_leaves_it_in_place(run, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, _out, err = run("export", "json", "--out", str(fifo))
    assert code == 2 and "FIFO" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_control_characters_in_notes_reach_the_terminal_escaped(run):
    code, _out, _err = run("dose", "add", "--med", "concerta", "--mg", "36",
                           "--note", "ring\x07 \x1b[31mred")
    assert code == 0
    code, out, _err = run("dose", "list")
    assert "\x1b" not in out and "\x07" not in out
    assert "ring\\a" in out or "ring\\x07" in out


def test_an_export_or_backup_never_replaces_the_live_database_or_its_journal(run, data):
    run("dose", "add", "--med", "concerta", "--mg", "36")
    database = data / "rebound-tracker.sqlite3"
    for args in (("export", "json", "--out", str(database)),
                 ("backup", "--out", str(database)),
                 ("backup", "--out", f"{database}-wal"),
                 ("export", "json", "--out", f"{database}-wal")):
        code, _out, err = run(*args)
        assert code == 2, (args, err)
        assert "out: " in err and "database" in err, err
    assert len(dose_ids(run)) == 1


@pytest.mark.parametrize("where", ["/etc/passwd", "/proc/no-such-folder"])
def test_a_data_dir_that_cannot_be_a_folder_is_bad_input(capsys, where):
    assert main(["--data-dir", where, "dose", "list"]) == 2
    assert "data-dir: " in capsys.readouterr().err


@pytest.mark.parametrize("command", [("import", "json"), ("import", "csv"), ("meds", "add")])
def test_a_device_or_folder_is_not_read_as_an_import(run, tmp_path, command):
    for source in ("/dev/zero", str(tmp_path)):  # /dev/zero used to be read until memory ran out
        code, _out, err = run(*command, source)
        assert code == 2, (source, err)
        assert "file" in err and ("a regular file" in err or "doses.csv" in err), err
