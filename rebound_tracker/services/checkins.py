"""Logging, editing, deleting (with undo) and listing check-ins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import (
    PROMPT_KINDS,
    REQUIRED_SCALES,
    SCALES,
    CheckIn,
    LoggedTime,
    validate_note,
    validate_scale,
)
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.services.doses import check_not_future, entry_moment
from rebound_tracker.services.entry_store import EntryStoreService
from rebound_tracker.storage.repositories import CheckInRepository


class CheckInService(EntryStoreService[CheckIn]):
    def __init__(
        self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = local_now
    ) -> None:
        super().__init__(session_factory, CheckInRepository)
        self._clock = clock

    def build(
        self,
        scales: Mapping[str, object],
        at: datetime | None = None,
        *,
        note: str | None = None,
        confirmed: bool = False,
        entry_id: str | None = None,
        prompt: str | None = None,
    ) -> CheckIn:
        """Validate scale values (0–10; mood and focus required) into a CheckIn."""
        unknown = set(scales) - set(SCALES)
        if unknown:
            name = sorted(unknown)[0]
            raise ValidationError("scale", name, "one of " + ", ".join(SCALES))
        values: dict[str, int | None] = {}
        for name in SCALES:
            raw = scales.get(name)
            if raw is None or raw == "":
                if name in REQUIRED_SCALES:
                    raise ValidationError(name, raw, "a whole number from 0 to 10 (required)")
                values[name] = None
            else:
                values[name] = validate_scale(name, raw)
        now = self._clock()
        moment = entry_moment(at, now)
        if not confirmed:
            check_not_future(moment, now)
        if prompt is not None and prompt not in PROMPT_KINDS:
            raise ValidationError("prompt", prompt, "one of " + ", ".join(PROMPT_KINDS))
        checkin = CheckIn(at=LoggedTime.from_aware(moment), note=validate_note(note),
                          prompt=prompt, **values)  # type: ignore[arg-type]  # the scales by name (SCALES)
        return replace(checkin, id=entry_id) if entry_id else checkin

    def add(self, scales: Mapping[str, object], at: datetime | None = None, **kw) -> CheckIn:
        """Validate and store a new check-in."""
        return self.store(self.build(scales, at, **kw))
