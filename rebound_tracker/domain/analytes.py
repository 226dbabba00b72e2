"""What is measured in plasma and how the body clears it: analytes, the person settings
that change their disposition, and the drug families' effect-model parameters.
Standard library only; units as in :mod:`rebound_tracker.domain.medication`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rebound_tracker.domain.sources import Sourced
from rebound_tracker.domain.sources import positive as _positive
from rebound_tracker.domain.sources import require as _require

REFERENCE_WEIGHT_KG = 70.0
"""Body weight the reference clearances and volumes refer to."""

@dataclass(frozen=True)
class Modifier:
    """A person setting that changes an analyte's disposition (CYP2D6 phenotype, urine pH).

    ``t_half_h`` replaces the half-life; ``cl_f_factor`` multiplies CL/F (default: scaled
    with the half-life at unchanged volume).
    """

    setting: str
    value: str
    t_half_h: Sourced | None = None
    cl_f_factor: Sourced | None = None

    def __post_init__(self) -> None:
        if self.t_half_h is not None:
            _positive(self.t_half_h, "modifiers.t_half_h")
        if self.cl_f_factor is not None:
            _positive(self.cl_f_factor, "modifiers.cl_f_factor")


@dataclass(frozen=True)
class DrugFamily:
    """Effect-model parameters shared by a family (methylphenidate, amphetamine, ...).

    ``ke0_per_h``: plasma → effect-site rate; ``tolerance_rate_per_h`` and
    ``tolerance_gain``: acute tolerance raising EC50 by gain·T where T follows the
    effect-site concentration; ``hill``: steepness of the concentration-effect curve
    (sigmoid Emax, 1 when absent); ``daily_windows``: whether wear-off/rebound windows are
    meaningful on a day's timescale (stimulants yes; non-stimulants act over weeks).
    """

    name: str
    description: str
    ke0_per_h: Sourced
    tolerance_rate_per_h: Sourced
    tolerance_gain: Sourced
    daily_windows: bool
    hill: Sourced | None = None

    def __post_init__(self) -> None:
        if self.hill is not None:
            _positive(self.hill, f"families.{self.name}.hill")
        _positive(self.ke0_per_h, f"families.{self.name}.ke0_per_h")
        _positive(self.tolerance_rate_per_h, f"families.{self.name}.tolerance_rate_per_h")
        _require(self.tolerance_gain.value >= 0, f"families.{self.name}.tolerance_gain",
                 self.tolerance_gain.value, "0 or more")


@dataclass(frozen=True)
class Analyte:
    """What is measured in plasma and how the body clears it (70 kg adult reference).

    Give the half-life and exactly one of apparent clearance CL/F (L/h) or apparent volume
    V/F (L/kg); the other follows from CL = V·ln2/t½. ``ec50`` is in ``unit``.
    ``cl_weight_exponent`` / ``v_weight_exponent``, when given, replace the allometric
    exponents (0.75 and 1) with which body weight scales CL/F and V/F for this analyte.
    """

    name: str
    unit: str
    family: str
    description: str
    t_half_h: Sourced
    ec50: Sourced
    cl_f_l_per_h: Sourced | None = None
    v_f_l_per_kg: Sourced | None = None
    modifiers: tuple[Modifier, ...] = ()
    cl_weight_exponent: Sourced | None = None
    v_weight_exponent: Sourced | None = None

    def __post_init__(self) -> None:
        for name in ("cl_weight_exponent", "v_weight_exponent"):
            value = getattr(self, name)
            if value is not None:
                _require(0.0 <= value.value <= 1.5, f"analytes.{self.name}.{name}",
                         value.value, "an exponent from 0 to 1.5")
        _positive(self.t_half_h, f"analytes.{self.name}.t_half_h")
        _positive(self.ec50, f"analytes.{self.name}.ec50")
        _require((self.cl_f_l_per_h is None) != (self.v_f_l_per_kg is None),
                 f"analytes.{self.name}.cl_f_l_per_h", self.cl_f_l_per_h,
                 "exactly one of cl_f_l_per_h or v_f_l_per_kg")
        if self.cl_f_l_per_h is not None:
            _positive(self.cl_f_l_per_h, f"analytes.{self.name}.cl_f_l_per_h")
        if self.v_f_l_per_kg is not None:
            _positive(self.v_f_l_per_kg, f"analytes.{self.name}.v_f_l_per_kg")

    def reference_cl_v(self) -> tuple[float, float]:
        """(CL/F in L/h, V/F in L) for the 70 kg reference adult."""
        ke = math.log(2) / self.t_half_h.value
        if self.cl_f_l_per_h is not None:
            cl = self.cl_f_l_per_h.value
            return cl, cl / ke
        assert self.v_f_l_per_kg is not None
        v = self.v_f_l_per_kg.value * REFERENCE_WEIGHT_KG
        return v * ke, v

    def modifier(self, setting: str, value: str) -> Modifier | None:
        for m in self.modifiers:
            if m.setting == setting and m.value == value:
                return m
        return None

    def numbers(self) -> dict[str, Sourced]:
        out = {"t_half_h": self.t_half_h, "ec50": self.ec50}
        if self.cl_f_l_per_h is not None:
            out["cl_f_l_per_h"] = self.cl_f_l_per_h
        if self.v_f_l_per_kg is not None:
            out["v_f_l_per_kg"] = self.v_f_l_per_kg
        for m in self.modifiers:
            if m.t_half_h is not None:
                out[f"modifiers.{m.setting}={m.value}.t_half_h"] = m.t_half_h
            if m.cl_f_factor is not None:
                out[f"modifiers.{m.setting}={m.value}.cl_f_factor"] = m.cl_f_factor
        return out
