"""A small, seeded run of validation/calibration.py: on synthetic people with a known
timing the recovered wear-off start is close, its interval holds the truth, and people who
match the population are not offered a change (the full run's figures are in
docs/calibration.md)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


@pytest.fixture(scope="module")
def validation():
    sys.path.insert(0, str(VALIDATION))
    try:
        import calibration
        import calibration_people
    finally:
        sys.path.remove(str(VALIDATION))
    return calibration, calibration_people


def kind(people, name: str, **changes):
    return replace(next(t for t in people.truths() if t.name == name), **changes)


def test_people_matching_the_population_are_rarely_offered_a_change(validation):
    run, people = validation
    tally = run.run(kind(people, "IR: same as population"), people=6, seed=21)
    assert sum(tally.offered) <= 1
    assert np.median(np.abs(tally.errors)) <= 0.5
    assert np.mean(tally.covered) >= 5 / 6


def test_a_later_effect_is_recovered_within_half_an_hour(validation):
    run, people = validation
    tally = run.run(kind(people, "IR: effect 1 h later"), people=6, seed=22)
    assert np.median(np.abs(tally.errors)) <= 0.5
    assert np.mean(tally.covered) >= 5 / 6
    assert sum(tally.offered) >= 2


def test_four_weeks_at_two_a_day_is_not_enough(validation):
    run, people = validation
    tally = run.run(kind(people, "IR: effect 1 h later", weeks=3, per_day=(2, 3)),
                    people=2, seed=23)
    assert not any(tally.enough) and not any(tally.offered)
