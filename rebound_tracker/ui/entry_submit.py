"""The one submit path of the dose and check-in forms: build the entry (asking the person
when the service needs a confirmation), store it through the undo stack, and show in the
form why not when it is refused, keeping what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QWidget

from rebound_tracker.domain.errors import NeedsConfirmation, ReboundError
from rebound_tracker.ui.feedback import confirm, describe
from rebound_tracker.ui.undo import EntryStore, push_entry

E = TypeVar("E")


def submit_entry(form: QWidget, error: QLabel, build: Callable[[bool], E],
                 undo: QUndoStack, store: EntryStore, editing: E | None,
                 what: Callable[[E], str]) -> E | None:
    """``build(confirmed)`` the entry, then log it (``editing`` is None) or replace
    ``editing`` with it, undoably; the stored entry, or None (``error`` says why)."""
    confirmed = False
    while True:
        try:
            entry = build(confirmed)
            break
        except NeedsConfirmation as question:
            if not confirm(form, question):
                return None
            confirmed = True
        except ReboundError as refused:
            _show(error, refused)
            return None
    try:
        stored = push_entry(undo, store, editing, entry, what(entry))
    except ReboundError as refused:  # refused by the store: keep what was typed, say why
        _show(error, refused)
        return None
    error.hide()
    return stored


def _show(error: QLabel, refused: ReboundError) -> None:
    error.setText(describe(refused))
    error.show()
