"""A person's own medication as they define it: the typed form of the definition JSON.

A :class:`MedicationDefinition` is what ``rebound-tracker meds add`` reads, what the
medication editor builds, what is stored and what an export carries. It says what the person
wrote, not what the model computes with: a number may be bare (:class:`Number` with no
``source``; it gets the USER source when a :class:`~rebound_tracker.domain.medication.
Formulation` is made of it), and a field left out stays left out (``None``) so that the
library's defaults apply. Keys this model has no field for are kept in ``extra``, as written,
so a definition read and written again is what was stored.

Converting JSON to and from this model, and checking it, is done in one place:
``rebound_tracker.pk.library`` (:func:`definition_from_json`, :func:`definition_to_json`,
:func:`formulation_of`). Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ComponentDefinition", "FoodEffectDefinition", "JSONValue", "MedicationDefinition",
           "MoietyDefinition", "Number", "ReportedDefinition", "Strengths"]

JSONValue = Any
"""A plain JSON value (object, array, text, number, true/false or null) as json.loads gives it."""


def _no_extra() -> Mapping[str, JSONValue]:
    return {}


@dataclass(frozen=True)
class Number:
    """A number of a definition: ``value`` as written (an int stays an int) and its
    ``source`` text ('KIND: citation'), or ``None`` when it was written bare."""

    value: float
    source: str | None = None
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Strengths:
    """The strengths on sale, in mg, with their source (``None``: written as a bare list)."""

    values: tuple[float, ...] = ()
    source: str | None = None
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class MoietyDefinition:
    analyte: str
    base_per_label_mg: Number
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class ComponentDefinition:
    """One release block (see :class:`~rebound_tracker.domain.medication.Component`);
    ``label`` is ``None`` when the definition gives none."""

    kind: str
    fraction: Number
    lag_h: Number
    ka_per_h: Number | None = None
    duration_h: Number | None = None
    kconv_per_h: Number | None = None
    fed_lag_h: Number | None = None
    label: str | None = None
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class FoodEffectDefinition:
    lag_shift_h: Number
    ka_factor: Number
    relative_f: Number
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class ReportedDefinition:
    analyte: str
    fraction_of_primary: Number
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class MedicationDefinition:
    """A medication of the person's own, field for field as its JSON has them.

    ``None`` means the field is not given (the library's default applies: unit 'ng/mL',
    no aliases, relative_f 1, generic name and description from the name, no strengths).
    ``extra`` holds the keys without a field here (and known keys written as null), kept
    as written; the mappings are not to be changed.
    """

    id: str
    name: str
    family: str
    moieties: tuple[MoietyDefinition, ...]
    components: tuple[ComponentDefinition, ...]
    label_min_mg: Number
    label_max_mg: Number
    generic: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] | None = None
    unit: str | None = None
    relative_f: Number | None = None
    strengths_mg: Strengths | None = None
    food_effect: FoodEffectDefinition | None = None
    reported: ReportedDefinition | None = None
    notes: tuple[str, ...] | None = None
    extra: Mapping[str, JSONValue] = field(default_factory=_no_extra)
