"""A small, seeded run of validation/prompt_timing.py: the app's prompts, placed by its own
planner, give the evidence analysis what it needs (the full run's figures are in
docs/reminders.md)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def prompt_timing(validation_scripts):
    return validation_scripts("prompt_timing")[0]


def design(prompt_timing, start: str):
    return next(d for d in prompt_timing.chosen_designs() if d.name.startswith(start))


def test_every_arm_gets_the_same_check_ins_and_prompts_make_no_false_claims(prompt_timing):
    results = prompt_timing.run_design(design(prompt_timing, "no rebound: evening drift"),
                                       people=20, seed=3, n_boot=199)
    counts = {arm: r.checkins for arm, r in results.items()}
    assert counts["prompted"] == counts["convenient"] == counts["uniform"]
    prompted = results["prompted"]
    for scale in prompted.verdicts:
        assert prompted.rate(scale, "worse") <= 0.15, scale  # 3 of 20; the full run: ≤ 5%


def test_prompts_narrow_the_interval_against_random_times(prompt_timing):
    results = prompt_timing.run_design(design(prompt_timing, "rebound 1.5, 8 weeks"),
                                       people=15, seed=4, n_boot=199)
    prompted, uniform = results["prompted"], results["uniform"]
    assert prompted.median_width("mood") < uniform.median_width("mood")
    assert prompted.rate("mood", "worse") >= 0.6


def test_a_late_window_is_only_analysable_with_prompts(prompt_timing):
    results = prompt_timing.run_design(design(prompt_timing, "rebound 1.5, Concerta"),
                                       people=12, seed=5, n_boot=199)
    assert results["convenient"].rate("mood", "not enough data") == 1.0
    assert results["prompted"].rate("mood", "not enough data") <= 0.5
    assert results["prompted"].rate("mood", "worse") >= 0.2
