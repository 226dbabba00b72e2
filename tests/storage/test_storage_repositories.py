"""Repositories over a real, migrated SQLite file: round-trips, ranges, undo, constraints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.entries import CheckIn, Dose, LoggedTime
from rebound_tracker.domain.errors import NotFound, ValidationError
from rebound_tracker.storage.repositories import (
    CheckInRepository,
    DoseRepository,
    SettingsRepository,
)

IST = timezone(timedelta(hours=5, minutes=30))
PST = timezone(timedelta(hours=-8))
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def logged(moment: datetime) -> LoggedTime:
    return LoggedTime.from_aware(moment)


def dose_at(moment: datetime, medication_id: str = "concerta", mg: float = 36.0, **kw) -> Dose:
    return Dose(medication_id=medication_id, mg=mg, taken=logged(moment), **kw)


def checkin_at(moment: datetime, mood: int = 6, focus: int = 4, **kw) -> CheckIn:
    return CheckIn(at=logged(moment), mood=mood, focus=focus, **kw)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# --- doses -----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [IST, PST, UTC], ids=["+05:30", "-08:00", "UTC"])
def test_dose_round_trips_instant_to_the_microsecond_and_the_offset(
    sessions: sessionmaker[Session], zone: timezone
) -> None:
    moment = datetime(2026, 3, 2, 7, 45, 12, 345678, tzinfo=zone)
    dose = dose_at(moment, mg=2.5, fed=True, note="with breakfast — 朝食")
    with sessions.begin() as session:
        stored = DoseRepository(session).add(dose)
    with sessions() as session:
        loaded = DoseRepository(session).get(dose.id)

    assert loaded == stored
    assert loaded is not None
    assert loaded.taken.instant == moment
    assert loaded.taken.instant.tzinfo == UTC
    assert loaded.taken.instant.microsecond == 345678
    assert loaded.taken.local.utcoffset() == zone.utcoffset(None)
    assert loaded.taken.local.replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert (loaded.medication_id, loaded.mg, loaded.fed, loaded.note) == (
        "concerta",
        2.5,
        True,
        "with breakfast — 朝食",
    )


def test_add_stamps_created_and_modified_in_utc_when_missing(
    sessions: sessionmaker[Session],
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, 0, 1, tzinfo=UTC))
    with sessions.begin() as session:
        stored = DoseRepository(session, clock=clock).add(dose_at(T0))
    assert stored.created_at == stored.modified_at == clock.now
    assert stored.created_at is not None and stored.created_at.tzinfo == UTC


def test_add_keeps_given_stamps(sessions: sessionmaker[Session]) -> None:
    created = datetime(2025, 1, 1, tzinfo=UTC)
    modified = datetime(2025, 2, 1, 12, 30, 0, 7, tzinfo=UTC)
    with sessions.begin() as session:
        stored = DoseRepository(session).add(dose_at(T0, created_at=created, modified_at=modified))
    assert (stored.created_at, stored.modified_at) == (created, modified)


def test_update_replaces_fields_keeps_created_at_and_bumps_modified_at(
    sessions: sessionmaker[Session],
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with sessions.begin() as session:
        original = DoseRepository(session, clock=clock).add(dose_at(T0))

    clock.now += timedelta(minutes=5)
    # As the service does: a freshly built Dose with the same id and no stamps.
    edited = dose_at(T0.astimezone(PST) + timedelta(minutes=30), mg=54.0, note="late")
    edited = replace(edited, id=original.id)
    with sessions.begin() as session:
        updated = DoseRepository(session, clock=clock).update(edited)
    with sessions() as session:
        loaded = DoseRepository(session).get(original.id)

    assert loaded == updated
    assert loaded is not None
    assert (loaded.mg, loaded.note, loaded.taken.offset_min) == (54.0, "late", -480)
    assert loaded.created_at == original.created_at
    assert loaded.modified_at == clock.now


def test_modified_at_never_goes_backwards_when_the_clock_does(
    sessions: sessionmaker[Session],
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with sessions.begin() as session:
        original = DoseRepository(session, clock=clock).add(dose_at(T0))
    clock.now -= timedelta(hours=1)
    with sessions.begin() as session:
        updated = DoseRepository(session, clock=clock).update(replace(original, note="x"))
    assert original.modified_at is not None and updated.modified_at is not None
    assert updated.modified_at > original.modified_at


def test_update_of_a_missing_dose_raises_not_found_and_writes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    ghost = dose_at(T0)
    with pytest.raises(NotFound) as caught, sessions.begin() as session:
        DoseRepository(session).update(ghost)
    assert caught.value.entry_id == ghost.id
    assert caught.value.kind == "dose"
    with sessions() as session:
        assert DoseRepository(session).count() == 0


def test_delete_returns_the_entry_and_adding_it_back_restores_it_exactly(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        stored = DoseRepository(session).add(dose_at(T0.astimezone(IST), note="undo me"))
    with sessions.begin() as session:
        deleted = DoseRepository(session).delete(stored.id)
    assert deleted == stored
    with sessions() as session:
        assert DoseRepository(session).get(stored.id) is None
        assert DoseRepository(session).count() == 0

    with sessions.begin() as session:
        DoseRepository(session).add(deleted)
    with sessions() as session:
        restored = DoseRepository(session).get(stored.id)
    assert restored == stored
    assert restored is not None
    assert (restored.created_at, restored.modified_at) == (stored.created_at, stored.modified_at)


def test_delete_and_undo_within_one_transaction(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        repo = DoseRepository(session)
        stored = repo.add(dose_at(T0))
        assert repo.add(repo.delete(stored.id)) == stored
        assert repo.count() == 1


def test_delete_of_a_missing_dose_raises_not_found(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(NotFound), sessions.begin() as session:
        DoseRepository(session).delete("00000000-0000-4000-8000-000000000000")


def test_adding_the_same_id_twice_is_an_integrity_error(sessions: sessionmaker[Session]) -> None:
    dose = dose_at(T0)
    with sessions.begin() as session:
        DoseRepository(session).add(dose)
    with pytest.raises(IntegrityError), sessions.begin() as session:
        DoseRepository(session).add(replace(dose, mg=10.0))


def test_list_is_start_inclusive_end_exclusive_and_ordered_by_instant(
    sessions: sessionmaker[Session],
) -> None:
    one_us = timedelta(microseconds=1)
    # Added out of order and in different offsets; ordering is by the instant.
    moments = [
        T0 + one_us,
        T0 - one_us,
        T0.astimezone(IST),
        (T0 + timedelta(hours=1)).astimezone(PST),
    ]
    with sessions.begin() as session:
        repo = DoseRepository(session)
        ids = {moment: repo.add(dose_at(moment)).id for moment in moments}

    def instants(start: datetime | None, end: datetime | None) -> list[datetime]:
        with sessions() as session:
            return [d.taken.instant for d in DoseRepository(session).list(start, end)]

    end = T0 + timedelta(hours=1)
    assert instants(None, None) == [T0 - one_us, T0, T0 + one_us, end]
    assert instants(T0, end) == [T0, T0 + one_us]  # start included, end excluded
    assert instants(T0 + one_us, None) == [T0 + one_us, end]
    assert instants(None, T0) == [T0 - one_us]
    assert instants(T0.astimezone(PST), end.astimezone(IST)) == [T0, T0 + one_us]
    assert instants(end, end) == []
    assert len(ids) == 4


def test_list_rejects_naive_bounds(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(ValidationError) as caught:
        DoseRepository(session).list(datetime(2026, 3, 2), None)
    assert caught.value.field == "start"


def test_recent_regimen_most_frequent_first_ties_to_most_recent(
    sessions: sessionmaker[Session],
) -> None:
    day = timedelta(days=1)
    history = (
        [("concerta", 36.0, T0 - n * day) for n in range(5)]
        + [("ritalin-ir", 10.0, T0 - n * day + timedelta(hours=6)) for n in range(3)]
        + [("ritalin-ir", 5.0, T0 - 40 * day), ("ritalin-ir", 5.0, T0 - 41 * day)]
        + [("guanfacine-er", 1.0, T0 - 2 * day), ("guanfacine-er", 1.0, T0 - 3 * day)]
        + [("concerta", 54.0, T0 - 90 * day)]
    )
    with sessions.begin() as session:
        repo = DoseRepository(session)
        for med, mg, moment in history:
            repo.add(dose_at(moment, medication_id=med, mg=mg))

    with sessions() as session:
        repo = DoseRepository(session)
        assert repo.recent_regimen() == [
            ("concerta", 36.0, 5),
            ("ritalin-ir", 10.0, 3),
            ("guanfacine-er", 1.0, 2),  # ties with 5 mg ritalin; logged more recently
            ("ritalin-ir", 5.0, 2),
        ]
        assert repo.recent_regimen(limit=2) == [("concerta", 36.0, 5), ("ritalin-ir", 10.0, 3)]
        assert repo.recent_regimen(since=T0 - 2 * day) == [
            ("ritalin-ir", 10.0, 3),  # ties with concerta; its last dose is 6 h later
            ("concerta", 36.0, 3),
            ("guanfacine-er", 1.0, 1),
        ]
        assert repo.recent_regimen(limit=0) == []


def test_dose_check_constraints_hold_at_the_database_level(
    sessions: sessionmaker[Session],
) -> None:
    # The domain validates first; these bypass it to prove the database refuses on its own.
    for bad in (
        dose_at(T0, mg=0.0),
        dose_at(T0, mg=-5.0),
        replace(dose_at(T0), taken=LoggedTime(T0, 1081)),
        replace(dose_at(T0), taken=LoggedTime(T0, -1081)),
    ):
        with pytest.raises(IntegrityError), sessions.begin() as session:
            DoseRepository(session).add(bad)
    with sessions() as session:
        assert DoseRepository(session).count() == 0


def test_raw_sql_cannot_bypass_the_dose_checks(sessions: sessionmaker[Session]) -> None:
    insert = text(
        "INSERT INTO doses (id, medication_id, mg, taken_at_utc, utc_offset_min, created_at,"
        " modified_at) VALUES (:id, 'x', :mg, 0, 0, 0, 0)"
    )
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.execute(insert, {"id": "a", "mg": 0})
    with sessions.begin() as session:  # defaults fill fed and note
        session.execute(insert, {"id": "b", "mg": 0.001})
    with sessions() as session:
        dose = DoseRepository(session).get("b")
    assert dose is not None and (dose.fed, dose.note) == (False, "")


# --- check-ins -------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [IST, PST], ids=["+05:30", "-08:00"])
def test_checkin_round_trips_all_scales_offset_and_microseconds(
    sessions: sessionmaker[Session], zone: timezone
) -> None:
    moment = datetime(2026, 3, 2, 15, 10, 59, 999999, tzinfo=zone)
    full = checkin_at(
        moment,
        mood=0,
        focus=10,
        irritability=7,
        fatigue=3,
        anxiety=0,
        restlessness=10,
        note="after lunch",
    )
    partial = checkin_at(moment + timedelta(minutes=1), mood=5, focus=5)
    with sessions.begin() as session:
        repo = CheckInRepository(session)
        stored = [repo.add(full), repo.add(partial)]
    with sessions() as session:
        loaded = CheckInRepository(session).list()

    assert loaded == stored
    assert loaded[0].at.instant == moment and loaded[0].at.local.utcoffset() == zone.utcoffset(None)
    assert [loaded[0].scale(n) for n in ("mood", "focus", "irritability", "restlessness")] == [
        0,
        10,
        7,
        10,
    ]
    assert (loaded[1].irritability, loaded[1].fatigue, loaded[1].anxiety) == (None, None, None)


def test_checkin_update_delete_undo_and_not_found(sessions: sessionmaker[Session]) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 16, 0, tzinfo=UTC))
    with sessions.begin() as session:
        original = CheckInRepository(session, clock=clock).add(checkin_at(T0, irritability=2))
    clock.now += timedelta(seconds=30)
    with sessions.begin() as session:
        updated = CheckInRepository(session, clock=clock).update(
            replace(original, focus=8, irritability=None, created_at=None, modified_at=None)
        )
    assert (updated.focus, updated.irritability) == (8, None)
    assert (updated.created_at, updated.modified_at) == (original.created_at, clock.now)

    with sessions.begin() as session:
        deleted = CheckInRepository(session).delete(original.id)
    assert deleted == updated
    with sessions.begin() as session:
        CheckInRepository(session).add(deleted)
    with sessions() as session:
        assert CheckInRepository(session).get(original.id) == updated
        assert CheckInRepository(session).count() == 1

    with pytest.raises(NotFound) as caught, sessions.begin() as session:
        CheckInRepository(session).update(checkin_at(T0))
    assert caught.value.kind == "check-in"
    with pytest.raises(NotFound), sessions.begin() as session:
        CheckInRepository(session).delete("missing")


def test_checkin_list_range_boundaries(sessions: sessionmaker[Session]) -> None:
    hour = timedelta(hours=1)
    with sessions.begin() as session:
        repo = CheckInRepository(session)
        for n in (2, 0, 1, 3):
            repo.add(checkin_at((T0 + n * hour).astimezone(PST), mood=n))
    with sessions() as session:
        repo = CheckInRepository(session)
        assert [c.mood for c in repo.list()] == [0, 1, 2, 3]
        assert [c.mood for c in repo.list(T0 + hour, T0 + 3 * hour)] == [1, 2]
        assert [c.mood for c in repo.list(end=T0)] == []


@pytest.mark.parametrize(
    "scales",
    [
        {"mood": 11},
        {"focus": -1},
        {"irritability": 11},
        {"fatigue": -1},
        {"anxiety": 100},
        {"restlessness": 11},
    ],
)
def test_checkin_scales_outside_0_to_10_are_refused_by_the_database(
    sessions: sessionmaker[Session], scales: dict[str, int]
) -> None:
    with pytest.raises(IntegrityError), sessions.begin() as session:
        CheckInRepository(session).add(checkin_at(T0, **scales))
    with sessions() as session:
        assert CheckInRepository(session).count() == 0


def test_checkin_scale_bounds_are_accepted(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        repo = CheckInRepository(session)
        repo.add(checkin_at(T0, mood=0, focus=0, irritability=0))
        repo.add(checkin_at(T0, mood=10, focus=10, restlessness=10))
        assert repo.count() == 2


# --- settings --------------------------------------------------------------------------------


def test_settings_get_set_overwrite_all_and_delete(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        settings = SettingsRepository(session)
        assert settings.get("weight_kg") is None
        settings.set("weight_kg", "70")
        settings.set("cyp2d6", "normal")
        settings.set("weight_kg", "72.5")
    with sessions() as session:
        settings = SettingsRepository(session)
        assert settings.get("weight_kg") == "72.5"
        assert settings.all() == {"cyp2d6": "normal", "weight_kg": "72.5"}
    with sessions.begin() as session:
        assert SettingsRepository(session).delete("cyp2d6") is True
        assert SettingsRepository(session).delete("cyp2d6") is False
    with sessions() as session:
        assert SettingsRepository(session).all() == {"weight_kg": "72.5"}


def test_repositories_never_commit(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        DoseRepository(session).add(dose_at(T0))
        CheckInRepository(session).add(checkin_at(T0))
        SettingsRepository(session).set("k", "v")
        session.rollback()
    with sessions() as session:
        assert DoseRepository(session).count() == 0
        assert CheckInRepository(session).count() == 0
        assert SettingsRepository(session).all() == {}
