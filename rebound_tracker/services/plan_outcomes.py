"""What each executed step of a plan did: its check-ins compared with the previous step's.

The comparison sits behind one function, :func:`compare_checkins`, so it can switch to the
project's evidence analysis once that exists with the same inputs. What it does now:

- **Clock-time control**: each check-in is taken relative to the mean of its clock-time
  block (night/morning, midday, afternoon, evening; pooled over both steps), so a step
  whose check-ins happen to fall in the evening does not look worse for that alone.
- **Days, not check-ins, are the unit**: the adjusted values are averaged per day, and the
  two steps' day means are compared (Welch), because check-ins of one day move together.
- The effect is this step minus the previous step, in scale points, with a 95% interval;
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

from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.domain.plans import Plan
from rebound_tracker.domain.timeparse import attach_local

CLOCK_BLOCKS_H = (0, 10, 14, 18)
"""Block starts (local hour): before 10:00 (with the night), 10-14, 14-18, from 18:00."""
MIN_DAYS = 3
"""Days with check-ins each step needs before a difference is estimated."""


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
    def reading(self) -> str:
        if self.effect is None:
            return f"too few days (needs {MIN_DAYS} with check-ins in each step)"
        if self.low is not None and self.low > 0:
            return "higher than the step before"
        if self.high is not None and self.high < 0:
            return "lower than the step before"
        return "no clear difference"

    def text(self) -> str:
        counts = (f"{self.checkins_after} check-ins on {self.days_after} days vs "
                  f"{self.checkins_before} on {self.days_before}")
        if self.effect is None:
            return f"{self.scale}: {self.reading} ({counts})"
        return (f"{self.scale}: {self.effect:+.1f} [{self.low:+.1f}, {self.high:+.1f}] — "
                f"{self.reading} ({counts})")


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
    pairs = [(c, 0) for c in before] + [(c, 1) for c in after]
    values = [(c.at.local, c.scale(scale), group) for c, group in pairs
              if c.scale(scale) is not None]
    by_block: dict[int, list[float]] = defaultdict(list)
    for moment, value, _ in values:
        by_block[_block(moment)].append(value)
    block_mean = {b: statistics.fmean(v) for b, v in by_block.items()}
    days: list[dict[date, list[float]]] = [defaultdict(list), defaultdict(list)]
    for moment, value, group in values:
        days[group][moment.date()].append(value - block_mean[_block(moment)])
    means = [[statistics.fmean(v) for v in d.values()] for d in days]
    counts = [sum(1 for *_, g in values if g == k) for k in (0, 1)]
    effect = low = high = None
    if min(len(m) for m in means) >= MIN_DAYS:
        effect, low, high = _welch(means[0], means[1])
    return ScaleComparison(scale, counts[0], counts[1], len(means[0]), len(means[1]),
                           effect, low, high)


def _block(moment: datetime) -> int:
    return sum(1 for start in CLOCK_BLOCKS_H[1:] if moment.hour >= start)


def _welch(a: list[float], b: list[float]) -> tuple[float, float, float]:
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    diff = statistics.fmean(b) - statistics.fmean(a)
    se = math.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = _t975(df) * se
    return diff, diff - half, diff + half


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
