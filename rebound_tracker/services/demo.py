"""A realistic demo history, so a new user sees something meaningful at once."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.timeparse import attach_local, local_now
from rebound_tracker.services.simulation import DoseSpec, SimulationService
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

MORNING_MED, MORNING_MG = "concerta", 36.0
BOOSTER_MED, BOOSTER_MG = "methylphenidate-ir", 10.0
NOTES = (
    "coffee with breakfast", "big lunch", "slept badly", "long meeting",
    "gym after work", "crashed hard around 5", "good day", "forgot water bottle",
)


@dataclass(frozen=True)
class DemoSummary:
    doses: int
    checkins: int
    first_day: date
    last_day: date


class DemoService:
    """Writes a seeded, plausible history: weekday ER doses, some boosters, misses, weekends off."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        simulation: SimulationService,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        self._sessions = session_factory
        self._simulation = simulation
        self._clock = clock

    def fill(self, days: int = 60, seed: int = 7) -> DemoSummary:
        """Fill an empty store with ``days`` days ending today; refuses a store with entries."""
        if not 1 <= days <= 3650:
            raise ValidationError("days", days, "a whole number of days from 1 to 3650")
        with self._sessions() as session:
            if DoseRepository(session).count() or CheckInRepository(session).count():
                raise ValidationError(
                    "store", "not empty", "an empty store (the demo never mixes with real data)"
                )
        rng = random.Random(seed)
        today = self._clock().date()
        first = today - timedelta(days=days - 1)
        doses = [d for i in range(days) for d in _doses_for_day(first + timedelta(days=i), rng)]
        doses = [d for d in doses if d.taken.instant <= self._clock()]
        checkins = self._checkins_following_model(first, today, doses, rng)
        with self._sessions.begin() as session:
            dose_repo, checkin_repo = DoseRepository(session), CheckInRepository(session)
            for dose in doses:
                dose_repo.add(dose)
            for checkin in checkins:
                checkin_repo.add(checkin)
        return DemoSummary(len(doses), len(checkins), first, today)

    def _checkins_following_model(
        self, first: date, last: date, doses: list[Dose], rng: random.Random
    ) -> list[CheckIn]:
        start = attach_local(datetime.combine(first, time()))
        end = attach_local(datetime.combine(last + timedelta(days=1), time()))
        times = _checkin_times(first, last, rng)
        times = [t for t in times if t <= self._clock()]
        if not doses:
            return [_checkin(t, 0.0, False, rng) for t in times]
        specs = [DoseSpec(d.medication_id, d.mg, d.taken.local, d.fed) for d in doses]
        prediction = self._simulation.predict(specs, start=start, hours=(end - start).days * 24.0)
        curve = prediction.result.analytes[0]
        t_h = prediction.t_h
        result = []
        for moment in times:
            hours = (moment - start).total_seconds() / 3600.0
            effect = float(np.interp(hours, t_h, curve.effect))
            in_rebound = any(w.start_h <= hours <= w.end_h for w in curve.rebound)
            result.append(_checkin(moment, effect, in_rebound, rng))
        return result


CHECKIN_ANCHORS_H = [8.5, 10.5, 12.5, 14.5, 16.5, 18.0, 20.5, 21.75, 22.5]
"""Clock hours the demo person checks in around (a few of them a day, ±25 min): into the
late evening, where the model puts the rebound risk of a 07:20 Concerta dose (~21:45 on)."""


def _doses_for_day(day: date, rng: random.Random) -> list[Dose]:
    weekend = day.weekday() >= 5
    if weekend and rng.random() < 0.75:
        return []  # weekends mostly off
    if not weekend and rng.random() < 0.06:
        return []  # a missed day
    late = rng.random() < 0.12
    base = time(9, 45) if (weekend or late) else time(7, 20)
    morning = _at(day, base, rng.gauss(0, 20))
    doses = [Dose(MORNING_MED, MORNING_MG, morning, fed=rng.random() < 0.6,
                  note=rng.choice(NOTES) if rng.random() < 0.08 else "")]
    if not weekend and rng.random() < 0.35:
        doses.append(Dose(BOOSTER_MED, BOOSTER_MG, _at(day, time(14, 30), rng.gauss(0, 25))))
    return doses


def _checkin_times(first: date, last: date, rng: random.Random) -> list[datetime]:
    times = []
    day = first
    while day <= last:
        count = rng.randint(3, 6)
        anchors = sorted(rng.sample(CHECKIN_ANCHORS_H, count))
        for hour in anchors:
            minutes = hour * 60 + rng.gauss(0, 25)
            times.append(_at(day, time(0, 0), minutes).local)
        day += timedelta(days=1)
    return times


def _checkin(moment: datetime, effect: float, in_rebound: bool, rng: random.Random) -> CheckIn:
    dip = 1.6 if in_rebound else 0.0

    def scale(value: float) -> int:
        return int(min(10, max(0, round(value + rng.gauss(0, 0.9)))))

    return CheckIn(
        at=LoggedTime.from_aware(moment),
        focus=scale(3.0 + 5.0 * effect - dip),
        mood=scale(5.0 + 1.5 * effect - 0.8 * dip),
        irritability=scale(2.5 + 2.2 * dip - 0.5 * effect),
        fatigue=scale(4.5 - 2.0 * effect + 0.9 * dip),
        anxiety=scale(2.5 + 0.8 * effect) if rng.random() < 0.7 else None,
        restlessness=scale(3.0 + 0.6 * dip) if rng.random() < 0.5 else None,
        note=rng.choice(NOTES) if rng.random() < 0.05 else "",
    )


def _at(day: date, base: time, jitter_min: float) -> LoggedTime:
    naive = datetime.combine(day, base) + timedelta(minutes=jitter_min)
    return LoggedTime.from_aware(attach_local(naive.replace(second=0, microsecond=0)))
