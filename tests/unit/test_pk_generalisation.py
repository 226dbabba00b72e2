"""Predictions for published facts that no parameter was fitted to.

Other doses, other studies, children's and adolescents' body weights, fed states, CYP2D6
poor metabolizers, multiple dosing, and clinical onset/duration anchors (label_facts.csv and
the pk reference). Tolerances: Cmax and AUC ±25 %, Tmax ±1 h, durations as stated. Where
the model misses, the test is an xfail whose reason says why, and docs/model.md records the
miss; nothing here was tuned to make a test pass.

Body weights are not in the abstracts; typical values are assumed: children 6-12 y 30 kg,
children 9-12 y 35 kg, children 4-<6 y 20 kg, adolescents 13-17 y 55 kg.
"""

from __future__ import annotations

import numpy as np
import pytest

from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, Person, simulate

LIB = load_library()
GRID = np.arange(0.0, 72.0, 1.0 / 60.0)
CHILD_KG, OLDER_CHILD_KG, YOUNG_CHILD_KG, ADOLESCENT_KG = 30.0, 35.0, 20.0, 55.0
ONSET_FRACTION = 0.25
"""Onset in these tests: the effect first reaches a quarter of the dose's own peak (the
first measurable benefit in a classroom study is well before the peak)."""


def _one(fid, mg, weight=70.0, fed=False, person=None, grid=GRID):
    person = person or Person(weight_kg=weight)
    return simulate(LIB, [DoseEvent(fid, mg, 0.0, fed)], grid, person).analytes[0]


def _steady_state(fid, mg, weight, days=14):
    """Last 24 h of once-daily dosing: (Cmax, AUC0-24, Tmax after the last dose)."""
    grid = np.arange(0.0, 24.0 * days, 1.0 / 60.0)
    doses = [DoseEvent(fid, mg, 24.0 * d) for d in range(days)]
    c = simulate(LIB, doses, grid, Person(weight_kg=weight)).analytes[0].concentration
    last = grid >= 24.0 * (days - 1)
    day = c[last]
    return float(day.max()), float(np.sum(day) / 60.0), float(np.argmax(day) / 60.0)


def _within(value, expected, rel=0.25):
    assert value == pytest.approx(expected, rel=rel), f"{value:.3g} vs {expected:.3g} ±{rel:.0%}"


# --- immediate-release methylphenidate: other studies, doses and children -----------------

def test_patrick_1989_ir_regimen_peak():
    # Patrick 1989 (abstract): 10 mg IR before breakfast and again 5 h later; "mean peak MPH
    # concentration 6.4 ng/mL" is the regimen's peak, not a single 10 mg dose's (an earlier
    # test compared it with one dose: model 4.4, -31%).
    doses = [DoseEvent("methylphenidate-ir", 10, 0.0), DoseEvent("methylphenidate-ir", 10, 5.0)]
    _within(simulate(LIB, doses, GRID).analytes[0].summary.cmax, 6.4)


def test_ir_solution_twice_6_h_apart_childress_2010():
    # Childress & Berry 2010: IR methylphenidate solution 30 mg at 0 and 6 h, fasted adults:
    # d-MPH Cmax 20.94, Tmax 7.33 h, AUCinf 153.31, t1/2 3.74 h (solution taken as the tablet;
    # d-MPH = 0.98 x total, Quillivant label footnote).
    doses = [DoseEvent("methylphenidate-ir", 30, 0.0), DoseEvent("methylphenidate-ir", 30, 6.0)]
    s = simulate(LIB, doses, np.arange(0.0, 96.0, 1.0 / 60.0)).analytes[0].summary
    _within(_d_mph(s.cmax), 20.94)
    _within(_d_mph(s.auc), 153.31)
    _within(s.terminal_half_life_h, 3.74)
    assert abs(s.tmax_h - 7.33) <= 1.0


@pytest.mark.xfail(strict=True, reason="model 4.6 vs Wargin 1983 3.5 ng/mL (mean, SE 0.4) at "
                   "0.15 mg/kg, +32%: 0.33 ng/mL per mg, below Wargin's own 0.3 mg/kg (0.37) and "
                   "the other sources (Concerta label IR arm, Patrick 1989 regimen, Childress "
                   "2010 IR solution: 0.40-0.45 per mg in the model, all within 25%)")
def test_wargin_1983_low_dose_cmax():
    _within(_one("methylphenidate-ir", 0.15 * 70).summary.cmax, 3.5)


def test_wargin_1983_high_dose_and_tmax():
    s = _one("methylphenidate-ir", 0.3 * 70).summary
    _within(s.cmax, 7.8)
    assert abs(s.tmax_h - 2.2) <= 1.0


def test_children_ir_methylphenidate_0_3_mg_per_kg():
    # Monograph text (SECONDARY): children 0.3 mg/kg Cmax 10.8, t1/2 2.4 h.
    s = _one("methylphenidate-ir", 0.3 * CHILD_KG, CHILD_KG).summary
    _within(s.cmax, 10.8)
    _within(s.terminal_half_life_h, 2.4)


def test_sr_cmax_and_tmax_in_other_studies():
    s = _one("methylphenidate-sr", 20).summary
    _within(s.cmax, 4.7)  # Patrick 1989: 4.6-4.8
    assert abs(s.tmax_h - 4.0) <= 1.0  # OROS paper: SR 20 mg Tmax ~4 h


# --- extended-release methylphenidate -------------------------------------------------------

def test_aptensio_80_mg_fed_adults():
    # Adjei 2014: 80 mg fed, day-1 Cmax 23.7; second peak ~7 h.
    curve = _one("aptensio-xr", 80, fed=True)
    _within(curve.summary.cmax, 23.7)
    c = curve.concentration
    late = GRID >= 4.0
    assert abs(GRID[late][np.argmax(c[late])] - 7.0) <= 1.0


def test_aptensio_young_children_cmax_per_mg():
    # Paediatr Drugs 2020: children 4-<6 y, Cmax 0.67-0.81 ng/mL per mg.
    per_mg = _one("aptensio-xr", 20, YOUNG_CHILD_KG).summary.cmax / 20
    assert 0.67 * 0.75 <= per_mg <= 0.81 * 1.25


def test_focalin_xr_fluctuates_less_than_ir_twice_daily():
    # Moen 2009 (CNS Drugs 23:1057): Focalin XR mimics Focalin IR twice 4 h apart "albeit with
    # less fluctuation". Not fitted to: the release spread was fitted to the 6.5 h second peak.
    def swing(doses):
        c = simulate(LIB, doses, GRID).analytes[0].concentration
        first = int(np.argmax(GRID >= 1.5))
        trough = first + int(np.argmin(c[first:int(np.argmax(GRID >= 5.0))]))
        return float(c[trough:].max() - c[trough])

    xr = swing([DoseEvent("focalin-xr", 20, 0.0)])
    ir = swing([DoseEvent("dexmethylphenidate-ir", 10, 0.0),
                DoseEvent("dexmethylphenidate-ir", 10, 4.0)])
    assert xr < ir


def _d_mph(curve):
    """Quillivant's published analyte from the model's total methylphenidate curve."""
    return LIB.get("quillivant-xr").reported.fraction_of_primary.value * curve


def test_quillivant_fasted_adults_d_mph_exposure():
    # Childress & Berry 2010 (Postgrad Med 122:35), the label's fasted study: 60 mg, d-MPH
    # AUCinf 143.65 ng.h/mL. The release was fitted to its Tmax and Cmax/AUC, not its AUC,
    # which follows from the methylphenidate clearance and the label's relative F 95%.
    s = _one("quillivant-xr", 60, grid=np.arange(0.0, 96.0, 1.0 / 60.0)).summary
    _within(_d_mph(s.auc), 143.65)


def test_quillivant_fed_adults_label_table_3():
    # Quillivant XR PI 12.3 Table 3, adults after breakfast: Cmax 17.0, AUCinf 163.2, Tmax 4.0 h
    # (the library has no Quillivant food effect: the fasted curve is compared).
    s = _one("quillivant-xr", 60, fed=True, grid=np.arange(0.0, 96.0, 1.0 / 60.0)).summary
    _within(_d_mph(s.cmax), 17.0)
    _within(_d_mph(s.auc), 163.2)
    assert abs(s.tmax_h - 4.0) <= 1.0


@pytest.mark.parametrize("weight,cmax", [
    pytest.param(OLDER_CHILD_KG, 34.4, marks=pytest.mark.xfail(
        strict=True, reason="children 9-12 y had more exposure than weight scaling predicts: "
        "AUC 378 vs model 243 (label CL 4.27 L/h/kg, less per kg than adolescents' 5.06 and "
        "adults' 5.66, where allometry makes smaller people clear more per kg); model Cmax "
        "25.0 (-27%)")),
    (ADOLESCENT_KG, 21.1)])
def test_quillivant_children_and_adolescents_cmax(weight, cmax):
    # Label Table 3 (fed): total MPH measured, l-MPH < 2% of d-MPH.
    _within(_one("quillivant-xr", 60, weight, fed=True).summary.cmax, cmax)


def test_quillivant_children_vs_adolescents_scale_with_weight():
    # Label Table 3: children 34.4 vs adolescents 21.1 (ratio 1.63); t1/2 5.2 and 5.0 h.
    child = _one("quillivant-xr", 60, OLDER_CHILD_KG, fed=True).summary
    teen = _one("quillivant-xr", 60, ADOLESCENT_KG, fed=True).summary
    _within(child.cmax / teen.cmax, 34.4 / 21.1)
    _within(child.terminal_half_life_h, 5.2)
    _within(teen.terminal_half_life_h, 5.0)


@pytest.mark.parametrize("weight,cmax_per_mg_kg,auc_per_mg_kg", [
    (ADOLESCENT_KG, 8.8, 129.4), pytest.param(CHILD_KG, 7.4, 129.7, marks=pytest.mark.xfail(
        strict=True, reason="model Cmax 9.4 per mg/kg vs 7.4 in children (+27%): volume "
        "scaled with weight makes the weight-normalised peak nearly age-independent"))])
def test_jornay_pm_adolescents_and_children_exposure(weight, cmax_per_mg_kg, auc_per_mg_kg):
    s = _one("jornay-pm", 54, weight).summary
    _within(s.cmax / (54 / weight), cmax_per_mg_kg)
    _within(s.auc / (54 / weight), auc_per_mg_kg)


@pytest.mark.xfail(strict=True, reason="release timing is the same at every age in the model "
                   "(15.5-15.8 h); adolescents and children peak later (17.1, 17.7 h), "
                   "plausibly slower colonic transit, which the model does not know")
@pytest.mark.parametrize("weight,tmax", [(ADOLESCENT_KG, 17.1), (CHILD_KG, 17.7)])
def test_jornay_pm_adolescents_and_children_tmax(weight, tmax):
    assert abs(_one("jornay-pm", 54, weight).summary.tmax_h - tmax) <= 1.0


@pytest.mark.parametrize("mg,cmax,auc", [(26.1, 7.1, 97.2), (39.2, 9.8, 142.5),
                                         (52.3, 13.8, 199.8)])
def test_azstarys_three_strengths_braeckman_2022(mg, cmax, auc):
    # Braeckman 2022 (PMID 35666231, abstract), fasted adults: d-MPH Cmax and AUC0-last. The
    # strengths' d-MPH content comes from the same abstract (20/30/40 mg d-MPH HCl
    # equivalent); the conversion rate from the label's t1/2 11.7 h: neither from these.
    grid = np.arange(0.0, 48.0, 1.0 / 60.0)
    s = _one("azstarys", mg, grid=grid).summary
    _within(s.cmax, cmax)
    _within(s.auc, auc)


# --- amphetamines ---------------------------------------------------------------------------

def test_vyvanse_ascending_dose_tmax():
    # J Clin Pharmacol 2010: d-amphetamine median Tmax 4-6 h at 50-250 mg.
    assert 4.0 - 1.0 <= _one("vyvanse", 100).summary.tmax_h <= 6.0 + 1.0


def test_mydayis_food_lowers_cmax():
    # Wang 2019: high-fat vs fasted d-amphetamine Cmax ratio 85.3%.
    fed = _one("mydayis", 50, fed=True).summary.cmax
    _within(fed / _one("mydayis", 50).summary.cmax, 0.853)


# --- non-stimulants -------------------------------------------------------------------------

ADOLESCENTS_CLEARED_MORE = ("adolescents in Boellner 2007 cleared 35% more than the label's "
                            "adults at 2 mg (CL/F 42 vs 31 L/h), while children cleared the same "
                            "as adults; the weight exponent fitted to both (0) predicts the "
                            "children and the 4 mg phase, not the adolescents' 2 mg phase")


@pytest.mark.parametrize("weight,mg,cmax,auc", [
    (CHILD_KG, 2, 4.39, 70.0), (CHILD_KG, 4, None, 162.0),
    (ADOLESCENT_KG, 2, 2.86, None), (ADOLESCENT_KG, 4, 7.01, 117.0),
    pytest.param(ADOLESCENT_KG, 2, None, 48.2,
                 marks=pytest.mark.xfail(strict=True, reason=ADOLESCENTS_CLEARED_MORE)),
])
def test_intuniv_children_and_adolescents_multiple_dose(weight, mg, cmax, auc):
    # Boellner SW et al. Pharmacotherapy 2007;27:1253 (PMID 17723079), repeated 2 and 4 mg
    # daily (also the label's paediatric values). The guanfacine weight exponents were fitted
    # to the same study's single 2 mg dose (test_pk_label_facts), not to these.
    got_cmax, got_auc, tmax = _steady_state("intuniv", mg, weight)
    if cmax is not None:
        _within(got_cmax, cmax)
    if auc is not None:
        _within(got_auc, auc)
    assert abs(tmax - 5.0) <= 1.0  # label: Tmax ~5 h in children and adolescents


@pytest.mark.xfail(strict=True, reason="model 7.1 vs 10.1 ng/mL (-30%) while its AUC0-24 is "
                   "within 21%: the children's peak-to-average ratio (1.5, SD of Cmax 7.1) is "
                   "higher than the model's, as if they absorbed faster, which the model does "
                   "not scale with age")
def test_intuniv_children_4_mg_steady_state_cmax():
    _within(_steady_state("intuniv", 4, CHILD_KG)[0], 10.1)


def test_guanfacine_ir_peak_from_the_intuniv_label_ratio():
    # Intuniv PI 12.3: Intuniv Cmax 60% lower than IR -> IR 1 mg Cmax ~1.0/0.4 = 2.5.
    _within(_one("guanfacine-ir", 1).summary.cmax, 2.5)


@pytest.mark.parametrize("weight,mg,cmax,auc", [
    (CHILD_KG, 100, 1600, 19290), (CHILD_KG, 200, 2830, 34720), (CHILD_KG, 400, 5610, 68000),
    (ADOLESCENT_KG, 200, 2060, None), (ADOLESCENT_KG, 600, 6490, 79970),
])
def test_viloxazine_steady_state(weight, mg, cmax, auc):
    # Nasser 2021 pop-PK steady state (CL/F fitted to adolescents 400 mg only).
    got_cmax, got_auc, _ = _steady_state("viloxazine-er", mg, weight, days=7)
    _within(got_cmax, cmax)
    if auc is not None:
        _within(got_auc, auc)


@pytest.mark.xfail(strict=True, reason="model 6.8-fold: with AUC x10 the poor metabolizer's "
                   "curve is nearly flat at 10x the extensive metabolizer's average, and the "
                   "extensive metabolizer's twice-daily peak is ~2x its average, so the ratio "
                   "is ~6 for any absorption the label allows (Tmax 1-2 h); the label's '~5-fold' "
                   "and '~10-fold' are rounded and one compartment cannot hold both with t1/2 "
                   "21.6 h (docs/model.md)")
def test_atomoxetine_poor_metabolizer_steady_state_cmax():
    # Strattera PI 12.3 (120ty.net mirror): in poor metabolizers AUC ~10-fold and Css,max ~5-fold
    # greater. The phenotyped steady-state data are 40 mg twice daily for 7 days (Clin Pharmacol
    # Ther 2005;77:P27, abstract: PM clearance 10-fold lower, t1/2 24.4 vs 5.23 h), so the ratio
    # is compared twice daily. (Once daily the model gives 4.9-fold, which an earlier test
    # counted as agreement; that is not the label's regimen.)
    days = 7
    grid = np.arange(0.0, 24.0 * days, 1.0 / 60.0)
    doses = [DoseEvent("atomoxetine", 40, float(t)) for t in np.arange(0.0, 24.0 * days, 12.0)]
    last = grid >= 24.0 * (days - 1)
    em, pm = (simulate(LIB, doses, grid, person).analytes[0].concentration[last].max()
              for person in (Person(), Person(cyp2d6="poor")))
    _within(pm / em, 5.0)


def test_atomoxetine_poor_metabolizer_peaks_later_and_fed_state_still_applies():
    grid = np.arange(0.0, 300.0, 1.0 / 60.0)
    pm = Person(cyp2d6="poor")
    fasted = _one("atomoxetine", 40, person=pm, grid=grid).summary
    fed = _one("atomoxetine", 40, fed=True, person=pm, grid=grid).summary
    assert fasted.tmax_h > _one("atomoxetine", 40, grid=grid).summary.tmax_h
    _within(fed.auc, fasted.auc, 0.02)


def test_clonidine_er_against_a_slow_release_shape_proxy():
    # Conway 1992, another slow-release clonidine 0.15 mg: Cmax 0.42, Tmax 8.3 ± 6 h.
    s = _one("clonidine-er", 0.15).summary
    _within(s.cmax, 0.42)
    assert abs(s.tmax_h - 8.3) <= 6.0


# --- clinical onset and duration anchors (pk reference) -------------------------------------

def _onset_and_wear_off(fid, mg):
    curve = _one(fid, mg)
    e = curve.effect
    onset = float(GRID[np.argmax(e >= ONSET_FRACTION * e.max())])
    return onset, curve.wear_off[0].start_h


@pytest.mark.parametrize("fid,mg,onset,duration,tolerance", [
    ("methylphenidate-ir", 10, None, 4.0, 1.0),  # lasts 1-4 h (review 1999)
    ("concerta", 36, 1.0, 12.5, 1.0),  # Armstrong 2012: onset 1 h, >= 12.5 h
    ("adderall-xr", 20, None, 12.0, 1.5),  # label/classroom ~12 h
    ("vyvanse", 50, None, 13.5, 1.0),  # Ermer 2016: >= 13 h children, 14 h adults
    ("mydayis", 25, None, 16.0, 1.0),  # label: up to 16 h
    ("focalin-xr", 20, 1.0, None, 1.0),  # Silva 2006: onset 1 h
    ("azstarys", 52.3, 0.75, None, 1.0),  # Kollins 2021: onset 0.5-1 h
    ("aptensio-xr", 20, 1.0, None, 1.0),  # Childress 2017: onset 1 h
])
def test_clinical_onset_and_duration(fid, mg, onset, duration, tolerance):
    got_onset, got_wear_off = _onset_and_wear_off(fid, mg)
    if onset is not None:
        assert abs(got_onset - onset) <= 1.0
    if duration is not None:
        assert abs(got_wear_off - duration) <= tolerance


@pytest.mark.xfail(strict=True, reason="Focalin XR (10.1 h; Silva 2013: 20 and 30 mg beat "
                   "placebo at every point 3-12 h), Azstarys (9.1 h; Kollins 2021: 1-10 h "
                   "primary, to 13 h post hoc) and Aptensio (10.3 h; Wigal 2014: 1-12 h) reach "
                   "half effect 1.7-3 h before their classroom anchors in a 70 kg adult; no "
                   "effect parameters that keep IR methylphenidate and Concerta right close "
                   "the gap (docs/model.md)")
@pytest.mark.parametrize("fid,mg,duration", [
    ("focalin-xr", 20, 12.0), ("azstarys", 52.3, 11.5), ("aptensio-xr", 20, 12.0)])
def test_long_acting_durations_that_the_model_misses(fid, mg, duration):
    assert abs(_onset_and_wear_off(fid, mg)[1] - duration) <= 1.0


def test_adderall_ir_duration():
    # Clinical 4-6 h; the amphetamine effect model was fitted to Vyvanse, Adderall XR and the
    # 1996 subjective-effect peak, not to this.
    assert _onset_and_wear_off("adderall-ir", 10)[1] <= 6.0 + 1.0
