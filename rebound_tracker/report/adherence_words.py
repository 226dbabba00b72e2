"""Adherence to the usual regimen in plain words, for the Trends view and page 1 of the
appointment summary (the figures come from ``services.adherence``)."""

from __future__ import annotations

from rebound_tracker.domain.timeparse import WEEKDAYS
from rebound_tracker.services.adherence import ON_TIME_MIN, Adherence, RegimenSlot


def adherence_statement(result: Adherence, names: dict[str, str]) -> str:
    """A plain-language summary; ``names`` maps medication ids to display names."""
    if not result.regimen:
        return "No usual regimen can be read from this period's doses yet."
    slots = "; ".join(f"{days_text(s)}: {names.get(s.medication_id, s.medication_id)} "
                      f"{s.mg:g} mg around {s.minute_of_day // 60:02d}:{s.minute_of_day % 60:02d}"
                      for s in result.regimen)
    text = (f"Usual regimen (read from your log): {slots}. Taken {result.taken} of "
            f"{result.expected} regimen doses ({result.fraction:.0%}).")
    if result.extra:
        text += f" {result.extra} other dose{'s' if result.extra != 1 else ''} outside it."
    if result.offsets_min:
        q25, q75 = result.spread_min
        text += (f" {result.on_time} of {result.taken} within {ON_TIME_MIN} min of the usual "
                 f"time; the middle half ran from {_early_late(q25)} to {_early_late(q75)}.")
    return text


def days_text(slot: RegimenSlot) -> str:
    """``every day``, ``Mon–Fri`` or the weekdays by name."""
    days = sorted(slot.weekdays)
    if days == list(range(7)):
        return "every day"
    if days == list(range(5)):
        return "Mon–Fri"
    return ", ".join(WEEKDAYS[d] for d in days)


def _early_late(minutes: float) -> str:
    if abs(minutes) < 0.5:
        return "on time"
    return f"{abs(minutes):.0f} min {'early' if minutes < 0 else 'late'}"
