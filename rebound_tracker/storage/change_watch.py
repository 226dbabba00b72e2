"""Has another program written to the database? SQLite's ``PRAGMA data_version``.

The window keeps the log on screen while the command line (or a second device's sync, or
a script) may add to it. SQLite gives every connection a counter that moves when *another*
connection commits; this module holds one connection of its own just to read it. Commits
made by this process's sessions are taken in as they happen (the session factory's
``after_commit``, for sessions that wrote), so the question answered is "did someone else
write", and the window, which already refreshes after its own changes, does not redraw
twice.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

_WROTE = "rebound_tracker.wrote"
"""``Session.info`` key: the session wrote in its current transaction."""


def _note_write(session: Session, _flush_context: object) -> None:
    session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


class ChangeWatch:
    """``changed_elsewhere()``: True once after each commit by another connection."""

    def __init__(self, db_path: Path, sessions: sessionmaker[Session]) -> None:
        self._path = Path(db_path)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None
        event.listen(sessions, "after_flush", _note_write)
        event.listen(sessions, "do_orm_execute", _note_statement)
        event.listen(sessions, "after_commit", self._after_commit)

    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (the first call only
        notes where things stand). A database that cannot be read now answers False: the
        next write or refresh will say what is wrong with it."""
        with self._lock:
            version = self._version()
            if version is None:
                return False
            changed = self._seen is not None and version != self._seen
            self._seen = version
            return changed

    def close(self) -> None:
        """Let go of the file (before a restore replaces it); the next call reopens it."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
            self._connection, self._seen = None, None

    def _after_commit(self, session: Session) -> None:
        # One of our own sessions committed a write: it is not news to the window. A commit
        # by someone else just before it is taken in too, harmlessly: the window refreshes
        # after its own change and reads that as well. A session that only read must not
        # take anything in: the window does not refresh after a read.
        if session.info.pop(_WROTE, False):
            self._take_in()

    def _take_in(self) -> None:
        with self._lock:
            if self._seen is not None:
                self._seen = self._version()

    def _version(self) -> int | None:
        try:
            if self._connection is None:
                # mode=rw: never create a file that is not there; autocommit: never hold a
                # transaction open (it would pin the WAL and block checkpoints).
                self._connection = sqlite3.connect(
                    f"{self._path.resolve().as_uri()}?mode=rw", uri=True, timeout=0,
                    isolation_level=None, check_same_thread=False)
            row = self._connection.execute("PRAGMA data_version").fetchone()
            return int(row[0])
        except sqlite3.Error:
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            return None
