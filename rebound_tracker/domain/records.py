"""Doses and check-ins as flat records (the rows of the CSV and JSON exports), and back.

A record is a mapping of field name to value: JSON values from a JSON export, text from a
CSV file. Reading one collects every problem it has (field, value, what is accepted) rather
than stopping at the first, so an import can report all of them by row.

Times are ISO 8601 local times with the UTC offset they were logged in, at full precision
(microseconds only when non-zero), so instant and offset both survive the round trip.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from rebound_tracker.domain.entries import (
    NOTE_MAX_CHARS,
    PROMPT_KINDS,
    REQUIRED_SCALES,
    SCALES,
    CheckIn,
    Dose,
    LoggedTime,
    check_text,
    validate_mg,
    validate_note,
    validate_scale,
)
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import check_entry_time

T = TypeVar("T")

DOSE_FIELDS = ("id", "taken_at", "medication", "dose_mg", "fed", "note")
CHECKIN_FIELDS = ("id", "at", *SCALES, "note")
STAMP_FIELDS = ("created_at", "modified_at")

ID_ACCEPTED = "a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e (or empty for a new entry)"
TIME_ACCEPTED = "an ISO 8601 time with a UTC offset, e.g. 2026-03-02T08:00:00+01:00"
FED_ACCEPTED = "true or false (also yes/no, 1/0, or empty for false)"
MEDICATION_ACCEPTED = "a medication id from the library, e.g. concerta"

Problems = list[ValidationError]
MedicationCheck = Callable[[str], bool]


def iso(moment: datetime) -> str:
    """Full-precision ISO 8601 (microseconds only when non-zero)."""
    return moment.isoformat()


def dose_record(dose: Dose, *, stamps: bool = False) -> dict[str, Any]:
    """A dose as a JSON-ready record; ``stamps`` adds created_at/modified_at (UTC)."""
    record: dict[str, Any] = {
        "id": dose.id, "taken_at": iso(dose.taken.local), "medication": dose.medication_id,
        "dose_mg": dose.mg, "fed": dose.fed, "note": dose.note,
    }
    return _with_stamps(record, dose) if stamps else record


def checkin_record(checkin: CheckIn, *, stamps: bool = False) -> dict[str, Any]:
    """A check-in as a JSON-ready record; unanswered scales are None."""
    record: dict[str, Any] = {"id": checkin.id, "at": iso(checkin.at.local)}
    record.update({name: checkin.scale(name) for name in SCALES})
    record["note"] = checkin.note
    if not stamps:  # the spreadsheet columns are fixed (PRODUCT.md); JSON keeps everything
        return record
    record["prompt"] = checkin.prompt
    return _with_stamps(record, checkin)


def _with_stamps(record: dict[str, Any], entry: Dose | CheckIn) -> dict[str, Any]:
    for name in STAMP_FIELDS:
        value = getattr(entry, name)
        record[name] = None if value is None else iso(value.astimezone(UTC))
    return record


def read_dose(record: Mapping[str, Any], problems: Problems,
              known_medication: MedicationCheck | None = None) -> Dose | None:
    """The Dose in ``record``, or None after appending each problem found to ``problems``."""
    before = len(problems)
    entry_id = _read_id(record, problems)
    taken = _read_time(record, "taken_at", problems)
    medication = _read_medication(record, problems, known_medication)
    mg = _attempt(problems, lambda: _read_mg(record.get("dose_mg")), "dose_mg")
    fed = _read_bool(record, "fed", problems)
    note = _attempt(problems, lambda: _read_note(record.get("note")), "note")
    stamps = _read_stamps(record, problems)
    if (len(problems) > before or medication is None or taken is None or mg is None
            or note is None):
        return None  # (a field read as None has always added its problem)
    dose = Dose(medication_id=medication, mg=mg, taken=taken, fed=fed, note=note,
                created_at=stamps["created_at"], modified_at=stamps["modified_at"])
    return replace(dose, id=entry_id) if entry_id else dose


def read_checkin(record: Mapping[str, Any], problems: Problems) -> CheckIn | None:
    """The CheckIn in ``record``, or None after appending each problem found to ``problems``."""
    before = len(problems)
    entry_id = _read_id(record, problems)
    at = _read_time(record, "at", problems)
    scales: dict[str, int | None] = {}
    for name in SCALES:
        raw = record.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if name in REQUIRED_SCALES:
                problems.append(ValidationError(name, raw, "a whole number from 0 to 10 "
                                                "(required)"))
            scales[name] = None
        else:
            scales[name] = _attempt(problems, partial(validate_scale, name, raw), name)
    note = _attempt(problems, lambda: _read_note(record.get("note")), "note")
    prompt = record.get("prompt")
    if prompt is not None and prompt not in PROMPT_KINDS:
        problems.append(ValidationError("prompt", prompt,
                                        "one of " + ", ".join(PROMPT_KINDS) + " or null"))
    stamps = _read_stamps(record, problems)
    if len(problems) > before or at is None or note is None:
        return None  # (a field read as None has always added its problem)
    checkin = CheckIn(at=at, note=note, prompt=prompt, created_at=stamps["created_at"],
                      modified_at=stamps["modified_at"],
                      **scales)  # type: ignore[arg-type]  # the scales by name (SCALES)
    return replace(checkin, id=entry_id) if entry_id else checkin


def _attempt(problems: Problems, read: Callable[[], T], field: str) -> T | None:
    try:
        return read()
    except ValidationError as exc:
        problems.append(ValidationError(field, exc.value, exc.accepted))
        return None


def _read_mg(raw: object) -> float:
    if isinstance(raw, bool):  # JSON true is not 1 mg
        raise ValidationError("dose_mg", raw, "a positive number of milligrams")
    return validate_mg(raw)


def _read_note(value: object) -> str:
    # Kept exactly as written (no stripping): an import is lossless.
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("note", value, "text")
    if len(value) > NOTE_MAX_CHARS:
        validate_note(value)  # raises with the usual message
    return check_text(value, "note")


def _read_id(record: Mapping[str, Any], problems: Problems) -> str | None:
    raw = record.get("id")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        if not isinstance(raw, str):
            raise ValueError
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        problems.append(ValidationError("id", raw, ID_ACCEPTED))
        return None


def parse_logged_time(raw: object, field: str) -> LoggedTime:
    """An ISO 8601 time that carries its UTC offset, as a LoggedTime (instant + offset)."""
    if not isinstance(raw, str):
        raise ValidationError(field, raw, TIME_ACCEPTED)
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, raw, TIME_ACCEPTED) from None
    if moment.utcoffset() is None:
        raise ValidationError(field, raw, TIME_ACCEPTED + " (the offset is required)")
    check_entry_time(moment, field, raw)
    return LoggedTime.from_aware(moment)


def _read_time(record: Mapping[str, Any], field: str, problems: Problems) -> LoggedTime | None:
    return _attempt(problems, lambda: parse_logged_time(record.get(field), field), field)


def _read_stamps(record: Mapping[str, Any], problems: Problems) -> dict[str, datetime | None]:
    stamps: dict[str, datetime | None] = {}
    for name in STAMP_FIELDS:
        raw = record.get(name)
        if raw is None or raw == "":
            stamps[name] = None
            continue
        logged = _attempt(problems, partial(parse_logged_time, raw, name), name)
        stamps[name] = None if logged is None else logged.instant
    return stamps


def _read_medication(record: Mapping[str, Any], problems: Problems,
                     known: MedicationCheck | None) -> str | None:
    raw = record.get("medication")
    if not isinstance(raw, str) or not raw.strip():
        problems.append(ValidationError("medication", raw, MEDICATION_ACCEPTED))
        return None
    medication = raw.strip()
    if known is not None and not known(medication):
        problems.append(ValidationError("medication", raw, MEDICATION_ACCEPTED
                                        + " (`meds list` shows them)"))
        return None
    return medication


_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}


def _read_bool(record: Mapping[str, Any], field: str, problems: Problems) -> bool:
    raw = record.get(field)
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw in (0, 1):
        return bool(raw)
    problems.append(ValidationError(field, raw, FED_ACCEPTED))
    return False
