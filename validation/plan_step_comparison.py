"""How right is "this step's check-ins are higher/lower than the step before"?

Synthetic people with a known truth, two plan steps of STEP_DAYS days each, about four
check-ins a day at random clock times (some skipped). Focus = 6 + clock-time pattern
(falling by up to 2 points into the evening) + a day effect (SD 0.8) + noise (SD 1.2)
+ the step's true effect. Scenarios:

- null: the step changes nothing;
- null, clock shift: nothing changes, but the second step's check-ins are taken later in
  the day (afternoon/evening instead of morning/afternoon), where focus is lower anyway;
- null, fading benefit: nothing changes at the step, but focus drifts down 0.5 points over
  both steps (a slow trend the comparison cannot tell from a step: reported as is);
- real: the second step lowers focus by 1.5 points.

Prints, per scenario, how often the app's comparison (services.plan_outcomes.
compare_checkins) claims a difference, and how often a naive difference of check-in means
with a check-in-level t interval would. Run: python validation/plan_step_comparison.py
[--days N] (days per step; 14 by default, 7 is the usual titration step)
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rebound_tracker.domain.entries import CheckIn, LoggedTime
from rebound_tracker.services.plan_outcomes import HIGHER, LOWER, compare_checkins

PEOPLE = 1000
STEP_DAYS = 14
PER_DAY = 4
KEEP = 0.8
START = date(2026, 1, 5)


def clock_effect(hour: float) -> float:
    return -2.0 * min(1.0, max(0.0, (hour - 13.0) / 8.0))


def person(rng: random.Random, *, effect: float, shift: bool, drift: float,
           days: int = STEP_DAYS):
    steps: list[list[CheckIn]] = [[], []]
    for d in range(2 * days):
        second = d >= days
        day_effect = rng.gauss(0, 0.8)
        lo, hi = (12.0, 22.0) if (shift and second) else (7.0, 17.0) if shift else (7.0, 22.0)
        for _ in range(PER_DAY):
            if rng.random() > KEEP:
                continue
            hour = rng.uniform(lo, hi)
            value = (6 + clock_effect(hour) + day_effect + rng.gauss(0, 1.2)
                     + (effect if second else 0.0) + drift * d / (2 * days))
            moment = datetime.combine(START + timedelta(days=d), datetime.min.time(),
                                      tzinfo=UTC) + timedelta(hours=hour)
            steps[second].append(CheckIn(LoggedTime.from_aware(moment), 5,
                                         max(0, min(10, round(value)))))
    return steps


def naive_claims(before: list[CheckIn], after: list[CheckIn]) -> bool:
    a, b = [c.focus for c in before], [c.focus for c in after]
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    return se > 0 and abs(statistics.fmean(b) - statistics.fmean(a)) > 1.96 * se


def rates(seed: int, days: int = STEP_DAYS, **scenario) -> tuple[float, float]:
    rng = random.Random(seed)
    claims = naive = 0
    for _ in range(PEOPLE):
        before, after = person(rng, days=days, **scenario)
        result = compare_checkins(before, after, "focus")
        claims += result.direction in (HIGHER, LOWER)
        naive += naive_claims(before, after)
    return claims / PEOPLE, naive / PEOPLE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=STEP_DAYS, help="days per step")
    days = parser.parse_args().days
    print(f"{PEOPLE} synthetic people per scenario, 2 steps x {days} days, "
          f"~{PER_DAY * KEEP:.1f} check-ins a day; focus scale")
    print(f"{'scenario':<34}{'app claims':>12}{'naive claims':>14}")
    for name, seed, scenario in (
        ("null (no change)", 1, {"effect": 0.0, "shift": False, "drift": 0.0}),
        ("null, check-ins later in step 2", 2, {"effect": 0.0, "shift": True, "drift": 0.0}),
        ("null, benefit fades 0.5 over both", 3, {"effect": 0.0, "shift": False,
                                                  "drift": -0.5}),
        ("real: step 2 lowers focus by 1.5", 4, {"effect": -1.5, "shift": False, "drift": 0.0}),
        ("real 1.5, check-ins later in step 2", 5, {"effect": -1.5, "shift": True,
                                                    "drift": 0.0}),
    ):
        app, naive = rates(seed, days, **scenario)
        print(f"{name:<34}{app:>12.1%}{naive:>14.1%}")


if __name__ == "__main__":
    main()
