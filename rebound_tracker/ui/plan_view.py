"""One plan in the Planner window: steps, label flags, projected exposure with the two
charts (drawn by the same functions as the plan PDF), and what each logged step did."""

from __future__ import annotations

from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.plans import KIND_WORDS
from rebound_tracker.report.charts.axes import new_plot
from rebound_tracker.report.charts.plan_charts import draw_plan_exposure, draw_step_days
from rebound_tracker.report.charts.theme import system_theme
from rebound_tracker.report.plan_pdf import EXPOSURE_HEADERS
from rebound_tracker.report.plan_words import (
    COMPARISON_METHOD,
    exposure_rows,
    outcome_lines,
    step_rows,
)
from rebound_tracker.services.plan_summary import PlanSummary
from rebound_tracker.ui.rows_model import RowsModel

STEP_HEADERS = ["Step", "Starts", "Each day", "mg/day", "For"]


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class PlanView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: PlanSummary | None = None
        self.theme = system_theme()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.steps_model = RowsModel(STEP_HEADERS, self)
        self.exposure_model = RowsModel(EXPOSURE_HEADERS, self)
        self.flags = QTextBrowser()
        self.flags.setAccessibleName("Label rules")
        self.outcomes = QTextBrowser()
        self.outcomes.setAccessibleName("What each step did")
        self.assumptions = QTextBrowser()
        self.assumptions.setAccessibleName("Assumptions of the projection")
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(self.theme.background)
        self.graphics.setAccessibleName("Plan charts")
        self.plan_plot = new_plot(self.theme, dates=True)
        self.day_plot = new_plot(self.theme)
        self.graphics.addItem(self.plan_plot, row=0, col=0)
        self.graphics.addItem(self.day_plot, row=1, col=0)
        self.tabs = QTabWidget()
        plan_tab = QSplitter()
        plan_tab.setOrientation(Qt.Orientation.Vertical)
        plan_tab.addWidget(_table(self.steps_model, "Plan steps"))
        plan_tab.addWidget(self.flags)
        self.tabs.addTab(plan_tab, "Steps and label rules")
        exposure_tab = QSplitter()
        exposure_tab.setOrientation(Qt.Orientation.Vertical)
        exposure_tab.addWidget(_table(self.exposure_model, "Projected exposure"))
        exposure_tab.addWidget(self.graphics)
        exposure_tab.addWidget(self.assumptions)
        exposure_tab.setSizes([185, 400, 85])
        self.tabs.addTab(exposure_tab, "Projected exposure")
        self.tabs.addTab(self.outcomes, "What each step did")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        notice = QLabel(NOT_MEDICAL_ADVICE)
        notice.setWordWrap(True)
        layout.addWidget(notice)

    def show_summary(self, summary: PlanSummary | None) -> None:
        self.summary = summary
        if summary is None:
            self.title.setText("No plan selected. Make one with “New plan…”.")
            self.steps_model.set_rows([])
            self.exposure_model.set_rows([])
            self.flags.clear()
            self.outcomes.clear()
            self.assumptions.clear()
            self.plan_plot.clear()
            self.day_plot.clear()
            return
        plan = summary.plan
        self.title.setText(f"<b>{escape(plan.name)}</b> — {escape(summary.product)} "
                           f"({KIND_WORDS[plan.kind]}), from {plan.start:%a %d %b %Y}, "
                           f"{len(plan.steps)} steps")
        self.steps_model.set_rows(step_rows(summary))
        self.exposure_model.set_rows(exposure_rows(summary))
        self.flags.setHtml(self._flags_html(summary))
        self.outcomes.setHtml(self._outcomes_html(summary))
        items = "".join(f"<li>{escape(a)}</li>" for a in summary.projection.assumptions)
        self.assumptions.setHtml(f"<p><b>Assumptions</b></p><ul>{items}</ul>")
        draw_plan_exposure(self.plan_plot, summary.projection, self.theme)
        draw_step_days(self.day_plot, summary.projection, self.theme)

    @staticmethod
    def _flags_html(summary: PlanSummary) -> str:
        if summary.flags:
            items = "".join(f"<li>{escape(f.text())}</li>" for f in summary.flags)
            head = f"<p><b>{len(summary.flags)} step(s) break a label rule</b> (flagged, " \
                   "not enforced):</p>"
            body = f"{head}<ul>{items}</ul>"
        else:
            body = "<p>No step breaks a label rule on file for this product.</p>"
        notes = "".join(f"<p>{escape(n)}</p>" for n in summary.rule_notes)
        sources = "".join(f"<p><small>Source: {escape(s)}</small></p>"
                          for s in summary.rule_sources)
        return body + notes + sources

    @staticmethod
    def _outcomes_html(summary: PlanSummary) -> str:
        lines = outcome_lines(summary)
        if not lines:
            return "<p>No step of this plan has begun yet. Once doses and check-ins are " \
                   "logged during its steps, each step is compared with the one before.</p>"
        body = "".join(f"<p style='margin:2px 0 2px {12 if line.startswith('    ') else 0}px'>"
                       f"{escape(line.strip())}</p>" for line in lines)
        return body + f"<p><small>{escape(COMPARISON_METHOD)}</small></p>"
