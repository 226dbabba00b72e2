"""Properties the model must have whatever the parameters: linearity, superposition,
time-shift invariance, non-negativity, AUC = F·D/CL."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rebound_tracker.pk.blocks import disposition
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

LIB = load_library()
IDS = [f.id for f in LIB.formulations]
GRID = np.arange(0.0, 36.0, 0.1)

ids = st.sampled_from(IDS)
doses_mg = st.floats(min_value=0.5, max_value=200.0)
times = st.floats(min_value=0.0, max_value=20.0)
fed = st.booleans()


def _conc(doses, grid=GRID, person=None):
    return simulate(LIB, doses, grid, person).analytes[0].concentration


@settings(max_examples=40, deadline=None)
@given(ids, doses_mg, times, fed, st.floats(min_value=0.1, max_value=10.0))
def test_linear_in_dose(fid, mg, t, is_fed, factor):
    one = _conc([DoseEvent(fid, mg, t, is_fed)])
    scaled = _conc([DoseEvent(fid, mg * factor, t, is_fed)])
    np.testing.assert_allclose(scaled, factor * one, rtol=1e-9, atol=1e-12 * one.max())


@settings(max_examples=40, deadline=None)
@given(ids, doses_mg, times, ids, doses_mg, times)
def test_superposition(fa, ma, ta, fb, mb, tb):
    a, b = DoseEvent(fa, ma, ta), DoseEvent(fb, mb, tb)
    expected: dict[str, np.ndarray] = {}
    for dose in (a, b):
        for curve in simulate(LIB, [dose], GRID).analytes:
            expected[curve.analyte] = expected.get(curve.analyte, 0.0) + curve.concentration
    both = {c.analyte: c.concentration for c in simulate(LIB, [a, b], GRID).analytes}
    assert set(both) == set(expected)
    for name, conc in both.items():
        scale = max(1.0, float(np.max(np.abs(expected[name]))))
        np.testing.assert_allclose(conc, expected[name], rtol=1e-9, atol=1e-10 * scale)


@settings(max_examples=40, deadline=None)
@given(ids, doses_mg, st.floats(min_value=0.0, max_value=5.0),
       st.integers(min_value=1, max_value=40))
def test_time_shift_invariance(fid, mg, t, shift_steps):
    shift = shift_steps * 0.1
    base = _conc([DoseEvent(fid, mg, t)])
    moved = _conc([DoseEvent(fid, mg, t + shift)], grid=GRID + shift)
    np.testing.assert_allclose(moved, base, rtol=1e-7, atol=1e-9 * base.max())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ids, doses_mg, times, fed), min_size=1, max_size=6),
       st.floats(min_value=20, max_value=150))
def test_non_negative_and_effect_bounded(doses, weight):
    result = simulate(LIB, [DoseEvent(*d) for d in doses], GRID, Person(weight_kg=weight))
    for curve in result.analytes:
        assert np.all(curve.concentration >= 0)
        assert np.all((curve.effect >= 0) & (curve.effect <= 1))
        for w in curve.wear_off + curve.rebound:
            assert w.start_h <= w.end_h
        for w in curve.rebound:
            assert 0 < w.severity <= 1


@settings(max_examples=30, deadline=None)
@given(ids, doses_mg, st.floats(min_value=20, max_value=150))
def test_auc_equals_f_dose_over_cl(fid, mg, weight):
    f = LIB.get(fid)
    person = Person(weight_kg=weight)
    disp = disposition(LIB.analyte(f.analyte), weight, person.settings())
    grid = np.arange(-1.0, 40 * disp.half_life_h + 30, 0.05)
    curve = simulate(LIB, [DoseEvent(fid, mg, 0.0)], grid, person).analytes[0]
    base_mg = mg * f.salt_to_base * f.relative_f.value
    expected = 1000.0 * base_mg / disp.cl_l_per_h  # ng·h/mL
    np.testing.assert_allclose(curve.summary.auc, expected, rtol=2e-3)


def test_heavier_person_has_lower_peak_same_shape_scaling():
    light = _conc([DoseEvent("concerta", 36, 0)], person=Person(weight_kg=50))
    heavy = _conc([DoseEvent("concerta", 36, 0)], person=Person(weight_kg=100))
    assert heavy.max() < light.max()
