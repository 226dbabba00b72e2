"""A small, seeded run of validation/rebound_evidence.py: the claims hold on synthetic people
with a known truth (the full run's figures are in docs/evidence.md)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest


@pytest.fixture(scope="module")
def validation(validation_scripts):
    return validation_scripts("rebound_evidence", "synthetic_people")


def by_name(synthetic_people, start: str):
    return next(d for d in synthetic_people.designs() if d.name.startswith(start))


def test_no_rebound_with_evening_drift_gets_few_worse_verdicts(validation):
    run, people = validation
    design = by_name(people, "no rebound: strong drift")
    result = run.run_design(design, people=40, seed=5)
    for scale in result.verdicts:
        assert result.rate(scale, "worse") <= 0.10, scale  # 4 of 40; the goal is 5%
    # The comparison the app made before calls these tired evenings a rebound:
    assert np.mean(result.old_worse["fatigue"]) > 0.5


def test_same_dose_time_every_day_makes_no_claim(validation):
    run, people = validation
    design = replace(by_name(people, "no rebound: same time daily"), drift=2.0)
    result = run.run_design(design, people=15, seed=6)
    assert np.mean(result.separable) <= 0.15
    assert all(result.rate(s, "worse") <= 1 / 15 for s in result.verdicts)


def test_a_real_rebound_is_found_with_its_size_in_the_interval(validation):
    run, people = validation
    design = by_name(people, "rebound 1.5, 8 weeks")
    result = run.run_design(design, people=25, seed=7)
    for scale in ("mood", "focus"):
        assert result.rate(scale, "worse") >= 0.7, scale
        assert np.mean(result.covered[scale]) >= 0.8, scale
        assert np.mean(result.effects[scale]) == pytest.approx(1.5, abs=0.25), scale
