"""Each formulation against the published facts it was parameterised from.

Tolerances: Cmax ±25%, Tmax ±1 h, half-life ±25%, AUC ±10% unless a test says otherwise
(population means; inter-study Cmax varies ~2x for IR methylphenidate, pk reference).
"""

from __future__ import annotations

import numpy as np
import pytest

from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

GRID = np.arange(0.0, 72.0, 1.0 / 60.0)


def _curve(doses, analyte_index=0):
    return simulate(load_library(), doses, GRID).analytes[analyte_index]


def _close(value, expected, rel):
    assert value == pytest.approx(expected, rel=rel), f"{value} vs {expected} ±{rel:.0%}"


def test_methylphenidate_ir_tid_matches_concerta_label_ir_arm():
    # Concerta PI 12.3 Table 6: IR 5 mg TID q4h: Cmax 4.2, AUCinf 38.0, t1/2 3.0 h.
    s = _curve([DoseEvent("methylphenidate-ir", 5, h) for h in (0, 4, 8)]).summary
    _close(s.cmax, 4.2, 0.25)
    _close(s.auc, 38.0, 0.10)
    _close(s.terminal_half_life_h, 3.0, 0.25)


def test_methylphenidate_ir_single_dose_tmax():
    # Patrick 1989, IR 10 mg: Tmax 1.5 h; Wargin 1983: 2.2 h.
    s = _curve([DoseEvent("methylphenidate-ir", 10, 0)]).summary
    assert abs(s.tmax_h - 1.5) <= 1.0


def test_concerta_18_mg_matches_label_table_6():
    # Concerta PI 12.3 Table 6, 18 mg: Tmax 6.8, Cmax 3.7, AUCinf 41.8, t1/2 3.5 ± 0.4.
    s = _curve([DoseEvent("concerta", 18, 0)]).summary
    assert abs(s.tmax_h - 6.8) <= 1.0
    _close(s.cmax, 3.7, 0.25)
    _close(s.auc, 41.8, 0.10)
    _close(s.terminal_half_life_h, 3.5, 0.25)


def test_ritalin_la_40_mg_peak():
    # Lee 2003: Ritalin LA 40 mg, Cmax 14.4-15.2 ng/mL.
    s = _curve([DoseEvent("ritalin-la", 40, 0)]).summary
    _close(s.cmax, 14.8, 0.25)


def test_ritalin_la_matches_ir_twice_4_h_apart():
    # Ritalin LA PI 12.3: once daily ~ Ritalin twice daily 4 h apart (relative bioavailability;
    # similar lag, first Cmax and Tmax). The delayed beads open over an hour rather than at
    # one instant (smooth curve), so the second peak is a little lower and the rest equal.
    la = _curve([DoseEvent("ritalin-la", 20, 0)])
    bid = _curve([DoseEvent("methylphenidate-ir", 10, 0), DoseEvent("methylphenidate-ir", 10, 4)])
    _close(la.summary.auc, bid.summary.auc, 1e-3)
    first = GRID < 3.75  # the delayed beads start opening at 3.75 h
    np.testing.assert_allclose(la.concentration[first], bid.concentration[first], rtol=1e-6,
                               atol=1e-9)
    for a, b in zip(_peak_times(la), _peak_times(bid), strict=True):
        assert abs(a - b) <= 0.5
    _close(la.summary.cmax, bid.summary.cmax, 0.10)


def test_focalin_ir_tmax_within_label():
    s = _curve([DoseEvent("dexmethylphenidate-ir", 10, 0)]).summary
    assert 1.0 - 0.5 <= s.tmax_h <= 1.5 + 0.5  # label 1-1.5 h fasted


def test_dextroamphetamine_15_mg_matches_label():
    # Zenzedi/Dexedrine PI: 15 mg: Cmax 36.6, Tmax ~3 h, t1/2 ~12 h.
    s = _curve([DoseEvent("dextroamphetamine-ir", 15, 0)]).summary
    _close(s.cmax, 36.6, 0.25)
    assert abs(s.tmax_h - 3.0) <= 1.0
    _close(s.terminal_half_life_h, 12.0, 0.25)


def test_dextroamphetamine_20_mg_plasma_and_subjective_peaks():
    # J Clin Psychopharmacol 1996;16:72 (6 men, 20 mg): plasma peak ~4 h, subjective effect
    # peak 1.5-2 h. The IR ka is a joint fit to this Tmax, the Dexedrine label's ~3 h and
    # Adderall IR's ~3 h; the amphetamine effect model was fitted to the subjective peak.
    curve = _curve([DoseEvent("dextroamphetamine-ir", 20, 0)])
    assert abs(curve.summary.tmax_h - 4.0) <= 1.0
    assert 1.5 <= float(GRID[np.argmax(curve.effect)]) <= 2.0


def test_adderall_ir_tmax_and_half_lives():
    # Adderall XR PI 12.3: IR Tmax ~3 h; t1/2 d 10 h, l 13 h in adults.
    result = simulate(load_library(), [DoseEvent("adderall-ir", 10, 0)], GRID)
    d, l_amph = result.analytes
    assert (d.analyte, l_amph.analyte) == ("d-amphetamine", "l-amphetamine")
    assert abs(d.summary.tmax_h - 3.0) <= 1.0
    _close(d.summary.terminal_half_life_h, 10.0, 0.25)
    _close(l_amph.summary.terminal_half_life_h, 13.0, 0.25)
    # 3:1 d:l amphetamine (label): base amounts in that ratio.
    assert d.summary.auc / l_amph.summary.auc > 2.5


def test_adderall_xr_tmax_and_food():
    # Label (as quoted): Tmax ~7 h, 4 h later than IR; a high-fat meal delays it ~2.5 h.
    fasted = _curve([DoseEvent("adderall-xr", 20, 0)]).summary
    fed = _curve([DoseEvent("adderall-xr", 20, 0, fed=True)]).summary
    assert 5.2 - 1.0 <= fasted.tmax_h <= 7.0 + 1.0
    assert fed.tmax_h - fasted.tmax_h == pytest.approx(2.5, abs=0.5)
    _close(fed.auc, fasted.auc, 0.05)


def test_adderall_xr_equals_ir_twice_daily_in_exposure():
    xr = _curve([DoseEvent("adderall-xr", 20, 0)]).summary
    ir = _curve([DoseEvent("adderall-ir", 10, 0), DoseEvent("adderall-ir", 10, 4)]).summary
    _close(xr.auc, ir.auc, 0.01)


def test_vyvanse_tmax_fasted_and_fed():
    # Vyvanse label (quoted): d-amphetamine Tmax 3.8 h fasted, 4.7 h high-fat meal.
    fasted = _curve([DoseEvent("vyvanse", 50, 0)]).summary
    fed = _curve([DoseEvent("vyvanse", 50, 0, fed=True)]).summary
    assert abs(fasted.tmax_h - 3.8) <= 1.0
    assert abs(fed.tmax_h - 4.7) <= 1.0
    assert fed.tmax_h > fasted.tmax_h


def test_vyvanse_dose_proportional():
    # J Clin Pharmacol 2010: Cmax and AUC linear in dose (50-250 mg).
    a = _curve([DoseEvent("vyvanse", 50, 0)]).summary
    b = _curve([DoseEvent("vyvanse", 250, 0)]).summary
    _close(b.cmax / a.cmax, 5.0, 1e-6)


def test_atomoxetine_label():
    # Strattera PI 12.3: Tmax 1-2 h, t1/2 5.2 h; high-fat meal: Cmax -37%, Tmax +3 h, AUC same.
    fasted = _curve([DoseEvent("atomoxetine", 40, 0)]).summary
    fed = _curve([DoseEvent("atomoxetine", 40, 0, fed=True)]).summary
    assert 1.0 - 0.5 <= fasted.tmax_h <= 2.0 + 0.5
    _close(fasted.terminal_half_life_h, 5.2, 0.25)
    _close(fed.cmax / fasted.cmax, 0.63, 0.15)
    assert fed.tmax_h - fasted.tmax_h == pytest.approx(3.0, abs=1.0)
    _close(fed.auc, fasted.auc, 0.02)


def test_atomoxetine_poor_metabolizer():
    from rebound_tracker.pk.model import Person

    lib = load_library()
    em = simulate(lib, [DoseEvent("atomoxetine", 40, 0)], np.arange(0, 400, 0.1)).analytes[0]
    pm = simulate(lib, [DoseEvent("atomoxetine", 40, 0)], np.arange(0, 400, 0.1),
                  Person(cyp2d6="poor")).analytes[0]
    _close(pm.summary.auc / em.summary.auc, 10.0, 0.10)  # label: AUC ~10-fold
    _close(pm.summary.terminal_half_life_h, 21.6, 0.10)


def test_intuniv_label_table_5():
    # Intuniv PI 12.3 Table 5, 1 mg adults: Tmax 6.0 (4-8), Cmax 1.0, AUCinf 32, t1/2 18 h.
    grid = np.arange(0, 240, 0.1)
    s = simulate(load_library(), [DoseEvent("intuniv", 1, 0)], grid).analytes[0].summary
    assert abs(s.tmax_h - 6.0) <= 1.0
    _close(s.cmax, 1.0, 0.25)
    _close(s.auc, 32.0, 0.10)
    _close(s.terminal_half_life_h, 18.0, 0.25)


@pytest.mark.parametrize("weight,cmax,auc,t_half", [
    (30.0, 2.55, 65.2, 14.4),
    (55.0, 1.69, None, 17.9),
    pytest.param(55.0, None, 47.3, None, marks=pytest.mark.xfail(
        strict=True, reason="adolescents cleared 35% more than the label's adults (CL/F 42 vs "
        "31 L/h) and children the same as adults; no weight power fits both, the fitted "
        "exponent 0 follows the children (model AUC +35%)")),
])
def test_intuniv_single_2_mg_in_children_and_adolescents(weight, cmax, auc, t_half):
    # Boellner SW et al. Pharmacotherapy 2007;27:1253 (PMID 17723079): single 2 mg; the
    # guanfacine weight exponents (CL/F 0, V/F 0.17) were fitted to these and the adult label.
    grid = np.arange(0, 240, 0.1)
    s = simulate(load_library(), [DoseEvent("intuniv", 2, 0)], grid,
                 Person(weight_kg=weight)).analytes[0].summary
    if cmax is not None:
        _close(s.cmax, cmax, 0.25)
    if auc is not None:
        _close(s.auc, auc, 0.25)
    if t_half is not None:
        _close(s.terminal_half_life_h, t_half, 0.25)


# --- formulations added with the complete library (facts their parameters were fitted to) --


def _peak_times(curve, floor=0.1):
    c = curve.concentration
    d = np.diff(c)
    inner = np.flatnonzero((d[:-1] >= 0) & (d[1:] < 0)) + 1
    return [float(GRID[i]) for i in inner if c[i] >= floor * c.max()]


def test_methylphenidate_sr_tmax():
    # Patrick 1989: SR 20 mg Tmax 3.3 h.
    assert abs(_curve([DoseEvent("methylphenidate-sr", 20, 0)]).summary.tmax_h - 3.3) <= 1.0


def test_metadate_cd_is_biphasic():
    # Metadate CD label (to verify): peaks ~1.5 h and ~4.5 h.
    first, second = _peak_times(_curve([DoseEvent("metadate-cd", 20, 0)]))
    assert abs(first - 1.5) <= 1.0 and abs(second - 4.5) <= 1.0


def test_medikinet_retard_food_splits_the_profile():
    fasted = _peak_times(_curve([DoseEvent("medikinet-retard", 20, 0)]))
    fed = _peak_times(_curve([DoseEvent("medikinet-retard", 20, 0, fed=True)]))
    assert len(fasted) == 1 and len(fed) == 2
    assert fed[1] - fed[0] >= 2.0


def test_focalin_xr_first_and_second_peaks():
    # Expert Opin Pharmacother 2006 (review, PMID 17150008): first peak ~1.5 h, second at an
    # average of 6.5 h; the spread of the delayed beads' release was fitted to the second.
    first, second = _peak_times(_curve([DoseEvent("focalin-xr", 20, 0)]))
    assert abs(first - 1.5) <= 1.0 and abs(second - 6.5) <= 1.0


def test_aptensio_second_peak():
    # Childress 2017 review: first peak ~2 h, second ~8 h (fasted single dose). The gradual
    # release of the ER layer was fitted to this and to Adjei 2014's ~7 h (fed, repeated;
    # test_pk_generalisation.test_aptensio_80_mg_fed_adults).
    first, second = _peak_times(_curve([DoseEvent("aptensio-xr", 20, 0)]))
    assert abs(first - 2.0) <= 1.0 and abs(second - 8.0) <= 1.0


def test_quillivant_fasted_adults_tmax_and_peak():
    # Childress & Berry 2010 / Quillivant PI 12.3, 60 mg fasted adults: d-MPH Tmax 5.0 h,
    # Cmax 13.61 ng/mL, Cmax/AUCinf 13.61/143.65 = 0.0947/h (release split and duration
    # fitted to Tmax and Cmax/AUC; d-MPH = 0.98 x total, label Table 3 footnote).
    s = _curve([DoseEvent("quillivant-xr", 60, 0)]).summary
    share = load_library().get("quillivant-xr").reported.fraction_of_primary.value
    assert abs(s.tmax_h - 5.0) <= 1.0
    _close(s.cmax / s.auc, 0.0947, 0.10)
    _close(share * s.cmax, 13.61, 0.25)


def test_quillivant_terminal_half_life_is_release_limited():
    # Quillivant XR PI 12.3, fasted adults 60 mg: t1/2 5.6 h (elimination alone: 3.0 h).
    s = _curve([DoseEvent("quillivant-xr", 60, 0)]).summary
    _close(s.terminal_half_life_h, 5.6, 0.25)


def test_jornay_pm_adults():
    # Childress 2018, adults 54 mg in the evening: Tmax 15.6 h, Cmax 9.1 ng/mL per mg/kg.
    s = _curve([DoseEvent("jornay-pm", 54, 0)]).summary
    assert abs(s.tmax_h - 15.6) <= 1.0
    _close(s.cmax / (54 / 70), 9.1, 0.25)


def test_azstarys_d_mph_tmax_and_apparent_half_life():
    # Azstarys label (as quoted): Tmax ~2 h, apparent t1/2 11.7 h (conversion-limited).
    s = _curve([DoseEvent("azstarys", 52.3, 0)]).summary
    assert abs(s.tmax_h - 2.0) <= 1.0
    _close(s.terminal_half_life_h, 11.7, 0.25)


def test_dexedrine_spansule_tmax():
    # Dexedrine label (to verify): Spansule 15 mg Tmax ~8 h, Cmax 23.5 ng/mL.
    s = _curve([DoseEvent("dexedrine-spansule", 15, 0)]).summary
    assert abs(s.tmax_h - 8.0) <= 1.0
    _close(s.cmax, 23.5, 0.25)


def test_evekeo_gives_equal_d_and_l_amphetamine():
    d, l_amph = simulate(load_library(), [DoseEvent("evekeo", 10, 0)], GRID).analytes
    assert (d.analyte, l_amph.analyte) == ("d-amphetamine", "l-amphetamine")
    assert d.summary.tmax_h == pytest.approx(3.0, abs=1.0)
    assert l_amph.summary.auc / d.summary.auc == pytest.approx(13 / 11, rel=0.02)  # t1/2 ratio


def test_viloxazine_and_guanfacine_ir_tmax():
    assert abs(_curve([DoseEvent("viloxazine-er", 200, 0)]).summary.tmax_h - 5.0) <= 1.0
    assert abs(_curve([DoseEvent("guanfacine-ir", 1, 0)]).summary.tmax_h - 2.6) <= 1.0
