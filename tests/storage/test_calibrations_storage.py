"""The calibrations table: its migration (0004 -> 0005 keeps data, downgrades cleanly) and
the history read back in order, the newest row per family in force."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from alembic import command

from rebound_tracker.domain.calibration import (
    ACCEPTED,
    REVERTED,
    AcceptedCalibration,
    PersonalTiming,
)
from rebound_tracker.storage.calibrations import CalibrationRepository
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import alembic_config, current_revision, upgrade_to_head


def row(rid: str, day: int, kind: str = ACCEPTED, delay: float = 0.25) -> AcceptedCalibration:
    timing = PersonalTiming("methylphenidate", effect_delay_h=delay if kind == ACCEPTED
                            else 0.0)
    return AcceptedCalibration(rid, datetime(2026, 11, day, 9, tzinfo=UTC), kind, timing,
                               "ritalin", 300, date(2026, 8, 1), date(2026, 10, 31), 1.1, 1.0,
                               None, ("effect_delay_h",))


def test_upgrade_from_0004_adds_calibrations_and_downgrades(tmp_path):
    db = tmp_path / "db.sqlite3"
    engine = open_engine(db)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
        connection.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('weight_kg', '64')")
    assert upgrade_to_head(engine, db, tmp_path / "backups") is not None
    assert current_revision(engine) >= "0005"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM settings").fetchone() == ("64",)
        assert con.execute("SELECT count(*) FROM calibrations").fetchone() == (0,)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0004")
    with sqlite3.connect(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "calibrations" not in tables and "settings" in tables
    engine.dispose()


def test_history_newest_first_and_in_force(tmp_path):
    engine = open_engine(tmp_path / "db.sqlite3")
    upgrade_to_head(engine, tmp_path / "db.sqlite3", tmp_path / "backups")
    sessions = make_session_factory(engine)
    ids = ["1b4e28ba-2fa1-11d2-883f-0016d3cca42" + str(i) for i in range(3)]
    with sessions.begin() as session:
        repo = CalibrationRepository(session)
        repo.add(row(ids[0], 1))
        repo.add(row(ids[2], 3, REVERTED))
        repo.add(row(ids[1], 2, delay=0.5))
    with sessions() as session:
        repo = CalibrationRepository(session)
        assert [r.id for r in repo.history()] == [ids[2], ids[1], ids[0]]
        assert repo.in_force()["methylphenidate"].kind == REVERTED
        assert repo.get(ids[1]) == row(ids[1], 2, delay=0.5)
    engine.dispose()
