"""Full disks, read-only mounts and file-size limits, for real: the healthy file is never
called damaged, a restore leaves the old or the restored data (never neither), and no empty
or unverified file is ever written, counted or offered as a backup."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from fault_disks import run_cli_limited, tiny_disk
from safety_helpers import NOW, Store, sample_entries, worker_env

from rebound_tracker.cli import main
from rebound_tracker.domain.errors import StoreUnavailable
from rebound_tracker.paths import AppPaths
from rebound_tracker.services.backups import BackupService


class Clock:
    def __init__(self, now=NOW) -> None:
        self.now = now

    def __call__(self):
        return self.now


def is_good_backup(path: Path) -> bool:
    """Opens, passes integrity_check and holds doses: what a backup must be."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return (connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                    and connection.execute("SELECT count(*) FROM doses").fetchone() is not None)
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def stored_ids(database: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute(
            "SELECT id FROM doses UNION SELECT id FROM checkins")}
    finally:
        connection.close()


@pytest.fixture
def run(capsys):
    def _run(data_dir: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def disk(tmp_path):
    with tiny_disk(tmp_path / "disk") as mounted:
        yield mounted


def logged_store(data_dir: Path, run) -> set[str]:
    ids = set()
    for day in (1, 2, 3):
        code, out, err = run(data_dir, "dose", "add", "--med", "concerta", "--mg", "36",
                             "--at", f"2026-03-0{day}T08:00+01:00")
        assert code == 0, err
        ids.add(out.strip())
    return ids


def backup_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").glob("*.sqlite3"))


# --- 1. a restore never deletes its own source ---------------------------------------------
def test_restoring_the_oldest_pre_restore_copy_after_a_chain_of_restores(store: Store,
                                                                          tmp_path):
    clock = Clock()
    backups = BackupService(store.paths, keep=3, clock=clock)
    store.add(*sample_entries()[:1])
    chosen = backups.backup(tmp_path / "chosen.sqlite3")
    states = []
    for _ in range(3):  # each restore keeps what was there, rotating the oldest copy out
        extra = sample_entries()[1:2]
        store.add(*extra)
        states.append(stored_ids(store.paths.database))
        clock.now += timedelta(minutes=1)
        backups.restore(chosen)
    pre_restore = sorted(store.paths.backups_dir.glob("pre-restore-*.sqlite3"))
    assert len(pre_restore) == 3
    oldest = pre_restore[0]
    expected = stored_ids(oldest)
    assert expected == states[0]
    clock.now += timedelta(minutes=1)
    result = backups.restore(oldest)  # keeping the current data rotates; never this file
    assert result.restored_from == oldest
    assert stored_ids(store.paths.database) == expected
    assert oldest.exists()  # the chosen file was spared by the rotation (the next one trims)
    assert not list(store.paths.data_dir.glob(".restore*"))  # its staging copy is gone


# --- 2. full and read-only disks are not damage ---------------------------------------------
def test_a_full_disk_is_told_apart_from_damage_and_restore_changes_nothing(disk, run):
    data_dir = disk.path / "data"
    ids = logged_store(data_dir, run)
    (backup,) = backup_files(data_dir)
    before = (data_dir / "rebound-tracker.sqlite3").read_bytes()
    disk.fill(leave=8192)
    for args in (("dose", "list"), ("dose", "add", "--med", "concerta", "--mg", "18"),
                 ("backup",), ("restore", str(backup))):
        code, _out, err = run(data_dir, *args)
        assert code == 1, (args, err)
        assert "full disk" in err and "not damaged" in err, (args, err)
        assert "damaged or" not in err and "rebound-tracker restore" not in err, (args, err)
    assert backup_files(data_dir) == [backup]  # no empty manual- or pre-restore- file
    disk.free()
    assert (data_dir / "rebound-tracker.sqlite3").read_bytes() == before
    assert stored_ids(data_dir / "rebound-tracker.sqlite3") == ids
    code, out, _ = run(data_dir, "dose", "list", "--json")
    assert code == 0 and len(__import__("json").loads(out)) == 3


def test_restore_needs_room_for_its_copies_or_moves_nothing(disk, run, tmp_path):
    data_dir = disk.path / "data"
    ids = logged_store(data_dir, run)
    code, out, _ = run(data_dir, "backup")
    assert code == 0
    manual = Path(out.strip())
    run(data_dir, "dose", "add", "--med", "concerta", "--mg", "54", "--at", "2026-03-04T08:00")
    now_ids = stored_ids(data_dir / "rebound-tracker.sqlite3")
    # Room for a little but not for the copies: refused before anything is moved.
    disk.fill(leave=96 * 1024)
    code, _out, err = run(data_dir, "restore", str(manual))
    assert code == 1 and "needs" in err and "full disk" in err, err
    assert stored_ids(data_dir / "rebound-tracker.sqlite3") == now_ids
    disk.free()
    code, _out, err = run(data_dir, "restore", str(manual))
    assert code == 0, err
    assert stored_ids(data_dir / "rebound-tracker.sqlite3") == ids


def test_a_read_only_disk_is_not_called_damaged(disk, run):
    data_dir = disk.path / "data"
    logged_store(data_dir, run)
    with disk.read_only():
        for args in (("dose", "list"), ("dose", "add", "--med", "concerta", "--mg", "18")):
            code, _out, err = run(data_dir, *args)
            assert code == 1
            assert "cannot be written here" in err and "not damaged" in err, err
            assert "restore" not in err.replace("do not restore", ""), err


def test_a_file_size_limit_is_a_full_disk_for_any_user(tmp_path, run):
    # The unprivileged equivalent of the tmpfs: SQLite's files may not grow past the limit.
    data_dir = tmp_path / "data"
    ids = logged_store(data_dir, run)
    (data_dir / "rebound-tracker.sqlite3-shm").unlink(missing_ok=True)  # as after a reboot
    limit = 8192  # smaller than the WAL index SQLite must create to read the file
    done = run_cli_limited(data_dir, "dose", "add", "--med", "concerta", "--mg", "18",
                           max_file_bytes=limit, env=worker_env())
    assert done.returncode == 1, done.stderr
    assert "full disk" in done.stderr and "damaged" not in done.stderr.replace(
        "not damaged", ""), done.stderr
    done = run_cli_limited(data_dir, "backup", max_file_bytes=limit, env=worker_env())
    assert done.returncode == 1, done.stderr
    assert not list((data_dir / "backups").glob("manual-*"))
    assert stored_ids(data_dir / "rebound-tracker.sqlite3") == ids


# --- 3. failed backups leave nothing, and only good ones count ------------------------------
def test_ten_full_disk_days_keep_the_ten_good_automatic_backups(disk):
    paths = AppPaths(disk.path / "data")
    paths.ensure()
    store = Store(paths.data_dir)
    try:
        store.add(*sample_entries())
        clock = Clock()
        backups = BackupService(paths, keep=10, clock=clock)
        good = []
        for _day in range(10):
            good.append(backups.backup_if_due())
            clock.now += timedelta(days=1, seconds=1)
        disk.fill(leave=4096)
        for _day in range(10):
            with pytest.raises(StoreUnavailable) as refused:
                backups.backup_if_due()
            assert refused.value.kind == "full"
            clock.now += timedelta(days=1, seconds=1)
        assert backup_files(paths.data_dir) == sorted(good)
        assert all(is_good_backup(p) for p in good)
        assert backups.newest_backup() == good[-1]
        disk.free()
        assert backups.backup_if_due() is not None  # due again once there is room
        assert len(backup_files(paths.data_dir)) == 10
    finally:
        store.close()


def test_start_up_on_a_full_disk_leaves_no_empty_automatic_backup(disk, run, caplog):
    data_dir = disk.path / "data"
    logged_store(data_dir, run)
    for path in backup_files(data_dir):
        path.unlink()  # an automatic backup is due at the next start
    database = data_dir / "rebound-tracker.sqlite3"
    # Room for SQLite's 32 KiB WAL index, not for a copy of the whole file.
    assert database.stat().st_size >= 56 * 1024
    disk.fill(leave=48 * 1024)
    code, out, err = run(data_dir, "dose", "list", "--json")
    assert code == 0, err  # a missed backup never keeps the person from their log
    assert len(__import__("json").loads(out)) == 3
    assert "automatic backup could not be written" in caplog.text  # on stderr outside pytest
    assert backup_files(data_dir) == []
    assert not [p for p in (data_dir / "backups").iterdir()]


def test_empty_and_torn_files_are_never_offered_or_counted(store: Store):
    store.add(*sample_entries())
    clock = Clock()
    backups = BackupService(store.paths, keep=2, clock=clock)
    real = backups.backup_if_due()
    directory = store.paths.backups_dir
    empty = directory / "auto-20990101T000000Z.sqlite3"
    empty.touch()
    torn = directory / "manual-20990101T000000Z.sqlite3"
    torn.write_bytes(real.read_bytes()[:3000])
    assert backups.newest_backup() == real
    assert backups.list_backups() == [real]
    for _day in range(3):
        clock.now += timedelta(days=1, seconds=1)
        assert backups.backup_if_due() is not None  # the empty "2099" file does not count
    autos = sorted(directory.glob("auto-*.sqlite3"))
    assert len(autos) == 2 and empty not in autos and all(is_good_backup(p) for p in autos)
    assert torn.exists()  # not verifiable, not ours to delete, never offered


def test_a_clock_in_2099_does_not_stop_automatic_backups(store: Store):
    store.add(*sample_entries())
    clock = Clock(NOW.replace(year=2099))
    backups = BackupService(store.paths, keep=10, clock=clock)
    assert backups.backup_if_due() is not None
    clock.now = NOW
    assert backups.backup_if_due() is not None
    clock.now += timedelta(days=1, seconds=1)
    assert backups.backup_if_due() is not None


# --- 4. a PDF that could not be written whole never replaces a good one ---------------------
def test_report_on_a_nearly_full_disk_keeps_the_earlier_pdf(disk, run):
    data_dir = disk.path / "data"
    logged_store(data_dir, run)
    out = disk.path / "summary.pdf"
    code, _out, err = run(data_dir, "report", "--from", "2026-03-01", "--to", "2026-03-05",
                          "--out", str(out))
    assert code == 0, err
    good = out.read_bytes()
    assert good.rstrip().endswith(b"%%EOF")
    disk.fill(leave=len(good) // 3)
    code, stdout, err = run(data_dir, "report", "--from", "2026-03-01", "--to", "2026-03-05",
                            "--out", str(out))
    assert code == 1, (stdout, err)
    assert "wrote" not in stdout and "full disk" in err, err
    assert out.read_bytes() == good
    assert [p.name for p in disk.path.iterdir() if p.name.startswith(".")] == []


def test_a_killed_restores_leftovers_are_cleared_by_the_next_one(store: Store, tmp_path):
    import os
    import time

    store.add(*sample_entries())
    backups = BackupService(store.paths)
    chosen = backups.backup(tmp_path / "chosen.sqlite3")
    old_stage = store.paths.data_dir / ".restore.sqlite3"
    old_part = store.paths.data_dir / "..restore-2.sqlite3.4242.part"
    young_part = store.paths.data_dir / "..restore-3.sqlite3.4343.part"
    for path in (old_stage, old_part, young_part):
        path.write_bytes(b"half a copy")
    an_hour_ago = time.time() - 3700
    for path in (old_stage, old_part):
        os.utime(path, (an_hour_ago, an_hour_ago))
    backups.restore(chosen)
    assert not old_stage.exists() and not old_part.exists()
    assert young_part.exists()  # may belong to another instance restoring right now
