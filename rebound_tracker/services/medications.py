"""Finding medications in the library and judging whether a dose is plausible."""

from __future__ import annotations

from rebound_tracker.domain.errors import NeedsConfirmation
from rebound_tracker.domain.medication import Formulation
from rebound_tracker.pk.library import MedicationLibrary


class MedicationService:
    """Read-only access to the medication library for the UI and the CLI."""

    def __init__(self, library: MedicationLibrary) -> None:
        self.library = library

    def all(self) -> tuple[Formulation, ...]:
        return self.library.formulations

    def get(self, medication_id: str) -> Formulation:
        return self.library.get(medication_id)

    def resolve(self, name: str) -> Formulation:
        """By id, brand or generic name, case-insensitively; ValidationError otherwise."""
        return self.library.resolve(name)

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
