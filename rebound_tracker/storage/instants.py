"""How instants are stored: signed integer microseconds since 1970-01-01T00:00:00Z.

Why an integer rather than ISO 8601 text: it sorts and compares numerically in SQL (range
queries on the index need no string-format discipline), it round-trips a Python ``datetime``
exactly to the microsecond (its full precision), and it cannot carry a stray offset or a
missing one. Every year 1..9999 fits comfortably in SQLite's 64-bit INTEGER.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rebound_tracker.domain.errors import ValidationError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)


def to_epoch_us(moment: datetime, field: str = "time") -> int:
    """An aware datetime as integer microseconds since the Unix epoch (exact, no rounding)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(field, moment.isoformat(), "a time with a UTC offset")
    # timedelta // timedelta is integer arithmetic on days/seconds/microseconds: exact.
    return (moment - EPOCH) // _ONE_MICROSECOND


def from_epoch_us(value: int) -> datetime:
    """The aware UTC datetime for integer microseconds since the Unix epoch."""
    return EPOCH + timedelta(microseconds=value)
