"""The exact exponential-sum solutions against a numerical ODE solver (scipy solve_ivp)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from rebound_tracker.pk.blocks import (
    Disposition,
    bateman,
    bateman_tmax,
    concentration,
    first_order_input,
    prodrug_input,
    zero_order_input,
)
from rebound_tracker.pk.series import ExpSeries

TIMES = np.arange(0.0, 30.0, 1.0 / 60.0)
DISP = Disposition(cl_l_per_h=15.9, v_l=252.0)


def _solve(rhs, n_states, t_start=0.0, y0=None):
    sol = solve_ivp(rhs, (t_start, TIMES[-1]), y0 if y0 is not None else np.zeros(n_states),
                    t_eval=TIMES[t_start <= TIMES], rtol=1e-10, atol=1e-12, method="LSODA")
    out = np.zeros((n_states, TIMES.size))
    out[:, t_start <= TIMES] = sol.y
    return out


def _evaluate(series: ExpSeries) -> np.ndarray:
    return series.evaluate(TIMES[0], TIMES[1] - TIMES[0], TIMES.size)


@pytest.mark.parametrize("ka", [1.0, 0.3, DISP.ke_per_h, DISP.ke_per_h * (1 + 1e-8)])
def test_first_order_block_matches_ode(ka):
    dose, lag = 10.0, 0.37  # lag between grid points: placed exactly
    ke, v = DISP.ke_per_h, DISP.v_l
    exact = _evaluate(concentration(first_order_input(np.array([0.0 + lag]),
                                                       np.array([dose]), ka), DISP))
    ode = _solve(lambda t, y: [-ka * y[0], ka * y[0] - ke * y[1]], 2, t_start=lag,
                 y0=[dose, 0.0])
    np.testing.assert_allclose(exact, 1000 * ode[1] / v, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(exact, bateman(TIMES, dose, ka, ke, v, lag), rtol=1e-5, atol=1e-9)


def test_bateman_tmax_formula():
    ka, ke = 2.0, math.log(2) / 3.0
    t = np.arange(0, 24, 1e-4)
    assert t[np.argmax(bateman(t, 1.0, ka, ke, 100.0, 0.25))] == pytest.approx(
        bateman_tmax(ka, ke, 0.25), abs=1e-3)
    assert bateman_tmax(ke, ke) == pytest.approx(1 / ke)


def test_prodrug_chain_matches_ode():
    ka, kc, ke, amount = 1.55, 1.0, DISP.ke_per_h, 14.85
    exact = _evaluate(concentration(prodrug_input(np.array([0.0]), np.array([amount]), ka, kc),
                                    DISP))

    def rhs(t, y):
        depot, pro, active = y
        return [-ka * depot, ka * depot - kc * pro, kc * pro - ke * active]

    ode = _solve(rhs, 3, y0=[amount, 0.0, 0.0])
    np.testing.assert_allclose(exact, 1000 * ode[2] / DISP.v_l, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("ka", [None, 0.8])
def test_zero_order_block_matches_ode(ka):
    amount, start, duration, ke = 12.0, 0.55, 7.3, DISP.ke_per_h
    exact = _evaluate(concentration(zero_order_input(np.array([start]), np.array([amount]),
                                                     duration, ka), DISP))
    rate = amount / duration

    def rhs(t, y):
        release = rate if start <= t < start + duration else 0.0
        if ka is None:
            return [0.0, release - ke * y[1]]
        return [release - ka * y[0], ka * y[0] - ke * y[1]]

    sol = solve_ivp(rhs, (0, TIMES[-1]), [0.0, 0.0], t_eval=TIMES, rtol=1e-10, atol=1e-12,
                    max_step=0.01)
    np.testing.assert_allclose(exact, 1000 * sol.y[1] / DISP.v_l, rtol=1e-4, atol=1e-6)


def test_effect_site_and_tolerance_filters_match_ode():
    ka, ke0, kt, dose = 2.0, 1.0, 0.6, 10.0
    ke, v = DISP.ke_per_h, DISP.v_l
    cp = concentration(first_order_input(np.array([0.0]), np.array([dose]), ka), DISP)
    ce_series = cp.through_first_order(ke0, gain=ke0)
    ce = _evaluate(ce_series)
    tol = _evaluate(ce_series.through_first_order(kt, gain=kt))

    def rhs(t, y):
        depot, central, effect_site, tolerance = y
        conc = 1000 * central / v
        return [-ka * depot, ka * depot - ke * central, ke0 * (conc - effect_site),
                kt * (effect_site - tolerance)]

    ode = _solve(rhs, 4, y0=[dose, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(ce, ode[2], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tol, ode[3], rtol=1e-5, atol=1e-7)


def test_long_grid_recurrence_is_stable():
    # Many blocks of the recurrence; a dose long before the grid and one late in it.
    grid_t0, dt, n = 0.0, 1.0 / 60.0, 24 * 60 * 40
    series = concentration(first_order_input(np.array([-5.0, 900.123]),
                                             np.array([10.0, 10.0]), 20.0), DISP)
    values = series.evaluate(grid_t0, dt, n)
    t = grid_t0 + dt * np.arange(n)
    direct = (bateman(t + 5.0, 10.0, 20.0, DISP.ke_per_h, DISP.v_l)
              + bateman(t, 10.0, 20.0, DISP.ke_per_h, DISP.v_l, lag_h=900.123))
    np.testing.assert_allclose(values, direct, rtol=1e-8, atol=1e-12)
