"""A bounded Nelder–Mead simplex search (numpy only), for the calibration's two- and
one-dimensional MAP searches.

Why not scipy.optimize: the desktop bundles do not carry scipy (the PyInstaller bundle
excludes it, and the Flatpak would have to build it from source with Fortran and LAPACK)
for a search over two numbers. This is the textbook method with the standard coefficients
(reflection 1, expansion 2, contraction ½, shrink ½; Nelder & Mead, Comput J 1965;7:308–313)
and scipy's conventions for bounds (points are clipped into them) and for stopping (simplex
within ``xatol`` and values within ``fatol`` of the best); tests/unit/test_nelder_mead.py
checks it against scipy.optimize.minimize(method="Nelder-Mead").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

REFLECT, EXPAND, CONTRACT, SHRINK = 1.0, 2.0, 0.5, 0.5


@dataclass(frozen=True)
class Minimum:
    """Where the search stopped, the value there, and how many evaluations it took."""

    x: np.ndarray
    fun: float
    evaluations: int


def minimize(f: Callable[[np.ndarray], float], simplex: np.ndarray,
             bounds: Sequence[tuple[float, float]], *, xatol: float = 1e-4,
             fatol: float = 1e-4, maxfev: int = 200) -> Minimum:
    """Minimise ``f`` from the initial ``simplex`` (k + 1 points of k coordinates), every
    point clipped into ``bounds``."""
    lo = np.array([b[0] for b in bounds], dtype=float)
    hi = np.array([b[1] for b in bounds], dtype=float)
    points = np.clip(np.asarray(simplex, dtype=float), lo, hi)
    values = np.array([f(p) for p in points])
    count = len(points)

    def at(x: np.ndarray) -> tuple[np.ndarray, float]:
        nonlocal count
        x = np.clip(x, lo, hi)
        count += 1
        return x, float(f(x))

    while count < maxfev:
        order = np.argsort(values, kind="stable")
        points, values = points[order], values[order]
        if (np.max(np.abs(points[1:] - points[0])) <= xatol
                and np.max(np.abs(values[1:] - values[0])) <= fatol):
            break
        centre = points[:-1].mean(axis=0)
        reflected, fr = at(centre + REFLECT * (centre - points[-1]))
        if fr < values[0]:
            expanded, fe = at(centre + EXPAND * (centre - points[-1]))
            points[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            points[-1], values[-1] = reflected, fr
        else:
            outside = fr < values[-1]  # contract towards the reflected point, else inside
            target = reflected if outside else points[-1]
            contracted, fc = at(centre + CONTRACT * (target - centre))
            accepted = fc <= fr if outside else fc < values[-1]
            if accepted:
                points[-1], values[-1] = contracted, fc
            else:
                for i in range(1, len(points)):
                    points[i], values[i] = at(points[0] + SHRINK * (points[i] - points[0]))
    best = int(np.argmin(values))
    return Minimum(points[best].copy(), float(values[best]), count)
