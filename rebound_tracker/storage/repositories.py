"""Repositories: domain dataclasses in and out, ORM rows kept inside.

Each takes a Session and never commits; the service running the user's action owns the
transaction (``with session_factory.begin() as session``). Writes are flushed at once, so a
constraint violation surfaces as ``sqlalchemy.exc.IntegrityError`` from the call that caused
it rather than later at commit.

Times: every ``datetime`` argument must be timezone-aware (``ValidationError`` otherwise);
every ``datetime`` returned is aware UTC, exact to the microsecond.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import desc, func, insert, select
from sqlalchemy.orm import Session

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime, utc_now
from rebound_tracker.domain.errors import NotFound
from rebound_tracker.storage.instants import from_epoch_us, to_epoch_us
from rebound_tracker.storage.models import CheckInRow, DoseRow, SettingRow

Clock = Callable[[], datetime]
_IN_CHUNK = 500
"""Ids per ``IN (...)`` query: well under SQLite's limit on bound parameters."""


RowT = TypeVar("RowT", DoseRow, CheckInRow)
"""The ORM row an entry repository keeps (so its id and stamps are typed, not ``Base``)."""


class _EntryRepository(Generic[RowT]):
    """What doses and check-ins share: stamps, NotFound, range listing."""

    _kind: str
    _row_type: type[RowT]

    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def _now_us(self) -> int:
        return to_epoch_us(self._clock(), "clock")

    def _row(self, entry_id: str) -> RowT:
        row = self._session.get(self._row_type, entry_id)
        if row is None:
            raise NotFound(self._kind, entry_id)
        return row

    def _insert(self, row, created_at: datetime | None, modified_at: datetime | None) -> None:
        now = self._now_us()
        row.created_at = now if created_at is None else to_epoch_us(created_at, "created_at")
        row.modified_at = now if modified_at is None else to_epoch_us(modified_at, "modified_at")
        self._session.add(row)
        self._session.flush()

    def _touch(self, row) -> None:
        # Never move modified_at backwards, even if the wall clock was set back since the
        # last edit: merging an export by id can then trust "newer modified_at wins".
        row.modified_at = max(self._now_us(), row.modified_at + 1)
        self._session.flush()

    def _remove(self, entry_id: str):
        row = self._row(entry_id)
        self._session.delete(row)
        self._session.flush()
        return row

    def _put(self, entry, copy) -> bool:
        """Write ``entry`` exactly as given, stamps included; True if anything changed."""
        row = self._session.get(self._row_type, entry.id)
        if row is None:
            row = self._row_type(id=entry.id)
            self._session.add(row)
        before = _row_values(row)
        copy(entry, row)
        row.created_at = to_epoch_us(entry.created_at, "created_at")
        row.modified_at = to_epoch_us(entry.modified_at, "modified_at")
        changed = _row_values(row) != before
        self._session.flush()
        return changed

    def _time_column(self):
        raise NotImplementedError

    def _entry(self, row):
        raise NotImplementedError

    def _copy(self, entry, row) -> None:
        raise NotImplementedError

    def get_many(self, ids: Iterable[str]) -> dict:
        """The stored entries among ``ids``, by id (absent ids are simply missing)."""
        wanted = list(ids)
        found = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            query = select(self._row_type).where(
                self._row_type.id.in_(wanted[start:start + _IN_CHUNK]))
            for row in self._session.scalars(query):
                found[row.id] = self._entry(row)
        return found

    def insert_many(self, entries: Iterable) -> int:
        """Insert new entries exactly as given, ids and stamps (required) included, in one
        statement: how an import adds thousands of rows quickly. Returns how many."""
        values = []
        for entry in entries:
            row = self._row_type(id=entry.id)
            self._copy(entry, row)
            row.created_at = to_epoch_us(entry.created_at, "created_at")
            row.modified_at = to_epoch_us(entry.modified_at, "modified_at")
            values.append({c.key: getattr(row, c.key) for c in self._row_type.__table__.columns})
        if values:
            self._session.execute(insert(self._row_type), values)
        return len(values)

    def _rows_between(self, start: datetime | None, end: datetime | None):
        column = self._time_column()
        query = select(self._row_type)
        if start is not None:
            query = query.where(column >= to_epoch_us(start, "start"))
        if end is not None:
            query = query.where(column < to_epoch_us(end, "end"))
        return self._session.scalars(query.order_by(column, self._row_type.id))

    def columns_between(self, names: Sequence[str], start: datetime | None = None,
                        end: datetime | None = None) -> builtins.list[tuple]:
        """Read-only: the stored values of columns ``names`` for the entries with
        ``start <= instant < end``, oldest first, as one tuple per column (times in UTC
        microseconds, as stored). No ORM objects: a chart reading 16,000 entries through
        them left enough garbage-collector work to stall the UI thread for 80-90 ms."""
        column = self._time_column()
        query = select(*(getattr(self._row_type, name) for name in names))
        if start is not None:
            query = query.where(column >= to_epoch_us(start, "start"))
        if end is not None:
            query = query.where(column < to_epoch_us(end, "end"))
        query = query.order_by(column, self._row_type.id).execution_options(yield_per=500)
        columns: builtins.list[builtins.list] = [[] for _ in names]
        # Rows in small batches that die young: a list of 16,000 live row objects would
        # itself be enough to trigger a full collection.
        for rows in self._session.execute(query).partitions():
            for values, into in zip(zip(*rows, strict=True), columns, strict=True):
                into.extend(values)
        return [tuple(values) for values in columns]

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(self._row_type)) or 0


class DoseRepository(_EntryRepository[DoseRow]):
    _kind = "dose"
    _row_type = DoseRow

    def _time_column(self):
        return DoseRow.taken_at_utc

    def _entry(self, row):
        return _dose(row)

    def _copy(self, entry, row) -> None:
        _copy_dose(entry, row)

    def add(self, dose: Dose) -> Dose:
        """Insert ``dose`` with its own id; stamps created/modified now where they are None.

        Re-adding an entry returned by :meth:`delete` restores it exactly (undo).
        """
        row = DoseRow(id=dose.id)
        _copy_dose(dose, row)
        self._insert(row, dose.created_at, dose.modified_at)
        return _dose(row)

    def get(self, entry_id: str) -> Dose | None:
        row = self._session.get(DoseRow, entry_id)
        return None if row is None else _dose(row)

    def update(self, dose: Dose) -> Dose:
        """Overwrite the stored dose with this id; keeps created_at, bumps modified_at."""
        row = self._row(dose.id)
        _copy_dose(dose, row)
        self._touch(row)
        return _dose(row)

    def put(self, dose: Dose) -> bool:
        """Insert or overwrite the dose with this id exactly as given, created_at and
        modified_at included (both required): how an import merges. True if it changed."""
        return self._put(dose, _copy_dose)

    def delete(self, entry_id: str) -> Dose:
        """Delete and return the dose, stamps included, so the caller can undo via add()."""
        return _dose(self._remove(entry_id))

    def list(self, start: datetime | None = None, end: datetime | None = None) -> list[Dose]:
        """Doses with ``start <= taken.instant < end`` (either bound optional), oldest first."""
        return [_dose(row) for row in self._rows_between(start, end)]

    def count_for_medication(self, medication_id: str) -> int:
        """How many stored doses are of the medication with this id."""
        query = select(func.count()).select_from(DoseRow).where(
            DoseRow.medication_id == medication_id)
        return self._session.scalar(query) or 0

    def recent_regimen(
        self, limit: int = 4, since: datetime | None = None
    ) -> builtins.list[tuple[str, float, int]]:
        """(medication_id, mg, times logged), most frequent first, for one-click buttons.

        Ties go to the pair logged most recently. Only doses taken at or after ``since``
        count, when given.
        """
        if limit <= 0:
            return []
        times = func.count().label("times")
        query = select(DoseRow.medication_id, DoseRow.mg, times).group_by(
            DoseRow.medication_id, DoseRow.mg
        )
        if since is not None:
            query = query.where(DoseRow.taken_at_utc >= to_epoch_us(since, "since"))
        query = query.order_by(
            desc(times), desc(func.max(DoseRow.taken_at_utc)), DoseRow.medication_id, DoseRow.mg
        ).limit(limit)
        return [(med, mg, n) for med, mg, n in self._session.execute(query)]


class CheckInRepository(_EntryRepository[CheckInRow]):
    _kind = "check-in"
    _row_type = CheckInRow

    def _time_column(self):
        return CheckInRow.at_utc

    def _entry(self, row):
        return _checkin(row)

    def _copy(self, entry, row) -> None:
        _copy_checkin(entry, row)

    def add(self, checkin: CheckIn) -> CheckIn:
        """Insert ``checkin`` with its own id; stamps created/modified now where they are None."""
        row = CheckInRow(id=checkin.id)
        _copy_checkin(checkin, row)
        self._insert(row, checkin.created_at, checkin.modified_at)
        return _checkin(row)

    def get(self, entry_id: str) -> CheckIn | None:
        row = self._session.get(CheckInRow, entry_id)
        return None if row is None else _checkin(row)

    def update(self, checkin: CheckIn) -> CheckIn:
        """Overwrite the stored check-in with this id; keeps created_at, bumps modified_at."""
        row = self._row(checkin.id)
        _copy_checkin(checkin, row)
        self._touch(row)
        return _checkin(row)

    def put(self, checkin: CheckIn) -> bool:
        """Insert or overwrite the check-in with this id exactly as given, stamps included."""
        return self._put(checkin, _copy_checkin)

    def delete(self, entry_id: str) -> CheckIn:
        """Delete and return the check-in, stamps included, so the caller can undo via add()."""
        return _checkin(self._remove(entry_id))

    def list(self, start: datetime | None = None, end: datetime | None = None) -> list[CheckIn]:
        """Check-ins with ``start <= at.instant < end`` (either bound optional), oldest first."""
        return [_checkin(row) for row in self._rows_between(start, end)]


class SettingsRepository:
    """User preferences that matter to the data, as text key/value pairs."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> str | None:
        row = self._session.get(SettingRow, key)
        return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
        self._session.flush()

    def delete(self, key: str) -> bool:
        """Forget a setting; True if it was there."""
        row = self._session.get(SettingRow, key)
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True

    def all(self) -> dict[str, str]:
        rows = self._session.scalars(select(SettingRow).order_by(SettingRow.key))
        return {row.key: row.value for row in rows}


def _row_values(row) -> dict:
    return {column.key: getattr(row, column.key, None)
            for column in row.__table__.columns}


def _copy_dose(dose: Dose, row: DoseRow) -> None:
    row.medication_id = dose.medication_id
    row.mg = dose.mg
    row.taken_at_utc = to_epoch_us(dose.taken.instant, "taken")
    row.utc_offset_min = dose.taken.offset_min
    row.fed = dose.fed
    row.note = dose.note


def _dose(row: DoseRow) -> Dose:
    return Dose(
        id=row.id,
        medication_id=row.medication_id,
        mg=row.mg,
        taken=LoggedTime(from_epoch_us(row.taken_at_utc), row.utc_offset_min),
        fed=row.fed,
        note=row.note,
        created_at=from_epoch_us(row.created_at),
        modified_at=from_epoch_us(row.modified_at),
    )


def _copy_checkin(checkin: CheckIn, row: CheckInRow) -> None:
    row.at_utc = to_epoch_us(checkin.at.instant, "at")
    row.utc_offset_min = checkin.at.offset_min
    row.mood = checkin.mood
    row.focus = checkin.focus
    row.irritability = checkin.irritability
    row.fatigue = checkin.fatigue
    row.anxiety = checkin.anxiety
    row.restlessness = checkin.restlessness
    row.note = checkin.note
    row.prompt = checkin.prompt


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        at=LoggedTime(from_epoch_us(row.at_utc), row.utc_offset_min),
        mood=row.mood,
        focus=row.focus,
        irritability=row.irritability,
        fatigue=row.fatigue,
        anxiety=row.anxiety,
        restlessness=row.restlessness,
        note=row.note,
        created_at=from_epoch_us(row.created_at),
        modified_at=from_epoch_us(row.modified_at),
        prompt=row.prompt,
    )
