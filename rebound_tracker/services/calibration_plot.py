"""The calibration plot's data: observed check-ins against the population and personal
predictions by hours since the usual morning dose."""

from __future__ import annotations

import numpy as np

from rebound_tracker.domain.calibration import (
    PARAMETERS,
    CalibrationPlot,
    CalibrationResult,
    ObservedPoint,
)
from rebound_tracker.services.calibration_curves import UsualDay
from rebound_tracker.services.calibration_data import PeriodData
from rebound_tracker.stats.calibration_fit import (
    PRIOR_MEAN,
    Objective,
    soft_window,
    typical_curve,
)

HOURS = np.arange(0.0, 16.0 + 1e-9, 0.25)
"""Hours since the morning dose the predictions are drawn over (cut to the clock hours the
check-ins cover: the clock curve is not extrapolated)."""


def _free(result: CalibrationResult) -> np.ndarray | None:
    values = {e.name: e.personal for e in result.parameters}
    known = {k: v for k, v in values.items() if v is not None}
    if len(known) < len(values):
        return None
    return np.array([p.to_free(float(known[p.name])) for p in PARAMETERS])


def build(period: PeriodData, result: CalibrationResult, scale: str) -> CalibrationPlot:
    """The plot of ``scale`` for ``result`` over its period's log."""
    values = period.data.values.get(scale)
    observed: tuple[ObservedPoint, ...] = ()
    if values is not None:
        keep = ~np.isnan(values) & ~np.isnan(period.morning_h)
        observed = tuple(ObservedPoint(float(h), scale, float(v)) for h, v in zip(
            period.morning_h[keep], values[keep], strict=True))
    usual, dose = period.usual, result.usual_dose
    grid = HOURS
    if dose is not None and period.data.clock_h.size:
        morning = dose.time.hour + dose.time.minute / 60.0
        lo, hi = float(period.data.clock_h.min()), float(period.data.clock_h.max())
        grid = HOURS[(morning + HOURS >= lo) & (morning + HOURS <= hi)]
    hours = tuple(float(h) for h in grid)
    if period.curve is None or usual is None or dose is None or values is None:
        return CalibrationPlot(scale, hours, (), None, observed, None, None)
    morning = dose.time.hour + dose.time.minute / 60.0
    objective = Objective(period.data, period.curve, np.ones(period.data.t_h.size, bool))
    population = _curve(objective, PRIOR_MEAN, scale, usual, morning, grid)
    free = _free(result)
    personal = (_curve(objective, free, scale, usual, morning, grid) if free is not None
                else None)
    return CalibrationPlot(scale, hours, population, personal, observed,
                           result.wear_off_start_h.population,
                           result.wear_off_start_h.personal)


def _curve(objective: Objective, free: np.ndarray, scale: str, usual: UsualDay,
           morning: float, hours: np.ndarray) -> tuple[float, ...]:
    values = [p.from_free(float(free[i])) for i, p in enumerate(PARAMETERS)]
    day = usual.simulate(values[0], values[1], values[2], 0.0)
    effect = np.sum([c.effect for c in day.analytes], axis=0)
    at = morning + hours
    effect_at = np.interp(at, usual.t_h, effect)
    windows = sorted((w.start_h, w.end_h) for c in day.analytes for w in c.rebound)
    starts = np.array([w[0] for w in windows])
    ends = np.array([w[1] for w in windows])
    window = soft_window(at, starts, ends, values[4])
    curve = typical_curve(objective, free, scale, at % 24.0, effect_at, window)
    return tuple(float(v) for v in np.clip(curve, 0.0, 10.0))
