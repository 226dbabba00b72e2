"""The rebound evidence model on constructed check-ins whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from rebound_tracker.services.evidence import verdict
from rebound_tracker.stats.rebound_evidence import (
    FEW_DAYS,
    FEW_INSIDE,
    MIN_INSIDE,
    NOT_SEPARABLE,
    bootstrap_weights,
    separability,
    window_effect,
)
from rebound_tracker.stats.scale_model import ScaleSeries, clock_basis, fit_scale


def constructed(days: int = 40, rebound: float = 1.5, noise: float = 0.0, seed: int = 1,
                shift_h: float = 2.0) -> ScaleSeries:
    """Six check-ins a day; the 2-hour window starts at 18:00, or ``shift_h`` later every
    third day (the effect moves with it);
    value = day level + evening drift + 2 × effect + rebound × window."""
    rng = np.random.default_rng(seed)
    clock = np.tile([9.0, 12.0, 15.0, 18.5, 19.5, 21.5], days)
    day = np.repeat(np.arange(days), 6)
    start = np.where(day % 3 == 0, 18.0 + shift_h, 18.0)
    window = ((clock >= start) & (clock <= start + 2.0)).astype(float)
    effect = np.clip(1.0 - np.abs(clock - (start - 6.0)) / 7.0, 0.0, None) ** 2
    value = (rng.normal(0, 1, days)[day] + 0.5 * (clock - 12.0) + 2.0 * effect
             + rebound * window + rng.normal(0, noise, clock.size))
    return ScaleSeries(value, clock, day, effect, window)


def test_clock_basis_is_a_partition_of_unity():
    basis = clock_basis(np.array([3.0, 6.0, 7.0, 13.5, 23.9, 24.0]))
    assert basis.sum(axis=1) == pytest.approx(np.ones(6))
    assert basis[2, :2] == pytest.approx([0.5, 0.5])  # 07:00 is halfway from 06:00 to 08:00


def test_fit_recovers_rebound_and_benefit_exactly_without_noise():
    fit = fit_scale(constructed())
    assert fit.rebound == pytest.approx(1.5, abs=1e-4)
    assert fit.benefit == pytest.approx(2.0, abs=1e-3)
    assert fit.rss == pytest.approx(0.0, abs=1e-6)


def test_evening_drift_alone_is_not_a_rebound():
    series = constructed(rebound=0.0, noise=0.8)
    days = np.unique(series.day)
    estimate = window_effect(series, bootstrap_weights(days.size), days, separable=True)
    assert estimate.low < 0.0 < estimate.high
    assert verdict("irritability", estimate) == "no clear difference"
    # The old inside-vs-outside comparison calls the evening drift a rebound:
    naive = series.value[series.window > 0].mean() - series.value[series.window == 0].mean()
    assert naive > 0.7


def test_rebound_is_found_with_its_size_inside_the_interval():
    series = constructed(noise=0.8)
    days = np.unique(series.day)
    estimate = window_effect(series, bootstrap_weights(days.size), days, separable=True)
    assert estimate.low <= 1.5 <= estimate.high and estimate.low > 0.0
    assert estimate.inside_mean - estimate.baseline_mean == pytest.approx(estimate.effect)
    assert verdict("irritability", estimate) == "worse"  # higher irritability
    assert verdict("mood", estimate) == "better"  # higher mood
    again = window_effect(series, bootstrap_weights(days.size), days, separable=True)
    assert again == estimate  # a fixed seed: the same log gives the same interval


def test_separability_is_zero_when_the_windows_never_move():
    fixed = constructed(shift_h=0.0)
    assert separability(fixed.clock_h, fixed.window) == 0.0
    moved = constructed()
    assert separability(moved.clock_h, moved.window) > 0.15
    days = np.unique(fixed.day)
    estimate = window_effect(fixed, bootstrap_weights(days.size), days, separable=False)
    assert estimate.reason == NOT_SEPARABLE and estimate.effect is None
    assert verdict("focus", estimate) == "not enough data"


def test_minimum_counts_give_no_estimate():
    series = constructed(days=40)
    days = np.unique(series.day)
    weights = bootstrap_weights(days.size)
    inside = np.flatnonzero(series.window > 0)
    few = np.ones(len(series), dtype=bool)
    few[inside[MIN_INSIDE - 1:]] = False  # one check-in fewer inside than needed
    estimate = window_effect(series.select(few), weights, days, separable=True)
    assert (estimate.reason, estimate.n_inside) == (FEW_INSIDE, MIN_INSIDE - 1)
    short = constructed(days=12)
    estimate = window_effect(short, weights, days, separable=True)
    assert estimate.reason == FEW_DAYS and estimate.n_days == 12
