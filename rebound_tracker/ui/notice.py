"""What a reminder or prompt says and which answers it offers, whoever shows it.

A :class:`Notice` is shown by the desktop's notification service (with its buttons), by the
tray balloon (no buttons: clicking it opens the in-app dialog) or by the in-app dialog
itself; every one of them answers with the same action ids, so the window handles one set.
"""

from __future__ import annotations

from dataclasses import dataclass

from rebound_tracker.services.reminders import SNOOZE_CHOICES_MIN, Alert

TAKEN, SKIP, CHECK_IN, DISMISS, OPEN = "taken", "skip", "check-in", "dismiss", "default"
SNOOZE_PREFIX = "snooze-"
"""Action ids: ``snooze-30`` snoozes for 30 minutes. ``default`` is a click on the
notification's body (the freedesktop name for it)."""


@dataclass(frozen=True)
class Notice:
    key: str
    """The reminder's key (ReminderService)."""
    kind: str
    title: str
    body: str
    actions: tuple[tuple[str, str], ...]
    """(action id, button label) in the order shown."""


def dose_actions(snooze: tuple[int, ...] = SNOOZE_CHOICES_MIN) -> tuple[tuple[str, str], ...]:
    """Taken, a Snooze button per length in ``snooze`` (the ``snooze_minutes`` setting),
    Skip."""
    snoozes = tuple((f"{SNOOZE_PREFIX}{m}", f"Snooze {m} min") for m in snooze)
    return ((TAKEN, "Taken"), *snoozes, (SKIP, "Skip"))


PROMPT_ACTIONS: tuple[tuple[str, str], ...] = ((CHECK_IN, "Check in"), (DISMISS, "Dismiss"))


def notice_for(alert: Alert, medication_name: str | None = None,
               snooze: tuple[int, ...] = SNOOZE_CHOICES_MIN) -> Notice:
    """The notice of ``alert``; ``medication_name`` is how the person knows the dose;
    ``snooze`` the Snooze lengths offered (minutes)."""
    r = alert.reminder
    body = alert.body(medication_name)
    if alert.final:
        body += " — last reminder" if r.kind == "dose" else " — last time"
    actions = dose_actions(snooze) if r.kind == "dose" else PROMPT_ACTIONS
    return Notice(r.key, r.kind, alert.title(), body, actions)


def snooze_minutes(action: str) -> int | None:
    """The minutes of a ``snooze-N`` action, else None."""
    if not action.startswith(SNOOZE_PREFIX):
        return None
    digits = action[len(SNOOZE_PREFIX):]
    return int(digits) if digits.isdigit() else None
