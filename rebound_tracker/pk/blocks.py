"""Building blocks: how a component of a dose reaches the central compartment, and how an
analyte leaves it.

All blocks are linear, so doses superpose. Each returns an :class:`ExpSeries` of the
*absorption rate* into the central compartment (mg/h of base, already multiplied by the
bioavailable amount), built for many doses at once (vectorised over dose times).

Blocks (numbered as in the pk reference):
1. first-order absorption after a lag (Bateman);   3. a delayed pulse is block 1 with a
   longer lag;   2. the fraction split is done by the caller (one call per component);
4. zero-order release over [lag, lag + T], optionally followed by first-order absorption;
5. prodrug chain depot →ka→ prodrug →kconv→ active.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from rebound_tracker.domain.medication import REFERENCE_WEIGHT_KG, Analyte
from rebound_tracker.pk.series import ExpSeries

CL_WEIGHT_EXPONENT = 0.75
"""CL/F scales with (WT/70)^0.75 and V/F with WT/70 (allometry as used in pop-PK of
methylphenidate, Lyauk 2016, cited in the pk reference)."""
V_WEIGHT_EXPONENT = 1.0
NG_PER_ML_PER_MG_PER_L = 1000.0


@dataclass(frozen=True)
class Disposition:
    """One-compartment disposition of an analyte for one person: apparent clearance CL/F
    (L/h), apparent volume V/F (L), and the elimination rate ke = CL/V (1/h)."""

    cl_l_per_h: float
    v_l: float

    @property
    def ke_per_h(self) -> float:
        return self.cl_l_per_h / self.v_l

    @property
    def half_life_h(self) -> float:
        return math.log(2) / self.ke_per_h


def disposition(analyte: Analyte, weight_kg: float, settings: dict[str, str]) -> Disposition:
    """CL/F and V/F for a person of ``weight_kg`` with person ``settings`` applied
    (e.g. {"cyp2d6": "poor", "urine_ph": "acidic"}), from the 70 kg reference values,
    scaled by the analyte's weight exponents (:func:`weight_exponents`)."""
    cl, v = analyte.reference_cl_v()
    for setting, value in settings.items():
        mod = analyte.modifier(setting, value)
        if mod is None:
            continue
        if mod.t_half_h is not None:
            ke_new = math.log(2) / mod.t_half_h.value
            if mod.cl_f_factor is not None:
                cl *= mod.cl_f_factor.value
                v = cl / ke_new
            else:
                cl = v * ke_new
        elif mod.cl_f_factor is not None:
            cl *= mod.cl_f_factor.value
    cl_power, v_power = weight_exponents(analyte)
    ratio = weight_kg / REFERENCE_WEIGHT_KG
    return Disposition(cl * ratio**cl_power, v * ratio**v_power)


def weight_exponents(analyte: Analyte) -> tuple[float, float]:
    """The powers of weight/70 that scale CL/F and V/F for ``analyte``: its own where the
    library gives them, else the allometric 0.75 and 1."""
    cl = analyte.cl_weight_exponent
    v = analyte.v_weight_exponent
    return (CL_WEIGHT_EXPONENT if cl is None else cl.value,
            V_WEIGHT_EXPONENT if v is None else v.value)


def first_order_input(starts: np.ndarray, amounts: np.ndarray, ka: float) -> ExpSeries:
    """Block 1/3: a depot dosed at ``starts`` (already including the lag) emptying at ka
    (1/h); returns the absorption rate ka·A_depot(t) in mg/h."""
    return ExpSeries.impulses(starts, np.asarray(amounts, dtype=float) * ka, ka)


def zero_order_input(starts: np.ndarray, amounts: np.ndarray, duration_h: float,
                     ka: float | None = None) -> ExpSeries:
    """Block 4: release at a constant rate amount/duration over [start, start + duration];
    without ``ka`` straight into the central compartment, with ``ka`` through a first-order
    absorption depot. Returns the absorption rate in mg/h."""
    release = ExpSeries.boxes(starts, np.asarray(amounts, dtype=float) / duration_h,
                              duration_h)
    if ka is None:
        return release
    return release.through_first_order(ka).scaled(ka)


def prodrug_input(starts: np.ndarray, amounts: np.ndarray, ka: float,
                  kconv: float) -> ExpSeries:
    """Block 5: depot →ka→ prodrug →kconv→ active; ``amounts`` are mg of active base the
    prodrug will yield. Returns the conversion rate kconv·A_prodrug(t) in mg/h."""
    absorbed = first_order_input(starts, amounts, ka)
    return absorbed.through_first_order(kconv).scaled(kconv)


def concentration(input_rate: ExpSeries, disp: Disposition) -> ExpSeries:
    """Plasma concentration (ng/mL) from an absorption-rate series (mg/h) and disposition."""
    amount = input_rate.through_first_order(disp.ke_per_h)
    return amount.scaled(NG_PER_ML_PER_MG_PER_L / disp.v_l)


def bateman(t_h: np.ndarray, dose_mg: float, ka: float, ke: float, v_l: float,
            lag_h: float = 0.0) -> np.ndarray:
    """Closed-form block 1 (ng/mL): D·ka/(V(ka−ke))·(e^{−ke τ} − e^{−ka τ}), τ = t − lag ≥ 0.

    Written as D·ka/V · e^{−ke τ} · (1 − e^{−(ka−ke)τ})/(ka − ke) with expm1, which stays
    exact as ka → ke (limit D·ka/V · τ·e^{−ke τ}). A reference for tests and checks.
    """
    tau = np.maximum(np.asarray(t_h, dtype=float) - lag_h, 0.0)
    d = ka - ke
    shape = tau if d == 0.0 else -np.expm1(-d * tau) / d
    return NG_PER_ML_PER_MG_PER_L * dose_mg * ka / v_l * np.exp(-ke * tau) * shape


def bateman_tmax(ka: float, ke: float, lag_h: float = 0.0) -> float:
    """Time of the Bateman peak (h): lag + ln(ka/ke)/(ka − ke), or lag + 1/ke when ka = ke."""
    if math.isclose(ka, ke, rel_tol=1e-9):
        return lag_h + 1.0 / ke
    return lag_h + math.log(ka / ke) / (ka - ke)
