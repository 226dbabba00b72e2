"""The Planner: the person's dose-change plans, each with its steps, label flags, projected
exposure and what each logged step did; new plans, end a hold, delete, export PDF / .ics.

A plan's summary runs the model (tens of ms), so it is computed off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.domain.plans import Plan
from rebound_tracker.report.plan_pdf import export_plan_pdf
from rebound_tracker.services.plan_calendar import write_plan_calendar
from rebound_tracker.services.plan_summary import PlanSummary, plan_summary
from rebound_tracker.services.plans import PlanService
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.plan_editor import PlanEditor
from rebound_tracker.ui.plan_view import PlanView
from rebound_tracker.ui.time_edit import python_date


class PlannerWindow(QDialog):
    shown = Signal(object)  # the PlanSummary just displayed (or None)
    changed = Signal()      # a plan was added, changed or deleted

    def __init__(self, plans: PlanService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dose-change planner")
        self._plans = plans
        self._generation = 0
        self.summary: PlanSummary | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Plans")
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        self.view = PlanView()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.new_button = QPushButton("New plan…")
        self.hold_button = QPushButton("End the hold…")
        self.delete_button = QPushButton("Delete…")
        self.pdf_button = QPushButton("Export PDF…")
        self.ics_button = QPushButton("Export calendar (.ics)…")
        self.new_button.clicked.connect(self.open_editor)
        self.hold_button.clicked.connect(self._ask_end_hold)
        self.delete_button.clicked.connect(self._ask_delete)
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.ics_button.clicked.connect(lambda: self._ask_export("ics"))
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        for button in (self.new_button, self.hold_button, self.delete_button,
                       self.pdf_button, self.ics_button):
            column.addWidget(button)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.view)
        split.setSizes([260, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.resize(1180, 780)
        self.reload()

    # ----- the list -------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """List the stored plans (newest last), keeping or moving the selection."""
        shown = self.current_plan()
        current = select or (shown.id if shown else None)
        self.list.blockSignals(True)
        self.list.clear()
        for plan in self._plans.all():
            end = f"{plan.end:%d %b %Y}" if plan.end else "open"
            item = QListWidgetItem(f"{plan.name}\n{plan.start:%d %b %Y} → {end}")
            item.setData(Qt.ItemDataRole.UserRole, plan)
            self.list.addItem(item)
            if plan.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)
        self.list.blockSignals(False)
        self._selected()

    def current_plan(self) -> Plan | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _selected(self) -> None:
        plan = self.current_plan()
        for button in (self.delete_button, self.pdf_button, self.ics_button):
            button.setEnabled(plan is not None)
        self.hold_button.setEnabled(self.held_step() is not None)
        self._generation += 1
        if plan is None:
            self._show(self._generation, None)
            return
        generation = self._generation
        self.status.setText("Computing the projected exposure…")
        run_in_background(lambda: plan_summary(self._plans, plan),
                          lambda summary: self._show(generation, summary),
                          self._failed, owner=self)

    def _show(self, generation: int, summary: PlanSummary | None) -> None:
        if generation != self._generation:
            return  # a newer selection is on its way
        self.summary = summary
        self.view.show_summary(summary)
        self.status.setText("" if summary else "No plans yet.")
        self.shown.emit(summary)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"Could not compute the plan: {error}")
        if not isinstance(error, ReboundError):
            raise error

    # ----- actions ---------------------------------------------------------------------

    def open_editor(self) -> PlanEditor:
        editor = PlanEditor(self._plans, self)
        editor.saved.connect(self._saved)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        return editor

    def _saved(self, plan: Plan) -> None:
        self.reload(select=plan.id)
        self.changed.emit()

    def delete_current(self) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        try:
            self._plans.delete(plan.id)
        except ReboundError as err:
            self.status.setText(f"Not deleted: {err}")
            return
        self.reload()
        self.status.setText(f"Deleted the plan “{plan.name}”.")
        self.changed.emit()

    def _ask_delete(self) -> None:
        plan = self.current_plan()
        if plan is not None and QMessageBox.question(
                self, "Delete plan", f"Delete the plan “{plan.name}”? Logged doses and "
                "check-ins are kept.") == QMessageBox.StandardButton.Yes:
            self.delete_current()

    def held_step(self) -> int | None:
        """The 1-based number of the first held step whose start is known (not the last)."""
        plan = self.current_plan()
        if plan is None:
            return None
        for i, (step, when) in enumerate(zip(plan.steps[:-1], plan.dates(), strict=False)):
            if step.held and when.start is not None:
                return i + 1
        return None

    def end_hold(self, on: date) -> bool:
        plan, step = self.current_plan(), self.held_step()
        if plan is None or step is None:
            self.status.setText("This plan has no held step to end.")
            return False
        try:
            self._plans.end_hold(plan.id, step, on)
        except ReboundError as err:
            self.status.setText(f"Not changed: {err}")
            return False
        self.reload(select=plan.id)
        self.changed.emit()
        return True

    def _ask_end_hold(self) -> None:
        step = self.held_step()
        if step is None:
            self.status.setText("This plan has no held step to end.")
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("End the hold")
        day = QDateEdit(QDate.currentDate())
        day.setCalendarPopup(True)
        day.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(dialog)
        form.addRow(QLabel(f"Step {step} is held. The next step begins on:"))
        form.addRow("Day:", day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.end_hold(python_date(day))

    def export(self, kind: str, path: Path) -> Path | None:
        """Write the selected plan as ``kind`` ('pdf' or 'ics') to ``path``."""
        plan, summary = self.current_plan(), self.summary
        if plan is None:
            return None
        try:
            if kind == "ics":
                write_plan_calendar(plan, self._plans.formulation(plan), path)
            else:
                if summary is None or summary.plan.id != plan.id:
                    summary = plan_summary(self._plans, plan)
                export_plan_pdf(summary, path)
        except (ReboundError, OSError) as err:
            self.status.setText(f"Not saved: {err}")
            return None
        self.status.setText(f"Saved {path}")
        return path

    def _ask_export(self, kind: str) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        suffix = ".pdf" if kind == "pdf" else ".ics"
        what = "PDF (*.pdf)" if kind == "pdf" else "Calendar (*.ics)"
        name, _ = QFileDialog.getSaveFileName(self, "Export plan",
                                              str(Path.home() / f"plan{suffix}"), what)
        if name:
            path = Path(name)
            self.export(kind, path if path.suffix.lower() == suffix
                        else path.with_suffix(suffix))



