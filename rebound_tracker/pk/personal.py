"""A person's own timing (``domain.calibration.PersonalTiming``) applied to the model.

The personal effect of every dose is the population effect stretched in time by
``time_scale`` and moved by ``effect_delay_h``:

    E_person(t) = Σ_i h((t − t_i − delay) / scale)

for the population's single-dose response h. The model is time-invariant and every rate in
it would scale alike, so this is exactly the population model evaluated on the grid
u = t / scale with the doses at u_i = (t_i + delay) / scale: no new kinetics, the same
superposition and tolerance. The wear-off threshold replaces ``WEAR_OFF_FRACTION`` and the
rebound windows move by ``rebound_lag_h``. The plasma concentration stays the population's
(it is what the labels measured).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np

from rebound_tracker.domain.calibration import PersonalTiming
from rebound_tracker.pk import windows as win
from rebound_tracker.pk.windows import Window


class _Dose(Protocol):
    """What a dose (``model.DoseEvent``) offers: read-only fields and its constructor."""

    @property
    def formulation_id(self) -> str: ...
    @property
    def mg(self) -> float: ...
    @property
    def t_h(self) -> float: ...
    @property
    def fed(self) -> bool: ...

    def __init__(self, formulation_id: str, mg: float, t_h: float, fed: bool = ...
                 ) -> None: ...


D = TypeVar("D", bound=_Dose)


def stretched_doses(doses: Sequence[D], timing: PersonalTiming) -> list[D]:
    """The doses (``model.DoseEvent``) moved to the stretched time axis u (see above)."""
    scale, delay = timing.time_scale, timing.effect_delay_h
    return [type(d)(d.formulation_id, d.mg, (d.t_h + delay) / scale, d.fed) for d in doses]


def stretched_grid(t0: float, dt: float, timing: PersonalTiming) -> tuple[float, float]:
    """Start and step (h) of the grid t/scale on which the population model is evaluated."""
    return t0 / timing.time_scale, dt / timing.time_scale


def personal_windows(t_h: np.ndarray, effect: np.ndarray, timing: PersonalTiming
                     ) -> tuple[tuple[Window, ...], tuple[Window, ...]]:
    """Wear-off and rebound windows of a personal effect curve on the grid ``t_h`` (h):
    the person's threshold, and rebound windows moved by the lag (kept on the grid; a
    wear-off window a moved rebound window now overlaps ends where the rebound starts)."""
    wear_off, rebound = win.find_windows(t_h, effect, timing.wear_off_fraction)
    lag = timing.rebound_lag_h
    if lag == 0.0 or not rebound:
        return wear_off, rebound
    first, last = float(t_h[0]), float(t_h[-1])
    moved = tuple(Window(min(max(w.start_h + lag, first), last),
                         min(max(w.end_h + lag, first), last), w.severity) for w in rebound)
    moved = tuple(w for w in moved if w.end_h > w.start_h)
    trimmed = []
    for w in wear_off:
        end = w.end_h
        for r in moved:
            if r.start_h < end and r.end_h > w.start_h:
                end = min(end, r.start_h)
        if end > w.start_h:
            trimmed.append(Window(w.start_h, end, w.severity))
    return tuple(trimmed), moved


def timing_sentence(timing: PersonalTiming) -> str:
    """The assumption line naming the personal values in force for one family."""
    return (f"{timing.family}: personal timing, effect time-scale ×{timing.time_scale:.2f}, "
            f"delay {timing.effect_delay_h:+.2f} h, wear-off below "
            f"{timing.wear_off_fraction:.0%} of the peak, rebound window moved "
            f"{timing.rebound_lag_h:+.2f} h; the concentration curve stays the population's.")
