"""The medication library: built-in formulations and analytes, loaded from package resources.

Data lives in ``rebound_tracker/medications`` (package data, so the same path holds in a
checkout, an editable install, a wheel and a frozen bundle), read only through
importlib.resources:
``analytes.json`` (drug families and analytes) and ``formulations/*.json`` (one product per
file). Every number there is ``{"value": ..., "source": "KIND: citation"}``. A person's own
medication definition is converted beside it, in :mod:`rebound_tracker.pk.definitions`.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import (
    Analyte,
    Component,
    DrugFamily,
    FoodEffect,
    Formulation,
    Modifier,
    Moiety,
    ReportedAnalyte,
    Source,
    Sourced,
)

T = TypeVar("T")

CLOSE_MATCHES = 5
"""How many close matches an unknown medication name lists."""


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


@dataclass(frozen=True)
class MedicationLibrary:
    """Formulations sorted by display name, plus the families and analytes they refer to."""

    formulations: tuple[Formulation, ...]
    analytes: Mapping[str, Analyte]
    families: Mapping[str, DrugFamily]
    _by_id: dict[str, Formulation] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.formulations, key=lambda f: (f.name.casefold(), f.id)))
        object.__setattr__(self, "formulations", ordered)
        by_id: dict[str, Formulation] = {}
        names: dict[str, list[str]] = {}
        for f in ordered:
            if f.id in by_id:
                raise ValidationError("id", f.id, "a formulation id used only once")
            for moiety in f.moieties:
                if moiety.analyte not in self.analytes:
                    raise ValidationError(f"{f.id}.moieties.analyte", moiety.analyte,
                                          f"one of: {', '.join(sorted(self.analytes))}")
            if f.reported is not None and f.reported.analyte not in self.analytes:
                raise ValidationError(f"{f.id}.reported.analyte", f.reported.analyte,
                                      f"one of: {', '.join(sorted(self.analytes))}")
            if f.family not in self.families:
                raise ValidationError(f"{f.id}.family", f.family,
                                      f"one of: {', '.join(sorted(self.families))}")
            by_id[f.id] = f
            for key in {_norm(n) for n in (f.id, f.name, f.generic, *f.aliases)}:
                names.setdefault(key, []).append(f.id)
        for a in self.analytes.values():
            if a.family not in self.families:
                raise ValidationError(f"analytes.{a.name}.family", a.family,
                                      f"one of: {', '.join(sorted(self.families))}")
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_name", {k: tuple(v) for k, v in names.items()})

    def with_custom(self, formulations: Iterable[Formulation]) -> MedicationLibrary:
        """This library plus a person's own formulations (see :func:`formulation_from_dict`).

        ValidationError if a custom id is already used, or if a formulation names an
        unknown analyte or drug family (field '<id>.moieties.analyte' / '<id>.family').
        """
        return MedicationLibrary(self.formulations + tuple(formulations), self.analytes,
                                 self.families)

    def get(self, formulation_id: str) -> Formulation:
        """The formulation with this exact id; KeyError if there is none."""
        return self._by_id[formulation_id]

    def analyte(self, name: str) -> Analyte:
        return self.analytes[name]

    def family(self, name: str) -> DrugFamily:
        return self.families[name]

    def resolve(self, name: str) -> Formulation:
        """A formulation by id, display name, generic name or alias (case-insensitive).

        Unknown or ambiguous names raise ValidationError("medication", name, "one of: ...")
        listing the close matches (or the candidates of an ambiguous name).
        """
        key = _norm(name)
        ids = self._by_name.get(key, ())
        if len(ids) == 1:
            return self._by_id[ids[0]]
        if not ids:
            close = difflib.get_close_matches(key, list(self._by_name), n=CLOSE_MATCHES,
                                              cutoff=0.6)
            ids = tuple(dict.fromkeys(i for k in close for i in self._by_name[k]))
            if not ids:
                ids = tuple(f.id for f in self.formulations)
        listed = ", ".join(f"{i} ({self._by_id[i].name})" for i in ids)
        raise ValidationError("medication", name, f"one of: {listed}")


# ---------------------------------------------------------------------------------------
# Parsing


def _num(obj: Mapping[str, Any], key: str, where: str) -> Sourced:
    path = f"{where}.{key}"
    raw = obj.get(key)
    if not isinstance(raw, Mapping) or "value" not in raw or "source" not in raw:
        raise ValidationError(path, raw, "{'value': number, 'source': 'KIND: citation'}")
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(path, value, "a number")
    return Sourced(float(value), Source.parse(raw["source"], f"{path}.source"))


def _opt_num(obj: Mapping[str, Any], key: str, where: str) -> Sourced | None:
    return _num(obj, key, where) if obj.get(key) is not None else None


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}.{key}", value, "a non-empty text")
    return value


def _with_where(where: str, build: Callable[..., T]) -> T:
    try:
        return build()
    except ValidationError as err:
        if err.field.startswith(where):
            raise
        field_name = err.field
        last = where.rsplit(".", 1)[-1].split("[", 1)[0]
        if field_name.startswith(last + "."):  # "components.ka_per_h" inside components[i]
            field_name = field_name[len(last) + 1:]
        raise ValidationError(f"{where}.{field_name}", err.value, err.accepted) from err


def _parse_component(c: Mapping[str, Any], cw: str) -> Component:
    return _with_where(cw, lambda: Component(
        kind=_text(c, "kind", cw),
        fraction=_num(c, "fraction", cw),
        lag_h=_num(c, "lag_h", cw),
        ka_per_h=_opt_num(c, "ka_per_h", cw),
        duration_h=_opt_num(c, "duration_h", cw),
        kconv_per_h=_opt_num(c, "kconv_per_h", cw),
        label=str(c.get("label", "")),
        fed_lag_h=_opt_num(c, "fed_lag_h", cw),
    ))


def _parse_moiety(m: Mapping[str, Any], mw: str) -> Moiety:
    return _with_where(mw, lambda: Moiety(_text(m, "analyte", mw),
                                          _num(m, "base_per_label_mg", mw)))


def _parse_food_effect(food: Mapping[str, Any] | None, fw: str) -> FoodEffect | None:
    if food is None:
        return None
    return _with_where(fw, lambda: FoodEffect(
        _num(food, "lag_shift_h", fw), _num(food, "ka_factor", fw),
        _num(food, "relative_f", fw)))


def _parse_reported(reported: Mapping[str, Any] | None, rw: str) -> ReportedAnalyte | None:
    if reported is None:
        return None
    return _with_where(rw, lambda: ReportedAnalyte(
        _text(reported, "analyte", rw), _num(reported, "fraction_of_primary", rw)))


def parse_formulation(data: Mapping[str, Any]) -> Formulation:
    """A Formulation from its JSON form (see module docstring); ValidationError names the
    offending field as '<id>.<path>'."""
    where = str(data.get("id", "formulation"))
    components = [_parse_component(c, f"{where}.components[{i}]")
                  for i, c in enumerate(data.get("components") or [])]
    moieties = [_parse_moiety(m, f"{where}.moieties[{i}]")
                for i, m in enumerate(data.get("moieties") or [])]
    food_effect = _parse_food_effect(data.get("food_effect"), f"{where}.food_effect")
    strengths = data.get("strengths_mg")
    if not isinstance(strengths, Mapping) or not isinstance(strengths.get("value"), list):
        raise ValidationError(f"{where}.strengths_mg", strengths,
                              "{'value': [mg, ...], 'source': 'KIND: citation'}")
    reported_analyte = _parse_reported(data.get("reported"), f"{where}.reported")
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValidationError(f"{where}.aliases", aliases, "a list of names")
    return _with_where(where, lambda: Formulation(
        id=_text(data, "id", where),
        name=_text(data, "name", where),
        generic=_text(data, "generic", where),
        description=_text(data, "description", where),
        aliases=tuple(aliases),
        family=_text(data, "family", where),
        unit=_text(data, "unit", where),
        moieties=tuple(moieties),
        relative_f=_num(data, "relative_f", where),
        components=tuple(components),
        label_min=_num(data, "label_min_mg", where),
        label_max=_num(data, "label_max_mg", where),
        strengths=tuple(float(s) for s in strengths["value"]),
        strengths_source=Source.parse(strengths.get("source", ""),
                                      f"{where}.strengths_mg.source"),
        food_effect=food_effect,
        notes=tuple(str(n) for n in data.get("notes") or ()),
        reported=reported_analyte,
    ))


USER_SOURCE = "USER: entered by the person for a formulation they defined"
"""Source given to numbers of a custom formulation entered without one."""

_NUMBER_FIELDS = ("fraction", "lag_h", "ka_per_h", "duration_h", "kconv_per_h", "fed_lag_h",
                  "base_per_label_mg", "relative_f", "label_min_mg", "label_max_mg",
                  "lag_shift_h", "ka_factor", "fraction_of_primary", "strengths_mg")


def _with_user_sources(node: Any) -> Any:
    """A copy of ``node`` where bare numbers (and bare strength lists) of known numeric
    fields become {'value': ..., 'source': USER_SOURCE}."""
    if isinstance(node, list):
        return [_with_user_sources(v) for v in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        bare = (isinstance(value, int | float) and not isinstance(value, bool)) or (
            key == "strengths_mg" and isinstance(value, list))
        if key in _NUMBER_FIELDS and bare:
            out[key] = {"value": value, "source": USER_SOURCE}
        else:
            out[key] = _with_user_sources(value)
    return out


def formulation_from_dict(data: Mapping[str, Any]) -> Formulation:
    """A person's own formulation from the same building blocks as the library.

    ``data`` has the library's JSON form (see ``rebound_tracker/medications/formulations``);
    numbers may be given bare (they get a USER source) or as {'value', 'source'}.
    Defaults: ``unit`` 'ng/mL', ``aliases`` [], ``relative_f`` 1, ``description`` and
    ``generic`` from the name, ``strengths_mg`` []. Checks every field (fractions summing
    to 1, positive rates and durations, non-negative lags, label range) and raises
    ValidationError naming the field as '<id>.<path>'. Whether the analyte and family exist
    is checked when it joins a library (:meth:`MedicationLibrary.with_custom`).
    """
    if not isinstance(data, Mapping):
        raise ValidationError("formulation", type(data).__name__, "an object of fields")
    doc: dict[str, Any] = {"unit": "ng/mL", "aliases": [], "relative_f": 1.0,
                           "strengths_mg": [], "food_effect": None}
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        doc["description"] = f"{name} (defined by the person)"
        doc["generic"] = name
    doc.update(data)
    if "label_min_mg" not in doc or "label_max_mg" not in doc:
        missing = "label_min_mg" if "label_min_mg" not in doc else "label_max_mg"
        raise ValidationError(f"{doc.get('id', 'formulation')}.{missing}", None,
                              "a positive number of mg")
    return parse_formulation(_with_user_sources(doc))


def _sourced_dict(value: Sourced) -> dict[str, Any]:
    return {"value": value.value, "source": str(value.source)}


def _component_dict(c: Component) -> dict[str, Any]:
    out: dict[str, Any] = {"label": c.label} if c.label else {}
    out["kind"] = c.kind
    out.update({name: _sourced_dict(value) for name, value in c.numbers().items()})
    return out


def formulation_to_dict(formulation: Formulation) -> dict[str, Any]:
    """The library's JSON form of ``formulation`` (every number with its source), which
    :func:`parse_formulation` reads back to an equal Formulation. Used to start a person's
    own formulation from an existing product."""
    f = formulation
    food = f.food_effect
    doc: dict[str, Any] = {
        "id": f.id, "name": f.name, "generic": f.generic, "description": f.description,
        "aliases": list(f.aliases), "family": f.family, "unit": f.unit,
        "moieties": [{"analyte": m.analyte,
                      "base_per_label_mg": _sourced_dict(m.base_per_label_mg)}
                     for m in f.moieties],
        "relative_f": _sourced_dict(f.relative_f),
        "components": [_component_dict(c) for c in f.components],
        "food_effect": None if food is None else {
            name: _sourced_dict(getattr(food, name))
            for name in ("lag_shift_h", "ka_factor", "relative_f")},
        "label_min_mg": _sourced_dict(f.label_min),
        "label_max_mg": _sourced_dict(f.label_max),
        "strengths_mg": {"value": list(f.strengths), "source": str(f.strengths_source)},
        "notes": list(f.notes),
    }
    if f.reported is not None:
        doc["reported"] = {"analyte": f.reported.analyte,
                           "fraction_of_primary": _sourced_dict(f.reported.fraction_of_primary)}
    return doc


def parse_family(name: str, data: Mapping[str, Any]) -> DrugFamily:
    where = f"families.{name}"
    return _with_where(where, lambda: DrugFamily(
        name=name,
        description=_text(data, "description", where),
        ke0_per_h=_num(data, "ke0_per_h", where),
        tolerance_rate_per_h=_num(data, "tolerance_rate_per_h", where),
        tolerance_gain=_num(data, "tolerance_gain", where),
        daily_windows=bool(data.get("daily_windows", True)),
        hill=_opt_num(data, "hill", where),
    ))


def parse_analyte(data: Mapping[str, Any]) -> Analyte:
    where = f"analytes.{data.get('name', '?')}"
    modifiers = []
    for i, m in enumerate(data.get("modifiers") or []):
        mw = f"{where}.modifiers[{i}]"
        modifiers.append(_with_where(mw, lambda m=m, mw=mw: Modifier(
            _text(m, "setting", mw), _text(m, "value", mw),
            _opt_num(m, "t_half_h", mw), _opt_num(m, "cl_f_factor", mw))))
    return _with_where(where, lambda: Analyte(
        name=_text(data, "name", where),
        unit=_text(data, "unit", where),
        family=_text(data, "family", where),
        description=_text(data, "description", where),
        t_half_h=_num(data, "t_half_h", where),
        ec50=_num(data, "ec50", where),
        cl_f_l_per_h=_opt_num(data, "cl_f_l_per_h", where),
        v_f_l_per_kg=_opt_num(data, "v_f_l_per_kg", where),
        modifiers=tuple(modifiers),
        cl_weight_exponent=_opt_num(data, "cl_weight_exponent", where),
        v_weight_exponent=_opt_num(data, "v_weight_exponent", where),
    ))


def medications_dir() -> Traversable:
    """The packaged medication data directory (works from a wheel and from the source tree)."""
    return files("rebound_tracker") / "medications"


def _read_json(entry: Traversable) -> Any:
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValidationError(entry.name, f"line {err.lineno}", "valid JSON") from err


def build_library(analytes_doc: Mapping[str, Any],
                  formulation_docs: Iterable[Mapping[str, Any]]) -> MedicationLibrary:
    """A library from already-parsed JSON documents (used by load_library and by tests)."""
    families = {name: parse_family(name, fam)
                for name, fam in (analytes_doc.get("families") or {}).items()}
    analytes = {}
    for doc in analytes_doc.get("analytes") or []:
        a = parse_analyte(doc)
        if a.name in analytes:
            raise ValidationError("analytes.name", a.name, "an analyte name used only once")
        analytes[a.name] = a
    formulations = tuple(parse_formulation(doc) for doc in formulation_docs)
    return MedicationLibrary(formulations, analytes, families)


@functools.cache
def load_library() -> MedicationLibrary:
    """The built-in library, parsed once per process."""
    root = medications_dir()
    analytes_doc = _read_json(root / "analytes.json")
    docs = [_read_json(entry) for entry in sorted((root / "formulations").iterdir(),
                                                  key=lambda e: e.name)
            if entry.name.endswith(".json")]
    return build_library(analytes_doc, docs)
