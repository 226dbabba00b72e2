"""The offer rule of a calibration (stats.calibration.differs): one test of one shown time,
the usual day's wear-off start, whatever the rebound's size or lag."""

from __future__ import annotations

from rebound_tracker.domain.calibration import HoursEstimate
from rebound_tracker.stats.calibration import differs


def test_a_wear_off_interval_holding_the_population_offers_nothing():
    assert not differs(HoursEstimate(8.4, 8.9, 8.3, 9.5))
    assert not differs(HoursEstimate(8.4, 8.4, 8.4, 8.4))


def test_a_wear_off_interval_excluding_the_population_is_a_difference():
    assert differs(HoursEstimate(8.4, 9.4, 8.9, 9.9))
    assert differs(HoursEstimate(8.4, 7.6, 7.1, 8.2))


def test_no_interval_is_no_difference():
    assert not differs(HoursEstimate(8.4, 9.4, None, None))
    assert not differs(HoursEstimate(None, None, None, None))
