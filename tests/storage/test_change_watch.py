"""ChangeWatch over a real SQLite file: another connection's commit is news once; this
process's own sessions' commits, a held lock and a rollback are not; close lets go of the
file and the next look starts afresh."""

from __future__ import annotations

import sqlite3

from rebound_tracker.app import open_services


def other_program_writes(database, sql="INSERT INTO settings(key, value) VALUES('x','1')"):
    with sqlite3.connect(database) as connection:
        connection.execute(sql)


def test_news_is_another_connections_commit_only(tmp_path):
    services = open_services(str(tmp_path))
    watch, database = services.changes, services.paths.database
    try:
        assert watch.changed_elsewhere() is False  # the first look notes where things are
        services.settings.update({"weight_kg": "70"})  # our own session's commit
        assert watch.changed_elsewhere() is False
        other_program_writes(database)
        assert watch.changed_elsewhere() is True
        assert watch.changed_elsewhere() is False  # told once
        with sqlite3.connect(database) as held:  # a lock taken and let go: nothing written
            held.execute("BEGIN IMMEDIATE")
            assert watch.changed_elsewhere() is False
            held.rollback()
        assert watch.changed_elsewhere() is False
        watch.close()
        other_program_writes(database, "UPDATE settings SET value='2' WHERE key='x'")
        assert watch.changed_elsewhere() is False  # reopened: a fresh start, not news
        other_program_writes(database, "UPDATE settings SET value='3' WHERE key='x'")
        assert watch.changed_elsewhere() is True
    finally:
        services.close()


def test_a_missing_file_is_never_created(tmp_path):
    services = open_services(str(tmp_path))
    database = services.paths.database
    services.close()
    database.unlink()
    assert services.changes.changed_elsewhere() is False
    assert not database.exists()


def test_a_read_by_this_process_does_not_swallow_another_programs_write(tmp_path):
    services = open_services(str(tmp_path))
    watch, database = services.changes, services.paths.database
    try:
        assert watch.changed_elsewhere() is False
        other_program_writes(database)
        # The reminder host asks every half minute what is due: a transaction that
        # commits having written nothing (no reminders are set up here).
        assert services.reminders.due() == []
        assert watch.changed_elsewhere() is True
        services.settings.update({"weight_kg": "71"})  # our own write is still not news
        assert watch.changed_elsewhere() is False
    finally:
        services.close()
