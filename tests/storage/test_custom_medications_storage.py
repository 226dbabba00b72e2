"""The person's own formulations are stored verbatim (JSON text, byte for byte) and survive
the schema upgrade."""

from __future__ import annotations

import sqlite3

import pytest

from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import current_revision, head_revision, upgrade_to_head

DEFINITION = '{"components": [{"fraction": 1.0}], "id": "my-mph-er", "note": "ünïcode ✓"}'
RENAMED = DEFINITION.replace('"id"', '"name": "Renamed", "id"')


def test_put_get_replace_delete(tmp_path):
    engine = open_engine(tmp_path / "db.sqlite3")
    upgrade_to_head(engine, tmp_path / "db.sqlite3", tmp_path / "backups")
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        CustomMedicationRepository(session).put("my-mph-er", DEFINITION)
    with sessions.begin() as session:
        repo = CustomMedicationRepository(session)
        assert repo.get("my-mph-er") == DEFINITION
        repo.put("my-mph-er", RENAMED)
    with sessions.begin() as session:
        repo = CustomMedicationRepository(session)
        assert repo.all() == [("my-mph-er", RENAMED)]
        assert repo.delete("my-mph-er") == RENAMED
        with pytest.raises(NotFound):
            repo.delete("my-mph-er")
    engine.dispose()


def test_upgrade_from_0001_keeps_entries_and_adds_the_table(tmp_path):
    db = tmp_path / "db.sqlite3"
    engine = open_engine(db)
    from alembic import command

    from rebound_tracker.storage.migrate import alembic_config

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('weight_kg', '64')")
    assert current_revision(engine) == "0001"
    backup = upgrade_to_head(engine, db, tmp_path / "backups")
    assert current_revision(engine) == head_revision()  # 0002 and everything after it
    assert backup is not None  # a database with data is backed up before it is upgraded
    engine.dispose()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM settings").fetchone() == ("64",)
        assert con.execute("SELECT count(*) FROM custom_medications").fetchone() == (0,)
