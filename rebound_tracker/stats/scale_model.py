"""A model of one check-in scale over a person's day, fitted by least squares.

    value = day level + clock(clock_h) + benefit · effect + rebound · window + noise

- *day level*: one free level per local day (day fixed effects: the day's sleep, stress,
  workload), removed by subtracting each day's means, so only within-day contrasts count;
- *clock*: a piecewise-linear curve of the local clock hour with knots every
  ``CLOCK_STEP_H`` hours from ``CLOCK_KNOTS_H[0]`` to ``CLOCK_KNOTS_H[-1]`` (earlier or later
  check-ins count at the end knots): the person's ordinary drift over the day, e.g. tired
  evenings, whatever the doses;
- *effect*: the model's predicted effect at the check-in (0..1 per analyte, summed), so the
  benefit of a dose and its fading back to the unmedicated level are accounted for;
- *window*: 1 inside a predicted rebound window, 0 outside (or any 0..1 weight).

``rebound`` (scale points) is how far check-ins inside the windows sit from what the same
person reports at the same clock time and the same predicted effect on a day's own level.

The interface is plain arrays so that a personal calibration can refit the same model with
other effect curves and windows (another time-scale, delay or threshold) and compare fits:
:func:`fit_scale` returns the residual sum of squares it needs for a likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CLOCK_STEP_H = 2.0
CLOCK_KNOTS_H = np.arange(6.0, 24.0 + CLOCK_STEP_H / 2, CLOCK_STEP_H)
"""Knots of the clock-time curve (local hours)."""
RIDGE = 1e-6
"""A vanishing penalty on the clock terms (relative to their scale) so that a clock stretch
with no check-ins leaves the fit defined; it does not touch the effect or window terms."""


@dataclass(frozen=True)
class ScaleSeries:
    """Check-ins of one scale as equal-length arrays.

    ``value``: the 0–10 answers; ``clock_h``: local clock hour 0–24; ``day``: an integer per
    local day (e.g. the date's ordinal); ``effect``: predicted effect at the check-in;
    ``window``: 1.0 inside a predicted rebound window, else 0.0."""

    value: np.ndarray
    clock_h: np.ndarray
    day: np.ndarray
    effect: np.ndarray
    window: np.ndarray

    def __len__(self) -> int:
        return int(self.value.size)

    def select(self, keep: np.ndarray) -> ScaleSeries:
        return ScaleSeries(self.value[keep], self.clock_h[keep], self.day[keep],
                           self.effect[keep], self.window[keep])


@dataclass(frozen=True)
class ScaleFit:
    """Least-squares fit of :class:`ScaleSeries`: the rebound term (scale points), the
    benefit per unit of predicted effect, the residual sum of squares and its degrees of
    freedom (observations − days − terms)."""

    rebound: float
    benefit: float
    rss: float
    dof: int
    fitted: np.ndarray


def clock_basis(clock_h: np.ndarray, knots: np.ndarray = CLOCK_KNOTS_H) -> np.ndarray:
    """Piecewise-linear 'hat' functions of clock hour, one column per knot (rows sum to 1)."""
    h = np.clip(np.asarray(clock_h, dtype=float), knots[0], knots[-1])
    step = float(knots[1] - knots[0])
    return np.maximum(0.0, 1.0 - np.abs(h[:, None] - knots[None, :]) / step)


def day_index(day: np.ndarray) -> tuple[np.ndarray, int]:
    """Each observation's day as 0..G−1 and the number of days G."""
    _, inverse = np.unique(day, return_inverse=True)
    return inverse.ravel(), int(inverse.max()) + 1 if inverse.size else 0


def day_sums(matrix: np.ndarray, index: np.ndarray, days: int) -> np.ndarray:
    """Column sums of ``matrix`` (n × k) per day (G × k); ``index`` as :func:`day_index`."""
    order = np.argsort(index, kind="stable")
    sorted_index = index[order]
    starts = np.flatnonzero(np.r_[True, sorted_index[1:] != sorted_index[:-1]])
    sums = np.zeros((days, matrix.shape[1]))
    if starts.size:
        sums[sorted_index[starts]] = np.add.reduceat(matrix[order], starts, axis=0)
    return sums


def within_day(matrix: np.ndarray, index: np.ndarray, days: int) -> np.ndarray:
    """``matrix`` (n × k) minus each day's column means: the day fixed effects removed."""
    counts = np.bincount(index, minlength=days).astype(float)
    return matrix - (day_sums(matrix, index, days) / np.maximum(counts, 1.0)[:, None])[index]


def design(series: ScaleSeries) -> np.ndarray:
    """Columns: the clock hats but the first (the day levels take its place), then effect,
    then window. The last two columns are always ``effect`` and ``window``."""
    clock = clock_basis(series.clock_h)[:, 1:]
    return np.column_stack([clock, series.effect, series.window])


def demeaned(series: ScaleSeries) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(X, y) with day means removed, the day index and the number of days; clock columns
    that never vary within a day (no check-ins near that knot) are dropped."""
    index, days = day_index(series.day)
    x = within_day(design(series), index, days)
    y = within_day(series.value.astype(float)[:, None], index, days)[:, 0]
    varies = np.ones(x.shape[1], dtype=bool)
    varies[:-2] = np.einsum("ij,ij->j", x[:, :-2], x[:, :-2]) > 1e-9 * max(len(series), 1)
    return x[:, varies], y, index, days


def ridge(gram: np.ndarray) -> np.ndarray:
    """The clock-term penalty matrix for a Gram matrix (or a stack of them)."""
    p = gram.shape[-1]
    scale = np.trace(gram, axis1=-2, axis2=-1) / p
    penalty = np.ones(p)
    penalty[-2:] = 0.0
    floor = np.full(p, 1e-12)  # keeps a resample without any window check-in solvable
    return scale[..., None, None] * np.diag(RIDGE * penalty + floor) + np.zeros_like(gram)


def fit_scale(series: ScaleSeries) -> ScaleFit:
    """Least-squares fit of the model (see the module docstring)."""
    x, y, _index, days = demeaned(series)
    gram = x.T @ x
    coef = np.linalg.solve(gram + ridge(gram), x.T @ y)
    residual = y - x @ coef
    fitted = series.value - residual
    return ScaleFit(float(coef[-1]), float(coef[-2]), float(residual @ residual),
                    int(len(series) - days - x.shape[1]), fitted)


def bootstrap_rebound(series: ScaleSeries, weights: np.ndarray, all_days: np.ndarray
                      ) -> np.ndarray:
    """The rebound term refitted on resampled days. ``all_days`` are the sorted day values
    of the period and ``weights`` (B × len(all_days)) how often each is drawn in each of B
    resamples (days this scale has no check-ins on simply add nothing); returns B values."""
    x, y, index, days = demeaned(series)
    p = x.shape[1]
    upper = np.triu_indices(p)  # a Gram matrix is symmetric: sum only its upper triangle
    products = np.column_stack([x[:, upper[0]] * x[:, upper[1]], x * y[:, None]])
    sums = day_sums(products, index, days)
    w = weights if days == all_days.size else weights[:, np.searchsorted(
        all_days, np.unique(series.day))]
    summed = w @ sums
    grams = np.zeros((summed.shape[0], p, p))
    grams[:, upper[0], upper[1]] = summed[:, :upper[0].size]
    grams[:, upper[1], upper[0]] = summed[:, :upper[0].size]
    crosses = summed[:, upper[0].size:]
    coef = np.linalg.solve(grams + ridge(grams), crosses[..., None])[..., 0]
    return coef[:, -1]
