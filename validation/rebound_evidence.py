"""How right the rebound evidence is on synthetic people with a known truth.

    .venv/bin/python validation/rebound_evidence.py [--people N] [--seed S]

For each design (validation/synthetic_people.py) prints, per scale, how often the verdict is
'worse' (on people without a rebound: a false claim; goal ≤ 5%), 'better' and 'not enough
data', and for people with a rebound the mean estimate against the nominal size, the mean
estimand (the size times the share of the predicted window the true one covers) and how
often the 95% interval holds that estimand. For comparison, the column 'old worse' is how
often the comparison the app made before (inside vs all other check-ins, Welch interval,
check-ins taken as independent) said 'worse'. The figures are quoted in docs/evidence.md.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
from synthetic_people import WORSE_SIGN, Design, designs, person  # this folder (script)

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.services.evidence import Evidence, evidence_from_arrays
from rebound_tracker.services.predicted_windows import inside_windows


@dataclass
class DesignResult:
    design: Design
    verdicts: dict[str, list[str]]
    effects: dict[str, list[float]]
    covered: dict[str, list[bool]]
    truths: list[float]
    separable: list[bool]
    old_worse: dict[str, list[bool]]

    def rate(self, scale: str, verdict: str) -> float:
        v = self.verdicts[scale]
        return sum(x == verdict for x in v) / len(v)

    def worst_false_claim(self) -> float:
        return max(self.rate(s, "worse") for s in SCALES)


def old_says_worse(values: np.ndarray, inside: np.ndarray, worse_sign: float) -> bool:
    """The former statement: mean inside minus mean of all other check-ins, a Welch 95%
    interval (normal quantile), no claim from fewer than 10 on either side."""
    keep = ~np.isnan(values)
    a, b = values[keep & inside], values[keep & ~inside]
    if a.size < 10 or b.size < 10:
        return False
    diff = (a.mean() - b.mean()) * worse_sign
    half = 1.96 * np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return bool(diff - half > 0)


def run_design(design: Design, people: int, seed: int, n_boot: int = 999) -> DesignResult:
    rng = np.random.default_rng(seed)
    result = DesignResult(design, {s: [] for s in SCALES}, {s: [] for s in SCALES},
                          {s: [] for s in SCALES}, [], [], {s: [] for s in SCALES})
    for _ in range(people):
        p = person(design, rng)
        evidence: Evidence = evidence_from_arrays(p.arrays, p.prediction, p.windows,
                                                  p.first_day, p.last_day, n_boot=n_boot)
        result.truths.append(p.truth)
        result.separable.append(evidence.separable)
        inside = inside_windows(p.arrays.moments, *p.windows)
        for s in evidence.scales:
            result.old_worse[s.scale].append(
                old_says_worse(p.arrays.values[s.scale], inside, WORSE_SIGN[s.scale]))
            result.verdicts[s.scale].append(s.verdict)
            e = s.estimate
            if e.effect is not None:
                truth = p.truth * WORSE_SIGN[s.scale]
                result.effects[s.scale].append(e.effect * WORSE_SIGN[s.scale])
                result.covered[s.scale].append(e.low <= truth <= e.high)
    return result


def _print(result: DesignResult) -> None:
    d = result.design
    print(f"\n{d.name}  ({len(result.truths)} people; separable "
          f"{np.mean(result.separable):.0%})")
    header = f"  {'scale':<13}{'worse':>7}{'better':>8}{'no data':>9}{'old worse':>11}"
    if d.rebound:
        header += f"{'est.':>7}{'nominal':>9}{'estimand':>10}{'CI holds':>10}"
    print(header)
    for s in SCALES:
        line = (f"  {s:<13}{result.rate(s, 'worse'):>7.1%}{result.rate(s, 'better'):>8.1%}"
                f"{result.rate(s, 'not enough data'):>9.1%}"
                f"{np.mean(result.old_worse[s]):>11.1%}")
        if d.rebound:
            est = np.mean(result.effects[s]) if result.effects[s] else float("nan")
            holds = np.mean(result.covered[s]) if result.covered[s] else float("nan")
            line += (f"{est:>7.2f}{d.rebound:>9.2f}{np.mean(result.truths):>10.2f}"
                     f"{holds:>10.1%}")
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200, help="people per design")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print("Verdict rates per scale ('worse' on people without a rebound = false claims; on "
          "people with one = detection). est./estimand in points, worse direction.")
    for k, design in enumerate(designs()):
        _print(run_design(design, args.people, args.seed + k))
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
