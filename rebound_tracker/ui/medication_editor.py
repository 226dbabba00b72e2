"""Define a medication of one's own from the library's blocks, or edit one: a form, a
preview of one dose, and Save through the same checks as `rebound-tracker meds add`."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
    split_names,
    values_from,
)
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
        self._id_follows_name = editing is None
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
        self.name = self._line("Name")
        self.id = self._line("Id")
        self.id.setToolTip("How the command line and exports name it: lower-case letters, "
                           "digits and hyphens. Doses refer to it, so it cannot change later.")
        self.generic = self._line("Generic name")
        self.aliases = self._line("Also known as, comma separated")
        self.description = self._line("Description")
        self.analyte = QComboBox()
        self.analyte.setAccessibleName("Active substance")
        for name, analyte in self._medications.library.analytes.items():  # library order
            self.analyte.addItem(name, name)
            self.analyte.setItemData(self.analyte.count() - 1, analyte.description,
                                     Qt.ItemDataRole.ToolTipRole)
        self.base = NumberBox(0.0, 1.0, step=0.01, accessible_name="Base per label mg")
        self.base_hint = self._hint()
        self.relative_f = NumberBox(0.0, 5.0, step=0.05,
                                    accessible_name="Bioavailability relative to the "
                                                    "reference product")
        self.relative_f.setToolTip("Exposure per mg compared with the product the "
                                   "substance's clearance was measured on (1 = the same).")
        self.label_min = NumberBox(0.0, 2000.0, suffix=" mg", step=1.0,
                                   accessible_name="Lowest label dose in mg")
        self.label_max = NumberBox(0.0, 2000.0, suffix=" mg", step=1.0,
                                   accessible_name="Highest label dose in mg")
        self.strengths = self._line("Strengths in mg, comma separated")
        self.components = ComponentList()
        self.keep_extras = QCheckBox("Keep, as they were, the parts this form does not edit")
        self.extras_list = self._hint()
        self.preview = MedicationPreview()
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "&Save changes" if self._editing else "&Add medication",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._lay_out()

    def _line(self, accessible_name: str) -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(accessible_name)
        return line

    def _hint(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(placeholder-text);")
        return label

    def _lay_out(self) -> None:
        product = QFormLayout()
        product.addRow("&Name", self.name)
        product.addRow("&Id", self.id)
        product.addRow("&Generic name", self.generic)
        product.addRow("Also &known as", self.aliases)
        product.addRow("&Description", self.description)
        dose = QFormLayout()
        dose.addRow("Active &substance", self.analyte)
        dose.addRow("&Base per label mg", self.base)
        dose.addRow(self.base_hint)
        dose.addRow("Relative bioa&vailability", self.relative_f)
        label_range = QHBoxLayout()
        label_range.addWidget(self.label_min)
        label_range.addWidget(QLabel("to"))
        label_range.addWidget(self.label_max)
        range_label = QLabel("&Label dose")
        range_label.setBuddy(self.label_min)
        dose.addRow(range_label, label_range)
        dose.addRow("S&trengths", self.strengths)
        content = QWidget()
        column = QVBoxLayout(content)
        for title, inner in (("Product", product), ("Dose", dose)):
            box = QGroupBox(title)
            box.setLayout(inner)
            column.addWidget(box)
        release = QGroupBox("How a dose is released")
        QVBoxLayout(release).addWidget(self.components)
        column.addWidget(release)
        column.addWidget(self.keep_extras)
        column.addWidget(self.extras_list)
        column.addStretch(1)
        scroll = QScrollArea()
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
    def _family_of(self) -> dict[str, str]:
        return {n: a.family for n, a in self._medications.library.analytes.items()}

    def _load(self) -> None:
        if self._template is None:
            self.setWindowTitle("Add your own medication")
            values = MedicationValues(analyte=self.analyte.itemData(0))
            values.base_per_label_mg = self._base_choices(values.analyte)[0][0]
        else:
            values = values_from(self._template, self._family_of())
            if self._editing:
                self.setWindowTitle(f"Edit {values.name}")
                self.id.setReadOnly(True)
            else:
                self.setWindowTitle(f"Add your own medication, starting from {values.name}")
                values.name, values.id, values.aliases = f"{values.name} (mine)", "", []
                values.id = slug(values.name)
        self._show_values(values)
        found = extras(self._template or {})
        self.keep_extras.setVisible(bool(found))
        self.extras_list.setVisible(bool(found))
        self.keep_extras.setChecked(True)
        self.extras_list.setText(f"From {self._template.get('name') if self._template else ''}"
                                 f": {'; '.join(found)}.")
        self.preview.mg.setValue(_preview_mg(values))

    def _show_values(self, values: MedicationValues) -> None:
        self.name.setText(values.name)
        self.id.setText(values.id)
        self.generic.setText(values.generic)
        self.aliases.setText(", ".join(values.aliases))
        self.description.setText(values.description)
        self.analyte.setCurrentIndex(max(0, self.analyte.findData(values.analyte)))
        self.base.setValue(values.base_per_label_mg)
        self.relative_f.setValue(values.relative_f)
        self.label_min.setValue(values.label_min_mg)
        self.label_max.setValue(values.label_max_mg)
        self.strengths.setText(", ".join(f"{s:g}" for s in values.strengths_mg))
        self.components.load(values.components)
        for line in (self.name, self.generic, self.aliases, self.description, self.strengths):
            line.setCursorPosition(0)  # show the start of a long copied text
        self._show_base_hint()

    def _connect(self) -> None:
        self.name.textEdited.connect(self._name_edited)
        self.id.textEdited.connect(self._id_edited)
        self.analyte.activated.connect(self._analyte_chosen)
        for line in (self.name, self.id, self.generic, self.aliases, self.description,
                     self.strengths):
            line.textChanged.connect(self._changed)
        for box in (self.base, self.relative_f, self.label_min, self.label_max):
            box.valueChanged.connect(self._changed)
        self.analyte.currentIndexChanged.connect(self._changed)
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
        order = [self.name, self.id, self.generic, self.aliases, self.description,
                 self.analyte, self.base, self.relative_f, self.label_min, self.label_max,
                 self.strengths, *self.components.focus_order(), self.keep_extras,
                 self.preview.mg, self.save_button, self.cancel_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- behaviour -----------------------------------------------------------------------
    def _name_edited(self, text: str) -> None:
        if self._id_follows_name:
            self.id.setText(slug(text))

    def _id_edited(self, text: str) -> None:
        self._id_follows_name = not text  # typed an id: it no longer follows the name

    def _base_choices(self, analyte: str) -> list[tuple[float, list[str]]]:
        """(factor, products) of the library's products with this primary substance,
        most used first; [(1.0, [])] when none has it."""
        users: dict[float, list[str]] = {}
        for f in self._medications.base.formulations:
            if f.analyte == analyte:
                users.setdefault(f.salt_to_base, []).append(f.name)
        counts = Counter({factor: len(names) for factor, names in users.items()})
        return [(factor, users[factor]) for factor, _ in counts.most_common()] or [(1.0, [])]

    def _analyte_chosen(self) -> None:
        """A new substance: its most used salt factor (the hint lists the others)."""
        self.base.setValue(self._base_choices(self.analyte.currentData())[0][0])
        self._show_base_hint()

    def _show_base_hint(self) -> None:
        choices = self._base_choices(self.analyte.currentData())
        if not choices[0][1]:
            self.base_hint.setText("mg of the active substance per mg on the label.")
            return
        listed = "; ".join(f"{factor:g} ({', '.join(names[:3])}"
                           f"{', …' if len(names) > 3 else ''})" for factor, names in choices)
        self.base_hint.setText("mg of the active substance per mg on the label (the salt "
                               f"it is sold as). In the library: {listed}.")

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
        analyte = self.analyte.currentData()
        return MedicationValues(
            id=self.id.text().strip(), name=self.name.text(), generic=self.generic.text(),
            description=self.description.text(), aliases=split_names(self.aliases.text()),
            analyte=analyte, family=self._family_of().get(analyte, ""),
            base_per_label_mg=self.base.value(), relative_f=self.relative_f.value(),
            label_min_mg=self.label_min.value(), label_max_mg=self.label_max.value(),
            strengths_mg=self._strengths(), components=self.components.values(),
            keep_extras=self.keep_extras.isChecked())

    def _strengths(self) -> list[float]:
        out = []
        for part in split_names(self.strengths.text()):
            try:
                out.append(float(part))
            except ValueError:
                raise ValidationError(f"{self.id.text().strip()}.strengths_mg", part,
                                      "label strengths in mg separated by commas, "
                                      "e.g. 10, 20, 30") from None
        return out

    def definition(self) -> dict:
        """The definition the fields describe (not yet checked against the library)."""
        values = self.values()
        if not values.name.strip():  # before the id made from it: the name is what is typed
            raise ValidationError(f"{values.id}.name", values.name, "a name for the product")
        return build_definition(values, self._template)

    def save(self) -> bool:
        """Check the definition and store it, undoably; say what is wrong otherwise."""
        med_id = self.id.text().strip()
        try:
            definition = self.definition()
            self._medications.check_custom(definition, replacing=self._editing)
        except ValidationError as error:
            self._show_error(error, med_id)
            return False
        if self._editing and not self._confirm_edit():
            return False
        if self._editing:
            before = self._template or {}
            command = EditMedication(self._medications, before, definition, self._report)
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
        head = path.split(".", 1)[0].split("[", 1)[0]
        fields = {"id": self.id, "name": self.name, "generic": self.generic,
                  "aliases": self.aliases, "description": self.description,
                  "family": self.analyte, "relative_f": self.relative_f,
                  "label_min_mg": self.label_min, "label_max_mg": self.label_max,
                  "strengths_mg": self.strengths}
        if path.startswith("moieties[0].base_per_label_mg"):
            return self.base
        if path.startswith("moieties[0]"):
            return self.analyte
        return fields.get(head, self.keep_extras if self.keep_extras.isVisible()
                          else self.name)

    def _update_preview(self) -> None:
        try:
            definition = self.definition()
            result = self._simulation.preview(definition, self.preview.mg.value(),
                                              hours=PREVIEW_HOURS, replacing=self._editing)
        except ValidationError as error:
            self.preview.show_message("The preview appears once the definition is complete. "
                                      + explain(error, self.id.text().strip())
                                      .replace(" Nothing was saved.", ""))
            return
        self.preview.show_result(result, self.name.text().strip(), self._compared())

    def _compared(self):
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
