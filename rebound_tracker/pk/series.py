"""Exact sums of exponentials: the representation every curve in the model is built from.

A series is  f(t) = Σ_j a_j · exp(−λ_j (t − s_j)) · H(t − s_j),  a list of terms that start at
time s_j (hours) with amplitude a_j and decay at rate λ_j (1/h); λ = 0 is a step that stays.
Every linear block of the model (first-order absorption, zero-order release, prodrug
conversion, elimination, effect-site equilibration, tolerance) maps a series to a series
exactly, through :meth:`ExpSeries.through_first_order`. Evaluating on a uniform grid is a
first-order recurrence per distinct rate, so the cost is O(grid × rates + terms), and doses
between grid points are placed exactly (their weight uses the true time to the next point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE_SEPARATION = 1e-6
"""Relative closeness below which two rates are treated as coinciding (e.g. ka ≈ ke).

The filter is then applied with its rate raised by 2·RATE_SEPARATION (relative): the
result differs from the exact coincident-rate (t·e^{−kt}) form by about that relative
amount, far below any uncertainty in the parameters, while the cancellation it avoids
would cost ~1/RATE_SEPARATION in precision only (≈1e-10 relative).
"""

_MAX_EXPONENT = 600.0
"""Largest exponent used inside one block of the grid recurrence (e^600 ≈ 4e260)."""


@dataclass(frozen=True)
class ExpSeries:
    """Σ a·exp(−λ(t − s))·H(t − s). Arrays of equal length: ``starts`` (h), ``amps``,
    ``rates`` (1/h, ≥ 0)."""

    starts: np.ndarray
    amps: np.ndarray
    rates: np.ndarray

    @staticmethod
    def empty() -> ExpSeries:
        z = np.zeros(0)
        return ExpSeries(z, z, z)

    @staticmethod
    def impulses(starts: np.ndarray, amps: np.ndarray, rate: float | np.ndarray) -> ExpSeries:
        """Terms a·e^{−λ(t−s)} from each start (a bolus into a compartment emptying at λ)."""
        s = np.asarray(starts, dtype=float)
        a = np.broadcast_to(np.asarray(amps, dtype=float), s.shape).copy()
        r = np.broadcast_to(np.asarray(rate, dtype=float), s.shape).copy()
        return ExpSeries(s, a, r)

    @staticmethod
    def boxes(starts: np.ndarray, heights: np.ndarray, durations: np.ndarray) -> ExpSeries:
        """Constant ``heights`` on [s, s + duration) (a zero-order input rate)."""
        s = np.asarray(starts, dtype=float)
        h = np.broadcast_to(np.asarray(heights, dtype=float), s.shape)
        d = np.broadcast_to(np.asarray(durations, dtype=float), s.shape)
        return ExpSeries(np.concatenate([s, s + d]), np.concatenate([h, -h]),
                         np.zeros(2 * s.size))

    def __len__(self) -> int:
        return int(self.starts.size)

    def __add__(self, other: ExpSeries) -> ExpSeries:
        return ExpSeries(np.concatenate([self.starts, other.starts]),
                         np.concatenate([self.amps, other.amps]),
                         np.concatenate([self.rates, other.rates]))

    def scaled(self, factor: float) -> ExpSeries:
        return ExpSeries(self.starts, self.amps * factor, self.rates)

    def through_first_order(self, k: float, gain: float = 1.0) -> ExpSeries:
        """The output of dy/dt = gain·f(t) − k·y, y = 0 before any term starts.

        Used for every linear compartment: input f (amount or rate), output y.
        """
        if k <= 0:
            raise ValueError("first-order rate must be positive")
        if len(self) == 0:
            return ExpSeries.empty()
        k = _separated(k, self.rates)
        lam = self.rates
        step = lam == 0.0
        coef = np.where(step, gain * self.amps / k, gain * self.amps / (k - lam))
        # a·e^{−λτ} → coef·(e^{−λτ} − e^{−kτ});  a step → (a/k)·(1 − e^{−kτ}).
        return ExpSeries(np.concatenate([self.starts, self.starts]),
                         np.concatenate([coef, -coef]),
                         np.concatenate([lam, np.full(lam.size, k)]))

    def integral(self) -> float:
        """∫ f dt over all time (finite only when the steps cancel, as for real doses)."""
        decaying = self.rates > 0
        total = float(np.sum(self.amps[decaying] / self.rates[decaying]))
        step = ~decaying
        # Steps that cancel (a box) contribute height × (end − start) = −Σ a·s.
        total -= float(np.sum(self.amps[step] * self.starts[step]))
        return total

    def evaluate(self, t0: float, dt: float, n: int) -> np.ndarray:
        """f on the uniform grid t0 + dt·i, i = 0..n−1 (dt > 0 hours)."""
        out = np.zeros(n)
        if len(self) == 0 or n == 0:
            return out
        grid_end = t0 + dt * (n - 1)
        keep = self.starts <= grid_end + 1e-12 * max(1.0, abs(grid_end))
        starts, amps, rates = self.starts[keep], self.amps[keep], self.rates[keep]
        # First grid index at or after each start; the weight carries the exact offset.
        idx = np.ceil((starts - t0) / dt - 1e-9).astype(np.int64)
        idx = np.clip(idx, 0, n - 1)
        offset = np.maximum(t0 + dt * idx - starts, 0.0)
        for rate in np.unique(rates):
            sel = rates == rate
            weights = amps[sel] * np.exp(-rate * offset[sel])
            u = np.bincount(idx[sel], weights=weights, minlength=n)
            out += _decay_recurrence(u, rate * dt)
        return out


def _separated(k: float, rates: np.ndarray) -> float:
    """k, nudged upward until no existing rate lies within RATE_SEPARATION of it."""
    for _ in range(8):
        if not np.any(np.abs(rates - k) <= RATE_SEPARATION * k):
            return k
        k *= 1.0 + 2.0 * RATE_SEPARATION
    return k


def _decay_recurrence(u: np.ndarray, decay: float) -> np.ndarray:
    """x_i = e^{−decay}·x_{i−1} + u_i, computed blockwise with cumulative sums.

    Within a block of B points x = e^{−d·i}·cumsum(u·e^{d·i}); B is chosen so e^{d·B} stays
    finite. Rounding error stays relative to the summed magnitude of the contributions.
    """
    n = u.size
    if decay == 0.0:
        return np.cumsum(u)
    if decay > _MAX_EXPONENT:
        return u.copy()
    block = max(1, min(n, int(_MAX_EXPONENT // decay)))
    nblocks = -(-n // block)
    padded = np.zeros(nblocks * block)
    padded[:n] = u
    rows = padded.reshape(nblocks, block)
    i = np.arange(block)
    local = np.cumsum(rows * np.exp(decay * i), axis=1) * np.exp(-decay * i)
    if nblocks > 1:
        ends = local[:, -1]
        carry = np.empty(nblocks)
        state = 0.0
        across = np.exp(-decay * block)
        for b in range(nblocks):
            carry[b] = state
            state = state * across + ends[b]
        local += carry[:, None] * np.exp(-decay * (i + 1))[None, :]
    return local.ravel()[:n]
