"""Are the calibration's 95% intervals as wide as the errors they should cover?

    .venv/bin/python validation/calibration_intervals.py [--people N] [--seed S]
                                                         [--weeks W] [--only TEXT ...]

For synthetic people whose own timing is known (validation/calibration_people.py), runs the
calibration and prints, per kind of person, SD(z) of z = (fitted − truth) / SD for the
time-scale (log scale), the effect delay, the rebound size and lag (only for people with a
rebound: without one the lag is not identified) and the wear-off start (its SD read off the
95% interval as (high − low) / 3.92). An honest interval gives SD(z) ≈ 1; SD(z) well above 1
means the interval is too narrow by that factor. Each kind keeps the seed of
validation/calibration.py, so the people are the ones of its table. The figures are quoted in
docs/calibration.md ("How honest the intervals are").

With ``--roughness N`` it also prints, for the first N people of each kind, the curvature of
the objective in the log time-scale at the MAP three ways: the plain finite difference
with step FD_STEP (the Laplace interval's first pass; before #13's fix its only one), a
quadratic fitted to the objective over ±0.1, and
that quadratic with the rebound size held at 0, with the SD of the objective about each
quadratic ("rough": its jitter, in log-likelihood units). The implied SD is 1/√curvature.

``--fd-step-factor F`` is a what-if, not the app: the Laplace curvature's smallest steps
(its first pass, and the floor of the later ones: stats.laplace) are F times the shipped
ones (time-scale, delay, rebound size and lag).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np
from calibration_people import person, truths  # this folder (script)

from rebound_tracker.domain.calibration import BY_NAME, PARAMETERS
from rebound_tracker.stats import calibration_fit
from rebound_tracker.stats.calibration import calibrate_checkins
from rebound_tracker.stats.calibration_fit import (
    FD_STEP,
    INDEX,
    Objective,
    fit_map,
)
from rebound_tracker.stats.laplace import hessian

Z95 = 1.959964
NAMES = ("time_scale", "effect_delay_h", "rebound_size", "rebound_lag_h")


def z_scores(truth, people: int, seed: int) -> dict[str, list[tuple[float, float]]]:
    """Per quantity, (fitted − truth, claimed SD) of each person (free coordinates: the
    time-scale on the log scale)."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in
                                                 (*NAMES, "wear_off_start_h", "holds")}
    true_value = {"time_scale": truth.time_scale, "effect_delay_h": truth.delay_h,
                  "rebound_size": truth.rebound, "rebound_lag_h": truth.lag_h}
    index = {p.name: i for i, p in enumerate(PARAMETERS)}
    for _ in range(people):
        p = person(truth, rng)
        result = calibrate_checkins(p.data, p.curve, p.usual.wear_off_start_h, p.ctx)
        if result.covariance is None:
            continue
        sd = np.sqrt(np.diag(np.asarray(result.covariance)))
        fitted = {e.name: e.personal for e in result.parameters}
        for name in NAMES:
            if name == "rebound_lag_h" and truth.rebound == 0:
                continue
            d = BY_NAME[name]
            error = d.to_free(fitted[name]) - d.to_free(true_value[name])
            out[name].append((float(error), float(sd[index[name]])))
        wear = result.wear_off_start_h
        if wear.personal is not None and wear.low is not None and p.true_wear_off_h:
            held = float(wear.low <= p.true_wear_off_h <= wear.high)
            out["holds"].append((held, 1.0))
            half = (wear.high - wear.low) / 2.0
            if half > 0:
                out["wear_off_start_h"].append((wear.personal - p.true_wear_off_h,
                                                half / Z95))
    return out


def roughness(truth, people: int, seed: int) -> list[str]:
    """The log time-scale's curvature at the MAP of each of ``people`` (see the module
    docstring), on every check-in."""
    rng = np.random.default_rng(seed)
    offsets = np.linspace(-0.1, 0.1, 41)
    out = []
    for _ in range(people):
        p = person(truth, rng)
        objective = Objective(p.data, p.curve, np.ones(p.data.t_h.size, dtype=bool))
        free = fit_map(objective).free
        fd = hessian(objective, free, calibration_fit.FD_STEP)[0, 0]
        cells = [f"size {free[INDEX['rebound_size']]:5.2f}  FD {fd:6.0f} (SD {fd ** -0.5:.3f})"]
        for label, size in (("quadratic ±0.1", free[INDEX["rebound_size"]]),
                            ("size held at 0", 0.0)):
            x = np.repeat(free[None, :], offsets.size, axis=0)
            x[:, 0] += offsets
            x[:, INDEX["rebound_size"]] = size
            values = np.array([objective(row) for row in x])
            c = np.polyfit(offsets, values, 2)
            rough = float(np.std(values - np.polyval(c, offsets)))
            cells.append(f"{label} {2 * c[0]:6.0f} (SD {max(2 * c[0], 1e-9) ** -0.5:.3f},"
                         f" rough {rough:.3f})")
        out.append("   " + "  ".join(cells))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--only", action="append", default=[], metavar="TEXT")
    parser.add_argument("--roughness", type=int, default=0, metavar="N")
    parser.add_argument("--fd-step-factor", type=float, default=1.0, metavar="F")
    args = parser.parse_args()
    factor = np.where(np.arange(FD_STEP.size) == INDEX["wear_off_fraction"], 1.0,
                      args.fd_step_factor)
    calibration_fit.FD_STEP = FD_STEP * factor  # read by laplace_covariance at each call
    chosen = args.only or ["IR: same as population", "IR: later, time-scale 1.2",
                           "IR: same timing, rebound 1.5"]
    for k, truth in enumerate(truths()):
        if not any(text in truth.name for text in chosen):
            continue
        kind = replace(truth, weeks=args.weeks, per_day=(4, 4))
        z = z_scores(kind, args.people, args.seed + 100 * k + args.weeks)
        print(f"{truth.name} {args.weeks}w×4 ({args.people} people)", flush=True)
        holds = z.pop("holds")
        if holds:
            print(f"   wear-off interval holds the truth {np.mean(np.array(holds)[:, 0]):4.0%}",
                  flush=True)
        for name, pairs in z.items():
            if not pairs:
                continue
            error, sd = np.array(pairs).T
            zs = error / sd
            outside = np.mean(np.abs(zs) > Z95)
            print(f"   {name:<17} SD(z) {np.std(zs):4.2f}  |z|>1.96 {outside:4.0%}"
                  f"  errors' SD {np.std(error):.3f}, claimed SD median {np.median(sd):.3f}",
                  flush=True)
        if args.roughness:
            seed = args.seed + 100 * k + args.weeks
            for line in roughness(kind, args.roughness, seed):
                print(line, flush=True)


if __name__ == "__main__":
    main()
