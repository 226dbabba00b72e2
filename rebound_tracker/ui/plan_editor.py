"""Make a dose-change plan: by a rule (then editable step by step) or step by step.

The rule only does the arithmetic the person chose, rounded to the product's strengths;
nothing here proposes a dose. "Check plan" shows the steps' dates and every label rule a
step breaks (flagged, not enforced); "Save" refuses bad input in the form, naming the field.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.errors import NeedsConfirmation, ReboundError, ValidationError
from rebound_tracker.domain.plan_generate import StepRule
from rebound_tracker.domain.plan_text import STEP_ACCEPTED, parse_step_text
from rebound_tracker.domain.plans import Plan
from rebound_tracker.domain.settings import parse_clock
from rebound_tracker.services.plans import PlanService
from rebound_tracker.ui.number_box import NumberBox
from rebound_tracker.ui.time_edit import python_date

RULE_CHOICES = (("Taper by a fixed amount per step", "decrement"),
                ("Taper by a percentage of the current dose", "percent"),
                ("Titrate up by a fixed amount per step", "titrate"))


class PlanEditor(QDialog):
    saved = Signal(object)  # the stored Plan

    def __init__(self, plans: PlanService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New dose-change plan")
        self._plans = plans
        self.plan: Plan | None = None
        self._kind = "custom"
        self.medication = QComboBox()
        self.medication.setAccessibleName("Product")
        for med_id, name in plans.plannable():
            self.medication.addItem(name, med_id)
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        today = plans.today()
        self.start.setMinimumDate(_qdate(today))
        self.start.setDate(_qdate(today + timedelta(days=1)))
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Intuniv taper agreed on 3 March")
        self.name.setAccessibleName("Plan name")
        form = QFormLayout()
        form.addRow("Product:", self.medication)
        form.addRow("First day:", self.start)
        form.addRow("Name:", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._rule_box())
        layout.addWidget(self._steps_box(), 1)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Plan check")
        self.preview.setMinimumHeight(120)
        self.preview.setPlaceholderText("“Check plan” shows each step's dates and every label "
                                        "rule a step breaks.")
        layout.addWidget(self.preview)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setAccessibleName("Problem")
        layout.addWidget(self.error)
        notice = QLabel(NOT_MEDICAL_ADVICE)
        notice.setWordWrap(True)
        layout.addWidget(notice)
        layout.addWidget(self._buttons())
        if not plans.plannable():
            self.error.setText("Log a dose of the product first (or add it to your usual "
                               "regimen in the settings): plans are for products you take.")
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.resize(720, 760)

    # ----- the form ------------------------------------------------------------------------

    def _buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.check_button = self.buttons.addButton("Check plan",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def _rule_box(self) -> QWidget:
        box = QWidget()
        row = QFormLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.rule = QComboBox()
        self.rule.setAccessibleName("Rule")
        for text, key in RULE_CHOICES:
            self.rule.addItem(text, key)
        self.from_mg = NumberBox(0, 10000, suffix=" mg/day", accessible_name="From",
                                 step=1.0)
        self.to_mg = NumberBox(0, 10000, suffix=" mg/day", accessible_name="To", step=1.0)
        self.by = NumberBox(0, 10000, accessible_name="By", step=1.0)
        self.every = QSpinBox()
        self.every.setRange(1, 365)
        self.every.setValue(7)
        self.every.setSuffix(" days")
        self.every.setAccessibleName("Days per step")
        self.times = QLineEdit("08:00")
        self.times.setAccessibleName("Dose times")
        self.times.setToolTip("Clock times of the day's doses, HH:MM, comma-separated")
        self.fill = QPushButton("Fill the steps from the rule")
        self.fill.clicked.connect(self.fill_from_rule)
        numbers = QHBoxLayout()
        for label, widget in (("from", self.from_mg), ("to", self.to_mg), ("by", self.by),
                              ("every", self.every)):
            numbers.addWidget(QLabel(label))
            numbers.addWidget(widget)
        row.addRow("Rule:", self.rule)
        row.addRow("", numbers)
        row.addRow("Dose times:", self.times)
        row.addRow("", self.fill)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        self._rule_changed()
        return box

    def _steps_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        help_text = QLabel("Steps, one a row — " + STEP_ACCEPTED.replace("DOSES/DAYS: ", ""))
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.steps = QTableWidget(0, 2)
        self.steps.setAccessibleName("Steps")
        self.steps.setHorizontalHeaderLabels(["Doses each day (MG@HH:MM+…, 0 = stop)",
                                              "Days (or hold)"])
        self.steps.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.steps, 1)
        buttons = QHBoxLayout()
        add, remove = QPushButton("Add step"), QPushButton("Remove step")
        add.clicked.connect(lambda: self.add_step("", ""))
        remove.clicked.connect(self._remove_step)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _rule_changed(self) -> None:
        percent = self.rule.currentData() == "percent"
        self.by.setSuffix(" %" if percent else " mg/day")

    def add_step(self, doses: str, days: str) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        self.steps.setItem(row, 0, QTableWidgetItem(doses))
        self.steps.setItem(row, 1, QTableWidgetItem(days))

    def _remove_step(self) -> None:
        row = self.steps.currentRow()
        self.steps.removeRow(row if row >= 0 else self.steps.rowCount() - 1)

    def step_texts(self) -> list[str]:
        texts = []
        for row in range(self.steps.rowCount()):
            doses, days = (((item.text() if item else "").strip())
                           for item in (self.steps.item(row, 0), self.steps.item(row, 1)))
            if doses or days:
                texts.append(f"{doses}/{days}" if days else doses)
        return texts

    # ----- actions ---------------------------------------------------------------------------

    def fill_from_rule(self) -> None:
        """Replace the steps with what the rule gives (then editable)."""
        try:
            plan = self._plans.generate(self.medication.currentData(), self._start(),
                                        self._rule())
        except ReboundError as err:
            self._refuse(err)
            return
        self.steps.setRowCount(0)
        for i, step in enumerate(plan.steps):
            doses = "+".join(f"{d.mg:g}@{d.at:%H:%M}" for d in step.doses) or "0"
            last = i == len(plan.steps) - 1
            self.add_step(doses, ("" if last else "hold") if step.days is None
                          else str(step.days))
        self._kind = plan.kind
        self.check()

    def _rule(self) -> StepRule:
        times = tuple(parse_clock("times", t) for t in self.times.text().split(","))
        return StepRule(self.rule.currentData(), self.from_mg.value(), self.to_mg.value(),
                        self.by.value(), self.every.value(), times)

    def _start(self) -> date:
        return python_date(self.start)

    def build(self) -> Plan:
        texts = self.step_texts()
        steps = [parse_step_text(f"step[{i + 1}]", t, last=i == len(texts) - 1)
                 for i, t in enumerate(texts)]
        if not steps:
            raise ValidationError("steps", "(none)", "at least one step: fill them from the "
                                  "rule or add them one by one")
        kind = self._kind
        return self._plans.draft(self.medication.currentData(), self._start(), steps,
                                 name=self.name.text(), kind=kind)

    def check(self) -> Plan | None:
        """Show the steps with their dates and the label flags; None if the form is bad."""
        try:
            plan = self.build()
            flags = self._plans.check(plan, confirmed=True)
        except ReboundError as err:
            self._refuse(err)
            return None
        self.error.clear()
        cells = ("".join(f"<td>{escape(cell)}</td>" for cell in row)
                 for row in plan.step_rows())
        rows = "".join(f"<tr>{row}</tr>" for row in cells)
        flagged = ("".join(f"<li>{escape(f.text())}</li>" for f in flags)
                   or "<li>No step breaks a label rule on file.</li>")
        self.preview.setHtml(f"<table cellpadding='3'>{rows}</table><p><b>Label rules</b> "
                             f"(flagged, not enforced):</p><ul>{flagged}</ul>")
        return plan

    def save(self) -> None:
        plan = self.check()
        if plan is None:
            return
        try:
            stored, _ = self._plans.create(plan)
        except NeedsConfirmation as err:
            answer = QMessageBox.question(self, "Above the label maximum",
                                          f"{err}. Save the plan anyway?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                stored, _ = self._plans.create(plan, confirmed=True)
            except ReboundError as again:
                self._refuse(again)
                return
        except ReboundError as err:
            self._refuse(err)
            return
        self.plan = stored
        self.saved.emit(stored)
        self.accept()

    def _refuse(self, err: Exception) -> None:
        self.error.setText(f"Not saved — {err}")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

