"""The stored schedule: reminders and prompts planned for a day, and what became of each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from rebound_tracker.domain.entries import utc_now
from rebound_tracker.domain.schedule import ACTIVE_STATES, Reminder
from rebound_tracker.storage.instants import from_epoch_us, to_epoch_us
from rebound_tracker.storage.models import ReminderRow


class ReminderRepository:
    """Reminders in and out as domain :class:`Reminder` values; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> Reminder | None:
        row = self._session.get(ReminderRow, key)
        return None if row is None else _reminder(row)

    def for_day(self, day: date) -> list[Reminder]:
        rows = self._session.scalars(
            select(ReminderRow).where(ReminderRow.day == day.isoformat())
            .order_by(ReminderRow.due_utc))
        return [_reminder(r) for r in rows]

    def active_before(self, day: date) -> list[Reminder]:
        """Reminders of earlier days still pending or snoozed."""
        rows = self._session.scalars(
            select(ReminderRow).where(ReminderRow.day < day.isoformat(),
                                      ReminderRow.state.in_(ACTIVE_STATES)))
        return [_reminder(r) for r in rows]

    def due(self, now: datetime) -> list[Reminder]:
        """Active reminders whose next alert is at or before ``now``, oldest first."""
        rows = self._session.scalars(
            select(ReminderRow).where(ReminderRow.state.in_(ACTIVE_STATES),
                                      ReminderRow.next_alert_utc <= to_epoch_us(now))
            .order_by(ReminderRow.next_alert_utc))
        return [_reminder(r) for r in rows]

    def put(self, reminder: Reminder) -> Reminder:
        """Insert or overwrite the reminder with this key."""
        row = self._session.get(ReminderRow, reminder.key)
        if row is None:
            row = ReminderRow(id=reminder.key)
            self._session.add(row)
        row.day = reminder.day.isoformat()
        row.kind = reminder.kind
        row.due_utc = to_epoch_us(reminder.due, "due")
        row.utc_offset_min = _offset_min(reminder.due)
        row.reason = reminder.reason
        row.medication_id = reminder.medication_id
        row.mg = reminder.mg
        row.fed = reminder.fed
        row.state = reminder.state
        row.next_alert_utc = to_epoch_us(reminder.next_alert, "next_alert")
        row.alerts = reminder.alerts
        row.entry_id = reminder.entry_id
        row.modified_at = to_epoch_us(utc_now())
        self._session.flush()
        return reminder

    def update(self, key: str, **changes) -> Reminder | None:
        current = self.get(key)
        if current is None:
            return None
        return self.put(replace(current, **changes))


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset() or timedelta()
    return int(offset.total_seconds() // 60)


def _reminder(row: ReminderRow) -> Reminder:
    zone = timezone(timedelta(minutes=row.utc_offset_min))
    return Reminder(
        key=row.id, day=date.fromisoformat(row.day), kind=row.kind,
        due=from_epoch_us(row.due_utc).astimezone(zone), reason=row.reason, state=row.state,
        next_alert=from_epoch_us(row.next_alert_utc).astimezone(zone), alerts=row.alerts,
        medication_id=row.medication_id, mg=row.mg, fed=row.fed, entry_id=row.entry_id)
