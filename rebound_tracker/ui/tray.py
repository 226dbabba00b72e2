"""The system-tray icon: Open, Log a check-in, Quit, and balloon messages.

Balloons cannot carry buttons, so clicking one asks the window to open the in-app form of
the last notice shown (``message_clicked(key)``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from rebound_tracker.ui.notice import Notice


def app_icon() -> QIcon:
    """A drawn icon (a curve rising and dipping on a rounded square), in a few sizes."""
    icon = QIcon()
    for size in (16, 22, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2f6f9f"))
        painter.drawRoundedRect(0, 0, size, size, size * 0.2, size * 0.2)
        curve = QPainterPath(QPointF(size * 0.12, size * 0.8))
        curve.cubicTo(QPointF(size * 0.3, size * 0.05), QPointF(size * 0.5, size * 0.2),
                      QPointF(size * 0.65, size * 0.7))
        curve.quadTo(QPointF(size * 0.75, size * 0.9), QPointF(size * 0.88, size * 0.62))
        painter.setPen(QPen(QColor("white"), max(1.5, size / 10)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(curve)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class Tray(QObject):
    """Owns the QSystemTrayIcon (when the desktop has a tray) and its menu."""

    open_requested = Signal()
    checkin_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal(str)  # the key of the notice the balloon showed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Rebound Tracker")
        self.menu = QMenu()
        self.actions: dict[str, QAction] = {}
        for text, signal in (("Open Rebound Tracker", self.open_requested),
                             ("Log a check-in…", self.checkin_requested),
                             ("Quit", self.quit_requested)):
            action = self.menu.addAction(text)
            action.triggered.connect(signal.emit)
            self.actions[text] = action
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._clicked)
        self._last_key: str | None = None

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if self.available():
            self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    @property
    def visible(self) -> bool:
        return self.icon.isVisible()

    def message(self, notice: Notice) -> bool:
        """A balloon for ``notice``; False when there is no tray to show it from."""
        if not (self.available() and self.icon.isVisible()
                and QSystemTrayIcon.supportsMessages()):
            return False
        self._last_key = notice.key
        self.icon.showMessage(notice.title, notice.body + " (click to answer)",
                              QSystemTrayIcon.MessageIcon.Information, 0)
        return True

    def tell(self, title: str, text: str) -> None:
        """A plain balloon (no answer expected), when there is a tray."""
        if self.available() and self.icon.isVisible():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def _clicked(self) -> None:
        if self._last_key is not None:
            self.message_clicked.emit(self._last_key)
        else:
            self.open_requested.emit()
