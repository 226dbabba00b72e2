"""The printable plan (same layout code as the appointment summary: PdfDocument), and the
'what each step did' section the summary includes for plans running in its period."""

from __future__ import annotations

from pathlib import Path

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.plans import KIND_WORDS
from rebound_tracker.report.chart_render import render_plot
from rebound_tracker.report.charts.axes import new_plot
from rebound_tracker.report.charts.plan_charts import draw_plan_exposure, draw_step_days
from rebound_tracker.report.charts.theme import LIGHT
from rebound_tracker.report.export_pdf import render_atomically
from rebound_tracker.report.offscreen import ensure_gui_application
from rebound_tracker.report.pdf_document import MM, MUTED, PdfDocument
from rebound_tracker.report.plan_sections import outcome_section
from rebound_tracker.report.plan_words import exposure_rows, step_rows
from rebound_tracker.services.plan_summary import PlanSummary

STEP_COLUMNS = [0.07, 0.2, 0.43, 0.12, 0.18]
EXPOSURE_HEADERS = ["Step", "mg/day", "AUC/day", "Trough", "Peak", "Largest daily drop",
                    "Days to steady", "Windows (last day)"]
CHART_MM = 62
DASH_WORDS = ("solid blue", "dashed vermillion", "dotted green", "dash-dot pink",
              "dash-dot-dot sky blue")
EXPOSURE_COLUMNS = [0.06, 0.08, 0.1, 0.09, 0.08, 0.15, 0.1, 0.34]


def write_plan(summary: PlanSummary, path: Path, *, page_size: str = "a4") -> int:
    """Render the plan to a PDF at ``path``; returns the page count."""
    ensure_gui_application()
    plan = summary.plan
    doc = PdfDocument(path, page_size=page_size, title=f"Rebound Tracker plan: {plan.name}",
                      footer=f"Rebound Tracker · {plan.name} · not medical advice")
    try:
        doc.heading(f"Dose-change plan: {plan.name}", level=0)
        doc.paragraph(f"{summary.product} · {KIND_WORDS[plan.kind]} · from {plan.start:%d %b %Y} · "
                      f"{len(plan.steps)} steps · printed {summary.generated:%d %b %Y}",
                      colour=MUTED)
        doc.paragraph(NOT_MEDICAL_ADVICE, size=8, italic=True, colour=MUTED)
        doc.heading("Steps")
        doc.table(["Step", "Starts", "Each day", "mg/day", "For"], step_rows(summary),
                  STEP_COLUMNS)
        _flags(doc, summary)
        _exposure(doc, summary)
        outcome_section(doc, summary, level=1)
    finally:
        pages = doc.finish()
    return pages


def _flags(doc: PdfDocument, summary: PlanSummary) -> None:
    doc.heading("Label rules (flagged, not enforced)")
    if summary.flags:
        doc.bullets([f.text() for f in summary.flags])
    else:
        doc.paragraph("No step breaks a label rule on file for this product.")
    for note in summary.rule_notes:
        doc.paragraph(note, size=8.5)
    for source in summary.rule_sources:
        doc.paragraph(f"Source: {source}", size=7, colour=MUTED, after_mm=0.5)


def _exposure(doc: PdfDocument, summary: PlanSummary) -> None:
    proj = summary.projection
    doc.heading("Projected exposure per step")
    doc.paragraph(f"Model of {proj.analyte} for the person's saved settings. AUC in "
                  f"{proj.unit}·h over the step's last day; trough just before the first "
                  f"dose and peak in {proj.unit}; the largest fall of daily AUC from one day "
                  "to the next across the change; days until daily exposure is within 5% of "
                  "the step's steady state.", size=8, colour=MUTED)
    doc.table(EXPOSURE_HEADERS, exposure_rows(summary), EXPOSURE_COLUMNS)
    plot = new_plot(LIGHT, dates=True)
    draw_plan_exposure(plot, proj, LIGHT)
    doc.ensure_space(CHART_MM * MM + 40)  # keep each caption with its chart
    doc.paragraph("The whole plan: projected concentration by day; dashed lines mark where "
                  "each numbered step begins.", size=8)
    doc.block(CHART_MM, lambda painter, rect: render_plot(plot, painter, rect))
    day = new_plot(LIGHT)
    draw_step_days(day, proj, LIGHT)
    if day.legend is not None:  # too small once scaled to the page: said in words instead
        day.legend.hide()
    doc.ensure_space(CHART_MM * MM + 40)
    doc.paragraph("One day of each step (its last day), by clock time. Lines: "
                  + "; ".join(f"step {s.number} ({s.total_mg:g} mg/day) {DASH_WORDS[i % 5]}"
                              for i, s in enumerate(proj.steps)) + ".", size=8)
    doc.block(CHART_MM, lambda painter, rect: render_plot(day, painter, rect))
    doc.heading("Assumptions", level=2)
    doc.bullets(list(proj.assumptions), size=7.5)


def export_plan_pdf(summary: PlanSummary, out: Path, *, page_size: str = "a4") -> int:
    """Render the plan beside ``out``, then move it into place (mode 0600)."""
    return render_atomically(lambda path, size: write_plan(summary, path, page_size=size),
                             Path(out), page_size)
