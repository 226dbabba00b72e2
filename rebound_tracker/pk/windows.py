"""Wear-off and rebound windows and curve summaries, on a uniform grid (roughness lives in
``metrics`` and is re-exported here).

No published source gives a validated threshold for wear-off or rebound (pk reference);
the thresholds below are product parameters, shown to the user as assumptions and meant to
be calibrated per person from their own check-ins in a later phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from rebound_tracker.pk.metrics import roughness

__all__ = ["Summary", "Window", "find_windows", "roughness", "summarize", "terminal_half_life"]

WEAR_OFF_FRACTION = 0.5
"""The effect is *wearing off* once it falls below this fraction of its own peak (the
highest peak since the effect last wore off) and does not come back above it before the
next fall to baseline or the next dose."""

REBOUND_START_FRACTION = 0.25
"""The *rebound risk* window starts where the fading effect falls below this fraction of
that peak: the last stretch of the fall towards baseline. The wear-off window ends there, so
the two windows follow each other and never overlap."""

WEAR_OFF_END_FRACTION = 0.1
"""Below this fraction of that peak the dose has *worn off*."""

REBOUND_AFTER_H = 2.0
"""The rebound risk window lasts until this long after the dose has worn off (rebound is
reported as the effect goes and in the hours just after), or until the next dose lifts the
effect again, whichever comes first."""

MIN_WINDOW_H = 0.25
"""Fades shorter than this from wearing off to worn off (a dip that just touches the
threshold before the next dose lifts the effect again) are not reported, nor is their
rebound."""

MIN_PEAK_EFFECT = 0.05
"""Peaks of the 0..1 effect index below this are too small to call a wear-off."""

REBOUND_MIN_RATE_PER_H = 0.05
"""A fade has a rebound risk window only if, at its steepest (from wearing off to worn
off), the effect drops by at least this fraction of its peak per hour."""

REBOUND_FULL_SEVERITY_RATE_PER_H = 0.30
"""Severity = that steepest drop rate (fraction of peak per hour) / this, capped at 1."""

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


def _peaks(e: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Indices i with e[i] >= e[i−1] (or i = 0) and e[i] > e[i+1]; ``d`` = diff(e)."""
    inner = np.flatnonzero((d[:-1] >= 0) & (d[1:] < 0)) + 1
    return np.concatenate([[0], inner]) if d[0] < 0 else inner


def _troughs(e: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Indices i with e[i] <= e[i−1] (or i = 0) and e[i] < e[i+1]; ``d`` = diff(e)."""
    inner = np.flatnonzero((d[:-1] <= 0) & (d[1:] > 0)) + 1
    return np.concatenate([[0], inner]) if d[0] > 0 else inner


def _first_below(e: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 level: np.ndarray) -> np.ndarray:
    """For each k, the first i in [lo_k, hi_k] with e[i] < level_k, where e is
    non-increasing on [lo_k, hi_k]; hi_k when none is (vectorised bisection)."""
    lo, hi = lo.copy(), hi.copy()
    while True:
        open_ = lo < hi
        if not open_.any():
            return hi
        mid = (lo + hi) // 2
        below = e[mid] < level
        hi = np.where(open_ & below, mid, hi)
        lo = np.where(open_ & ~below, mid + 1, lo)


def _episodes(e: np.ndarray, d: np.ndarray, wear_off_fraction: float = WEAR_OFF_FRACTION
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(peak, reference peak, trough) of each fall that crosses ``wear_off_fraction`` of its
    reference peak (the highest peak since the effect last wore off). The loop runs over
    peaks only, with plain floats; the effect between a peak and the next trough is
    non-increasing, which the callers rely on."""
    n = e.size
    peaks = _peaks(e, d)
    peaks = peaks[e[peaks] >= MIN_PEAK_EFFECT]
    troughs = np.append(_troughs(e, d), n - 1)
    next_trough = troughs[np.searchsorted(troughs, peaks, side="right")]
    values, trough_values = e[peaks].tolist(), e[next_trough].tolist()
    out: list[tuple[int, int, int]] = []
    ref, ref_value, fall_end = -1, 0.0, -1
    for k, p in enumerate(peaks.tolist()):
        if p < fall_end:
            continue  # a flat step inside a fall already reported, not a new peak
        if ref < 0 or values[k] > ref_value:
            ref, ref_value = p, values[k]
        if trough_values[k] >= wear_off_fraction * ref_value:
            if next_trough[k] == n - 1:
                ref = -1  # the grid ends before this episode wears off
            continue
        fall_end = int(next_trough[k])
        out.append((p, ref, fall_end))
        ref = -1
    if not out:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    p_arr, ref_arr, trough_arr = (np.array(col, dtype=np.int64) for col in zip(*out,
                                                                             strict=True))
    return p_arr, ref_arr, trough_arr


def find_windows(t_h: np.ndarray, effect: np.ndarray,
                 wear_off_fraction: float = WEAR_OFF_FRACTION
                 ) -> tuple[tuple[Window, ...], tuple[Window, ...]]:
    """Wear-off and rebound risk windows of an effect curve on a uniform grid ``t_h`` (h).

    ``wear_off_fraction`` replaces WEAR_OFF_FRACTION for a person whose calibrated
    threshold differs (it must stay above REBOUND_START_FRACTION).

    For each fall of the effect from its peak (see the constants above): the *wear-off*
    window runs from below WEAR_OFF_FRACTION of the peak to below REBOUND_START_FRACTION;
    the *rebound* window follows it, from there until REBOUND_AFTER_H after the effect is
    below WEAR_OFF_END_FRACTION (worn off), or until the next dose lifts the effect. A fall
    that is lifted before it nears baseline, or too gentle to be a rebound candidate, has a
    wear-off window only (to worn off or to the next rise). The windows never overlap and
    are in time order. Cost is a few passes over the grid plus work per peak; no Python
    loop over grid points.
    """
    e = np.asarray(effect, dtype=float)
    t = np.asarray(t_h, dtype=float)
    if e.size < 3:
        return (), ()
    d = np.diff(e)
    peak, ref, trough = _episodes(e, d, wear_off_fraction)
    if peak.size == 0:
        return (), ()
    top = e[ref]
    start = _first_below(e, peak, trough, wear_off_fraction * top)
    steep = _first_below(e, start, trough, REBOUND_START_FRACTION * top)
    worn = _first_below(e, steep, trough, WEAR_OFF_END_FRACTION * top)
    keep = t[worn] - t[start] >= MIN_WINDOW_H
    start, steep, worn, trough, top = (a[keep] for a in (start, steep, worn, trough, top))
    if start.size == 0:
        return (), ()
    dt = float(t[1] - t[0])
    rate = _steepest_drop(d, start, worn) / dt / top
    rebound = (e[steep] < REBOUND_START_FRACTION * top) & (steep < trough) & (
        rate >= REBOUND_MIN_RATE_PER_H)
    reached = e[worn] < WEAR_OFF_END_FRACTION * top
    after = round(REBOUND_AFTER_H / dt)
    rebound_end = np.where(reached, np.minimum(worn + after, trough), trough)
    wear_end = np.where(rebound, steep, worn)
    wear_off = tuple(Window(a, b) for a, b in zip(t[start].tolist(), t[wear_end].tolist(),
                                                  strict=True))
    severity = np.minimum(1.0, rate / REBOUND_FULL_SEVERITY_RATE_PER_H)
    rebounds = tuple(Window(a, b, s) for a, b, s in zip(
        t[steep[rebound]].tolist(), t[rebound_end[rebound]].tolist(),
        severity[rebound].tolist(), strict=True))
    return wear_off, rebounds


def _steepest_drop(d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The largest fall per grid step, e[i] − e[i+1], for i in [lo_k, hi_k) of each of the
    disjoint, ordered segments (at least one step each), all at once."""
    drop = -d
    bounds = np.minimum(np.column_stack([lo, np.maximum(hi, lo + 1)]).ravel(),
                        drop.size - 1)
    return np.maximum(np.maximum.reduceat(drop, bounds)[::2], 0.0)


def summarize(t_h: np.ndarray, c: np.ndarray) -> Summary:
    """Cmax, Tmax, grid AUC (trapezoidal) and terminal half-life of a concentration curve
    on a uniform grid."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        return Summary(0.0, math.nan, 0.0, math.nan)
    i = int(np.argmax(c))
    cmax = float(c[i])
    auc = 0.0
    if c.size > 1:
        dt = float(t_h[-1] - t_h[0]) / (c.size - 1)
        auc = dt * (float(np.sum(c)) - (float(c[0]) + float(c[-1])) / 2.0)
    return Summary(cmax, float(t_h[i]), auc, terminal_half_life(t_h, c, cmax))


def _last_peak(c: np.ndarray, floor: float) -> int:
    """Index of the last local maximum of ``c`` (as in :func:`_peaks`) at or above
    ``floor``, or −1; searched backwards in growing chunks, so a long history costs about
    as much as its last day."""
    hi, step = c.size - 1, 4096
    while hi > 0:
        lo = max(0, hi - step)
        cur, nxt = c[lo:hi], c[lo + 1:hi + 1]
        prv = c[lo - 1:hi - 1] if lo > 0 else np.concatenate([[-np.inf], c[:hi - 1]])
        found = np.flatnonzero((cur > nxt) & (cur >= prv) & (cur >= floor))
        if found.size:
            return lo + int(found[-1])
        hi, step = lo, step * 2
    return -1


def terminal_half_life(t_h: np.ndarray, c: np.ndarray, cmax: float | None = None) -> float:
    """ln2 / slope of a log-linear fit to the tail after the last peak (h), or NaN."""
    if c.size < 3:
        return math.nan
    cmax = float(np.max(c)) if cmax is None else cmax
    if cmax <= 0:
        return math.nan
    last = _last_peak(c, 0.01 * cmax)
    if last < 0:
        return math.nan
    tail = np.arange(last, c.size)
    keep = (c[last:] <= TERMINAL_PHASE_FRACTION * c[last]) & (
        c[last:] > TERMINAL_FLOOR_FRACTION * cmax)
    tail = tail[keep]
    if tail.size < 3 or t_h[tail[-1]] - t_h[tail[0]] < 1.0:
        return math.nan
    slope = np.polyfit(t_h[tail], np.log(c[tail]), 1)[0]
    return math.log(2) / -slope if slope < 0 else math.nan
