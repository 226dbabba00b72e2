"""The appointment summary PDF: page 1 for the two-minute read, then the detail."""

from __future__ import annotations

from pathlib import Path

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.report.calendar_block import calendar_rows, draw_calendar
from rebound_tracker.report.offscreen import ensure_gui_application
from rebound_tracker.report.pdf_document import MM, MUTED, PdfDocument
from rebound_tracker.services.report_data import ReportData, ScaleSummary

BETTER_WHEN_HIGHER = {"mood", "focus"}


def write_report(data: ReportData, path: Path, *, page_size: str = "a4",
                 assumptions: tuple[str, ...] = ()) -> int:
    """Render ``data`` to a PDF at ``path``; returns the page count."""
    ensure_gui_application()
    period = f"{data.start:%d %b %Y} – {data.end:%d %b %Y}"
    doc = PdfDocument(path, page_size=page_size, title=f"Rebound Tracker summary {period}",
                      footer=f"Rebound Tracker · {period} · not medical advice")
    _page_one(doc, data, period)
    _detail_pages(doc, data, assumptions)
    return doc.finish()


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
        doc.bullets(data.changes)
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


def _detail_pages(doc: PdfDocument, data: ReportData, assumptions: tuple[str, ...]) -> None:
    doc.new_page()
    doc.heading("Calendar")
    doc.paragraph("Each day: doses logged (●) and the average focus of its check-ins; darker "
                  "cells are higher focus.", size=8, colour=MUTED)
    rows = calendar_rows(data.days)
    doc.block(min(22.0 * rows + 6, doc.remaining() / MM),
              lambda painter, rect: draw_calendar(painter, rect, data.days, doc.font(8)))
    doc.heading("Notable days")
    if data.notable_days:
        doc.bullets(data.notable_days)
    else:
        doc.paragraph("Nothing stood out: too few check-ins to compare days.")
    doc.heading("Notes written by the patient")
    if data.notes:
        doc.table(["When", "About", "Note"],
                  [[f"{n.when:%a %d %b %H:%M}", n.kind, n.text] for n in data.notes],
                  [0.2, 0.22, 0.58])
    else:
        doc.paragraph("No notes in this period.")
    doc.heading("How the predictions are made")
    doc.bullets(assumptions or ("No doses in the period, so no model predictions were made.",))
    if data.sources:
        doc.heading("Sources of the medication parameters", level=2)
        for source in data.sources:
            doc.paragraph(source, size=7, colour=MUTED, after_mm=0.5)
