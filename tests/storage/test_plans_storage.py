"""The plans table: its migration (0003 -> 0004 keeps data, downgrades cleanly) and the
repository's stamps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command

from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import (
    alembic_config,
    current_revision,
    upgrade_to_head,
)
from rebound_tracker.storage.plans import PlanRepository

RECORD = {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "name": "taper",
          "medication": "intuniv", "kind": "taper", "start": "2027-01-04", "timezone": "",
          "steps": [{"days": 7, "doses": [{"mg": 4.0, "at": "08:00"}]},
                    {"days": None, "doses": []}]}


def test_upgrade_from_0003_keeps_entries_adds_plans_and_downgrades(tmp_path):
    db = tmp_path / "db.sqlite3"
    engine = open_engine(db)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('weight_kg', '64')")
    assert upgrade_to_head(engine, db, tmp_path / "backups") is not None
    assert current_revision(engine) >= "0004"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM settings").fetchone() == ("64",)
        assert con.execute("SELECT count(*) FROM plans").fetchone() == (0,)
        indexes = {r[1] for r in con.execute("PRAGMA index_list(plans)")}
        assert "ix_plans_medication_id" in indexes
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0003")
    with sqlite3.connect(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "plans" not in tables and "settings" in tables
    engine.dispose()


def test_the_repository_keeps_records_and_stamps(tmp_path):
    engine = open_engine(tmp_path / "db.sqlite3")
    upgrade_to_head(engine, tmp_path / "db.sqlite3", tmp_path / "backups")
    clock = [datetime(2027, 1, 1, tzinfo=UTC)]
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        repo = PlanRepository(session, clock=lambda: clock[0])
        assert repo.put(RECORD)
        assert not repo.put(RECORD)  # unchanged: not touched
        stored = repo.get(RECORD["id"])
        assert stored["created_at"] == stored["modified_at"] == clock[0].isoformat()
        clock[0] = datetime(2026, 1, 1, tzinfo=UTC)  # the wall clock went back
        assert repo.put({**RECORD, "name": "renamed"})
        again = repo.get(RECORD["id"])
        assert again["name"] == "renamed" and again["modified_at"] > stored["modified_at"]
        assert repo.delete(RECORD["id"])["name"] == "renamed"
        with pytest.raises(NotFound):
            repo.delete(RECORD["id"])
    engine.dispose()
