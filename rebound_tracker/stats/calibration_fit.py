"""The MAP fit of personal timing to check-ins, its Laplace interval and its held-out score.

Each scale follows the evidence analysis' model (``stats.scale_model``):

    value = day level + clock(clock_h) + benefit_s · effect_θ(t)
            + rebound_size · sign_s · window_θ(t) + noise_s

where effect_θ and window_θ are the model's predicted effect and rebound window with the
person's timing θ = (time-scale, delay, wear-off threshold, rebound lag), sign_s is +1 for
scales where higher is worse and −1 for mood and focus, and the rebound size is shared by
all scales (in their worse direction). Day levels, clock curves and benefits are linear and
profiled out per scale, and each scale's noise SD too, so the log-likelihood of θ is
−Σ_s (n_s − G_s)/2 · log RSS_s(θ). The priors (``domain.calibration.PARAMETERS``) are
log-normal on the scales and normal on the shifts and the size. The MAP is found by
Nelder–Mead (``stats.nelder_mead``) over time-scale and delay (each step simulates the
period once) with the
rebound lag searched and the rebound size solved at each step (closed-form quadratics, no
simulation); the 95% interval comes from the curvature at the MAP (Laplace).

The window term uses steep but smooth edges (logistic, ``EDGE_H``) so the objective stays
continuous in the lag; everything the model needs is asked of ``curve`` (the caller wraps
the simulation).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from rebound_tracker.domain.calibration import BY_NAME, PARAMETERS
from rebound_tracker.stats.laplace import adaptive_hessian, covariance
from rebound_tracker.stats.nelder_mead import minimize
from rebound_tracker.stats.scale_model import (
    CLOCK_KNOTS_H,
    clock_basis,
    day_index,
    ridge,
    within_day,
)

EDGE_H = 0.15
"""Scale (h) of the logistic edges of the rebound window in the fit: about two steps of the
5-minute grid, so the objective stays continuous in the lag and in window edges that move
by whole grid steps. Edges of 0.5 h made a true 1.5-point rebound with sharp edges come out
about 1.95 points at 26 weeks (the soft shoulders dilute the window, the size makes up for
it); 0.15 h gives about 1.6 (docs/calibration.md)."""
FD_STEP = np.array([0.02, 0.08, 0.03, 0.08, 0.08])
"""Smallest finite-difference steps of the free coordinates (PARAMETERS order) for the
curvature: the first pass of ``laplace_covariance`` (later passes widen them to the
posterior's SD, see there)."""
INDEX = {p.name: i for i, p in enumerate(PARAMETERS)}
PRIOR_MEAN = np.array([p.to_free(p.population) for p in PARAMETERS])
PRIOR_SD = np.array([p.prior_sd for p in PARAMETERS])
BY_NAME_POP = {name: p.population for name, p in BY_NAME.items()}
FREE_BOUNDS: list[tuple[float, float]] = [(p.to_free(p.bounds[0]), p.to_free(p.bounds[1]))
                                          for p in PARAMETERS]

Curve = Callable[[float, float, float], tuple[np.ndarray, np.ndarray, np.ndarray]]
"""(time_scale, delay_h, wear_off_fraction) → (effect at each check-in, rebound window
starts, ends), the windows in the check-ins' time unit (hours) and without the lag."""


@dataclass(frozen=True)
class Checkins:
    """Check-ins as arrays: time (h, any origin), local clock hour, local day, and per scale
    the values (NaN: unanswered) and the sign of 'worse' (+1 higher is worse, −1 lower)."""

    t_h: np.ndarray
    clock_h: np.ndarray
    day: np.ndarray
    values: Mapping[str, np.ndarray]
    signs: Mapping[str, float]


def soft_window(t_h: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                lag_h: float) -> np.ndarray:
    """0..1 weight of being inside a (sorted, disjoint) window moved by ``lag_h``, with
    logistic edges of width EDGE_H."""
    if starts.size == 0:
        return np.zeros(t_h.shape)
    a, b = starts + lag_h, ends + lag_h
    j = np.clip(np.searchsorted(a, t_h) - 1, 0, a.size - 1)
    out = np.zeros(t_h.shape)
    for k in (j, np.minimum(j + 1, a.size - 1)):
        # logistic(x) = (1 + tanh(x/2)) / 2: no overflow far from an edge
        w = (0.25 * (1.0 + np.tanh((t_h - a[k]) / (2 * EDGE_H)))
             * (1.0 + np.tanh((b[k] - t_h) / (2 * EDGE_H))))
        np.maximum(out, w, out=out)
    return out


@dataclass
class _Scale:
    """One scale's check-ins in a subset, day means and clock removed up front."""

    rows: np.ndarray
    index: np.ndarray
    counts: np.ndarray
    clock: np.ndarray
    project: np.ndarray
    y: np.ndarray
    sign: float
    dof: float

    def perp(self, column: np.ndarray) -> np.ndarray:
        """``column`` at this scale's rows with day means and the clock curve removed."""
        c = column[self.rows]
        c = c - (np.bincount(self.index, weights=c, minlength=self.counts.size)
                 / self.counts)[self.index]
        return c - self.project @ (self.clock.T @ c) if self.clock.size else c


def _scales(data: Checkins, keep: np.ndarray) -> list[_Scale]:
    out = []
    for name, values in data.values.items():
        rows = np.flatnonzero(keep & ~np.isnan(values))
        if rows.size < 10:
            continue
        index, days = day_index(data.day[rows])
        counts = np.maximum(np.bincount(index, minlength=days), 1).astype(float)
        clock = within_day(clock_basis(data.clock_h[rows], CLOCK_KNOTS_H)[:, 1:], index, days)
        clock = clock[:, np.einsum("ij,ij->j", clock, clock) > 1e-9 * rows.size]
        gram = clock.T @ clock
        # project = clock · (clockᵀclock)⁻¹, so perp(c) = c − project · (clockᵀ c)
        project = np.linalg.solve(gram + ridge(gram), clock.T).T if clock.size else clock
        y = within_day(values[rows][:, None], index, days)[:, 0]
        y = y - project @ (clock.T @ y) if clock.size else y
        dof = max(rows.size - days - clock.shape[1] - 2, 1)
        out.append(_Scale(rows, index, counts, clock, project, y, data.signs[name], dof))
    return out


def _quadratics(scales: list[_Scale], effect: np.ndarray, window: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per scale, RSS(r) = a + b·r + c·r² for the shared rebound size r, the benefit
    profiled out; and the degrees of freedom."""
    a, b, c, dof = (np.zeros(len(scales)) for _ in range(4))
    for k, s in enumerate(scales):
        e, w = s.perp(effect), s.sign * s.perp(window)
        ee = max(float(e @ e), 1e-12)
        ey, ew = float(e @ s.y), float(e @ w)
        a[k] = float(s.y @ s.y) - ey * ey / ee
        b[k] = -2.0 * (float(w @ s.y) - ey * ew / ee)
        c[k] = float(w @ w) - ew * ew / ee
        dof[k] = s.dof
    return a, b, c, dof


def _nll_of_size(r: np.ndarray | float, quad) -> np.ndarray | float:
    a, b, c, dof = quad
    r = np.asarray(r, dtype=float)
    rss = np.maximum(a + np.multiply.outer(r, b) + np.multiply.outer(r * r, c), 1e-12)
    return np.sum(dof / 2.0 * np.log(rss), axis=-1)


class Objective:
    """The negative log posterior of the free coordinates over the check-ins in ``keep``.
    The simulation is asked for once per (time-scale, delay) and cached; the threshold only
    moves the wear-off window, which this likelihood does not contain, so its posterior is
    its prior (the threshold passed to ``curve`` is its population value)."""

    def __init__(self, data: Checkins, curve: Curve, keep: np.ndarray,
                 cache: dict | None = None) -> None:
        self.data = data
        self._curve = curve
        self._scales = _scales(data, keep)
        self._cache: dict[tuple[float, float], tuple] = {} if cache is None else cache
        self.evaluations = 0

    def simulated(self, log_scale: float, delay: float) -> tuple:
        key = (float(log_scale), float(delay))
        hit = self._cache.get(key)
        if hit is None:
            self.evaluations += 1
            hit = self._curve(float(np.exp(log_scale)), float(delay),
                              BY_NAME_POP["wear_off_fraction"])
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def columns(self, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(effect, window weight) at every check-in for the free coordinates."""
        effect, starts, ends = self.simulated(free[0], free[1])
        return effect, soft_window(self.data.t_h, starts, ends,
                                   float(free[INDEX["rebound_lag_h"]]))

    def quadratics(self, free: np.ndarray):
        return _quadratics(self._scales, *self.columns(free))

    def __call__(self, free: np.ndarray) -> float:
        free = np.asarray(free, dtype=float)
        nll = float(_nll_of_size(free[INDEX["rebound_size"]], self.quadratics(free)))
        prior = 0.5 * float(np.sum(((free - PRIOR_MEAN) / PRIOR_SD) ** 2))
        return nll + prior

    def best_size(self, free: np.ndarray) -> tuple[float, float]:
        """The rebound size minimising the objective with the other coordinates fixed, and
        the objective there (a 1-D problem in closed-form quadratics: a dense scan and one
        refinement)."""
        quad = self.quadratics(free)
        i = INDEX["rebound_size"]
        lo, hi = FREE_BOUNDS[i]
        base = free.copy()
        base[i] = PRIOR_MEAN[i]
        rest = 0.5 * float(np.sum(((base - PRIOR_MEAN) / PRIOR_SD) ** 2))
        grid = np.linspace(lo, hi, 401)
        values = _nll_of_size(grid, quad) + 0.5 * ((grid - PRIOR_MEAN[i]) / PRIOR_SD[i]) ** 2
        k = int(np.argmin(values))
        fine = np.linspace(grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)], 201)
        values = _nll_of_size(fine, quad) + 0.5 * ((fine - PRIOR_MEAN[i]) / PRIOR_SD[i]) ** 2
        k = int(np.argmin(values))
        return float(fine[k]), float(values[k]) + rest


@dataclass(frozen=True)
class MapFit:
    """The MAP in free coordinates, its Laplace covariance, and the objective at the MAP."""

    free: np.ndarray
    covariance: np.ndarray
    value: float
    evaluations: int

    def values(self) -> dict[str, float]:
        return {p.name: p.from_free(float(self.free[i])) for i, p in enumerate(PARAMETERS)}

    def interval(self, z: float = 1.959964) -> dict[str, tuple[float, float]]:
        sd = np.sqrt(np.diag(self.covariance))
        out = {}
        for i, p in enumerate(PARAMETERS):
            a = p.from_free(float(self.free[i] - z * sd[i]))
            b = p.from_free(float(self.free[i] + z * sd[i]))
            out[p.name] = (min(a, b), max(a, b))
        return out


def laplace_covariance(objective: Objective, free: np.ndarray) -> np.ndarray:
    """Inverse curvature at the MAP (the prior's curvature is part of it), measured at the
    posterior's width rather than the grid's (``stats.laplace.adaptive_hessian``): after a
    first Hessian with steps FD_STEP, each step is re-set to the SD it implied, between
    FD_STEP and the parameter's prior SD, and the curvature measured again. The 5-minute
    grid makes the objective rough at FD_STEP's scale, which the first Hessian reads as
    information (docs/calibration.md, "How honest the intervals are"). A direction
    flatter than the flattest prior (rounding, a MAP on a bound) is given that prior's
    curvature, so the matrix is always a covariance. The threshold's direction is its
    prior's alone (the check-ins do not inform it; its step stays FD_STEP), so draws from
    this matrix carry the spread of an unknown threshold into the wear-off start and the
    band (docs/calibration.md)."""
    floor = float(np.min(1.0 / PRIOR_SD ** 2))
    largest = np.where(np.arange(PRIOR_SD.size) == INDEX["wear_off_fraction"], FD_STEP,
                       np.maximum(PRIOR_SD, FD_STEP))
    h = adaptive_hessian(objective, free, FD_STEP, largest, FREE_BOUNDS, floor)
    return covariance(h, floor)


def _profile(objective: Objective, x: np.ndarray, lag: list[float]) -> tuple[float, np.ndarray]:
    """min over rebound size and lag at time-scale/delay ``x`` (lag searched on a grid
    around the last best, which ``lag`` carries between calls)."""
    best_value, best_free = math.inf, PRIOR_MEAN.copy()
    i_lag, i_size = INDEX["rebound_lag_h"], INDEX["rebound_size"]
    lo, hi = FREE_BOUNDS[i_lag]
    for candidate in np.unique(np.clip(lag[0] + LAG_STEPS_H, lo, hi)):
        free = PRIOR_MEAN.copy()
        free[0], free[1], free[i_lag] = x[0], x[1], candidate
        size, value = objective.best_size(free)
        if value < best_value:
            free[i_size] = size
            best_value, best_free = value, free
    lag[0] = float(best_free[i_lag])
    return best_value, best_free


LAG_STEPS_H = np.array([-1.0, -0.5, -0.25, -0.1, 0.0, 0.1, 0.25, 0.5, 1.0])
START_SCALES = np.log([0.8, 1.0, 1.25])
START_DELAYS_H = np.array([-1.0, 0.0, 1.0])


def fit_map(objective: Objective, start: np.ndarray | None = None,
            with_covariance: bool = True) -> MapFit:
    """The MAP of ``objective`` and its Laplace covariance: Nelder–Mead over time-scale and
    delay (from the best of a small grid, or from ``start``), the rebound size and lag
    profiled out at each step; the threshold stays at its prior (see Objective). With
    ``with_covariance=False`` the covariance is not measured (all NaN): for a fit whose
    MAP alone is used, as the held-out scoring's."""
    lag = [0.0 if start is None else float(start[INDEX["rebound_lag_h"]])]
    if start is None:
        points = [np.array([a, b]) for a in START_SCALES for b in START_DELAYS_H]
        x0 = min(points, key=lambda x: _profile(objective, x, [0.0])[0])
    else:
        x0 = np.asarray(start[:2], dtype=float)
    simplex = x0 + np.array([[0.0, 0.0], [0.08, 0.0], [0.0, 0.4]])
    found = minimize(lambda x: _profile(objective, x, lag)[0], simplex, FREE_BOUNDS[:2],
                     xatol=0.005, fatol=0.01, maxfev=120)
    _value, free = _profile(objective, np.asarray(found.x), lag)
    # A last pass on the lag alone, finer than the grid.
    fine = minimize(lambda v: objective(np.r_[free[:4], v]),
                    np.array([[free[4]], [free[4] + 0.1]]), [FREE_BOUNDS[4]], xatol=0.01,
                    fatol=1e-4, maxfev=40)
    free[4] = float(fine.x[0])
    free[INDEX["rebound_size"]] = objective.best_size(free)[0]
    cov = (laplace_covariance(objective, free) if with_covariance
           else np.full((free.size, free.size), np.nan))
    return MapFit(free, cov, float(objective(free)), objective.evaluations)


def held_out_error(objective: Objective, train: np.ndarray, test: np.ndarray,
                   free: np.ndarray) -> tuple[float, int]:
    """Root mean square error (scale points) of the ``test`` check-ins predicted by the
    model with timing ``free`` and linear terms fitted on ``train`` (clock, benefit);
    each held-out day keeps its own level (within-day errors). Returns (RMSE, count)."""
    data = objective.data
    effect, window = objective.columns(free)
    size = float(free[INDEX["rebound_size"]])
    squares, count = 0.0, 0
    for name, values in data.values.items():
        answered = ~np.isnan(values)
        tr, te = np.flatnonzero(train & answered), np.flatnonzero(test & answered)
        if tr.size < 10 or te.size < 2:
            continue
        x_tr, y_tr = _design(data, tr, effect, values - size * data.signs[name] * window)
        index, days = day_index(data.day[tr])
        x_dm = within_day(x_tr, index, days)
        y_dm = within_day(y_tr[:, None], index, days)[:, 0]
        coef = np.linalg.lstsq(x_dm, y_dm, rcond=None)[0]
        x_te, y_te = _design(data, te, effect, values - size * data.signs[name] * window)
        residual = y_te - x_te @ coef
        index, days = day_index(data.day[te])
        residual = within_day(residual[:, None], index, days)[:, 0]
        squares += float(residual @ residual)
        count += te.size
    return (float(np.sqrt(squares / count)) if count else float("nan")), count


def typical_curve(objective: Objective, free: np.ndarray, scale: str, clock_h: np.ndarray,
                  effect: np.ndarray, window: np.ndarray) -> np.ndarray:
    """What the model with timing ``free`` expects of ``scale`` (points) at clock hours
    ``clock_h`` with predicted ``effect`` and rebound ``window`` weight there, on an average
    day of the period (clock curve and benefit fitted to every check-in of the scale)."""
    data = objective.data
    values = data.values[scale]
    rows = np.flatnonzero(~np.isnan(values))
    sign = data.signs[scale]
    own_effect, own_window = objective.columns(free)
    size = float(free[INDEX["rebound_size"]])
    x, y = _design(data, rows, own_effect, values - size * sign * own_window)
    index, days = day_index(data.day[rows])
    coef = np.linalg.lstsq(within_day(x, index, days),
                           within_day(y[:, None], index, days)[:, 0], rcond=None)[0]
    level = float(np.mean(y - x @ coef))
    grid = np.column_stack([clock_basis(np.asarray(clock_h), CLOCK_KNOTS_H)[:, 1:], effect])
    return level + grid @ coef + size * sign * np.asarray(window)


def _design(data: Checkins, rows: np.ndarray, effect: np.ndarray,
            target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.column_stack([clock_basis(data.clock_h[rows], CLOCK_KNOTS_H)[:, 1:], effect[rows]])
    return x, target[rows]


