"""Storage fixtures: a real SQLite file in tmp_path, migrated to head."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.storage.database import make_session_factory, open_engine
from rebound_tracker.storage.migrate import upgrade_to_head


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rebound-tracker.sqlite3"


@pytest.fixture
def backups_dir(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def blank_engine(db_path: Path) -> Iterator[Engine]:
    """An engine on a file that has never been migrated."""
    engine = open_engine(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(blank_engine: Engine, db_path: Path, backups_dir: Path) -> Engine:
    upgrade_to_head(blank_engine, db_path, backups_dir)
    return blank_engine


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
