"""Copies of the database made with SQLite's online backup API, and checks on database files.

Why the backup API and not a file copy: the live database is in WAL mode, so committed data
may sit in the -wal file, and another instance may be writing. The API copies a consistent
snapshot through SQLite's own locking. Each copy is written under a temporary name, checked
with ``PRAGMA quick_check`` and only then renamed into place, so a crash mid-backup leaves
the older backups and at most a stray ``.part`` file, never a torn backup under a real name.
Copies are self-contained (rollback-journal mode) and owner-only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rebound_tracker.storage.errors import BackupFailed, UnreadableDatabase
from rebound_tracker.storage.private_files import FILE_MODE, fsync_dir, private_dir

SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"doses", "checkins", "settings", "alembic_version"})
BUSY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class DatabaseFacts:
    """What a readable SQLite file holds: its tables and Alembic revision (None if new)."""

    tables: frozenset[str]
    revision: str | None

    @property
    def is_empty(self) -> bool:
        return not self.tables


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection that waits for other writers instead of failing."""
    if read_only:
        uri = Path(path).absolute().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    connection.isolation_level = None
    return connection


def inspect_database(path: Path, *, full_check: bool = True) -> DatabaseFacts:
    """Check that ``path`` is a healthy Rebound Tracker database (or empty / absent).

    Reads only (SQLite may complete crash recovery of its journal, as any open would).
    Raises UnreadableDatabase, naming the file, when it is not SQLite, fails ``PRAGMA
    integrity_check`` (``quick_check`` when not ``full_check``), cannot be read, or holds
    another program's tables.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseFacts(frozenset(), None)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UnreadableDatabase(path, f"cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise UnreadableDatabase(path, "is not an SQLite database")
    try:
        # Not SQLite's read-only mode: after a crash a WAL database may need its -shm rebuilt
        # (SQLite's own recovery, which never touches committed data), and a read-only
        # connection would then report a sound file as unreadable. Nothing here writes.
        connection = connect(path)
        try:
            return _facts(connection, path, full_check)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise UnreadableDatabase(path, f"is damaged or unreadable ({exc})") from exc


def _facts(connection: sqlite3.Connection, path: Path, full_check: bool) -> DatabaseFacts:
    check = "integrity_check" if full_check else "quick_check"
    verdict = [row[0] for row in connection.execute(f"PRAGMA {check}(5)")]
    if verdict != ["ok"]:
        raise UnreadableDatabase(path, "is damaged (SQLite integrity check: "
                                 + "; ".join(verdict) + ")")
    tables = frozenset(row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
    if tables and ("alembic_version" not in tables or "doses" not in tables):
        raise UnreadableDatabase(path, "is an SQLite database of another program (tables: "
                                 + ", ".join(sorted(tables)) + ")")
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return DatabaseFacts(tables, revision)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``source`` to ``target`` (replaced atomically); returns it.

    Raises BackupFailed, naming the target, if the copy cannot be written or does not verify;
    no partial file is left under ``target``'s name.
    """
    target = Path(target)
    private_dir(target.parent)
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.unlink(missing_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
        destination = sqlite3.connect(temp)
        try:
            source.backup(destination)
            # The copy carries the WAL flag of the live file; make it self-contained.
            destination.execute("PRAGMA journal_mode = DELETE")
            verdict = destination.execute("PRAGMA quick_check").fetchone()
        finally:
            destination.close()
        if verdict != ("ok",):
            raise BackupFailed(target, f"the copy did not verify ({verdict[0]})")
        os.replace(temp, target)
    except BackupFailed:
        temp.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise BackupFailed(target, f"could not write a backup there ({exc})") from exc
    fsync_dir(target.parent)
    return target


def copy_database_file(db_path: Path, target: Path) -> Path:
    """Back the database file at ``db_path`` up to ``target`` through the online backup API."""
    source = connect(db_path)
    try:
        return copy_database(source, target)
    finally:
        source.close()
