"""A synthetic person with a known timing, written into a real store for the journeys.

They take IR methylphenidate (Ritalin 10 mg) at about 08:00 and 12:00 on most days up to
yesterday and check in at random waking times. Their scales follow the model's effect
under *their* timing (``time_scale`` stretches it: above 1 they wear off later), on top of
day-to-day levels, an evening drift and noise, as validation/calibration_people.py's do;
the calibration only ever sees what is in the store.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import sessionmaker

from rebound_tracker.domain.calibration import PersonalTiming
from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

MEDICATION, MG, DOSE_HOURS = "ritalin", 10.0, (8.0, 12.0)


def _moment(first: date, hours: float) -> LoggedTime:
    naive = datetime.combine(first, time()) + timedelta(minutes=round(hours * 60))
    return LoggedTime.from_aware(attach_local(naive))


def fill_person(services, *, time_scale: float = 1.0, weeks: int = 12,
                per_day: int = 4, seed: int = 3, benefit: float = 3.0,
                noise: float = 1.0) -> tuple[date, date]:
    """Write the person's doses and check-ins ending yesterday; returns (first, last) day."""
    rng = np.random.default_rng(seed)
    days = weeks * 7
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    events = [DoseEvent(MEDICATION, MG, d * 24.0 + h + rng.normal(0, 0.25))
              for d in range(days) if rng.random() > 0.05 for h in DOSE_HOURS]
    at_h = np.concatenate([d * 24.0 + np.sort(rng.uniform(7.5, 22.5, per_day))
                           for d in range(days)])
    grid = np.arange(0.0, days * 24.0 + 24.0, 5.0 / 60.0)
    timing = PersonalTiming("methylphenidate", time_scale=time_scale)
    library = load_library()
    true = simulate(library, events, grid, Person(timing=(timing,)))
    effect = np.sum([c.effect for c in true.analytes], axis=0)
    effect = np.interp(at_h, grid, effect) / effect.max()
    clock, day = at_h % 24.0, (at_h // 24.0).astype(int)
    level = rng.normal(0.0, 0.8, days)[day]
    evening = 1.0 / (1.0 + np.exp(-(clock - 19.0) / 1.2))
    noise = rng.normal(0.0, noise, (2, at_h.size))

    def scale(values: np.ndarray) -> list[int]:
        return [int(v) for v in np.clip(np.rint(values), 0, 10)]

    focus = scale(4.0 + level + benefit * effect - 1.5 * evening + noise[0])
    mood = scale(5.5 + 0.7 * level + 0.4 * benefit * effect - 0.8 * evening + noise[1])
    doses = [Dose(e.formulation_id, e.mg, _moment(first, e.t_h)) for e in events]
    checkins = [CheckIn(at=_moment(first, h), focus=f, mood=m)
                for h, f, m in zip(at_h, focus, mood, strict=True)]
    from rebound_tracker.storage.database import make_session_factory

    sessions: sessionmaker = make_session_factory(services.engine)
    with sessions.begin() as session:
        dose_repo, checkin_repo = DoseRepository(session), CheckInRepository(session)
        for dose in doses:
            dose_repo.add(dose)
        for checkin in checkins:
            checkin_repo.add(checkin)
    return first, last
