"""A calibration from check-in arrays: enough data?, fit on all but the newest weeks, score
the held-out weeks with population and personal timing, refit on everything, and decide
whether a change is offered (see docs/calibration.md).

Plain arrays and two callables in (the caller wraps the model); a domain
``CalibrationResult`` out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from rebound_tracker.domain.calibration import (
    FITTED,
    NO_BETTER,
    NOT_ENOUGH_DATA,
    PARAMETERS,
    CalibrationResult,
    HeldOut,
    HoursEstimate,
    ParameterEstimate,
    PersonalTiming,
    UsualDose,
)
from rebound_tracker.stats.calibration_fit import (
    PRIOR_MEAN,
    Checkins,
    Curve,
    MapFit,
    Objective,
    fit_map,
    held_out_error,
)

MIN_DAYS = 28
"""Days with at least two check-ins needed (four weeks: three to fit, one held out)."""
MIN_CHECKINS = 100
"""Check-ins needed in all."""
MIN_DOSED_DAYS = 21
"""Days with a dose of the calibrated medication's family and at least two check-ins."""
HELD_OUT_SHARE = 0.25
HELD_OUT_WEEKS = (1, 4)
"""The newest quarter of the weeks is held out, at least one week and at most four."""
LEVEL = 0.95
"""Level of the change test and of the intervals."""
N_DRAWS = 100
SEED = 13
"""Draws from the Laplace posterior for the wear-off interval (fixed seed: the same log
always gives the same interval)."""

Progress = Callable[[float, str], None]
WearOff = Callable[[float, float, float], float | None]
"""(time-scale, delay, threshold) → hours after the usual morning dose the wear-off starts."""


@dataclass(frozen=True)
class Context:
    """What the caller knows about the period besides the check-ins."""

    family: str | None
    medication: str | None
    usual_dose: UsualDose | None
    first_day: date
    last_day: date
    dosed_days: int
    current: PersonalTiming | None
    fitted_at: datetime | None = None
    unsuitable: str | None = None
    """Why this medication cannot be calibrated at all (e.g. no daily windows), or None."""


def _counts(data: Checkins) -> tuple[int, int]:
    _days, per_day = np.unique(data.day, return_counts=True)
    return int(data.t_h.size), int((per_day >= 2).sum())


def missing(data: Checkins, ctx: Context) -> list[str]:
    """What the log lacks for a calibration, one phrase each (empty: enough)."""
    if ctx.unsuitable:
        return [ctx.unsuitable]
    out = []
    if ctx.usual_dose is None:
        out.append("a usual morning dose: one medication logged on most days of the period")
    n, days = _counts(data)
    if days < MIN_DAYS:
        out.append(f"at least {MIN_DAYS} days with two or more check-ins (this period has "
                   f"{days})")
    if n < MIN_CHECKINS:
        out.append(f"at least {MIN_CHECKINS} check-ins (this period has {n})")
    if ctx.dosed_days < MIN_DOSED_DAYS:
        out.append(f"at least {MIN_DOSED_DAYS} days with a dose and two or more check-ins "
                   f"(this period has {ctx.dosed_days})")
    return out


def held_out_weeks(data: Checkins) -> int:
    span_days = int(data.day.max() - data.day.min()) + 1 if data.day.size else 0
    lo, hi = HELD_OUT_WEEKS
    return int(min(max(round(span_days / 7 * HELD_OUT_SHARE), lo), hi))


def _estimates(ctx: Context, fit: MapFit | None) -> tuple[ParameterEstimate, ...]:
    current = ctx.current.values() if ctx.current else {}
    values = fit.values() if fit else {}
    intervals = fit.interval() if fit else {}
    out = []
    for p in PARAMETERS:
        bounds = intervals.get(p.name) if p.learned and intervals else None
        low, high = bounds if bounds is not None else (None, None)
        out.append(ParameterEstimate(p.name, p.label, p.unit, p.population,
                                     current.get(p.name, p.population), values.get(p.name),
                                     low, high, learned=p.learned))
    return tuple(out)


def _wear_off(fit: MapFit, wear_off: WearOff, current: PersonalTiming | None
              ) -> HoursEstimate:
    population = wear_off(*(p.population for p in PARAMETERS[:3]))
    now = population if current is None else wear_off(
        current.time_scale, current.effect_delay_h, current.wear_off_fraction)
    values = fit.values()
    personal = wear_off(values["time_scale"], values["effect_delay_h"],
                        values["wear_off_fraction"])
    draws = np.random.default_rng(SEED).multivariate_normal(fit.free, fit.covariance,
                                                            size=N_DRAWS)
    hours = []
    for x in draws:
        v = [p.from_free(float(x[i])) for i, p in enumerate(PARAMETERS[:3])]
        v = [min(max(val, p.bounds[0]), p.bounds[1]) for val, p in zip(v, PARAMETERS[:3],
                                                                          strict=True)]
        h = wear_off(*v)
        if h is not None:
            hours.append(h)
    if personal is None or len(hours) < N_DRAWS // 2:
        return HoursEstimate(population, personal, None, None, now)
    low, high = np.percentile(hours, [100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2])
    return HoursEstimate(population, personal, float(min(low, personal)),
                         float(max(high, personal)), now)


def differs(wear: HoursEstimate) -> bool:
    """Whether the fit tells this person apart from the population where every view looks:
    the 95% interval of the usual day's wear-off start excludes the population's. One test
    of one shown time: a shift inside the uncertainty, a rebound size (which moves no
    curve) or a rebound lag alone offers nothing (the lag's curvature interval was too
    narrow to test on when this rule was set: docs/calibration.md, Limits)."""
    if wear.low is None or wear.high is None or wear.population is None:
        return False
    return not wear.low <= wear.population <= wear.high


def _result(status: str, data: Checkins, ctx: Context, reason: str, *,
            fit: MapFit | None = None, wear: HoursEstimate | None = None,
            held: HeldOut | None = None, gaps: tuple[str, ...] = (),
            offer: bool = False) -> CalibrationResult:
    suggested = None
    if offer and fit is not None and ctx.family is not None:
        suggested = PersonalTiming(ctx.family, **{
            p.name: min(max(v, p.bounds[0]), p.bounds[1])
            for p, v in zip(PARAMETERS, fit.values().values(), strict=True)})
    return CalibrationResult(
        status, ctx.family, ctx.medication, ctx.usual_dose, ctx.first_day, ctx.last_day,
        int(data.t_h.size), _estimates(ctx, fit),
        wear or HoursEstimate(None, None, None, None),
        held or HeldOut(0, 0, None, None), reason, gaps, suggested,
        tuple(tuple(float(x) for x in row) for row in fit.covariance) if fit else None,
        ctx.fitted_at)


def calibrate_checkins(data: Checkins, curve: Curve, wear_off: WearOff, ctx: Context,
                       progress: Progress | None = None) -> CalibrationResult:
    """The calibration of ``data`` (see the module docstring)."""
    report = progress or (lambda _f, _s: None)
    gaps = missing(data, ctx)
    if gaps:
        return _result(NOT_ENOUGH_DATA, data, ctx,
                       "Not enough data for a personal calibration: " + "; ".join(gaps) + ".",
                       gaps=tuple(gaps))
    weeks = held_out_weeks(data)
    test = data.day > data.day.max() - 7 * weeks
    train = ~test
    report(0.05, "fitting the weeks before the newest")
    cache: dict = {}
    training = Objective(data, curve, train, cache)
    first = fit_map(training, with_covariance=False)
    report(0.45, "scoring the held-out weeks")
    err_pop, _answers = held_out_error(training, train, test, PRIOR_MEAN)
    err_personal, _ = held_out_error(training, train, test, first.free)
    held = HeldOut(weeks, int(test.sum()), err_pop, err_personal)
    report(0.55, "fitting every week")
    fit = fit_map(Objective(data, curve, train | test, cache), start=first.free)
    report(0.9, "estimating the wear-off time")
    wear = _wear_off(fit, wear_off, ctx.current)
    better = math.isfinite(err_personal) and err_personal < err_pop
    report(1.0, "done")
    if better and differs(wear):
        return _result(FITTED, data, ctx, _fitted_reason(wear, held), fit=fit, wear=wear,
                       held=held, offer=True)
    why = ("it does not predict the held-out weeks better than the population timing"
           if not better else
           "your check-ins are consistent with the population timing")
    return _result(NO_BETTER, data, ctx, f"No change offered: {why} "
                   f"(held-out error {err_personal:.3f} personal vs {err_pop:.3f} "
                   "population points).", fit=fit, wear=wear, held=held)


def _fitted_reason(wear: HoursEstimate, held: HeldOut) -> str:
    timing = ""
    if wear.personal is not None and wear.population is not None:
        timing = (f"wear-off starts about {wear.personal:.1f} h after the morning dose "
                  f"(population {wear.population:.1f} h); ")
    return (f"Personal timing fits your check-ins better: {timing}held-out error "
            f"{held.error_personal:.3f} vs {held.error_population:.3f} points over the "
            f"newest {held.weeks} week{'s' if held.weeks != 1 else ''}.")
