"""What is and is not our database, and a second process holding the write lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import worker_env

from rebound_tracker.app import open_services
from rebound_tracker.cli import main
from rebound_tracker.domain.errors import StoreUnavailable
from rebound_tracker.paths import AppPaths


def test_a_newer_schema_is_refused_before_a_byte_changes(tmp_path, capsys):
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    with sqlite3.connect(paths.database) as connection:  # rollback-journal mode, as copied
        connection.execute("CREATE TABLE alembic_version (version_num TEXT PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
        connection.execute("CREATE TABLE doses (id TEXT PRIMARY KEY)")
    connection.close()
    before = paths.database.read_bytes()
    assert main(["--data-dir", str(paths.data_dir), "dose", "list"]) == 1
    assert "newer version" in capsys.readouterr().err
    assert paths.database.read_bytes() == before  # not even the WAL flag in the header
    assert not Path(f"{paths.database}-wal").exists()


def test_a_file_holding_only_another_programs_view_is_not_ours(tmp_path, capsys):
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    with sqlite3.connect(paths.database) as connection:
        connection.execute("CREATE VIEW totals AS SELECT 1 AS n")
    connection.close()
    before = paths.database.read_bytes()
    assert main(["--data-dir", str(paths.data_dir), "dose", "list"]) == 1
    err = capsys.readouterr().err
    assert "another program" in err and "view totals" in err
    assert paths.database.read_bytes() == before


HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO settings (key, value) VALUES ('weight_kg', '70')")
print("holding", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def test_a_second_process_holding_the_write_lock_is_busy_not_broken(tmp_path):
    services = open_services(str(tmp_path / "data"), busy_timeout_ms=200)
    try:
        services.doses.add("concerta", 36)
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK,
                                   str(services.paths.database)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=worker_env())
        try:
            assert holder.stdout.readline().strip() == "holding"
            with pytest.raises(StoreUnavailable) as refused:
                services.doses.add("concerta", 18)
            assert refused.value.kind == "busy"
            from rebound_tracker.cli import unavailable_message

            message = unavailable_message(refused.value.kind, refused.value.detail)
            assert "is busy" in message and "Try again in a moment" in message
        finally:
            holder.communicate("\n", timeout=30)
        assert len(services.doses.list()) == 1  # the refused one was not half-written
        services.doses.add("concerta", 18)  # and once the lock is gone it goes through
        assert len(services.doses.list()) == 2
    finally:
        services.close()


HOLD_LOCK_FOR = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))  # not a timing assertion: how long the other program writes
connection.execute("ROLLBACK")
"""


@pytest.mark.parametrize(("hold_s", "wait_s", "expected"), [(1.0, 30.0, 0), (30.0, 0.5, 1)])
def test_a_command_waits_for_a_long_import_then_logs_or_says_busy(
        tmp_path, capsys, monkeypatch, hold_s, wait_s, expected):
    import functools

    from rebound_tracker.cli import commands

    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "dose", "add", "--med", "concerta",
                 "--mg", "36"]) == 0
    # Each try waits 100 ms for the lock (the command line's 5 s in real use).
    monkeypatch.setattr(commands, "open_services",
                        functools.partial(open_services, busy_timeout_ms=100))
    monkeypatch.setattr(commands, "BUSY_WAIT_S", wait_s)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK_FOR,
                               str(data_dir / "rebound-tracker.sqlite3"), str(hold_s)],
                              stdout=subprocess.PIPE, text=True, env=worker_env())
    try:
        assert holder.stdout.readline().strip() == "holding"
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "dose", "add", "--med", "concerta",
                     "--mg", "18"])
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert code == expected, err
    assert "is writing to your log; waiting for it" in err
    if expected:
        assert "is busy" in err and "Try again in a moment" in err
    count = 2 if expected == 0 else 1
    assert main(["--data-dir", str(data_dir), "dose", "list", "--json"]) == 0
    assert len(__import__("json").loads(capsys.readouterr().out)) == count
