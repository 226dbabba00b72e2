"""Dose-change plans in the domain: generated steps, records, label flags, step text."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.plan_generate import (
    StepRule,
    daily_totals,
    generate_steps,
    split_total,
)
from rebound_tracker.domain.plan_rules import DISCUSS, check_plan
from rebound_tracker.domain.plan_text import parse_step_text, step_text
from rebound_tracker.domain.plans import (
    Plan,
    PlanDose,
    PlanStep,
    end_hold,
    plan_from_record,
    plan_record,
)

EIGHT = (time(8),)
INTUNIV = (1, 2, 3, 4)
CONCERTA = (18, 27, 36, 54)
PLAN_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"


def totals(steps) -> list[float]:
    return [s.total_mg for s in steps]


def plan_of(medication: str, *steps: tuple[float, int | None]) -> Plan:
    return Plan(PLAN_ID, "p", medication, "custom", date(2027, 1, 4),
                tuple(PlanStep((PlanDose(mg, time(8)),) if mg else (), days)
                      for mg, days in steps))


def test_a_fixed_decrement_taper_steps_down_to_a_stop_that_stays():
    steps = generate_steps(StepRule("decrement", 4, 0, 1, 7, EIGHT), INTUNIV)
    assert totals(steps) == [4, 3, 2, 1, 0]
    assert [s.days for s in steps] == [7, 7, 7, 7, None]
    assert steps[-1].doses == ()


def test_a_titration_is_rounded_to_what_the_strengths_make():
    steps = generate_steps(StepRule("titrate", 18, 54, 18, 7, EIGHT), CONCERTA)
    assert totals(steps) == [18, 36, 54]
    # 10 mg/day steps of Concerta are not makeable: each rounds to a strength combination
    odd = generate_steps(StepRule("titrate", 18, 54, 10, 7, EIGHT), CONCERTA)
    assert all(t in daily_totals(CONCERTA, 1) for t in totals(odd))
    assert totals(odd) == sorted(set(totals(odd))) and totals(odd)[-1] == 54


def test_a_percentage_taper_takes_smaller_steps_as_the_dose_falls_and_still_ends():
    steps = generate_steps(StepRule("percent", 54, 0, 25, 14, EIGHT), CONCERTA)
    series = totals(steps)
    assert series[0] == 54 and series[-1] == 0
    assert all(b < a for a, b in itertools.pairwise(series))
    drops = [a - b for a, b in itertools.pairwise(series[:-1])]  # the stop step left out
    assert drops[0] >= drops[-1]  # hyperbolic: the first cut is the largest of the way down


def test_a_split_is_as_even_as_the_strengths_allow_and_sums_to_the_total():
    doses = split_total(0.3, (0.1, 0.2), (time(8), time(20)))
    assert sum(d.mg for d in doses) == pytest.approx(0.3)
    assert [d.at for d in doses] == [time(8), time(20)]
    assert doses[1].mg >= doses[0].mg  # the larger share at bedtime (Kapvay's pattern)


@pytest.mark.parametrize(("rule", "field"), [
    (StepRule("decrement", 4, 5, 1, 7, EIGHT), "to"),
    (StepRule("titrate", 0, 4, 1, 7, EIGHT), "from"),
    (StepRule("percent", 4, 0, 100, 7, EIGHT), "by"),
    (StepRule("decrement", 4, 0, 1, 0, EIGHT), "every"),
    (StepRule("decrement", 4.5, 0, 1, 7, EIGHT), "from"),
    (StepRule("sideways", 4, 0, 1, 7, EIGHT), "rule"),
])
def test_bad_rules_name_the_field(rule, field):
    with pytest.raises(ValidationError) as caught:
        generate_steps(rule, INTUNIV)
    assert caught.value.field == field


def test_a_record_round_trips_and_dates_follow_the_steps():
    plan = plan_of("intuniv", (4, 7), (3, None), (2, 7), (0, None))
    back = plan_from_record(plan_record(plan))
    assert back == plan
    dates = plan.dates()
    assert (dates[0].start, dates[0].end) == (date(2027, 1, 4), date(2027, 1, 11))
    assert dates[1].start == date(2027, 1, 11) and dates[1].end is None
    assert dates[2].start is None  # after an open hold: no date yet
    ended = end_hold(plan, 1, date(2027, 1, 20))
    assert ended.dates()[2].start == date(2027, 1, 20)
    assert ended.dates()[3].start == date(2027, 1, 27)


@pytest.mark.parametrize(("change", "field"), [
    (lambda r: r["steps"][1].update(days=0), "steps[2].days"),
    (lambda r: r["steps"][0]["doses"][0].update(mg=-1), "steps[1].doses[1].mg"),
    (lambda r: r["steps"][0]["doses"][0].update(at="25:00"), "steps[1].doses[1].at"),
    (lambda r: r.update(start="2027-13-01"), "start"),
    (lambda r: r.update(kind="detox"), "kind"),
    (lambda r: r.update(timezone="Mars/Olympus"), "timezone"),
    (lambda r: r["steps"][0].update(doses=[]), "steps[1].doses"),
])
def test_a_bad_record_names_the_field(change, field):
    record = plan_record(plan_of("intuniv", (4, 7), (3, 7), (0, None)))
    change(record)
    with pytest.raises(ValidationError) as caught:
        plan_from_record(record)
    assert caught.value.field == field


def test_a_too_fast_guanfacine_taper_is_flagged_with_its_source():
    flags = check_plan(plan_of("intuniv", (4, 7), (2, 7), (1, 2), (0, None)))
    assert [(f.step, f.rule) for f in flags] == [(2, "down_step"), (4, "down_step")]
    assert "by 2 mg/day" in flags[0].message and "Intuniv" in flags[0].source
    assert "after 2 days" in flags[1].message
    assert flags[0].text().count(DISCUSS) == 1
    assert check_plan(plan_of("intuniv", (4, 7), (3, 7), (2, 3), (1, 7), (0, None))) == []


def test_other_families_have_their_own_label_rules():
    assert [f.rule for f in check_plan(plan_of("clonidine-er", (0.4, 7), (0.2, 7)))] == \
        ["down_step"]
    assert [f.rule for f in check_plan(plan_of("concerta", (18, 7), (54, None)))] == ["up_step"]
    assert check_plan(plan_of("concerta", (18, 7), (36, 7), (54, None))) == []
    mph = check_plan(plan_of("methylphenidate-ir", (60, 7), (70, None)))
    assert {f.rule for f in mph} == {"max_daily"}
    assert [f.rule for f in check_plan(plan_of("atomoxetine", (40, 2), (80, None)))] == \
        ["up_step"]
    assert check_plan(plan_of("atomoxetine", (80, 7), (0, None))) == []  # no taper needed
    assert check_plan(plan_of("guanfacine-ir", (2, 1), (0, None))) == []  # none on file


def test_step_text_round_trips_and_bad_text_names_the_step():
    step = parse_step_text("step[1]", "2@08:00+1@20:00/hold", last=False)
    assert step == PlanStep((PlanDose(2, time(8)), PlanDose(1, time(20))), None)
    assert parse_step_text("step[1]", step_text(step), last=False) == step
    assert parse_step_text("step[3]", "0", last=True) == PlanStep((), None)
    for text, field in (("4@08:00", "step[2]"), ("4@8h/7", "step[2].time"),
                        ("x@08:00/7", "step[2].mg"), ("4@08:00/0", "step[2].days")):
        with pytest.raises(ValidationError) as caught:
            parse_step_text("step[2]", text, last=False)
        assert caught.value.field == field
