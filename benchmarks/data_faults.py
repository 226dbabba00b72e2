"""Print the fault figures: every command on a disk filled to the last few kilobytes, on a
read-only mount and under a file-size limit, and what each left behind.

Run from the repository root as root (it mounts tmpfs file systems):
``python benchmarks/data_faults.py``. Without root the tmpfs scenarios are skipped and only
the file-size-limit ones (RLIMIT_FSIZE, any user) run. Never part of the tests.

For each run it counts: entries lost (logged and acknowledged, or there before, and missing
once space is back), healthy files called damaged, empty or unverified files under a
backup's name, an empty database, and whether the message said what happened.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from rebound_tracker.cli import main as cli

LEAVE_BYTES = (0, 2048, 4096, 8192, 16384, 24576, 32768, 40960, 49152, 65536, 98304,
               131072, 196608, 262144, 524288)
OPERATIONS = (
    ("dose add", ("dose", "add", "--med", "concerta", "--mg", "36")),
    ("checkin add", ("checkin", "add", "--mood", "5", "--focus", "6")),
    ("dose list", ("dose", "list", "--json")),
    ("backup", ("backup",)),
    ("export json", ("export", "json", "--out", "{disk}/export.json")),
    ("import json", ("import", "json", "{work}/before.json")),
    ("report", ("report", "--from", "2026-01-01", "--to", "2026-12-31",
                "--out", "{disk}/summary.pdf")),
    ("restore", ("restore", "{work}/manual.sqlite3")),
)
PLACE_WORDS = ("full disk", "cannot be written here", "is busy", "cannot be reached")


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(["--data-dir", str(data_dir), *args])
    return code, out.getvalue(), err.getvalue()


def entry_ids(database: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {r[0] for r in connection.execute("SELECT id FROM doses UNION "
                                                 "SELECT id FROM checkins")}
    finally:
        connection.close()


def is_good_backup(path: Path) -> bool:
    try:
        return bool(path.stat().st_size) and bool(entry_ids(path) is not None)
    except (sqlite3.Error, AssertionError, OSError):
        return False


@contextlib.contextmanager
def mounted(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                    str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> None:
    fd = os.open(disk / "filler.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for block in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\xff" * block)
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)


def prepare(work: Path, data_dir: Path) -> set[str]:
    """A 30-day demo store with a manual backup and an export taken before the fault."""
    assert run(data_dir, "demo", "--days", "30")[0] == 0
    assert run(data_dir, "backup", "--out", str(work / "manual.sqlite3"))[0] == 0
    assert run(data_dir, "export", "json", "--out", str(work / "before.json"))[0] == 0
    for auto in (data_dir / "backups").glob("auto-*"):
        auto.unlink()  # so that every start-up below attempts its automatic backup
    return entry_ids(data_dir / "rebound-tracker.sqlite3")


class Tally:
    def __init__(self) -> None:
        self.runs = 0
        self.outcomes: Counter[str] = Counter()
        self.lost = self.false_damaged = self.bad_backups = self.empty_db = 0
        self.unexplained = 0
        self.notes: list[str] = []

    def record(self, name: str, code: int, err: str) -> None:
        self.runs += 1
        self.outcomes["done" if code == 0 else f"refused (exit {code})"] += 1
        said = err.replace("not damaged", "")
        if "damaged" in said or "rebound-tracker restore" in said:
            self.false_damaged += 1
            self.notes.append(f"{name}: {err.strip()[:160]}")
        if code != 0 and not any(word in err for word in PLACE_WORDS):
            self.unexplained += 1
            self.notes.append(f"{name} (no reason given): {err.strip()[:160]}")

    def check_after(self, data_dir: Path, expected: set[str]) -> None:
        database = data_dir / "rebound-tracker.sqlite3"
        if not database.exists() or database.stat().st_size == 0:
            self.empty_db += 1
            return
        self.lost += len(expected - entry_ids(database))
        for path in (data_dir / "backups").glob("*.sqlite3"):
            if not is_good_backup(path):
                self.bad_backups += 1
                self.notes.append(f"unverified backup left: {path.name}")

    def print(self, title: str) -> None:
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(self.outcomes.items()))
        print(f"{title}: {self.runs} runs ({outcomes})")
        print(f"  entries lost {self.lost} · healthy file called damaged {self.false_damaged}"
              f" · empty/unverified backups kept {self.bad_backups} · empty database "
              f"{self.empty_db} · refusals without a reason {self.unexplained}")
        for note in self.notes[:10]:
            print(f"    {note}")


def full_disks(root: Path) -> Tally:
    tally = Tally()
    for leave in LEAVE_BYTES:
        work = root / f"work-{leave}"
        work.mkdir()
        with mounted(root / f"disk-{leave}", "4m") as disk:
            data_dir = disk / "data"
            before = prepare(work, data_dir)
            fill(disk, leave)
            acknowledged: set[str] = set()
            for name, args in OPERATIONS:
                argv = [a.format(disk=disk, work=work) for a in args]
                code, out, err = run(data_dir, *argv)
                tally.record(f"{name} @ {leave} B free", code, err)
                if code == 0 and name in ("dose add", "checkin add"):
                    acknowledged.add(out.strip())
                if name == "restore" and code == 0:
                    before, acknowledged = entry_ids(work / "manual.sqlite3"), set()
            (disk / "filler.bin").unlink()
            tally.check_after(data_dir, before | acknowledged)
    return tally


def read_only(root: Path) -> Tally:
    tally = Tally()
    work = root / "work-ro"
    work.mkdir()
    with mounted(root / "disk-ro", "4m") as disk:
        data_dir = disk / "data"
        before = prepare(work, data_dir)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for name, args in OPERATIONS:
            code, _out, err = run(data_dir, *[a.format(disk=disk, work=work) for a in args])
            tally.record(f"{name} read-only", code, err)
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        tally.check_after(data_dir, before)
    return tally


def file_size_limits(root: Path) -> Tally:
    tally = Tally()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for limit in (4096, 16384, 32768, 65536, 131072):
        work = root / f"work-limit-{limit}"
        work.mkdir()
        data_dir = work / "data"
        before = prepare(work, data_dir)
        for name, args in OPERATIONS[:4]:  # subprocesses: the limit applies to the child only
            done = subprocess.run(
                [sys.executable, "-m", "rebound_tracker", "--data-dir", str(data_dir), *args],
                capture_output=True, text=True, env=env, preexec_fn=lambda lim=limit:
                resource.setrlimit(resource.RLIMIT_FSIZE, (lim, lim)))
            tally.record(f"{name} under {limit} B", done.returncode, done.stderr)
            if done.returncode == 0 and name.endswith(" add"):
                before.add(done.stdout.strip())
        tally.check_after(data_dir, before)
    return tally


def restore_chain(root: Path) -> None:
    """Restore the oldest pre-restore copy after ten restores in a row (issue item 1)."""
    data_dir = root / "chain"
    run(data_dir, "demo", "--days", "10")
    run(data_dir, "backup", "--out", str(root / "chosen.sqlite3"))
    for i in range(10):
        run(data_dir, "dose", "add", "--med", "concerta", "--mg", "18", "--note", f"n{i}")
        run(data_dir, "restore", str(root / "chosen.sqlite3"))
    oldest = sorted((data_dir / "backups").glob("pre-restore-*.sqlite3"))[0]
    expected = entry_ids(oldest)
    started = time.perf_counter()
    code, _out, err = run(data_dir, "restore", str(oldest))
    took = time.perf_counter() - started
    same = code == 0 and entry_ids(data_dir / "rebound-tracker.sqlite3") == expected
    print(f"restore of the oldest pre-restore copy after 10 restores: exit {code}, "
          f"data as in that copy: {same} ({took * 1000:.0f} ms){' ' + err if code else ''}")


def backup_verification_cost(root: Path) -> None:
    """Rotation now checks each backup with integrity_check: its cost on a 5-year store."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from data_safety import START, history, open_store

    try:
        from rebound_tracker.storage.backup import _VERIFIED
        from rebound_tracker.storage.backup import is_good_backup as verified
    except ImportError:  # a version from before backups were verified by their readers
        print("backup verification cost: not in this version")
        return
    from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

    paths, engine, sessions = open_store(root / "five-years")
    doses, checkins = history()
    stamped = {"created_at": START, "modified_at": START}
    with sessions.begin() as session:
        DoseRepository(session).insert_many([replace(d, **stamped) for d in doses])
        CheckInRepository(session).insert_many([replace(c, **stamped) for c in checkins])
    engine.dispose()
    from rebound_tracker.services.backups import BackupService

    copies = [BackupService(paths).backup() for _ in range(10)]
    times = []
    for _ in range(3):
        _VERIFIED.clear()
        started = time.perf_counter()
        assert all(verified(p) for p in copies)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    assert all(verified(p) for p in copies)
    cached = time.perf_counter() - started
    size = copies[0].stat().st_size / 1e6
    print(f"integrity_check of 10 backups of the 5-year store ({size:.1f} MB each): median "
          f"{statistics.median(times) * 1000:.0f} ms first time, {cached * 1000:.2f} ms "
          "when already checked (same file, size, time)")


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="rebound-faults-"))
    try:
        restore_chain(root)
        backup_verification_cost(root)
        if os.geteuid() == 0 and shutil.which("mount"):
            full = full_disks(root)
            full.print(f"full disk, {len(LEAVE_BYTES)} levels of free space from 0 to "
                       f"{LEAVE_BYTES[-1] // 1024} KiB × {len(OPERATIONS)} commands")
            read_only(root).print("read-only mount × " + str(len(OPERATIONS)) + " commands")
        else:
            print("full-disk and read-only scenarios skipped: mounting a tmpfs needs root")
        file_size_limits(root).print("file-size limit (RLIMIT_FSIZE) 4-128 KiB × 4 commands")
        print("checked afterwards, with the space back: each database passes integrity_check"
              " and holds what it held plus every acknowledged entry (or a restored backup)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
