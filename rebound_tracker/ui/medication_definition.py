"""Between the editor's fields and a medication definition (a MedicationDefinition, the
typed form of the JSON `meds add` reads; this module never sees the JSON).

Starting from an existing product (or editing one of the person's own), a number left as it
was keeps its value and source exactly; a number the person changed is written bare and so
gets a ``USER:`` source. What the form does not edit — a food effect, a component's lag
after a meal, further active substances, a reported analyte, notes — is carried over
unchanged while ``keep_extras`` is set, and listed by :func:`extras` so the person sees it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from rebound_tracker.domain.medication_definition import (
    ComponentDefinition,
    JSONValue,
    MedicationDefinition,
    MoietyDefinition,
    Number,
    Strengths,
)

NUMBER_DECIMALS = 6
"""The editor's number boxes keep this many decimals; a template number equal at this
precision counts as unchanged (and keeps its exact value and source)."""


@dataclass
class ComponentValues:
    kind: str = "first_order"
    fraction: float = 1.0
    lag_h: float = 0.0
    ka_per_h: float | None = 1.0
    duration_h: float | None = None
    kconv_per_h: float | None = None
    label: str = ""


@dataclass
class MedicationValues:
    """What the editor's fields hold."""

    id: str = ""
    name: str = ""
    generic: str = ""
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    analyte: str = ""
    family: str = ""
    base_per_label_mg: float = 1.0
    relative_f: float = 1.0
    label_min_mg: float = 0.0
    label_max_mg: float = 0.0
    strengths_mg: list[float] = field(default_factory=list)
    components: list[ComponentValues] = field(default_factory=lambda: [ComponentValues()])
    keep_extras: bool = True


_NOT_FOR_KIND = {("duration_h", "first_order"), ("duration_h", "prodrug"),
                 ("kconv_per_h", "first_order"), ("kconv_per_h", "zero_order")}
"""Numbers a block does not have (the library refuses them)."""


def slug(name: str) -> str:
    """An id for a name: lower-case letters and digits joined by single hyphens, accents
    dropped ('Ritalin® LA é' -> 'ritalin-la-e')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def split_names(text: str) -> list[str]:
    """Comma-separated names, trimmed, empty ones dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _number(value: float | None, template: Number | None) -> Number | None:
    """``value`` as the template had it when unchanged at the editor's precision (its
    source kept), else bare (the person's)."""
    if value is None:
        return None
    if template is not None and \
            round(template.value, NUMBER_DECIMALS) == round(value, NUMBER_DECIMALS):
        return template
    return Number(value)


def _required(value: float, template: Number | None) -> Number:
    number = _number(value, template)
    assert number is not None  # a value was given
    return number


def _component(values: ComponentValues, template: ComponentDefinition | None,
               keep_extras: bool) -> ComponentDefinition:
    same = template if template is not None and template.kind == values.kind else None

    def number(name: str) -> Number | None:
        if (name, values.kind) in _NOT_FOR_KIND:
            return None
        return _number(getattr(values, name), getattr(same, name) if same else None)

    return ComponentDefinition(
        kind=values.kind,
        fraction=_required(values.fraction, same.fraction if same else None),
        lag_h=_required(values.lag_h, same.lag_h if same else None),
        ka_per_h=number("ka_per_h"), duration_h=number("duration_h"),
        kconv_per_h=number("kconv_per_h"),
        fed_lag_h=same.fed_lag_h if keep_extras and same is not None else None,
        label=values.label.strip() or None,
        extra=_known_to_others(same.extra) if keep_extras and same is not None else {})


def build_definition(values: MedicationValues,
                     template: MedicationDefinition | None = None) -> MedicationDefinition:
    """A definition for :meth:`MedicationService.add_custom` from the editor's values."""
    t = template
    first = t.moieties[0] if t is not None and t.moieties else None
    keep = values.keep_extras and t is not None
    moieties = [MoietyDefinition(values.analyte, _required(
        values.base_per_label_mg, first.base_per_label_mg if first else None),
        extra=_known_to_others(first.extra) if keep and first is not None else {})]
    components = t.components if t is not None else ()
    if keep and t is not None:
        moieties.extend(t.moieties[1:])
    return MedicationDefinition(
        id=values.id, name=values.name.strip(),
        generic=values.generic.strip() or None,
        description=values.description.strip() or None,
        aliases=tuple(values.aliases), family=values.family, moieties=tuple(moieties),
        relative_f=_number(values.relative_f, t.relative_f if t else None),
        components=tuple(
            _component(c, components[i] if i < len(components) else None, values.keep_extras)
            for i, c in enumerate(values.components)),
        label_min_mg=_required(values.label_min_mg, t.label_min_mg if t else None),
        label_max_mg=_required(values.label_max_mg, t.label_max_mg if t else None),
        strengths_mg=_strengths(values.strengths_mg, t.strengths_mg if t else None),
        unit=t.unit if t is not None else None,
        food_effect=t.food_effect if keep and t is not None else None,
        reported=t.reported if keep and t is not None else None,
        notes=t.notes if keep and t is not None and t.notes else None,
        extra=_known_to_others(t.extra) if keep and t is not None else {},
    )


def _known_to_others(extra: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
    """The keys a newer version (or another tool) wrote that this form has no field for,
    carried as written; a known key written as null stays out (the form decides it)."""
    return {key: value for key, value in extra.items() if value is not None}


def _strengths(values: list[float], template: Strengths | None) -> Strengths:
    if template is not None and [float(v) for v in template.values] == values:
        return template
    return Strengths(tuple(values))


def values_from(definition: MedicationDefinition, analyte_family: Mapping[str, str]
                ) -> MedicationValues:
    """The editor's values for a definition (a template or a stored one)."""
    d = definition
    moiety = d.moieties[0] if d.moieties else None
    analyte = moiety.analyte if moiety is not None else ""
    return MedicationValues(
        id=d.id, name=d.name, generic=d.generic or "", description=d.description or "",
        aliases=list(d.aliases or ()),
        analyte=analyte,
        family=analyte_family.get(analyte, d.family),
        base_per_label_mg=_value(moiety.base_per_label_mg if moiety else None) or 1.0,
        relative_f=_value(d.relative_f) or 1.0,
        label_min_mg=_value(d.label_min_mg) or 0.0,
        label_max_mg=_value(d.label_max_mg) or 0.0,
        strengths_mg=[float(s) for s in d.strengths_mg.values] if d.strengths_mg else [],
        components=[ComponentValues(
            kind=c.kind,
            fraction=_value(c.fraction) or 0.0,
            lag_h=_value(c.lag_h) or 0.0,
            ka_per_h=_value(c.ka_per_h),
            duration_h=_value(c.duration_h),
            kconv_per_h=_value(c.kconv_per_h),
            label=c.label or "",
        ) for c in d.components] or [ComponentValues()],
    )


def _value(number: Number | None) -> float | None:
    return None if number is None else float(number.value)


def extras(definition: MedicationDefinition | None) -> list[str]:
    """What a definition holds that the editor has no field for, in plain words."""
    if definition is None:
        return []
    found = []
    if definition.food_effect is not None:
        found.append("the effect of food")
    for i, c in enumerate(definition.components):
        if c.fed_lag_h is not None:
            found.append(f"component {i + 1}'s lag after a meal")
    more = definition.moieties[1:]
    if more:
        found.append("a further active substance: " + ", ".join(m.analyte for m in more))
    if definition.reported is not None:
        found.append("which analyte its published numbers measure")
    if definition.notes:
        found.append("its notes")
    unknown = _unknown_keys(definition)
    if unknown:
        found.append("fields this version does not know: " + ", ".join(unknown))
    return found


def _unknown_keys(d: MedicationDefinition) -> list[str]:
    """Keys kept as written (``extra``) with a value, where the form writes them back."""
    parts: list[tuple[str, Mapping[str, JSONValue]]] = [
        ("", d.extra), *((f"component {i + 1}: ", c.extra) for i, c in enumerate(d.components))]
    if d.moieties:
        parts.append(("", d.moieties[0].extra))
    return [f"{where}{key}" for where, extra in parts
            for key, value in extra.items() if value is not None]
