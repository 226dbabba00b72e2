"""Everything shown about one plan, computed once for the window, the CLI and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rebound_tracker.domain.plan_rules import DISCUSS, NO_STIMULANT_TAPER, Flag, rules_for
from rebound_tracker.domain.plans import Plan
from rebound_tracker.services.plan_outcomes import StepOutcome
from rebound_tracker.services.plan_projection import PlanProjection

if TYPE_CHECKING:
    from rebound_tracker.services.plans import PlanService


@dataclass(frozen=True)
class PlanSummary:
    """The figures: worded by report.plan_words (window, PDFs) and cli.plan_output."""

    plan: Plan
    product: str
    generated: date
    flags: tuple[Flag, ...]
    rule_notes: tuple[str, ...]
    rule_sources: tuple[str, ...]
    projection: PlanProjection
    outcomes: tuple[StepOutcome, ...]


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
