"""Wear-off and rebound windows, curve summaries and roughness, on a uniform grid.

No published source gives a validated threshold for wear-off or rebound (pk reference);
the thresholds below are product parameters, shown to the user as assumptions and meant to
be calibrated per person from their own check-ins in a later phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

WEAR_OFF_FRACTION = 0.5
"""Wear-off starts when the effect falls below this fraction of its own peak (the highest
peak since the effect last wore off) and does not come back above it before the next fall
to baseline or the next dose."""

WEAR_OFF_END_FRACTION = 0.1
"""The wear-off window ends when the effect falls below this fraction of that peak
(effectively worn off), or at the trough where the next dose lifts it again."""

MIN_WINDOW_H = 0.25
"""Wear-off windows shorter than this (a dip that just touches the threshold before the
next dose lifts the effect again) are not reported, nor is their rebound."""

MIN_PEAK_EFFECT = 0.05
"""Peaks of the 0..1 effect index below this are too small to call a wear-off."""

REBOUND_MIN_RATE_PER_H = 0.05
"""A fall is a rebound candidate only if at its steepest the effect drops by at least this
fraction of its peak per hour."""

REBOUND_WINDOW_FRACTION = 0.75
"""The rebound window is the stretch around the steepest point of the fall where the drop
rate stays at or above this fraction of the steepest rate."""

REBOUND_FULL_SEVERITY_RATE_PER_H = 0.30
"""Severity = steepest drop rate (fraction of peak per hour) / this, capped at 1."""

TERMINAL_PHASE_FRACTION = 0.3
"""The terminal half-life is fitted to the tail after the last peak once the level is below
this fraction of that peak (absorption/release then contributes little)."""

TERMINAL_FLOOR_FRACTION = 1e-6
"""Tail points below this fraction of Cmax are left out of the terminal fit (rounding)."""


@dataclass(frozen=True)
class Window:
    """A stretch of time in hours (same origin as the doses); severity 0..1 for rebound."""

    start_h: float
    end_h: float
    severity: float | None = None


@dataclass(frozen=True)
class Summary:
    """Cmax (unit), time of Cmax (h), AUC over the grid (unit·h, trapezoidal) and the
    terminal half-life seen in the tail (h; NaN when the grid ends before a terminal phase)."""

    cmax: float
    tmax_h: float
    auc: float
    terminal_half_life_h: float


def _peaks_and_troughs(e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.diff(e)
    rising_into = np.concatenate([[True], d >= 0])  # e[i] >= e[i-1]
    falling_out = np.concatenate([d < 0, [False]])  # e[i] > e[i+1]
    peaks = np.flatnonzero(rising_into & falling_out)
    falling_into = np.concatenate([[True], d <= 0])
    rising_out = np.concatenate([d > 0, [False]])
    troughs = np.flatnonzero(falling_into & rising_out)
    return peaks, troughs


def find_windows(t_h: np.ndarray, effect: np.ndarray) -> tuple[tuple[Window, ...],
                                                                tuple[Window, ...]]:
    """Wear-off and rebound windows of an effect curve on a uniform grid ``t_h`` (hours)."""
    e = np.asarray(effect, dtype=float)
    n = e.size
    if n < 3:
        return (), ()
    dt = float(t_h[1] - t_h[0])
    peaks, troughs = _peaks_and_troughs(e)
    troughs = np.append(troughs, n - 1)
    wear_off: list[Window] = []
    rebound: list[Window] = []
    ref = -1
    for p in peaks:
        if e[p] < MIN_PEAK_EFFECT:
            continue
        if ref < 0 or e[p] > e[ref]:
            ref = int(p)
        trough = int(troughs[np.searchsorted(troughs, p, side="right")])
        threshold = WEAR_OFF_FRACTION * e[ref]
        if e[trough] >= threshold:
            if trough == n - 1:
                ref = -1  # the grid ends before this episode wears off
            continue
        fall = e[p:trough + 1]
        start = p + int(np.argmax(fall < threshold))
        below_end = fall[start - p:] < WEAR_OFF_END_FRACTION * e[ref]
        end = start + int(np.argmax(below_end)) if below_end.any() else trough
        if t_h[end] - t_h[start] >= MIN_WINDOW_H:
            wear_off.append(Window(float(t_h[start]), float(t_h[end])))
            window = _rebound(t_h, e, ref, end, dt)
            if window is not None:
                rebound.append(window)
        ref = -1
    return tuple(wear_off), tuple(rebound)


def _rebound(t_h: np.ndarray, e: np.ndarray, peak: int, end: int, dt: float) -> Window | None:
    if end <= peak:
        return None
    rate = -np.diff(e[peak:end + 1]) / dt / e[peak]  # fraction of peak lost per hour
    steepest = int(np.argmax(rate))
    top = float(rate[steepest])
    if top < REBOUND_MIN_RATE_PER_H:
        return None
    steep = rate >= REBOUND_WINDOW_FRACTION * top
    lo = steepest
    while lo > 0 and steep[lo - 1]:
        lo -= 1
    hi = steepest
    while hi + 1 < steep.size and steep[hi + 1]:
        hi += 1
    severity = min(1.0, top / REBOUND_FULL_SEVERITY_RATE_PER_H)
    return Window(float(t_h[peak + lo]), float(t_h[peak + hi + 1]), severity)


def summarize(t_h: np.ndarray, c: np.ndarray) -> Summary:
    """Cmax, Tmax, grid AUC and terminal half-life of a concentration curve."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        return Summary(0.0, math.nan, 0.0, math.nan)
    i = int(np.argmax(c))
    cmax = float(c[i])
    auc = float(np.sum((c[1:] + c[:-1]) * np.diff(t_h)) / 2.0) if c.size > 1 else 0.0
    return Summary(cmax, float(t_h[i]), auc, terminal_half_life(t_h, c))


def terminal_half_life(t_h: np.ndarray, c: np.ndarray) -> float:
    """ln2 / slope of a log-linear fit to the tail after the last peak (h), or NaN."""
    if c.size < 3 or float(np.max(c)) <= 0:
        return math.nan
    peaks, _ = _peaks_and_troughs(c)
    peaks = peaks[c[peaks] >= 0.01 * np.max(c)]
    if peaks.size == 0:
        return math.nan
    last = int(peaks[-1])
    tail = np.arange(last, c.size)
    keep = (c[tail] <= TERMINAL_PHASE_FRACTION * c[last]) & (
        c[tail] > TERMINAL_FLOOR_FRACTION * np.max(c))
    tail = tail[keep]
    if tail.size < 3 or t_h[tail[-1]] - t_h[tail[0]] < 1.0:
        return math.nan
    slope = np.polyfit(t_h[tail], np.log(c[tail]), 1)[0]
    return math.log(2) / -slope if slope < 0 else math.nan


def roughness(t_h: np.ndarray, c: np.ndarray) -> float:
    """Po et al. 2022 roughness ∫(C″)² dt / Cmax² (1/h³): higher = a bumpier curve."""
    c = np.asarray(c, dtype=float)
    if c.size < 3 or float(np.max(c)) <= 0:
        return 0.0
    dt = float(t_h[1] - t_h[0])
    second = (c[2:] - 2 * c[1:-1] + c[:-2]) / dt**2
    return float(np.sum(second**2) * dt / np.max(c) ** 2)
