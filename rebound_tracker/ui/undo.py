"""Undoable changes to the log: every add, edit and delete goes through the undo stack."""

from __future__ import annotations

from typing import Protocol, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

E = TypeVar("E")


class EntryStore(Protocol[E]):
    """What DoseService and CheckInService have in common for undo."""

    def store(self, entry: E) -> E: ...
    def replace(self, entry: E) -> E: ...
    def delete(self, entry_id: str) -> E: ...


class AddEntry(QUndoCommand):
    """Store a validated new entry; undo deletes it again."""

    def __init__(self, store: EntryStore, entry, text: str) -> None:
        super().__init__(text)
        self._store, self.entry = store, entry

    def redo(self) -> None:
        self._store.store(self.entry)

    def undo(self) -> None:
        self._store.delete(self.entry.id)


class DeleteEntry(QUndoCommand):
    """Delete an entry; undo puts it back with the same id and stamps."""

    def __init__(self, store: EntryStore, entry, text: str) -> None:
        super().__init__(text)
        self._store, self.entry = store, entry

    def redo(self) -> None:
        self.entry = self._store.delete(self.entry.id)

    def undo(self) -> None:
        self._store.store(self.entry)


class EditEntry(QUndoCommand):
    """Replace an entry with an edited version; undo restores the previous one."""

    def __init__(self, store: EntryStore, before, after, text: str) -> None:
        super().__init__(text)
        self._store, self.before, self.entry = store, before, after

    def redo(self) -> None:
        self._store.replace(self.entry)

    def undo(self) -> None:
        self._store.replace(self.before)


def push_entry(stack: QUndoStack, store: EntryStore, before, entry, what: str) -> None:
    """Log ``entry`` (``before`` is None) or replace ``before`` with it, undoably."""
    if before is None:
        stack.push(AddEntry(store, entry, f"log {what}"))
    else:
        stack.push(EditEntry(store, before, entry, f"edit {what}"))
