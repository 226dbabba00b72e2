"""Everything shown about one plan, computed once for the window, the CLI and the PDF."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.plan_rules import DISCUSS, NO_STIMULANT_TAPER, Flag, rules_for
from rebound_tracker.domain.plans import KIND_WORDS, Plan, plan_record
from rebound_tracker.services.plan_outcomes import StepOutcome
from rebound_tracker.services.plan_projection import PlanProjection

if TYPE_CHECKING:
    from rebound_tracker.services.plans import PlanService

COMPARISON_METHOD = ("Check-ins of each step vs the step before, controlled for clock time "
                     "(blocks before 10:00, 10-14, 14-18, from 18:00) by least squares, with "
                     "a 95% interval from errors clustered by day. Called higher or lower only "
                     "when the interval excludes 0. An association in this person's log, not "
                     "proof of cause: other things change over the weeks of a plan too.")


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    product: str
    generated: date
    flags: tuple[Flag, ...]
    rule_notes: tuple[str, ...]
    rule_sources: tuple[str, ...]
    projection: PlanProjection
    outcomes: tuple[StepOutcome, ...]

    def step_rows(self) -> list[list[str]]:
        """Step, dates, regimen, mg/day, days (the plan table)."""
        return [list(row) for row in self.plan.step_rows()]

    def exposure_rows(self) -> list[list[str]]:
        """Per step: daily AUC, trough, peak, largest drop, days to steady state, windows."""
        rows = []
        for s in self.projection.steps:
            if s.number == 1:
                steady = "at start (assumed)"
            elif s.days_to_steady is None:
                steady = f"> {s.days_shown}"
            else:
                steady = str(s.days_to_steady)
            windows = "; ".join([*(f"wear-off {w}" for w in s.wear_off),
                                 *(f"rebound {w}" for w in s.rebound)]) or "none predicted"
            rows.append([str(s.number), f"{s.total_mg:g}", f"{s.daily_auc:.1f}",
                         f"{s.trough:.2f}", f"{s.peak:.2f}",
                         f"{s.largest_drop:.1f} ({s.largest_drop_pct:.0f}%)", steady, windows])
        return rows

    def lines(self) -> list[str]:
        """The plain-text view (``plan show``)."""
        p, unit = self.plan, self.projection.unit
        out = [f"{p.name} — {self.product} ({KIND_WORDS[p.kind]}), id {p.id}",
               f"from {p.start.isoformat()}, {len(p.steps)} steps, clock times in "
               f"{p.timezone or 'local time'}", ""]
        out += [f"  {r[0]:>2}. {r[1]:<16} {r[2]:<32} {r[3]:>6} mg/day  {r[4]}"
                for r in self.step_rows()]
        out += ["", "Label rules (flagged, not enforced):"]
        out += [f"  {f.text()}" for f in self.flags] or ["  no step breaks a label rule "
                                                         "on file"]
        out += [f"  note: {n}" for n in self.rule_notes]
        out += ["", f"Projected exposure ({self.projection.analyte}; AUC {unit}·h per day, "
                f"trough and peak {unit}):",
                "  step  mg/day  AUC/day  trough  peak  largest day-to-day drop  "
                "days to steady  windows on the last day"]
        out += [f"  {r[0]:>4}  {r[1]:>6}  {r[2]:>7}  {r[3]:>6}  {r[4]:>5}  {r[5]:>22}  "
                f"{r[6]:>14}  {r[7]}" for r in self.exposure_rows()]
        out += ["", "What each logged step did:"]
        out += self.outcome_lines() or ["  no step has begun yet"]
        out += ["", NOT_MEDICAL_ADVICE]
        return out

    def outcome_lines(self) -> list[str]:
        out = []
        for o in self.outcomes:
            logged = ("no doses logged" if o.logged_mean_mg is None else
                      f"logged {o.logged_mean_mg:g} mg/day on {o.logged_days} of {o.days} days")
            out.append(f"  step {o.number} ({o.start:%d %b}–{o.end:%d %b}): planned "
                       f"{o.planned_mg:g} mg/day, {logged}")
            out += [f"    {c.text()}" for c in o.comparisons]
        return out

    def to_json(self) -> dict[str, Any]:
        proj = self.projection
        return {
            "plan": plan_record(self.plan),
            "product": self.product,
            "dates": [{"start": d.start.isoformat() if d.start else None,
                       "end": d.end.isoformat() if d.end else None} for d in self.plan.dates()],
            "flags": [{"step": f.step, "rule": f.rule, "message": f.message,
                       "source": f.source, "text": f.text()} for f in self.flags],
            "rule_notes": list(self.rule_notes),
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
                                           "reading": c.reading} for c in o.comparisons]}
                         for o in self.outcomes],
            "comparison_method": COMPARISON_METHOD,
            "not_medical_advice": NOT_MEDICAL_ADVICE,
        }


def _num(value: float) -> float:
    return round(float(value), 4) if math.isfinite(value) else 0.0


def plan_summary(plans: PlanService, plan: Plan) -> PlanSummary:
    """Compute the summary of ``plan`` (runs the model: ~10-50 ms)."""
    rules = rules_for(plan.medication_id)
    lowers = any(b.total_mg < a.total_mg for a, b in zip(plan.steps, plan.steps[1:],
                                                         strict=False))
    notes = tuple(n for n in rules.notes if lowers or n != NO_STIMULANT_TAPER) if rules else (
        "No label rule on the size or pace of changes is on file for this product; "
        f"{DISCUSS.lower()}",)
    sources = tuple(dict.fromkeys(r.source for r in rules.changes)) if rules else ()
    return PlanSummary(
        plan=plan, product=plans.formulation(plan).name, generated=plans.today(),
        flags=tuple(plans.flags(plan)), rule_notes=tuple(notes), rule_sources=sources,
        projection=plans.projection(plan), outcomes=tuple(plans.outcomes(plan)))


def plan_summaries_between(plans: PlanService, start: date, end: date) -> tuple[PlanSummary, ...]:
    """Summaries of the plans with a step running on some day of ``start``..``end``."""
    out = []
    for plan in plans.all():
        last = plan.end  # exclusive; None: open-ended or after a hold
        if plan.start <= end and (last is None or last > start):
            out.append(plan_summary(plans, plan))
    return tuple(out)
