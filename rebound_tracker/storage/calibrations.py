"""Stored calibration history: append-only rows, read back as domain objects."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from rebound_tracker.domain.calibration import AcceptedCalibration
from rebound_tracker.domain.calibration_record import (
    calibration_from_record,
    calibration_record,
)
from rebound_tracker.storage.instants import to_epoch_us
from rebound_tracker.storage.models import CalibrationRow


class CalibrationRepository:
    """Takes a Session, never commits. Rows are never changed once written."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, calibration: AcceptedCalibration) -> None:
        record = calibration_record(calibration)
        self._session.add(CalibrationRow(
            id=calibration.id, family=calibration.timing.family,
            at_utc=to_epoch_us(calibration.at, "calibration.at"),
            record=json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False)))
        self._session.flush()

    def get(self, calibration_id: str) -> AcceptedCalibration | None:
        row = self._session.get(CalibrationRow, calibration_id)
        return None if row is None else calibration_from_record(json.loads(row.record))

    def history(self) -> list[AcceptedCalibration]:
        """Every row, newest first."""
        rows = self._session.scalars(select(CalibrationRow).order_by(
            CalibrationRow.at_utc.desc(), CalibrationRow.id.desc()))
        return [calibration_from_record(json.loads(row.record)) for row in rows]

    def records(self) -> list[dict]:
        """Every row as its export record, oldest first."""
        rows = self._session.scalars(select(CalibrationRow).order_by(
            CalibrationRow.at_utc, CalibrationRow.id))
        return [json.loads(row.record) for row in rows]

    def in_force(self) -> dict[str, AcceptedCalibration]:
        """The newest row of each family (a REVERTED row means the population)."""
        out: dict[str, AcceptedCalibration] = {}
        for c in self.history():
            out.setdefault(c.timing.family, c)
        return out
