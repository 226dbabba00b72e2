"""Where the planner puts a rebound prompt: a point of the window drawn anew each day
(seeded by the date), the same in every process, moving with the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rebound_tracker.domain.schedule import ModelWindow, PlanInputs, plan_day
from rebound_tracker.domain.settings import Settings

SETTINGS = Settings(checkin_prompts=True, random_prompts=0, prompt_min_gap_minutes=0)


def _rebound_at(day: date, start_h: float = 17.0, hours: float = 4.0) -> datetime:
    origin = datetime(day.year, day.month, day.day, tzinfo=UTC)
    start = origin + timedelta(hours=start_h)
    window = ModelWindow("rebound", start, start + timedelta(hours=hours))
    inputs = PlanInputs(day, origin, SETTINGS, (), (), [window], ())
    [item] = [i for i in plan_day(inputs) if i.kind == "rebound"]
    assert item.fires and item.key == f"{day.isoformat()}/rebound/1"
    return item.at


def test_rebound_prompts_fall_inside_the_window_at_clock_times_that_vary_by_day():
    days = [date(2026, 3, 1) + timedelta(days=n) for n in range(30)]
    offsets = [(_rebound_at(d) - datetime(d.year, d.month, d.day, 17, tzinfo=UTC))
               / timedelta(hours=1) for d in days]
    assert all(0.4 - 1e-9 <= h <= 3.6 + 1e-9 for h in offsets)  # 10%..90% of 4 h
    assert max(offsets) - min(offsets) > 2.0  # not the middle every day
    assert len({round(h, 2) for h in offsets}) > 20


def test_the_same_day_gets_the_same_point_which_moves_with_the_window():
    day = date(2026, 3, 2)
    first = _rebound_at(day)
    assert _rebound_at(day) == first
    assert _rebound_at(day, start_h=18.5) == first + timedelta(hours=1.5)


def test_a_window_across_midnight_never_moves_its_prompt_to_another_day():
    """The day's part of the window is in quiet hours: the prompt is left out (saying why),
    not moved to the evening before, where the window's other part lies."""
    from datetime import time

    from rebound_tracker.domain.settings import QuietHours

    day = date(2026, 3, 3)
    origin = datetime(day.year, day.month, day.day, tzinfo=UTC)
    window = ModelWindow("rebound", origin - timedelta(hours=2), origin + timedelta(hours=2))
    settings = Settings(checkin_prompts=True, random_prompts=0,
                        quiet_hours=QuietHours(time(22, 30), time(7, 0)))
    planned = [i for i in plan_day(PlanInputs(day, origin, settings, (), (), [window], ()))
               if i.kind == "rebound"]
    assert all(origin <= i.at < origin + timedelta(days=1) for i in planned)
    assert planned and all(not i.fires and "quiet hours" in i.reason for i in planned)
