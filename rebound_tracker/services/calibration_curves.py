"""The model curves a calibration fits: the predicted effect at each check-in and the
rebound windows for a candidate timing, and the wear-off start of the usual day.

These wrap ``pk.model.simulate`` so that ``stats.calibration_fit`` stays plain arrays (pk and
stats are independent layers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from rebound_tracker.domain.calibration import PersonalTiming
from rebound_tracker.pk.library import MedicationLibrary
from rebound_tracker.pk.model import DoseEvent, Person, simulate
from rebound_tracker.pk.personal import stretched_doses, stretched_grid
from rebound_tracker.pk.windows import find_windows

FIT_STEP_H = 5.0 / 60.0
"""Grid step of the fit's simulations (h): fine against the check-ins' spread, and a year
simulates in a few milliseconds."""
DAY_STEP_H = 2.0 / 60.0


def timing_person(base: Person, family: str, time_scale: float, delay_h: float,
                  wear_off_fraction: float, lag_h: float = 0.0) -> Person:
    """``base`` with the candidate timing for ``family`` (values clipped to their bounds)."""
    timing = PersonalTiming(family, time_scale=min(max(time_scale, 0.5), 2.0),
                            effect_delay_h=min(max(delay_h, -3.0), 3.0),
                            wear_off_fraction=min(max(wear_off_fraction, 0.3), 0.8),
                            rebound_lag_h=min(max(lag_h, -3.0), 3.0))
    others = tuple(t for t in base.timing if t.family != family)
    return replace(base, timing=(*others, timing))


class CheckinCurves:
    """(time-scale, delay, threshold) → (effect at each check-in, rebound window starts,
    ends), all in hours from the doses' origin, for the doses logged in the period."""

    def __init__(self, library: MedicationLibrary, doses: Sequence[DoseEvent],
                 checkin_h: np.ndarray, family: str, base: Person | None = None) -> None:
        self._library = library
        self._doses = tuple(doses)
        self._at = np.asarray(checkin_h, dtype=float)
        self._family = family
        self._base = (base or Person()).population()
        first = min(min(d.t_h for d in self._doses), float(self._at.min(initial=0.0)))
        last = max(max(d.t_h for d in self._doses), float(self._at.max(initial=0.0)))
        self._grid = np.arange(first - 6.0, last + 30.0, FIT_STEP_H)

    def __call__(self, time_scale: float, delay_h: float, wear_off_fraction: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        timing = timing_person(self._base, self._family, time_scale, delay_h,
                               wear_off_fraction).timing_for(self._family)
        curves = personal_effects(self._library, self._doses, self._grid, self._base,
                                  self._family, timing)
        total = np.sum([effect for _name, effect, _daily in curves], axis=0)
        effect = np.interp(self._at, self._grid, total, left=0.0, right=0.0)
        fraction = timing.wear_off_fraction if timing else 0.5
        windows = sorted((w.start_h, w.end_h) for _name, e, daily in curves if daily
                         for w in find_windows(self._grid, e, fraction)[1])
        merged: list[list[float]] = []
        for start, end in windows:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        arr = np.asarray(merged, dtype=float).reshape(-1, 2)
        return effect, arr[:, 0], arr[:, 1]


def personal_effects(library: MedicationLibrary, doses: Sequence[DoseEvent],
                     grid: np.ndarray, base: Person, family: str,
                     timing: PersonalTiming | None) -> list[tuple[str, np.ndarray, bool]]:
    """(analyte, effect on ``grid``, whether it has daily windows) per analyte, the
    analytes of ``family`` with ``timing``: one population run per group on the grid
    stretched by ``pk.personal`` (the fit needs no concentration, so it skips the second
    run ``simulate`` makes for a personal person)."""
    families = {fid: library.family(library.analyte(library.resolve(fid).analyte).family)
                .name for fid in {d.formulation_id for d in doses}}
    own = [d for d in doses if families[d.formulation_id] == family]
    others = [d for d in doses if families[d.formulation_id] != family]
    out = []
    dt = float(grid[1] - grid[0])
    for group, t in ((own, timing), (others, None)):
        if not group:
            continue
        if t is None:
            result = simulate(library, group, grid, base, windows=False)
        else:
            u0, du = stretched_grid(float(grid[0]), dt, t)
            u = u0 + du * np.arange(grid.size)
            result = simulate(library, stretched_doses(group, t), u, base, windows=False)
        for c in result.analytes:
            daily = library.family(library.analyte(c.analyte).family).daily_windows
            out.append((c.analyte, c.effect, daily))
    return out


class UsualDay:
    """The usual day's regimen (doses in hours after midnight, the morning dose first):
    the hours after the morning dose at which the day's wear-off starts, i.e. the start of
    the day's last wear-off window (with two doses a day, the afternoon wear-off; a dip
    between the doses does not count, so the figure does not jump when a small change
    lets the first dose fade below the threshold before the second lifts it)."""

    def __init__(self, library: MedicationLibrary, doses: Sequence[DoseEvent], family: str,
                 base: Person | None = None) -> None:
        self._library = library
        self._doses = tuple(sorted(doses, key=lambda d: d.t_h))
        self._family = family
        self._base = (base or Person()).population()
        self._morning = self._doses[0].t_h
        self.t_h = np.arange(0.0, 36.0, DAY_STEP_H)

    def simulate(self, time_scale: float = 1.0, delay_h: float = 0.0,
                 wear_off_fraction: float = 0.5, lag_h: float = 0.0):
        person = timing_person(self._base, self._family, time_scale, delay_h,
                               wear_off_fraction, lag_h)
        return simulate(self._library, self._doses, self.t_h, person)

    def wear_off_start_h(self, time_scale: float = 1.0, delay_h: float = 0.0,
                         wear_off_fraction: float = 0.5) -> float | None:
        timing = timing_person(self._base, self._family, time_scale, delay_h,
                               wear_off_fraction).timing_for(self._family)
        curves = personal_effects(self._library, self._doses, self.t_h, self._base,
                                  self._family, timing)
        fraction = timing.wear_off_fraction if timing else 0.5
        starts = [w.start_h for _name, e, daily in curves if daily
                  for w in find_windows(self.t_h, e, fraction)[0]
                  if self._morning < w.start_h < self._morning + 24.0]
        return max(starts) - self._morning if starts else None
