"""Edit one logged entry in a dialog, reusing the same form as for logging."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.ui.checkin_form import CheckInForm
from rebound_tracker.ui.dose_form import DoseForm


class EntryDialog(QDialog):
    """Closes with Accepted once the edited entry has been saved (undoable)."""

    def __init__(
        self,
        entry: Dose | CheckIn,
        doses: DoseService,
        checkins: CheckInService,
        medications: MedicationService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if isinstance(entry, Dose):
            self.setWindowTitle("Edit dose")
            self.form: DoseForm | CheckInForm = DoseForm(doses, medications, undo_stack,
                                                             quick_log=False)
            self.form.load(entry)
            self.form.dose_logged.connect(self.accept)
        else:
            self.setWindowTitle("Edit check-in")
            self.form = CheckInForm(checkins, undo_stack)
            self.form.load(entry)
            self.form.checkin_logged.connect(self.accept)
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        self.setMinimumWidth(460)  # the medication's full name fits
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(cancel)
