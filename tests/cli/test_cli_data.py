"""export / import / backup / restore from the command line, and a damaged database file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from rebound_tracker.cli import main


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def run(data, capsys):
    def _run(*args: str, data_dir=None) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir or data), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def log_some(run) -> list[str]:
    ids = []
    for hour in (7, 12):
        code, out, _ = run("dose", "add", "--med", "concerta", "--mg", "36",
                           "--at", f"2026-03-02T{hour:02d}:00+01:00",
                           "--note", "=cmd|' /C calc'!A0")
        assert code == 0
        ids.append(out.strip())
    code, out, _ = run("checkin", "add", "--at", "2026-03-02T10:00-05:00", "--mood", "6",
                       "--focus", "4", "--note", "line one\nline, two")
    assert code == 0
    return [*ids, out.strip()]


def test_export_json_then_import_into_a_new_store_twice(run, tmp_path):
    ids = log_some(run)
    out_file = tmp_path / "export.json"
    assert run("export", "json", "--out", str(out_file))[0] == 0
    other = tmp_path / "other"
    code, out, _ = run("import", "json", str(out_file), data_dir=other)
    assert code == 0 and "added 2 doses and 1 check-ins" in out
    code, out, _ = run("import", "json", str(out_file), data_dir=other)
    assert code == 0 and "3 unchanged" in out
    code, out, _ = run("dose", "list", "--json", data_dir=other)
    assert sorted(d["id"] for d in json.loads(out)) == sorted(ids[:2])


def test_export_csv_and_import_it_back(run, tmp_path):
    log_some(run)
    code, out, _ = run("export", "csv", "--out", str(tmp_path / "csv"))
    assert code == 0 and out.split() == [str(tmp_path / "csv" / "doses.csv"),
                                         str(tmp_path / "csv" / "checkins.csv")]
    assert "'=cmd" in (tmp_path / "csv" / "doses.csv").read_text("utf-8-sig")
    other = tmp_path / "other"
    code, out, _ = run("import", "csv", str(tmp_path / "csv"), data_dir=other)
    assert code == 0, out
    code, out, _ = run("checkin", "list", "--json", data_dir=other)
    (checkin,) = json.loads(out)
    assert checkin["note"] == "line one\nline, two" and checkin["at"].endswith("-05:00")


def test_a_bad_import_exits_2_names_row_and_field_and_writes_nothing(run, tmp_path):
    bad = tmp_path / "doses.csv"
    bad.write_text("id,taken_at,medication,dose_mg,fed,note\r\n"
                   ",2026-03-02T08:00+01:00,concerta,36,no,\r\n"
                   ",2026-03-02T09:00+01:00,no-such-pill,36,no,\r\n", "utf-8")
    code, _, err = run("import", "csv", str(bad))
    assert code == 2
    assert "doses.csv row 3, medication: 'no-such-pill' is not accepted" in err
    assert "Nothing was written" in err
    assert json.loads(run("dose", "list", "--json")[1]) == []


def test_damaged_database_exit_1_names_file_and_backup_and_restore_works(run, data, tmp_path):
    ids = log_some(run)
    code, out, _ = run("backup")
    backup = out.strip()
    assert code == 0 and backup.startswith(str(data / "backups"))
    database = data / "rebound-tracker.sqlite3"
    for suffix in ("-wal", "-shm"):
        (data / f"rebound-tracker.sqlite3{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"PK\x03\x04 a zip file saved over the database")

    code, _, err = run("dose", "list")

    assert code == 1
    assert str(database) in err and backup in err and "restore" in err
    assert "Traceback" not in err
    assert database.read_bytes().startswith(b"PK\x03\x04")  # untouched

    code, out, _ = run("restore", backup)
    assert code == 0 and "damaged-" in out
    code, out, _ = run("dose", "list", "--json")
    assert sorted(d["id"] for d in json.loads(out)) == sorted(ids[:2])


def test_restore_of_a_non_backup_is_bad_input(run, tmp_path):
    log_some(run)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    code, _, err = run("restore", str(other))
    assert code == 2 and "file" in err and "notes.txt" in err


def test_foreign_sqlite_file_is_refused_not_migrated(run, data):
    data.mkdir()
    database = data / "rebound-tracker.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE photos (path TEXT)")
    connection.commit()
    connection.close()
    before = database.read_bytes()
    code, _, err = run("dose", "list")
    assert code == 1 and "another program" in err
    assert database.read_bytes() == before


def test_window_start_over_a_damaged_file_restores_the_newest_backup_when_asked(
        run, data, monkeypatch):
    import rebound_tracker.gui as app
    import rebound_tracker.ui.database_problem_dialog as dialog

    ids = log_some(run)
    backup = run("backup")[1].strip()
    database = data / "rebound-tracker.sqlite3"
    for suffix in ("-wal", "-shm"):
        (data / f"rebound-tracker.sqlite3{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"garbage" * 100)
    asked = []
    monkeypatch.setattr(dialog, "ask_to_restore",
                        lambda path, reason, newest, argv: asked.append(newest) or True)
    services = app.open_services_offering_restore(str(data), [])
    opened = sorted(d.id for d in services.doses.list())
    services.close()

    assert asked == [backup]
    assert opened == sorted(ids[:2])
    assert [p.read_bytes() for p in (data / "backups").glob("damaged-*")] == [b"garbage" * 100]


def test_backup_of_a_damaged_database_exits_1_and_points_to_the_last_good_one(run, data):
    log_some(run)
    good = run("backup")[1].strip()
    for suffix in ("-wal", "-shm"):
        (data / f"rebound-tracker.sqlite3{suffix}").unlink(missing_ok=True)
    (data / "rebound-tracker.sqlite3").write_bytes(b"\x00" * 8192)
    code, _, err = run("backup")
    assert code == 1 and good in err
    assert len(list((data / "backups").glob("*.sqlite3"))) == 2  # the auto one and `good`


def test_a_store_from_a_newer_version_is_refused_untouched(run, data):
    log_some(run)
    database = data / "rebound-tracker.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    code, _, err = run("dose", "list")
    assert code == 1 and "newer version" in err and "restore" not in err
