"""Published population-PK models, typical values only, written out independently of the
app's exponential-sum engine (ordinary differential equations solved by scipy), so that
our curves can be compared with theirs curve by curve.

Each model's parameters come from its paper's final-model table as transcribed in
nlmixr2lib (github.com/nlmixr2/nlmixr2lib, ``inst/modeldb/specificDrugs/<name>.R``), which
records the table and row of every value; the citations are repeated here. Only typical
values are used (no between-subject variability, no residual error).

A reference curve is the model's prediction for one person (weight, phenotype) after a
regimen, on a uniform grid in hours, in ng/mL of the model's analyte.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

# ---------------------------------------------------------------------------------------
# One linear model: input(t) mg/h into compartment 0, matrix A (1/h) of the amounts, and
# concentration = amount[obs] / volume. Doses superpose (the models are linear), so a
# regimen is the sum of shifted single-dose responses.


@dataclass(frozen=True)
class LinearModel:
    matrix: np.ndarray
    input_rate: Callable[[np.ndarray], np.ndarray]
    """Input rate (mg/h per mg of dose) into compartment 0 at times after the dose."""
    bolus: np.ndarray
    """Initial amounts per mg of dose (for inputs that are a bolus)."""
    observed: int
    volume_l: float
    breakpoints: tuple[float, ...] = ()

    def unit_response(self, t_h: np.ndarray) -> np.ndarray:
        """ng/mL per mg of dose at times ``t_h`` (≥ 0, increasing) after one dose."""
        n = self.matrix.shape[0]
        inject = np.zeros(n)
        inject[0] = 1.0

        def rhs(t: float, y: np.ndarray) -> np.ndarray:
            return self.matrix @ y + inject * float(self.input_rate(np.array([t]))[0])

        out = np.zeros(t_h.size)
        y0 = self.bolus.astype(float)
        edges = [0.0, *sorted(b for b in self.breakpoints if 0 < b < t_h[-1]), float(t_h[-1])]
        for lo, hi in itertools.pairwise(edges):
            inside = (t_h >= lo) & (t_h < hi)
            times = np.append(t_h[inside], hi)
            sol = solve_ivp(rhs, (lo, hi), y0, method="LSODA", rtol=1e-9, atol=1e-12,
                            t_eval=times, max_step=0.05)
            out[inside] = sol.y[self.observed][: inside.sum()]
            y0 = sol.y[:, -1]
        out[-1] = sol.y[self.observed][-1]
        return 1000.0 * out / self.volume_l


UnitResponse = Callable[[np.ndarray], np.ndarray]
"""ng/mL per mg of dose at times (h, ≥ 0, increasing) after one dose."""


def regimen_curve(unit_response: UnitResponse, doses: list[tuple[float, float]],
                  t_h: np.ndarray) -> np.ndarray:
    """ng/mL on the uniform grid ``t_h`` after doses [(time h, mg), ...] at grid times."""
    dt = float(t_h[1] - t_h[0])
    unit = unit_response(t_h - t_h[0])
    total = np.zeros(t_h.size)
    for time_h, mg in doses:
        k = round((time_h - t_h[0]) / dt)
        total[k:] += mg * unit[: t_h.size - k]
    return total


def _no_input(t: np.ndarray) -> np.ndarray:
    return np.zeros_like(t)


def _one_compartment(ka: float, cl: float, v: float, f: float = 1.0) -> np.ndarray:
    """Amounts (depot, central): depot →ka→ central →CL/V→."""
    return np.array([[-ka, 0.0], [ka * f, -cl / v]])


# ---------------------------------------------------------------------------------------
# The models


def lyauk_2016_d_mph(weight_kg: float = 70.0, female: bool = False) -> UnitResponse:
    """d-methylphenidate after racemic IR methylphenidate, healthy adults (Lyauk 2016, Clin
    Transl Sci 9:337, Table 1): Savic transit absorption, n = 3 fixed, MTT 0.505 h (×1.925
    in women), ka 0.418 /h; CL/F 233 L/h, Vc/F 97.6 L, Q/F 70.1 L/h, Vp/F 252 L at 70 kg,
    allometric exponents 0.75/1 fixed; wild-type CES1. Dose: racemic mg. The input uses
    Stirling's log(n!) exactly as the published control stream (Supplementary Material 1),
    which the published CL/F was estimated with."""
    s = weight_kg / 70.0
    cl, vc, q, vp = 233.0 * s**0.75, 97.6 * s, 70.1 * s**0.75, 252.0 * s
    ka, n = 0.418, 3.0
    mtt = 0.505 * (1.0 + 0.925 * female)
    ktr = (n + 1.0) / mtt
    lnfac = math.log(2.5066) + (n + 0.5) * math.log(n) - n

    def transit(t: np.ndarray) -> np.ndarray:
        x = ktr * np.maximum(t, 0.0)
        return np.exp(math.log(ktr) + n * np.log(x + 1e-5) - x - lnfac)

    a = np.array([[-ka, 0.0, 0.0],
                  [ka, -(cl + q) / vc, q / vp],
                  [0.0, q / vc, -q / vp]])
    return LinearModel(a, transit, np.zeros(3), 1, vc).unit_response


def teuscher_2015_aptensio(weight_kg: float) -> UnitResponse:
    """Total methylphenidate after Aptensio XR (MPH-MLR) in children 6-12 y (Teuscher 2015,
    Drug Des Devel Ther 9:2767, Table 1): F1 0.65 via ka1 0.25 /h, the rest via ka2 0.16 /h
    after tlag 5.75 h; CL = 1.3·WT^1.53 L/h, V 64.7 L. Dose: mg methylphenidate HCl."""
    cl, v, f1, tlag = 1.3 * weight_kg**1.53, 64.7, 0.65, 5.75
    ka1, ka2, ke = 0.25, 0.16, cl / v

    def unit_response(t: np.ndarray) -> np.ndarray:
        return (_bateman(t, f1, ka1, ke, v) + _bateman(t - tlag, 1.0 - f1, ka2, ke, v))

    return unit_response


def _bateman(t: np.ndarray, f: float, ka: float, ke: float, v: float) -> np.ndarray:
    tau = np.maximum(t, 0.0)
    return 1000.0 * f * ka / (v * (ka - ke)) * (np.exp(-ke * tau) - np.exp(-ka * tau))


def tobin_2026_atomoxetine(weight_kg: float, cyp2d6: str = "normal") -> UnitResponse:
    """Atomoxetine in children and adolescents 6-17 y (Tobin 2026, J Clin Pharmacol
    66:e70168, Table 3): zero-order input into a depot over 0.75 h, ka 27.35 /h; Vc/F
    175.94 L, CL/F 39.03 L/h at 70 kg (exponents 1 and 0.75); CYP2D6 poor metabolizers:
    relative F 3.02 dividing both, and CL/F × (1 − 0.81)."""
    s = weight_kg / 70.0
    frel = 3.02 if cyp2d6 == "poor" else 1.0
    v = 175.94 * s / frel
    cl = 39.03 * s**0.75 / frel * (0.19 if cyp2d6 == "poor" else 1.0)
    d1 = 0.75

    def zero_order(t: np.ndarray) -> np.ndarray:
        return np.where((t >= 0) & (t < d1), 1.0 / d1, 0.0)

    return LinearModel(_one_compartment(27.35, cl, v), zero_order, np.zeros(2), 1, v,
                       breakpoints=(d1,)).unit_response


def nasser_2021_viloxazine(weight_kg: float = 36.35) -> UnitResponse:
    """Viloxazine ER in children and adolescents 6-17 y (Nasser 2021, J Clin Pharmacol
    61:1626, Table 2): ka 0.068 /h; V/F 14.6 L·(WT/36.35)^0.78; CL = CLL 0.87 L/h + CLV
    4.72·(WT/36.35)^0.59 L/h; F 1."""
    s = weight_kg / 36.35
    v = 14.6 * s**0.78
    cl = 0.87 + 4.72 * s**0.59
    return LinearModel(_one_compartment(0.068, cl, v), _no_input, np.array([1.0, 0.0]), 1,
                       v).unit_response


def li_2018_guanfacine_er() -> UnitResponse:
    """Guanfacine extended release in healthy adults (Li 2018, Paediatr Drugs 20:19,
    Table 1 and section 2.2.1): ka 0.465 /h, Vss 8.0 L/kg × 70 kg, systemic CL 24.8 L/h
    (renal 12.6 + CYP3A4 12.2), observed CL/F 37.8 L/h, so F = 24.8/37.8."""
    cl, v, f = 24.8, 8.0 * 70.0, 24.8 / 37.8
    return LinearModel(_one_compartment(0.465, cl, v, f), _no_input, np.array([1.0, 0.0]),
                       1, v).unit_response
