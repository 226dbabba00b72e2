"""Predicted curves are smooth: no corner anywhere the curve has already risen.

A corner is a jump in the slope. On a fine grid a corner shows as a slope change between two
neighbouring steps that does not shrink with the step; a smooth curve's change is |C''|·dt.
Every built-in product is dosed once at its lowest label strength and checked over 36 h:
once the curve is above 2 % of its peak, the slope may not change by more than 5 % of the
peak per hour from one 7.2 s step to the next. (Where a curve leaves zero after a lag it
may start with a finite slope: that is at its baseline, not a corner in the curve.)
"""

from __future__ import annotations

import numpy as np
import pytest

from rebound_tracker.pk.library import load_library
from rebound_tracker.pk.model import DoseEvent, simulate

LIB = load_library()
STEP_H = 0.002
GRID = np.arange(0.0, 36.0, STEP_H)
RISEN = 0.02
MAX_SLOPE_JUMP = 0.05


def corners(concentration: np.ndarray, grid: np.ndarray) -> list[tuple[float, float]]:
    """(time h, slope jump as a fraction of Cmax per hour) where the curve has risen."""
    slope = np.diff(concentration) / (grid[1] - grid[0])
    jump = np.abs(np.diff(slope))
    peak = concentration.max()
    risen = concentration[:-2] > RISEN * peak
    bad = np.flatnonzero(risen & (jump > MAX_SLOPE_JUMP * peak))
    return [(float(grid[i + 1]), float(jump[i] / peak)) for i in bad]


@pytest.mark.parametrize("fid", [f.id for f in LIB.formulations])
def test_built_in_curves_have_no_corners(fid):
    f = LIB.get(fid)
    curve = simulate(LIB, [DoseEvent(fid, f.label_min.value, 0.0)], GRID).analytes[0]
    assert corners(curve.concentration, GRID) == []


def test_the_check_finds_a_corner():
    # A pulse released straight into plasma mid-curve (the old Concerta core) is a corner.
    t = GRID
    kinked = np.minimum(t, 5.0) + 0.1 * t
    assert [round(c[0], 3) for c in corners(kinked, t)] == [5.0]
    smooth = 1.0 - np.exp(-t)
    assert corners(smooth, t) == []


@pytest.mark.parametrize("fid,mg", [("concerta", 36), ("vyvanse", 50), ("jornay-pm", 54),
                                    ("ritalin-la", 20), ("adderall-xr", 20)])
def test_effect_curves_are_smooth_too(fid, mg):
    curve = simulate(LIB, [DoseEvent(fid, mg, 0.0)], GRID).analytes[0]
    assert corners(curve.effect, GRID) == []
