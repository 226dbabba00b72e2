"""What a medication is, as data: formulations, their release components, and sources.

Standard library only. Every number a formulation carries is a :class:`Sourced` value: the
number and where it comes from (a label section, a paper, or our own fit). The same types
describe built-in library entries and, later, formulations a person defines themselves.

Units: doses in mg of label strength (the salt as printed on the pack), times in hours,
rate constants per hour, clearances in L/h for a 70 kg adult, concentrations in ng/mL.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rebound_tracker.domain.errors import ValidationError

SOURCE_KINDS: tuple[str, ...] = (
    "LABEL",  # US prescribing information (section named in the citation)
    "PAPER",  # peer-reviewed paper
    "SECONDARY",  # a secondary text quoting a label or paper; weaker
    "FIT",  # our own arithmetic against the facts named in the citation
    "ASSUMPTION",  # a product choice with no published value; says why
    "DEFINITION",  # true by construction (e.g. a fraction that makes components sum to 1)
    "USER",  # entered by the person for a formulation they defined
)
"""Accepted kinds of source. Every number in the library names one of these."""

COMPONENT_KINDS: tuple[str, ...] = ("first_order", "zero_order", "prodrug")
"""Release blocks: first-order absorption after a lag (IR, delayed beads);
zero-order release over a duration, optionally then first-order absorption (osmotic pump);
prodrug chain depot → prodrug → active (lisdexamfetamine)."""

FRACTION_SUM_TOLERANCE = 1e-6
"""Component fractions of a formulation must sum to 1 within this."""

REFERENCE_WEIGHT_KG = 70.0
"""Body weight the reference clearances and volumes refer to."""

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    """Where a number comes from: a kind from :data:`SOURCE_KINDS` and a citation."""

    kind: str
    citation: str

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValidationError("source.kind", self.kind, f"one of: {', '.join(SOURCE_KINDS)}")
        if not self.citation.strip():
            raise ValidationError("source.citation", self.citation, "a non-empty citation")

    @classmethod
    def parse(cls, text: str, field_name: str = "source") -> Source:
        """Parse ``"KIND: citation"`` (e.g. ``"LABEL: Concerta PI 12.3 Table 6"``)."""
        kind, sep, citation = str(text).partition(":")
        kind = kind.strip().upper()
        if not sep or kind not in SOURCE_KINDS or not citation.strip():
            raise ValidationError(
                field_name, text, f"'KIND: citation' with KIND one of {', '.join(SOURCE_KINDS)}"
            )
        return cls(kind, citation.strip())

    def __str__(self) -> str:
        return f"{self.kind}: {self.citation}"


@dataclass(frozen=True)
class Sourced:
    """A number and its source."""

    value: float
    source: Source

    def __post_init__(self) -> None:
        if not isinstance(self.value, int | float) or not math.isfinite(self.value):
            raise ValidationError("value", self.value, "a finite number")


def _require(cond: bool, field_name: str, value: object, accepted: str) -> None:
    if not cond:
        raise ValidationError(field_name, value, accepted)


def _positive(value: Sourced | None, field_name: str) -> None:
    _require(value is not None, field_name, None, "a positive number (required here)")
    assert value is not None
    _require(value.value > 0, field_name, value.value, "a positive number")


@dataclass(frozen=True)
class Moiety:
    """An active moiety a formulation delivers: mg of base per mg of label strength."""

    analyte: str
    base_per_label_mg: Sourced

    def __post_init__(self) -> None:
        _require(bool(self.analyte.strip()), "moieties.analyte", self.analyte, "an analyte name")
        _positive(self.base_per_label_mg, "moieties.base_per_label_mg")


@dataclass(frozen=True)
class Component:
    """One part of a dose and how it reaches the blood.

    ``fraction`` of the dose (0 < f ≤ 1) is released after ``lag_h`` hours by the block
    ``kind``; ``ka_per_h`` is the first-order absorption rate (required for first_order and
    prodrug, optional after zero_order), ``duration_h`` the zero-order release time,
    ``kconv_per_h`` the prodrug → active conversion rate. ``fed_lag_h``, when given, is the
    lag after a meal and replaces ``lag_h`` plus the formulation's food lag shift (an
    enteric coating that opens later in a fed stomach, e.g. Medikinet retard).
    """

    kind: str
    fraction: Sourced
    lag_h: Sourced
    ka_per_h: Sourced | None = None
    duration_h: Sourced | None = None
    kconv_per_h: Sourced | None = None
    label: str = ""
    fed_lag_h: Sourced | None = None

    def __post_init__(self) -> None:
        _require(self.kind in COMPONENT_KINDS, "components.kind", self.kind,
                 f"one of: {', '.join(COMPONENT_KINDS)}")
        _require(0.0 < self.fraction.value <= 1.0, "components.fraction", self.fraction.value,
                 "a fraction greater than 0 and at most 1")
        _require(self.lag_h.value >= 0.0, "components.lag_h", self.lag_h.value,
                 "a lag of 0 hours or more")
        if self.fed_lag_h is not None:
            _require(self.fed_lag_h.value >= 0.0, "components.fed_lag_h",
                     self.fed_lag_h.value, "a lag of 0 hours or more")
        if self.kind in ("first_order", "prodrug") or self.ka_per_h is not None:
            _positive(self.ka_per_h, "components.ka_per_h")
        if self.kind == "zero_order":
            _positive(self.duration_h, "components.duration_h")
        else:
            _require(self.duration_h is None, "components.duration_h", self.duration_h,
                     "no duration (only zero_order components have one)")
        if self.kind == "prodrug":
            _positive(self.kconv_per_h, "components.kconv_per_h")
        else:
            _require(self.kconv_per_h is None, "components.kconv_per_h", self.kconv_per_h,
                     "no conversion rate (only prodrug components have one)")

    def numbers(self) -> dict[str, Sourced]:
        """The numeric parameters present, by field name."""
        names = ("fraction", "lag_h", "ka_per_h", "duration_h", "kconv_per_h", "fed_lag_h")
        return {n: v for n in names if (v := getattr(self, n)) is not None}


@dataclass(frozen=True)
class FoodEffect:
    """How a meal (``DoseEvent.fed``) changes the dose: extra lag, absorption-rate factor,
    and bioavailability relative to fasted."""

    lag_shift_h: Sourced
    ka_factor: Sourced
    relative_f: Sourced

    def __post_init__(self) -> None:
        _require(self.lag_shift_h.value >= 0, "food_effect.lag_shift_h", self.lag_shift_h.value,
                 "0 hours or more")
        _positive(self.ka_factor, "food_effect.ka_factor")
        _positive(self.relative_f, "food_effect.relative_f")


@dataclass(frozen=True)
class ReportedAnalyte:
    """What the published numbers of a product measure when it is not the model's primary
    analyte: e.g. Quillivant XR's label reports d-methylphenidate, which after a racemic
    dose is ``fraction_of_primary`` of total methylphenidate."""

    analyte: str
    fraction_of_primary: Sourced

    def __post_init__(self) -> None:
        _require(bool(self.analyte.strip()), "reported.analyte", self.analyte,
                 "an analyte name")
        _require(0.0 < self.fraction_of_primary.value <= 1.0,
                 "reported.fraction_of_primary", self.fraction_of_primary.value,
                 "a fraction greater than 0 and at most 1")


@dataclass(frozen=True)
class Formulation:
    """A product a person takes: brand, composition, release components and label range.

    ``relative_f`` is the bioavailability relative to the reference product the analyte's
    CL/F was derived from (1.0 for that product).
    """

    id: str
    name: str
    generic: str
    description: str
    aliases: tuple[str, ...]
    family: str
    unit: str
    moieties: tuple[Moiety, ...]
    relative_f: Sourced
    components: tuple[Component, ...]
    label_min: Sourced
    label_max: Sourced
    strengths: tuple[float, ...]
    strengths_source: Source
    food_effect: FoodEffect | None = None
    notes: tuple[str, ...] = field(default=())
    reported: ReportedAnalyte | None = None

    def __post_init__(self) -> None:
        _require(bool(_ID_PATTERN.match(self.id)), "id", self.id,
                 "lower-case letters, digits and single hyphens (e.g. 'concerta')")
        for name in ("name", "generic", "description", "family", "unit"):
            value = getattr(self, name)
            _require(bool(value.strip()), name, value, "a non-empty text")
        _require(len(self.moieties) > 0, "moieties", self.moieties, "at least one moiety")
        _require(len(self.components) > 0, "components", self.components,
                 "at least one component")
        _positive(self.relative_f, "relative_f")
        total = math.fsum(c.fraction.value for c in self.components)
        _require(abs(total - 1.0) <= FRACTION_SUM_TOLERANCE, "components.fraction", total,
                 f"fractions summing to 1 (within {FRACTION_SUM_TOLERANCE:g})")
        _positive(self.label_min, "label_min_mg")
        _positive(self.label_max, "label_max_mg")
        _require(self.label_min.value <= self.label_max.value, "label_max_mg",
                 self.label_max.value, f"at least label_min_mg ({self.label_min.value:g})")
        _require(all(isinstance(s, int | float) and s > 0 for s in self.strengths),
                 "strengths_mg", self.strengths, "positive strengths in mg")

    @property
    def analyte(self) -> str:
        """The primary active moiety reported for this product (e.g. 'd-amphetamine')."""
        return self.moieties[0].analyte

    @property
    def reported_analyte(self) -> str:
        """The analyte this product's published concentrations refer to (e.g.
        'd-methylphenidate' for Quillivant XR), else the primary analyte."""
        return self.reported.analyte if self.reported is not None else self.analyte

    @property
    def salt_to_base(self) -> float:
        """mg of primary moiety (base) per mg of label strength."""
        return self.moieties[0].base_per_label_mg.value

    @property
    def label_min_mg(self) -> float:
        return self.label_min.value

    @property
    def label_max_mg(self) -> float:
        return self.label_max.value

    @property
    def strengths_mg(self) -> tuple[float, ...]:
        return self.strengths

    def numbers(self) -> dict[str, Sourced]:
        """Every numeric parameter, by a dotted path (e.g. 'components[1].ka_per_h')."""
        out: dict[str, Sourced] = {
            "relative_f": self.relative_f,
            "label_min_mg": self.label_min,
            "label_max_mg": self.label_max,
        }
        for i, m in enumerate(self.moieties):
            out[f"moieties[{i}].base_per_label_mg"] = m.base_per_label_mg
        for i, c in enumerate(self.components):
            for name, value in c.numbers().items():
                out[f"components[{i}].{name}"] = value
        if self.food_effect is not None:
            for name in ("lag_shift_h", "ka_factor", "relative_f"):
                out[f"food_effect.{name}"] = getattr(self.food_effect, name)
        if self.reported is not None:
            out["reported.fraction_of_primary"] = self.reported.fraction_of_primary
        return out

    @property
    def sources(self) -> tuple[Source, ...]:
        """Distinct sources behind this formulation's numbers, in first-use order."""
        seen: dict[str, Source] = {}
        for value in self.numbers().values():
            seen.setdefault(str(value.source), value.source)
        seen.setdefault(str(self.strengths_source), self.strengths_source)
        return tuple(seen.values())


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
