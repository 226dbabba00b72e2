"""The PK model over a 5-year history on a 1-minute grid, against per-dose superposition.

Builds a deterministic 5-year methylphenidate history (a Concerta dose most weekday mornings,
IR boosters early and late afternoon, IR three times a day at weekends), then prints the
median wall time of several runs of

  (a) ``simulate``: concentration, effect and wear-off/rebound windows on the whole grid;
  (b) a straightforward baseline: each dose's closed-form concentration curve evaluated on
      the whole grid and summed (concentration only: no effect, no windows, so it does
      strictly less work than (a));

and the ratio. Both run in this process on the same doses and grid. Target (PRODUCT.md):
(a) <= 150 ms on a 2-core machine.

    python benchmarks/pk_speed.py [--runs 5] [--baseline-runs 5] [--years 5]
                                  [--baseline-years 0.25]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from rebound_tracker.pk.blocks import disposition
from rebound_tracker.pk.library import MedicationLibrary, load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

STEP_H = 1.0 / 60.0


def history(years: float, seed: int = 3) -> list[DoseEvent]:
    """A regimen with the day-to-day scatter of a real log (times jitter, doses skipped)."""
    rng = np.random.default_rng(seed)
    doses: list[DoseEvent] = []
    for day in range(round(365.25 * years)):
        base = 24.0 * day
        jitter = rng.normal(0.0, 0.3, size=4)
        if day % 7 < 5:  # weekday
            fed = bool(rng.random() < 0.3)
            doses.append(DoseEvent("concerta", 36, base + 7.5 + jitter[0], fed))
            if rng.random() < 0.95:
                doses.append(DoseEvent("methylphenidate-ir", 10, base + 12.5 + jitter[1]))
            if rng.random() < 0.85:
                doses.append(DoseEvent("methylphenidate-ir", 5, base + 16.5 + jitter[2]))
        else:
            for k, hour in enumerate((9.0, 13.0, 17.0)):
                if rng.random() < 0.97:
                    doses.append(DoseEvent("methylphenidate-ir", 10, base + hour + jitter[k]))
            if rng.random() < 0.3:
                doses.append(DoseEvent("methylphenidate-ir", 5, base + 20.5 + jitter[3]))
    return doses


def _one_dose(t: np.ndarray, lib: MedicationLibrary, dose: DoseEvent, ke: float,
              v_l: float) -> np.ndarray:
    """Closed-form concentration (ng/mL) of one fasted dose on the whole grid."""
    f = lib.get(dose.formulation_id)
    base_mg = dose.mg * f.salt_to_base * f.relative_f.value
    out = np.zeros_like(t)
    for c in f.components:
        mg = base_mg * c.fraction.value
        tau = np.maximum(t - dose.t_h - c.lag_h.value, 0.0)
        if c.kind == "first_order":
            ka = c.ka_per_h.value
            out += mg * ka / (v_l * (ka - ke)) * (np.exp(-ke * tau) - np.exp(-ka * tau))
        elif c.kind == "zero_order" and c.ka_per_h is None:
            dur = c.duration_h.value
            rate = mg / dur
            during = np.minimum(tau, dur)
            out += rate / (v_l * ke) * (1.0 - np.exp(-ke * during)) * np.exp(
                -ke * (tau - during))
        elif c.kind == "zero_order":
            # Release at mg/dur over [0, dur] into the gut, absorbed at ka: the box minus the
            # box shifted by dur, each the integral of the unit Bateman curve.
            ka, dur = c.ka_per_h.value, c.duration_h.value
            out += mg / dur / v_l * (_bateman_integral(tau, ka, ke)
                                     - _bateman_integral(tau - dur, ka, ke))
        else:
            raise NotImplementedError(c.kind)
    return out * 1000.0


def _bateman_integral(s: np.ndarray, ka: float, ke: float) -> np.ndarray:
    """∫_0^s ka/(ka − ke)·(e^{−ke u} − e^{−ka u}) du, 0 for s ≤ 0."""
    s = np.maximum(s, 0.0)
    return ka / (ka - ke) * (-np.expm1(-ke * s) / ke + np.expm1(-ka * s) / ka)


def baseline(lib: MedicationLibrary, doses: list[DoseEvent], t: np.ndarray) -> np.ndarray:
    """Per-dose superposition on the whole grid (fasted doses as in the engine's input)."""
    disp = disposition(lib.analyte("methylphenidate"), 70.0, Person().settings())
    total = np.zeros_like(t)
    for d in doses:
        total += _one_dose(t, lib, d, disp.ke_per_h, disp.v_l)
    return total


def _median_ms(fn, runs: int) -> tuple[float, object]:
    times = []
    out = None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--baseline-years", type=float, default=0.25,
                        help="history length for the per-dose comparison (its cost grows with "
                        "doses x grid: 5 years take ~15 min a run)")
    args = parser.parse_args()

    lib = load_library()
    doses = history(args.years)
    grid = np.arange(0.0, 24.0 * 365.25 * args.years, STEP_H)
    simulate(lib, doses[:50], grid[:10000])  # warm imports and caches
    ours_ms, result = _median_ms(lambda: simulate(lib, doses, grid), args.runs)
    curve = result.analytes[0]
    print(f"doses: {len(doses)}  grid: {grid.size} points (1 min, {args.years} years)")
    print(f"windows: {len(curve.wear_off)} wear-off, {len(curve.rebound)} rebound")
    print(f"(a) engine, concentration + effect + windows: median {ours_ms:.1f} ms "
          f"of {args.runs} runs")
    if args.baseline_runs <= 0:
        return
    short = history(args.baseline_years)
    fasted = [DoseEvent(d.formulation_id, d.mg, d.t_h) for d in short]
    sub = np.arange(0.0, 24.0 * 365.25 * args.baseline_years, STEP_H)
    engine_ms, _ = _median_ms(lambda: simulate(lib, fasted, sub), args.runs)
    base_ms, conc = _median_ms(lambda: baseline(lib, fasted, sub), args.baseline_runs)
    engine_conc = simulate(lib, fasted, sub).analytes[0].concentration
    diff = float(np.max(np.abs(conc - engine_conc)) / np.max(conc))
    print(f"on {args.baseline_years:g} years ({len(fasted)} doses, {sub.size} points):")
    print(f"  (a) engine: median {engine_ms:.1f} ms of {args.runs} runs")
    print(f"  (b) per-dose superposition, concentration only: median {base_ms:.0f} ms "
          f"of {args.baseline_runs} runs")
    print(f"  ratio (b)/(a): {base_ms / engine_ms:.0f}x; max |difference| between the two "
          f"concentration curves: {diff:.1e} of Cmax")


if __name__ == "__main__":
    main()
