"""upgrade_to_head: backups before touching data, none for a new file, nothing half-done."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from rebound_tracker.domain.entries import Dose, LoggedTime
from rebound_tracker.storage.backup import copy_database
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.errors import NewerSchema, UnreadableDatabase
from rebound_tracker.storage.migrate import (
    _backup_name,
    alembic_config,
    current_revision,
    head_revision,
    migrations_dir,
    upgrade_to_head,
)
from rebound_tracker.storage.repositories import DoseRepository

BACKUP_NAME = re.compile(r"^pre-migration-\d{8}T\d{6}Z-(?P<rev>[\w]+)\.sqlite3$")

TEST_REVISION = "test_next"
REVISION_NEXT = """
import sqlalchemy as sa
from alembic import op

revision = "test_next"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    {extra}
    with op.batch_alter_table("doses", recreate="always") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default="manual"))
    {fail}
"""


def scripts_with_next(tmp_path: Path, extra: str = "pass", fail: str = "") -> Path:
    """A copy of the shipped migrations plus a test-only revision after the shipped head
    (a batch rebuild)."""
    location = tmp_path / "migrations-copy"
    shutil.copytree(migrations_dir(), location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9999_test_only.py").write_text(
        REVISION_NEXT.format(head=head_revision(), extra=extra, fail=fail)
    )
    return location


def upgrade_to(engine: Engine, revision: str, location: Path | None = None) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection, location), revision)


def add_dose(engine: Engine) -> Dose:
    moment = datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=UTC)
    dose = Dose(medication_id="concerta", mg=36.0, taken=LoggedTime(moment, 330))
    with make_session_factory(engine).begin() as session:
        return DoseRepository(session).add(dose)


def test_fresh_database_is_upgraded_without_a_backup(
    blank_engine: Engine, db_path: Path, backups_dir: Path
) -> None:
    assert current_revision(blank_engine) is None
    assert upgrade_to_head(blank_engine, db_path, backups_dir) is None
    assert current_revision(blank_engine) == head_revision()
    assert not backups_dir.exists() or list(backups_dir.iterdir()) == []


def test_database_already_at_head_is_left_alone(
    engine: Engine, db_path: Path, backups_dir: Path
) -> None:
    add_dose(engine)
    assert upgrade_to_head(engine, db_path, backups_dir) is None
    assert not backups_dir.exists() or list(backups_dir.iterdir()) == []


def test_older_revision_with_data_is_backed_up_then_upgraded(
    blank_engine: Engine, db_path: Path, backups_dir: Path, tmp_path: Path
) -> None:
    location = scripts_with_next(tmp_path)
    upgrade_to(blank_engine, head_revision(), location)
    dose = add_dose(blank_engine)

    backup = upgrade_to_head(blank_engine, db_path, backups_dir, script_location=location)

    assert backup is not None and backup.parent == backups_dir
    match = BACKUP_NAME.match(backup.name)
    assert match and match["rev"] == head_revision()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    # The backup is a complete, self-contained database at the old revision, with the data.
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)]
        rows = copy.execute("SELECT id, mg, taken_at_utc, utc_offset_min FROM doses").fetchall()
    copy.close()
    assert rows == [(dose.id, 36.0, 1772438400123456, 330)]
    assert sorted(p.name for p in backups_dir.iterdir()) == [backup.name]

    # The live database moved on, kept the data and still has foreign keys on.
    assert current_revision(blank_engine) == TEST_REVISION
    with make_session_factory(blank_engine)() as session:
        assert DoseRepository(session).get(dose.id) == dose
    with blank_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("SELECT source FROM doses").scalar() == "manual"


def test_blank_revision_with_foreign_tables_is_backed_up_first(
    db_path: Path, backups_dir: Path
) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE legacy (note TEXT)")
        raw.execute("INSERT INTO legacy VALUES ('kept')")
    raw.close()
    engine = open_engine(db_path)
    try:
        backup = upgrade_to_head(engine, db_path, backups_dir)
        assert backup is not None
        match = BACKUP_NAME.match(backup.name)
        assert match and match["rev"] == "base"
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT note FROM legacy").fetchall() == [("kept",)]
        copy.close()
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_backups_in_the_same_second_get_distinct_names(backups_dir: Path, tmp_path) -> None:
    backups_dir.mkdir()
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    source = sqlite3.connect(tmp_path / "live.sqlite3")
    source.execute("CREATE TABLE t (x)")
    try:
        first = copy_database(source, _backup_name(backups_dir, "0001", now), unique=True)
        before = first.read_bytes()
        second = copy_database(source, _backup_name(backups_dir, "0001", now), unique=True)
    finally:
        source.close()
    assert first.name == "pre-migration-20260302T080000Z-0001.sqlite3"
    assert second.name == "pre-migration-20260302T080000Z-0001-2.sqlite3"
    assert first.read_bytes() == before
    assert stat.S_IMODE(second.stat().st_mode) == 0o600
    assert sorted(p.name for p in backups_dir.iterdir()) == sorted([first.name, second.name])


def test_a_failing_migration_changes_nothing(
    blank_engine: Engine, db_path: Path, backups_dir: Path, tmp_path: Path
) -> None:
    # DDL before and after the table rebuild, then a failure: all of it must roll back.
    location = scripts_with_next(
        tmp_path,
        extra='op.create_table("half_done", sa.Column("x", sa.Integer()))',
        fail='raise RuntimeError("boom")',
    )
    upgrade_to(blank_engine, head_revision(), location)
    dose = add_dose(blank_engine)

    with pytest.raises(RuntimeError, match="boom"):
        upgrade_to_head(blank_engine, db_path, backups_dir, script_location=location)

    assert current_revision(blank_engine) == head_revision()
    columns = {c["name"] for c in inspect(blank_engine).get_columns("doses")}
    assert "source" not in columns
    assert "half_done" not in inspect(blank_engine).get_table_names()
    with make_session_factory(blank_engine)() as session:
        assert DoseRepository(session).get(dose.id) == dose
    assert len(list(backups_dir.iterdir())) == 1  # the backup taken before trying


def test_unreadable_file_is_reported_and_left_untouched(db_path: Path, backups_dir: Path) -> None:
    garbage = b"this is not an SQLite database\n" * 200
    db_path.write_bytes(garbage)
    engine = open_engine(db_path)
    try:
        with pytest.raises(UnreadableDatabase) as caught:
            upgrade_to_head(engine, db_path, backups_dir)
    finally:
        engine.dispose()
    assert caught.value.path == db_path
    assert db_path.read_bytes() == garbage
    assert not backups_dir.exists()


def test_schema_from_a_newer_app_version_is_refused_untouched(
    engine: Engine, db_path: Path, backups_dir: Path
) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerSchema) as caught:
        upgrade_to_head(engine, db_path, backups_dir)
    assert caught.value.revision == "9999"
    assert current_revision(engine) == "9999"
    assert not backups_dir.exists()


def test_migrations_ship_inside_the_package_and_need_no_alembic_ini(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may be found relative to the working directory
    location = migrations_dir()
    assert location.parent.name == "storage" and location.parent.parent.name == "rebound_tracker"
    assert (location / "env.py").is_file() and (location / "script.py.mako").is_file()
    shipped = sorted(p.name[:4] for p in (location / "versions").glob("[0-9]*.py"))
    assert head_revision() == shipped[-1]
