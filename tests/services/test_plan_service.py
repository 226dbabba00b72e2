"""PlanService over a real SQLite store: bad input refused whole, projected exposure,
what each logged step did, plans in the JSON export and import."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

import pytest

from rebound_tracker.domain.entries import CheckIn, LoggedTime
from rebound_tracker.domain.errors import NeedsConfirmation, ValidationError
from rebound_tracker.domain.plan_generate import StepRule
from rebound_tracker.domain.plans import PlanDose, PlanStep
from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.services.plan_outcomes import HIGHER, UNCLEAR, compare_checkins
from rebound_tracker.services.plans import PlanService
from rebound_tracker.storage.database import make_session_factory

EIGHT = (time(8),)


def at(day: date, hour: float) -> datetime:
    return attach_local(datetime.combine(day, time())) + timedelta(hours=hour)


def plan_service(services, today: date) -> PlanService:
    return PlanService(make_session_factory(services.engine), services.medications,
                       services.simulation, clock=lambda: at(today, 12))


@pytest.fixture
def logged(services):
    """A store where Intuniv and Concerta have been logged."""
    now = datetime.now().astimezone()
    services.doses.add("intuniv", 4, now - timedelta(hours=3))
    services.doses.add("concerta", 18, now - timedelta(hours=2))
    return services


def tomorrow() -> date:
    return date.today() + timedelta(days=1)


def guanfacine_taper(plans: PlanService, start: date, every: int = 7):
    return plans.generate("intuniv", start, StepRule("decrement", 4, 0, 1, every, EIGHT))


def test_a_taper_and_a_titration_are_stored_with_their_flags(logged):
    plans = logged.plans
    taper, flags = plans.create(guanfacine_taper(plans, tomorrow()))
    assert flags == []
    titration, _ = plans.create(plans.generate(
        "Concerta", tomorrow(), StepRule("titrate", 18, 54, 18, 7, EIGHT)))
    assert [p.id for p in plans.all()] == [taper.id, titration.id]
    assert [s.total_mg for s in plans.get(titration.id[:8]).steps] == [18, 36, 54]
    fast = plans.draft("intuniv", tomorrow() + timedelta(days=60),
                       [PlanStep((PlanDose(4, time(8)),), 7), PlanStep((), None)])
    _, flags = plans.create(fast)
    assert [(f.step, f.rule) for f in flags] == [(2, "down_step")]


@pytest.mark.parametrize(("make", "field"), [
    (lambda p: guanfacine_taper(p, date.today() - timedelta(days=1)), "start"),
    (lambda p: p.generate("vyvanse", tomorrow(), StepRule("titrate", 30, 50, 10, 7, EIGHT)),
     "medication"),
    (lambda p: p.draft("intuniv", tomorrow(), [PlanStep((PlanDose(2.5, time(8)),), None)]),
     "steps[1].doses[1].mg"),
])
def test_bad_plans_name_the_field_and_write_nothing(logged, make, field):
    with pytest.raises(ValidationError) as caught:
        logged.plans.create(make(logged.plans))
    assert caught.value.field == field
    assert logged.plans.all() == []


def test_overlapping_plans_for_one_product_are_refused(logged):
    plans = logged.plans
    plans.create(guanfacine_taper(plans, tomorrow()))
    with pytest.raises(ValidationError, match="cannot overlap") as caught:
        plans.create(guanfacine_taper(plans, tomorrow() + timedelta(days=10)))
    assert caught.value.field == "start"
    later = guanfacine_taper(plans, tomorrow() + timedelta(days=29))  # after the last change
    plans.create(later)
    assert len(plans.all()) == 2


def test_a_dose_above_the_label_maximum_asks_first(logged):
    plans = logged.plans
    big = plans.draft("intuniv", tomorrow(), [PlanStep((PlanDose(8, time(8)),), 7),
                                              PlanStep((PlanDose(4, time(8)),), None)])
    with pytest.raises(NeedsConfirmation):
        plans.create(big)
    assert plans.all() == []
    _, flags = plans.create(big, confirmed=True)
    assert "max_daily" in {f.rule for f in flags}


def test_projected_exposure_follows_the_doses_and_guanfacine_accumulates(logged):
    plans = logged.plans
    taper = guanfacine_taper(plans, tomorrow())
    proj = plans.projection(taper)
    aucs = [s.daily_auc for s in proj.steps]
    assert aucs[1] / aucs[0] == pytest.approx(3 / 4, rel=0.02)   # linear in dose
    assert aucs[-1] < 0.05 * aucs[0]                              # stopped
    assert proj.steps[-1].largest_drop_pct > proj.steps[1].largest_drop_pct
    assert all(s.trough < s.peak for s in proj.steps[:-1])
    assert all(s.days_to_steady and s.days_to_steady >= 2 for s in proj.steps[1:])
    assert proj.steps[0].wear_off == ()  # no daily windows for guanfacine
    titration = plans.generate("concerta", tomorrow(), StepRule("titrate", 18, 54, 18, 7,
                                                                EIGHT))
    steps = plans.projection(titration).steps
    assert [s.largest_drop for s in steps] == pytest.approx([0, 0, 0], abs=1e-6)
    assert all(s.days_to_steady <= 2 for s in steps)   # methylphenidate: no accumulation
    assert all(s.wear_off and s.rebound for s in steps)


def test_the_comparison_controls_for_clock_time(services):
    """Before: mornings only; after: evenings only; evenings are 2 points lower by clock
    time, and the step changes nothing: a raw mean would say -2, the comparison ~0."""
    rng = random.Random(3)
    start = date(2026, 1, 5)
    before, after = [], []
    for d in range(14):
        day = start + timedelta(days=d)
        for hour in (8, 9, 19, 20):
            evening = hour >= 18
            target = before if (d < 7) == (not evening) or hour in (8, 20) else None
            group = before if d < 7 else after
            if target is None:
                continue
            focus = round(6 - (2 if evening else 0) + rng.gauss(0, 0.7))
            group.append(CheckIn(LoggedTime.from_aware(at(day, hour)), 5,
                                 max(0, min(10, focus))))
    raw = (sum(c.focus for c in after) / len(after)) - (sum(c.focus for c in before)
                                                        / len(before))
    result = compare_checkins(before, after, "focus")
    assert abs(result.effect) < 0.6 and result.low < 0 < result.high
    assert result.direction == UNCLEAR
    assert abs(raw) > abs(result.effect)


def test_a_logged_plan_says_what_each_step_did(services):
    start = date.today() - timedelta(days=21)
    services.doses.add("intuniv", 2, at(start - timedelta(days=1), 8))
    plans = plan_service(services, start)
    plan, _ = plans.create(plans.draft("intuniv", start, [
        PlanStep((PlanDose(2, time(8)),), 10), PlanStep((PlanDose(1, time(8)),), None)]))
    rng = random.Random(7)
    for d in range(21):
        day = start + timedelta(days=d)
        mg = 2 if d < 10 else 1
        services.doses.add("intuniv", mg, at(day, 8))
        for hour in (9, 13, 17, 21):
            irritable = 3 + (2 if d >= 10 else 0) + rng.gauss(0, 0.8)
            services.checkins.add({"mood": 5, "focus": 5,
                                   "irritability": round(irritable)}, at(day, hour))
    outcomes = services.plans.outcomes(services.plans.get(plan.id))
    assert [o.number for o in outcomes] == [1, 2]
    assert outcomes[0].comparisons == ()
    assert outcomes[0].logged_mean_mg == 2 and outcomes[1].logged_mean_mg == 1
    irritability = next(c for c in outcomes[1].comparisons if c.scale == "irritability")
    assert irritability.effect == pytest.approx(2, abs=0.5)
    assert irritability.direction == HIGHER
    assert irritability.checkins_before == 40
    mood = next(c for c in outcomes[1].comparisons if c.scale == "mood")
    assert mood.direction == UNCLEAR


def test_plans_travel_in_the_json_export_and_merge_once(logged, tmp_path):
    from rebound_tracker.app import open_services

    plan, _ = logged.plans.create(guanfacine_taper(logged.plans, tomorrow()))
    out = logged.portability.export_json(tmp_path / "export.json")
    document = json.loads(out.read_text())
    assert [p["id"] for p in document["plans"]] == [plan.id]
    other = open_services(str(tmp_path / "other"))
    try:
        first = other.portability.import_json(out)
        assert first.plans == {"added": 1, "updated": 0, "unchanged": 0, "kept": 0}
        again = other.portability.import_json(out)
        assert again.plans["unchanged"] == 1 and again.plans["added"] == 0
        assert other.plans.get(plan.id) == logged.plans.get(plan.id)
        document["plans"][0]["steps"][0]["days"] = 0
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(document))
        with pytest.raises(ValidationError, match=r"plans row 1, steps\[1\]\.days"):
            other.portability.import_json(bad)
    finally:
        other.close()


def test_the_last_steps_windows_are_not_cut_at_the_end_of_the_projection(logged):
    """The last day's evening dose wears off after midnight; the projection's grid must
    reach past it, or the last step's rebound window reads 'until 00:00' unlike the others."""
    titration = logged.plans.generate("concerta", tomorrow(),
                                      StepRule("titrate", 18, 54, 18, 7, EIGHT))
    steps = logged.plans.projection(titration).steps
    rebound = [s.rebound[-1] for s in steps]
    assert not any(r.endswith("00:00 (+1d)") for r in rebound), rebound
    ends = [r.split("–")[1] for r in rebound]
    assert all(e.endswith("(+1d)") for e in ends)
    assert ends == sorted(ends)  # a larger dose wears off later, the last one too


def test_an_import_whose_plan_overlaps_a_stored_one_is_refused_whole(logged, tmp_path):
    """Found by importing an export into a store that already had its own plan for the
    product at the same time: both were kept, two plans changing one product's dose."""
    from rebound_tracker.app import open_services

    logged.plans.create(guanfacine_taper(logged.plans, tomorrow()))
    out = logged.portability.export_json(tmp_path / "export.json")
    other = open_services(str(tmp_path / "other"))
    try:
        other.doses.add("intuniv", 4, datetime.now().astimezone() - timedelta(hours=3))
        mine, _ = other.plans.create(other.plans.draft(
            "intuniv", tomorrow() + timedelta(days=3),
            [PlanStep((PlanDose(4, time(8)),), 7), PlanStep((PlanDose(3, time(8)),), None)]))
        doses_before = len(other.doses.list())
        with pytest.raises(ValidationError) as refused:
            other.portability.import_json(out, dry_run=True)
        message = str(refused.value)
        assert "plans row 1" in message and "start" in message and mine.name in message
        with pytest.raises(ValidationError):
            other.portability.import_json(out)
        assert [p.id for p in other.plans.all()] == [mine.id]
        assert len(other.doses.list()) == doses_before  # nothing of the file was written
    finally:
        other.close()
