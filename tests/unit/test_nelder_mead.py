"""The calibration's bounded Nelder–Mead finds what scipy.optimize's finds."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize as scipy_minimize

from rebound_tracker.stats.nelder_mead import minimize


def rosenbrock(x: np.ndarray) -> float:
    return float((1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2)


def bowl(x: np.ndarray) -> float:
    return float((x[0] - 0.3) ** 2 + 4 * (x[1] + 0.7) ** 2 + x[0] * x[1])


@pytest.mark.parametrize("f", [rosenbrock, bowl])
def test_same_minimum_as_scipy(f):
    simplex = np.array([[-1.0, 1.0], [-0.9, 1.0], [-1.0, 1.4]])
    mine = minimize(f, simplex, [(-3, 3), (-3, 3)], xatol=1e-8, fatol=1e-10, maxfev=4000)
    ref = scipy_minimize(f, simplex[0], method="Nelder-Mead",
                         options={"initial_simplex": simplex, "xatol": 1e-8,
                                  "fatol": 1e-10, "maxfev": 4000})
    assert mine.x == pytest.approx(ref.x, abs=1e-5)
    assert mine.fun == pytest.approx(ref.fun, abs=1e-9)


def test_bounds_hold_and_clipping_behaves_as_scipy():
    seen = []

    def f(x):
        seen.append(x.copy())
        return float((x[0] - 5.0) ** 2 + x[1] ** 2)

    simplex = np.array([[0.0, 1.0], [0.5, 1.0], [0.0, 1.5]])
    bounds = [(-1, 2), (-1, 2)]
    found = minimize(f, simplex, bounds, xatol=1e-6, fatol=1e-9, maxfev=500)
    assert all(-1 <= p[0] <= 2 and -1 <= p[1] <= 2 for p in seen)
    assert found.evaluations == len(seen)
    # Clipping can flatten the simplex against a bound; scipy's does the very same.
    ref = scipy_minimize(f, simplex[0], method="Nelder-Mead", bounds=bounds,
                         options={"initial_simplex": simplex, "xatol": 1e-6, "fatol": 1e-9,
                                  "maxfev": 500})
    assert found.x == pytest.approx(ref.x) and found.evaluations == ref.nfev
    assert found.x[0] == pytest.approx(2.0)


def test_one_dimension_and_the_evaluation_budget():
    found = minimize(lambda x: float((x[0] - 0.25) ** 2), np.array([[0.0], [0.1]]),
                     [(-3, 3)], xatol=1e-6, fatol=1e-12, maxfev=200)
    assert found.x[0] == pytest.approx(0.25, abs=1e-5)
    capped = minimize(rosenbrock, np.array([[-1.0, 1.0], [-0.9, 1.0], [-1.0, 1.4]]),
                      [(-3, 3), (-3, 3)], maxfev=20)
    assert capped.evaluations <= 20 + 2  # a step in progress may finish
