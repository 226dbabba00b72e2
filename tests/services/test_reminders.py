"""Reminders and prompts over a real store, with an injected clock (no waiting)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest

from rebound_tracker.domain.timeparse import attach_local

DAY = date(2026, 3, 2)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, hh: int, mm: int = 0) -> None:
        self.now = attach_local(datetime(DAY.year, DAY.month, DAY.day, hh, mm))

    def __call__(self) -> datetime:
        return self.now

    def set(self, hh: int, mm: int = 0, day: date = DAY) -> None:
        self.now = attach_local(datetime(day.year, day.month, day.day, hh, mm))

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day, hh, mm))


@pytest.fixture
def clock():
    return Clock(6, 0)


@pytest.fixture
def store(tmp_path, clock):
    from rebound_tracker.app import open_services

    opened = open_services(str(tmp_path / "data"), clock=clock)
    opened.settings.update({"regimen": "concerta:36@07:30", "reminders": "on",
                            "checkin_prompts": "on", "quiet_hours": "22:30-07:00"})
    yield opened
    opened.close()


def reopen(tmp_path, clock):
    from rebound_tracker.app import open_services

    return open_services(str(tmp_path / "data"), clock=clock)


def items(plan, kind=None, status=None):
    return [i for i in plan.items if (kind is None or i.kind == kind)
            and (status is None or i.status == status)]


def test_the_schedule_of_a_logged_regimen(store, clock):
    plan = store.schedule.plan(DAY)
    (dose,) = items(plan, "dose")
    assert dose.at == at(7, 30) and dose.status == "planned"
    # before the dose is logged, its prompts are only expected
    assert {i.status for i in items(plan, "wear-off") + items(plan, "rebound")} == {"expected"}
    random = items(plan, "random")
    assert len(random) == 3
    blocks = [(at(8) + timedelta(hours=14 / 3) * i, at(8) + timedelta(hours=14 / 3) * (i + 1))
              for i in range(3)]
    assert all(lo <= r.at < hi for r, (lo, hi) in zip(random, blocks, strict=True))
    clock.set(7, 35)
    store.doses.add("concerta", 36, at(7, 35))
    plan = store.schedule.plan(DAY)
    assert items(plan, "dose")[0].status == "done"
    (wear_off,) = items(plan, "wear-off")
    assert wear_off.status == "planned"
    # Concerta's wear-off is predicted in the evening, ~10-13 h after the dose
    assert at(17) < wear_off.at < at(21, 30)
    rebound = items(plan, "rebound")
    assert rebound and all(r.status == "planned" for r in rebound)
    # the same plan every time (random times are seeded by the date)
    assert store.schedule.plan(DAY).items == plan.items


def test_prompts_move_when_the_dose_is_logged_late(store, clock):
    clock.set(7, 30)
    store.doses.add("concerta", 36, at(7, 30))
    on_time = items(store.schedule.plan(DAY), "wear-off")[0]
    store.doses.delete(store.doses.list()[0].id)
    clock.set(9, 0)
    store.doses.add("concerta", 36, at(9, 0))
    late = items(store.schedule.plan(DAY), "wear-off")[0]
    assert late.key == on_time.key
    assert abs((late.at - on_time.at) - timedelta(minutes=90)) <= timedelta(minutes=4)


def test_the_daily_cap_keeps_model_prompts_first(store, clock):
    store.settings.update({"random_prompts": "8", "prompt_daily_cap": "4",
                           "quiet_hours": "off", "prompt_min_gap_minutes": "0"})
    clock.set(7, 30)
    store.doses.add("concerta", 36, at(7, 30))
    plan = store.schedule.plan(DAY)
    fired = [i for i in plan.items if i.kind != "dose" and i.fires]
    assert len(fired) == 4
    assert {"wear-off", "rebound"} <= {i.kind for i in fired}
    assert sum("daily cap of 4" in i.reason for i in plan.items) == len(items(plan)) - 1 - 4


def test_quiet_hours_and_gap_are_respected(store, clock):
    store.settings.update({"random_prompts": "8", "waking_hours": "06:00-23:59",
                           "quiet_hours": "20:00-09:00", "prompt_min_gap_minutes": "60",
                           "prompt_daily_cap": "20"})
    store.doses.add("concerta", 36, at(5, 0), confirmed=True)
    plan = store.schedule.plan(DAY)
    fired = [i for i in plan.items if i.kind != "dose" and i.fires]
    assert len(fired) >= 3
    assert all(at(9) <= i.at < at(20) for i in fired)
    times = sorted(i.at for i in fired)
    assert all(b - a >= timedelta(minutes=60) for a, b in itertools.pairwise(times))
    dropped = [i for i in plan.items if i.status == "dropped"]
    assert any("quiet hours" in i.reason for i in dropped)
    # a check-in just before a prompt leaves that prompt out
    first = times[0]
    clock.now = first - timedelta(minutes=10)
    store.checkins.add({"mood": 5, "focus": 5}, first - timedelta(minutes=10))
    replanned = {i.key: i for i in store.schedule.plan(DAY).items}
    was = next(i for i in fired if i.at == first)
    assert replanned[was.key].status == "dropped"
    assert "within 60 min" in replanned[was.key].reason


def test_snooze_and_realert(store, clock):
    store.settings.update({"checkin_prompts": "off", "realert_minutes": "10",
                           "realert_count": "2"})
    r = store.reminders
    clock.set(7, 0)
    r.sync()
    assert r.due() == []
    clock.set(7, 30)
    (alert,) = r.due()
    assert alert.reminder.kind == "dose" and not alert.missed
    assert r.due() == []  # shown once; the next showing is 10 min later
    clock.advance(10)
    (again,) = r.due()
    assert again.reminder.alerts == 2 and not again.final
    clock.advance(10)
    assert r.due()[0].final
    clock.advance(10)
    assert r.due() == []  # re-alerts ran out
    assert r.get(alert.reminder.key).state == "ignored"


def test_snooze_then_taken_logs_the_dose_and_it_does_not_fire_again(store, clock):
    store.settings.update({"checkin_prompts": "off"})
    r = store.reminders
    clock.set(7, 30)
    r.sync()
    (alert,) = r.due()
    r.snooze(alert.reminder.key, 30)
    clock.advance(29)
    assert r.due() == []
    clock.advance(1)
    (again,) = r.due()
    dose = store.doses.store(r.taken(again.reminder.key))
    r.mark_taken(again.reminder.key, dose.id)
    assert dose.taken.local == at(8, 0) and dose.medication_id == "concerta"
    clock.advance(60)
    r.sync()
    assert r.due() == []
    assert r.get(alert.reminder.key).state == "taken"


def test_undoing_taken_reopens_the_reminder(store, clock):
    store.settings.update({"checkin_prompts": "off"})
    r = store.reminders
    clock.set(7, 30)
    r.sync()
    key = r.due()[0].reminder.key
    dose = store.doses.store(r.taken(key))
    r.mark_taken(key, dose.id)
    store.doses.delete(dose.id)  # what Ctrl+Z does
    clock.advance(1)
    r.sync()
    assert r.get(key).state == "pending"
    assert [a.reminder.key for a in r.due()] == [key]


def test_a_dose_logged_by_hand_needs_no_reminder(store, clock):
    store.settings.update({"checkin_prompts": "off"})
    clock.set(7, 10)
    store.doses.add("concerta", 36, at(7, 10))
    store.reminders.sync()
    clock.set(7, 30)
    assert store.reminders.due() == []
    assert store.reminders.for_day(DAY) == []  # never needed, never stored


def test_skip_settles_the_reminder(store, clock):
    store.settings.update({"checkin_prompts": "off"})
    clock.set(7, 31)
    store.reminders.sync()
    key = store.reminders.due()[0].reminder.key
    store.reminders.skip(key)
    clock.advance(30)
    store.reminders.sync()
    assert store.reminders.due() == []
    assert store.reminders.get(key).state == "skipped"


def test_a_missed_reminder_is_refired_after_a_restart(tmp_path, store, clock):
    store.settings.update({"checkin_prompts": "off"})
    clock.set(7, 0)
    store.reminders.sync()  # planned and stored, then the app dies before 07:30
    store.close()
    clock.set(8, 40)
    again = reopen(tmp_path, clock)
    try:
        again.reminders.sync()
        (alert,) = again.reminders.due()
        assert alert.missed and alert.reminder.due == at(7, 30)
        assert "missed" in alert.title().lower() and "07:30" in alert.body("Concerta")
    finally:
        again.close()


def test_a_prompt_answered_records_its_kind(store, clock):
    clock.set(7, 30)
    store.doses.add("concerta", 36, at(7, 30))
    plan = store.reminders.sync()
    wear_off = items(plan, "wear-off")[0]
    clock.now = wear_off.at
    alerts = {a.reminder.kind: a for a in store.reminders.due()}
    key = alerts["wear-off"].reminder.key
    checkin = store.checkins.store(store.reminders.answer(key, {"mood": 4, "focus": 3}))
    store.reminders.mark_answered(key, checkin.id)
    assert store.checkins.get(checkin.id).prompt == "wear-off"
    assert store.reminders.get(key).state == "answered"
    exported = store.portability.export_json_data() if hasattr(
        store.portability, "export_json_data") else None
    if exported is not None:
        assert exported["checkins"][0]["prompt"] == "wear-off"


def test_a_prompt_too_late_to_mean_anything_is_not_shown(tmp_path, store, clock):
    clock.set(7, 30)
    store.doses.add("concerta", 36, at(7, 30))
    store.reminders.sync()
    clock.set(23, 50)
    alerts = store.reminders.due()
    assert [a.reminder.kind for a in alerts] == []
    states = {r.kind: r.state for r in store.reminders.for_day(DAY)}
    assert states["wear-off"] == "ignored"


def test_turning_reminders_off_withdraws_them(store, clock):
    clock.set(7, 0)
    store.reminders.sync()
    store.settings.update({"reminders": "off", "checkin_prompts": "off"})
    store.reminders.sync()
    clock.set(7, 31)
    assert store.reminders.due() == []
    assert {r.state for r in store.reminders.for_day(DAY)} == {"withdrawn"}


def test_an_evening_dose_times_the_next_mornings_prompt_from_its_own_peak(store, clock):
    """A dose taken the evening before: its wear-off is found against its own peak (before
    midnight), as the model over the whole time gives it, not against 00:00's level."""
    from rebound_tracker.services.predicted_windows import predicted_windows
    from rebound_tracker.services.simulation import DoseSpec

    store.settings.update({"regimen": "none", "random_prompts": "0"})
    evening = at(17, 0, DAY - timedelta(days=1))
    store.doses.add("vyvanse", 30, evening)
    prediction = store.simulation.predict([DoseSpec("vyvanse", 30, evening)],
                                          start=evening - timedelta(hours=1), hours=36,
                                          step_min=2)
    starts, _ends, _ = predicted_windows(prediction, "wear_off")
    expected = [datetime.fromtimestamp(s).astimezone() for s in starts]
    [wear_off] = items(store.schedule.plan(DAY), "wear-off")
    assert wear_off.at.date() == DAY
    assert min(abs(wear_off.at - e) for e in expected) <= timedelta(minutes=2)
