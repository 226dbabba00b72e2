"""Evaluating sums of exponentials on a uniform grid in time linear in the grid.

A series Σ a_j·e^{−λ_j(t − s_j)}·H(t − s_j) is split into groups of equal rate λ. On the grid
t_i = t0 + i·dt one group is x_i = e^{−d}·x_{i−1} + u_i (d = λ·dt), where u is non-zero only
at the first grid point at or after each start (its weight a·e^{−λ·offset} carries the exact
offset, so doses between grid points are placed exactly). Between two such points x decays
geometrically, so a group costs:

* one pass over its *events* (a few per dose) to get the state just after each event, and
* one pass over the grid that fills each stretch from its state: x_i = S·e^{−d(i−p)},
  written as a piecewise constant (np.repeat) times e^{−d(i − block start)} repeated per
  block of B points, with B small enough that no factor leaves the floating-point range.

Nothing costs doses × grid. :func:`evaluate_chain` also evaluates a series together with
its images through first-order filters (effect site, tolerance) from the same groups: a
filter rescales every existing group by gain/(k − λ) and adds one group at its own rate, so
plasma, effect site and tolerance share one grid pass per distinct rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

CHUNK_EXPONENT = 500.0
"""Largest exponent d·(i − reference) used inside one chunk or block (e^500 ≈ 1e217)."""

UNDERFLOW_EXPONENT = 745.0
"""e^−745 is below the smallest double: older contributions are exactly 0 beyond this."""

RATE_SEPARATION = 1e-6
"""Relative closeness below which a filter rate is treated as coinciding with a series rate
(e.g. ka ≈ ke); the filter rate is then raised by 2·RATE_SEPARATION (relative), which
changes the result by about that relative amount and avoids the 0/0 of the exact
coincident-rate form."""


def separated(k: float, rates: np.ndarray) -> float:
    """k, nudged upward until no rate in ``rates`` lies within RATE_SEPARATION of it."""
    for _ in range(8):
        if not np.any(np.abs(rates - k) <= RATE_SEPARATION * k):
            return k
        k *= 1.0 + 2.0 * RATE_SEPARATION
    return k


def _event_states(pos: np.ndarray, u: np.ndarray, decay: float) -> np.ndarray:
    """S_k = Σ_{j≤k} u_j·e^{−decay(pos_k − pos_j)} for increasing distinct ``pos``."""
    if decay == 0.0:
        return np.cumsum(u)
    if pos.size > 1 and decay * float(np.min(np.diff(pos))) >= UNDERFLOW_EXPONENT:
        return u.copy()
    x = decay * (pos - pos[0]).astype(float)
    chunk = np.floor(x / CHUNK_EXPONENT)
    bounds = np.flatnonzero(np.diff(chunk)) + 1
    states = np.empty_like(u)
    carry, carry_x = 0.0, 0.0
    for a, b in zip([0, *bounds], [*bounds, pos.size], strict=True):
        ref = chunk[a] * CHUNK_EXPONENT
        local = np.cumsum(u[a:b] * np.exp(x[a:b] - ref))
        local += carry * math.exp(min(0.0, carry_x - ref))
        states[a:b] = local * np.exp(ref - x[a:b])
        carry, carry_x = float(states[b - 1]), float(x[b - 1])
    return states


def _pieces(pos: np.ndarray, u: np.ndarray, decay: float, n: int,
            block: int) -> tuple[np.ndarray, np.ndarray]:
    """Piecewise form of x_i = e^{−decay}·x_{i−1} + (u_k at i = pos_k): breaks (every event
    and every multiple of ``block``, from 0) and values V with
    x_i = V_j·e^{−decay·(i − block start of i)} on [breaks_j, breaks_j+1)."""
    states = _event_states(pos, u, decay)
    breaks = np.union1d(pos, np.arange(0, n, block))
    last = np.searchsorted(pos, breaks, side="right") - 1
    before_first = last < 0
    last = np.maximum(last, 0)
    values = np.where(before_first, 0.0, states[last])
    if decay > 0.0:
        # Breaks before the first event hold 0; keep their exponent at 0 so exp cannot
        # overflow there.
        gap = np.where(before_first, 0, (breaks // block) * block - pos[last])
        values = values * np.exp(-decay * gap)
    return breaks, values


def _block_for(decay: float, n: int) -> int:
    return n if decay == 0.0 else int(max(1, min(n, CHUNK_EXPONENT // decay)))


def decay_fill(pos: np.ndarray, u: np.ndarray, decay: float, n: int) -> np.ndarray:
    """x on grid points 0..n−1 with x_i = e^{−decay}·x_{i−1} + (u_k at i = pos_k, else 0).

    ``pos`` must be increasing and distinct, within 0..n−1.
    """
    if pos.size == 0:
        return np.zeros(n)
    block = _block_for(decay, n)
    breaks, values = _pieces(pos, u, decay, n, block)
    out = np.repeat(values, np.diff(np.append(breaks, n)))
    if decay > 0.0 and block > 1:
        within = np.exp(-decay * np.arange(block))
        full = n // block
        out[:full * block].reshape(full, block)[...] *= within
        out[full * block:] *= within[:n - full * block]
    return out


CHUNK_POINTS = 1 << 15
"""Grid points per chunk when combining groups: small enough that a chunk of every group
stays in the CPU cache, large enough that the per-chunk Python overhead is negligible."""

MIN_CHUNK_POINTS = 1024
"""Groups decaying so fast that a chunk would have to be shorter than this are filled on
the whole grid on their own instead (rates of ~30/h and more on a 1-minute grid)."""

Post = Callable[[list[np.ndarray]], Sequence[np.ndarray]]


class _Groups:
    """Terms grouped by rate, placed on the grid (first index and exact offset)."""

    def __init__(self, t0: float, dt: float, n: int) -> None:
        self.t0, self.dt, self.n = t0, dt, n
        self.rates: list[float] = []
        self.starts: list[np.ndarray] = []
        self.amps: list[np.ndarray] = []

    def add(self, rate: float, starts: np.ndarray, amps: np.ndarray) -> int:
        self.rates.append(float(rate))
        self.starts.append(starts)
        self.amps.append(amps)
        return len(self.rates) - 1

    def events(self, g: int) -> tuple[np.ndarray, np.ndarray, float]:
        """(grid indices, summed weights, decay per step) of the group's terms."""
        rate, starts, amps = self.rates[g], self.starts[g], self.amps[g]
        idx = np.ceil((starts - self.t0) / self.dt - 1e-9).astype(np.int64)
        idx = np.maximum(idx, 0)
        offset = np.maximum(self.t0 + self.dt * idx - starts, 0.0)
        weights = amps * np.exp(-rate * offset) if rate > 0.0 else amps
        pos, inverse = np.unique(idx, return_inverse=True)
        u = np.bincount(inverse, weights=weights, minlength=pos.size)
        return pos, u, rate * self.dt


def evaluate_chain(starts: np.ndarray, amps: np.ndarray, rates: np.ndarray,
                   filters: Sequence[tuple[float, float]], t0: float, dt: float,
                   n: int, post: Post | None = None) -> list[np.ndarray]:
    """The series (starts, amps, rates) and its successive images through first-order
    filters dy/dt = gain·f − k·y (``filters`` = [(k, gain), ...], each applied to the
    previous output), all on the grid t0 + dt·i, i < n: len(filters) + 1 arrays.

    With ``post``, the grid is processed in chunks and each chunk's list of curves goes
    through ``post``, which returns the arrays to keep (e.g. plasma and an effect index),
    so intermediate curves never exist on the whole grid.
    """
    groups = _Groups(t0, dt, n)
    grid_end = t0 + dt * (n - 1)
    keep = starts <= grid_end + 1e-12 * max(1.0, abs(grid_end))
    starts, amps, rates = starts[keep], amps[keep], rates[keep]
    coords: dict[int, float] = {}
    for rate in np.unique(rates):
        sel = rates == rate
        coords[groups.add(rate, starts[sel], amps[sel])] = 1.0
    outputs = [dict(coords)]
    for k, gain in filters:
        if k <= 0:
            raise ValueError("first-order rate must be positive")
        k = separated(k, np.array(groups.rates))
        factors = {g: gain * c / (k - groups.rates[g]) for g, c in coords.items()}
        new_starts = [groups.starts[g] for g in factors]
        new_amps = [-f * groups.amps[g] for g, f in factors.items()]
        coords = dict(factors)
        if new_starts:
            coords[groups.add(k, np.concatenate(new_starts), np.concatenate(new_amps))] = 1.0
        outputs.append(dict(coords))
    return _combine(groups, outputs, n, post or list)


def _combine(groups: _Groups, outputs: list[dict[int, float]], n: int,
             post: Post) -> list[np.ndarray]:
    used = sorted({g for coords in outputs for g in coords})
    weights = np.array([[coords.get(g, 0.0) for g in used] for coords in outputs])
    events = [groups.events(g) for g in used]
    slow = [d * MIN_CHUNK_POINTS <= CHUNK_EXPONENT for _, _, d in events]
    chunk = min([CHUNK_POINTS, n] + [_block_for(d, n) for (_, _, d), s in zip(events, slow,
                                                                                strict=True)
                                      if s])
    # Per group: None (no doses), a filled curve, or (values, lengths, chunk starts, decay).
    parts: list[np.ndarray | tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None] = []
    for (pos, u, decay), is_slow in zip(events, slow, strict=True):
        if pos.size == 0:
            parts.append(None)
        elif is_slow:
            breaks, values = _pieces(pos, u, decay, n, chunk)
            lengths = np.diff(np.append(breaks, n))
            at = np.searchsorted(breaks, np.arange(0, n + chunk, chunk))
            parts.append((values, lengths, at, np.exp(-decay * np.arange(chunk))))
        else:
            parts.append(decay_fill(pos, u, decay, n))
    kept: list[np.ndarray] = []
    basis = np.zeros((len(used), chunk))
    for c, lo in enumerate(range(0, n, chunk)):
        size = min(chunk, n - lo)
        for row, part in enumerate(parts):
            if part is None:
                basis[row, :size] = 0.0
            elif isinstance(part, np.ndarray):
                basis[row, :size] = part[lo:lo + size]
            else:
                values, lengths, at, within = part
                i, j = at[c], at[c + 1]
                basis[row, :size] = np.repeat(values[i:j], lengths[i:j])
                basis[row, :size] *= within[:size]
        curves = list(weights @ basis[:, :size])
        results = post(curves)
        if not kept:
            kept = [np.empty(n) for _ in results]
        for whole, piece in zip(kept, results, strict=True):
            whole[lo:lo + size] = piece
    return kept
