"""A plan summary in words: the tables and lines the Planner window, the plan PDF, the
appointment summary and the command line share (services.plan_summary returns figures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rebound_tracker.services.plan_outcomes import HIGHER, LOWER, MIN_DAYS, ScaleComparison

if TYPE_CHECKING:
    from rebound_tracker.services.plan_summary import PlanSummary

COMPARISON_METHOD = ("Check-ins of each step vs the step before, controlled for clock time "
                     "(blocks before 10:00, 10-14, 14-18, from 18:00) by least squares, with "
                     "a 95% interval from errors clustered by day. Called higher or lower only "
                     "when the interval excludes 0. An association in this person's log, not "
                     "proof of cause: other things change over the weeks of a plan too.")

NO_CLEAR_DIFFERENCE = "no clear difference"


def reading(c: ScaleComparison) -> str:
    """What the comparison says, in words (also the ``reading`` of ``plan show --json``)."""
    if c.effect is None:
        return f"too few days (needs {MIN_DAYS} with check-ins in each step)"
    if c.direction == HIGHER:
        return "higher than the step before"
    if c.direction == LOWER:
        return "lower than the step before"
    return NO_CLEAR_DIFFERENCE


def comparison_text(c: ScaleComparison) -> str:
    """``mood: -0.2 [-0.5, +0.2] — no clear difference (61 check-ins on 14 days vs …)``."""
    counts = (f"{c.checkins_after} check-ins on {c.days_after} days vs "
              f"{c.checkins_before} on {c.days_before}")
    if c.effect is None:
        return f"{c.scale}: {reading(c)} ({counts})"
    return (f"{c.scale}: {signed(c.effect)} [{signed(c.low)}, {signed(c.high)}] — "
            f"{reading(c)} ({counts})")


def signed(value: float | None) -> str:
    """+0.4, -1.2; a value that rounds to zero is +0.0, never -0.0."""
    rounded = round(value or 0.0, 1)
    return f"{rounded + 0.0:+.1f}"


def step_rows(summary: PlanSummary) -> list[list[str]]:
    """Step, dates, regimen, mg/day, days (the plan table)."""
    return [list(row) for row in summary.plan.step_rows()]


def exposure_rows(summary: PlanSummary) -> list[list[str]]:
    """Per step: daily AUC, trough, peak, largest drop, days to steady state, windows."""
    rows = []
    for s in summary.projection.steps:
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


def outcome_lines(summary: PlanSummary) -> list[str]:
    """Each begun step's logged doses, then (indented) its comparisons with the step before."""
    out = []
    for o in summary.outcomes:
        logged = ("no doses logged" if o.logged_mean_mg is None else
                  f"logged {o.logged_mean_mg:g} mg/day on {o.logged_days} of {o.days} days")
        out.append(f"  step {o.number} ({o.start:%d %b}–{o.end:%d %b}): planned "
                   f"{o.planned_mg:g} mg/day, {logged}")
        out += [f"    {comparison_text(c)}" for c in o.comparisons]
    return out
