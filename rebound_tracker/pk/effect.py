"""From plasma concentration to a 0..1 effect index.

Structure (pk reference, "From concentration to effect"): an effect site that lags plasma,
dCe/dt = ke0·(Cp − Ce); an acute-tolerance state that follows the effect site,
dT/dt = kt·(Ce − T), raising the half-effect concentration to EC50 + α·T; and
E = Emax·Ce^n/((EC50 + α·T)^n + Ce^n) with Emax = 1 (normalised per drug family) and
a Hill coefficient n (1 unless the family sets one).

Ce and T are linear filters of Cp, so both stay exact sums of exponentials; only the final
Emax step is pointwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rebound_tracker.domain.medication import DrugFamily
from rebound_tracker.pk.series import ExpSeries

EFFECT_EMAX = 1.0
"""Maximum of the effect index: the effect is reported as a fraction of the family's
maximum, so it is comparable across doses of one family, not across families."""


@dataclass(frozen=True)
class EffectCurves:
    """Plasma concentration (the analyte's unit) and the 0..1 effect index, on the grid."""

    plasma: np.ndarray
    effect: np.ndarray


def effect_curves(cp: ExpSeries, family: DrugFamily, ec50: float,
                  t0: float, dt: float, n: int) -> EffectCurves:
    """Plasma concentration and effect index on the grid t0 + dt·i from the plasma series
    ``cp`` (ec50 in cp units).

    Plasma, effect site and tolerance are evaluated together chunk by chunk (one pass per
    distinct rate, ``grid_eval.evaluate_chain``); the effect site and tolerance curves are
    used within each chunk and never stored on the whole grid.
    """
    ke0 = family.ke0_per_h.value
    gain = family.tolerance_gain.value
    hill = family.hill.value if family.hill is not None else 1.0
    filters = [(ke0, ke0)]
    if gain > 0:
        kt = family.tolerance_rate_per_h.value
        filters.append((kt, kt))

    def post(curves: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        for c in curves:
            np.maximum(c, 0.0, out=c)  # clears rounding below zero
        tol = curves[2] if gain > 0 else None
        return curves[0], effect_index(curves[1], tol, ec50, gain, hill)

    plasma, effect = cp.evaluate_chain(filters, t0, dt, n, post)
    return EffectCurves(plasma, effect)


def effect_index(ce: np.ndarray, tol: np.ndarray | None, ec50: float, gain: float,
                 hill: float) -> np.ndarray:
    """E = Emax·x/(1 + x), x = (Ce/(EC50 + gain·T))^hill, for effect-site concentration
    ``ce`` and tolerance state ``tol`` (unit of EC50). An integer Hill coefficient uses
    multiplications, much cheaper than a general power."""
    denom = tol * gain if tol is not None and gain > 0 else np.zeros_like(ce)
    denom += ec50
    x = np.divide(ce, denom, out=denom)
    if float(hill).is_integer() and 1 <= hill <= 4:
        base = x.copy() if hill > 1 else x
        for _ in range(int(hill) - 1):
            x *= base
    else:
        np.power(x, hill, out=x)
    effect: np.ndarray = x + 1.0
    np.divide(x, effect, out=effect)
    if EFFECT_EMAX != 1.0:
        effect *= EFFECT_EMAX
    return effect
