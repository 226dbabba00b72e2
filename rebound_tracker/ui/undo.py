"""Undoable changes to the log: every add, edit and delete goes through the undo stack.

The first write happens *before* the command is pushed: a write the store refuses (another
program holds the lock, the disk is full, the folder is read-only) raises to the form that
asked, which keeps what the person typed and says why, and the undo stack never records
something that did not happen. A later undo or redo that the store refuses changes nothing,
takes the command off the stack (it no longer describes the store) and reports why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from rebound_tracker.domain.errors import NotFound, ReboundError, ValidationError

E = TypeVar("E")
Report = Callable[[str], None]


class EntryStore(Protocol[E]):
    """What DoseService and CheckInService have in common for undo."""

    def store(self, entry: E) -> E: ...
    def replace(self, entry: E) -> E: ...
    def delete(self, entry_id: str) -> E: ...


def _ignore(_message: str) -> None:
    return None


class UndoStack(QUndoStack):
    """The window's one undo stack; ``refused`` says why an undo or redo changed nothing."""

    refused = Signal(str)


def _reporter(stack: QUndoStack, report: Report | None) -> Report:
    if report is not None:
        return report
    return stack.refused.emit if isinstance(stack, UndoStack) else _ignore


class _EntryCommand(QUndoCommand):
    """A change already made once; ``redo``/``undo`` repeat or revert it."""

    def __init__(self, text: str, report: Report) -> None:
        super().__init__(text)
        self._report = report
        self._applied = True  # the first redo() — Qt's, on push — must not write again

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._attempt(f"redo “{self.text()}”", self.forward)

    def undo(self) -> None:
        self._attempt(f"undo “{self.text()}”", self.backward)

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError

    def _attempt(self, doing: str, change: Callable[[], object]) -> None:
        try:
            change()
        except ReboundError as error:
            self.setObsolete(True)
            message = refusal(doing, error)
            # Not from inside the stack's own undo()/redo().
            QTimer.singleShot(0, lambda: self._report(message))


class AddEntry(_EntryCommand):
    """A stored new entry; undo deletes it again."""

    def __init__(self, store: EntryStore, entry, text: str, report: Report = _ignore) -> None:
        super().__init__(text, report)
        self._store, self.entry = store, entry

    def forward(self) -> None:
        self._store.store(self.entry)

    def backward(self) -> None:
        self._store.delete(self.entry.id)


class DeleteEntry(_EntryCommand):
    """A deleted entry; undo puts it back with the same id and stamps."""

    def __init__(self, store: EntryStore, entry, text: str, report: Report = _ignore) -> None:
        super().__init__(text, report)
        self._store, self.entry = store, entry

    def forward(self) -> None:
        self.entry = self._store.delete(self.entry.id)

    def backward(self) -> None:
        self._store.store(self.entry)


class EditEntry(_EntryCommand):
    """An entry replaced with an edited version; undo restores the previous one."""

    def __init__(self, store: EntryStore, before, after, text: str,
                 report: Report = _ignore) -> None:
        super().__init__(text, report)
        self._store, self.before, self.entry = store, before, after

    def forward(self) -> None:
        self._store.replace(self.entry)

    def backward(self) -> None:
        self._store.replace(self.before)


def push_entry(stack: QUndoStack, store: EntryStore, before, entry, what: str,
               report: Report | None = None):
    """Log ``entry`` (``before`` is None) or replace ``before`` with it, then make it
    undoable. A refused write raises (ReboundError) and the stack is left as it was."""
    if before is None:
        stored = store.store(entry)
        stack.push(AddEntry(store, stored, f"log {what}", _reporter(stack, report)))
    else:
        stored = store.replace(entry)
        stack.push(EditEntry(store, before, stored, f"edit {what}", _reporter(stack, report)))
    return stored


def push_delete(stack: QUndoStack, store: EntryStore, entry, what: str,
                report: Report | None = None):
    """Delete ``entry`` now, then make it undoable; a refused delete raises."""
    deleted = store.delete(entry.id)
    stack.push(DeleteEntry(store, deleted, f"delete {what}", _reporter(stack, report)))
    return deleted


def refusal(doing: str, error: ReboundError) -> str:
    """What an undo or redo the store refused says, for entries and medications alike:
    ``Could not undo “log Ritalin 10 mg”: that dose is no longer stored (…). Nothing was
    changed.`` An entry gone is said without its id; a refused value names what is accepted."""
    if isinstance(error, NotFound):
        reason = (f"that {error.kind} is no longer stored (another program or window may "
                  "have deleted it)")
    elif isinstance(error, ValidationError):
        reason = f"{error.value} is not accepted: {error.accepted}"
    else:
        reason = str(error).rstrip(".")
    return f"Could not {doing}: {reason}. Nothing was changed."
