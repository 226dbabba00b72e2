"""Per-day metrics of a predicted curve: roughness, time above a band, steepest fall.

- Roughness (Po et al. 2022): ∫(C″)² dt / Cmax², in 1/h³; smoother curves are hypothesised
  to rebound less. C″ by central differences on the uniform grid.
- Time above / in a concentration band (the "therapeutic box" of Bonnefois 2017 is a band
  over an activity window): hours, with each crossing placed by linear interpolation.
- The largest fall rate of the concentration (unit/h) and of the effect index (fraction of
  full effect per hour), the quantities the rebound window is built on.

No band is published for any product: a band is a person's or clinician's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class DayMetrics:
    """Metrics of one stretch of curve (usually a day). ``roughness`` in 1/h³,
    ``time_above_band_h`` and ``time_in_band_h`` in hours, ``max_fall_rate_per_h`` in
    concentration unit per hour, ``max_effect_fall_per_h`` in effect (0..1) per hour."""

    roughness: float
    time_above_band_h: float
    time_in_band_h: float
    max_fall_rate_per_h: float
    max_effect_fall_per_h: float


def roughness(t_h: np.ndarray, c: np.ndarray) -> float:
    """Po et al. 2022 roughness ∫(C″)² dt / Cmax² (1/h³) on a uniform grid; 0 for a curve
    that is flat, empty or never positive."""
    c = np.asarray(c, dtype=float)
    if c.size < 3 or float(np.max(c)) <= 0:
        return 0.0
    dt = float(t_h[1] - t_h[0])
    second = (c[2:] - 2 * c[1:-1] + c[:-2]) / dt**2
    return float(np.sum(second**2) * dt / np.max(c) ** 2)


def time_above(t_h: np.ndarray, c: np.ndarray, level: float) -> float:
    """Hours with c above ``level``, crossings placed by linear interpolation."""
    c = np.asarray(c, dtype=float)
    if c.size < 2:
        return 0.0
    dt = np.diff(np.asarray(t_h, dtype=float))
    a, b = c[:-1] - level, c[1:] - level
    both = (a > 0) & (b > 0)
    total = float(np.sum(dt[both]))
    cross = (a > 0) != (b > 0)
    upper = np.where(a[cross] > 0, a[cross], b[cross])
    total += float(np.sum(dt[cross] * upper / np.abs(a[cross] - b[cross])))
    return total


def max_fall_rate(t_h: np.ndarray, y: np.ndarray) -> float:
    """Largest −dy/dt (per hour) between grid points; 0 if y never falls."""
    y = np.asarray(y, dtype=float)
    if y.size < 2:
        return 0.0
    return max(0.0, float(np.max(-np.diff(y) / np.diff(np.asarray(t_h, dtype=float)))))


def day_metrics(t_h: np.ndarray, concentration: np.ndarray, effect: np.ndarray,
                band: tuple[float, float]) -> DayMetrics:
    """Metrics of one stretch of a uniform grid: ``band`` = (low, high) in the
    concentration's unit (0 ≤ low ≤ high)."""
    lo, hi = band
    if not 0.0 <= lo <= hi:
        raise ValueError("band must satisfy 0 <= low <= high")
    above_hi = time_above(t_h, concentration, hi)
    return DayMetrics(
        roughness=roughness(t_h, concentration),
        time_above_band_h=above_hi,
        time_in_band_h=time_above(t_h, concentration, lo) - above_hi,
        max_fall_rate_per_h=max_fall_rate(t_h, concentration),
        max_effect_fall_per_h=max_fall_rate(t_h, effect),
    )


def metrics_by_day(t_h: np.ndarray, concentration: np.ndarray, effect: np.ndarray,
                   band: tuple[float, float], day_start_h: float = 0.0
                   ) -> list[tuple[float, DayMetrics]]:
    """:func:`day_metrics` for each 24 h day of the grid, days starting at ``day_start_h``
    (+ k·24 h, e.g. local midnight in the grid's hours); (day start, metrics) pairs for the
    days that hold at least three grid points."""
    t = np.asarray(t_h, dtype=float)
    if t.size == 0:
        return []
    first = np.floor((t[0] - day_start_h) / HOURS_PER_DAY)
    last = np.floor((t[-1] - day_start_h) / HOURS_PER_DAY)
    out = []
    for k in np.arange(first, last + 1):
        start = day_start_h + k * HOURS_PER_DAY
        i, j = np.searchsorted(t, [start, start + HOURS_PER_DAY])
        if j - i >= 3:
            out.append((float(start), day_metrics(t[i:j], concentration[i:j], effect[i:j],
                                                  band)))
    return out
