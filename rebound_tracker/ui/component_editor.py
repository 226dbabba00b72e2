"""The release components of a medication being defined: one box per component, each a
block of the library (first-order after a lag, steady release, prodrug) with its numbers."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.medication import COMPONENT_KINDS, FRACTION_SUM_TOLERANCE
from rebound_tracker.ui.medication_definition import ComponentValues
from rebound_tracker.ui.medication_words import KIND_HINTS, KIND_NAMES
from rebound_tracker.ui.number_box import NumberBox
from rebound_tracker.ui.wheel_focus import wheel_only_when_focused

NO_ABSORPTION = "none: absorbed as released"


class ComponentEditor(QGroupBox):
    """One component. ``changed`` on any edit; ``remove_requested`` from its Remove button."""

    changed = Signal()
    remove_requested = Signal(object)  # self

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLineEdit()
        self.kind = QComboBox()
        wheel_only_when_focused(self.kind)
        for kind in COMPONENT_KINDS:
            self.kind.addItem(KIND_NAMES[kind], kind)
            self.kind.setItemData(self.kind.count() - 1, KIND_HINTS[kind],
                                  Qt.ItemDataRole.ToolTipRole)
        self.fraction = NumberBox(0.0, 1.0, step=0.05)
        self.lag_h = NumberBox(0.0, 48.0, suffix=" h", step=0.25)
        self.ka_per_h = NumberBox(0.0, 100.0, suffix=" /h")
        self.duration_h = NumberBox(0.0, 48.0, suffix=" h", step=0.5)
        self.kconv_per_h = NumberBox(0.0, 100.0, suffix=" /h")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.remove = QPushButton("Remove")
        self.remove.setAutoDefault(False)
        self.form = QFormLayout()
        self.form.addRow("Label", self.label)
        self.form.addRow("Release", self.kind)
        self.form.addRow("", self.hint)
        self.form.addRow("Fraction of the dose", self.fraction)
        self.form.addRow("Lag", self.lag_h)
        self.form.addRow("Release duration", self.duration_h)
        self.form.addRow("Absorption rate (ka)", self.ka_per_h)
        self.form.addRow("Conversion rate", self.kconv_per_h)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(bottom)
        self.set_number(number)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for box in self.boxes():
            box.valueChanged.connect(self.changed)
        self.label.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self._kind_changed()

    def focus_order(self) -> list[QWidget]:
        """Its fields in the order Tab visits them."""
        return [self.label, self.kind, self.fraction, self.lag_h, self.duration_h,
                self.ka_per_h, self.kconv_per_h, self.remove]

    def boxes(self) -> list[NumberBox]:
        return [self.fraction, self.lag_h, self.ka_per_h, self.duration_h, self.kconv_per_h]

    def set_number(self, number: int) -> None:
        """Title and accessible names follow the component's place in the list."""
        self.number = number
        self.setTitle(f"Component {number}")
        self.remove.setAccessibleName(f"Remove component {number}")
        names = {self.label: "label", self.kind: "release block",
                 self.fraction: "fraction of the dose", self.lag_h: "lag in hours",
                 self.ka_per_h: "absorption rate per hour",
                 self.duration_h: "release duration in hours",
                 self.kconv_per_h: "conversion rate per hour"}
        for widget, name in names.items():
            widget.setAccessibleName(f"Component {number} {name}")

    def field_widget(self, name: str | None) -> QWidget:
        """The widget of a field of the library's component (for focusing an error)."""
        known = {"fraction", "lag_h", "ka_per_h", "duration_h", "kconv_per_h", "label"}
        return getattr(self, name) if name in known else self.kind

    def values(self) -> ComponentValues:
        kind = self.kind.currentData()
        ka = self.ka_per_h.value()
        return ComponentValues(
            kind=kind, fraction=self.fraction.value(), lag_h=self.lag_h.value(),
            ka_per_h=None if kind == "zero_order" and ka == 0 else ka,
            duration_h=self.duration_h.value() if kind == "zero_order" else None,
            kconv_per_h=self.kconv_per_h.value() if kind == "prodrug" else None,
            label=self.label.text())

    def load(self, values: ComponentValues) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(values.kind)))
        self.label.setText(values.label)
        self.fraction.setValue(values.fraction)
        self.lag_h.setValue(values.lag_h)
        self.ka_per_h.setValue(values.ka_per_h or 0.0)
        self.duration_h.setValue(values.duration_h or 0.0)
        self.kconv_per_h.setValue(values.kconv_per_h or 0.0)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.hint.setText(KIND_HINTS[kind])
        self.form.setRowVisible(self.duration_h, kind == "zero_order")
        self.form.setRowVisible(self.kconv_per_h, kind == "prodrug")
        # After a steady release, first-order absorption is optional (0 shows as "none").
        self.ka_per_h.setSpecialValueText(NO_ABSORPTION if kind == "zero_order" else "")
        if kind != "zero_order" and self.ka_per_h.value() == 0:
            self.ka_per_h.setValue(1.0)
        if kind == "zero_order" and self.duration_h.value() == 0:
            self.duration_h.setValue(8.0)
        if kind == "prodrug" and self.kconv_per_h.value() == 0:
            self.kconv_per_h.setValue(1.0)
        self.changed.emit()


class ComponentList(QWidget):
    """Components in order, an Add button, and the running total of their fractions."""

    changed = Signal()
    rows_changed = Signal()  # a component added or removed: the Tab order must follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[ComponentEditor] = []
        self.add_button = QPushButton("Add a component")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Another part of the dose with its own release")
        self.total = QLabel()
        self.total.setAccessibleName("Fractions together")
        self._boxes = QVBoxLayout()
        self._boxes.setContentsMargins(0, 0, 0, 0)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._boxes)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self._add_clicked)
        self.changed.connect(self._show_total)

    def values(self) -> list[ComponentValues]:
        return [editor.values() for editor in self.editors]

    def load(self, components: list[ComponentValues]) -> None:
        for editor in list(self.editors):
            self._drop(editor)
        for values in components:
            self.add(values)
        self.changed.emit()

    def add(self, values: ComponentValues | None = None) -> ComponentEditor:
        editor = ComponentEditor(len(self.editors) + 1)
        if values is not None:
            editor.load(values)
        editor.changed.connect(self.changed)
        editor.remove_requested.connect(self.remove)
        self.editors.append(editor)
        self._boxes.addWidget(editor)
        self._update_remove_buttons()
        self.rows_changed.emit()
        return editor

    def focus_order(self) -> list[QWidget]:
        return [w for editor in self.editors for w in editor.focus_order()] + [
            self.add_button]

    def remove(self, editor: ComponentEditor) -> None:
        if len(self.editors) > 1:
            self._drop(editor)
            for number, kept in enumerate(self.editors, start=1):
                kept.set_number(number)
            self._update_remove_buttons()
            self.rows_changed.emit()
            self.editors[0].fraction.setFocus()
            self.changed.emit()

    def _drop(self, editor: ComponentEditor) -> None:
        self.editors.remove(editor)
        self._boxes.removeWidget(editor)
        editor.setParent(None)
        editor.deleteLater()

    def _add_clicked(self) -> None:
        rest = 1.0 - math.fsum(c.fraction for c in self.values())
        editor = self.add()
        editor.fraction.setValue(max(0.0, round(rest, 6)))
        editor.fraction.setFocus()
        editor.fraction.selectAll()
        self.changed.emit()

    def _update_remove_buttons(self) -> None:
        for editor in self.editors:
            editor.remove.setEnabled(len(self.editors) > 1)

    def _show_total(self) -> None:
        total = math.fsum(c.fraction for c in self.values())
        if abs(total - 1.0) <= FRACTION_SUM_TOLERANCE:
            self.total.setText("Fractions add up to 1 ✓")
            self.total.setStyleSheet("")
        else:
            self.total.setText(f"Fractions add up to {total:.4g}; they must add up to 1")
            self.total.setStyleSheet("color: #b2182b;")
