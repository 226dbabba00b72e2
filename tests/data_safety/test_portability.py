"""Export to CSV and JSON, import back: lossless, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import json
import stat
from dataclasses import replace
from datetime import timedelta

import pytest
from custom_medication_sample import typed
from safety_helpers import NOW, at, sample_entries

from rebound_tracker.domain.csv_cells import neutralise_cell, restore_cell
from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import ImportRejected
from rebound_tracker.report.import_words import import_summary_text
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
    ({"format": "rebound-tracker", "version": 1, "custom_medications": {"id": "x"}},
     "custom_medications"),
    ({"format": "rebound-tracker", "version": 1, "custom_medications": [{"id": "x"}]},
     "x.label_min_mg"),
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


# ----- custom medications ------------------------------------------------------------------

MY_MED = {
    "id": "my-mph-er", "name": "My MPH ER", "family": "methylphenidate",
    "moieties": [{"analyte": "methylphenidate", "base_per_label_mg": 0.8648}],
    "components": [
        {"kind": "first_order", "fraction": 0.3, "lag_h": 0.25, "ka_per_h": 2.0},
        {"kind": "zero_order", "fraction": {"value": 0.7, "source": "LABEL: my leaflet"},
         "lag_h": 1.0, "duration_h": 8.0}],
    "label_min_mg": 10, "label_max_mg": 60, "strengths_mg": [10, 20],
}


@pytest.fixture
def app_store(tmp_path):
    """open_services over a data dir: the app's own wiring, medication checks included."""
    from rebound_tracker.app import open_services

    opened = []

    def make(name: str):
        services = open_services(str(tmp_path / name))
        opened.append(services)
        return services

    yield make
    for services in opened:
        services.close()


def _export_doc(doses=(), custom=()):
    return {"format": "rebound-tracker", "version": 1, "doses": list(doses), "checkins": [],
            "custom_medications": list(custom), "settings": {}}


def _dose_record(medication, entry_id="0f8fad5b-d9cb-469f-a165-70867728950e"):
    return {"id": entry_id, "taken_at": "2026-03-02T08:00:00+01:00",
            "medication": medication, "dose_mg": 20, "fed": False, "note": ""}


def test_custom_medication_and_its_dose_round_trip_into_an_empty_store(app_store, tmp_path):
    source, target = app_store("a"), app_store("b")
    source.medications.add_custom(typed(MY_MED))
    source.doses.add("my mph er", "20", at("2026-03-02T08:00:00+01:00").local)
    out = source.portability.export_json(tmp_path / "export.json")
    assert json.loads(out.read_text("utf-8"))["custom_medications"] == [MY_MED]

    summary = target.portability.import_json(out)

    assert summary.custom_added == 1 and summary.added["doses"] == 1
    assert "custom medications: 1 added" in import_summary_text(summary)
    assert target.medications.custom_definitions() == [typed(MY_MED)]
    assert target.medications.resolve("My MPH ER").id == "my-mph-er"  # usable at once
    assert target.doses.list() == source.doses.list()
    assert target.simulation.predict_logged().result.analytes[0].summary.cmax > 0
    again = target.portability.import_json(out)
    assert again.custom_added == 0 and again.custom_unchanged == 1 and again.unchanged == 1
    assert target.medications.custom_definitions() == [typed(MY_MED)]


def test_a_different_definition_under_a_stored_id_is_refused(app_store, tmp_path):
    target = app_store("b")
    target.medications.add_custom(typed(MY_MED))
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_export_doc(
        [_dose_record("my-mph-er")], [{**MY_MED, "label_max_mg": 80}])), "utf-8")

    with pytest.raises(ImportRejected) as caught:
        target.portability.import_json(path)

    (problem,) = caught.value.problems
    assert (problem.source, problem.row, problem.field, problem.value) == (
        "x.json custom_medications", 1, "id", "my-mph-er")
    assert target.medications.custom_definitions() == [typed(MY_MED)]
    assert target.doses.list() == []


def test_custom_problems_are_listed_by_index_and_field_with_the_rest(app_store, tmp_path):
    target = app_store("b")
    bad_fraction = {**MY_MED, "id": "bad-one", "name": "Bad one",
                    "components": [{"kind": "first_order", "fraction": 0.5, "lag_h": 0,
                                    "ka_per_h": 1}]}
    clash = {**MY_MED, "id": "mine-2", "name": "Concerta"}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_export_doc(
        [_dose_record("my-mph-er"),
         _dose_record("bad-one", "1f8fad5b-d9cb-469f-a165-70867728950e")],
        [MY_MED, bad_fraction, clash, MY_MED])), "utf-8")

    with pytest.raises(ImportRejected) as caught:
        target.portability.import_json(path)

    assert [(p.source, p.row, p.field) for p in caught.value.problems] == [
        ("x.json custom_medications", 2, "bad-one.components.fraction"),
        ("x.json custom_medications", 3, "mine-2.name"),
        ("x.json custom_medications", 4, "id"),
        ("x.json doses", 2, "medication"),  # its medication was refused, so the dose is too
    ]
    assert target.medications.custom_definitions() == [] and target.doses.list() == []
    with pytest.raises(KeyError):
        target.medications.get("my-mph-er")


def test_dry_run_stores_no_custom_medication(app_store, tmp_path):
    target = app_store("b")
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_export_doc([_dose_record("my-mph-er")], [MY_MED])), "utf-8")
    summary = target.portability.import_json(path, dry_run=True)
    assert summary.custom_added == 1 and summary.added["doses"] == 1
    assert target.medications.custom_definitions() == [] and target.doses.list() == []
