"""Doses taken against the usual regimen, and how close to the usual time.

The usual regimen is read from the log itself: the k-th dose of a medication on a day is
one "slot"; a slot belongs to the regimen on working days and/or weekends when it was taken
on at least ``USUAL_FRACTION`` of those dates in the period (so "weekdays only" is
recognised; a Monday/Wednesday/Friday pattern is not).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from rebound_tracker.domain.entries import Dose
from rebound_tracker.domain.timeparse import attach_local

USUAL_FRACTION = 2 / 3
"""Taken on at least this share of a weekday's dates: part of the regimen that weekday
(high enough that an as-needed booster taken one day in three is not mistaken for one)."""
DAY_GROUPS = ((0, 1, 2, 3, 4), (5, 6))
"""A slot is judged on working days and on weekends as a whole: single weekdays have too
few dates in a month to tell a habit from chance."""
ON_TIME_MIN = 30
"""A dose within this many minutes of the slot's usual time counts as on time."""


@dataclass(frozen=True)
class RegimenSlot:
    """The ``ordinal``-th (1-based) daily dose of a medication: usual mg, usual local time
    (minutes after midnight) and the weekdays (0 = Monday) it is part of the regimen."""

    medication_id: str
    ordinal: int
    mg: float
    minute_of_day: int
    weekdays: frozenset[int]



@dataclass(frozen=True)
class Adherence:
    """Regimen doses expected vs taken in the period; extra doses outside the regimen;
    timing of the taken regimen doses as minutes late (negative: early)."""

    first_day: date
    last_day: date
    regimen: tuple[RegimenSlot, ...]
    expected: int
    taken: int
    extra: int
    offsets_min: tuple[float, ...]
    on_time: int

    @property
    def fraction(self) -> float:
        return self.taken / self.expected if self.expected else math.nan

    @property
    def median_offset_min(self) -> float:
        return float(np.median(self.offsets_min)) if self.offsets_min else math.nan

    @property
    def spread_min(self) -> tuple[float, float]:
        """The middle half of the timing offsets (25th and 75th percentile), minutes."""
        if not self.offsets_min:
            return math.nan, math.nan
        q25, q75 = np.percentile(self.offsets_min, [25, 75])
        return float(q25), float(q75)


def _slots_by_day(doses: Sequence[Dose]) -> dict[date, dict[tuple[str, int], Dose]]:
    out: dict[date, dict[tuple[str, int], Dose]] = {}
    for dose in sorted(doses, key=lambda d: d.taken.instant):
        day = out.setdefault(dose.taken.local.date(), {})
        ordinal = 1 + sum(1 for med, _ in day if med == dose.medication_id)
        day[(dose.medication_id, ordinal)] = dose
    return out


def _minute(dose: Dose) -> int:
    local = dose.taken.local
    return local.hour * 60 + local.minute


def infer_regimen(doses: Sequence[Dose], first_day: date, last_day: date
                  ) -> tuple[RegimenSlot, ...]:
    """The usual regimen in ``first_day``..``last_day`` as read from the logged doses."""
    by_day = _slots_by_day([d for d in doses if first_day <= d.taken.local.date() <= last_day])
    weekday_count = Counter((first_day + timedelta(days=i)).weekday()
                            for i in range((last_day - first_day).days + 1))
    found: dict[tuple[str, int], list[Dose]] = {}
    for day_slots in by_day.values():
        for key, dose in day_slots.items():
            found.setdefault(key, []).append(dose)
    regimen = []
    for (med, ordinal), taken in sorted(found.items()):
        on_weekday = Counter(d.taken.local.date().weekday() for d in taken)
        weekdays = frozenset(w for group in DAY_GROUPS
                             if sum(on_weekday[g] for g in group)
                             >= USUAL_FRACTION * max(1, sum(weekday_count[g] for g in group))
                             for w in group)
        if not weekdays:
            continue
        mg = Counter(d.mg for d in taken).most_common(1)[0][0]
        minute = int(np.median([_minute(d) for d in taken]))
        regimen.append(RegimenSlot(med, ordinal, mg, minute, weekdays))
    return tuple(regimen)


def adherence(doses: Sequence[Dose], first_day: date, last_day: date,
              regimen: Sequence[RegimenSlot] | None = None,
              now: datetime | None = None) -> Adherence:
    """Regimen slots due in the period (not after ``now``) against the doses logged.

    The regimen is read from complete days: today (``now``'s date), not over yet, would
    count as a date without its doses minutes after midnight."""
    if regimen is None:
        regimen = infer_regimen(doses, first_day, _last_complete_day(first_day, last_day, now))
    in_period = [d for d in doses if first_day <= d.taken.local.date() <= last_day]
    by_day = _slots_by_day(in_period)
    expected = taken = on_time = 0
    offsets: list[float] = []
    used: set[str] = set()
    day = first_day
    while day <= last_day:
        for slot in regimen:
            if day.weekday() not in slot.weekdays:
                continue
            midnight = datetime.combine(day, time())
            due = attach_local(midnight + timedelta(minutes=slot.minute_of_day))
            dose = by_day.get(day, {}).get((slot.medication_id, slot.ordinal))
            if now is not None and due > now and dose is None:
                continue  # not due yet
            expected += 1
            if dose is not None:
                taken += 1
                used.add(dose.id)
                offset = float(_minute(dose) - slot.minute_of_day)
                offsets.append(offset)
                on_time += abs(offset) <= ON_TIME_MIN
        day += timedelta(days=1)
    extra = sum(1 for d in in_period if d.id not in used)
    return Adherence(first_day, last_day, tuple(regimen), expected, taken, extra,
                     tuple(offsets), on_time)


def _last_complete_day(first_day: date, last_day: date, now: datetime | None) -> date:
    if now is None or now.date() > last_day:
        return last_day
    before_today = now.date() - timedelta(days=1)
    return before_today if before_today >= first_day else last_day
