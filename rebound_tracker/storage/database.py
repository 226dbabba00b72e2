"""Opening the SQLite database: one engine per process, settings applied to every connection."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.storage.faults import raise_if_unavailable, unavailable_kind

BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for another process's lock (e.g. the CLI beside the GUI)."""
WINDOW_BUSY_TIMEOUT_MS = 300
"""The window waits this long instead: a person who pressed Log should not see a frozen
window for seconds; they are told another program is writing and can press it again."""

FILE_MODE = 0o600
"""Health data: the database and every backup are readable by the owner only."""


def open_engine(db_path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for the SQLite file at ``db_path``; the file is created owner-only if absent.

    The parent directory must exist (``AppPaths.ensure`` makes it). No connection is opened
    here; the first one is opened lazily by whoever uses the engine.
    """
    path = Path(db_path)
    create_private_file(path)
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))
    event.listen(engine, "connect",
                 lambda dbapi, _record: _configure_connection(dbapi, busy_timeout_ms))
    event.listen(engine, "begin", _emit_begin)
    event.listen(engine, "handle_error",
                 lambda context: _say_why_unavailable(context, path.parent))
    return engine


def _say_why_unavailable(context, directory: Path) -> None:
    # One place turns "the store can't take this now" into an error every front end words:
    # the services' callers never see a raw OperationalError for a lock or a full disk, and
    # a full or read-only disk is never taken for a damaged file (see storage/faults.py).
    raise_if_unavailable(context.original_exception, directory)


class StoreSession(Session):
    """A Session whose explicit ``begin()`` (``with session_factory.begin()``, the services'
    write transactions) starts with BEGIN IMMEDIATE; sessions used only to read keep a
    deferred BEGIN, so they never wait for, nor hold up, a writer."""

    def begin(self, nested: bool = False):
        transaction = super().begin(nested=nested)
        if not nested:
            self.connection(execution_options={WRITE_OPTION: True})
        return transaction


WRITE_OPTION = "rebound_write"

__all__ = ["unavailable_kind"]  # re-exported: callers that only know the engine's module


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (services return them to the UI)."""
    return sessionmaker(bind=engine, class_=StoreSession, expire_on_commit=False)


def create_private_file(path: Path) -> bool:
    """Create an empty file with mode 0o600 unless it exists; True if it was created.

    SQLite gives its -wal and -shm files the mode of the database file, so making the main
    file private here covers those too. An empty file is a valid, empty SQLite database.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def _configure_connection(dbapi_connection, busy_timeout_ms: int) -> None:
    # Take transaction control away from Python's sqlite3 "legacy" mode, which never BEGINs
    # before DDL or SELECT: a migration must be one transaction that rolls back whole, and
    # reads inside a session must see one snapshot. _emit_begin issues BEGIN instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first, so switching to WAL waits for a lock rather than failing.
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power loss. A dose
        # the person just logged should survive that, and one fsync per commit stays well
        # inside the 20 ms budget for logging a dose.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _emit_begin(connection) -> None:
    # Write transactions (see StoreSession) take the write lock when they start, waiting up
    # to the busy timeout for another instance (the CLI beside the window) to finish. With a
    # deferred BEGIN, a transaction that reads and then writes after the other instance
    # committed fails at once with SQLITE_BUSY, without waiting, and the person's entry would
    # be refused. In WAL mode readers are never blocked by that lock.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
