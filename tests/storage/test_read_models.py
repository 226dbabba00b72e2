"""Entries read as typed columns (what the timeline draws years of history from)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session, sessionmaker

from rebound_tracker.domain.columns import CheckInColumns
from rebound_tracker.domain.entries import SCALES, CheckIn, Dose, LoggedTime
from rebound_tracker.storage.read_models import EntryColumnReads
from rebound_tracker.storage.repositories import CheckInRepository, DoseRepository

PARIS = timezone(timedelta(hours=1))
MORNING = datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=PARIS)


def test_doses_come_back_as_columns_oldest_first_within_the_span(
        sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        repo = DoseRepository(session)
        late = repo.add(Dose("ritalin", 10, LoggedTime.from_aware(MORNING + timedelta(hours=4))))
        early = repo.add(Dose("concerta", 36, LoggedTime.from_aware(MORNING), fed=True))
        repo.add(Dose("concerta", 36, LoggedTime.from_aware(MORNING + timedelta(days=2))))
    with sessions() as session:
        doses = EntryColumnReads(session).doses(MORNING, MORNING + timedelta(days=1))
    assert len(doses) == 2
    assert doses.ids == (early.id, late.id)
    assert doses.medication_ids == ("concerta", "ritalin") and doses.mg == (36.0, 10.0)
    assert doses.fed == (True, False)
    utc_us = int(MORNING.timestamp()) * 1_000_000 + 123456
    assert doses.taken_utc_us[0] == utc_us and doses.utc_offset_min == (60, 60)


def test_checkins_keep_unanswered_scales_as_none(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        CheckInRepository(session).add(CheckIn(at=LoggedTime.from_aware(MORNING), mood=6,
                                               focus=4, irritability=7))
    with sessions() as session:
        checkins = EntryColumnReads(session).checkins(None, None)
    assert tuple(checkins.scales) == SCALES
    assert checkins.scales["mood"] == (6,) and checkins.scales["irritability"] == (7,)
    assert checkins.scales["fatigue"] == (None,)


def test_scales_must_be_the_known_ones_in_order():
    with pytest.raises(ValueError, match="scales must be"):
        CheckInColumns((), (), (), {"focus": (), "mood": ()})
