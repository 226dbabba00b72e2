"""A number or choice inside a scrolling form changes on the wheel only once it has focus.

Qt's spin boxes and combo boxes take the wheel even when the pointer is merely passing over
them, so scrolling the medication editor changed the first lag under the pointer (0.25 h
became 0 h, and the preview followed) without the person noticing. With this, the wheel
over an unfocused field scrolls the form; click or Tab into the field and the wheel steps
it as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class _WheelNeedsFocus(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget)
                and not watched.hasFocus()):
            area = _scroll_area_of(watched)
            if area is not None:  # the form scrolls, as if the field were not there
                QApplication.sendEvent(area.viewport(), event)
            else:
                event.ignore()  # not taken: Qt offers it to the parents
            return True
        return False


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def wheel_only_when_focused(*widgets: QWidget) -> None:
    """Let ``widgets`` take the wheel only while focused (and not take focus from it)."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_WheelNeedsFocus(widget))
