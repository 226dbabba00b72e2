"""Stored dose-change plans: records (dicts) in and out, the JSON text kept inside."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rebound_tracker.domain.entries import utc_now
from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.instants import from_epoch_us, to_epoch_us
from rebound_tracker.storage.models import PlanRow


class PlanRepository:
    """Takes a Session, never commits. Records carry ``created_at``/``modified_at`` (ISO)
    from the row's stamps when read."""

    def __init__(self, session: Session, clock: Callable[[], datetime] = utc_now) -> None:
        self._session = session
        self._clock = clock

    def all(self) -> list[dict[str, Any]]:
        rows = self._session.scalars(select(PlanRow).order_by(PlanRow.created_at, PlanRow.id))
        return [_record(row) for row in rows]

    def get(self, plan_id: str) -> dict[str, Any] | None:
        row = self._session.get(PlanRow, plan_id)
        return None if row is None else _record(row)

    def put(self, record: dict[str, Any], *, stamps: bool = False) -> bool:
        """Add or replace the plan ``record['id']``; True if anything changed.

        With ``stamps`` the record's own created_at/modified_at are kept (an import);
        otherwise they are now (a new plan) or now-and-later (an edit)."""
        body = {k: v for k, v in record.items() if k not in ("created_at", "modified_at")}
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, allow_nan=False)
        now = to_epoch_us(self._clock(), "clock")
        row = self._session.get(PlanRow, record["id"])
        if row is not None and row.definition == text:
            return False
        if row is None:
            row = PlanRow(id=record["id"], created_at=now)
            self._session.add(row)
            row.modified_at = now
        else:
            row.modified_at = max(now, row.modified_at + 1)
        row.medication_id = body["medication"]
        row.definition = text
        if stamps:
            for name in ("created_at", "modified_at"):
                if record.get(name):
                    setattr(row, name, to_epoch_us(datetime.fromisoformat(record[name]), name))
        self._session.flush()
        return True

    def delete(self, plan_id: str) -> dict[str, Any]:
        row = self._session.get(PlanRow, plan_id)
        if row is None:
            raise NotFound("plan", plan_id)
        record = _record(row)
        self._session.delete(row)
        self._session.flush()
        return record


def _record(row: PlanRow) -> dict[str, Any]:
    record = json.loads(row.definition)
    record["created_at"] = from_epoch_us(row.created_at).isoformat()
    record["modified_at"] = from_epoch_us(row.modified_at).isoformat()
    return record
