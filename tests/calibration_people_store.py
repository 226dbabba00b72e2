"""A synthetic person with a known timing (validation/calibration_people.py) written into a
real store, for the calibration's service, CLI and window tests.

    write_person(services, truth_name="IR: effect 1 h later", seed=..., last_day=...)
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np

VALIDATION = Path(__file__).resolve().parents[1] / "validation"
if str(VALIDATION) not in sys.path:
    sys.path.append(str(VALIDATION))

import calibration_people  # noqa: E402  (the validation folder, added above)

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime  # noqa: E402
from rebound_tracker.domain.timeparse import attach_local  # noqa: E402
from rebound_tracker.storage.database import make_session_factory  # noqa: E402
from rebound_tracker.storage.repositories import (  # noqa: E402
    CheckInRepository,
    DoseRepository,
)

LATER = "IR: effect 1 h later"
SAME = "IR: same as population"
LATER_SEED = 3
"""A seed whose 12-week person with a 1 h later effect is offered a calibration."""


def truth(name: str, **changes) -> calibration_people.Truth:
    found = next(t for t in calibration_people.truths() if t.name == name)
    return replace(found, **changes)


def _moment(first: date, hours: float) -> LoggedTime:
    day = first + timedelta(days=int(hours // 24))
    minutes = round((hours % 24) * 60)
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return LoggedTime.from_aware(attach_local(naive))


def write_person(services, name: str = LATER, seed: int = LATER_SEED, *,
                 last_day: date | None = None, **changes) -> calibration_people.Truth:
    """Write the doses and check-ins of one synthetic person of kind ``name`` ending on
    ``last_day`` (default: yesterday) in one transaction; returns the truth."""
    kind = truth(name, **changes)
    person = calibration_people.person(kind, np.random.default_rng(seed))
    last = last_day or (datetime.now().date() - timedelta(days=1))
    first = last - timedelta(days=kind.weeks * 7 - 1)
    medication = services.medications.resolve(kind.medication).id
    doses = [Dose(medication, e.mg, _moment(first, e.t_h)) for e in person.events]
    data = person.data
    checkins = []
    for i, hours in enumerate(data.t_h):
        scales = {s: (None if np.isnan(v[i]) else int(v[i])) for s, v in data.values.items()}
        checkins.append(CheckIn(_moment(first, float(hours)), **scales))
    with make_session_factory(services.engine).begin() as session:  # one transaction
        dose_repo, checkin_repo = DoseRepository(session), CheckInRepository(session)
        for dose in doses:
            dose_repo.add(dose)
        for checkin in checkins:
            checkin_repo.add(checkin)
    return kind
