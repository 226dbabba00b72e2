"""Personal timing in the model: the population values give exactly today's curves; a delay
moves every curve and window by that much; a time-scale stretches each dose's effect around
its own dose time; the threshold and the rebound lag move only the windows."""

from __future__ import annotations

import numpy as np
import pytest

from rebound_tracker.domain.calibration import PARAMETERS, PersonalTiming
from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

LIB = load_library()
STEP = 1.0 / 60.0
GRID = np.arange(0.0, 40.0, STEP)
ONE = (DoseEvent("ritalin", 10.0, 8.0),)
TWO = (DoseEvent("ritalin", 10.0, 8.0), DoseEvent("ritalin", 10.0, 12.0))


def run(doses, **timing):
    person = Person(timing=(PersonalTiming("methylphenidate", **timing),))
    return simulate(LIB, doses, GRID, person).analytes[0]


def test_population_timing_is_exactly_todays_model():
    today = simulate(LIB, TWO, GRID).analytes[0]
    same = run(TWO)
    assert np.array_equal(today.effect, same.effect)
    assert today.wear_off == same.wear_off and today.rebound == same.rebound


def test_a_delay_moves_the_effect_and_its_windows():
    base, later = run(ONE), run(ONE, effect_delay_h=1.0)
    shift = round(1.0 / STEP)
    assert later.effect[shift:-shift] == pytest.approx(base.effect[:-2 * shift], abs=1e-9)
    assert later.wear_off[0].start_h == pytest.approx(base.wear_off[0].start_h + 1.0,
                                                      abs=STEP)
    assert later.rebound[0].start_h == pytest.approx(base.rebound[0].start_h + 1.0, abs=STEP)
    # The plasma concentration stays the population's (what the labels measured).
    assert np.array_equal(later.concentration, base.concentration)


def test_a_time_scale_stretches_each_dose_around_its_own_time():
    base, slow = run(ONE), run(ONE, time_scale=1.25)
    # Stretched around the dose at 8 h: the effect at 8 + 1.25·x equals the base at 8 + x.
    x = np.arange(0.0, 20.0, 0.5)
    assert np.interp(8 + 1.25 * x, GRID, slow.effect) == pytest.approx(
        np.interp(8 + x, GRID, base.effect), abs=1e-4)  # linear interpolation only
    assert slow.effect.max() == pytest.approx(base.effect.max(), rel=1e-4)  # grid sampling
    start = base.wear_off[0].start_h
    assert slow.wear_off[0].start_h == pytest.approx(8 + 1.25 * (start - 8), abs=3 * STEP)


def test_threshold_and_lag_move_only_the_windows():
    base = run(ONE)
    moved = run(ONE, wear_off_fraction=0.6, rebound_lag_h=0.5)
    assert np.array_equal(moved.effect, base.effect)
    assert moved.wear_off[0].start_h < base.wear_off[0].start_h
    assert moved.rebound[0].start_h == pytest.approx(base.rebound[0].start_h + 0.5)
    assert moved.wear_off[0].end_h <= moved.rebound[0].start_h


def test_a_rebound_moved_earlier_shortens_the_wear_off_it_now_overlaps():
    moved = run(ONE, rebound_lag_h=-0.5)
    base = run(ONE)
    assert moved.wear_off[0].end_h == pytest.approx(moved.rebound[0].start_h)
    assert moved.wear_off[0].end_h == pytest.approx(base.wear_off[0].end_h - 0.5)


@pytest.mark.parametrize("name", [p.name for p in PARAMETERS])
def test_values_outside_the_bounds_are_refused_by_name(name):
    bound = next(p for p in PARAMETERS if p.name == name).bounds[1]
    with pytest.raises(ValidationError) as err:
        PersonalTiming("methylphenidate", **{name: bound * 2 + 1})
    assert err.value.field == name


def test_capped_steps_as_autotune():
    scale = next(p for p in PARAMETERS if p.name == "time_scale")
    delay = next(p for p in PARAMETERS if p.name == "effect_delay_h")
    assert scale.capped_step(1.0, 1.5) == pytest.approx(1.2)
    assert scale.capped_step(1.0, 0.5) == pytest.approx(1 / 1.2)
    assert scale.capped_step(1.0, 1.1) == pytest.approx(1.1)
    assert delay.capped_step(0.5, -1.0) == pytest.approx(0.0)
