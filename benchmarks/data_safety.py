"""Print timings of export, import, backup and the start-up integrity check on a 5-year store.

Run from the repository root: ``python benchmarks/data_safety.py``. Never part of the tests.
~5,500 doses and ~11,000 check-ins, the size PRODUCT.md budgets for.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.paths import AppPaths
from rebound_tracker.services.backups import BackupService
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.storage.backup import inspect_database
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import upgrade_to_head
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

START = datetime(2021, 3, 1, 7, 0, tzinfo=UTC)


def history() -> tuple[list[Dose], list[CheckIn]]:
    doses, checkins = [], []
    for day in range(5 * 365):
        base = START + timedelta(days=day)
        for hours in (0, 6, 9):
            doses.append(Dose("concerta", 36.0, LoggedTime(base + timedelta(hours=hours), 60),
                              note="with breakfast" if hours == 0 else ""))
        for hours in (1, 4, 8, 11, 13, 14)[: 6 if day % 5 else 5]:
            checkins.append(CheckIn(LoggedTime(base + timedelta(hours=hours), 60),
                                    mood=5 + day % 3, focus=4 + hours % 5, fatigue=3))
    return doses, checkins


def open_store(directory: Path):
    paths = AppPaths(directory)
    paths.ensure()
    engine = open_engine(paths.database)
    upgrade_to_head(engine, paths.database, paths.backups_dir)
    return paths, engine, make_session_factory(engine)


def timed(label: str, action, repeat: int = 1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<44} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="rebound-bench-"))
    paths, engine, sessions = open_store(work / "a")
    doses, checkins = history()
    with sessions.begin() as session:
        DoseRepository(session).insert_many(
            [d.__class__(**{**d.__dict__, "created_at": START, "modified_at": START})
             for d in doses])
        CheckInRepository(session).insert_many(
            [c.__class__(**{**c.__dict__, "created_at": START, "modified_at": START})
             for c in checkins])
    print(f"store: {len(doses)} doses, {len(checkins)} check-ins")
    portability = PortabilityService(sessions)
    exported = timed("export json", lambda: portability.export_json(work / "all.json"), 3)
    timed("export csv", lambda: portability.export_csv(work / "csv"), 3)
    _, _, other = open_store(work / "b")
    timed("import json into an empty store", lambda: PortabilityService(other).import_json(
        exported))
    timed("import json again (all unchanged)", lambda: PortabilityService(other).import_json(
        exported), 3)
    _, _, third = open_store(work / "c")
    timed("import csv into an empty store", lambda: PortabilityService(third).import_csv(
        [work / "csv"]))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"database size: {paths.database.stat().st_size / 1e6:.1f} MB")
    timed("integrity_check at start-up", lambda: inspect_database(paths.database), 5)
    backups = BackupService(paths)
    timed("backup (online API, verified)", backups.backup, 5)
    checkin_service = CheckInService(sessions)
    timed("log one check-in to committed (BEGIN IMMEDIATE)",
          lambda: checkin_service.add({"mood": 5, "focus": 5}), 20)
    engine.dispose()


if __name__ == "__main__":
    main()
