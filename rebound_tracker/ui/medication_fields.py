"""The editor's product and dose fields: names, id, active substance and its salt factor,
bioavailability, label range and strengths."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.ui.medication_definition import MedicationValues, slug, split_names
from rebound_tracker.ui.number_box import NumberBox
from rebound_tracker.ui.wheel_focus import wheel_only_when_focused


def hint_label() -> QLabel:
    """A quieter, wrapping line that explains the field above it."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class MedicationFields(QWidget):
    """``changed`` on any edit. ``library`` offers the analytes; ``built_in`` the salt
    factors its products use, shown as a hint."""

    changed = Signal()

    def __init__(self, library: MedicationLibrary, built_in: MedicationLibrary, *,
                 editing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._built_in = library, built_in
        self._id_follows_name = not editing
        self.name = _line("Name")
        self.id = _line("Id")
        self.id.setToolTip("How the command line and exports name it: lower-case letters, "
                           "digits and hyphens. Doses refer to it, so it cannot change later.")
        self.id.setReadOnly(editing)
        self.generic = _line("Generic name")
        self.aliases = _line("Also known as, comma separated")
        self.description = _line("Description")
        self.analyte = QComboBox()
        wheel_only_when_focused(self.analyte)
        self.analyte.setAccessibleName("Active substance")
        for name, analyte in library.analytes.items():  # the library's order
            self.analyte.addItem(name, name)
            self.analyte.setItemData(self.analyte.count() - 1, analyte.description,
                                     Qt.ItemDataRole.ToolTipRole)
        self.base = NumberBox(0.0, 1.0, step=0.01, accessible_name="Base per label mg")
        self.base_hint = hint_label()
        self.relative_f = NumberBox(0.0, 5.0, step=0.05,
                                    accessible_name="Bioavailability relative to the "
                                                    "reference product")
        self.relative_f.setToolTip("Exposure per mg compared with the product the "
                                   "substance's clearance was measured on (1 = the same).")
        self.label_min = NumberBox(0.0, 2000.0, suffix=" mg", step=1.0,
                                   accessible_name="Lowest label dose in mg")
        self.label_max = NumberBox(0.0, 2000.0, suffix=" mg", step=1.0,
                                   accessible_name="Highest label dose in mg")
        self.strengths = _line("Strengths in mg, comma separated")
        self._lay_out()

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, inner in (("Product", product), ("Dose", dose)):
            box = QGroupBox(title)
            box.setLayout(inner)
            layout.addWidget(box)

    def connect_changes(self) -> None:
        """Report edits from now on (after the first values are shown)."""
        self.name.textEdited.connect(self._name_edited)
        self.id.textEdited.connect(self._id_edited)
        self.analyte.activated.connect(self._analyte_chosen)
        for line in (self.name, self.id, self.generic, self.aliases, self.description,
                     self.strengths):
            line.textChanged.connect(self.changed)
        for box in (self.base, self.relative_f, self.label_min, self.label_max):
            box.valueChanged.connect(self.changed)
        self.analyte.currentIndexChanged.connect(self.changed)

    def focus_order(self) -> list[QWidget]:
        return [self.name, self.id, self.generic, self.aliases, self.description,
                self.analyte, self.base, self.relative_f, self.label_min, self.label_max,
                self.strengths]

    def family_of(self) -> dict[str, str]:
        return {n: a.family for n, a in self._library.analytes.items()}

    def show_values(self, values: MedicationValues) -> None:
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
        for line in (self.name, self.generic, self.aliases, self.description, self.strengths):
            line.setCursorPosition(0)  # show the start of a long copied text
        self._show_base_hint()

    def fill(self, values: MedicationValues) -> None:
        """Put these fields into ``values``; ValidationError for strengths that are not
        numbers."""
        analyte = self.analyte.currentData()
        values.id, values.name = self.id.text().strip(), self.name.text()
        values.generic, values.description = self.generic.text(), self.description.text()
        values.aliases = split_names(self.aliases.text())
        values.analyte, values.family = analyte, self.family_of().get(analyte, "")
        values.base_per_label_mg, values.relative_f = self.base.value(), self.relative_f.value()
        values.label_min_mg, values.label_max_mg = self.label_min.value(), self.label_max.value()
        values.strengths_mg = self._strengths()

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

    def widget_for(self, path: str) -> QWidget | None:
        """The field a path of the definition was entered in, if it is one of these."""
        if path.startswith("moieties[0].base_per_label_mg"):
            return self.base
        if path.startswith("moieties[0]"):
            return self.analyte
        head = path.split(".", 1)[0].split("[", 1)[0]
        return {"id": self.id, "name": self.name, "generic": self.generic,
                "aliases": self.aliases, "description": self.description,
                "family": self.analyte, "relative_f": self.relative_f,
                "label_min_mg": self.label_min, "label_max_mg": self.label_max,
                "strengths_mg": self.strengths}.get(head)

    def base_choices(self, analyte: str) -> list[tuple[float, list[str]]]:
        """(factor, products) of the built-in products with this primary substance, most
        used first; [(1.0, [])] when none has it."""
        users: dict[float, list[str]] = {}
        for f in self._built_in.formulations:
            if f.analyte == analyte:
                users.setdefault(f.salt_to_base, []).append(f.name)
        counts = Counter({factor: len(names) for factor, names in users.items()})
        return [(factor, users[factor]) for factor, _ in counts.most_common()] or [(1.0, [])]

    def _name_edited(self, text: str) -> None:
        if self._id_follows_name:
            self.id.setText(slug(text))

    def _id_edited(self, text: str) -> None:
        self._id_follows_name = not text  # typed an id: it no longer follows the name

    def _analyte_chosen(self) -> None:
        """A new substance: its most used salt factor (the hint lists the others)."""
        self.base.setValue(self.base_choices(self.analyte.currentData())[0][0])
        self._show_base_hint()

    def _show_base_hint(self) -> None:
        choices = self.base_choices(self.analyte.currentData())
        if not choices[0][1]:
            self.base_hint.setText("mg of the active substance per mg on the label.")
            return
        listed = "; ".join(f"{factor:g} ({', '.join(names[:3])}"
                           f"{', …' if len(names) > 3 else ''})" for factor, names in choices)
        self.base_hint.setText("mg of the active substance per mg on the label (the salt "
                               f"it is sold as). In the library: {listed}.")


def _line(accessible_name: str) -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName(accessible_name)
    return line
