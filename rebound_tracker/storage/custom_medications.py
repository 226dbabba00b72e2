"""Stored definitions of the person's own formulations (JSON objects, kept verbatim)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rebound_tracker.domain.entries import utc_now
from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.instants import to_epoch_us
from rebound_tracker.storage.models import CustomMedicationRow


class CustomMedicationRepository:
    """Takes a Session, never commits; definitions go in and out as dicts."""

    def __init__(self, session: Session, clock: Callable[[], datetime] = utc_now) -> None:
        self._session = session
        self._clock = clock

    def all(self) -> list[dict[str, Any]]:
        rows = self._session.scalars(select(CustomMedicationRow).order_by(CustomMedicationRow.id))
        return [json.loads(row.definition) for row in rows]

    def get(self, medication_id: str) -> dict[str, Any] | None:
        row = self._session.get(CustomMedicationRow, medication_id)
        return None if row is None else json.loads(row.definition)

    def put(self, medication_id: str, definition: dict[str, Any]) -> None:
        """Add or replace the definition stored under ``medication_id``."""
        text = json.dumps(definition, ensure_ascii=False, sort_keys=True, allow_nan=False)
        now = to_epoch_us(self._clock(), "clock")
        row = self._session.get(CustomMedicationRow, medication_id)
        if row is None:
            self._session.add(CustomMedicationRow(id=medication_id, definition=text,
                                                  created_at=now, modified_at=now))
        elif row.definition != text:
            row.definition = text
            row.modified_at = max(now, row.modified_at + 1)
        self._session.flush()

    def delete(self, medication_id: str) -> dict[str, Any]:
        row = self._session.get(CustomMedicationRow, medication_id)
        if row is None:
            raise NotFound("custom medication", medication_id)
        definition = json.loads(row.definition)
        self._session.delete(row)
        self._session.flush()
        return definition
