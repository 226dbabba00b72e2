"""What the app's check-in prompts add to the rebound evidence, on synthetic people.

    .venv/bin/python validation/prompt_timing.py [--people N] [--seed S]

Each synthetic person (validation/synthetic_people.py: a real product of the library, a
known truth with or without a rebound) is observed three ways with the same number of
check-ins on each day:

- prompted: at the times the app's own planner (``domain.schedule.plan_day``, the code
  behind the tray and ``rebound-tracker schedule``, default settings, quiet hours = the
  person's night) prompts from the model of the doses taken: the predicted wear-off start,
  at a point inside each predicted rebound window, one random time in each of 3 blocks of
  the waking day (set to the person's); daily cap 6, no prompt within 45 min of another.
  The person answers ANSWER_RATE of the prompts, a few minutes late;
- convenient: unprompted, clustered at the times people find convenient (breakfast,
  lunch, after work, before bed), as many as the prompts answered that day;
- uniform: unprompted at uniformly random waking times (the model of
  validation/rebound_evidence.py), as many again.

The same person (doses, levels, noise) is analysed by ``services.evidence`` each way.
Printed per scale: the median width of the 95% interval of the rebound effect, the share
of 'worse' verdicts (with a rebound: detection; without: false claims) and of 'not enough
data'. The figures are quoted in docs/reminders.md.
"""

from __future__ import annotations

import argparse
import time as timer
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

import numpy as np
from synthetic_people import ORIGIN, Design, designs, person  # this folder (script)

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.domain.schedule import ModelWindow, PlanInputs, plan_day
from rebound_tracker.domain.settings import QuietHours, Settings
from rebound_tracker.services.evidence import evidence_from_arrays
from rebound_tracker.services.predicted_windows import predicted_windows
from rebound_tracker.services.simulation import Prediction

ANSWER_RATE = 0.8
"""Share of prompts a person answers (the rest are dismissed or missed)."""
ANSWER_DELAY_MIN = 4.0
"""Mean minutes between a prompt and its answer (exponential)."""
CONVENIENT_H = (8.5, 12.5, 18.0, 21.5)
"""Clock hours unprompted check-ins cluster around (SD CONVENIENT_SD_H)."""
CONVENIENT_SD_H = 0.4
ARMS = ("prompted", "convenient", "uniform")


def _settings(design: Design) -> Settings:
    """The app's defaults, with the person's waking day set and the night quiet."""
    wake, sleep = (time(int(h), round((h % 1) * 60)) for h in design.awake_h)
    return Settings(checkin_prompts=True, waking_hours=QuietHours(wake, sleep),
                    quiet_hours=QuietHours(sleep, wake))


def _windows(prediction: Prediction) -> list[ModelWindow]:
    out = []
    for kind in ("wear_off", "rebound"):
        starts, ends, _ = predicted_windows(prediction, kind)
        out += [ModelWindow(kind.replace("_", "-"), datetime.fromtimestamp(s, UTC),
                            datetime.fromtimestamp(e, UTC)) for s, e in zip(starts, ends,
                                                                             strict=True)]
    return out


def prompt_hours(design: Design, days: int, prediction: Prediction) -> list[list[float]]:
    """The hours (since ORIGIN) the app prompts at on each day, from its own planner."""
    settings, windows = _settings(design), _windows(prediction)
    out = []
    for d in range(days):
        start = ORIGIN + timedelta(days=d)
        near = [w for w in windows if w.end > start and w.start < start + timedelta(days=1)]
        inputs = PlanInputs(start.date(), start, settings, (), (), near, ())
        out.append([(i.at - ORIGIN).total_seconds() / 3600.0 for i in plan_day(inputs)
                    if i.fires])
    return out


@dataclass
class Placement:
    """Places one person's check-ins for each arm (its own random draws)."""

    rng: np.random.Generator
    counts: list[int] = field(default_factory=list)

    def prompted(self, design: Design, days: int, prediction: Prediction) -> np.ndarray:
        hours, self.counts = [], []
        for day in prompt_hours(design, days, prediction):
            answered = [h for h in day if self.rng.random() < ANSWER_RATE]
            self.counts.append(len(answered))
            hours += [h + self.rng.exponential(ANSWER_DELAY_MIN) / 60.0 for h in answered]
        return np.sort(hours)

    def convenient(self, design: Design, days: int, _prediction: Prediction) -> np.ndarray:
        hours: list[float] = []
        lo, hi = design.awake_h
        for d, k in enumerate(self.counts):
            picks = self.rng.choice(CONVENIENT_H, size=k, replace=k > len(CONVENIENT_H))
            clock = np.clip(picks + self.rng.normal(0.0, CONVENIENT_SD_H, size=k), lo, hi)
            hours += list(d * 24.0 + clock)
        return np.sort(hours)

    def uniform(self, design: Design, days: int, _prediction: Prediction) -> np.ndarray:
        return np.sort(np.concatenate([d * 24.0 + self.rng.uniform(*design.awake_h, size=k)
                                       for d, k in enumerate(self.counts)] or [[]]))


@dataclass
class ArmResult:
    widths: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SCALES})
    verdicts: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SCALES})
    checkins: list[int] = field(default_factory=list)

    def rate(self, scale: str, verdict: str) -> float:
        v = self.verdicts[scale]
        return sum(x == verdict for x in v) / len(v) if v else float("nan")

    def median_width(self, scale: str) -> float:
        w = self.widths[scale]
        return float(np.median(w)) if w else float("nan")


def run_design(design: Design, people: int, seed: int, n_boot: int = 499
               ) -> dict[str, ArmResult]:
    """Every arm's results on ``people`` people of ``design`` (paired: the same people)."""
    results = {arm: ArmResult() for arm in ARMS}
    for i in range(people):
        placement = Placement(np.random.default_rng([seed, i, 1]))
        for arm in ARMS:
            hours: Callable = getattr(placement, arm)
            p = person(design, np.random.default_rng([seed, i]), hours)
            evidence = evidence_from_arrays(p.arrays, p.prediction, p.windows, p.first_day,
                                            p.last_day, n_boot=n_boot)
            out = results[arm]
            out.checkins.append(evidence.checkins)
            for s in evidence.scales:
                out.verdicts[s.scale].append(s.verdict)
                if s.estimate.effect is not None:
                    out.widths[s.scale].append(s.estimate.high - s.estimate.low)
    return results


def chosen_designs() -> tuple[Design, ...]:
    wanted = ("no rebound: evening drift", "no rebound: strong drift",
              "no rebound: Concerta", "rebound 1.5, 8 weeks", "rebound 1.0, 8 weeks",
              "rebound 1.5, Concerta")
    everyone = designs()
    return tuple(next(d for d in everyone if d.name.startswith(w)) for w in wanted)


def four_weeks(design: Design) -> Design:
    return replace(design, weeks=4, name=design.name.replace("8 weeks", "4 weeks")
                   + " (4 weeks)")


def _print(design: Design, results: dict[str, ArmResult]) -> None:
    role = "detection" if design.rebound else "false claims"
    n = np.mean(results["prompted"].checkins) / (design.weeks * 7)
    print(f"\n{design.name}  ({len(results['prompted'].checkins)} people, "
          f"{n:.1f} check-ins a day in every arm; 'worse' = {role})")
    print(f"  {'scale':<13}" + "".join(f"{arm + ' width':>18}" for arm in ARMS)
          + "".join(f"{arm[:5] + ' worse':>12}" for arm in ARMS)
          + "".join(f"{arm[:5] + ' n/a':>10}" for arm in ARMS))
    for s in SCALES:
        print(f"  {s:<13}"
              + "".join(f"{results[a].median_width(s):>18.2f}" for a in ARMS)
              + "".join(f"{results[a].rate(s, 'worse'):>12.1%}" for a in ARMS)
              + "".join(f"{results[a].rate(s, 'not enough data'):>10.1%}" for a in ARMS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100, help="people per design")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--weeks", type=int, default=8, choices=(4, 8))
    args = parser.parse_args(argv)
    started = timer.perf_counter()
    print("Median 95%-interval width of the rebound effect (points), 'worse' verdicts and "
          "'not enough data', per scale, for the same people and the same number of "
          "check-ins placed by the app's prompts, at convenient times, at random times.")
    for k, design in enumerate(chosen_designs()):
        if args.weeks == 4:
            design = four_weeks(design)
        _print(design, run_design(design, args.people, args.seed + k))
    print(f"\n{timer.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
