"""Personal timing: the person-level parameters a calibration fits, their population values
and priors, and the results a calibration hands to the window, the CLI and the PDF.

Stdlib only. The numbers behind the priors are explained, with their sources, in
docs/calibration.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time

from rebound_tracker.domain.errors import ValidationError


@dataclass(frozen=True)
class ParameterDefinition:
    """One personal parameter. ``population`` is today's model (the value every curve used
    before calibration). ``log``: the prior is log-normal around ``population`` with
    ``prior_sd`` on the log scale (a multiplier); otherwise normal with ``prior_sd`` in
    ``unit`` (a shift or size whose population value is 0). ``cap``: the largest change one
    accepted step makes (a factor for log parameters, else in ``unit``), as Autotune caps
    its steps. ``bounds``: values the model accepts at all. ``learned``: whether the
    check-in model depends on it at all; one it does not (the wear-off threshold) keeps its
    population value in every fit and is shown without an interval of its own (its prior's
    spread still widens the wear-off start's interval: the person's threshold is unknown)."""

    name: str
    label: str
    unit: str
    population: float
    prior_sd: float
    log: bool
    cap: float
    bounds: tuple[float, float]
    what: str
    learned: bool = True

    def to_free(self, value: float) -> float:
        """The optimiser's coordinate (log scale for log parameters)."""
        return math.log(value) if self.log else value

    def from_free(self, free: float) -> float:
        return math.exp(free) if self.log else free

    def capped_step(self, current: float, suggested: float) -> float:
        """``suggested``, moved no further than one capped step from ``current``."""
        if self.log:
            lo, hi = current / self.cap, current * self.cap
        else:
            lo, hi = current - self.cap, current + self.cap
        return min(max(suggested, lo), hi)


PARAMETERS: tuple[ParameterDefinition, ...] = (
    ParameterDefinition(
        "time_scale", "Effect time-scale", "×", 1.0, 0.20, True, 1.2, (0.5, 2.0),
        "Stretches the predicted effect of each dose in time: above 1 it lasts longer "
        "(later wear-off), below 1 shorter."),
    ParameterDefinition(
        "effect_delay_h", "Effect-site delay", "h", 0.0, 0.5, False, 0.5, (-3.0, 3.0),
        "Moves the predicted effect of each dose later (positive) or earlier (negative)."),
    ParameterDefinition(
        "wear_off_fraction", "Wear-off threshold", "of peak", 0.5, 0.15, True, 1.2,
        (0.3, 0.8),
        "Wearing off starts when the effect falls below this share of its peak. Not learned "
        "from check-ins (the check-in model has no wear-off term): the population value.",
        learned=False),
    ParameterDefinition(
        "rebound_size", "Rebound size", "points", 0.0, 1.0, False, 1.0, (-5.0, 5.0),
        "How much worse (positive) check-ins are inside the rebound window than the same "
        "clock time without one, in 0–10 scale points."),
    ParameterDefinition(
        "rebound_lag_h", "Rebound lag", "h", 0.0, 0.5, False, 0.5, (-3.0, 3.0),
        "Moves the predicted rebound window later (positive) or earlier (negative)."),
)
NOT_LEARNED = "not learned from check-ins: the population value"
"""What every view says, in place of an interval, of a parameter that is not ``learned``."""
PARAMETER_NAMES = tuple(p.name for p in PARAMETERS)
BY_NAME = {p.name: p for p in PARAMETERS}


@dataclass(frozen=True)
class PersonalTiming:
    """One drug family's personal parameters (see PARAMETERS; population values are the
    defaults, so ``PersonalTiming(family)`` predicts exactly the population curves)."""

    family: str
    time_scale: float = 1.0
    effect_delay_h: float = 0.0
    wear_off_fraction: float = 0.5
    rebound_size: float = 0.0
    rebound_lag_h: float = 0.0

    def __post_init__(self) -> None:
        for p in PARAMETERS:
            value = getattr(self, p.name)
            lo, hi = p.bounds
            if not isinstance(value, int | float) or not math.isfinite(value) or not (
                    lo <= value <= hi):
                raise ValidationError(p.name, value, f"a number from {lo:g} to {hi:g}")

    def values(self) -> dict[str, float]:
        return {p.name: float(getattr(self, p.name)) for p in PARAMETERS}

    @property
    def is_population(self) -> bool:
        return all(math.isclose(getattr(self, p.name), p.population, abs_tol=1e-12)
                   for p in PARAMETERS)


def population_timing(family: str) -> PersonalTiming:
    return PersonalTiming(family)


# --- what a calibration returns ------------------------------------------------------------
FITTED = "fitted"
NOT_ENOUGH_DATA = "not enough data"
NO_BETTER = "no better than population"
STATUSES = (FITTED, NOT_ENOUGH_DATA, NO_BETTER)


@dataclass(frozen=True)
class UsualDose:
    """The person's usual morning dose in the period (read from the log): medication id,
    label mg, local clock time."""

    medication: str
    mg: float
    time: time


@dataclass(frozen=True)
class ParameterEstimate:
    """One parameter: population value, the currently accepted value (population when
    none), the personal (fitted, MAP) value and its 95% interval [low, high]; personal,
    low and high are None when there is no fit, and low and high when the parameter is
    not learned from check-ins (``learned`` False: personal is then the population value)."""

    name: str
    label: str
    unit: str
    population: float
    current: float
    personal: float | None
    low: float | None
    high: float | None
    learned: bool = True


@dataclass(frozen=True)
class HoursEstimate:
    """Hours after the usual morning dose at which the wear-off window starts: with the
    population timing, the personal (fitted) one and its 95% interval, and the timing in
    force now (``current``; the population's when none is accepted)."""

    population: float | None
    personal: float | None
    low: float | None
    high: float | None
    current: float | None = None


@dataclass(frozen=True)
class HeldOut:
    """The newest ``weeks`` of the period, kept out of the fit and scored: root mean square
    error (scale points, within-day) of their check-ins predicted with population and with
    personal parameters, over ``checkins`` check-ins."""

    weeks: int
    checkins: int
    error_population: float | None
    error_personal: float | None


@dataclass(frozen=True)
class CalibrationResult:
    """A calibration of one drug family over ``first_day``..``last_day``.

    ``status``: FITTED (a suggestion is offered: ``suggested`` holds it), NOT_ENOUGH_DATA
    (``missing`` lists what is missing, nothing numeric is offered) or NO_BETTER (fitted,
    but it does not predict the held-out weeks better or does not differ from the
    population: no suggestion). ``reason`` is one plain sentence for every status.
    ``covariance``: the Laplace covariance of the free coordinates (PARAMETERS order),
    used for the uncertainty band. ``fitted_at``: when the fit ran (aware)."""

    status: str
    family: str | None
    medication: str | None
    usual_dose: UsualDose | None
    first_day: date
    last_day: date
    checkins: int
    parameters: tuple[ParameterEstimate, ...]
    wear_off_start_h: HoursEstimate
    validation: HeldOut
    reason: str
    missing: tuple[str, ...] = ()
    suggested: PersonalTiming | None = None
    covariance: tuple[tuple[float, ...], ...] | None = None
    fitted_at: datetime | None = None

    @property
    def offered(self) -> bool:
        return self.status == FITTED and self.suggested is not None


ACCEPTED = "accepted"
REVERTED = "reverted"


@dataclass(frozen=True)
class AcceptedCalibration:
    """A row of the calibration history: ``kind`` ACCEPTED (``timing`` is what was stored,
    after the capped step) or REVERTED (``timing`` is the population). ``checkins`` and the
    period say what it was fitted on (REVERTED: zero and the day of the revert)."""

    id: str
    at: datetime
    kind: str
    timing: PersonalTiming
    medication: str | None
    checkins: int
    first_day: date
    last_day: date
    error_population: float | None = None
    error_personal: float | None = None
    covariance: tuple[tuple[float, ...], ...] | None = None
    capped: tuple[str, ...] = field(default=())
    """Parameter names whose accepted value was held back by the step cap."""


@dataclass(frozen=True)
class ObservedPoint:
    """A check-in for the calibration plot: hours since that day's morning dose, the scale
    and its value (0–10)."""

    hours_since_dose: float
    scale: str
    value: float


@dataclass(frozen=True)
class CalibrationPlot:
    """Observed check-ins and the population and personal predictions of one scale, by hours
    since the usual morning dose. ``population`` and ``personal`` are what the fitted scale
    model expects on a typical day (scale points) at ``hours``; ``personal`` is None when
    there is no fit. ``wear_off_population_h`` / ``wear_off_personal_h``: the wear-off start
    lines."""

    scale: str
    hours: tuple[float, ...]
    population: tuple[float, ...]
    personal: tuple[float, ...] | None
    observed: tuple[ObservedPoint, ...]
    wear_off_population_h: float | None
    wear_off_personal_h: float | None
