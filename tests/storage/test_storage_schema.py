"""The migrated schema matches the models, and every connection gets our SQLite settings."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError

from rebound_tracker.storage.database import open_engine
from rebound_tracker.storage.migrate import current_revision, head_revision
from rebound_tracker.storage.models import Base


def test_empty_database_upgraded_to_head_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrated_schema_has_the_expected_tables_and_indexes(engine: Engine) -> None:
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == {
        "alembic_version", "doses", "checkins", "settings", "custom_medications", "reminders",
        "plans", "calibrations"}
    dose_indexes = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("doses")}
    assert dose_indexes == {
        "ix_doses_medication_id": ["medication_id"],
        "ix_doses_taken_at_utc": ["taken_at_utc"],
    }
    assert [ix["column_names"] for ix in inspector.get_indexes("checkins")] == [["at_utc"]]
    # compare_metadata does not look at CHECK constraints; make sure they exist by name.
    checks = {ck["name"] for ck in inspector.get_check_constraints("doses")}
    assert checks == {"ck_doses_mg_positive", "ck_doses_fed_bool", "ck_doses_offset_range"}
    assert len(inspector.get_check_constraints("checkins")) == 7


def _pragmas(engine: Engine) -> tuple:
    with engine.connect() as connection:
        return tuple(
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
        )


EXPECTED_PRAGMAS = (1, "wal", 5000, 2)  # synchronous 2 == FULL


def test_pragmas_are_set_on_every_connection(engine: Engine) -> None:
    assert _pragmas(engine) == EXPECTED_PRAGMAS
    engine.dispose()  # the next checkout is a brand-new DBAPI connection
    assert _pragmas(engine) == EXPECTED_PRAGMAS

    seen: list[tuple] = []
    worker = threading.Thread(target=lambda: seen.append(_pragmas(engine)))
    worker.start()
    worker.join()
    assert seen == [EXPECTED_PRAGMAS]


def test_several_pooled_connections_at_once_all_have_the_pragmas(engine: Engine) -> None:
    with engine.connect() as first, engine.connect() as second:
        assert first.connection.driver_connection is not second.connection.driver_connection
        for connection in (first, second):
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_database_file_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = open_engine(path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
        for name in os.listdir(tmp_path):  # the -wal and -shm files inherit the mode
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    finally:
        engine.dispose()


def test_open_engine_does_not_connect_or_touch_an_existing_file(db_path: Path) -> None:
    db_path.write_bytes(b"not a database")
    db_path.chmod(0o644)
    engine = open_engine(db_path)  # lazy: nothing is read or rewritten yet
    assert db_path.read_bytes() == b"not a database"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o644
    engine.dispose()


def test_a_failed_transaction_rolls_back_ddl_too(engine: Engine) -> None:
    # Python's legacy sqlite3 mode would autocommit the CREATE TABLE; our BEGIN must not.
    with pytest.raises(OperationalError), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (x)")
        connection.execute(text("SELECT * FROM no_such_table"))
    assert "scratch" not in inspect(engine).get_table_names()
