"""Per-day metrics against curves whose answers are known in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.metrics import (
    DayMetrics,
    day_metrics,
    max_fall_rate,
    metrics_by_day,
    roughness,
    time_above,
)
from rebound_tracker.pk.model import DoseEvent, simulate

DT = 1e-3
T = np.arange(0.0, 10.0 + DT / 2, DT)


def test_roughness_of_a_pure_exponential():
    # C = e^{-kt}: C'' = k² e^{-kt}, ∫0^T k⁴ e^{-2kt} dt = k³ (1 - e^{-2kT}) / 2, Cmax = 1.
    k = 0.8
    c = np.exp(-k * T)
    expected = k**3 * (1 - math.exp(-2 * k * T[-1])) / 2
    assert roughness(T, c) == pytest.approx(expected, rel=1e-3)


def test_roughness_is_scale_free_and_zero_for_a_line():
    c = np.exp(-0.5 * T)
    assert roughness(T, 7.0 * c) == pytest.approx(roughness(T, c), rel=1e-12)
    assert roughness(T, 3.0 - 0.1 * T) == pytest.approx(0.0, abs=1e-9)
    assert roughness(T, np.zeros_like(T)) == 0.0


def test_time_above_a_level_of_an_exponential():
    k = 0.5
    c = 4.0 * np.exp(-k * T)
    assert time_above(T, c, 2.0) == pytest.approx(math.log(2) / k, abs=1e-6)
    assert time_above(T, c, 5.0) == 0.0


def test_max_fall_rate_of_an_exponential_and_a_rising_line():
    k = 0.5
    assert max_fall_rate(T, 4.0 * np.exp(-k * T)) == pytest.approx(4.0 * k, rel=1e-3)
    assert max_fall_rate(T, T) == 0.0


def test_day_metrics_band():
    # A triangle 0 -> 10 -> 0 over 10 h: above 8 for 2 h, between 2 and 8 for 6 h.
    c = np.interp(T, [0, 5, 10], [0, 10, 0])
    m = day_metrics(T, c, c / 10, band=(2.0, 8.0))
    assert isinstance(m, DayMetrics)
    assert m.time_above_band_h == pytest.approx(2.0, abs=1e-6)
    assert m.time_in_band_h == pytest.approx(6.0, abs=1e-6)
    assert m.max_fall_rate_per_h == pytest.approx(2.0, rel=1e-6)
    assert m.max_effect_fall_per_h == pytest.approx(0.2, rel=1e-6)
    with pytest.raises(ValueError):
        day_metrics(T, c, c, band=(5.0, 1.0))


def test_ir_three_times_a_day_is_rougher_than_one_long_acting_dose():
    lib = load_library()
    grid = np.arange(0.0, 24.0, 1 / 60)
    tid = simulate(lib, [DoseEvent("methylphenidate-ir", 10, h) for h in (8, 12, 16)],
                   grid).analytes[0]
    once = simulate(lib, [DoseEvent("concerta", 36, 8)], grid).analytes[0]
    a = day_metrics(grid, tid.concentration, tid.effect, band=(4.0, 8.0))
    b = day_metrics(grid, once.concentration, once.effect, band=(4.0, 8.0))
    assert a.roughness > 2 * b.roughness
    assert a.max_effect_fall_per_h > b.max_effect_fall_per_h


def test_metrics_by_day_splits_at_the_day_start():
    grid = np.arange(0.0, 72.0, 0.1)
    c = np.sin(grid * 2 * math.pi / 24) + 1
    days = metrics_by_day(grid, c, c / 2, band=(0.5, 1.5), day_start_h=-6.0)
    assert [start for start, _ in days] == [-6.0, 18.0, 42.0, 66.0]
    middle = days[1][1]
    assert middle.time_above_band_h == pytest.approx(8.0, abs=0.05)  # sin > 0.5: 8 h of 24
