"""Parse the times people type: ISO 8601 (with or without an offset) or HH:MM for today."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from rebound_tracker.domain.errors import ValidationError

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")
TIME_ACCEPTED = (
    "ISO 8601 like 2026-03-02T08:00 (optionally with an offset, e.g. +01:00) or HH:MM for today"
)
DATE_ACCEPTED = "a date like 2026-03-02"


def local_now() -> datetime:
    """The current time as an aware datetime in the machine's local zone."""
    return datetime.now().astimezone()


def attach_local(naive: datetime) -> datetime:
    """Give a naive wall-clock time the machine's local UTC offset at that moment."""
    return naive.astimezone()


def parse_time(text: str, *, field: str = "time", now: datetime | None = None) -> datetime:
    """Parse ``text`` into an aware datetime.

    ``HH:MM`` means that time today (in ``now``'s zone); an ISO 8601 time without an
    offset is taken as local wall-clock time.
    """
    raw = (text or "").strip()
    now = now or local_now()
    match = _HHMM.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(field, text, TIME_ACCEPTED)
        naive = datetime.combine(now.date(), time(hour, minute))
        return naive.replace(tzinfo=now.tzinfo) if now.tzinfo else attach_local(naive)
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, text, TIME_ACCEPTED) from None
    if "T" not in raw and " " not in raw:
        # A bare date is not a time of day.
        raise ValidationError(field, text, TIME_ACCEPTED)
    return parsed if parsed.tzinfo else attach_local(parsed)


def parse_date(text: str, *, field: str = "date") -> date:
    """Parse an ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError(field, text, DATE_ACCEPTED) from None


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, as aware datetimes."""
    start = attach_local(datetime.combine(day, time()))
    end = attach_local(datetime.combine(day + timedelta(days=1), time()))
    return start, end
