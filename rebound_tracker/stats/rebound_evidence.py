"""How far check-ins inside predicted rebound windows sit from the person's own baseline at
the same clock time, with a 95% interval that resamples whole days (see docs/evidence.md).

Plain arrays in, plain numbers out; the wording is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rebound_tracker.stats.scale_model import ScaleSeries, bootstrap_rebound, fit_scale

MIN_INSIDE = 15
"""Check-ins of the scale inside predicted rebound windows needed for an estimate."""
MIN_BASELINE = 30
"""Check-ins of the scale outside the windows (the same-clock-time baseline) needed."""
MIN_DAYS = 14
"""Days with at least two check-ins of the scale needed (only within-day contrasts count)."""
MIN_INSIDE_DAYS = 5
"""Days with a check-in inside a window needed, so one odd day cannot make the estimate."""
SEPARABILITY_BIN_H = 0.5
MIN_SEPARABLE_SHARE = 0.15
"""The log can tell rebound from clock time only if at least this share of the window
term's variance is left once the clock time (in half-hour bins) is known."""
N_BOOT = 999
SEED = 12
"""The bootstrap's fixed seed: the same log always gives the same interval everywhere."""

# Why there is no estimate (``WindowEffect.reason``).
NO_CHECKINS = "no check-ins"
NO_WINDOWS = "no windows"
NOT_SEPARABLE = "not separable"
FEW_INSIDE = "few inside"
FEW_BASELINE = "few baseline"
FEW_DAYS = "few days"
FEW_INSIDE_DAYS = "few inside days"


@dataclass(frozen=True)
class WindowEffect:
    """One scale's estimate: ``effect`` = mean inside-window check-in minus what the model
    expects there without a rebound (scale points, + = higher), its 95% day-bootstrap
    interval [``low``, ``high``], the observed and expected means inside, the counts behind
    it, and ``reason`` (one of the constants above) when there is no estimate."""

    n_inside: int
    n_baseline: int
    n_days: int
    n_inside_days: int
    effect: float | None
    low: float | None
    high: float | None
    inside_mean: float | None
    baseline_mean: float | None
    reason: str | None

    def interval(self) -> tuple[float, float, float] | None:
        """(effect, low, high), or None when there is no estimate (``reason`` says why)."""
        if self.effect is None or self.low is None or self.high is None:
            return None
        return self.effect, self.low, self.high


def separability(clock_h: np.ndarray, window: np.ndarray,
                 bin_h: float = SEPARABILITY_BIN_H) -> float:
    """Share (0..1) of the variance of the window term left within half-hour clock bins:
    0 when the windows always cover the same clock times, higher the more they move."""
    window = np.asarray(window, dtype=float)
    total = float(np.sum((window - window.mean()) ** 2)) if window.size else 0.0
    if total <= 0.0:
        return 0.0
    bins = np.floor(np.asarray(clock_h) / bin_h).astype(int)
    _, index = np.unique(bins, return_inverse=True)
    counts = np.bincount(index).astype(float)
    means = np.bincount(index, weights=window) / counts
    return float(np.sum((window - means[index]) ** 2) / total)


def bootstrap_weights(days: int, n_boot: int = N_BOOT, seed: int = SEED) -> np.ndarray:
    """B × G draw counts of G days with replacement (a cluster bootstrap by day)."""
    drawn = np.random.default_rng(seed).integers(0, days, size=(n_boot, days))
    flat = (np.arange(n_boot)[:, None] * days + drawn).ravel()
    return np.bincount(flat, minlength=n_boot * days).reshape(n_boot, days).astype(float)


def _counts(series: ScaleSeries) -> tuple[int, int, int, int]:
    inside = series.window > 0.5
    _days, per_day = np.unique(series.day, return_counts=True)
    return (int(inside.sum()), int((~inside).sum()), int((per_day >= 2).sum()),
            int(np.unique(series.day[inside]).size))


def _reason(counts: tuple[int, int, int, int], separable: bool) -> str | None:
    n_inside, n_baseline, n_days, n_inside_days = counts
    for failed, reason in ((n_inside + n_baseline == 0, NO_CHECKINS),
                           (n_inside == 0, NO_WINDOWS),
                           (n_inside < MIN_INSIDE, FEW_INSIDE),
                           (n_baseline < MIN_BASELINE, FEW_BASELINE),
                           (n_days < MIN_DAYS, FEW_DAYS),
                           (n_inside_days < MIN_INSIDE_DAYS, FEW_INSIDE_DAYS),
                           (not separable, NOT_SEPARABLE)):
        if failed:
            return reason
    return None


def window_effect(series: ScaleSeries, weights: np.ndarray, all_days: np.ndarray,
                  separable: bool) -> WindowEffect:
    """The estimate for one scale (``weights``/``all_days`` as :func:`bootstrap_rebound`)."""
    counts = _counts(series)
    reason = _reason(counts, separable)
    if reason is not None:
        return WindowEffect(*counts, None, None, None, None, None, reason)
    # Days with a single check-in carry no within-day contrast: leave them out.
    days, per_day = np.unique(series.day, return_counts=True)
    series = series.select(np.isin(series.day, days[per_day >= 2]))
    fit = fit_scale(series)
    resampled = bootstrap_rebound(series, weights, all_days)
    low, high = np.percentile(resampled, [2.5, 97.5])
    inside = series.window > 0.5
    inside_mean = float(series.value[inside].mean())
    return WindowEffect(*counts, fit.rebound, float(low), float(high), inside_mean,
                        inside_mean - fit.rebound, None)
