"""How right personal calibration is on synthetic people whose own timing is known.

    .venv/bin/python validation/calibration.py [--people N] [--seed S] [--quick]
                                               [--only TEXT ...]

For each kind of person (validation/calibration_people.py) and data size prints: how often
a change is offered (for people who match the population: a false offer, goal ≤ 5%), how
far the recovered wear-off start is from the truth (median and 90th percentile of the
absolute error, h; goal ±0.5 h at 12 weeks × 4 check-ins a day), how often its 95%
interval holds the truth (goal ≈ 95%), how often 'not enough data' is answered, and the
median fit time. The figures are quoted in docs/calibration.md.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field, replace

import numpy as np
from calibration_people import Truth, person, sizes, truths  # this folder (script)

from rebound_tracker.domain.calibration import FITTED, NOT_ENOUGH_DATA
from rebound_tracker.stats.calibration import calibrate_checkins


@dataclass
class Tally:
    truth: Truth
    offered: list[bool] = field(default_factory=list)
    enough: list[bool] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def row(self) -> str:
        n = len(self.offered)
        err = np.abs(self.errors) if self.errors else np.array([np.nan])
        cov = np.mean(self.covered) if self.covered else np.nan
        return (f"{self.truth.name:<48} {self.truth.weeks:>3}w {self.truth.per_day[0]}-"
                f"{self.truth.per_day[1]}/d  offered {np.mean(self.offered):5.0%}  "
                f"not enough {1 - np.mean(self.enough):4.0%}  |err| median "
                f"{np.median(err):4.2f} h, 90% {np.percentile(err, 90):4.2f} h  "
                f"interval holds {cov:5.0%}  fit {np.median(self.seconds):4.2f} s  (n={n})")


def run(truth: Truth, people: int, seed: int) -> Tally:
    rng = np.random.default_rng(seed)
    tally = Tally(truth)
    for _ in range(people):
        p = person(truth, rng)
        start = time.perf_counter()
        result = calibrate_checkins(p.data, p.curve, p.usual.wear_off_start_h, p.ctx)
        tally.seconds.append(time.perf_counter() - start)
        tally.offered.append(result.status == FITTED)
        tally.enough.append(result.status != NOT_ENOUGH_DATA)
        wear = result.wear_off_start_h
        if wear.personal is not None and p.true_wear_off_h is not None:
            tally.errors.append(wear.personal - p.true_wear_off_h)
            if wear.low is not None:
                tally.covered.append(wear.low <= p.true_wear_off_h <= wear.high)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="12 weeks × 4 a day only")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="only the kinds of person whose name contains TEXT (repeatable; "
                             "each kind keeps its seed, so rows split over processes agree)")
    args = parser.parse_args()
    chosen = ((12, (4, 4)),) if args.quick else sizes()
    for k, truth in enumerate(truths()):
        if args.only and not any(text in truth.name for text in args.only):
            continue
        for weeks, per_day in chosen:
            kind = replace(truth, weeks=weeks, per_day=per_day)
            print(run(kind, args.people, args.seed + 100 * k + weeks).row(), flush=True)


if __name__ == "__main__":
    main()
