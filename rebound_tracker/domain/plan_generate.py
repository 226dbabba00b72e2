"""Generate a plan's steps from a start, a target and a rule the person chose.

Rules (every step lasts ``every_days`` days; the last step, at the target, is open-ended):

- ``decrement``: subtract ``by`` mg/day each interval (a linear taper);
- ``percent``: subtract ``by`` percent of the *current* dose each interval (the hyperbolic
  pattern: steps shrink as the dose falls);
- ``titrate``: add ``by`` mg/day each interval.

Each daily total is rounded to what the product's strengths can make (up to
``MAX_UNITS_PER_DOSE`` units per dose time, summed over the dose times), toward the
previous step when halfway, and every step moves at least one achievable amount so a
rounded percentage taper still ends. This applies arithmetic; it is not advice.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.plans import MAX_STEP_DAYS, MAX_STEPS, PlanDose, PlanStep

RULES = ("decrement", "percent", "titrate")
MAX_UNITS_PER_DOSE = 2
"""Tablets/capsules per dose time the rounding may combine (e.g. 18 + 36 = 54 mg)."""


@dataclass(frozen=True)
class StepRule:
    """What the person asked for: from ``start_mg`` to ``target_mg`` mg/day by ``rule``
    (``by`` mg/day, or percent for ``percent``) every ``every_days`` days, at ``times``."""

    rule: str
    start_mg: float
    target_mg: float
    by: float
    every_days: int
    times: tuple[time, ...]


def dose_amounts(strengths: Sequence[float]) -> list[float]:
    """Single-dose amounts the strengths make with 1..MAX_UNITS_PER_DOSE units."""
    amounts = {round(sum(c), 6) for n in range(1, MAX_UNITS_PER_DOSE + 1)
               for c in itertools.combinations_with_replacement(strengths, n)}
    return sorted(amounts)


def daily_totals(strengths: Sequence[float], dose_times: int) -> list[float]:
    """Daily totals achievable at ``dose_times`` times a day (0 excluded)."""
    amounts = [0.0, *dose_amounts(strengths)]
    totals = {round(sum(c), 6) for c in
              itertools.combinations_with_replacement(amounts, dose_times)}
    totals.discard(0.0)
    return sorted(totals)


def split_total(total: float, strengths: Sequence[float],
                times: Sequence[time]) -> tuple[PlanDose, ...]:
    """Doses at ``times`` summing to ``total``: as even as the strengths allow, the larger
    share later in the day only when an even split is impossible. Times with no dose are
    left out. ValueError if no split exists (callers round first)."""
    if total <= 0:
        return ()
    amounts = [0.0, *dose_amounts(strengths)]
    best: tuple[float, ...] | None = None
    for combo in itertools.combinations_with_replacement(amounts, len(times)):
        if abs(sum(combo) - total) < 1e-6:
            spread = max(combo) - min(combo)
            if best is None or spread < max(best) - min(best):
                best = combo
    if best is None:
        raise ValueError(f"{total:g} mg/day cannot be made from {list(strengths)}")
    return tuple(PlanDose(mg, at) for mg, at in zip(sorted(best), sorted(times), strict=True)
                 if mg > 0)


def round_to_totals(value: float, totals: Sequence[float], toward: float) -> float:
    """The achievable total nearest ``value`` (0 allowed), ties toward ``toward``."""
    options = [0.0, *totals]
    return min(options, key=lambda t: (round(abs(t - value), 6), abs(t - toward)))


def generate_steps(rule: StepRule, strengths: Sequence[float]) -> tuple[PlanStep, ...]:
    """The steps from start to target under ``rule`` (ValidationError naming the field)."""
    _check_rule(rule, strengths)
    totals = daily_totals(strengths, len(rule.times))
    start = round_to_totals(rule.start_mg, totals, rule.start_mg)
    target = round_to_totals(rule.target_mg, totals, rule.target_mg)
    if start != rule.start_mg or target != rule.target_mg:
        made = ", ".join(f"{t:g}" for t in totals[:12])
        raise ValidationError("from" if start != rule.start_mg else "to",
                              rule.start_mg if start != rule.start_mg else rule.target_mg,
                              f"a daily total the strengths make at {len(rule.times)} dose "
                              f"time(s): {made}{'…' if len(totals) > 12 else ''}")
    going_down = rule.rule in ("decrement", "percent")
    series = [start]
    while series[-1] != target:
        current = series[-1]
        if rule.rule == "percent":
            wanted = current * (1 - rule.by / 100.0)
        else:
            wanted = current - rule.by if going_down else current + rule.by
        nxt = round_to_totals(wanted, totals, current)
        if nxt == current:  # rounding swallowed the step: move one achievable amount
            options = [t for t in [0.0, *totals] if (t < current if going_down else t > current)]
            nxt = max(options) if going_down else min(options)
        nxt = max(nxt, target) if going_down else min(nxt, target)
        series.append(nxt)
        if len(series) > MAX_STEPS:
            raise ValidationError("by", rule.by, f"a step that reaches the target within "
                                  f"{MAX_STEPS} steps")
    steps = [PlanStep(split_total(t, strengths, rule.times), rule.every_days)
             for t in series]
    steps[-1] = PlanStep(steps[-1].doses, None)  # the target: stay there
    return tuple(steps)


def _check_rule(rule: StepRule, strengths: Sequence[float]) -> None:
    if rule.rule not in RULES:
        raise ValidationError("rule", rule.rule, "one of: " + ", ".join(RULES))
    if not strengths:
        raise ValidationError("medication", "(no strengths)", "a product with known strengths")
    if not rule.times or len(set(rule.times)) != len(rule.times) or len(rule.times) > 4:
        raise ValidationError("times", ",".join(f"{t:%H:%M}" for t in rule.times),
                              "1 to 4 different clock times HH:MM, comma-separated")
    for name, value in (("from", rule.start_mg), ("to", rule.target_mg)):
        if not (math.isfinite(value) and value >= 0):
            raise ValidationError(name, value, "a number of mg/day, 0 or more")
    if not (math.isfinite(rule.by) and rule.by > 0) or (rule.rule == "percent"
                                                        and rule.by >= 100):
        raise ValidationError("by", rule.by, "a positive percentage below 100"
                              if rule.rule == "percent" else "a positive number of mg/day")
    if not 1 <= rule.every_days <= MAX_STEP_DAYS:
        raise ValidationError("every", rule.every_days,
                              f"a whole number of days from 1 to {MAX_STEP_DAYS}")
    down = rule.rule in ("decrement", "percent")
    if down and not rule.target_mg < rule.start_mg:
        raise ValidationError("to", rule.target_mg,
                              f"less than --from ({rule.start_mg:g}) for a {rule.rule} taper")
    if not down and not rule.target_mg > rule.start_mg:
        raise ValidationError("to", rule.target_mg,
                              f"more than --from ({rule.start_mg:g}) for a titration")
    if not down and rule.start_mg == 0:
        raise ValidationError("from", 0, "a starting dose above 0 for a titration")
