"""Reminder prompts and plan projections use the accepted personal timing: both go through
``SimulationService.person()``, so a calibration in force moves their windows, and a revert
puts the population's back (real store, real calibration history)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest

from rebound_tracker.domain.calibration import ACCEPTED, AcceptedCalibration, PersonalTiming
from rebound_tracker.domain.plan_generate import StepRule
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.storage.calibrations import CalibrationRepository
from rebound_tracker.storage.database import make_session_factory

DAY = date(2026, 3, 2)
LATER = PersonalTiming("methylphenidate", effect_delay_h=1.0)
"""A calibration in force whose effect comes one hour after the population's."""


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return attach_local(datetime.combine(day, time(hh, mm)))


def put_in_force(services, timing: PersonalTiming, when: datetime) -> AcceptedCalibration:
    """Store an accepted calibration the way CalibrationService.accept does (one history
    row); the fit itself is tested in test_calibration_service.py."""
    row = AcceptedCalibration(str(uuid.uuid4()), when, ACCEPTED, timing, "concerta", 400,
                              when.date() - timedelta(days=83), when.date() - timedelta(days=1),
                              1.25, 1.21)
    with make_session_factory(services.engine).begin() as session:
        CalibrationRepository(session).add(row)
    return row


def minutes(clock: str) -> int:
    hh, mm = clock[:5].split(":")
    return int(hh) * 60 + int(mm) + (24 * 60 if "(+1d)" in clock else 0)


@pytest.fixture
def store(tmp_path):
    from rebound_tracker.app import open_services

    now = [at(7, 35)]
    opened = open_services(str(tmp_path / "data"), clock=lambda: now[0])
    opened.settings.update({"regimen": "concerta:36@07:30", "reminders": "on",
                            "checkin_prompts": "on", "quiet_hours": "23:30-07:00"})
    opened.doses.add("concerta", 36, at(7, 30))
    yield opened
    opened.close()


def prompts(services) -> dict[str, list[datetime]]:
    plan = services.schedule.plan(DAY)
    return {kind: [i.at for i in plan.items if i.kind == kind]
            for kind in ("wear-off", "rebound")}


def test_reminder_prompts_follow_the_personal_timing_in_force(store):
    population = prompts(store)
    assert population["wear-off"] and population["rebound"]
    put_in_force(store, LATER, at(6, 0))
    assert store.simulation.person().timing == (LATER,)
    personal = prompts(store)
    (pop_wear,), (own_wear,) = population["wear-off"], personal["wear-off"]
    # The effect comes 1 h later, so its wear-off does (the model's 2-minute grid).
    assert abs((own_wear - pop_wear) - timedelta(hours=1)) <= timedelta(minutes=4)
    assert personal["rebound"][0] > population["rebound"][0]

    store.calibration.revert("methylphenidate")
    assert prompts(store) == population


def test_plan_projections_follow_the_personal_timing_in_force(services):
    services.doses.add("concerta", 18, datetime.now().astimezone() - timedelta(hours=2))
    start = date.today() + timedelta(days=1)
    plan = services.plans.generate("concerta", start,
                                   StepRule("titrate", 18, 54, 18, 7, (time(8),)))
    before = services.plans.projection(plan)
    row = put_in_force(services, LATER, datetime.now().astimezone())
    after = services.plans.projection(plan)

    assert len(after.steps) == len(before.steps)
    for old, new in zip(before.steps, after.steps, strict=True):
        assert old.wear_off and len(new.wear_off) == len(old.wear_off)
        for a, b in zip(old.wear_off, new.wear_off, strict=True):
            moved = minutes(b.split("–")[0]) - minutes(a.split("–")[0])
            assert abs(moved - 60) <= 6, (a, b)
        # Plasma stays the population's (the labels measured it; check-ins say nothing
        # of it): the exposure figures do not move.
        assert new.daily_auc == pytest.approx(old.daily_auc)
    caption = (f"Personal timing, calibrated on {row.at.date().isoformat()} from "
               f"{row.checkins} check-ins.")
    assert caption in after.assumptions
    assert not any("Personal timing" in a for a in before.assumptions)
