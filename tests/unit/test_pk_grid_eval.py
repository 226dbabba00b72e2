"""The grid evaluator (linear in the grid) against direct evaluation of every term."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rebound_tracker.pk import grid_eval
from rebound_tracker.pk.grid_eval import decay_fill, evaluate_chain
from rebound_tracker.pk.series import ExpSeries


def _direct(series: ExpSeries, t: np.ndarray) -> np.ndarray:
    """Σ a·e^{−λ(t−s)}·H(t−s), term by term on the whole grid (the slow reference)."""
    out = np.zeros_like(t)
    for s, a, r in zip(series.starts, series.amps, series.rates, strict=True):
        tau = t - s
        out += np.where(tau >= 0, a * np.exp(-r * np.maximum(tau, 0.0)), 0.0)
    return out


def _random_series(rng: np.random.Generator, terms: int, span: float) -> ExpSeries:
    rates = rng.choice([0.0, 0.05, 0.231, 1.0, 2.0, 7.5], size=terms)
    starts = rng.uniform(-2.0, span, size=terms)
    amps = rng.normal(0.0, 1.0, size=terms)
    # Steps come in cancelling pairs, as zero-order release does.
    steps = rates == 0.0
    series = ExpSeries(starts, amps, rates)
    box = ExpSeries.boxes(starts[steps], amps[steps], rng.uniform(0.5, 8.0, steps.sum()))
    return ExpSeries(starts[~steps], amps[~steps], rates[~steps]) + box if steps.any() \
        else series


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from([0.01, 1 / 60, 0.25, 1.0]),
       st.integers(min_value=1, max_value=30))
def test_evaluate_matches_direct_sum(seed, dt, terms):
    rng = np.random.default_rng(seed)
    series = _random_series(rng, terms, 40.0)
    t = np.arange(-1.0, 48.0, dt)
    got = series.evaluate(t[0], dt, t.size)
    want = _direct(series, t)
    scale = max(1.0, float(np.sum(np.abs(series.amps))))
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-10 * scale)


@pytest.mark.parametrize("chunk", [64, 1000, grid_eval.CHUNK_POINTS])
def test_chain_matches_filters_applied_one_by_one(monkeypatch, chunk):
    monkeypatch.setattr(grid_eval, "CHUNK_POINTS", chunk)
    rng = np.random.default_rng(7)
    series = _random_series(rng, 25, 60.0)
    t0, dt, n = 0.0, 1 / 60, 80 * 60
    filters = [(1.0, 1.0), (0.6, 0.6), (0.231, 2.0)]
    chained = series.evaluate_chain(filters, t0, dt, n)
    one_by_one = [series]
    for k, gain in filters:
        one_by_one.append(one_by_one[-1].through_first_order(k, gain))
    for got, s in zip(chained, one_by_one, strict=True):
        want = _direct(s, t0 + dt * np.arange(n))
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-9 * np.abs(want).max())


def test_post_sees_chunks_and_keeps_only_what_it_returns(monkeypatch):
    monkeypatch.setattr(grid_eval, "CHUNK_POINTS", 500)
    series = ExpSeries.impulses(np.array([0.5, 3.25]), np.array([1.0, 2.0]), 0.5)
    sizes = []

    def post(curves):
        sizes.append(curves[0].size)
        return (curves[0] + curves[1],)

    (total,) = series.evaluate_chain([(1.0, 1.0)], 0.0, 0.01, 2345, post)
    plain = series.evaluate_chain([(1.0, 1.0)], 0.0, 0.01, 2345)
    np.testing.assert_allclose(total, plain[0] + plain[1], rtol=1e-12)
    assert max(sizes) <= 500 and sum(sizes) == 2345


def test_fast_rates_use_the_whole_grid_fallback():
    # A rate of 5000/h decays ~83 per 1-minute step: far faster than any chunk allows.
    series = ExpSeries.impulses(np.array([0.0, 0.5]), np.array([1.0, 1.0]), 5000.0) + \
        ExpSeries.impulses(np.array([0.2]), np.array([1.0]), 0.3)
    t = np.arange(0.0, 3.0, 1 / 60)
    np.testing.assert_allclose(series.evaluate(0.0, 1 / 60, t.size), _direct(series, t),
                               rtol=1e-12, atol=1e-300)


def test_decay_fill_is_the_recurrence():
    pos = np.array([0, 3, 4, 900, 10_000])
    u = np.array([1.0, -0.5, 2.0, 1e-3, 5.0])
    decay, n = 0.37, 12_000
    got = decay_fill(pos, u, decay, n)
    x, want = 0.0, np.empty(n)
    adds = dict(zip(pos.tolist(), u.tolist(), strict=True))
    for i in range(n):
        x = x * np.exp(-decay) + adds.get(i, 0.0)
        want[i] = x
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


def test_years_of_doses_cost_no_precision():
    """Five years of twice-daily doses: the last day equals the same doses evaluated on a
    one-week grid (nothing accumulates across chunks and blocks)."""
    days = 5 * 365
    starts = (24.0 * np.arange(days)[:, None] + np.array([8.1, 13.37])).ravel()
    series = ExpSeries.impulses(starts, 1.0, 2.0).through_first_order(0.231)
    dt = 1 / 60
    n = int(24 * days / dt)
    whole = series.evaluate(0.0, dt, n)
    t0 = 24.0 * (days - 7)
    week = series.evaluate(t0, dt, int(7 * 24 / dt))
    np.testing.assert_allclose(whole[-week.size:], week, rtol=1e-9, atol=1e-12)


def test_rejects_non_positive_filter_rate():
    series = ExpSeries.impulses(np.array([0.0]), np.array([1.0]), 1.0)
    with pytest.raises(ValueError):
        evaluate_chain(series.starts, series.amps, series.rates, [(0.0, 1.0)], 0.0, 0.1, 10)
