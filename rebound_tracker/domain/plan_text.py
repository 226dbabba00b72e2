"""A plan step as people type it: ``DOSES/DAYS`` (the command line and the Planner window).

DOSES are ``MG@HH:MM`` joined by ``+`` (``0`` stops the product); DAYS is a whole number,
or ``hold`` to stay on the step until the person ends it; the last step may leave ``/DAYS``
out (it is where the plan arrives).
"""

from __future__ import annotations

import math

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.plans import MAX_STEP_DAYS, PlanDose, PlanStep
from rebound_tracker.domain.settings import parse_clock

STEP_ACCEPTED = ("DOSES/DAYS: DOSES as MG@HH:MM joined by '+' (or 0 to stop), DAYS a whole "
                 "number or 'hold' (until you end it); the last step may leave /DAYS out, "
                 "e.g. 4@08:00/7, 2@08:00+1@20:00/hold, 0")


def parse_step_text(where: str, text: str, *, last: bool) -> PlanStep:
    """One step from its text; ValidationError naming ``where`` (e.g. ``step[2]``)."""
    doses_text, slash, days_text = text.strip().partition("/")
    if not slash and not last:
        raise ValidationError(where, text, STEP_ACCEPTED)
    days = None
    if slash and days_text.strip().lower() != "hold":
        cleaned = days_text.strip()
        if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_STEP_DAYS:
            raise ValidationError(f"{where}.days", days_text,
                                  f"a whole number of days from 1 to {MAX_STEP_DAYS}, or hold")
        days = int(cleaned)
    doses = []
    if doses_text.strip() != "0":
        for part in doses_text.split("+"):
            mg_text, at, clock = part.partition("@")
            if not at:
                raise ValidationError(where, text, STEP_ACCEPTED)
            doses.append(PlanDose(_mg(f"{where}.mg", mg_text), parse_clock(f"{where}.time",
                                                                           clock)))
    return PlanStep(tuple(sorted(doses, key=lambda d: d.at)), days)


def step_text(step: PlanStep) -> str:
    """The text :func:`parse_step_text` reads back into ``step``."""
    doses = "+".join(f"{d.mg:g}@{d.at:%H:%M}" for d in step.doses) or "0"
    return f"{doses}/{'hold' if step.days is None else step.days}"


def _mg(field: str, text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValidationError(field, text, "a positive number of mg") from None
    if not math.isfinite(value) or value <= 0:
        raise ValidationError(field, text, "a positive number of mg")
    return value
