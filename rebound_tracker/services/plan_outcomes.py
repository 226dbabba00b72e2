"""What each executed step of a plan did: its check-ins compared with the previous step's.

The comparison is one function, :func:`compare_checkins`. It is not the evidence analysis
(``stats.scale_model``), on purpose: that model's day fixed effects absorb anything constant
over a day, which a step's dose is, so it cannot estimate a step; and its clock curve (ten
2-hour knots) fitted between two steps of a few days each cost power without lowering the
false-claim rate (validation/plan_step_comparison.py: with 7-day steps, check-ins later in
step 2, a real 1.5-point change found 41 % of the time against 53 % with the four blocks;
no change claimed 4.2 % vs 4.3 %; docs/planner.md). What it does:

- **Clock-time control**: least squares of the scale on the step and the clock-time block
  of each check-in (before 10:00, 10-14, 14-18, from 18:00), so a step whose check-ins
  happen to fall in the evening does not look worse for that alone;
- **days, not check-ins, carry the uncertainty**: the standard error is clustered by day
  (check-ins of one day move together), with a t interval on the smaller step's days - 1
  degrees of freedom;
- the effect is this step minus the previous step, in scale points, with a 95% interval;
  it is called higher or lower only when the interval excludes 0.

validation/plan_step_comparison.py measures how often this calls a difference that is not
there, and how often it finds a real one (docs/planner.md).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.domain.plans import Plan
from rebound_tracker.domain.timeparse import attach_local

CLOCK_BLOCKS_H = (0, 10, 14, 18)
"""Block starts (local hour): before 10:00 (with the night), 10-14, 14-18, from 18:00."""
MIN_DAYS = 3
"""Days with check-ins each step needs before a difference is estimated."""
HIGHER, LOWER, UNCLEAR = "higher", "lower", "unclear"
"""ScaleComparison.direction: this step is higher / lower than the step before, or unclear."""


@dataclass(frozen=True)
class ScaleComparison:
    """One scale, this step vs the previous: ``effect`` (points), 95% [low, high]."""

    scale: str
    checkins_before: int
    checkins_after: int
    days_before: int
    days_after: int
    effect: float | None
    low: float | None
    high: float | None

    @property
    def direction(self) -> str | None:
        """HIGHER or LOWER when the 95% interval excludes 0, UNCLEAR when it holds 0, None
        when either step has too few days (MIN_DAYS) for an estimate."""
        if self.effect is None:
            return None
        if self.low is not None and self.low > 0:
            return HIGHER
        if self.high is not None and self.high < 0:
            return LOWER
        return UNCLEAR


@dataclass(frozen=True)
class StepOutcome:
    """What was logged during a step and how its check-ins compare with the step before."""

    number: int
    start: date
    end: date
    planned_mg: float
    logged_days: int
    logged_mean_mg: float | None
    days: int
    comparisons: tuple[ScaleComparison, ...]


def compare_checkins(before: Sequence[CheckIn], after: Sequence[CheckIn],
                     scale: str) -> ScaleComparison:
    """``after`` minus ``before`` on ``scale``, controlled for clock time (module docstring).
    """
    rows = [(c.at.local, value, group)
            for group, entries in ((0, before), (1, after)) for c in entries
            if (value := c.scale(scale)) is not None]
    counts = [sum(1 for *_, g in rows if g == k) for k in (0, 1)]
    days = [len({m.date() for m, _, g in rows if g == k}) for k in (0, 1)]
    effect = low = high = None
    if min(days) >= MIN_DAYS:
        effect, low, high = _step_effect(rows, min(days) - 1)
    return ScaleComparison(scale, counts[0], counts[1], days[0], days[1], effect, low, high)


def _step_effect(rows: list[tuple[datetime, int, int]], df: int
                 ) -> tuple[float, float, float]:
    """Least squares value ~ clock-time block + step, standard error clustered by day, a
    t interval on ``df`` degrees of freedom (the smaller step's days - 1: clustered errors
    with few clusters run small, and the validation's false-claim rate asks for this)."""
    blocks = sorted({_block(m) for m, _, _ in rows})
    x = np.zeros((len(rows), 1 + len(blocks)))
    y = np.empty(len(rows))
    for i, (moment, value, group) in enumerate(rows):
        x[i, 0] = group
        x[i, 1 + blocks.index(_block(moment))] = 1.0
        y[i] = value
    bread = np.linalg.pinv(x.T @ x)
    beta = bread @ x.T @ y
    residual = y - x @ beta
    clusters: dict[date, list[int]] = defaultdict(list)
    for i, (moment, _, _) in enumerate(rows):
        clusters[moment.date()].append(i)
    meat = np.zeros((x.shape[1], x.shape[1]))
    for index in clusters.values():
        score = x[index].T @ residual[index]
        meat += np.outer(score, score)
    g, n, k = len(clusters), len(rows), x.shape[1]
    correction = g / (g - 1) * (n - 1) / max(n - k, 1)
    se = math.sqrt(max(float((bread @ meat @ bread)[0, 0]) * correction, 0.0))
    diff = float(beta[0])
    if abs(diff) < 1e-9:  # identical steps: keep rounding noise from reading as a change
        diff = 0.0
    half = _t975(df) * se
    return diff, diff - half, diff + half


def _block(moment: datetime) -> int:
    return sum(1 for start in CLOCK_BLOCKS_H[1:] if moment.hour >= start)


def _t975(df: float) -> float:
    """The 97.5% quantile of Student's t (Cornish-Fisher expansion; < 0.5% off for df ≥ 3)."""
    z = 1.959963984540054
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def step_outcomes(plan: Plan, doses: Sequence[Dose], checkins: Sequence[CheckIn],
                  today: date, scales: Sequence[str] = SCALES) -> list[StepOutcome]:
    """Every step that has begun by ``today``, with what was logged and its comparison with
    the step before (the first step has none). ``doses`` and ``checkins`` may be wider."""
    outcomes: list[StepOutcome] = []
    previous: list[CheckIn] | None = None
    for i, (step, when) in enumerate(zip(plan.steps, plan.dates(), strict=True)):
        if when.start is None or when.start > today:
            break
        end = min(when.end or today + timedelta(days=1), today + timedelta(days=1))
        lo, hi = _bounds(when.start, end)
        mine = [c for c in checkins if lo <= c.at.local < hi]
        per_day: dict[date, float] = defaultdict(float)
        for dose in doses:
            if dose.medication_id == plan.medication_id and lo <= dose.taken.local < hi:
                per_day[dose.taken.local.date()] += dose.mg
        comparisons = () if previous is None else tuple(
            c for c in (compare_checkins(previous, mine, scale) for scale in scales)
            if c.checkins_before or c.checkins_after)  # scales never logged are left out
        outcomes.append(StepOutcome(
            number=i + 1, start=when.start, end=end - timedelta(days=1),
            planned_mg=step.total_mg, logged_days=len(per_day),
            logged_mean_mg=statistics.fmean(per_day.values()) if per_day else None,
            days=(end - when.start).days, comparisons=comparisons))
        previous = mine
    return outcomes


def _bounds(first: date, end: date) -> tuple[datetime, datetime]:
    return (attach_local(datetime.combine(first, time())),
            attach_local(datetime.combine(end, time())))
