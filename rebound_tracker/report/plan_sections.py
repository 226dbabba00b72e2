"""Plan sections shared by the plan PDF and the appointment summary."""

from __future__ import annotations

from rebound_tracker.report.pdf_document import MUTED, PdfDocument
from rebound_tracker.report.plan_words import COMPARISON_METHOD, comparison_text
from rebound_tracker.services.plan_summary import PlanSummary

SHOWN_SCALES = ("focus", "mood", "irritability")


def outcome_section(doc: PdfDocument, summary: PlanSummary, *, level: int = 1) -> None:
    """What each logged step did: logged doses and check-ins vs the step before."""
    plan = summary.plan
    doc.heading(f"What each step did: {plan.name}" if level > 1 else "What each step did",
                level=level)
    if not summary.outcomes:
        doc.paragraph("No step of this plan has begun yet.")
        return
    rows = []
    for o in summary.outcomes:
        logged = ("none logged" if o.logged_mean_mg is None
                  else f"{o.logged_mean_mg:g} on {o.logged_days}/{o.days} d")
        shown = [c for c in o.comparisons if c.scale in SHOWN_SCALES]
        rows.append([str(o.number), f"{o.start:%d %b}–{o.end:%d %b}", f"{o.planned_mg:g}",
                     logged, "\n".join(comparison_text(c) for c in shown) or "first step"])
    doc.table(["Step", "Dates", "Planned", "Logged mg/day", "Check-ins vs the step before"],
              rows, [0.07, 0.16, 0.09, 0.14, 0.54])
    doc.paragraph(COMPARISON_METHOD, size=7.5, italic=True, colour=MUTED)
