"""Calibrations in the JSON export (``"calibrations"``: the history, one record per row) and
their merge on import.

The history is append-only, so the merge is by id without replacing: a new id is added; an
identical row changes nothing (importing twice is a no-op); a row whose id the store has
with other content is a problem naming the id (an import never rewrites history). The
calibration in force after a merge is the newest row per drug family, wherever it came
from.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from rebound_tracker.domain.calibration import AcceptedCalibration
from rebound_tracker.domain.calibration_record import (
    calibration_from_record,
    calibration_record,
)
from rebound_tracker.domain.errors import ImportProblem, ImportRejected, ValidationError
from rebound_tracker.storage.calibrations import CalibrationRepository


def read_calibrations(items: Any, source: str, problems: list[ImportProblem]
                      ) -> list[AcceptedCalibration]:
    """Validated history rows of an export; every problem is appended to ``problems``."""
    where = f"{source} calibrations"
    if not isinstance(items, list):
        problems.append(ImportProblem(source, None, "calibrations", type(items).__name__,
                                      "a JSON list"))
        return []
    rows, seen = [], set()
    for number, item in enumerate(items, start=1):
        try:
            row = calibration_from_record(item)
        except ValidationError as err:
            problems.append(ImportProblem(where, number, err.field, err.value, err.accepted))
            continue
        if row.id in seen:
            problems.append(ImportProblem(where, number, "calibration.id", row.id,
                                          "an id used once"))
            continue
        seen.add(row.id)
        rows.append(row)
    return rows


def _same(a: AcceptedCalibration, b: AcceptedCalibration) -> bool:
    text = [json.dumps(calibration_record(x), sort_keys=True) for x in (a, b)]
    return text[0] == text[1]


def merge_calibrations(session: Session, rows: list[AcceptedCalibration]) -> dict[str, int]:
    """Add the rows the store does not have; counts of added and unchanged."""
    repo = CalibrationRepository(session)
    counts = {"added": 0, "unchanged": 0}
    for row in rows:
        mine = repo.get(row.id)
        if mine is None:
            repo.add(row)
            counts["added"] += 1
        elif _same(mine, row):
            counts["unchanged"] += 1
        else:
            raise ImportRejected([ImportProblem("calibrations", None, "calibration.id", row.id,
                                                "an id this store does not use for another "
                                                "calibration")])
    return counts



