"""Read-only column reads for charts (``domain.columns``): one query per kind, no ORM objects.

Like the repositories, it takes a Session and never commits; the service that reads opens
the session (``with session_factory() as session``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from rebound_tracker.domain.columns import CheckInColumns, DoseColumns
from rebound_tracker.domain.entries import SCALES
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

_DOSE_FIELDS = ("id", "medication_id", "mg", "taken_at_utc", "utc_offset_min", "fed")
_CHECKIN_FIELDS = ("id", "at_utc", "utc_offset_min", *SCALES)


class EntryColumnReads:
    """Doses and check-ins as columns, for ``start <= instant < end`` (aware datetimes or
    None for open ends), oldest first."""

    def __init__(self, session: Session) -> None:
        self._doses = DoseRepository(session)
        self._checkins = CheckInRepository(session)

    def doses(self, start: datetime | None, end: datetime | None) -> DoseColumns:
        ids, medications, mg, taken, offsets, fed = self._doses.columns_between(
            _DOSE_FIELDS, start, end)
        return DoseColumns(ids, medications, mg, taken, offsets, tuple(map(bool, fed)))

    def checkins(self, start: datetime | None, end: datetime | None) -> CheckInColumns:
        ids, at, offsets, *scales = self._checkins.columns_between(_CHECKIN_FIELDS, start, end)
        return CheckInColumns(ids, at, offsets, dict(zip(SCALES, scales, strict=True)))
