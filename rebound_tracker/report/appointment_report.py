"""The appointment summary PDF: page 1 for the two-minute read, then the detail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.source_words import source_words
from rebound_tracker.report.adherence_words import adherence_statement
from rebound_tracker.report.calendar_block import calendar_rows, draw_calendar
from rebound_tracker.report.calibration_section import calibration_section
from rebound_tracker.report.chart_render import render_plot
from rebound_tracker.report.charts.axes import new_plot
from rebound_tracker.report.charts.theme import LIGHT
from rebound_tracker.report.charts.typical_day import draw_typical_day
from rebound_tracker.report.evidence_words import CAVEAT, METHOD, interval_text, summary_lines
from rebound_tracker.report.offscreen import ensure_gui_application
from rebound_tracker.report.pdf_document import MM, MUTED, FirstPageDone, PdfDocument
from rebound_tracker.report.plan_sections import outcome_section
from rebound_tracker.report.report_words import change_lines, notable_day_lines
from rebound_tracker.services.evidence import ScaleEvidence
from rebound_tracker.services.report_data import ReportData, ScaleSummary

HEADLINE_SCALES = ("focus", "mood", "irritability")
TYPICAL_DAY_KEY = (
    "Key — right axis, check-in means with ±1 SD bands: focus green with circles, mood pink "
    "with squares, irritability vermillion with diamonds. Left axis: mean predicted effect, "
    "dark blue. Shading: median predicted rebound window orange, wear-off light blue "
    "(they overlap where both are darker).")


def write_report(data: ReportData, path: Path, *, page_size: str = "a4") -> int:
    """Render ``data`` to a PDF at ``path``; returns the page count."""
    doc = _document(data, path, page_size)
    try:
        _page_one(doc, data, _period(data))
        _detail_pages(doc, data)
    finally:
        pages = doc.finish()  # end the painter even on error: Qt aborts otherwise
    return pages


def preview_first_page(data: ReportData, *, page_size: str = "a4") -> QImage:
    """Page 1 exactly as the PDF will show it, as an image (300 dpi)."""
    doc = _document(data, None, page_size)
    try:
        _page_one(doc, data, _period(data))
        doc.new_page()
    except FirstPageDone:
        pass
    finally:
        doc.finish()
    assert doc.image is not None
    return doc.image


def _period(data: ReportData) -> str:
    return f"{data.start:%d %b %Y} – {data.end:%d %b %Y}"


def _document(data: ReportData, path: Path | None, page_size: str) -> PdfDocument:
    ensure_gui_application()
    period = _period(data)
    return PdfDocument(path, page_size=page_size, title=f"Rebound Tracker summary {period}",
                       footer=f"Rebound Tracker · {period} · not medical advice")


def _page_one(doc: PdfDocument, data: ReportData, period: str) -> None:
    doc.heading("Medication and symptom summary", level=0)
    doc.paragraph(f"Period: {period} ({data.day_count} days) · generated "
                  f"{data.generated_at:%d %b %Y %H:%M} · {data.dose_count} doses and "
                  f"{data.checkin_count} check-ins logged by the patient", colour=MUTED)
    doc.paragraph(NOT_MEDICAL_ADVICE, size=8, italic=True, colour=MUTED)
    doc.heading("Regimen in this period")
    if data.regimen:
        doc.table(["Medication", "Strength", "Usual time", "Doses", "Days", "Logged from – to"],
                  [[i.name, f"{i.mg:g} mg", i.usual_time, str(i.doses), str(i.days),
                    f"{i.first_day:%d %b} – {i.last_day:%d %b}"] for i in data.regimen],
                  [0.26, 0.12, 0.13, 0.1, 0.1, 0.29])
    else:
        doc.paragraph("No doses were logged in this period.")
    if data.changes:
        doc.paragraph("Changes:", bold=True, after_mm=0.6)
        doc.bullets(change_lines(data))
    doc.paragraph(adherence_statement(data.trends.adherence, data.medication_names))
    _headline(doc, data)
    doc.heading("Check-in scales (0–10)")
    rows = [_scale_row(s) for s in data.scales if s.count]
    if rows:
        doc.table(["Scale", "Check-ins", "Average", "First half → second half", "Trend"],
                  rows, [0.2, 0.14, 0.14, 0.28, 0.24])
    else:
        doc.paragraph("No check-ins were logged in this period.")


def _scale_row(s: ScaleSummary) -> list[str]:
    halves = ("–" if s.first_half_mean is None
              else f"{s.first_half_mean:.1f} → {s.second_half_mean:.1f}")
    if s.trend_per_week is None:
        trend = "too few days"
    elif abs(s.trend_per_week) < 0.1:
        trend = "steady"
    else:
        direction = "rising" if s.trend_per_week > 0 else "falling"
        trend = f"{direction} {abs(s.trend_per_week):.1f}/week"
    return [s.scale.capitalize(), str(s.count), f"{s.mean:.1f}", halves, trend]


def _headline(doc: PdfDocument, data: ReportData) -> None:
    """How the scales sit inside the predicted rebound windows against the person's own
    same-clock-time baseline (the same analysis and words as Trends and ``analyze``)."""
    evidence = data.trends.evidence
    doc.heading("Inside predicted rebound windows vs the usual at the same clock time")
    shown = [s for s in evidence.scales if s.scale in HEADLINE_SCALES]
    doc.table(["Scale", "Inside: mean (check-ins)", "Usual then", "Difference [95% CI]",
               "Days", "Reading"], [_evidence_row(s) for s in shown],
              [0.15, 0.2, 0.13, 0.22, 0.08, 0.22])
    for line in summary_lines(evidence, HEADLINE_SCALES):
        doc.paragraph(line, size=8.5, after_mm=0.8)
    doc.paragraph(f"Method: {METHOD} {CAVEAT}", size=8, italic=True, colour=MUTED)


def _evidence_row(s: ScaleEvidence) -> list[str]:
    e = s.estimate
    inside = "–" if e.inside_mean is None else f"{e.inside_mean:.1f} ({e.n_inside})"
    usual = "–" if e.baseline_mean is None else f"{e.baseline_mean:.1f}"
    return [s.scale.capitalize(), inside, usual, interval_text(s), str(e.n_days), s.verdict]


def _typical_day_page(doc: PdfDocument, data: ReportData) -> None:
    doc.heading("A typical day")
    doc.paragraph("Each scale by hours since the morning dose: the line is the mean, the band "
                  "±1 SD over the days of the period (hours with fewer than 3 check-ins are "
                  "left out). Behind it, the mean predicted effect and the median predicted "
                  "wear-off and rebound windows.", size=8, colour=MUTED)
    plot = new_plot(LIGHT)
    draw_typical_day(data.trends.typical_day, HEADLINE_SCALES, plot=plot, theme=LIGHT)
    if plot.legend is not None:  # too small once scaled to the page: said in words below
        plot.legend.hide()
    doc.block(95, lambda painter, rect: render_plot(plot, painter, rect))
    doc.paragraph(TYPICAL_DAY_KEY, size=8)


def _plans(doc: PdfDocument, data: ReportData) -> None:
    """What each step of a dose-change plan running in the period did."""
    if not data.plans:
        return
    doc.new_page()  # a page of its own, to hand over with the plan
    doc.heading("Dose-change plans")
    for summary in data.plans:
        outcome_section(doc, summary, level=2)


def _detail_pages(doc: PdfDocument, data: ReportData) -> None:
    doc.new_page()
    if data.dose_count and data.checkin_count:
        _typical_day_page(doc, data)
    rows = calendar_rows(data.days)
    calendar_mm = min(20.0 * rows + 6, doc.page_height_mm() - 20)
    doc.ensure_space((calendar_mm + 16) * MM)  # keep the heading with the calendar
    doc.heading("Calendar")
    doc.paragraph("Each day: doses logged (●) and the average focus of its check-ins; darker "
                  "cells are higher focus.", size=8, colour=MUTED)
    doc.block(calendar_mm,
              lambda painter, rect: draw_calendar(painter, rect, data.days, doc.font(8)))
    doc.heading("Notable days")
    if data.notable_days:
        doc.bullets(notable_day_lines(data))
    else:
        doc.paragraph("Nothing stood out: too few check-ins to compare days.")
    _plans(doc, data)
    doc.heading("Notes written by the patient")
    if data.notes:
        doc.table(["When", "About", "Note"],
                  [[f"{n.when:%a %d %b %H:%M}", n.kind, n.text] for n in data.notes],
                  [0.2, 0.22, 0.58])
    else:
        doc.paragraph("No notes in this period.")
    if data.calibration is not None:
        calibration_section(doc, data.calibration)
    doc.heading("How the predictions are made")
    doc.bullets(data.assumptions
                or ("No doses in the period, so no model predictions were made.",))
    if data.sources:
        doc.heading("Sources of the medication parameters", level=2)
        for source in data.sources:
            doc.paragraph(source_words(source), size=7, colour=MUTED, after_mm=0.5)
