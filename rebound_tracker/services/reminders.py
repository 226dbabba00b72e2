"""What becomes of each planned reminder and prompt: stored, alerted, snoozed, settled.

The tray calls :meth:`ReminderService.sync` and :meth:`ReminderService.due` on a timer (and
after every change to the log). Because every planned item is stored with its state, a
restart or a crash re-fires whatever fell due while the app was not running, marked as
missed. The clock is injected, so all of this is testable without waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.errors import NotFound, ValidationError
from rebound_tracker.domain.schedule import DONE, PLANNED, PlannedItem, Reminder
from rebound_tracker.domain.settings import Settings
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.schedule import DayPlan, ScheduleService
from rebound_tracker.storage.reminders import ReminderRepository

SNOOZE_CHOICES_MIN: tuple[int, ...] = Settings().snooze_minutes
"""Snooze lengths offered on a dose reminder by default (minutes; the ``snooze_minutes``
setting)."""
MISSED_AFTER = timedelta(minutes=15)
"""A first alert this late (the app was not running at the time) says the item was missed."""
PROMPT_USEFUL_FOR = timedelta(minutes=60)
"""A prompt later than this would not sample the moment it was timed for: it is ignored."""
PROMPT_REALERTS = 1
"""An unanswered prompt is shown once more, then left (prompts must not nag)."""


@dataclass(frozen=True)
class Alert:
    """A reminder to show now; ``missed`` when it is shown well after it was due."""

    reminder: Reminder
    missed: bool
    final: bool
    """The last time it will be shown unless the person snoozes it."""

    def title(self) -> str:
        if self.reminder.kind == "dose":
            return "Missed dose reminder" if self.missed else "Time for your dose"
        return "Missed check-in prompt" if self.missed else "How are you doing?"

    def body(self, medication_name: str | None = None) -> str:
        r = self.reminder
        when = r.due.strftime("%H:%M")
        if r.kind == "dose":
            name = medication_name or r.medication_id or "dose"
            text = f"{name} {r.mg:g} mg, due at {when}"
            return text + (" (missed while the app was not running)" if self.missed else "")
        text = {"wear-off": "Your dose is predicted to be wearing off",
                "rebound": "You are inside a predicted rebound window",
                "random": "A quick check-in at a random time of day"}[r.kind]
        return f"{text} ({when}). Check in?" + (" (missed)" if self.missed else "")


class ReminderService:
    def __init__(self, session_factory: sessionmaker[Session], schedule: ScheduleService,
                 doses: DoseService, checkins: CheckInService,
                 clock: Callable[[], datetime] = local_now) -> None:
        self._sessions = session_factory
        self._schedule = schedule
        self._doses = doses
        self._checkins = checkins
        self._clock = clock

    @property
    def schedule(self) -> ScheduleService:
        return self._schedule

    def now(self) -> datetime:
        return self._clock()

    # --- keeping the stored schedule in line with the plan -----------------------------
    def sync(self, day: date | None = None) -> DayPlan:
        """Store the plan for ``day`` (default today): new items become pending, pending
        prompts not yet shown move with the plan, items gone from it are withdrawn, a dose
        logged by hand settles its reminder, an undone Taken re-opens it. Earlier days'
        open items are settled as ignored."""
        now = self._clock()
        day = day or now.date()
        plan = self._schedule.plan(day)
        by_key = {item.key: item for item in plan.items}
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            for old in repo.active_before(day):
                repo.update(old.key, state="ignored")
            stored = {r.key: r for r in repo.for_day(day)}
            for item in plan.items:
                self._merge(repo, stored.get(item.key), item, now)
            for key, reminder in stored.items():
                if key not in by_key and reminder.active and reminder.alerts == 0:
                    repo.update(key, state="withdrawn")
        return plan

    def _merge(self, repo: ReminderRepository, stored: Reminder | None, item: PlannedItem,
               now: datetime) -> None:
        if stored is None:
            if item.status == PLANNED:
                repo.put(_new_reminder(item))
            return
        if item.status == DONE and stored.active:
            repo.update(stored.key, state="taken")
        elif item.status == PLANNED and stored.state == "taken" and stored.entry_id \
                and self._doses.get(stored.entry_id) is None:
            repo.update(stored.key, state="pending", entry_id=None, next_alert=now)
        elif item.status == PLANNED and stored.active and stored.alerts == 0 \
                and stored.due != item.at:
            repo.update(stored.key, due=item.at, next_alert=item.at, reason=item.reason)
        elif item.status == PLANNED and stored.state == "withdrawn":
            repo.put(_new_reminder(item))
        elif item.status not in (PLANNED, DONE) and stored.active and stored.alerts == 0:
            repo.update(stored.key, state="withdrawn")

    # --- alerting --------------------------------------------------------------------
    def due(self) -> list[Alert]:
        """The alerts to show now, each counted as shown; re-alerts are scheduled (dose:
        every ``realert_minutes`` up to ``realert_count`` times; prompt: once more), and
        a prompt too late to be useful is settled as ignored without showing it."""
        now = self._clock()
        settings = self._schedule_settings()
        alerts = []
        with self._sessions.begin() as session:
            repo = ReminderRepository(session)
            for r in repo.due(now):
                if (r.kind == "dose" and not settings.reminders) or \
                        (r.kind != "dose" and not settings.checkin_prompts):
                    repo.update(r.key, state="withdrawn")
                    continue
                if r.kind != "dose" and now - r.due > PROMPT_USEFUL_FOR:
                    repo.update(r.key, state="ignored")
                    continue
                limit = settings.realert_count if r.kind == "dose" else PROMPT_REALERTS
                if r.alerts > limit:
                    repo.update(r.key, state="ignored")
                    continue
                missed = r.alerts == 0 and now - r.due > MISSED_AFTER
                final = r.alerts >= limit
                gap = timedelta(minutes=settings.realert_minutes)
                shown = repo.update(r.key, alerts=r.alerts + 1, next_alert=now + gap)
                alerts.append(Alert(shown, missed, final))  # type: ignore[arg-type]
        return alerts

    def _schedule_settings(self) -> Settings:
        return self._schedule.settings()

    # --- what the person answers -------------------------------------------------------
    def taken(self, key: str) -> Dose:
        """Build the dose of reminder ``key`` at now (not yet stored: the caller stores it,
        undoably, then calls :meth:`mark_taken`)."""
        r = self._active(key, "dose")
        return self._doses.build(r.medication_id or "", r.mg, self._clock(), fed=r.fed)

    def mark_taken(self, key: str, dose_id: str) -> Reminder:
        return self._settle(key, "taken", entry_id=dose_id)

    def snooze(self, key: str, minutes: int) -> Reminder:
        """Show reminder ``key`` again in ``minutes`` (one of the ``snooze_minutes`` or any
        whole number from 1 to 240); the re-alert count starts again."""
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
            raise ValidationError("snooze", minutes, "a whole number of minutes from 1 to 240")
        self._active(key)
        with self._sessions.begin() as session:
            return ReminderRepository(session).update(  # type: ignore[return-value]
                key, state="snoozed", alerts=0,
                next_alert=self._clock() + timedelta(minutes=minutes))

    def skip(self, key: str) -> Reminder:
        return self._settle(key, "skipped")

    def dismiss(self, key: str) -> Reminder:
        return self._settle(key, "dismissed")

    def answer(self, key: str, scales: Mapping[str, object], note: str | None = None
               ) -> CheckIn:
        """Build the check-in answering prompt ``key`` (not stored yet: the caller stores
        it, undoably, then calls :meth:`mark_answered`)."""
        r = self._active(key)
        if r.kind == "dose":
            raise ValidationError("reminder", key, "a check-in prompt, not a dose reminder")
        return self._checkins.build(scales, self._clock(), note=note, prompt=r.kind)

    def mark_answered(self, key: str, checkin_id: str) -> Reminder:
        return self._settle(key, "answered", entry_id=checkin_id)

    def get(self, key: str) -> Reminder | None:
        with self._sessions() as session:
            return ReminderRepository(session).get(key)

    def for_day(self, day: date) -> list[Reminder]:
        with self._sessions() as session:
            return ReminderRepository(session).for_day(day)

    def _active(self, key: str, kind: str | None = None) -> Reminder:
        r = self.get(key)
        if r is None:
            raise NotFound("reminder", key)
        if kind is not None and r.kind != kind:
            raise ValidationError("reminder", key, f"a {kind} reminder")
        return r

    def _settle(self, key: str, state: str, **changes) -> Reminder:
        self._active(key)
        with self._sessions.begin() as session:
            return ReminderRepository(session).update(  # type: ignore[return-value]
                key, state=state, **changes)


def _new_reminder(item: PlannedItem) -> Reminder:
    dose = item.dose
    return Reminder(
        key=item.key, day=item.at.date(), kind=item.kind, due=item.at, reason=item.reason,
        state="pending", next_alert=item.at,
        medication_id=dose.medication if dose else None, mg=dose.mg if dose else None,
        fed=dose.fed if dose else False)

