"""What the Calibration window and the appointment PDF say of a calibration, as plain
strings (no widgets): the parameter table's rows, the held-out comparison, the history rows
and the statement of what calibration is not — one wording for both."""

from __future__ import annotations

from collections.abc import Callable

from rebound_tracker.domain.calibration import (
    BY_NAME,
    NOT_LEARNED,
    PARAMETERS,
    REVERTED,
    AcceptedCalibration,
    CalibrationResult,
    HoursEstimate,
    ParameterEstimate,
)

NOT_ADVICE = (
    "Informational only — not medical advice. A calibration changes only how this app draws "
    "its predicted curves and windows for you; it never suggests changing a dose, a time or "
    "a medication. Talk to your prescriber before any change.")
INTRO = (
    "Fits how your own check-ins follow your doses: when a dose wears off for you, how large "
    "your dip is and when it comes. The newest weeks are kept out of the fit and used to "
    "check it: a change is offered only when it predicts those weeks better than the "
    "population timing. Nothing changes until you choose Accept.")
TABLE_HEADERS = ("Parameter", "Population", "Current", "Suggested", "95% interval")
HISTORY_HEADERS = ("When", "Change", "Fitted on", "Held-out error (population → personal)",
                   "Timing")
WEAR_OFF_LABEL = "Wear-off starts (h after the usual dose)"


def number(value: float | None, unit: str) -> str:
    """A parameter value with its unit: '×1.15', '+0.40 h', '52% of peak', '1.2 points'."""
    if value is None:
        return "–"
    if unit == "×":
        return f"×{value:.2f}"
    if unit == "of peak":
        return f"{value:.0%} of peak"
    if unit == "h":
        return f"{value:+.2f} h"
    return f"{value:+.1f} {unit}"


def interval(low: float | None, high: float | None, unit: str) -> str:
    if low is None or high is None:
        return "–"
    return f"{number(low, unit)} to {number(high, unit)}"


def parameter_row(p: ParameterEstimate, offered: bool) -> list[str]:
    """One row of the table; 'Suggested' stays empty when nothing is offered, and a
    parameter not learned from check-ins says so where its interval would be."""
    return [f"{p.label} ({p.unit})", number(p.population, p.unit), number(p.current, p.unit),
            number(p.personal, p.unit) if offered else "–",
            interval(p.low, p.high, p.unit) if p.learned else NOT_LEARNED]


def wear_off_row(hours: HoursEstimate, current: float | None, offered: bool) -> list[str]:
    """The derived row: hours after the usual dose at which wearing off starts."""
    def h(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f} h"

    return [WEAR_OFF_LABEL, h(hours.population), h(current),
            h(hours.personal) if offered else "–",
            "–" if hours.low is None or hours.high is None
            else f"{hours.low:.1f} to {hours.high:.1f} h"]


def table_rows(result: CalibrationResult) -> list[list[str]]:
    """Every row of the table: the wear-off start first (what the person reads), then the
    fitted parameters."""
    offered = result.offered
    hours = result.wear_off_start_h
    rows = [wear_off_row(hours, hours.current, offered)]
    rows += [parameter_row(p, offered) for p in result.parameters]
    return rows


def validation_text(result: CalibrationResult) -> str:
    """The held-out comparison in one sentence (empty without one)."""
    v = result.validation
    if v.error_population is None or v.error_personal is None:
        return ""
    better = v.error_personal < v.error_population
    weeks = f"{v.weeks} newest week{'s' if v.weeks != 1 else ''}"
    return (f"Checked on the {weeks} ({v.checkins} check-ins), kept out of the fit: typical "
            f"error {v.error_population:.3f} points with the population timing, "
            f"{v.error_personal:.3f} with the personal timing "
            f"({'better' if better else 'not better'}; root mean square, lower is better).")


def usual_dose_text(result: CalibrationResult, name: Callable[[str], str]) -> str:
    dose = result.usual_dose
    period = (f"{result.first_day:%d %b %Y} – {result.last_day:%d %b %Y}, "
              f"{result.checkins} check-ins")
    if dose is None:
        return period
    return f"Usual morning dose: {name(dose.medication)} {dose.mg:g} mg at {dose.time:%H:%M} · " \
           + period


def accepted_text(accepted: AcceptedCalibration) -> str:
    """What the status line says after Accept (the cap said, when it held a value back)."""
    text = (f"Accepted: curves now use your personal timing, calibrated on "
            f"{accepted.at:%d %b %Y} from {accepted.checkins} check-ins.")
    if accepted.capped:
        names = ", ".join(BY_NAME[n].label.lower() for n in accepted.capped if n in BY_NAME)
        text += (f" One step is capped, as Autotune caps its steps: {names} moved only part "
                 "of the way; calibrating again later can move it further.")
    return text


def timing_text(accepted: AcceptedCalibration) -> str:
    if accepted.kind == REVERTED:
        return "population"
    values = accepted.timing.values()
    return ", ".join(f"{BY_NAME[n].label.lower()} {number(v, BY_NAME[n].unit)}"
                     for n, v in values.items()
                     if abs(v - BY_NAME[n].population) > 1e-9) or "population values"


def history_row(accepted: AcceptedCalibration) -> list[str]:
    reverted = accepted.kind == REVERTED
    fitted = ("–" if reverted else
              f"{accepted.first_day:%d %b %Y} – {accepted.last_day:%d %b %Y}, "
              f"{accepted.checkins} check-ins")
    errors = ("–" if accepted.error_population is None or accepted.error_personal is None
              else f"{accepted.error_population:.3f} → {accepted.error_personal:.3f}")
    return [f"{accepted.at:%d %b %Y %H:%M}",
            "Reverted to population" if reverted else "Accepted", fitted, errors,
            timing_text(accepted)]


def in_force_rows(accepted: AcceptedCalibration) -> list[list[str]]:
    """[parameter, population, personal in force] for each parameter (the PDF's table); a
    parameter not learned from check-ins says so beside its (population) value."""
    values = accepted.timing.values()
    return [[f"{p.label} ({p.unit})", number(p.population, p.unit),
             number(values[p.name], p.unit) + ("" if p.learned else f" ({NOT_LEARNED})")]
            for p in PARAMETERS]


def in_force_text(accepted: AcceptedCalibration) -> str:
    """One sentence: when and from what the calibration in force was made, and its check."""
    text = (f"The curves in this summary use personal timing, calibrated on "
            f"{accepted.at:%d %b %Y} from {accepted.checkins} check-ins logged "
            f"{accepted.first_day:%d %b %Y} – {accepted.last_day:%d %b %Y}, and accepted by "
            "the patient.")
    if accepted.error_population is not None and accepted.error_personal is not None:
        text += (f" On the newest weeks, kept out of the fit, its typical error was "
                 f"{accepted.error_personal:.3f} points against {accepted.error_population:.3f}"
                 " with the population timing.")
    return text
