"""Accepted calibrations as flat records (the rows of the database and of the JSON export's
``"calibrations"``), and back, with every field checked."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from rebound_tracker.domain.calibration import (
    ACCEPTED,
    PARAMETER_NAMES,
    PARAMETERS,
    REVERTED,
    AcceptedCalibration,
    PersonalTiming,
)
from rebound_tracker.domain.errors import ValidationError

KINDS = (ACCEPTED, REVERTED)


def calibration_record(c: AcceptedCalibration) -> dict[str, Any]:
    """A JSON-ready record of a history row."""
    return {
        "id": c.id, "at": c.at.isoformat(), "kind": c.kind, "family": c.timing.family,
        "parameters": c.timing.values(), "medication": c.medication,
        "checkins": c.checkins, "first_day": c.first_day.isoformat(),
        "last_day": c.last_day.isoformat(), "error_population": c.error_population,
        "error_personal": c.error_personal,
        "covariance": [list(row) for row in c.covariance] if c.covariance else None,
        "capped": list(c.capped),
    }


def _get(record: Mapping[str, Any], name: str, accepted: str,
         check: Callable[[Any], Any]) -> Any:
    value = record.get(name)
    try:
        ok = check(value)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValidationError(f"calibration.{name}", value, accepted)
    return value


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(
        value)


def _optional_number(value: Any) -> bool:
    return value is None or _number(value)


def _covariance(value: Any) -> tuple[tuple[float, ...], ...] | None:
    if value is None:
        return None
    k = len(PARAMETERS)
    if not (isinstance(value, list) and len(value) == k and all(
            isinstance(row, list) and len(row) == k and all(_number(x) for x in row)
            for row in value)):
        raise ValidationError("calibration.covariance", "(a matrix)",
                              f"null or a {k}×{k} list of numbers")
    return tuple(tuple(float(x) for x in row) for row in value)


def calibration_from_record(record: Any) -> AcceptedCalibration:
    """A history row from a record; ValidationError naming ``calibration.<field>``."""
    if not isinstance(record, Mapping):
        raise ValidationError("calibration", type(record).__name__, "a JSON object")
    cid = _get(record, "id", "a UUID", lambda v: str(uuid.UUID(v)) == v)
    at = datetime.fromisoformat(_get(
        record, "at", "an ISO 8601 time with a UTC offset",
        lambda v: datetime.fromisoformat(v).utcoffset() is not None))
    kind = _get(record, "kind", " or ".join(KINDS), lambda v: v in KINDS)
    family = _get(record, "family", "a drug family name", lambda v: isinstance(v, str) and v)
    params = _get(record, "parameters", "an object with " + ", ".join(PARAMETER_NAMES),
                  lambda v: isinstance(v, Mapping) and set(v) == set(PARAMETER_NAMES)
                  and all(_number(x) for x in v.values()))
    try:
        timing = PersonalTiming(family, **{k: float(v) for k, v in params.items()})
    except ValidationError as err:
        raise ValidationError(f"calibration.parameters.{err.field}", err.value,
                              err.accepted) from None
    medication = _get(record, "medication", "a medication id or null",
                      lambda v: v is None or isinstance(v, str))
    checkins = _get(record, "checkins", "a whole number of check-ins, 0 or more",
                    lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
    days = [date.fromisoformat(_get(record, name, "a date YYYY-MM-DD",
                                    lambda v: bool(date.fromisoformat(v))))
            for name in ("first_day", "last_day")]
    if days[1] < days[0]:
        raise ValidationError("calibration.last_day", days[1].isoformat(),
                              "a day on or after first_day")
    errors = [_get(record, name, "a number or null", _optional_number)
              for name in ("error_population", "error_personal")]
    capped = _get(record, "capped", "a list of parameter names",
                  lambda v: v is None or (isinstance(v, list)
                                          and all(x in PARAMETER_NAMES for x in v)))
    return AcceptedCalibration(cid, at, kind, timing, medication, checkins, days[0], days[1],
                               errors[0], errors[1], _covariance(record.get("covariance")),
                               tuple(capped or ()))
