"""The uncertainty band of a personal prediction: the effect curve and the window edges
recomputed for parameter draws from the accepted calibration's 95% interval."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from rebound_tracker.domain.calibration import PARAMETERS, AcceptedCalibration, PersonalTiming
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.pk.model import Person, simulate
from rebound_tracker.pk.windows import Window
from rebound_tracker.services.simulation import Prediction, calibration_caption

N_DRAWS = 24
SEED = 14
"""Parameter draws per band (fixed seed: the same prediction always gets the same band)."""


@dataclass(frozen=True)
class WindowBand:
    """One predicted window (hours on the prediction's grid, like ``pk.windows.Window``)
    with the 95% range of its start and of its end over the parameter draws."""

    kind: str  # "wear_off" | "rebound"
    start_h: float
    end_h: float
    start_low_h: float
    start_high_h: float
    end_low_h: float
    end_high_h: float


@dataclass(frozen=True)
class AnalyteBand:
    """One analyte on the prediction's grid: the personal effect (as in the prediction),
    its pointwise 2.5–97.5% range, and the population effect for comparison."""

    analyte: str
    effect: np.ndarray
    effect_low: np.ndarray
    effect_high: np.ndarray
    population_effect: np.ndarray
    windows: tuple[WindowBand, ...]


@dataclass(frozen=True)
class PredictionBand:
    """The band of ``prediction`` (personal), per analyte in the prediction's order, and a
    sentence for the legend/assumptions ("personal timing, calibrated on DATE from N
    check-ins")."""

    prediction: Prediction
    analytes: tuple[AnalyteBand, ...]
    caption: str


def _draws(row: AcceptedCalibration, rng: np.random.Generator) -> list[PersonalTiming]:
    """Timings drawn around the accepted values with the calibration's covariance."""
    centre = np.array([p.to_free(getattr(row.timing, p.name)) for p in PARAMETERS])
    if row.covariance is None:
        return [row.timing] * N_DRAWS
    draws = rng.multivariate_normal(centre, np.asarray(row.covariance), size=N_DRAWS)
    out = []
    for x in draws:
        values = {p.name: min(max(p.from_free(float(x[i])), p.bounds[0]), p.bounds[1])
                  for i, p in enumerate(PARAMETERS)}
        out.append(PersonalTiming(row.timing.family, **values))
    return out


def _edges(windows_per_draw: list[tuple[Window, ...]], start: float, end: float
           ) -> tuple[float, float, float, float]:
    starts, ends = [], []
    for windows in windows_per_draw:
        best = max(windows, default=None, key=lambda w: min(w.end_h, end) - max(w.start_h,
                                                                                 start))
        if best is not None and min(best.end_h, end) > max(best.start_h, start):
            starts.append(best.start_h)
            ends.append(best.end_h)
    if not starts:
        return start, start, end, end
    s_lo, s_hi = np.percentile(starts, [2.5, 97.5])
    e_lo, e_hi = np.percentile(ends, [2.5, 97.5])
    return (float(min(s_lo, start)), float(max(s_hi, start)), float(min(e_lo, end)),
            float(max(e_hi, end)))


class _Curves(NamedTuple):
    effect: np.ndarray
    wear_off: tuple[Window, ...]
    rebound: tuple[Window, ...]


def _simulate_like(library: MedicationLibrary, prediction: Prediction, person: Person
                   ) -> tuple[_Curves, ...]:
    """(effect, wear-off, rebound) per analyte of the prediction's doses for ``person``,
    computed as SimulationService computes it: on a grid that starts at the earliest dose
    (so a fall that began before the prediction is measured from its own peak), then cut
    to the prediction's grid with windows clipped to begin no earlier."""
    t = prediction.t_h
    step = float(t[1] - t[0]) if t.size > 1 else 1.0
    earliest = min((d.t_h for d in prediction.doses), default=0.0)
    lead = int(np.ceil(max(0.0, -earliest) / step - 1e-9))
    grid = np.concatenate([t[0] - step * np.arange(lead, 0, -1), t])
    result = simulate(library, prediction.doses, grid, person)
    start = float(t[0])

    def clipped(windows: tuple[Window, ...]) -> tuple[Window, ...]:
        return tuple(replace(w, start_h=max(w.start_h, start)) for w in windows
                     if w.end_h > start)

    return tuple(_Curves(c.effect[lead:], clipped(c.wear_off), clipped(c.rebound))
                 for c in result.analytes)


def band(library: MedicationLibrary, prediction: Prediction,
         accepted: tuple[AcceptedCalibration, ...], person: Person) -> PredictionBand:
    """The band (see the module docstring); ``person`` is the one the prediction used."""
    rng = np.random.default_rng(SEED)
    per_family = [_draws(row, rng) for row in accepted]
    results = []
    for k in range(N_DRAWS):
        timing = tuple(draws[k] for draws in per_family)
        results.append(_simulate_like(library, prediction, replace(person, timing=timing)))
    population = _simulate_like(library, prediction, person.population())
    analytes = []
    for i, curve in enumerate(prediction.result.analytes):
        effects = np.array([r[i].effect for r in results])
        low, high = np.percentile(effects, [2.5, 97.5], axis=0)
        windows = tuple(
            WindowBand(kind, w.start_h, w.end_h, *_edges(
                [getattr(r[i], kind) for r in results], w.start_h, w.end_h))
            for kind in ("wear_off", "rebound") for w in getattr(curve, kind))
        analytes.append(AnalyteBand(curve.analyte, curve.effect,
                                    np.minimum(low, curve.effect),
                                    np.maximum(high, curve.effect),
                                    population[i].effect, windows))
    return PredictionBand(prediction, tuple(analytes), calibration_caption(accepted))
