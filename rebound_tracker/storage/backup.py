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
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rebound_tracker.domain.errors import StoreUnavailable
from rebound_tracker.storage.errors import BackupFailed, UnreadableDatabase
from rebound_tracker.storage.faults import raise_if_unavailable
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
    another program's tables or views. Raises StoreUnavailable instead when the file cannot
    be opened because of its place (a full or read-only disk, no permission): then nothing
    is known to be wrong with the file, and it must not be called damaged.
    """
    path = Path(path)
    try:
        if not path.exists() or path.stat().st_size == 0:
            return DatabaseFacts(frozenset(), None)
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise StoreUnavailable("unreachable", f"{path}: {exc.strerror}") from exc
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
        raise_if_unavailable(exc, path.parent)
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise UnreadableDatabase(path, f"is damaged ({exc})") from exc
        raise UnreadableDatabase(path, f"could not be read ({exc})") from exc


def _facts(connection: sqlite3.Connection, path: Path, full_check: bool) -> DatabaseFacts:
    check = "integrity_check" if full_check else "quick_check"
    verdict = [row[0] for row in connection.execute(f"PRAGMA {check}(5)")]
    if verdict != ["ok"]:
        raise UnreadableDatabase(path, "is damaged (SQLite integrity check: "
                                 + "; ".join(verdict) + ")")
    objects = {(row[0], row[1]) for row in connection.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    tables = frozenset(name for kind, name in objects if kind == "table")
    if objects and ("alembic_version" not in tables or "doses" not in tables):
        # Views or triggers alone are another program's schema too: never migrate into it.
        raise UnreadableDatabase(path, "is an SQLite database of another program (holding: "
                                 + ", ".join(sorted(f"{k} {n}" for k, n in objects)) + ")")
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return DatabaseFacts(tables, revision)


def is_good_backup(path: Path) -> bool:
    """True if ``path`` opens, passes ``PRAGMA integrity_check`` and holds our tables: only
    such a file is counted as a backup, offered, or kept in place of an older one."""
    try:
        stat = Path(path).stat()
    except OSError:
        return False
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    verdict = _VERIFIED.get(key)
    if verdict is None:
        try:
            verdict = not inspect_database(path).is_empty
        except StoreUnavailable:
            return False  # not now (busy, unreadable folder); ask again next time
        except UnreadableDatabase:
            verdict = False
        _VERIFIED[key] = verdict
    return verdict


_VERIFIED: dict[tuple[str, int, int, int], bool] = {}
"""Verdicts by file identity: a backup is never modified after its rename, so a file of the
same size, time and inode was already checked (rotation and offering look at each once)."""


def copy_database(source: sqlite3.Connection, target: Path, *, unique: bool = False) -> Path:
    """Copy the database behind ``source`` to ``target``; returns the file written.

    The copy is written to a temporary name, checked with ``quick_check`` and only then
    renamed: no empty or partial file ever carries a backup's name. With ``unique``, an
    existing ``target`` is never replaced: the copy gets ``<stem>-2.sqlite3``, ``-3`` …
    Raises StoreUnavailable when the place cannot take it (full, read-only), BackupFailed,
    naming the target, for anything else.
    """
    target = Path(target)
    try:
        directory = private_dir(target.parent)
    except OSError as exc:
        raise_if_unavailable(exc, None)
        raise BackupFailed(target, f"could not make the folder ({exc.strerror})") from exc
    temp = directory / f".{target.name}.{os.getpid()}.part"
    try:
        _write_verified_copy(source, temp, target)
        written = _publish(temp, target, unique)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise_if_unavailable(exc, directory, _size_of(source))
            raise BackupFailed(target, f"could not write a backup there ({exc})") from exc
        raise
    fsync_dir(directory)
    return written


def _size_of(source: sqlite3.Connection) -> int:
    """The bytes a copy of ``source`` takes (what a probe of the target must fit)."""
    try:
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        return max(int(pages) * int(source.execute("PRAGMA page_size").fetchone()[0]), 4096)
    except sqlite3.Error:
        return 1 << 16


def _write_verified_copy(source: sqlite3.Connection, temp: Path, target: Path) -> None:
    temp.unlink(missing_ok=True)
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
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
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temp: Path, target: Path, unique: bool) -> Path:
    if not unique:
        os.replace(temp, target)
        return target
    stem = target.name.removesuffix(".sqlite3")
    for attempt in range(1, 1000):
        candidate = target if attempt == 1 else target.with_name(f"{stem}-{attempt}.sqlite3")
        try:
            os.link(temp, candidate)  # fails if the name is taken: never replaces a backup
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if candidate.exists():
                continue
            os.replace(temp, candidate)
            return candidate
        os.unlink(temp)
        return candidate
    raise BackupFailed(target, f"too many backups named {stem}*")


def copy_database_file(db_path: Path, target: Path, *, unique: bool = False) -> Path:
    """Back the database file at ``db_path`` up to ``target`` through the online backup API."""
    try:
        source = connect(db_path)
    except sqlite3.Error as exc:
        raise_if_unavailable(exc, Path(db_path).parent)
        raise
    try:
        return copy_database(source, target, unique=unique)
    finally:
        source.close()
