"""Backups (online API, rotation, owner-only), restore that keeps the current data, and
damaged or foreign database files detected and never overwritten."""

from __future__ import annotations

import sqlite3
import stat
from datetime import timedelta

import pytest
from safety_helpers import NOW, Store, at, sample_entries

from rebound_tracker.domain.entries import Dose
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.services.backups import BackupService
from rebound_tracker.storage.backup import inspect_database
from rebound_tracker.storage.errors import UnreadableDatabase


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def entry_ids(path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM doses UNION "
                                                     "SELECT id FROM checkins")}
    finally:
        connection.close()


def test_automatic_backup_daily_rotating_to_the_newest(store: Store):
    clock = Clock()
    backups = BackupService(store.paths, keep=3, clock=clock)
    assert backups.backup_if_due() is None  # nothing logged yet: nothing to keep
    entries = sample_entries()
    store.add(*entries)
    written = []
    for _day in range(5):
        first = backups.backup_if_due()
        assert first is not None and first.name.startswith("auto-")
        assert backups.backup_if_due() is None  # not again the same day
        clock.now += timedelta(hours=23)
        assert backups.backup_if_due() is None
        clock.now += timedelta(hours=1, seconds=1)
        written.append(first)
    kept = sorted(p.name for p in store.paths.backups_dir.glob("auto-*.sqlite3"))
    assert kept == sorted(p.name for p in written[-3:])
    for path in written[-3:]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert entry_ids(path) == {e.id for e in entries}


def test_backup_is_a_verified_self_contained_copy(store: Store, tmp_path):
    entries = sample_entries()
    store.add(*entries)
    target = BackupService(store.paths).backup(tmp_path / "mine" / "copy.sqlite3")
    assert entry_ids(target) == {e.id for e in entries}
    facts = inspect_database(target)
    assert facts.revision is not None
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "mine").stat().st_mode) == 0o700


def test_restore_keeps_the_current_data_first(store: Store, tmp_path):
    old = Dose("concerta", 36.0, at("2026-03-01T07:30:00+01:00"))
    store.add(old)
    backup = BackupService(store.paths).backup()
    newer = Dose("concerta", 54.0, at("2026-03-02T07:30:00+01:00"))
    store.add(newer)
    store.close()

    result = BackupService(store.paths).restore(backup)

    assert entry_ids(store.paths.database) == {old.id}
    assert result.previous_kept_at is not None
    assert entry_ids(result.previous_kept_at) == {old.id, newer.id}
    connection = sqlite3.connect(store.paths.database)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    assert stat.S_IMODE(store.paths.database.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00xx"])
def test_restore_refuses_a_file_that_is_not_a_backup(store: Store, tmp_path, content):
    store.add(*sample_entries())
    before = store.paths.database.read_bytes()
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(content)
    with pytest.raises(ValidationError) as caught:
        BackupService(store.paths).restore(bogus)
    assert caught.value.field == "file"
    assert store.paths.database.read_bytes() == before
    assert not list(store.paths.backups_dir.glob("pre-restore-*"))


def test_restore_over_a_damaged_file_moves_it_aside_unchanged(store: Store):
    entries = sample_entries()
    store.add(*entries)
    backup = BackupService(store.paths).backup()
    store.close()
    garbage = b"this was overwritten by something else" * 100
    store.paths.database.write_bytes(garbage)

    result = BackupService(store.paths).restore(backup)

    assert result.previous_kept_at is not None
    assert result.previous_kept_at.name.startswith("damaged-")
    assert result.previous_kept_at.read_bytes() == garbage
    assert entry_ids(store.paths.database) == {e.id for e in entries}


def test_inspect_names_the_file_for_garbage_foreign_and_damaged(tmp_path, make_store):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 4096)
    with pytest.raises(UnreadableDatabase, match="not an SQLite database") as caught:
        inspect_database(garbage)
    assert caught.value.path == garbage

    foreign = tmp_path / "foreign.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(UnreadableDatabase, match="another program"):
        inspect_database(foreign)

    store = make_store("damaged")
    store.add(*[Dose("concerta", 36.0, at(f"2026-03-{d:02d}T07:30:00+01:00"), note="x" * 1500)
                for d in range(1, 29)])
    store.close()
    damaged = store.paths.database
    connection = sqlite3.connect(damaged)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(3 * page, 3 * page + 2000):  # scribble over a B-tree page
        data[offset] = 0xA5
    damaged.write_bytes(bytes(data))
    with pytest.raises(UnreadableDatabase, match="damaged"):
        inspect_database(damaged)
