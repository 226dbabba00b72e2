"""validation/calibration_intervals.py (the interval diagnosis quoted in docs/calibration.md)
runs on a couple of people and reports what it claims: errors and claimed SDs per
quantity, the lag only for people with a rebound, and the curvature three ways."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest


@pytest.fixture(scope="module")
def scripts(validation_scripts):
    return validation_scripts("calibration_intervals", "calibration_people")


def kind(people, name: str):
    truth = next(t for t in people.truths() if t.name == name)
    return replace(truth, weeks=8, per_day=(4, 4))


def test_z_scores_pair_each_error_with_a_claimed_sd(scripts):
    intervals, people = scripts
    z = intervals.z_scores(kind(people, "IR: same as population"), people=2, seed=31)
    assert z["rebound_lag_h"] == []  # no rebound: the lag is not identified
    for name in ("time_scale", "effect_delay_h", "rebound_size", "wear_off_start_h"):
        assert len(z[name]) == 2, name
        errors, sds = np.array(z[name]).T
        assert np.all(np.isfinite(errors)) and np.all(sds > 0), name


def test_roughness_prints_the_curvature_three_ways(scripts):
    intervals, people = scripts
    (line,) = intervals.roughness(kind(people, "IR: same as population"), people=1, seed=32)
    assert "FD" in line and "quadratic ±0.1" in line and "size held at 0" in line
