"""Plans in the JSON export (``"plans"``: one record per plan) and their merge on import.

Merged by id like entries: a new id is added with the file's stamps; an identical plan
changes nothing; a different one replaces the stored plan only if the file's
``modified_at`` is newer, otherwise the stored plan is kept. Plans from the past are
imported as they are (the "no step in the past" rule is for new plans); a plan that would
then overlap another for the same product (a different id changing the same product's dose
on the same days) refuses the whole import, as a new plan would be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rebound_tracker.domain.errors import ImportProblem, ImportRejected, ValidationError
from rebound_tracker.domain.plans import plan_from_record, plan_record
from rebound_tracker.storage.plans import PlanRepository


def read_plans(items: Any, source: str, known: Callable[[str], bool] | None,
               problems: list[ImportProblem]) -> list[dict[str, Any]]:
    """Validated plan records of an export; every problem is appended to ``problems``."""
    where = f"{source} plans"
    if not isinstance(items, list):
        problems.append(ImportProblem(source, None, "plans", type(items).__name__,
                                      "a JSON list"))
        return []
    records, seen = [], set()
    for number, item in enumerate(items, start=1):
        try:
            plan = plan_from_record(item)
        except ValidationError as err:
            problems.append(ImportProblem(where, number, err.field, err.value, err.accepted))
            continue
        if known is not None and not known(plan.medication_id):
            problems.append(ImportProblem(where, number, "medication", plan.medication_id,
                                          "a medication of the library or of this file"))
        elif plan.id in seen:
            problems.append(ImportProblem(where, number, "id", plan.id, "an id used once"))
        else:
            seen.add(plan.id)
            records.append(plan_record(plan))
    return records


def merge_plans(session: Session, records: list[dict[str, Any]]) -> dict[str, int]:
    """Merge plan records; returns counts of added, updated, unchanged and kept."""
    repo = PlanRepository(session)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "kept": 0}
    written: list[tuple[int, dict[str, Any]]] = []
    for number, record in enumerate(records, start=1):
        mine = repo.get(record["id"])
        if mine is None:
            repo.put(record, stamps=True)
            counts["added"] += 1
            written.append((number, record))
        elif _body(mine) == _body(record):
            counts["unchanged"] += 1
        elif _stamp(record) > _stamp(mine):
            repo.put(record, stamps=True)
            counts["updated"] += 1
            written.append((number, record))
        else:
            counts["kept"] += 1
    _refuse_overlaps(repo, written)
    return counts


def _refuse_overlaps(repo: PlanRepository, written: list[tuple[int, dict[str, Any]]]) -> None:
    """Every plan written by the merge against every stored plan (the file's too); raising
    rolls the caller's transaction back, so nothing of the file is kept."""
    stored = [plan_from_record(r) for r in repo.all()]
    problems = []
    for number, record in written:
        plan = plan_from_record(record)
        other = next((o for o in stored if plan.overlaps(o)), None)
        if other is not None:
            problems.append(ImportProblem("plans", number, "start", plan.start.isoformat(),
                                          plan.overlap_text(other)))
    if problems:
        raise ImportRejected(problems)


def _body(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("created_at", "modified_at")}


def _stamp(record: dict[str, Any]) -> datetime:
    text = record.get("modified_at")
    return datetime.fromisoformat(text) if text else datetime.min.replace(
        tzinfo=datetime.now().astimezone().tzinfo)



