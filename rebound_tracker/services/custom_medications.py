"""The person's own medications: checking a definition against the library it joins.

A definition is the JSON object :func:`rebound_tracker.pk.library.formulation_from_dict`
accepts. It is stored verbatim (see ``storage.custom_medications``), so an export gives back
exactly what the person wrote. Joining a library, it must not take a name another medication
answers to: its id, name and aliases may not equal any other medication's id, name, generic
name or alias, and its generic name may not equal another's id, name or alias (several
products may share a generic name, as Ritalin and Concerta do).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.pk.library import MedicationLibrary, formulation_from_dict

log = logging.getLogger(__name__)

Definition = dict[str, Any]


def _key(name: str) -> str:
    """How the library compares names: case-insensitive, runs of white space as one space."""
    return " ".join(str(name).split()).casefold()


def _own_names(formulation: Formulation) -> list[tuple[str, str]]:
    """(field, name) pairs a formulation must keep to itself: id, name, aliases."""
    return [("id", formulation.id), ("name", formulation.name),
            *((f"aliases[{i}]", a) for i, a in enumerate(formulation.aliases))]


def _taken_names(library: MedicationLibrary) -> tuple[dict[str, str], dict[str, str]]:
    """Names already answered to: (id/name/alias key -> id, generic key -> id)."""
    own: dict[str, str] = {}
    generic: dict[str, str] = {}
    for f in library.formulations:
        for _, name in _own_names(f):
            own.setdefault(_key(name), f.id)
        generic.setdefault(_key(f.generic), f.id)
    return own, generic


def check_names(library: MedicationLibrary, formulation: Formulation) -> None:
    """ValidationError('<id>.<field>') if ``formulation`` would take a name that a
    medication of ``library`` already answers to (see the module docstring)."""
    own, generic = _taken_names(library)
    wanted = [*(_own_names(formulation)), ("generic", formulation.generic)]
    for name_field, name in wanted:
        key = _key(name)
        holder = own.get(key)
        if holder is None and name_field != "generic":
            holder = generic.get(key)
        if holder is not None:
            held = library.get(holder)
            raise ValidationError(
                f"{formulation.id}.{name_field}", name,
                f"a name no other medication answers to; {held.name} ({held.id}) already "
                "does")


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


def join(library: MedicationLibrary, definition: Any) -> tuple[Formulation, MedicationLibrary]:
    """Validate ``definition`` as a new medication of ``library``.

    Returns the formulation and the library with it added. Raises ValidationError naming the
    field as '<id>.<path>': a bad number or block (:func:`formulation_from_dict`), a name
    taken by another medication, an unknown analyte or drug family.
    """
    formulation = formulation_from_dict(definition)
    _check_finite(definition, formulation.id)
    try:
        json.dumps(definition, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ValidationError(formulation.id, type(definition).__name__,
                              f"plain JSON values only ({err})") from None
    check_names(library, formulation)
    return formulation, library.with_custom([formulation])


def load_stored(base: MedicationLibrary, definitions: Iterable[Definition]
                ) -> tuple[MedicationLibrary, frozenset[str]]:
    """``base`` plus every stored definition that still validates, and their ids.

    A definition that no longer does (the library changed, or the store was edited) is
    skipped with a logged warning and left stored: it is the person's data, and `meds
    remove` or a fixed re-import is theirs to choose.
    """
    library, ids = base, set()
    for definition in definitions:
        try:
            formulation, library = join(library, definition)
        except ValidationError as err:
            name = definition.get("id") if isinstance(definition, Mapping) else None
            log.warning("custom medication %r is not loaded: %s", name, err)
            continue
        ids.add(formulation.id)
    return library, frozenset(ids)


@dataclass
class ImportCheck:
    """The custom medications of an import file, checked against the store.

    ``new`` are (id, definition) to add; ``unchanged`` counts definitions identical to the
    stored ones; ``problems`` are (1-based index, ValidationError); ``ids`` are the ids the
    file's doses may refer to (new and unchanged alike).
    """

    new: list[tuple[str, Definition]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[tuple[int, ValidationError]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def check_import(library: MedicationLibrary, stored: Mapping[str, Definition],
                 items: Iterable[Any]) -> ImportCheck:
    """Check an import's custom medications against ``library`` (built-ins plus what is
    loaded) and the ``stored`` definitions by id.

    Rule per id: identical to the stored definition -> unchanged; not stored -> added (it
    must validate and take no other medication's name); stored with a different definition
    -> a problem naming the id (an import never rewrites a medication that logged doses
    may be computed from). The same id twice in one file is a problem too.
    """
    result = ImportCheck()
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        med_id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(med_id, str) and med_id in seen:
            result.problems.append((number, ValidationError(
                "id", med_id, f"an id used once per file (also on row {seen[med_id]})")))
            continue
        if isinstance(med_id, str):
            seen[med_id] = number
        if isinstance(med_id, str) and med_id in stored:
            if stored[med_id] == item:
                result.unchanged += 1
                result.ids.add(med_id)
            else:
                result.problems.append((number, ValidationError(
                    "id", med_id, "the definition already stored under this id, unchanged "
                    "(this store has a different one; give the file's medication a new id)")))
            continue
        try:
            formulation, library = join(library, item)
        except ValidationError as err:
            result.problems.append((number, err))
            continue
        result.new.append((formulation.id, dict(item)))
        result.ids.add(formulation.id)
    return result
