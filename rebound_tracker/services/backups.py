"""Backups the person never has to think about, and getting back to one.

- ``backup_if_due`` writes ``backups/auto-<UTC>.sqlite3`` at start-up when the newest automatic
  backup is more than a day old, and keeps the newest ``keep`` of them.
- ``backup`` writes one on request (``backups/manual-<UTC>.sqlite3`` or a chosen file); those
  are never deleted by the app.
- ``restore`` checks the chosen file first, keeps the current database (a verified copy in
  ``backups/pre-restore-<UTC>.sqlite3``, or, if it is damaged, the file itself moved to
  ``backups/damaged-<UTC>.sqlite3``) and then copies the backup in, in one SQLite
  transaction, and brings it up to the current schema.

All copies go through SQLite's online backup API (see :mod:`rebound_tracker.storage.backup`).
None of this needs the database to be usable, so it works on a damaged store too.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rebound_tracker.domain.entries import utc_now
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.paths import AppPaths
from rebound_tracker.storage.backup import (
    connect,
    copy_database_file,
    inspect_database,
    is_good_backup,
)
from rebound_tracker.storage.database import create_private_file, open_engine
from rebound_tracker.storage.errors import DatabaseNotUsable, NewerSchema, UnreadableDatabase
from rebound_tracker.storage.faults import raise_if_unavailable, require_free_space
from rebound_tracker.storage.migrate import (
    head_revision,
    known_revisions,
    prune_backups,
    upgrade_to_head,
)
from rebound_tracker.storage.private_files import (
    check_output_file,
    fsync_dir,
    private_dir,
    remove_stale,
)

AUTO_PREFIX, MANUAL_PREFIX = "auto-", "manual-"
PRE_RESTORE_PREFIX, DAMAGED_PREFIX = "pre-restore-", "damaged-"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
KEEP_AUTOMATIC = 10
BACKUP_INTERVAL = timedelta(days=1)
RESTORE_MARGIN = 1 << 20
"""Room beyond the copies themselves a restore wants free (journal, WAL index, schema upgrade)."""
RESTORE_ACCEPTED = "a Rebound Tracker database or backup file (.sqlite3) that passes SQLite's " \
    "integrity check"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_kept_at: Path | None  # None when there was no data to keep


class BackupService:
    def __init__(self, paths: AppPaths, *, keep: int = KEEP_AUTOMATIC,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._paths = paths
        self._keep = keep
        self._clock = clock

    def list_backups(self) -> list[Path]:
        """Every good backup in the backups directory, newest first: files that open and pass
        ``integrity_check`` (an empty or torn file is never offered; damaged originals are
        kept apart)."""
        directory = self._paths.backups_dir
        if not directory.is_dir():
            return []
        found = [p for p in directory.glob("*.sqlite3") if not p.name.startswith(DAMAGED_PREFIX)]
        found.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        return [p for p in found if is_good_backup(p)]

    def newest_backup(self) -> Path | None:
        """The newest good backup, checked with ``integrity_check`` (older ones only if it
        fails)."""
        directory = self._paths.backups_dir
        if not directory.is_dir():
            return None
        found = [p for p in directory.glob("*.sqlite3") if not p.name.startswith(DAMAGED_PREFIX)]
        found.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        return next((p for p in found if is_good_backup(p)), None)

    def backup(self, out: Path | str | None = None) -> Path:
        """Back the database up now, to ``out`` or ``backups/manual-<UTC>.sqlite3``.

        Raises ValidationError (field "out") for a folder or an empty name, StoreUnavailable
        when the disk cannot take it; no file is left behind either way."""
        if out is not None:
            out = check_output_file(out, "out", may_replace_database=True,
                                    protected=(self._paths.database,))
        inspect_database(self._paths.database, full_check=False)
        if out is not None:
            return copy_database_file(self._paths.database, out)
        return copy_database_file(self._paths.database, self._name(MANUAL_PREFIX), unique=True)

    def backup_if_due(self, interval: timedelta = BACKUP_INTERVAL) -> Path | None:
        """An automatic backup if the newest good one is older than ``interval``; rotates
        old ones, keeping the newest ``keep`` good ones.

        Skipped (None) for a database with no entries yet. A backup stamped in the future (a
        clock that was wrong once) does not count as recent.
        """
        if not _has_data(self._paths.database):
            return None
        now = self._clock()
        newest = self._newest_auto_time(now + interval)
        if newest is not None and now - newest < interval:
            return None
        target = copy_database_file(self._paths.database, self._name(AUTO_PREFIX), unique=True)
        prune_backups(self._paths.backups_dir, AUTO_PREFIX, self._keep)
        return target

    def _newest_auto_time(self, latest: datetime) -> datetime | None:
        # From the names (written by our clock), not file times that copying can change;
        # newest first, so usually only one file is checked.
        stamped = []
        for path in self._paths.backups_dir.glob(f"{AUTO_PREFIX}*.sqlite3"):
            stamp = path.name.removeprefix(AUTO_PREFIX)[:16]
            with contextlib.suppress(ValueError):
                moment = datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
                if moment <= latest:
                    stamped.append((moment, path))
        stamped.sort(reverse=True)
        return next((moment for moment, path in stamped if is_good_backup(path)), None)

    def restore(self, source: Path) -> RestoreResult:
        """Replace the store's content with the backup at ``source``, keeping the current one.

        Raises ValidationError (field "file") if ``source`` is not a usable backup, and
        StoreUnavailable("full") if the disk has not room for the copies a restore makes; in
        both cases nothing was changed. The chosen file is first copied (and verified) next
        to the database, so nothing that happens to it afterwards (rotation, another program)
        can take it away half-way, and the database holds either the old or the restored
        data at every moment.
        """
        source = Path(source)
        facts = _check_restorable(source)
        self._check_room_for_restore(source)
        for leftover in (".restore*.sqlite3", "..restore*.part"):  # from a killed restore
            remove_stale(self._paths.data_dir, leftover)
        staged = copy_database_file(source, self._paths.data_dir / ".restore.sqlite3",
                                    unique=True)
        try:
            kept = self._put_in_place(staged, protect=source)
        finally:
            with contextlib.suppress(OSError):
                staged.unlink(missing_ok=True)
        if facts.revision != head_revision():
            engine = open_engine(self._paths.database)
            try:
                upgrade_to_head(engine, self._paths.database, self._paths.backups_dir)
            finally:
                engine.dispose()
        return RestoreResult(source, kept)

    def _check_room_for_restore(self, source: Path) -> None:
        database = self._paths.database
        current = sum(p.stat().st_size for p in (database, _wal(database)) if p.exists())
        # A verified staging copy and the pre-restore copy now; the copy into the database
        # goes through its WAL, so the restored pages are written twice before checkpoint.
        needed = 3 * source.stat().st_size + current + RESTORE_MARGIN
        require_free_space(self._paths.data_dir, needed, "restoring this backup")

    def _put_in_place(self, staged: Path, protect: Path) -> Path | None:
        database = self._paths.database
        try:
            facts = inspect_database(database)
        except UnreadableDatabase:
            # Swap the files: the damaged one keeps its own name in backups/ and the verified
            # staging copy becomes the database, with no moment where neither is there.
            damaged = self._move_damaged_aside(keep_linked=True)
            os.replace(staged, database)
            _enable_wal(database)
            fsync_dir(database.parent)
            return damaged
        kept: Path | None = None
        if not facts.is_empty:
            kept = copy_database_file(database, self._name(PRE_RESTORE_PREFIX), unique=True)
            prune_backups(self._paths.backups_dir, PRE_RESTORE_PREFIX, self._keep,
                          protect=(protect, kept))
        create_private_file(database)
        origin, destination = connect(staged, read_only=True), connect(database)
        try:
            origin.backup(destination)  # one transaction on the destination: all or nothing
            destination.execute("PRAGMA journal_mode = WAL")
        except (sqlite3.Error, OSError) as exc:
            raise_if_unavailable(exc, database.parent)
            raise
        finally:
            origin.close()
            destination.close()
        return kept

    def _move_damaged_aside(self, keep_linked: bool = False) -> Path:
        """Move an unreadable database (and its WAL) into backups/ unchanged; never delete.

        With ``keep_linked`` the database file itself stays under its name as well (a hard
        link where the file system has them) until the caller replaces it."""
        target = self._free_name(DAMAGED_PREFIX)
        database = self._paths.database
        for suffix in ("-wal", "-shm"):
            companion = database.with_name(database.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
        try:
            if not keep_linked:
                raise OSError("moved, not linked")
            os.link(database, target)
        except OSError:
            os.replace(database, target)
        fsync_dir(target.parent)
        fsync_dir(database.parent)
        return target

    def _name(self, prefix: str) -> Path:
        directory = private_dir(self._paths.backups_dir)
        stamp = self._clock().astimezone(UTC).strftime(STAMP_FORMAT)
        return directory / f"{prefix}{stamp}.sqlite3"

    def _free_name(self, prefix: str) -> Path:
        first = self._name(prefix)
        stem = first.name.removesuffix(".sqlite3")
        for attempt in range(1, 1000):
            name = first if attempt == 1 else first.with_name(f"{stem}-{attempt}.sqlite3")
            if not name.exists():
                return name
        raise OSError(f"too many backups named {stem}* in {first.parent}")


def _wal(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def _enable_wal(database: Path) -> None:
    connection = connect(database)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def _has_data(database: Path) -> bool:
    if not database.exists() or database.stat().st_size == 0:
        return False
    try:
        connection = connect(database, read_only=True)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            if "doses" not in tables:
                return False
            return any(connection.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                       for t in ("doses", "checkins", "settings") if t in tables)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise_if_unavailable(exc, database.parent)  # a full disk is said as such
        raise


def _check_restorable(source: Path):
    if not source.is_file():
        raise ValidationError("file", str(source), RESTORE_ACCEPTED)
    try:
        facts = inspect_database(source)
    except UnreadableDatabase as exc:
        raise ValidationError("file", str(source), f"{RESTORE_ACCEPTED}; this one {exc.reason}")\
            from exc
    if facts.is_empty:
        raise ValidationError("file", str(source), f"{RESTORE_ACCEPTED}; this one is empty")
    head = head_revision()
    if facts.revision is not None and facts.revision not in known_revisions():
        raise ValidationError("file", str(source), f"{RESTORE_ACCEPTED} written by this or an "
                              f"older version (it has schema {facts.revision}, this one {head})")
    return facts


__all__ = [
    "BackupService",
    "DatabaseNotUsable",  # re-exported: front ends report it without importing storage
    "NewerSchema",
    "RestoreResult",
    "UnreadableDatabase",
]
