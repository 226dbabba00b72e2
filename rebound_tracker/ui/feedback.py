"""How forms tell the person about bad input and ask before implausible values."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget

from rebound_tracker.domain.errors import NeedsConfirmation, ReboundError, ValidationError


def wrapping_label(style: str = "") -> QLabel:
    """A label that wraps its text into the width it is given and never asks for more, so
    a long message makes a row taller, never the window wider."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setMinimumWidth(0)
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    return label


def error_label() -> QLabel:
    """A red, wrapping label under a form that names what was wrong."""
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b2182b; font-weight: 600;")
    label.setAccessibleName("Form error")
    label.hide()
    return label


def describe(error: ReboundError, *, saving: bool = True) -> str:
    """One sentence for a person: the field, the value and what is accepted (and, for a
    form that saves, that nothing was saved)."""
    if isinstance(error, ValidationError):
        field = error.field.replace("-", " ").replace("_", " ").capitalize()
        after = " Nothing was saved." if saving else ""
        if error.value is None or (isinstance(error.value, str) and not error.value.strip()):
            return f"{field} is needed: {error.accepted}.{after}"
        shown = str(error.value)
        shown = shown if len(shown) <= 60 else f"{shown[:57]}…"
        return f"{field}: “{shown}” is not accepted — {error.accepted}.{after}"
    return str(error)


def confirm(parent: QWidget, question: NeedsConfirmation) -> bool:
    """Ask whether an implausible but possible value is really meant."""
    field = question.field.replace("-", " ").capitalize()
    answer = QMessageBox.question(
        parent,
        "Please confirm",
        f"{field} {question.value} {question.reason}.\n\nSave it anyway?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Save
