"""A step's comparison in words (report.plan_words): the service returns figures and a
direction, the faces word them the same way in the window, the PDFs and the terminal."""

from __future__ import annotations

from rebound_tracker.report.plan_words import comparison_text, reading, signed
from rebound_tracker.services.plan_outcomes import HIGHER, LOWER, UNCLEAR, ScaleComparison


def comparison(effect, low, high) -> ScaleComparison:
    return ScaleComparison("focus", 20, 24, 7, 8, effect, low, high)


def test_direction_follows_the_interval_and_words_follow_the_direction():
    cases = [(comparison(1.2, 0.3, 2.1), HIGHER, "higher than the step before"),
             (comparison(-1.2, -2.1, -0.3), LOWER, "lower than the step before"),
             (comparison(0.4, -0.2, 1.0), UNCLEAR, "no clear difference"),
             (comparison(None, None, None), None,
              "too few days (needs 3 with check-ins in each step)")]
    for c, direction, words in cases:
        assert c.direction == direction
        assert reading(c) == words


def test_comparison_text_is_signed_and_never_minus_zero():
    assert signed(-0.04) == "+0.0" and signed(0.36) == "+0.4" and signed(-1.25) == "-1.2"
    assert comparison_text(comparison(-0.04, -0.5, 0.42)) == (
        "focus: +0.0 [-0.5, +0.4] — no clear difference (24 check-ins on 8 days vs 20 on 7)")
    assert comparison_text(comparison(None, None, None)) == (
        "focus: too few days (needs 3 with check-ins in each step) "
        "(24 check-ins on 8 days vs 20 on 7)")
