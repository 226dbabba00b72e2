"""The simulate --json object and the day prediction behind the plot."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest

from rebound_tracker.cli.output import prediction_json
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.services.simulation import DoseSpec

TZ = timezone(timedelta(hours=-5))
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def test_json_matches_the_product_schema(services):
    prediction = services.simulation.predict([DoseSpec("concerta", 36, MORNING)], step_min=10)
    out = prediction_json(prediction)
    assert set(out) == {"times", "analytes", "assumptions"}
    times = [datetime.fromisoformat(t) for t in out["times"]]
    assert times[0] == MORNING
    assert all(b - a == timedelta(minutes=10) for a, b in itertools.pairwise(times))
    (analyte,) = out["analytes"]
    assert analyte["analyte"] == "methylphenidate" and analyte["unit"] == "ng/mL"
    assert len(analyte["concentration"]) == len(times) == len(analyte["effect"])
    assert all(0.0 <= e <= 1.0 for e in analyte["effect"])
    assert set(analyte["summary"]) == {"cmax", "tmax", "auc", "terminal_half_life_h"}
    assert analyte["wear_off"] and {"start", "end"} == set(analyte["wear_off"][0])
    assert all(0.0 <= r["severity"] <= 1.0 for r in analyte["rebound"])
    assert out["assumptions"]


def test_default_horizon_runs_until_the_level_is_negligible(services):
    prediction = services.simulation.predict([DoseSpec("methylphenidate-ir", 10, MORNING)])
    conc = prediction.result.analytes[0].concentration
    assert conc[-1] < 0.02 * conc.max()
    assert prediction.t_h[-1] < 48  # a 3 h half-life is negligible well within two days


def test_two_medicines_give_one_analyte_entry_each(services):
    specs = [DoseSpec("concerta", 36, MORNING), DoseSpec("vyvanse", 30, MORNING)]
    out = prediction_json(services.simulation.predict(specs, hours=24))
    assert {a["analyte"] for a in out["analytes"]} == {"methylphenidate", "d-amphetamine"}


def test_predict_day_includes_yesterdays_carry_over(services):
    services.doses.add("vyvanse", 70, MORNING - timedelta(days=1))
    prediction = services.simulation.predict_day(date(2026, 3, 2))
    assert prediction is not None
    assert prediction.result.analytes[0].concentration[0] > 0


def test_predict_day_without_doses_is_none(services):
    assert services.simulation.predict_day(date(2026, 3, 2)) is None


def test_bad_step_is_bad_input(services):
    with pytest.raises(ValidationError) as caught:
        services.simulation.predict([DoseSpec("concerta", 36, MORNING)], step_min=0)
    assert caught.value.field == "step-min"
