"""Help ▸ Keyboard shortcuts: every menu action that has a shortcut, with its menu.

Built from the window's own actions when opened, so the list can never drift from what the
keys do (a shortcut added to a menu appears here without anyone remembering to list it)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.ui.rows_model import RowsModel


def shortcut_rows(window: QMainWindow) -> list[list[str]]:
    """[menu, command, keys] for each action of ``window``'s menu bar with a shortcut, in
    menu order; keys in the platform's native text (e.g. 'Ctrl+Shift+C')."""
    rows: list[list[str]] = []
    seen: set[int] = set()

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for action in actions:
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(f"{menu_title} ▸ {_plain(sub.title())}", sub.actions())
                continue
            keys = [s.toString(QKeySequence.SequenceFormat.NativeText)
                    for s in action.shortcuts() if not s.isEmpty()]
            if keys and id(action) not in seen:
                seen.add(id(action))
                rows.append([menu_title, _plain(action.text()), " or ".join(keys)])

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(_plain(menu.title()), menu.actions())
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsHelp(QDialog):
    """The table of shortcuts, read from ``window``'s menus when it opens."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = RowsModel(["Menu", "Command", "Keys"], self)
        self.model.set_rows(shortcut_rows(window))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)
