"""Export to CSV and JSON, import back: lossless, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import json
import stat
from dataclasses import replace
from datetime import timedelta

import pytest
from safety_helpers import NOW, at, sample_entries

from rebound_tracker.domain.csv_cells import neutralise_cell, restore_cell
from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import ImportRejected
from rebound_tracker.services.portability import FORMAT_VERSION


def test_json_round_trip_into_another_store_is_exact(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    source.add(*sample_entries())
    with source.sessions.begin() as session:
        from rebound_tracker.storage.repositories import SettingsRepository
        SettingsRepository(session).set("weight_kg", "61.5")
    out = source.portability.export_json(tmp_path / "export.json")

    summary = target.portability.import_json(out)

    assert target.doses() == source.doses()  # stamps, offsets, microseconds, floats
    assert target.checkins() == source.checkins()
    assert summary.added == {"doses": 3, "checkins": 2}
    document = json.loads(out.read_text("utf-8"))
    assert document["format"] == "rebound-tracker" and document["version"] == FORMAT_VERSION
    assert document["settings"] == {"weight_kg": "61.5"}
    assert document["custom_medications"] == []
    assert document["doses"][1]["taken_at"] == "2026-03-02T14:05:07.123456+05:45"


def test_importing_twice_changes_nothing(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    source.add(*sample_entries())
    out = source.portability.export_json(tmp_path / "export.json")
    target.portability.import_json(out)
    before = (target.doses(), target.checkins())

    again = target.portability.import_json(out)

    assert (target.doses(), target.checkins()) == before
    assert again.added == {"doses": 0, "checkins": 0} and again.unchanged == 5


def test_json_merge_keeps_the_newer_copy_of_each_entry(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    dose = Dose("concerta", 36.0, at("2026-03-02T07:30:00+01:00"))
    source.add(dose)
    target.add(dose)
    # The source edits its copy later: the import should take it.
    stored = source.doses()[0]
    with source.sessions.begin() as session:
        from rebound_tracker.storage.repositories import DoseRepository
        DoseRepository(session).update(replace(stored, mg=54.0))
    out = source.portability.export_json(tmp_path / "newer.json")
    summary = target.portability.import_json(out)
    assert target.doses()[0].mg == 54.0 and summary.updated["doses"] == 1

    # Now the target edits again; importing the older file must not undo it.
    with target.sessions.begin() as session:
        DoseRepository(session).update(replace(target.doses()[0], mg=18.0))
    summary = target.portability.import_json(out)
    assert target.doses()[0].mg == 18.0 and summary.kept_newer_local == 1


def test_csv_export_columns_escaping_and_round_trip(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    source.add(*sample_entries())
    doses_csv, checkins_csv = source.portability.export_csv(tmp_path / "csv")

    raw = doses_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel detects it
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0] == ["id", "taken_at", "medication", "dose_mg", "fed", "note"]
    notes = [r[5] for r in rows[1:]]
    assert notes[1].startswith("'=HYPERLINK") and "\n" in notes[1]
    assert notes[2] == "''already quoted"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert rows[2][1] == "2026-03-02T14:05:07.123456+05:45"
    checkin_rows = list(csv.reader(checkins_csv.read_text("utf-8-sig").splitlines(True)))
    assert checkin_rows[0] == ["id", "at", "mood", "focus", "irritability", "fatigue",
                               "anxiety", "restlessness", "note"]
    assert checkin_rows[2][-1] == "'-crash @5pm\t"

    summary = target.portability.import_csv([tmp_path / "csv"])
    strip = lambda entries: [replace(e, created_at=None, modified_at=None) for e in entries]  # noqa: E731
    assert strip(target.doses()) == strip(source.doses())
    assert strip(target.checkins()) == strip(source.checkins())
    assert summary.added == {"doses": 3, "checkins": 2}
    again = target.portability.import_csv([doses_csv, checkins_csv])
    assert again.unchanged == 5 and again.updated == {"doses": 0, "checkins": 0}


def test_csv_row_edited_in_a_spreadsheet_updates_the_entry(store, tmp_path):
    store.add(Dose("concerta", 36.0, at("2026-03-02T07:30:00+01:00")))
    doses_csv, _ = store.portability.export_csv(tmp_path)
    text = doses_csv.read_text("utf-8-sig").replace(",36.0,", ",54,")
    text += ",2026-03-03T07:45+01:00,concerta,36,yes,added by hand\r\n"
    doses_csv.write_text(text, "utf-8")

    summary = store.portability.import_csv([doses_csv])

    doses = store.doses()
    assert [d.mg for d in doses] == [54.0, 36.0] and doses[1].fed
    assert summary.updated["doses"] == 1 and summary.added["doses"] == 1
    assert doses[0].modified_at > doses[0].created_at


def test_bad_rows_are_all_reported_and_nothing_is_written(store, tmp_path):
    store.add(Dose("concerta", 36.0, at("2026-03-02T07:30:00+01:00")))
    before = store.doses()
    path = tmp_path / "doses.csv"
    path.write_text(
        "id,taken_at,medication,dose_mg,fed,note\r\n"
        ",2026-03-03T08:00+01:00,concerta,36,no,fine\r\n"
        ",2026-03-03T08:00,concerta,-5,maybe,\r\n"
        "not-a-uuid,yesterday,,36,1,\r\n", "utf-8")

    with pytest.raises(ImportRejected) as caught:
        store.portability.import_csv([path])

    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(3, "taken_at"), (3, "dose_mg"), (3, "fed"), (4, "id"),
                     (4, "taken_at"), (4, "medication")}
    message = str(caught.value)
    assert "doses.csv row 3, dose_mg: '-5' is not accepted" in message
    assert "6 problems" in message
    assert store.doses() == before  # the good row 2 was not written either


def test_json_problems_name_the_entry_and_field(store, tmp_path):
    path = tmp_path / "bad.json"
    good = {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "at": "2026-03-02T10:00:00+01:00",
            "mood": 5, "focus": 5}
    path.write_text(json.dumps({
        "format": "rebound-tracker", "version": 1, "doses": [],
        "checkins": [good, dict(good, mood=11), {**good, "focus": None}, good],
    }), "utf-8")
    with pytest.raises(ImportRejected) as caught:
        store.portability.import_json(path)
    assert [(p.source, p.row, p.field) for p in caught.value.problems] == [
        ("bad.json checkins", 2, "mood"), ("bad.json checkins", 3, "focus"),
        ("bad.json checkins", 4, "id")]
    assert "also on bad.json checkins row 1" in caught.value.problems[-1].accepted
    assert store.checkins() == []


@pytest.mark.parametrize(("document", "field"), [
    ({"format": "something-else"}, "format"),
    ({"format": "rebound-tracker", "version": FORMAT_VERSION + 1}, "version"),
    ({"format": "rebound-tracker", "version": 1, "doses": {}}, "doses"),
    ({"format": "rebound-tracker", "version": 1, "custom_medications": [{"id": "x"}]},
     "custom_medications"),
    ([1, 2], "format"),
])
def test_foreign_or_newer_json_is_refused(store, tmp_path, document, field):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(ImportRejected) as caught:
        store.portability.import_json(path)
    assert caught.value.problems[0].field == field


def test_unreadable_files_are_bad_input(store, tmp_path):
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    (tmp_path / "latin1.csv").write_bytes("id,at,mood\r\n,caf\xe9".encode("latin-1"))
    (tmp_path / "other.csv").write_text("a,b,c\r\n1,2,3\r\n", "utf-8")
    with pytest.raises(ImportRejected, match="json"):
        store.portability.import_json(tmp_path / "broken.json")
    with pytest.raises(ImportRejected) as caught:
        store.portability.import_csv([tmp_path / "latin1.csv", tmp_path / "other.csv",
                                      tmp_path / "missing.csv"])
    assert [p.field for p in caught.value.problems] == ["encoding", "header", "file"]


def test_exports_are_owner_only(store, tmp_path):
    store.add(*sample_entries())
    json_path = store.portability.export_json(tmp_path / "new-dir" / "all.json")
    csv_paths = store.portability.export_csv(tmp_path / "csv-dir")
    for path in (json_path, *csv_paths):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for directory in (tmp_path / "new-dir", tmp_path / "csv-dir"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert not list((tmp_path / "csv-dir").glob(".*.part"))  # no temporary left behind


@pytest.mark.parametrize("text", ["", "plain", "=1+1", "+x", "-2", "@SUM", "\tx", "'", "''=",
                                  "'hello", "'=x", "a=b"])
def test_neutralised_cells_restore_exactly(text):
    cell = neutralise_cell(text)
    assert restore_cell(cell) == text
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_exported_at_and_stamps_are_utc(store, tmp_path):
    store.add(CheckIn(at("2026-03-02T10:00:00+01:00"), mood=5, focus=5))
    document = json.loads(store.portability.export_json(tmp_path / "e.json").read_text())
    assert document["exported_at"] == NOW.isoformat()
    stamp = document["checkins"][0]["created_at"]
    assert stamp.endswith("+00:00")
    assert document["checkins"][0]["at"] == "2026-03-02T10:00:00+01:00"
    assert timedelta(0) <= NOW - NOW  # the fixture clock is fixed, so exports are stable


def test_the_repeated_autumn_hour_survives_csv_and_json(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    first = Dose("concerta", 36.0, at("2026-10-25T02:30:00+02:00"))
    second = Dose("methylphenidate-ir", 10.0, at("2026-10-25T02:30:00+01:00"))
    source.add(second, first)
    doses_csv, _ = source.portability.export_csv(tmp_path / "csv")
    lines = doses_csv.read_text("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["2026-10-25T02:30:00+02:00",
                                                         "2026-10-25T02:30:00+01:00"]
    target.portability.import_json(source.portability.export_json(tmp_path / "e.json"))
    assert [d.id for d in target.doses()] == [first.id, second.id]  # in instant order
    assert [d.taken.offset_min for d in target.doses()] == [120, 60]


def test_dry_run_previews_exactly_what_the_import_will_do(make_store, tmp_path):
    source, target = make_store("a"), make_store("b")
    source.add(*sample_entries())
    out = source.portability.export_json(tmp_path / "export.json")

    preview = target.portability.import_json(out, dry_run=True)

    assert target.doses() == [] and target.checkins() == []  # nothing written
    applied = target.portability.import_json(out)
    assert preview == applied and applied.added == {"doses": 3, "checkins": 2}
    csv_dir = tmp_path / "csv"
    source.portability.export_csv(csv_dir)
    assert target.portability.import_csv([csv_dir], dry_run=True).unchanged == 5
