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
)
from rebound_tracker.storage.database import create_private_file, open_engine
from rebound_tracker.storage.errors import DatabaseNotUsable, NewerSchema, UnreadableDatabase
from rebound_tracker.storage.migrate import (
    head_revision,
    known_revisions,
    prune_backups,
    upgrade_to_head,
)
from rebound_tracker.storage.private_files import fsync_dir, private_dir

AUTO_PREFIX, MANUAL_PREFIX = "auto-", "manual-"
PRE_RESTORE_PREFIX, DAMAGED_PREFIX = "pre-restore-", "damaged-"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
KEEP_AUTOMATIC = 10
BACKUP_INTERVAL = timedelta(days=1)
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
        """Every backup in the backups directory, newest first (damaged originals excluded)."""
        directory = self._paths.backups_dir
        if not directory.is_dir():
            return []
        found = [p for p in directory.glob("*.sqlite3") if not p.name.startswith(DAMAGED_PREFIX)]
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)

    def newest_backup(self) -> Path | None:
        backups = self.list_backups()
        return backups[0] if backups else None

    def backup(self, out: Path | None = None) -> Path:
        """Back the database up now, to ``out`` or ``backups/manual-<UTC>.sqlite3``."""
        inspect_database(self._paths.database, full_check=False)
        target = Path(out) if out else self._new_name(MANUAL_PREFIX)
        return copy_database_file(self._paths.database, target)

    def backup_if_due(self, interval: timedelta = BACKUP_INTERVAL) -> Path | None:
        """An automatic backup if the newest is older than ``interval``; rotates old ones.

        Skipped (None) for a database with no entries yet.
        """
        if not _has_data(self._paths.database):
            return None
        newest = self._newest_auto_time()
        if newest is not None and self._clock() - newest < interval:
            return None
        target = copy_database_file(self._paths.database, self._new_name(AUTO_PREFIX))
        prune_backups(self._paths.backups_dir, AUTO_PREFIX, self._keep)
        return target

    def _newest_auto_time(self) -> datetime | None:
        # From the names (written by our clock), not file times that copying can change.
        times = []
        for path in self._paths.backups_dir.glob(f"{AUTO_PREFIX}*.sqlite3"):
            stamp = path.name.removeprefix(AUTO_PREFIX)[:16]
            with contextlib.suppress(ValueError):
                times.append(datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC))
        return max(times, default=None)

    def restore(self, source: Path) -> RestoreResult:
        """Replace the store's content with the backup at ``source``, keeping the current one.

        Raises ValidationError (field "file") if ``source`` is not a usable backup; then
        nothing was changed.
        """
        source = Path(source)
        facts = _check_restorable(source)
        kept = self._keep_current()
        database = self._paths.database
        create_private_file(database)
        origin, destination = connect(source, read_only=True), connect(database)
        try:
            origin.backup(destination)  # one transaction on the destination: all or nothing
            destination.execute("PRAGMA journal_mode = WAL")
        finally:
            origin.close()
            destination.close()
        if facts.revision != head_revision():
            engine = open_engine(database)
            try:
                upgrade_to_head(engine, database, self._paths.backups_dir)
            finally:
                engine.dispose()
        return RestoreResult(source, kept)

    def _keep_current(self) -> Path | None:
        database = self._paths.database
        try:
            facts = inspect_database(database)
        except UnreadableDatabase:
            return self._move_damaged_aside()
        if facts.is_empty:
            return None
        kept = copy_database_file(database, self._new_name(PRE_RESTORE_PREFIX))
        prune_backups(self._paths.backups_dir, PRE_RESTORE_PREFIX, self._keep)
        return kept

    def _move_damaged_aside(self) -> Path:
        """Move an unreadable database (and its WAL) into backups/ unchanged; never delete."""
        target = self._new_name(DAMAGED_PREFIX)
        target.unlink()  # _new_name reserved it; the rename needs the name free
        database = self._paths.database
        for suffix in ("-wal", "-shm"):
            companion = database.with_name(database.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
        os.replace(database, target)
        fsync_dir(target.parent)
        fsync_dir(database.parent)
        return target

    def _new_name(self, prefix: str) -> Path:
        directory = private_dir(self._paths.backups_dir)
        stamp = self._clock().astimezone(UTC).strftime(STAMP_FORMAT)
        for attempt in range(1, 1000):
            name = f"{prefix}{stamp}" + ("" if attempt == 1 else f"-{attempt}") + ".sqlite3"
            if create_private_file(directory / name):
                return directory / name
        raise OSError(f"too many backups named {prefix}{stamp}* in {directory}")


def _has_data(database: Path) -> bool:
    if not database.exists() or database.stat().st_size == 0:
        return False
    connection = connect(database, read_only=True)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "doses" not in tables:
            return False
        return any(connection.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                   for t in ("doses", "checkins", "settings") if t in tables)
    finally:
        connection.close()


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
