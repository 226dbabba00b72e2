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
PROMPT_KINDS: tuple[str, ...] = ("wear-off", "rebound", "random")
"""The check-in prompts a check-in can answer (see domain/schedule.py); None: unprompted."""
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
    check_text(text, "note")
    return text


def check_text(text: str, field: str) -> str:
    """``text`` if it can be stored as UTF-8; else ValidationError.

    A command-line argument with bytes that are not UTF-8 arrives as lone surrogates
    (Python's surrogateescape), which SQLite cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(field, text.encode("utf-8", "backslashreplace").decode("ascii"),
                              f"text in UTF-8 (character {exc.start + 1} is not)") from None
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


MG_MAX = 10_000.0
"""The largest dose in mg any entry point accepts, even confirmed."""


def validate_mg(value: object) -> float:
    """Return a dose in mg as a positive finite float or raise ValidationError."""
    accepted = "a positive number of milligrams (label strength), e.g. 36 or 2.5"
    try:
        mg = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValidationError("mg", value, accepted) from None
    if not (mg > 0) or mg == float("inf"):
        raise ValidationError("mg", value, accepted)
    if mg > MG_MAX:
        # Hard, not a confirmation: no product comes near, and numbers like 1e308 overflow
        # the model (the label range is the confirmable check, see MedicationService).
        raise ValidationError("mg", value, f"at most {MG_MAX:,.0f} mg")
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
    prompt: str | None = None
    """The kind of check-in prompt this answered (one of PROMPT_KINDS), or None."""

    def scale(self, name: str) -> int | None:
        if name not in SCALES:
            raise KeyError(name)
        value: int | None = getattr(self, name)
        return value
