"""Wear-off and rebound windows, roughness, and the simulate() contract."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate
from rebound_tracker.pk.windows import (
    REBOUND_AFTER_H,
    REBOUND_FULL_SEVERITY_RATE_PER_H,
    REBOUND_START_FRACTION,
    WEAR_OFF_END_FRACTION,
    WEAR_OFF_FRACTION,
    Window,
    find_windows,
    roughness,
)

LIB = load_library()
GRID = np.arange(0.0, 30.0, 1.0 / 60.0)


def _curve(doses, grid=GRID):
    return simulate(LIB, doses, grid).analytes[0]


@pytest.mark.parametrize("mg", [10, 20])
def test_single_ir_methylphenidate_wears_off_3_to_5_h_after_the_dose(mg):
    curve = _curve([DoseEvent("methylphenidate-ir", mg, 1.0)])
    assert len(curve.wear_off) == 1
    assert 3.0 <= curve.wear_off[0].start_h - 1.0 <= 5.0


@pytest.mark.parametrize("mg", [18, 36, 54])
def test_concerta_lasts_at_least_10_h(mg):
    curve = _curve([DoseEvent("concerta", mg, 0.0)])
    assert len(curve.wear_off) == 1
    assert curve.wear_off[0].start_h >= 10.0


def test_vyvanse_lasts_about_13_h():
    start = _curve([DoseEvent("vyvanse", 50, 0.0)]).wear_off[0].start_h
    assert 11.0 <= start <= 16.0  # anchor: >= 13 h children, 14 h adults (Ermer 2016)


def test_three_ir_doses_are_rougher_than_one_concerta():
    tid = _curve([DoseEvent("methylphenidate-ir", 10, h) for h in (0, 4, 8)])
    oros = _curve([DoseEvent("concerta", 36, 0)])
    assert roughness(GRID, tid.concentration) > 2 * roughness(GRID, oros.concentration)
    # ...and its steepest wear-off is more severe.
    assert max(w.severity for w in tid.rebound) > max(w.severity for w in oros.rebound)


def test_wear_off_then_rebound_on_a_constructed_curve():
    t = np.arange(0, 20, 0.01)
    e = np.exp(-((t - 5) ** 2) / 4)  # one bump, peak 1 at 5 h
    wear, rebound = find_windows(t, e)
    assert len(wear) == 1 and len(rebound) == 1

    def crossing(fraction):  # e = fraction on the way down
        return 5 + 2 * math.sqrt(-math.log(fraction))

    assert wear[0].start_h == pytest.approx(crossing(WEAR_OFF_FRACTION), abs=0.02)
    # Wearing off ends where the rebound risk starts: near baseline, after the fade.
    assert wear[0].end_h == rebound[0].start_h
    assert rebound[0].start_h == pytest.approx(crossing(REBOUND_START_FRACTION), abs=0.02)
    worn_off = crossing(WEAR_OFF_END_FRACTION)
    assert rebound[0].end_h == pytest.approx(worn_off + REBOUND_AFTER_H, abs=0.02)
    # Severity: the steepest fall while fading, at the Gaussian's inflection 5 + sqrt(2) h.
    top_rate = math.sqrt(2) / 2 * math.exp(-0.5)
    assert rebound[0].severity == pytest.approx(
        min(1, top_rate / REBOUND_FULL_SEVERITY_RATE_PER_H), rel=1e-3)


def test_a_dip_lifted_before_it_nears_baseline_wears_off_without_rebound():
    t = np.arange(0, 20, 0.01)
    # Falls to about 0.33 of the first peak, then a second dose lifts it.
    e = np.exp(-((t - 3) ** 2) / 2) + 1.0 * np.exp(-((t - 6.5) ** 2) / 2)
    wear, rebound = find_windows(t, e)
    first = [w for w in wear if w.start_h < 6]
    assert len(first) == 1 and 4 < first[0].start_h < first[0].end_h < 6
    assert all(r.start_h > 6.5 for r in rebound)


def test_a_gentle_fade_has_no_rebound_window():
    t = np.arange(0, 200, 0.05)
    e = np.exp(-((t - 40) ** 2) / 2000)  # loses at most ~1.4 % of its peak per hour
    wear, rebound = find_windows(t, e)
    assert len(wear) == 1 and rebound == ()
    assert e[np.searchsorted(t, wear[0].end_h)] < WEAR_OFF_END_FRACTION


@pytest.mark.parametrize("doses", [
    [DoseEvent("vyvanse", 50, 0.0)],
    [DoseEvent("adderall-xr", 20, 0.0)],
    [DoseEvent("concerta", 36, 0.0)],
    [DoseEvent("methylphenidate-ir", 10, h) for h in (0, 4, 8)],
    [DoseEvent("focalin-xr", 10, 0.0)],
])
def test_rebound_comes_after_the_peak_and_after_wearing_off_begins(doses):
    for curve in simulate(LIB, doses, GRID).analytes:
        peak_h = float(GRID[int(np.argmax(curve.effect))])
        spans = sorted([(w.start_h, w.end_h) for w in curve.wear_off + curve.rebound])
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "no overlap"
        for r in curve.rebound:
            assert r.start_h > peak_h + 2.0
            before = [w for w in curve.wear_off if w.end_h == r.start_h]
            assert before, "every rebound risk window follows a wear-off window"
            i = int(np.searchsorted(GRID, r.start_h))
            assert curve.effect[i] < REBOUND_START_FRACTION * curve.effect[:i].max() + 1e-9


def test_dip_that_does_not_cross_threshold_is_not_a_wear_off():
    t = np.arange(0, 20, 0.01)
    e = np.exp(-((t - 4) ** 2) / 2) + 0.9 * np.exp(-((t - 7) ** 2) / 2)
    wear, _ = find_windows(t, e)
    assert len(wear) == 1 and wear[0].start_h > 7


def test_grid_ending_before_wear_off_gives_no_window():
    curve = _curve([DoseEvent("concerta", 36, 0)], grid=np.arange(0, 8, 0.05))
    assert curve.wear_off == () and curve.rebound == ()


def test_non_stimulants_have_no_windows():
    curve = _curve([DoseEvent("atomoxetine", 80, 0)])
    assert curve.wear_off == () and curve.rebound == ()
    assert curve.effect.max() > 0


def test_doses_between_grid_points_are_exact():
    coarse = np.arange(0, 30, 0.5)
    fine = np.arange(0, 30, 0.5 / 30)
    a = _curve([DoseEvent("methylphenidate-ir", 10, 0.2345)], grid=coarse).concentration
    b = _curve([DoseEvent("methylphenidate-ir", 10, 0.2345)], grid=fine).concentration
    np.testing.assert_allclose(a, b[::30], rtol=1e-9, atol=1e-12)


def test_result_contract():
    result = simulate(LIB, [DoseEvent("vyvanse", 30, 0), DoseEvent("adderall-ir", 5, 6)], GRID)
    names = [c.analyte for c in result.analytes]
    assert names == ["d-amphetamine", "l-amphetamine"]
    for c in result.analytes:
        assert c.unit == "ng/mL"
        assert c.concentration.shape == c.effect.shape == GRID.shape
        assert all(isinstance(w, Window) for w in c.wear_off + c.rebound)
    text = " ".join(result.assumptions)
    assert "not medical advice" in text and "70 kg" in text and "fasted" in text
    assert f"{WEAR_OFF_FRACTION:.0%}" in text


def test_primary_analyte_is_the_most_dosed():
    result = simulate(LIB, [DoseEvent("methylphenidate-ir", 5, 0),
                            DoseEvent("vyvanse", 70, 0)], GRID)
    assert result.analytes[0].analyte == "d-amphetamine"


def test_fed_dose_without_food_effect_is_stated():
    result = simulate(LIB, [DoseEvent("concerta", 36, 0, fed=True)], GRID)
    assert any("Concerta" in a and "fasted" in a for a in result.assumptions)


@pytest.mark.parametrize("bad", [
    dict(weight_kg=0), dict(weight_kg=float("nan")), dict(cyp2d6="fast"), dict(urine_ph="7"),
])
def test_person_validation(bad):
    with pytest.raises(ValidationError) as err:
        Person(**bad)
    assert err.value.field in bad


@pytest.mark.parametrize("kwargs,field", [
    (dict(mg=0), "dose_mg"), (dict(mg=-1), "dose_mg"), (dict(t_h=float("inf")), "time"),
])
def test_dose_validation(kwargs, field):
    args = dict(formulation_id="concerta", mg=18, t_h=0.0) | kwargs
    with pytest.raises(ValidationError) as err:
        DoseEvent(**args)
    assert err.value.field == field


def test_grid_and_medication_validation():
    with pytest.raises(ValidationError) as err:
        simulate(LIB, [DoseEvent("concerta", 18, 0)], np.array([0.0, 1.0, 5.0]))
    assert err.value.field == "t_h"
    with pytest.raises(ValidationError) as err:
        simulate(LIB, [DoseEvent("concertaa", 18, 0)], GRID)
    assert err.value.field == "medication" and "concerta" in err.value.accepted


def test_acidic_urine_shortens_amphetamine():
    normal = simulate(LIB, [DoseEvent("vyvanse", 50, 0)], GRID).analytes[0]
    acidic = simulate(LIB, [DoseEvent("vyvanse", 50, 0)], GRID,
                      Person(urine_ph="acidic")).analytes[0]
    assert acidic.summary.auc < normal.summary.auc


def test_flat_step_inside_a_fall_is_one_wear_off():
    # Quantised effect values make flat steps on the way down; they are not new peaks.
    t = np.arange(0, 20, 0.01)
    e = np.round(np.exp(-((t - 5) ** 2) / 4), 2)
    wear, rebound = find_windows(t, e)
    assert len(wear) == 1 and len(rebound) == 1
    assert wear[0].start_h == pytest.approx(5 + 2 * math.sqrt(math.log(2)), abs=0.1)


def test_windows_of_many_days_do_not_overlap_and_match_each_day_alone():
    days = [DoseEvent("methylphenidate-ir", 10, 24.0 * d + h) for d in range(20)
            for h in (8.0, 12.0)]
    grid = np.arange(0.0, 24.0 * 20, 1 / 60)
    curve = _curve(days, grid)
    assert len(curve.wear_off) == len(curve.rebound) == 20
    spans = [(w.start_h, w.end_h) for w in curve.wear_off]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    one_day = _curve(days[:2], np.arange(0.0, 24.0, 1 / 60))
    assert curve.wear_off[0] == one_day.wear_off[0]
    assert curve.rebound[0] == one_day.rebound[0]


def test_assumptions_name_reported_analyte_and_food_dependent_release():
    text = " ".join(simulate(LIB, [DoseEvent("quillivant-xr", 40, 0),
                                   DoseEvent("Medikinet XL", 20, 5, fed=True)], GRID).assumptions)
    assert "d-methylphenidate" in text and "98%" in text
    assert "Medikinet retard: with food" in text
