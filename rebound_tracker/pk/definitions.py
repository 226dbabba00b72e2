"""The one place a person's medication definition turns from JSON into the typed model and
back (:mod:`rebound_tracker.domain.medication_definition`), and into a Formulation.

It sits beside the library (``pk/library.py`` parses the built-in products; this module uses
the same checks, :func:`~rebound_tracker.pk.library.formulation_from_dict`, so every message
about bad input is the library's). JSON comes from ``meds add`` files, import files and the
store; :func:`definition_to_json` gives it back as it came, keys sorted as the store writes
them, so what was stored is exported unchanged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.medication_definition import (
    ComponentDefinition,
    FoodEffectDefinition,
    JSONValue,
    MedicationDefinition,
    MoietyDefinition,
    Number,
    ReportedDefinition,
    Strengths,
)
from rebound_tracker.pk.library import formulation_from_dict, formulation_to_dict

__all__ = ["definition_from_formulation", "definition_from_json", "definition_from_text",
           "definition_to_json", "definition_to_text", "formulation_of", "stored_json"]


# ---------------------------------------------------------------------------------------
# JSON -> typed


def definition_from_json(data: Any) -> MedicationDefinition:
    """The typed definition of a JSON object in the form ``meds add`` reads.

    Checks everything a formulation of its own needs (:func:`formulation_from_dict`) and
    that it is plain, finite JSON; raises ValidationError naming the field as '<id>.<path>'.
    Whether its analyte, family and names fit a library is for the library it joins.
    """
    formulation = formulation_from_dict(data)
    _check_plain_json(data, formulation.id)
    return _definition(data)


def definition_from_text(text: str) -> MedicationDefinition:
    """A stored definition (:func:`definition_to_text`); ValidationError if it is not JSON
    or no longer a definition this version can read."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ValidationError("definition", str(err)[:80], "valid JSON") from None
    return definition_from_json(data)


def stored_json(text: str) -> JSONValue:
    """The JSON of a stored definition as written, whether or not this version can read it
    as a definition (an export carries it unchanged; an import compares with it). A stored
    text that is not JSON at all (the database edited by hand) comes back as that text, a
    JSON string: the export still carries it, and an import refuses it as not a definition."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def definition_from_formulation(formulation: Formulation) -> MedicationDefinition:
    """A built-in product as a definition, every number with its source: where a person's
    own medication may start from."""
    return definition_from_json(formulation_to_dict(formulation))


def formulation_of(definition: MedicationDefinition) -> Formulation:
    """The Formulation a definition describes (bare numbers get the USER source), checked
    as :func:`definition_from_json` checks JSON."""
    doc = definition_to_json(definition)
    formulation = formulation_from_dict(doc)
    _check_plain_json(doc, formulation.id)
    return formulation


def _check_plain_json(data: Any, med_id: str) -> None:
    _check_finite(data, med_id)
    try:
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ValidationError(med_id, type(data).__name__,
                              f"plain JSON values only ({err})") from None


def _check_finite(node: Any, where: str) -> None:
    """Stored definitions are strict JSON: no NaN or infinity anywhere."""
    if isinstance(node, float) and not math.isfinite(node):
        raise ValidationError(where, node, "a finite number")
    if isinstance(node, Mapping):
        for key, value in node.items():
            _check_finite(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_finite(value, f"{where}[{i}]")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)


class _Reader:
    """Takes the known fields of one checked JSON object; what it does not take — unknown
    keys, nulls, and stand-ins the library accepts for 'none' (an empty text for aliases)
    — stays in ``extra()`` as written."""

    def __init__(self, obj: Mapping[str, Any]) -> None:
        self._obj = obj
        self._taken: set[str] = set()

    def _take(self, key: str, fits: bool) -> Any:
        value = self._obj.get(key)
        if key in self._obj and value is not None and fits:
            self._taken.add(key)
            return value
        return None

    def text(self, key: str) -> str | None:
        value = self._take(key, isinstance(self._obj.get(key), str))
        return value if isinstance(value, str) else None

    def number(self, key: str) -> Number | None:
        raw: Any = self._obj.get(key)
        if _is_number(raw):
            return Number(self._take(key, True))
        if isinstance(raw, Mapping):
            self._take(key, True)
            return Number(raw["value"], str(raw["source"]), _rest(raw, ("value", "source")))
        return None

    def required_number(self, key: str) -> Number:
        found = self.number(key)
        if found is None:  # the checks before reading make this unreachable
            raise ValidationError(key, self._obj.get(key), "a number")
        return found

    def names(self, key: str) -> tuple[str, ...] | None:
        raw: Any = self._obj.get(key)
        fits = _is_list(raw) and all(isinstance(n, str) for n in raw)
        return tuple(raw) if self._take(key, fits) is not None else None

    def objects(self, key: str) -> list[Mapping[str, Any]]:
        raw: Any = self._obj.get(key)
        fits = _is_list(raw) and all(isinstance(o, Mapping) for o in raw)
        return list(raw) if self._take(key, fits) is not None else []

    def object(self, key: str) -> Mapping[str, Any] | None:
        value = self._take(key, isinstance(self._obj.get(key), Mapping))
        return value if isinstance(value, Mapping) else None

    def strengths(self, key: str) -> Strengths | None:
        raw: Any = self._obj.get(key)
        if _is_list(raw) and all(_is_number(s) for s in raw):
            self._take(key, True)
            return Strengths(tuple(raw))
        if isinstance(raw, Mapping) and _is_list(raw.get("value")) \
                and all(_is_number(s) for s in raw["value"]):
            self._take(key, True)
            return Strengths(tuple(raw["value"]), str(raw["source"]),
                             _rest(raw, ("value", "source")))
        return None

    def extra(self) -> dict[str, JSONValue]:
        return {k: v for k, v in self._obj.items() if k not in self._taken}


def _rest(obj: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, JSONValue]:
    return {k: v for k, v in obj.items() if k not in known}


def _component(obj: Mapping[str, Any]) -> ComponentDefinition:
    r = _Reader(obj)
    return ComponentDefinition(
        kind=r.text("kind") or "", fraction=r.required_number("fraction"),
        lag_h=r.required_number("lag_h"), ka_per_h=r.number("ka_per_h"),
        duration_h=r.number("duration_h"), kconv_per_h=r.number("kconv_per_h"),
        fed_lag_h=r.number("fed_lag_h"), label=r.text("label"), extra=r.extra())


def _moiety(obj: Mapping[str, Any]) -> MoietyDefinition:
    r = _Reader(obj)
    return MoietyDefinition(r.text("analyte") or "", r.required_number("base_per_label_mg"),
                            r.extra())


def _food_effect(obj: Mapping[str, Any] | None) -> FoodEffectDefinition | None:
    if obj is None:
        return None
    r = _Reader(obj)
    return FoodEffectDefinition(r.required_number("lag_shift_h"), r.required_number("ka_factor"),
                                r.required_number("relative_f"), r.extra())


def _reported(obj: Mapping[str, Any] | None) -> ReportedDefinition | None:
    if obj is None:
        return None
    r = _Reader(obj)
    return ReportedDefinition(r.text("analyte") or "", r.required_number("fraction_of_primary"),
                              r.extra())


def _definition(data: Mapping[str, Any]) -> MedicationDefinition:
    """The typed form of a definition that passed :func:`formulation_from_dict`."""
    r = _Reader(data)
    return MedicationDefinition(
        id=r.text("id") or "", name=r.text("name") or "", family=r.text("family") or "",
        moieties=tuple(_moiety(m) for m in r.objects("moieties")),
        components=tuple(_component(c) for c in r.objects("components")),
        label_min_mg=r.required_number("label_min_mg"),
        label_max_mg=r.required_number("label_max_mg"),
        generic=r.text("generic"), description=r.text("description"),
        aliases=r.names("aliases"), unit=r.text("unit"), relative_f=r.number("relative_f"),
        strengths_mg=r.strengths("strengths_mg"),
        food_effect=_food_effect(r.object("food_effect")),
        reported=_reported(r.object("reported")),
        notes=r.names("notes"), extra=r.extra())


# ---------------------------------------------------------------------------------------
# typed -> JSON


def definition_to_json(definition: MedicationDefinition) -> dict[str, Any]:
    """The JSON object of ``definition``: what :func:`definition_from_json` read (or what
    ``meds add`` would read), keys sorted at every level as the store writes them."""
    d = definition
    doc = {
        "id": d.id, "name": d.name, "generic": d.generic, "description": d.description,
        "aliases": _list(d.aliases), "family": d.family, "unit": d.unit,
        "moieties": [_object({"analyte": m.analyte,
                              "base_per_label_mg": _number(m.base_per_label_mg)}, m.extra)
                     for m in d.moieties],
        "relative_f": _number(d.relative_f),
        "components": [_component_json(c) for c in d.components],
        "food_effect": None if d.food_effect is None else _object(
            {"lag_shift_h": _number(d.food_effect.lag_shift_h),
             "ka_factor": _number(d.food_effect.ka_factor),
             "relative_f": _number(d.food_effect.relative_f)}, d.food_effect.extra),
        "reported": None if d.reported is None else _object(
            {"analyte": d.reported.analyte,
             "fraction_of_primary": _number(d.reported.fraction_of_primary)},
            d.reported.extra),
        "label_min_mg": _number(d.label_min_mg),
        "label_max_mg": _number(d.label_max_mg),
        "strengths_mg": _strengths(d.strengths_mg),
        "notes": _list(d.notes),
    }
    return _object(doc, d.extra)


def definition_to_text(definition: MedicationDefinition) -> str:
    """The stored form: compact JSON, keys sorted, non-ASCII text as it is."""
    return json.dumps(definition_to_json(definition), ensure_ascii=False, sort_keys=True,
                      allow_nan=False)


def _object(fields: Mapping[str, Any], extra: Mapping[str, JSONValue]) -> dict[str, Any]:
    """Given fields (None: not given) plus what ``extra`` kept, keys sorted throughout."""
    out = {k: v for k, v in fields.items() if v is not None}
    out.update((k, v) for k, v in extra.items() if k not in out)
    return {k: _sorted(out[k]) for k in sorted(out)}


def _sorted(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _sorted(node[k]) for k in sorted(node)}
    if isinstance(node, list):
        return [_sorted(v) for v in node]
    return node


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def _number(number: Number | None) -> Any:
    if number is None:
        return None
    if number.source is None and not number.extra:
        return number.value
    return _object({"value": number.value, "source": number.source}, number.extra)


def _strengths(strengths: Strengths | None) -> Any:
    if strengths is None:
        return None
    if strengths.source is None and not strengths.extra:
        return list(strengths.values)
    return _object({"value": list(strengths.values), "source": strengths.source},
                   strengths.extra)


def _component_json(c: ComponentDefinition) -> dict[str, Any]:
    return _object({"kind": c.kind, "label": c.label, "fraction": _number(c.fraction),
                    "lag_h": _number(c.lag_h), "ka_per_h": _number(c.ka_per_h),
                    "duration_h": _number(c.duration_h),
                    "kconv_per_h": _number(c.kconv_per_h),
                    "fed_lag_h": _number(c.fed_lag_h)}, c.extra)
