"""The in-app form of a notification: its title, text and buttons in a small window.

Used when the desktop has no notification service that shows buttons, and when the person
clicks a tray balloon (which cannot carry buttons). Non-modal, on top, never steals the
keyboard from what the person is typing elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rebound_tracker.ui.notice import Notice


class NoticeDialog(QDialog):
    """``action_chosen(key, action id)`` when a button is pressed; closing it (Escape or the
    window's close button) answers nothing, so the reminder alerts again later."""

    action_chosen = Signal(str, str)

    def __init__(self, notice: Notice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice
        self.setWindowTitle(notice.title)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        title = QLabel(f"<b>{notice.title}</b>")
        text = QLabel(notice.body)
        text.setWordWrap(True)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for action, label in notice.actions:
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=action: self._choose(a))
            self.buttons[action] = button
            row.addWidget(button)
        first = next(iter(self.buttons.values()), None)
        if first is not None:
            first.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(row)

    def _choose(self, action: str) -> None:
        self.action_chosen.emit(self.notice.key, action)
        self.accept()
