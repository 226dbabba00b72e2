"""Killing the process at any instant loses nothing that was acknowledged.

A real subprocess writes (logging, importing, backing up, migrating, restoring) and prints
each commit after it happens; the test kills it with SIGKILL at varied moments and then checks
that the database passes PRAGMA integrity_check and holds every acknowledged entry, that every
backup is whole, and that a restore leaves one backup's content or the other's.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import Store, sample_entries, worker_env

from rebound_tracker.services.backups import BackupService
from rebound_tracker.storage.backup import inspect_database
from rebound_tracker.storage.migrate import head_revision

WORKER = Path(__file__).with_name("crash_worker.py")

ROUNDS = 12
"""Kills per kind of write (half that for backups and migrations)."""

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


class Server:
    """One worker process that forks a fresh writer per round (start-up paid once)."""

    def __init__(self) -> None:
        env = worker_env()
        self.process = subprocess.Popen([sys.executable, str(WORKER), "serve"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=env)
        assert self.readline() == "serving"

    def readline(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the worker server stopped"
        return line.rstrip("\n")

    def run_then_kill(self, mode: str, data_dir: Path, lines_before_kill: int,
                      extra_delay_s: float, *, may_finish: bool = False,
                      extra: tuple[str, ...] = ()) -> list[str]:
        """Fork a writer, let it acknowledge some work, SIGKILL it; every line it printed."""
        assert self.process.stdin is not None
        self.process.stdin.write(" ".join([mode, str(data_dir), *extra]) + "\n")
        self.process.stdin.flush()
        pid = int(self.readline().split()[1])
        assert self.readline() == "ready"
        seen = []
        for _ in range(lines_before_kill):
            line = self.readline()
            # A writer that died on its own (an import error, say) must fail the test, not
            # leave it waiting for lines that will never come.
            assert line and not line.startswith("exited "), f"the writer stopped early: {seen}"
            seen.append(line)
        # Not a timing assertion: a varied pause so the kill lands at different points.
        time.sleep(extra_delay_s)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # already finished and reaped
            assert may_finish
        while True:
            line = self.readline()
            if line.startswith("exited "):
                killed = os.WIFSIGNALED(int(line.split()[1]))
                assert killed or may_finish, "the writer ended on its own"
                return seen
            seen.append(line)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server():
    started = Server()
    yield started
    started.close()


def acknowledged(lines: list[str]) -> set[str]:
    """Ids on complete "ack" lines (a line cut by the kill lacks its final " .")."""
    return {word for line in lines if line.startswith("ack ") and line.endswith(" .")
            for word in line.split()[2:-1]}


def stored_ids(database: Path) -> set[str]:
    inspect_database(database)  # raises if integrity_check fails
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in connection.execute(
            "SELECT id FROM doses UNION ALL SELECT id FROM checkins")}
    finally:
        connection.close()


@pytest.fixture
def prepared(make_store) -> Store:
    store = make_store()
    store.close()  # the worker is the only writer
    return store


@pytest.mark.parametrize("mode", ["log", "import"])
def test_kill_during_writes_keeps_every_acknowledged_entry(server, prepared: Store, mode):
    rng = random.Random(f"{mode}-20260302")
    everything: set[str] = set()
    for _round in range(ROUNDS):
        lines = server.run_then_kill(mode, prepared.paths.data_dir, rng.randint(1, 6),
                              rng.uniform(0, 0.01))
        everything |= acknowledged(lines)
        stored = stored_ids(prepared.paths.database)
        assert everything <= stored  # nothing acknowledged is lost
        if mode == "import":  # an import is all or nothing: whole batches of 50
            assert len(stored) % 50 == 0
    assert everything


def test_kill_during_backups_leaves_whole_backups(server, prepared: Store):
    rng = random.Random("backup-20260302")
    everything: set[str] = set()
    for _round in range(ROUNDS // 2):
        lines = server.run_then_kill("backup", prepared.paths.data_dir, rng.randint(2, 6),
                              rng.uniform(0, 0.01))
        everything |= acknowledged(lines)
        assert everything <= stored_ids(prepared.paths.database)
        finished = [Path(line.split()[1]) for line in lines
                    if line.startswith("backup ") and line.endswith(" .")]
        assert finished
        for path in prepared.paths.backups_dir.glob("*.sqlite3"):  # acked or not: all whole
            inspect_database(path)
        for path in finished:
            assert path.exists()


def test_kill_during_migration_leaves_old_or_new_schema(server, tmp_path):
    rng = random.Random("migrate-20260302")
    for attempt in range(ROUNDS // 2):
        data_dir = tmp_path / f"data{attempt}"
        server.run_then_kill("migrate", data_dir, 0, rng.uniform(0, 0.05), may_finish=True)
        database = data_dir / "rebound-tracker.sqlite3"
        facts = inspect_database(database)
        assert facts.revision in (None, head_revision())
        if facts.revision is None:  # never half-built: no tables without a revision
            assert not facts.tables
        store = Store(data_dir)  # and opening it afterwards finishes the job
        assert store.doses() == []
        store.close()


def test_kill_during_restore_leaves_one_backup_or_the_other(server, make_store, tmp_path):
    store = make_store()
    first_entries = sample_entries()
    store.add(*first_entries)
    backups = BackupService(store.paths)
    first = backups.backup(tmp_path / "first.sqlite3")
    more = sample_entries()
    store.add(*more)
    second = backups.backup(tmp_path / "second.sqlite3")
    store.close()
    states = ({e.id for e in first_entries}, {e.id for e in first_entries + more})
    rng = random.Random("restore-20260302")
    for _round in range(ROUNDS // 2):
        server.run_then_kill("restore", store.paths.data_dir, rng.randint(0, 3),
                             rng.uniform(0, 0.01), extra=(str(first), str(second)))
        assert stored_ids(store.paths.database) in states  # never a mixture
        for path in store.paths.backups_dir.glob("*.sqlite3"):
            inspect_database(path)


def test_kill_during_a_pre_migration_backup_leaves_no_empty_backup(server, tmp_path):
    from alembic import command

    from rebound_tracker.storage.backup import is_good_backup
    from rebound_tracker.storage.database import open_engine
    from rebound_tracker.storage.migrate import alembic_config

    # A store at the first schema with a few thousand entries: its backup takes a while.
    template = tmp_path / "template.sqlite3"
    engine = open_engine(template)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 20000) "
            "INSERT INTO doses (id, medication_id, mg, taken_at_utc, utc_offset_min, fed, note,"
            " created_at, modified_at) SELECT printf('%08d', v), 'concerta', 36, "
            "1772265660000000 + v * 60000000, 60, 0, 'a note of some length ' || v, "
            "1772265660000000, 1772265660000000 FROM n")
    engine.dispose()
    rng = random.Random("pre-migration-backup-20260302")
    for attempt in range(ROUNDS // 2):
        data_dir = tmp_path / f"data{attempt}"
        data_dir.mkdir()
        connection = sqlite3.connect(template)
        target = sqlite3.connect(data_dir / "rebound-tracker.sqlite3")
        connection.backup(target)
        target.close()
        connection.close()
        server.run_then_kill("migrate", data_dir, 0, rng.uniform(0, 0.08), may_finish=True)
        for path in (data_dir / "backups").glob("*.sqlite3"):
            assert path.stat().st_size > 0 and is_good_backup(path), path.name
        assert inspect_database(data_dir / "rebound-tracker.sqlite3").revision in (
            "0001", head_revision())
