"""Stored definitions of the person's own formulations, as JSON text kept verbatim.

The text is made and read by ``rebound_tracker.pk.definitions`` (the services convert); this
layer only keeps it, so a definition this version cannot read stays stored unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rebound_tracker.domain.entries import utc_now
from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.instants import to_epoch_us
from rebound_tracker.storage.models import CustomMedicationRow


class CustomMedicationRepository:
    """Takes a Session, never commits; definitions go in and out as JSON text."""

    def __init__(self, session: Session, clock: Callable[[], datetime] = utc_now) -> None:
        self._session = session
        self._clock = clock

    def all(self) -> list[tuple[str, str]]:
        """(id, definition text) of every stored definition, by id."""
        rows = self._session.scalars(select(CustomMedicationRow).order_by(CustomMedicationRow.id))
        return [(row.id, row.definition) for row in rows]

    def get(self, medication_id: str) -> str | None:
        row = self._session.get(CustomMedicationRow, medication_id)
        return None if row is None else row.definition

    def put(self, medication_id: str, text: str) -> None:
        """Add or replace the definition stored under ``medication_id``."""
        now = to_epoch_us(self._clock(), "clock")
        row = self._session.get(CustomMedicationRow, medication_id)
        if row is None:
            self._session.add(CustomMedicationRow(id=medication_id, definition=text,
                                                  created_at=now, modified_at=now))
        elif row.definition != text:
            row.definition = text
            row.modified_at = max(now, row.modified_at + 1)
        self._session.flush()

    def delete(self, medication_id: str) -> str:
        """Remove a definition and return its text."""
        row = self._session.get(CustomMedicationRow, medication_id)
        if row is None:
            raise NotFound("custom medication", medication_id)
        text = row.definition
        self._session.delete(row)
        self._session.flush()
        return text
