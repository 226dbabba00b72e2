"""Simulate a regimen: doses → plasma concentration, effect, wear-off and rebound windows.

Every dose of every formulation is split into its components, each component becomes an
exact sum of exponentials (see ``series.py``), all doses of an analyte are summed, and the
sum is evaluated once on the grid. The model is linear in dose up to the effect step.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from rebound_tracker.domain.calibration import PersonalTiming
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Component, Formulation
from rebound_tracker.domain.settings import (
    CYP2D6_PHENOTYPES,
    DEFINITIONS,
    URINE_PH_CHOICES,
    WEIGHT_RANGE_KG,
)
from rebound_tracker.pk import personal
from rebound_tracker.pk import windows as win
from rebound_tracker.pk.blocks import (
    CL_WEIGHT_EXPONENT,
    Disposition,
    concentration,
    disposition,
    first_order_input,
    prodrug_input,
    weight_exponents,
    zero_order_input,
)
from rebound_tracker.pk.effect import effect_curves
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.pk.series import ExpSeries
from rebound_tracker.pk.windows import Summary, Window

__all__ = ["AnalyteCurve", "DoseEvent", "Person", "SimulationResult", "Summary", "Window",
           "simulate"]

GRID_UNIFORMITY_TOLERANCE = 1e-6
"""Relative deviation of grid spacing accepted as 'uniform'."""


@dataclass(frozen=True)
class DoseEvent:
    """A dose: formulation id, mg of label strength, time in hours from an arbitrary origin,
    and whether it was taken with food."""

    formulation_id: str
    mg: float
    t_h: float
    fed: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.mg, int | float) or not math.isfinite(self.mg) or self.mg <= 0:
            raise ValidationError("dose_mg", self.mg, "a positive number of mg")
        if not isinstance(self.t_h, int | float) or not math.isfinite(self.t_h):
            raise ValidationError("time", self.t_h, "a finite time in hours")


@dataclass(frozen=True)
class Person:
    """What the model knows about the person: weight (kg), CYP2D6 phenotype
    (normal|poor; matters for atomoxetine), urine pH (normal|acidic|alkaline; amphetamines),
    and the personal timing accepted from a calibration, per drug family (none: the
    population curves)."""

    weight_kg: float = 70.0
    cyp2d6: str = "normal"
    urine_ph: str = "normal"
    timing: tuple[PersonalTiming, ...] = ()

    def __post_init__(self) -> None:
        # One definition of what is accepted: the stored settings' (domain/settings.py).
        lo, hi = WEIGHT_RANGE_KG
        w = self.weight_kg
        if not isinstance(w, int | float) or not math.isfinite(w) or not lo <= w <= hi:
            raise ValidationError("weight_kg", w, DEFINITIONS["weight_kg"].accepted)
        for name, options in (("cyp2d6", CYP2D6_PHENOTYPES), ("urine_ph", URINE_PH_CHOICES)):
            if getattr(self, name) not in options:
                raise ValidationError(name, getattr(self, name), DEFINITIONS[name].accepted)

    def settings(self) -> dict[str, str]:
        return {"cyp2d6": self.cyp2d6, "urine_ph": self.urine_ph}

    def timing_for(self, family: str) -> PersonalTiming | None:
        """The personal timing of ``family``, or None for the population's."""
        found = next((t for t in self.timing if t.family == family), None)
        return None if found is None or found.is_population else found

    def population(self) -> Person:
        """The same person without personal timing."""
        return replace(self, timing=())


@dataclass(frozen=True)
class AnalyteCurve:
    """One analyte on the grid: plasma concentration (``unit``), effect index 0..1,
    predicted wear-off and rebound windows, and a summary of the concentration curve."""

    analyte: str
    unit: str
    concentration: np.ndarray
    effect: np.ndarray
    wear_off: tuple[Window, ...]
    rebound: tuple[Window, ...]
    summary: Summary


@dataclass(frozen=True)
class SimulationResult:
    """Curves per analyte (primary first) on the grid ``t_h``, and the assumptions made."""

    t_h: np.ndarray
    analytes: tuple[AnalyteCurve, ...]
    assumptions: tuple[str, ...]


def _check_grid(t_h: np.ndarray) -> tuple[float, float, int]:
    t = np.asarray(t_h, dtype=float)
    accepted = "a uniform, increasing grid of finite times in hours"
    if t.ndim != 1 or t.size == 0 or not (math.isfinite(t[0]) and math.isfinite(t[-1])):
        raise ValidationError("t_h", f"array of shape {t.shape}", accepted)
    if t.size == 1:
        return float(t[0]), 1.0, 1
    steps = np.diff(t)
    dt = (t[-1] - t[0]) / (t.size - 1)
    lo, hi = float(np.min(steps)), float(np.max(steps))  # NaN inside makes these NaN
    tolerance = GRID_UNIFORMITY_TOLERANCE * dt
    if not (dt > 0 and abs(lo - dt) <= tolerance and abs(hi - dt) <= tolerance):
        raise ValidationError("t_h", f"grid from {t[0]:g} to {t[-1]:g} h", accepted)
    return float(t[0]), float(dt), int(t.size)


def _component_input(c: Component, starts: np.ndarray, amounts: np.ndarray,
                     ka_factor: float) -> ExpSeries:
    ka = c.ka_per_h.value * ka_factor if c.ka_per_h is not None else None
    if c.kind == "first_order":
        assert ka is not None
        return first_order_input(starts, amounts, ka)
    if c.kind == "zero_order":
        assert c.duration_h is not None
        return zero_order_input(starts, amounts, c.duration_h.value, ka)
    assert ka is not None and c.kconv_per_h is not None
    return prodrug_input(starts, amounts, ka, c.kconv_per_h.value)


def dose_inputs(lib: MedicationLibrary, doses: Sequence[DoseEvent]
                ) -> tuple[dict[str, ExpSeries], dict[str, float], list[Formulation]]:
    """Absorption-rate series (mg/h of base) per analyte, total base mg per primary
    analyte (for ordering), and the formulations dosed fed without a food effect."""
    groups: dict[tuple[str, bool], list[DoseEvent]] = defaultdict(list)
    for d in doses:
        groups[(d.formulation_id, bool(d.fed))].append(d)
    inputs: dict[str, ExpSeries] = {}
    primary_mg: dict[str, float] = defaultdict(float)
    fed_without_effect: list[Formulation] = []
    for (fid, fed), group in groups.items():
        f = lib.resolve(fid)
        times = np.array([d.t_h for d in group], dtype=float)
        mg = np.array([d.mg for d in group], dtype=float)
        lag_shift, ka_factor, rel_f = 0.0, 1.0, 1.0
        if fed and f.food_effect is not None:
            lag_shift = f.food_effect.lag_shift_h.value
            ka_factor = f.food_effect.ka_factor.value
            rel_f = f.food_effect.relative_f.value
        elif fed and f not in fed_without_effect:
            fed_without_effect.append(f)
        for k, moiety in enumerate(f.moieties):
            base = mg * moiety.base_per_label_mg.value * f.relative_f.value * rel_f
            if k == 0:
                primary_mg[moiety.analyte] += float(base.sum())
            for c in f.components:
                lag = c.lag_h.value + lag_shift
                if fed and c.fed_lag_h is not None:
                    lag = c.fed_lag_h.value
                series = _component_input(c, times + lag, base * c.fraction.value, ka_factor)
                prev = inputs.get(moiety.analyte)
                inputs[moiety.analyte] = series if prev is None else prev + series
    return inputs, dict(primary_mg), fed_without_effect


def simulate(lib: MedicationLibrary, doses: Sequence[DoseEvent], t_h: np.ndarray,
             person: Person | None = None, *, windows: bool = True) -> SimulationResult:
    """Concentration (analyte unit, ng/mL), effect (0..1) and windows on the uniform grid
    ``t_h`` (hours, same origin as the doses) for a regimen taken by ``person``.

    Doses may fall between grid points or before the grid starts; they are placed exactly.
    Unknown medication names raise ValidationError("medication", ...). ``windows=False``
    skips the wear-off and rebound windows (a caller that finds its own).
    """
    person = person or Person()
    t0, dt, n = _check_grid(t_h)
    grid = np.asarray(t_h, dtype=float)
    inputs, primary_mg, fed_without_effect = dose_inputs(lib, doses)
    order = sorted(inputs, key=lambda a: (a not in primary_mg, -primary_mg.get(a, 0.0), a))
    curves = []
    dispositions: dict[str, Disposition] = {}
    for name in order:
        analyte = lib.analyte(name)
        family = lib.family(analyte.family)
        disp = disposition(analyte, person.weight_kg, person.settings())
        dispositions[name] = disp
        cp_series = concentration(inputs[name], disp)
        eff = effect_curves(cp_series, family, analyte.ec50.value, t0, dt, n)
        cp, effect = eff.plasma, eff.effect
        timing = person.timing_for(family.name)
        if timing is not None:
            effect = _personal_effect(lib, doses, name, disp, timing, (t0, dt, n))
        wear_off: tuple[Window, ...] = ()
        rebound: tuple[Window, ...] = ()
        if not (family.daily_windows and windows):
            pass
        elif timing is not None:
            wear_off, rebound = personal.personal_windows(grid, effect, timing)
        else:
            wear_off, rebound = win.find_windows(grid, effect)
        curves.append(AnalyteCurve(name, analyte.unit, cp, effect, wear_off, rebound,
                                   win.summarize(grid, cp)))
    assumptions = _assumptions(lib, person, doses, fed_without_effect, dispositions)
    return SimulationResult(grid, tuple(curves), assumptions)


def _personal_effect(lib: MedicationLibrary, doses: Sequence[DoseEvent], name: str,
                     disp: Disposition, timing: PersonalTiming,
                     grid: tuple[float, float, int]) -> np.ndarray:
    """The effect of analyte ``name`` with personal timing (``pk.personal``): the population
    model on the stretched grid with the doses moved onto it."""
    t0, dt, n = grid
    moved = personal.stretched_doses(doses, timing)
    u0, du = personal.stretched_grid(t0, dt, timing)
    analyte = lib.analyte(name)
    family = lib.family(analyte.family)
    cp_series = concentration(dose_inputs(lib, moved)[0][name], disp)
    return effect_curves(cp_series, family, analyte.ec50.value, u0, du, n).effect


def _assumptions(lib: MedicationLibrary, person: Person, doses: Sequence[DoseEvent],
                 fed_without_effect: list[Formulation],
                 dispositions: dict[str, Disposition]) -> tuple[str, ...]:
    out = [
        "Population averages from published labels and papers, not measurements of you; "
        "informational only, not medical advice.",
        f"Body weight {person.weight_kg:g} kg: clearance scaled by (weight/70)^"
        f"{CL_WEIGHT_EXPONENT:g} and volume by weight/70.",
        *_dose_notes(lib, doses, fed_without_effect),
        *_disposition_notes(lib, person, dispositions),
        f"CYP2D6 phenotype: {person.cyp2d6}; urine pH: {person.urine_ph}.",
    ]
    families = dict.fromkeys(lib.analyte(name).family for name in dispositions)
    for family_name in families:
        timing = person.timing_for(family_name)
        if timing is not None:
            out.append(personal.timing_sentence(timing))
    out += _window_notes(lib, dispositions)
    return tuple(dict.fromkeys(out))


def _dose_notes(lib: MedicationLibrary, doses: Sequence[DoseEvent],
                fed_without_effect: list[Formulation]) -> list[str]:
    """Food, and what each dosed formulation's published concentrations measure."""
    fed = sum(1 for d in doses if d.fed)
    out = [f"{len(doses) - fed} dose(s) modelled fasted, {fed} with food."
           if fed else "All doses modelled as taken fasted."]
    for fid in sorted({d.formulation_id for d in doses}):
        f = lib.resolve(fid)
        if f.reported is not None:
            out.append(f"{f.name}: its published concentrations measure {f.reported.analyte} "
                       f"(about {f.reported.fraction_of_primary.value:.0%} of the "
                       f"{f.analyte} curve shown).")
        if any(c.fed_lag_h is not None for c in f.components):
            out.append(f"{f.name}: with food part of the dose is released later, so fed and "
                       "fasted doses give different curves.")
    for f in fed_without_effect:
        out.append(f"{f.name}: no food effect is documented in the library; doses marked "
                   "'with food' are modelled as fasted.")
    return out


def _disposition_notes(lib: MedicationLibrary, person: Person,
                       dispositions: dict[str, Disposition]) -> list[str]:
    """Each analyte's half-life and clearance for this person, and its weight scaling."""
    out = []
    for name, disp in dispositions.items():
        analyte = lib.analyte(name)
        changed = [f"{m.setting}={m.value}" for m in analyte.modifiers
                   if person.settings().get(m.setting) == m.value]
        note = f" ({', '.join(changed)})" if changed else ""
        out.append(f"{name}: half-life {disp.half_life_h:.1f} h, apparent clearance "
                   f"{disp.cl_l_per_h:.0f} L/h{note}.")
        if analyte.cl_weight_exponent is not None or analyte.v_weight_exponent is not None:
            cl_power, v_power = weight_exponents(analyte)
            out.append(f"{name}: its own weight scaling from published data in children and "
                       f"adults, clearance by (weight/70)^{cl_power:g} and volume by "
                       f"(weight/70)^{v_power:g}.")
    return out


def _window_notes(lib: MedicationLibrary, dispositions: dict[str, Disposition]) -> list[str]:
    """What the effect index is and where the wear-off and rebound windows begin and end."""
    out = [
        "Effect is a 0-1 index from an effect-site model with acute tolerance; its "
        "parameters are product choices fitted to published durations, not a measured "
        "response.",
        f"Wearing off: from when the effect falls below {win.WEAR_OFF_FRACTION:.0%} of its "
        f"own peak and stays there, until it is below {win.REBOUND_START_FRACTION:.0%} "
        "(or the next dose lifts it).",
        f"Rebound risk: from below {win.REBOUND_START_FRACTION:.0%} of the peak, as the "
        f"effect falls towards baseline, until {win.REBOUND_AFTER_H:g} h after it is below "
        f"{win.WEAR_OFF_END_FRACTION:.0%} (worn off) or the next dose lifts it; only for "
        f"falls of at least {win.REBOUND_MIN_RATE_PER_H:.0%} of the peak per hour. Severity "
        f"1 means a fall of {win.REBOUND_FULL_SEVERITY_RATE_PER_H:.0%} of the peak per hour "
        "or faster. These thresholds are product choices, not published values.",
    ]
    for name in dispositions:
        family = lib.family(lib.analyte(name).family)
        if not family.daily_windows:
            out.append(f"{name}: no wear-off or rebound windows are predicted "
                       f"({family.description}).")
    return out
