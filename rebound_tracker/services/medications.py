"""Finding medications in the library, the person's own ones, and judging dose plausibility."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.errors import NeedsConfirmation, NotFound, ValidationError
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.domain.medication_definition import MedicationDefinition
from rebound_tracker.pk.definitions import (
    definition_from_formulation,
    definition_from_text,
    definition_to_text,
)
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.services.custom_medications import join, load_stored, read_stored
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.repositories import DoseRepository


class MedicationService:
    """The medication library the app uses: the built-in one plus the person's own.

    ``library`` always holds the current combination, so services that keep this object
    (doses, simulation, timeline ...) see a medication as soon as it is added. Without a
    session factory it is the built-in library alone, read-only.
    """

    def __init__(self, library: MedicationLibrary,
                 session_factory: sessionmaker[Session] | None = None) -> None:
        self.base = library
        self.library = library
        self._sessions = session_factory
        self._custom_ids: frozenset[str] = frozenset()
        if session_factory is not None:
            self.reload()

    def all(self) -> tuple[Formulation, ...]:
        return self.library.formulations

    def get(self, medication_id: str) -> Formulation:
        return self.library.get(medication_id)

    def find(self, medication_id: str) -> Formulation | None:
        """The loaded medication with this id, or None (e.g. a stored definition of the
        person's that this version cannot read: its doses stay, but cannot be simulated)."""
        try:
            return self.library.get(medication_id)
        except KeyError:
            return None

    def name_of(self, medication_id: str) -> str:
        """The name to show for a logged dose's medication, loaded or not."""
        found = self.find(medication_id)
        return found.name if found is not None else f"{medication_id} (cannot be read)"

    def resolve(self, name: str) -> Formulation:
        """By id, brand or generic name, case-insensitively; ValidationError otherwise."""
        return self.library.resolve(name)

    # ----- the person's own medications -------------------------------------------------

    def reload(self) -> None:
        """Rebuild ``library`` from the built-ins and the stored definitions (those that no
        longer validate are skipped with a logged warning and stay stored)."""
        self.library, self._custom_ids = load_stored(self.base, self.custom_definitions())

    def is_custom(self, medication_id: str) -> bool:
        """True for a medication the person defined (and that is loaded)."""
        return medication_id in self._custom_ids

    def custom_definitions(self) -> list[MedicationDefinition]:
        """Every stored definition this version can read, by id (including any that does not
        load into the library, e.g. for an analyte it no longer has); the others are skipped
        with a logged warning and stay stored."""
        with self._store()() as session:
            rows = CustomMedicationRepository(session).all()
        return read_stored(rows)

    def add_custom(self, definition: MedicationDefinition) -> Formulation:
        """Validate and store a new medication; it can be resolved and dosed at once.

        ValidationError naming the field as '<id>.<path>': a bad block or number, fractions
        not summing to 1, an unknown analyte or family, or an id, name or alias that another
        medication (built-in, custom, or stored but not loadable) already uses.
        """
        sessions = self._store()
        formulation, library = join(self.library, definition)
        with sessions.begin() as session:
            repo = CustomMedicationRepository(session)
            if repo.get(formulation.id) is not None:
                raise ValidationError(
                    f"{formulation.id}.id", formulation.id,
                    "an id no stored medication uses (a stored definition that this version "
                    "cannot load has it; remove that one first)")
            repo.put(formulation.id, definition_to_text(definition))
        self.library, self._custom_ids = library, self._custom_ids | {formulation.id}
        return formulation

    def check_custom(self, definition: MedicationDefinition, *, replacing: str | None = None
                     ) -> tuple[Formulation, MedicationLibrary]:
        """Validate ``definition`` as :meth:`add_custom` (or, with ``replacing``, as
        :meth:`replace_custom`) would, writing nothing.

        Returns the formulation and the library it would make (for a preview).
        ValidationError as :meth:`add_custom`; with ``replacing``, also when the definition's
        id is not that id (logged doses refer to a medication by id, so it stays).
        """
        library = self.library
        if replacing is not None:
            if replacing not in self._custom_ids:
                raise ValidationError("medication", replacing,
                                      "the id of a medication you added (built-in ones stay)")
            kept = [d for d in self.custom_definitions() if d.id != replacing]
            library = load_stored(self.base, kept)[0]
            given = definition.id
            if given != replacing:
                raise ValidationError(f"{replacing}.id", given,
                                      f"the medication's own id, {replacing} (doses refer "
                                      "to it; add a new medication for a new id)")
        return join(library, definition)

    def replace_custom(self, definition: MedicationDefinition) -> MedicationDefinition:
        """Store an edited definition under its (existing, custom) id; return the one it
        replaces. Logged doses of it are predicted with the new definition from now on.

        ValidationError as :meth:`check_custom` with ``replacing`` set to the id.
        """
        med_id = definition.id
        if med_id not in self._custom_ids:
            raise ValidationError("medication", med_id,
                                  "the id of a medication you added (built-in ones stay)")
        self.check_custom(definition, replacing=med_id)
        with self._store().begin() as session:
            repo = CustomMedicationRepository(session)
            stored = repo.get(med_id)
            if stored is None:
                raise NotFound("custom medication", med_id)
            before = definition_from_text(stored)
            repo.put(med_id, definition_to_text(definition))
        self.reload()
        return before

    def custom_definition(self, medication_id: str) -> MedicationDefinition | None:
        """The stored definition of a medication the person added, or None (none stored
        under this id, or one this version cannot read)."""
        with self._store()() as session:
            text = CustomMedicationRepository(session).get(medication_id)
        return None if text is None else next(iter(read_stored([(medication_id, text)])),
                                              None)

    def definition_of(self, medication_id: str) -> MedicationDefinition:
        """A definition to start a new medication from: a custom one's stored definition,
        or a built-in's JSON form with every number's source (KeyError for an unknown id)."""
        if medication_id in self._custom_ids:
            stored = self.custom_definition(medication_id)
            if stored is not None:
                return stored
        return definition_from_formulation(self.library.get(medication_id))

    def doses_using(self, medication_id: str) -> int:
        """How many logged doses are of this medication."""
        with self._store()() as session:
            return DoseRepository(session).count_for_medication(medication_id)

    def remove_custom(self, medication_id: str) -> MedicationDefinition | None:
        """Delete a custom medication and return its definition (None when the stored one
        was not a definition this version can read).

        Refused (ValidationError on 'medication') for a built-in id or while logged doses use
        it; NotFound if no custom medication has this id.
        """
        sessions = self._store()
        if _is_built_in(self.base, medication_id):
            raise ValidationError("medication", medication_id,
                                  "the id of a medication you added (built-in ones stay)")
        with sessions.begin() as session:
            used = DoseRepository(session).count_for_medication(medication_id)
            if used:
                raise ValidationError(
                    "medication", medication_id,
                    f"a medication no logged dose uses: {used} logged dose"
                    f"{'s use' if used != 1 else ' uses'} it; delete or change them first")
            text = CustomMedicationRepository(session).delete(medication_id)
        self.reload()
        return next(iter(read_stored([(medication_id, text)])), None)

    def _store(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("this MedicationService has no store (built-in library only)")
        return self._sessions

    # ----- plausibility -------------------------------------------------------------------

    def label_range_note(self, formulation: Formulation, mg: float) -> str | None:
        """A plain sentence when ``mg`` lies outside the label's single-dose range, else None."""
        low, high = formulation.label_min_mg, formulation.label_max_mg
        if high and mg > high:
            return f"{mg:g} mg is above the label maximum of {high:g} mg for {formulation.name}"
        if low and mg < low:
            return (f"{mg:g} mg is below the smallest label dose of {low:g} mg "
                    f"for {formulation.name}")
        return None

    def check_plausible(self, formulation: Formulation, mg: float) -> None:
        """Raise NeedsConfirmation for a dose above the label maximum (possible, but ask)."""
        high = formulation.label_max_mg
        if high and mg > high:
            raise NeedsConfirmation(
                "mg", mg, f"is above the label maximum of {high:g} mg for {formulation.name}"
            )


def _is_built_in(library: MedicationLibrary, medication_id: str) -> bool:
    try:
        library.get(medication_id)
    except KeyError:
        return False
    return True
