"""A process that writes to a store until it is killed, printing what it has committed.

Run by test_crash_safety.py and test_two_instances.py, never collected by pytest. Usage:
``python crash_worker.py MODE DATA_DIR [COUNT]``. Each line on stdout is printed (and flushed)
only after the transaction it reports has committed: "ack <kind> <id>... ." for entries,
"backup <path> ." for a finished backup, "ready" once set up. A line cut short by the kill
lacks the final " ." and acknowledges nothing. MODE is one of log, import, backup, migrate,
log-count (log COUNT entries, bumping a shared counter, then exit), restore (restore
the two backup files given, in turn).

``python crash_worker.py serve`` pays the start-up (imports) once and then, for each line
"MODE DATA_DIR [COUNT]" on stdin, forks a child that prints "pid <pid>" and runs MODE; when
the child ends (or is killed) the server prints an empty line and "exited <status>".
"""

from __future__ import annotations

import itertools
import json
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.paths import AppPaths
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
    SettingsRepository,
)

BASE = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def say(*words: object) -> None:
    print(*words, flush=True)


def ack(*words: object) -> None:
    say(*words, ".")


def entry(i: int) -> Dose | CheckIn:
    when = LoggedTime(BASE + timedelta(minutes=7 * i), 60 * (i % 5) - 120)
    if i % 2:
        return CheckIn(when, mood=i % 11, focus=(3 * i) % 11, note=f"check-in {i} " * 3)
    return Dose("concerta", 18.0 + i % 3 * 18, when, fed=bool(i % 4), note=f"dose {i} " * 5)


def log_forever(sessions) -> None:
    for i in itertools.count():
        item = entry(i)
        with sessions.begin() as session:
            repo = DoseRepository(session) if isinstance(item, Dose) else CheckInRepository(session)
            repo.add(item)
        ack("ack", type(item).__name__, item.id)


def log_count(sessions, count: int) -> None:
    for i in range(count):
        item = entry(i)
        with sessions.begin() as session:
            # Read first, write later (as an edit does): a lost update would show in the
            # final count, and a transaction that cannot take the write lock would fail.
            settings = SettingsRepository(session)
            counter = int(settings.get("counter") or 0)
            repo = DoseRepository(session) if isinstance(item, Dose) else CheckInRepository(session)
            repo.add(item)
            settings.set("counter", str(counter + 1))
        ack("ack", type(item).__name__, item.id)


def import_forever(paths: AppPaths, sessions) -> None:
    from rebound_tracker.services.portability import PortabilityService

    service = PortabilityService(sessions)
    document_path = paths.data_dir / "to-import.json"
    for batch in itertools.count():
        doses = [{"id": str(uuid.uuid4()), "taken_at": "2026-03-02T08:00:00+01:00",
                  "medication": "concerta", "dose_mg": 36.0, "fed": False,
                  "note": f"batch {batch} row {row}"} for row in range(50)]
        document_path.write_text(json.dumps({"format": "rebound-tracker", "version": 1,
                                             "doses": doses}), "utf-8")
        service.import_json(document_path)
        ack("ack", "Dose", *(d["id"] for d in doses))


def backup_forever(paths: AppPaths, sessions) -> None:
    from rebound_tracker.services.backups import BackupService

    backups = BackupService(paths)
    for i in itertools.count():
        item = entry(2 * i)
        with sessions.begin() as session:
            DoseRepository(session).add(item)
        ack("ack", "Dose", item.id)
        ack("backup", backups.backup())


def serve() -> None:
    import os

    import rebound_tracker.services.backups
    import rebound_tracker.services.portability
    import rebound_tracker.storage.migrate  # noqa: F401  (imported once, before forking)

    say("serving")
    for command in sys.stdin:
        child = os.fork()
        if child == 0:
            try:
                say("pid", os.getpid())
                run(*command.split())
            finally:
                sys.stdout.flush()
                os._exit(0)
        _, status = os.waitpid(child, 0)
        say()
        say("exited", status)


def restore_forever(paths: AppPaths, first: str, second: str) -> None:
    from rebound_tracker.services.backups import BackupService

    backups = BackupService(paths)
    for i in itertools.count():
        source = first if i % 2 == 0 else second
        backups.restore(Path(source))
        ack("restored", source)


def main() -> None:
    if sys.argv[1] == "serve":
        serve()
    else:
        run(*sys.argv[1:])


def run(mode: str, data_dir_text: str, *extra: str) -> None:
    data_dir = Path(data_dir_text)
    paths = AppPaths(data_dir)
    paths.ensure()
    if mode == "restore":
        say("ready")
        restore_forever(paths, *extra)
        return
    engine = open_engine(paths.database)
    if mode == "migrate":
        from rebound_tracker.storage.migrate import upgrade_to_head

        say("ready")
        upgrade_to_head(engine, paths.database, paths.backups_dir)
        say("migrated")
        return
    sessions = make_session_factory(engine)
    say("ready")
    if mode == "log":
        log_forever(sessions)
    elif mode == "log-count":
        log_count(sessions, int(extra[0]))
    elif mode == "import":
        import_forever(paths, sessions)
    elif mode == "backup":
        backup_forever(paths, sessions)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
