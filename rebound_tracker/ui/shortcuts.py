"""The window's own shortcuts keep working while a text field has focus.

Under X11 (and any emacs-style key theme) a line edit claims Ctrl+E (end of line), Ctrl+K
(delete to the end), Ctrl+D (delete the next character) and others before the window's
shortcuts see them, so Ctrl+E did nothing with the cursor in the mg field. The keys a
person expects from a text field itself (undo, redo, cut, copy, paste, select all, and
keys without Ctrl or Alt) stay the field's.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

TEXT_FIELD_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
                   QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Copy,
                   QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.SelectAll)
COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                     | Qt.KeyboardModifier.MetaModifier)


def claimed_sequences(actions: Iterable[QAction]) -> frozenset[str]:
    """The actions' shortcuts that a text field must not take (portable text form)."""
    editing = {s.toString() for key in TEXT_FIELD_KEYS for s in QKeySequence.keyBindings(key)}
    claimed = set()
    for action in actions:
        for sequence in action.shortcuts():
            text = sequence.toString()
            first = sequence[0]  # type: ignore[index]  # (the stubs lack QKeySequence[i])
            if text and text not in editing and first.keyboardModifiers() & COMMAND_MODIFIERS:
                claimed.add(text)
    return frozenset(claimed)


class WindowShortcuts(QObject):
    """An application event filter (a child of ``window``, removed with it) that lets
    ``window``'s claimed shortcuts win over the text fields inside it."""

    def __init__(self, window: QWidget, actions: Iterable[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self.claimed = claimed_sequences(actions)
        app = QApplication.instance()
        if app is not None:  # (always, once a window exists)
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget) and self._window.isAncestorOf(watched)
                and QKeySequence(event.keyCombination()).toString() in self.claimed):
            event.ignore()  # not the field's: the shortcut map goes on to the window's action
            return True
        return False
