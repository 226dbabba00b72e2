"""Logging, editing, deleting (with undo) and listing doses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import Dose, LoggedTime, validate_mg, validate_note
from rebound_tracker.domain.errors import NeedsConfirmation, ValidationError
from rebound_tracker.domain.timeparse import check_entry_time, local_now
from rebound_tracker.services.entry_store import EntryStoreService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.storage.repositories import DoseRepository

FUTURE_TOLERANCE = timedelta(minutes=5)
"""A time this far past 'now' is treated as clock drift, not as a future entry."""


def check_not_future(moment: datetime, now: datetime, field: str = "time") -> None:
    """Raise NeedsConfirmation for a time noticeably in the future."""
    if moment - now > FUTURE_TOLERANCE:
        raise NeedsConfirmation(field, moment.isoformat(timespec="minutes"), "is in the future")


def entry_moment(at: datetime | None, now: datetime) -> datetime:
    """An entry's time: ``at``, or ``now`` when none is given; ValidationError naming
    'time' unless it has a UTC offset and can be an entry's time (check_entry_time)."""
    moment = at or now
    if moment.tzinfo is None:
        raise ValidationError("time", moment.isoformat(), "a time with a UTC offset")
    return check_entry_time(moment, "time")


class DoseService(EntryStoreService[Dose]):
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        medications: MedicationService,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__(session_factory, DoseRepository)
        self._medications = medications
        self._clock = clock

    def build(
        self,
        medication: str,
        mg: object,
        at: datetime | None = None,
        *,
        fed: bool = False,
        note: str | None = None,
        confirmed: bool = False,
        entry_id: str | None = None,
    ) -> Dose:
        """Validate the inputs into a Dose without writing it.

        Raises ValidationError for bad input and, unless ``confirmed``, NeedsConfirmation for
        a dose above the label maximum or a time in the future.
        """
        formulation = self._medications.resolve(medication)
        dose_mg = validate_mg(mg)
        now = self._clock()
        moment = entry_moment(at, now)
        if not confirmed:
            self._medications.check_plausible(formulation, dose_mg)
            check_not_future(moment, now)
        dose = Dose(
            medication_id=formulation.id,
            mg=dose_mg,
            taken=LoggedTime.from_aware(moment),
            fed=bool(fed),
            note=validate_note(note),
        )
        return replace(dose, id=entry_id) if entry_id else dose

    def add(self, medication: str, mg: object, at: datetime | None = None, **kwargs) -> Dose:
        """Validate and store a new dose; returns it as stored (mg of label strength)."""
        return self.store(self.build(medication, mg, at, **kwargs))

    def recent_regimen(self, limit: int = 4) -> list[tuple[str, float]]:
        """The (medication id, mg) pairs logged most often in the last 60 days."""
        since = self._clock() - timedelta(days=60)
        with self._sessions() as session:
            rows = DoseRepository(session).recent_regimen(limit=limit, since=since)
        return [(med, mg) for med, mg, _count in rows]


__all__ = ["DoseService", "NeedsConfirmation", "check_not_future"]
