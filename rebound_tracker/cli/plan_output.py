"""``plan show``: a plan summary as terminal text and as JSON (the words of the tables and
comparisons are report.plan_words', shared with the Planner window and the PDFs)."""

from __future__ import annotations

import math
from typing import Any

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.plans import KIND_WORDS, plan_record
from rebound_tracker.report.plan_words import (
    COMPARISON_METHOD,
    exposure_rows,
    outcome_lines,
    reading,
    step_rows,
)
from rebound_tracker.services.plan_summary import PlanSummary


def plan_lines(summary: PlanSummary) -> list[str]:
    """The plain-text view (``plan show``)."""
    p, unit = summary.plan, summary.projection.unit
    out = [f"{p.name} — {summary.product} ({KIND_WORDS[p.kind]}), id {p.id}",
           f"from {p.start.isoformat()}, {len(p.steps)} steps, clock times in "
           f"{p.timezone or 'local time'}", ""]
    out += [f"  {r[0]:>2}. {r[1]:<16} {r[2]:<32} {r[3]:>6} mg/day  {r[4]}"
            for r in step_rows(summary)]
    out += ["", "Label rules (flagged, not enforced):"]
    out += [f"  {f.text()}" for f in summary.flags] or ["  no step breaks a label rule "
                                                        "on file"]
    out += [f"  note: {n}" for n in summary.rule_notes]
    out += ["", f"Projected exposure ({summary.projection.analyte}; AUC {unit}·h per day, "
            f"trough and peak {unit}):",
            "  step  mg/day  AUC/day  trough  peak  largest day-to-day drop  "
            "days to steady  windows on the last day"]
    out += [f"  {r[0]:>4}  {r[1]:>6}  {r[2]:>7}  {r[3]:>6}  {r[4]:>5}  {r[5]:>22}  "
            f"{r[6]:>14}  {r[7]}" for r in exposure_rows(summary)]
    out += ["", "What each logged step did:"]
    out += outcome_lines(summary) or ["  no step has begun yet"]
    out += ["", NOT_MEDICAL_ADVICE]
    return out


def plan_json(summary: PlanSummary) -> dict[str, Any]:
    """``plan show --json`` (PRODUCT.md)."""
    proj = summary.projection
    return {
        "plan": plan_record(summary.plan),
        "product": summary.product,
        "dates": [{"start": d.start.isoformat() if d.start else None,
                   "end": d.end.isoformat() if d.end else None} for d in summary.plan.dates()],
        "flags": [{"step": f.step, "rule": f.rule, "message": f.message,
                   "source": f.source, "text": f.text()} for f in summary.flags],
        "rule_notes": list(summary.rule_notes),
        "projection": {
            "analyte": proj.analyte, "unit": proj.unit,
            "daily_auc": [{"day": d.isoformat(), "auc": _num(a)}
                          for d, a in zip(proj.days, proj.daily_auc, strict=True)],
            "steps": [{"step": s.number, "start": s.start.isoformat(),
                       "illustrative": s.illustrative, "mg_per_day": s.total_mg,
                       "daily_auc": _num(s.daily_auc), "trough": _num(s.trough),
                       "peak": _num(s.peak), "largest_drop": _num(s.largest_drop),
                       "largest_drop_pct": _num(s.largest_drop_pct),
                       "days_to_steady": s.days_to_steady, "wear_off": list(s.wear_off),
                       "rebound": list(s.rebound)} for s in proj.steps],
            "assumptions": list(proj.assumptions),
        },
        "outcomes": [{"step": o.number, "start": o.start.isoformat(),
                      "end": o.end.isoformat(), "planned_mg": o.planned_mg,
                      "logged_days": o.logged_days, "logged_mean_mg": o.logged_mean_mg,
                      "comparisons": [{"scale": c.scale, "effect": c.effect,
                                       "low": c.low, "high": c.high,
                                       "checkins": c.checkins_after,
                                       "checkins_before": c.checkins_before,
                                       "days": c.days_after,
                                       "days_before": c.days_before,
                                       "reading": reading(c)} for c in o.comparisons]}
                     for o in summary.outcomes],
        "comparison_method": COMPARISON_METHOD,
        "not_medical_advice": NOT_MEDICAL_ADVICE,
    }


def _num(value: float) -> float:
    return round(float(value), 4) if math.isfinite(value) else 0.0
