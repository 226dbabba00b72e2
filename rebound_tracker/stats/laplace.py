"""Curvature of a rough objective at its minimum, measured at the width of the posterior.

A central finite difference with a small step reads whatever wiggles the objective has at
that scale as curvature. The calibration's objective has such wiggles: the rebound window's
edges move with the timing in whole steps of the simulation's 5-minute grid, so the
log-likelihood jitters by a few tenths of a unit (up to ~2.7) along the time-scale, and a
step of 0.02 on the log time-scale saw a curvature of ~960 where a quadratic fitted over
±0.1 sees ~360 (validation/calibration_intervals.py, docs/calibration.md "How honest the
intervals are"). The Laplace interval is about the posterior's width, so its curvature
should be the objective's average bend over that width, not over the grid's.

``adaptive_hessian`` therefore measures in passes: a first Hessian with the smallest steps
(a plain central difference), then again with each coordinate's step set to half the
marginal SD the previous pass implied, clamped to [smallest, largest] and to the bounds.
In those passes each diagonal entry is the curvature of a least-squares quadratic fitted
to the objective at nine points over ±2 steps, i.e. over ±1 SD, so the jitter, and a dip
of it at the minimum itself, average out instead of being read as information; each
off-diagonal entry is the mixed central difference with those steps (it never uses the
value at the minimum, so such a dip cancels). On a smooth quadratic objective every pass
gives the same matrix. As the step never falls below the smallest, the quadratic always
spans at least ±2 smallest steps, several periods of the grid's jitter: with a span of
only ±1 smallest step the passes, fed a too-narrow first SD, kept measuring the jitter
(time-scale SD 0.018 against errors of 0.051 on people with a rebound). A span of ±2 SD
came out too wide there (0.10, and the lag's SD past its prior's: its objective is far
from quadratic that far out). Each wide pass costs 9k + 2k(k−1) evaluations. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

PASSES = 3
"""Hessians measured in all: the first with the smallest steps, then two re-measurements
(the second settles the step when the first re-measurement moved it a lot)."""


def hessian(f: Callable[[np.ndarray], float], x: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Central finite-difference Hessian of ``f`` at ``x``."""
    k = x.size
    h = np.zeros((k, k))
    f0 = f(x)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = step[i]
        h[i, i] = (f(x + ei) - 2 * f0 + f(x - ei)) / step[i] ** 2
        for j in range(i):
            ej = np.zeros(k)
            ej[j] = step[j]
            h[i, j] = h[j, i] = _mixed(f, x, ei, ej)
    return h


def _mixed(f: Callable[[np.ndarray], float], x: np.ndarray, ei: np.ndarray,
           ej: np.ndarray) -> float:
    """The mixed central difference of ``f`` at ``x`` along the steps ``ei`` and ``ej``
    (one coordinate each); it never uses f(x)."""
    return float((f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej))
                 / (4 * ei.sum() * ej.sum()))


def covariance(h: np.ndarray, floor: float) -> np.ndarray:
    """Inverse of the symmetrised ``h`` with every eigenvalue at least ``floor`` (a
    direction flatter than that, from rounding or a minimum on a bound, gets ``floor``),
    so the result is always symmetric positive definite."""
    vals, vecs = np.linalg.eigh((h + h.T) / 2.0)
    vals = np.maximum(vals, floor)
    cov = (vecs / vals) @ vecs.T
    return (cov + cov.T) / 2.0


OFFSETS = np.linspace(-2.0, 2.0, 9)
"""Where, in steps, each direction's quadratic is fitted: ±2 steps, nine points."""
FRACTION = 0.5
"""The step as a share of the SD the previous pass implied: the quadratic spans ±1 SD."""


def wide_hessian(f: Callable[[np.ndarray], float], x: np.ndarray,
                 step: np.ndarray) -> np.ndarray:
    """A Hessian at the scale ``step``: each diagonal entry is the curvature of a
    least-squares quadratic through ``f`` at x + OFFSETS·step along that coordinate (a
    jitter of the objective, and a dip of it at x itself, average out instead of being
    read as curvature), each off-diagonal the mixed central difference with those steps
    (it never uses f(x), so a dip at x cancels)."""
    k = x.size
    h = np.zeros((k, k))
    design = np.vander(OFFSETS, 3)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = step[i]
        values = np.array([f(x + t * ei) for t in OFFSETS])
        coef = np.linalg.lstsq(design, values, rcond=None)[0]
        h[i, i] = 2.0 * coef[0] / step[i] ** 2
        for j in range(i):
            ej = np.zeros(k)
            ej[j] = step[j]
            h[i, j] = h[j, i] = _mixed(f, x, ei, ej)
    return h


def adaptive_hessian(f: Callable[[np.ndarray], float], x: np.ndarray, smallest: np.ndarray,
                     largest: np.ndarray, bounds: Sequence[tuple[float, float]],
                     floor: float, passes: int = PASSES) -> np.ndarray:
    """The Hessian of ``f`` at ``x`` at the width of the posterior it implies (see the
    module docstring). A coordinate whose ``largest`` equals its ``smallest`` keeps that
    step. Near a bound the step shrinks so x ± 2 steps stay inside, but never below
    ``smallest`` (where a plain finite difference would step past the bound as well)."""
    x = np.asarray(x, dtype=float)
    lo = np.array([b[0] for b in bounds], dtype=float)
    hi = np.array([b[1] for b in bounds], dtype=float)
    room = np.maximum(np.minimum(x - lo, hi - x) / OFFSETS[-1], smallest)
    step = np.asarray(smallest, dtype=float)
    h = hessian(f, x, step)
    for _ in range(passes - 1):
        sd = np.sqrt(np.diag(covariance(h, floor)))
        wanted = np.minimum(np.clip(FRACTION * sd, smallest, largest), room)
        if np.allclose(wanted, step, rtol=0.1, atol=0.0):
            break
        step = wanted
        h = wide_hessian(f, x, step)
    return h
