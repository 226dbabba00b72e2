"""What a person logs: doses and check-ins, with the time they were logged in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from rebound_tracker.domain.errors import ValidationError

SCALES: tuple[str, ...] = ("mood", "focus", "irritability", "fatigue", "anxiety", "restlessness")
"""The six check-in scales, each 0–10.

Mood and focus: higher is better; the rest: higher is worse."""

REQUIRED_SCALES: tuple[str, ...] = ("mood", "focus")
SCALE_MIN, SCALE_MAX = 0, 10
NOTE_MAX_CHARS = 2000


def new_id() -> str:
    """A new random entry id (UUID4, canonical text form)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class LoggedTime:
    """An instant and the UTC offset the person's clock showed when it was logged.

    ``instant`` is timezone-aware UTC; ``offset_min`` is minutes east of UTC. The entry is
    shown at ``local`` (the wall-clock time it was logged), across travel and DST changes.
    """

    instant: datetime
    offset_min: int

    @classmethod
    def from_aware(cls, moment: datetime) -> LoggedTime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValidationError("time", moment.isoformat(), "a time with a UTC offset")
        offset = moment.utcoffset()
        assert offset is not None
        return cls(moment.astimezone(UTC), int(offset.total_seconds() // 60))

    @property
    def local(self) -> datetime:
        return self.instant.astimezone(timezone(timedelta(minutes=self.offset_min)))

    def isoformat(self) -> str:
        return self.local.isoformat(timespec="seconds")


def validate_note(note: str | None) -> str:
    text = (note or "").strip()
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError("note", f"{text[:20]}… ({len(text)} characters)",
                              f"at most {NOTE_MAX_CHARS} characters")
    return text


def validate_scale(name: str, value: object) -> int:
    """Return ``value`` as an int in 0..10 or raise ValidationError naming the scale."""
    accepted = f"a whole number from {SCALE_MIN} to {SCALE_MAX}"
    if isinstance(value, bool):
        raise ValidationError(name, value, accepted)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValidationError(name, value, accepted) from None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(name, value, accepted)
        value = int(value)
    if not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError(name, value, accepted)
    return value


def validate_mg(value: object) -> float:
    """Return a dose in mg as a positive finite float or raise ValidationError."""
    accepted = "a positive number of milligrams (label strength), e.g. 36 or 2.5"
    try:
        mg = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError("mg", value, accepted) from None
    if not (mg > 0) or mg == float("inf"):
        raise ValidationError("mg", value, accepted)
    return mg


@dataclass(frozen=True)
class Dose:
    """One dose taken: a medication from the library, its label strength in mg, when."""

    medication_id: str
    mg: float
    taken: LoggedTime
    fed: bool = False
    note: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    modified_at: datetime | None = None


@dataclass(frozen=True)
class CheckIn:
    """A quick self-report. Scales are 0–10; only mood and focus are required."""

    at: LoggedTime
    mood: int
    focus: int
    irritability: int | None = None
    fatigue: int | None = None
    anxiety: int | None = None
    restlessness: int | None = None
    note: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    modified_at: datetime | None = None

    def scale(self, name: str) -> int | None:
        if name not in SCALES:
            raise KeyError(name)
        value: int | None = getattr(self, name)
        return value
