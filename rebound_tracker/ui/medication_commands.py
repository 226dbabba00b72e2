"""Undoable changes to the person's own medications, on the window's one undo stack.

Each command validates through MedicationService, as the command line does. The store can
change behind the window's back (the command line on the same data directory), so an undo
or redo can be refused — a dose logged meanwhile uses the medication, or another one took its
name. Then nothing is changed, the command leaves the stack (it no longer describes the
store) and ``report`` is called with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.domain.medication_definition import MedicationDefinition
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.ui.undo import refusal

Report = Callable[[str], None]


class _MedicationCommand(QUndoCommand):
    def __init__(self, medications: MedicationService, text: str, report: Report) -> None:
        super().__init__(text)
        self._medications = medications
        self._report = report
        self.failed: str | None = None

    def _attempt(self, doing: str, change: Callable[[], Any]) -> None:
        try:
            change()
        except ReboundError as error:
            self.failed = refusal(doing, error)
            self.setObsolete(True)
            message = self.failed
            # Not from inside the stack's own undo()/redo(): a message box would spin the
            # event loop while the stack is half-way through.
            QTimer.singleShot(0, lambda: self._report(message))


class AddMedication(_MedicationCommand):
    """Store a checked new definition; undo removes it again."""

    def __init__(self, medications: MedicationService, definition: MedicationDefinition,
                 report: Report) -> None:
        super().__init__(medications, f"add medication {definition.name}", report)
        self.definition = definition

    def redo(self) -> None:
        self._attempt(f"add {self.definition.name}",
                      lambda: self._medications.add_custom(self.definition))

    def undo(self) -> None:
        self._attempt(f"undo adding {self.definition.name}",
                      lambda: self._medications.remove_custom(self.definition.id))


class EditMedication(_MedicationCommand):
    """Replace a stored definition with an edited one (same id); undo puts the old back."""

    def __init__(self, medications: MedicationService, before: MedicationDefinition,
                 after: MedicationDefinition, report: Report) -> None:
        super().__init__(medications, f"edit medication {after.name}", report)
        self.before, self.after = before, after

    def redo(self) -> None:
        self._attempt(f"change {self.after.name}",
                      lambda: self._medications.replace_custom(self.after))

    def undo(self) -> None:
        self._attempt(f"undo the change to {self.after.name}",
                      lambda: self._medications.replace_custom(self.before))


class RemoveMedication(_MedicationCommand):
    """Remove an unused medication; undo stores its definition again, exactly."""

    def __init__(self, medications: MedicationService, medication_id: str, name: str,
                 report: Report) -> None:
        super().__init__(medications, f"remove medication {name}", report)
        self.medication_id, self.name = medication_id, name
        self.definition: MedicationDefinition | None = None

    def redo(self) -> None:
        def remove() -> None:
            self.definition = self._medications.remove_custom(self.medication_id)
        self._attempt(f"remove {self.name}", remove)

    def undo(self) -> None:
        definition = self.definition
        if definition is not None:
            self._attempt(f"put {self.name} back",
                          lambda: self._medications.add_custom(definition))
