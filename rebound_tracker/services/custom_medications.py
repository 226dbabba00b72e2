"""The person's own medications: checking a definition against the library it joins.

A definition is a :class:`~rebound_tracker.domain.medication_definition.MedicationDefinition`
(the typed form of the JSON object ``meds add`` reads; :mod:`rebound_tracker.pk.definitions`
converts). It is stored as the JSON text of what the person wrote (see
``storage.custom_medications``), so an export gives back exactly that. Joining a library,
it must not take a name another medication answers to: its id, name and aliases may not
equal any other medication's id, name, generic name or alias, and its generic name may not
equal another's id, name or alias (several products may share a generic name, as Ritalin
and Concerta do).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.medication_definition import JSONValue, MedicationDefinition
from rebound_tracker.pk.definitions import (
    definition_from_json,
    definition_from_text,
    formulation_of,
)
from rebound_tracker.pk.library import MedicationLibrary

log = logging.getLogger(__name__)


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


def join(library: MedicationLibrary, definition: MedicationDefinition
         ) -> tuple[Formulation, MedicationLibrary]:
    """Validate ``definition`` as a new medication of ``library``.

    Returns the formulation and the library with it added. Raises ValidationError naming the
    field as '<id>.<path>': a bad number or block (:func:`formulation_of`), a name taken by
    another medication, an unknown analyte or drug family.
    """
    formulation = formulation_of(definition)
    check_names(library, formulation)
    return formulation, library.with_custom([formulation])


def read_stored(rows: Iterable[tuple[str, str]]) -> list[MedicationDefinition]:
    """The stored (id, text) rows this version can read, as definitions. One it cannot (the
    store was edited, or the rules changed) is skipped with a logged warning and left
    stored: it is the person's data."""
    definitions = []
    for med_id, text in rows:
        try:
            definitions.append(definition_from_text(text))
        except ValidationError as err:
            log.warning("custom medication %r is not loaded: %s", med_id, err)
    return definitions


def load_stored(base: MedicationLibrary, definitions: Iterable[MedicationDefinition]
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
            log.warning("custom medication %r is not loaded: %s", definition.id, err)
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

    new: list[tuple[str, MedicationDefinition]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[tuple[int, ValidationError]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def check_import(library: MedicationLibrary, stored: Mapping[str, JSONValue],
                 items: Iterable[Any]) -> ImportCheck:
    """Check an import's custom medications against ``library`` (built-ins plus what is
    loaded) and the ``stored`` definitions by id (their JSON as stored, readable or not).

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
            definition = definition_from_json(item)
            formulation, library = join(library, definition)
        except ValidationError as err:
            result.problems.append((number, err))
            continue
        result.new.append((formulation.id, definition))
        result.ids.add(formulation.id)
    return result
