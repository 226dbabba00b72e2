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
    """Effect-site concentration, tolerance state (both in the analyte's unit) and the
    0..1 effect index, on the grid."""

    effect_site: np.ndarray
    tolerance: np.ndarray
    effect: np.ndarray


def effect_curves(cp: ExpSeries, family: DrugFamily, ec50: float,
                  t0: float, dt: float, n: int) -> EffectCurves:
    """Effect index on the grid t0 + dt·i from the plasma series ``cp`` (ec50 in cp units)."""
    ke0 = family.ke0_per_h.value
    ce_series = cp.through_first_order(ke0, gain=ke0)
    ce = np.maximum(ce_series.evaluate(t0, dt, n), 0.0)
    gain = family.tolerance_gain.value
    if gain > 0:
        kt = family.tolerance_rate_per_h.value
        tol = np.maximum(ce_series.through_first_order(kt, gain=kt).evaluate(t0, dt, n), 0.0)
    else:
        tol = np.zeros(n)
    hill = family.hill.value if family.hill is not None else 1.0
    x = (ce / (ec50 + gain * tol)) ** hill
    effect = EFFECT_EMAX * x / (1.0 + x)
    return EffectCurves(ce, tol, effect)
