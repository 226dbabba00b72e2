"""The rebound evidence in plain words: what the Trends view, page 1 of the appointment
summary and ``rebound-tracker analyze`` say about each scale. Qt-free (the command line
imports it). The figures come from ``services.evidence``; the rules are in
docs/evidence.md. Nothing here ever suggests changing when or what a person takes.
"""

from __future__ import annotations

from rebound_tracker.services.evidence import Evidence, ScaleEvidence
from rebound_tracker.stats.rebound_evidence import (
    FEW_BASELINE,
    FEW_DAYS,
    FEW_INSIDE,
    FEW_INSIDE_DAYS,
    MIN_BASELINE,
    MIN_DAYS,
    MIN_INSIDE,
    MIN_INSIDE_DAYS,
    NO_CHECKINS,
    NO_WINDOWS,
    NOT_SEPARABLE,
)

METHOD = ("Each scale's check-ins inside the predicted rebound windows are compared with what "
          "the same person reports at the same clock time and the same predicted effect on "
          "the same day's level (a regression with day effects), with a 95% interval from "
          "resampling whole days.")

CAVEAT = ("The windows are model predictions from population averages, not measurements; a "
          "difference here is an association in this person's own log, not proof of cause, "
          "and not advice to change anything.")

NOT_SEPARABLE_WHY = (
    "The predicted rebound windows fall at almost the same clock times every day in this "
    "period, so a rebound cannot be told apart from the time of day. No claim is made.")


def _points(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def interval_text(s: ScaleEvidence) -> str:
    interval = s.estimate.interval()
    if interval is None:
        return "–"
    effect, low, high = interval
    return f"{_points(effect)} [{_points(low)}, {_points(high)}]"


def counts_text(s: ScaleEvidence) -> str:
    e = s.estimate
    return (f"{e.n_inside} check-ins inside the windows, {e.n_baseline} outside, "
            f"over {e.n_days} days")


def _checkins(n: int) -> str:
    return f"{n} check-in falls" if n == 1 else f"{n} check-ins fall"


def _days(n: int) -> str:
    return f"{n} day has" if n == 1 else f"{n} days have"


def _not_enough(s: ScaleEvidence) -> str:
    e, name = s.estimate, s.scale.capitalize()
    why = {
        NO_CHECKINS: f"no {s.scale} check-ins were logged in this period",
        NO_WINDOWS: "no check-in falls inside a predicted rebound window in this period",
        NOT_SEPARABLE: None,
        FEW_INSIDE: f"{_checkins(e.n_inside)} inside predicted rebound windows and at "
                    f"least {MIN_INSIDE} are needed",
        FEW_BASELINE: f"{_checkins(e.n_baseline)} outside the windows and at least "
                      f"{MIN_BASELINE} are needed for a same-clock-time baseline",
        FEW_DAYS: f"{_days(e.n_days)} two or more check-ins and at least {MIN_DAYS} are "
                  "needed, because check-ins from the same day move together",
        FEW_INSIDE_DAYS: f"only {_days(e.n_inside_days)} a check-in inside a window and at "
                         f"least {MIN_INSIDE_DAYS} are needed",
    }[e.reason or NOT_SEPARABLE]  # (a missing estimate always has its reason)
    if why is None:
        return f"{name}: not enough data. {NOT_SEPARABLE_WHY}"
    return f"{name}: not enough data to say — {why}. No claim is made."


def statement(s: ScaleEvidence) -> str:
    """One scale's finding in plain language, with its figures."""
    interval = s.estimate.interval()
    if interval is None:  # (the verdict is "not enough data")
        return _not_enough(s)
    effect, low, high = interval
    name = s.scale.capitalize()
    direction = "higher" if effect > 0 else "lower"
    head = (f"{name} inside predicted rebound windows averaged {abs(effect):.1f} points "
            f"{direction} than this person's usual at the same clock times (95% interval "
            f"{_points(low)} to {_points(high)}; {counts_text(s)})")
    if s.verdict == "no clear difference":
        return f"{head}: no clear difference either way."
    return (f"{head}: {s.verdict} for {s.scale}, by more than chance alone would usually "
            "give.")


def summary_lines(evidence: Evidence, scales: tuple[str, ...] | None = None) -> list[str]:
    """The statements for ``scales`` (default all), the period-level caveats first."""
    lines = []
    if evidence.windows == 0:
        lines.append("No predicted rebound windows in this period (no doses logged, or none "
                     "whose effect falls steeply), so there is nothing to compare.")
    lines += [statement(s) for s in evidence.scales if scales is None or s.scale in scales]
    return lines


def evidence_json(evidence: Evidence) -> dict:
    """The ``analyze --json`` object of the README."""
    def number(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    return {
        "period": {"from": evidence.first_day.isoformat(),
                   "to": evidence.last_day.isoformat()},
        "method": METHOD,
        "separable": evidence.separable,
        "scales": [{"scale": s.scale, "n_inside": s.estimate.n_inside,
                    "n_baseline": s.estimate.n_baseline, "n_days": s.estimate.n_days,
                    "effect": number(s.estimate.effect), "low": number(s.estimate.low),
                    "high": number(s.estimate.high), "verdict": s.verdict,
                    "statement": statement(s)} for s in evidence.scales],
    }
