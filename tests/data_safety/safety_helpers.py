"""Helpers for the data-safety tests: a store over a real SQLite file, awkward sample entries.

Services are built from storage directly, clear of the medication library.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.paths import AppPaths
from rebound_tracker.services.portability import PortabilityService
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import upgrade_to_head
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
"""After every sample entry: imports ask about entries in the future."""


class Store:
    """One data directory with an open engine, as a front end would have it."""

    def __init__(self, data_dir: Path) -> None:
        self.paths = AppPaths(data_dir)
        self.paths.ensure()
        self.engine: Engine = open_engine(self.paths.database)
        upgrade_to_head(self.engine, self.paths.database, self.paths.backups_dir)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)
        self.portability = PortabilityService(self.sessions, clock=lambda: NOW)

    def add(self, *entries: Dose | CheckIn) -> None:
        with self.sessions.begin() as session:
            for entry in entries:
                repo = (DoseRepository(session) if isinstance(entry, Dose)
                        else CheckInRepository(session))
                repo.add(entry)

    def doses(self) -> list[Dose]:
        with self.sessions() as session:
            return DoseRepository(session).list()

    def checkins(self) -> list[CheckIn]:
        with self.sessions() as session:
            return CheckInRepository(session).list()

    def close(self) -> None:
        self.engine.dispose()


def at(text: str) -> LoggedTime:
    return LoggedTime.from_aware(datetime.fromisoformat(text))


def sample_entries() -> list[Dose | CheckIn]:
    """Entries with the awkward cases: offsets, microseconds, formulas, quotes, new lines."""
    return [
        Dose("concerta", 36.0, at("2026-03-02T07:30:00+01:00"), fed=True, note="with toast"),
        Dose("methylphenidate-ir", 2.5, at("2026-03-02T14:05:07.123456+05:45"),
             note='=HYPERLINK("http://x","click"), then "quotes"\nand a second line'),
        Dose("concerta", 0.1 + 0.2, at("2026-03-29T01:59:59-04:00"), note="'already quoted"),
        CheckIn(at("2026-03-02T10:00:00+01:00"), mood=6, focus=7, irritability=2,
                note="+1 good; ünïcödé ✓"),
        CheckIn(at("2026-03-02T17:30:00-09:30"), mood=0, focus=10, fatigue=9, anxiety=0,
                restlessness=3, note="-crash @5pm\t"),
    ]


def worker_env() -> dict[str, str]:
    """Environment for a worker subprocess that imports the same rebound_tracker as this
    test (the installed wheel in CI, the source tree in development) — never the checkout's
    source just because it is the repository root."""
    import os

    import rebound_tracker

    return {**os.environ, "PYTHONPATH": str(Path(rebound_tracker.__file__).resolve().parents[1])}
