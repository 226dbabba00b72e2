"""Bring the database schema up to date at start-up, backing the file up first.

The Alembic scripts ship inside the package (``rebound_tracker/storage/migrations``) and are
found through ``importlib.resources``; the Alembic Config is built here in code, so no
``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DatabaseError

from rebound_tracker.storage.database import create_private_file
from rebound_tracker.storage.errors import (
    BackupFailed,
    DatabaseNotUsable,
    NewerSchema,
    UnreadableDatabase,
)

BACKUP_PREFIX = "pre-migration-"


def migrations_dir() -> Path:
    """The directory holding env.py and versions/, inside the installed package."""
    location = resources.files("rebound_tracker.storage").joinpath("migrations")
    # Alembic reads scripts from the file system; a zipped install would need extracting.
    return Path(str(location))


def alembic_config(
    connection: Connection | None = None, script_location: Path | None = None
) -> Config:
    """An Alembic Config built in code; ``connection`` is what env.py migrates."""
    config = Config()
    location = str(script_location or migrations_dir())
    # Config options go through configparser interpolation: a '%' in the path must be doubled.
    config.set_main_option("script_location", location.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this version of the app knows."""
    head = ScriptDirectory.from_config(alembic_config(None, script_location)).get_current_head()
    if head is None:
        raise RuntimeError("no migration scripts found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None if it has never been migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(
    engine: Engine,
    db_path: Path,
    backups_dir: Path,
    *,
    script_location: Path | None = None,
) -> Path | None:
    """Upgrade the database to the newest schema; returns the backup written, if any.

    A database that already holds tables and is not at head is first copied with SQLite's
    online backup API to ``backups_dir/pre-migration-<UTC time>-<revision>.sqlite3``
    (owner-only), and the copy is checked before anything is changed. A new, empty database
    gets no backup. The upgrade runs as one transaction: on failure nothing changes.

    Raises UnreadableDatabase (not SQLite, damaged), NewerSchema (from a newer app version)
    or BackupFailed; in each case the file is left as it was.
    """
    db_path = Path(db_path)
    scripts = ScriptDirectory.from_config(alembic_config(None, script_location))
    head = scripts.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            has_tables = bool(inspect(connection).get_table_names())
    except DatabaseError as exc:
        raise UnreadableDatabase(db_path, f"cannot be read as a database ({exc.orig})") from exc
    if current == head:
        return None
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise NewerSchema(db_path, current)

    backup = _write_backup(engine, db_path, backups_dir, current) if has_tables else None
    _run_upgrade(engine, alembic_config(None, script_location), db_path)
    return backup


def _run_upgrade(engine: Engine, config: Config, db_path: Path) -> None:
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        # Batch migrations rebuild tables (copy, drop, rename). With foreign keys on, dropping
        # a referenced table would fire ON DELETE actions, so they are off for the upgrade and
        # checked at the end instead. The PRAGMA is ignored inside a transaction, hence here,
        # before SQLAlchemy begins one.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseNotUsable(
                        db_path, f"migration would break {len(broken)} foreign key references"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _write_backup(engine: Engine, db_path: Path, backups_dir: Path, revision: str | None) -> Path:
    backups_dir = Path(backups_dir)
    backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _new_backup_file(backups_dir, revision or "base")
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
                # The copy carries the WAL flag in its header; make it a self-contained file
                # that opens anywhere without creating -wal/-shm companions.
                destination.execute("PRAGMA journal_mode = DELETE")
                verdict = destination.execute("PRAGMA quick_check").fetchone()
            finally:
                destination.close()
        if verdict != ("ok",):
            raise BackupFailed(db_path, f"the backup at {target} did not verify: {verdict}")
    except BackupFailed:
        target.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, DatabaseError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise BackupFailed(db_path, f"could not write a backup to {target}: {exc}") from exc
    return target


def _new_backup_file(backups_dir: Path, revision: str, now: datetime | None = None) -> Path:
    """Create (owner-only) and return a backup file name that is not taken yet."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    stem = f"{BACKUP_PREFIX}{stamp}-{revision}"
    for attempt in range(1, 100):
        name = f"{stem}.sqlite3" if attempt == 1 else f"{stem}-{attempt}.sqlite3"
        path = backups_dir / name
        if create_private_file(path):
            return path
    raise BackupFailed(backups_dir, f"too many backups named {stem}*")


__all__ = [
    "alembic_config",
    "current_revision",
    "head_revision",
    "migrations_dir",
    "upgrade_to_head",
]
