"""What dose and check-in services share: storing, replacing, deleting and listing entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

E = TypeVar("E")


class EntryRepository(Protocol[E]):
    def add(self, entry: E) -> E: ...
    def update(self, entry: E) -> E: ...
    def delete(self, entry_id: str) -> E: ...
    def get(self, entry_id: str) -> E | None: ...
    def list(self, start: datetime | None = None, end: datetime | None = None) -> list[E]: ...
    def count(self) -> int: ...


class EntryStoreService(Generic[E]):
    """One transaction per call over a repository of one entry kind."""

    def __init__(
        self, session_factory: sessionmaker[Session],
        repository: Callable[[Session], EntryRepository[E]],
    ) -> None:
        self._sessions = session_factory
        self._repository = repository

    def store(self, entry: E) -> E:
        """Store an entry made by ``build``, or put back a deleted one (undo)."""
        with self._sessions.begin() as session:
            return self._repository(session).add(entry)

    def replace(self, entry: E) -> E:
        """Overwrite the stored entry with the same id (an edit, or undoing one)."""
        with self._sessions.begin() as session:
            return self._repository(session).update(entry)

    def delete(self, entry_id: str) -> E:
        """Delete an entry and return it, so the caller can offer undo via :meth:`store`."""
        with self._sessions.begin() as session:
            return self._repository(session).delete(entry_id)

    def get(self, entry_id: str) -> E | None:
        with self._sessions() as session:
            return self._repository(session).get(entry_id)

    def list(self, start: datetime | None = None, end: datetime | None = None) -> list[E]:
        """Entries with start <= instant < end (aware datetimes), oldest first."""
        with self._sessions() as session:
            return self._repository(session).list(start, end)

    def count(self) -> int:
        with self._sessions() as session:
            return self._repository(session).count()
