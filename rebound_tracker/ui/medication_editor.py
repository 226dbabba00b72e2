"""Define a medication of one's own from the library's blocks, or edit one: a form, a
preview of one dose, and Save through the same checks as `rebound-tracker meds add`."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication_definition import MedicationDefinition
from rebound_tracker.pk.model import SimulationResult
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import DoseSpec, SimulationService
from rebound_tracker.ui.component_editor import ComponentList
from rebound_tracker.ui.feedback import error_label
from rebound_tracker.ui.medication_commands import AddMedication, EditMedication, Report
from rebound_tracker.ui.medication_definition import (
    MedicationValues,
    build_definition,
    extras,
    slug,
    values_from,
)
from rebound_tracker.ui.medication_fields import MedicationFields, hint_label
from rebound_tracker.ui.medication_preview import PREVIEW_HOURS, MedicationPreview
from rebound_tracker.ui.medication_words import explain, relative_path
from rebound_tracker.ui.number_box import NumberBox

PREVIEW_DELAY_MS = 250
_ORIGIN = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # any instant: the preview is in hours


class MedicationEditor(QDialog):
    """``saved(id)`` once the medication is stored (through the undo stack).

    ``template`` is the id of a product to start from; ``editing`` the id of one of the
    person's own medications to change (its id stays: doses refer to it).
    """

    saved = Signal(str)

    def __init__(self, medications: MedicationService, simulation: SimulationService,
                 undo_stack: QUndoStack, report: Report, *, template: str | None = None,
                 editing: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._medications, self._simulation = medications, simulation
        self._undo, self._report = undo_stack, report
        self._editing = editing
        self._template_id = editing or template
        self._template = medications.definition_of(self._template_id) \
            if self._template_id else None
        self.dirty = False  # set by the person's first edit
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._build()
        self._load()
        self._connect()
        self._set_tab_order()
        self._update_preview()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(980, 680)
        self.fields = MedicationFields(self._medications.library, self._medications.base,
                                       editing=self._editing is not None)
        self.components = ComponentList()
        self.keep_extras = QCheckBox("Keep, as they were, the parts this form does not edit")
        self.extras_list = hint_label()
        self.preview = MedicationPreview()
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "&Save changes" if self._editing else "&Add medication",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._lay_out()

    def _lay_out(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.fields)
        release = QGroupBox("How a dose is released")
        QVBoxLayout(release).addWidget(self.components)
        column.addWidget(release)
        column.addWidget(self.keep_extras)
        column.addWidget(self.extras_list)
        column.addStretch(1)
        self.form_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; it follows
        scroll.setWidget(content)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro())
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _intro(self) -> QLabel:
        intro = QLabel("Build the product from the same blocks as the library. A number you "
                       "leave as it was keeps its source; a number you enter is marked as "
                       "entered by you. The model and its predictions are population "
                       "averages, not advice.")
        intro.setWordWrap(True)
        return intro

    # --- loading -------------------------------------------------------------------------
    def _load(self) -> None:
        if self._template is None:
            self.setWindowTitle("Add your own medication")
            values = MedicationValues(analyte=self.fields.analyte.itemData(0))
            values.base_per_label_mg = self.fields.base_choices(values.analyte)[0][0]
        else:
            values = values_from(self._template, self.fields.family_of())
            if self._editing:
                self.setWindowTitle(f"Edit {values.name}")
            else:
                self.setWindowTitle(f"Add your own medication, starting from {values.name}")
                values.name, values.aliases = f"{values.name} (mine)", []
                values.id = slug(values.name)
        self.fields.show_values(values)
        self.components.load(values.components)
        found = extras(self._template)
        self.keep_extras.setVisible(bool(found))
        self.extras_list.setVisible(bool(found))
        self.keep_extras.setChecked(True)
        self.extras_list.setText(f"From {self._template.name if self._template else ''}"
                                 f": {'; '.join(found)}.")
        self.preview.mg.setValue(_preview_mg(values))

    def _connect(self) -> None:
        self.fields.connect_changes()
        self.fields.changed.connect(self._changed)
        self.keep_extras.toggled.connect(self._changed)
        self.components.changed.connect(self._changed)
        self.components.rows_changed.connect(self._set_tab_order)
        self.preview.dose_changed.connect(self._changed)
        self._preview_timer.timeout.connect(self._update_preview)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def _set_tab_order(self) -> None:
        """Top to bottom, left column then preview then buttons (components are added after
        the rest of the form, so Qt's creation order would visit them last)."""
        order = [*self.fields.focus_order(), *self.components.focus_order(), self.keep_extras,
                 self.preview.mg, self.save_button, self.cancel_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- behaviour -----------------------------------------------------------------------
    def _changed(self) -> None:
        self.dirty = True
        self._preview_timer.start()

    def reject(self) -> None:
        """Cancel, Escape or closing: ask before throwing away what was typed."""
        if self.dirty and self.result() != QDialog.DialogCode.Accepted:
            answer = QMessageBox.question(
                self, "Discard changes?", "Close without saving what you entered here?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def values(self) -> MedicationValues:
        """The fields as they are; ValidationError for strengths that are not numbers."""
        values = MedicationValues(components=self.components.values(),
                                  keep_extras=self.keep_extras.isChecked())
        self.fields.fill(values)
        return values

    def definition(self) -> MedicationDefinition:
        """The definition the fields describe (not yet checked against the library)."""
        values = self.values()
        if not values.name.strip():  # before the id made from it: the name is what is typed
            raise ValidationError(f"{values.id}.name", values.name, "a name for the product")
        return build_definition(values, self._template)

    def save(self) -> bool:
        """Check the definition and store it, undoably; say what is wrong otherwise."""
        med_id = self.fields.id.text().strip()
        try:
            definition = self.definition()
            self._medications.check_custom(definition, replacing=self._editing)
        except ValidationError as error:
            self._show_error(error, med_id)
            return False
        if self._editing and not self._confirm_edit():
            return False
        command: EditMedication | AddMedication
        if self._editing and self._template is not None:
            command = EditMedication(self._medications, self._template, definition,
                                     self._report)
        else:
            command = AddMedication(self._medications, definition, self._report)
        self._undo.push(command)
        if command.failed:
            self.error.setText(command.failed)
            self.error.show()
            return False
        self.saved.emit(med_id)
        self.accept()
        return True

    def _confirm_edit(self) -> bool:
        used = self._medications.doses_using(self._editing or "")
        if not used:
            return True
        answer = QMessageBox.question(
            self, "Change a medication in use?",
            f"{used} logged dose{'s use' if used != 1 else ' uses'} this medication. Their "
            "predicted curves, windows and trends will be computed with the changed "
            "definition from now on (Ctrl+Z undoes the change).\n\nSave the changes?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    def _show_error(self, error: ValidationError, med_id: str) -> None:
        self.error.setText(explain(error, med_id))
        self.error.show()
        widget = self.widget_for(relative_path(error, med_id))
        widget.setFocus()
        if isinstance(widget, QLineEdit | NumberBox):
            widget.selectAll()

    def widget_for(self, path: str) -> QWidget:
        """The field a path of the definition was entered in."""
        if path.startswith("components["):
            number, _, rest = path[len("components["):].partition("]")
            editors = self.components.editors
            index = min(int(number), len(editors) - 1) if number.isdigit() else 0
            return editors[index].field_widget(rest.lstrip(".") or None)
        if path.startswith("components"):
            return self.components.editors[0].fraction
        found = self.fields.widget_for(path)
        if found is not None:
            return found
        return self.keep_extras if self.keep_extras.isVisible() else self.fields.name

    def _update_preview(self) -> None:
        try:
            definition = self.definition()
            result = self._simulation.preview(definition, self.preview.mg.value(),
                                              hours=PREVIEW_HOURS, replacing=self._editing)
        except ValidationError as error:
            self.preview.show_message("The preview appears once the definition is complete. "
                                      + explain(error, self.fields.id.text().strip())
                                      .replace(" Nothing was saved.", ""))
            return
        self.preview.show_result(result, self.fields.name.text().strip(), self._compared())

    def _compared(self) -> tuple[str, SimulationResult] | None:
        """The product this one was started from, at the same dose (not when editing)."""
        if self._editing or not self._template_id:
            return None
        try:
            prediction = self._simulation.predict(
                [DoseSpec(self._template_id, self.preview.mg.value(), _ORIGIN)],
                hours=PREVIEW_HOURS)
        except ValidationError:
            return None
        return self._medications.get(self._template_id).name, prediction.result


def _preview_mg(values: MedicationValues) -> float:
    if values.strengths_mg:
        return values.strengths_mg[0]
    return values.label_min_mg or 10.0
