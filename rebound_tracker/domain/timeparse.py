"""Parse the times people type: ISO 8601 (with or without an offset) or HH:MM for today."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from rebound_tracker.domain.errors import ValidationError

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")
TIME_ACCEPTED = (
    "ISO 8601 like 2026-03-02T08:00 (optionally with an offset, e.g. +01:00) or HH:MM for today"
)
DATE_ACCEPTED = "a date like 2026-03-02"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Short weekday names by ``date.weekday()`` (English, as every other word of the app)."""
ENTRY_YEARS = (1900, 2100)
"""Years an entry's time may fall in. Outside them a time is a typo (year 1 for 2001), and
a history spanning centuries would make the model's grid millions of days long."""
OFFSET_LIMIT_MIN = 18 * 60
"""UTC offsets range from -12:00 to +14:00 in practice; ISO 8601 and the store allow ±18:00."""


def check_entry_time(moment: datetime, field: str = "time", text: str | None = None) -> datetime:
    """``moment`` if it can be an entry's time: an offset in whole minutes within ±18:00
    and a year from 1900 to 2100 (local and UTC); else ValidationError naming ``field``."""
    shown = text if text is not None else moment.isoformat()
    offset = moment.utcoffset()
    if offset is not None:
        minutes, rest = divmod(offset.total_seconds(), 60)
        if rest or abs(minutes) > OFFSET_LIMIT_MIN:
            raise ValidationError(field, shown, "a UTC offset in whole minutes within ±18:00 "
                                  "(e.g. +01:00, -05:00, +05:45)")
    low, high = ENTRY_YEARS
    try:
        utc_year = moment.astimezone(UTC).year if offset is not None else moment.year
    except OverflowError:
        utc_year = moment.year
    if not (low <= moment.year <= high and low <= utc_year <= high):
        raise ValidationError(field, shown, f"a time in the years {low} to {high}")
    return moment


def local_now() -> datetime:
    """The current time as an aware datetime in the machine's local zone."""
    return datetime.now().astimezone()


def attach_local(naive: datetime) -> datetime:
    """Give a naive wall-clock time the machine's local UTC offset at that moment.

    Lenient, for times the program makes (midnights of a day range): a time skipped or
    repeated by a daylight-saving change gets the reading before the change (fold=0). Times
    a person typed go through :func:`parse_time`, which refuses to guess.
    """
    return naive.astimezone()


def resolve_wall_time(
    naive: datetime, *, field: str = "time", zone: tzinfo | None = None, text: str | None = None
) -> datetime:
    """The aware time a wall clock in ``zone`` (default: this machine's zone) showed ``naive``.

    Daylight-saving changes are resolved explicitly, never silently:

    - a time the clock skipped (e.g. 02:30 on the night summer time begins) does not exist:
      ValidationError naming ``field``;
    - a time the clock showed twice (e.g. 02:30 on the night summer time ends) is ambiguous:
      ValidationError listing both readings with their offsets, so the person picks one by
      typing it with its offset.

    The result carries a fixed UTC offset (what the clock showed), as entries store it.
    """
    shown = text if text is not None else naive.isoformat(timespec="minutes")
    readings: dict[timedelta, datetime] = {}
    for fold in (0, 1):
        probe = naive.replace(fold=fold)
        aware = probe.replace(tzinfo=zone) if zone is not None else probe.astimezone()
        offset = aware.utcoffset()
        assert offset is not None
        fixed = aware.astimezone(timezone(offset))
        back = fixed.astimezone(UTC).astimezone(zone) if zone is not None else fixed.astimezone()
        if back.replace(tzinfo=None, fold=0) == naive.replace(fold=0):
            readings.setdefault(offset, fixed)
    if not readings:
        before = _offset_text(naive - timedelta(hours=3), zone)
        raise ValidationError(field, shown, "a time that exists on the local clock; "
                              f"{naive:%Y-%m-%d %H:%M} was skipped when the clocks went "
                              "forward (daylight-saving time), so give the offset, e.g. "
                              f"{naive:%Y-%m-%dT%H:%M}{before} (the clock before the change), "
                              "or a time outside the gap")
    if len(readings) > 1:
        first, second = sorted(readings.values())
        raise ValidationError(field, shown, "a time the clock showed only once; "
                              f"{naive:%Y-%m-%d %H:%M} happened twice when the clocks went back, "
                              f"so give the offset: {first.isoformat(timespec='minutes')} (the "
                              f"first) or {second.isoformat(timespec='minutes')} (the second)")
    return next(iter(readings.values()))


def _offset_text(naive: datetime, zone: tzinfo | None) -> str:
    """The UTC offset a clock in ``zone`` showed at ``naive``, as ``+01:00``."""
    aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    offset = aware.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    minutes = abs(int(offset.total_seconds() // 60))
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_time(
    text: str, *, field: str = "time", now: datetime | None = None, zone: tzinfo | None = None
) -> datetime:
    """Parse ``text`` into an aware datetime with a fixed UTC offset.

    ``HH:MM`` means that time today; an ISO 8601 time without an offset is local wall-clock
    time. Both are read in ``zone``, else the zone of ``now`` when given, else this machine's
    zone, and go through :func:`resolve_wall_time`: a time skipped or repeated by a
    daylight-saving change is bad input that says so (never silently shifted). A time with an
    explicit offset is taken as it is.
    """
    raw = (text or "").strip()
    if zone is None and now is not None:
        zone = now.tzinfo
    now = now or local_now()
    match = _HHMM.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(field, text, TIME_ACCEPTED)
        today = now.astimezone(zone).date() if zone is not None else now.date()
        naive = datetime.combine(today, time(hour, minute))
        return resolve_wall_time(naive, field=field, zone=zone, text=text)
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, text, TIME_ACCEPTED) from None
    if "T" not in raw and " " not in raw:
        # A bare date is not a time of day.
        raise ValidationError(field, text, TIME_ACCEPTED)
    check_entry_time(parsed, field, text)
    if parsed.tzinfo is not None:
        return parsed
    return resolve_wall_time(parsed, field=field, zone=zone, text=text)


def parse_date(text: str, *, field: str = "date") -> date:
    """Parse an ISO date (YYYY-MM-DD) in the years entries may have (1900 to 2100)."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError(field, text, DATE_ACCEPTED) from None
    low, high = ENTRY_YEARS
    if not low <= day.year <= high:
        raise ValidationError(field, text, f"a date from {low}-01-01 to {high}-12-31")
    return day


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, as aware datetimes."""
    start = attach_local(datetime.combine(day, time()))
    end = attach_local(datetime.combine(day + timedelta(days=1), time()))
    return start, end
