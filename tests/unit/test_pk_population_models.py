"""The published population models in validation/ are transcribed right, and our curves stay
as close to them as docs/model.md says (validation/compare_population_models.py prints the
full table)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


def _load(name):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, VALIDATION / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


pm = _load("population_models")
cmp = _load("compare_population_models")
GRID = np.arange(0.0, 200.0, 0.01)


def _auc(c):
    return float(np.sum(c) * 0.01)


def test_lyauk_mass_balance_and_peak():
    # nlmixr2lib vignette: CL/F x AUCinf = dose x 1.028 (Stirling's 3!), transit peak at
    # n/ktr = 0.379 h, t1/2 beta ~3.3 h.
    c = pm.regimen_curve(pm.lyauk_2016_d_mph(), [(0.0, 10.0)], GRID)
    assert 233.0 * _auc(c) / 1000.0 == pytest.approx(10.0 * 1.028065, rel=2e-3)
    tail = GRID >= 24.0
    slope = np.polyfit(GRID[tail], np.log(c[tail]), 1)[0]
    assert math.log(2) / -slope == pytest.approx(3.3, abs=0.2)


def test_li_guanfacine_reproduces_its_summary():
    # nlmixr2lib: Tmax 5.6 h, terminal t1/2 15.7 h, CL/F 37.8 L/h.
    c = pm.regimen_curve(pm.li_2018_guanfacine_er(), [(0.0, 4.0)], GRID)
    assert GRID[np.argmax(c)] == pytest.approx(5.6, abs=0.1)
    assert 4000.0 / _auc(c) == pytest.approx(37.8, rel=0.02)


@pytest.mark.parametrize("phenotype,cl", [("normal", 39.03), ("poor", 39.03 / 3.02 * 0.19)])
def test_tobin_atomoxetine_clearance(phenotype, cl):
    c = pm.regimen_curve(pm.tobin_2026_atomoxetine(70.0, phenotype), [(0.0, 10.0)],
                         np.arange(0.0, 400.0, 0.01))
    assert 10000.0 / _auc(c) == pytest.approx(cl, rel=0.02)


def test_nasser_and_teuscher_mass_balance():
    c = pm.regimen_curve(pm.nasser_2021_viloxazine(36.35), [(0.0, 100.0)],
                         np.arange(0.0, 400.0, 0.01))
    assert 100.0 / (_auc(c) / 1000.0) == pytest.approx(0.87 + 4.72, rel=0.02)
    c = pm.regimen_curve(pm.teuscher_2015_aptensio(30.0), [(0.0, 20.0)], GRID)
    assert 20000.0 / _auc(c) == pytest.approx(1.3 * 30.0**1.53, rel=0.02)


def _case(slug):
    return cmp.compare(next(c for c in cmp.CASES if c.slug == slug))


@pytest.mark.parametrize("slug", ["li2018_intuniv4", "nasser2021_viloxazine400_ss",
                                  "nasser2021_viloxazine200_ss", "teuscher2015_aptensio20_30kg"])
def test_matched_models_within_the_goal(slug):
    c = _case(slug)
    assert c.median_error <= cmp.GOAL


def test_lyauk_differs_in_amount_not_in_time_course():
    # Lyauk's typical adult has ~1.7 times the label's d-MPH exposure (docs/model.md); the time
    # course, scaled to equal AUC, agrees within 10% of the peak.
    c = _case("lyauk2016_ritalin10")
    assert c.shape_error <= 0.10
    assert 1.6 < c.theirs.sum() / c.ours.sum() < 1.9
