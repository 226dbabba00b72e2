"""Exact sums of exponentials: the representation every curve in the model is built from.

A series is  f(t) = Σ_j a_j · exp(−λ_j (t − s_j)) · H(t − s_j),  a list of terms that start at
time s_j (hours) with amplitude a_j and decay at rate λ_j (1/h); λ = 0 is a step that stays.
Every linear block of the model (first-order absorption, zero-order release, prodrug
conversion, elimination, effect-site equilibration, tolerance) maps a series to a series
exactly, through :meth:`ExpSeries.through_first_order`. Evaluating on a uniform grid is a
first-order recurrence per distinct rate (``grid_eval``), so the cost is O(grid × rates +
terms), and doses between grid points are placed exactly (their weight uses the true time to
the next point).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rebound_tracker.pk.grid_eval import Post, evaluate_chain, separated


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
    def boxes(starts: np.ndarray, heights: np.ndarray | float,
              durations: np.ndarray | float) -> ExpSeries:
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
        k = separated(k, self.rates)
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
        """f on the uniform grid t0 + dt·i, i = 0..n−1 (dt > 0 hours); cost linear in the
        grid plus the number of terms (see ``grid_eval``)."""
        return self.evaluate_chain((), t0, dt, n)[0]

    def evaluate_chain(self, filters: Sequence[tuple[float, float]], t0: float, dt: float,
                       n: int, post: Post | None = None) -> list[np.ndarray]:
        """f and its successive images through first-order filters [(k, gain), ...] (as
        :meth:`through_first_order`), evaluated together on the grid; ``post`` as in
        ``grid_eval.evaluate_chain``."""
        if n == 0:
            empty = [np.zeros(0) for _ in range(len(filters) + 1)]
            return list(post(empty)) if post is not None else empty
        return evaluate_chain(self.starts, self.amps, self.rates, filters, t0, dt, n, post)
