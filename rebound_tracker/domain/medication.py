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

from rebound_tracker.domain.analytes import REFERENCE_WEIGHT_KG, Analyte, DrugFamily, Modifier
from rebound_tracker.domain.sources import SOURCE_KINDS, Source, Sourced
from rebound_tracker.domain.sources import positive as _positive
from rebound_tracker.domain.sources import require as _require

__all__ = ["COMPONENT_KINDS", "FRACTION_SUM_TOLERANCE", "REFERENCE_WEIGHT_KG", "SOURCE_KINDS",
           "Analyte", "Component", "DrugFamily", "FoodEffect", "Formulation", "Modifier",
           "Moiety", "ReportedAnalyte", "Source", "Sourced"]

COMPONENT_KINDS: tuple[str, ...] = ("first_order", "zero_order", "prodrug")
"""Release blocks: first-order absorption after a lag (IR, delayed beads);
zero-order release over a duration, optionally then first-order absorption (osmotic pump);
prodrug chain depot → prodrug → active (lisdexamfetamine)."""

FRACTION_SUM_TOLERANCE = 1e-6
"""Component fractions of a formulation must sum to 1 within this."""

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
