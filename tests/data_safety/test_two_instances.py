"""Two processes writing to one data directory at once (the window and the command line):
every entry arrives, no update is lost, the file stays sound."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from safety_helpers import Store, worker_env

from rebound_tracker.storage.backup import inspect_database

WORKER = Path(__file__).with_name("crash_worker.py")
EACH = 150


def test_two_processes_logging_at_once_lose_nothing(make_store):
    store: Store = make_store()
    store.close()
    env = worker_env()
    workers = [subprocess.Popen([sys.executable, str(WORKER), "log-count",
                                 str(store.paths.data_dir), str(EACH)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env) for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    acked = {line.split()[2] for out, _ in outputs for line in out.splitlines()
             if line.startswith("ack ")}
    assert len(acked) == 2 * EACH

    inspect_database(store.paths.database)
    connection = sqlite3.connect(store.paths.database)
    try:
        stored = {row[0] for row in connection.execute(
            "SELECT id FROM doses UNION ALL SELECT id FROM checkins")}
        counter = connection.execute(
            "SELECT value FROM settings WHERE key = 'counter'").fetchone()
    finally:
        connection.close()
    assert stored == acked
    # Each transaction read the counter and wrote it + 1: any lost update would show here.
    assert counter == (str(2 * EACH),)
