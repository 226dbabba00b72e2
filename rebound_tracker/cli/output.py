"""Plain-text output for the terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.services.simulation import Prediction

_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_CONTROL.update({ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r", 0x07: "\\a"})
# Bidirectional overrides and isolates would reorder the rest of the line on the terminal.
_CONTROL.update({c: f"\\u{c:04x}" for c in (*range(0x202a, 0x202f), *range(0x2066, 0x206a))})


def terminal_safe(text: str) -> str:
    """``text`` with control characters (ESC, BEL, NUL, line breaks, bidi overrides) shown
    as escapes: a note typed elsewhere cannot drive the terminal or break the table."""
    return text.translate(_CONTROL)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    if not rows:
        print("(none)")
        return
    rows = [[terminal_safe(str(c)) for c in row] for row in rows]
    widths = [max(len(h), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def dose_row(dose: Dose, names: dict[str, str]) -> list[str]:
    return [dose.id, dose.taken.local.strftime("%Y-%m-%d %H:%M %z"),
            names.get(dose.medication_id, dose.medication_id), f"{dose.mg:g}",
            "yes" if dose.fed else "", dose.note]


def checkin_row(checkin: CheckIn) -> list[str]:
    values = [checkin.scale(s) for s in SCALES]
    return [checkin.id, checkin.at.local.strftime("%Y-%m-%d %H:%M %z"),
            *("" if v is None else str(v) for v in values), checkin.note]


def summary_text(prediction: Prediction) -> str:
    lines = []
    fmt = "%Y-%m-%d %H:%M"
    for curve in prediction.result.analytes:
        s = curve.summary
        lines.append(f"{curve.analyte}: peak {s.cmax:.3g} {curve.unit} at "
                     f"{prediction.moment(s.tmax_h).strftime(fmt)}, AUC {s.auc:.4g} "
                     f"{curve.unit}·h, terminal half-life {s.terminal_half_life_h:.2g} h")
        for w in curve.wear_off:
            lines.append(f"  wear-off  {prediction.moment(w.start_h).strftime(fmt)} – "
                         f"{prediction.moment(w.end_h).strftime('%H:%M')}")
        for w in curve.rebound:
            lines.append(f"  rebound   {prediction.moment(w.start_h).strftime(fmt)} – "
                         f"{prediction.moment(w.end_h).strftime('%H:%M')}"
                         f"  severity {w.severity or 0:.2f}")
    lines.append("assumptions:")
    lines.extend(f"  - {a}" for a in prediction.result.assumptions)
    return "\n".join(lines)


def prediction_json(prediction: Prediction) -> dict[str, Any]:
    """The ``simulate --json`` object of PRODUCT.md (the command line's wording of a
    Prediction: ISO 8601 times, numbers rounded for printing). A number that is not finite
    (an undefined half-life, say) is null, never NaN or Infinity, so it stays valid JSON."""
    finite: dict[str, Any] = _finite_only(_prediction_object(prediction))
    return finite


def _prediction_object(prediction: Prediction) -> dict[str, Any]:
    tz_origin = prediction.origin
    times = [_iso(tz_origin + timedelta(hours=float(h))) for h in prediction.t_h]
    analytes = []
    for curve in prediction.result.analytes:
        s = curve.summary
        analytes.append(
            {
                "analyte": curve.analyte,
                "unit": curve.unit,
                "concentration": [round(float(c), 6) for c in curve.concentration],
                "effect": [round(float(e), 6) for e in curve.effect],
                "summary": {
                    "cmax": round(float(s.cmax), 6),
                    "tmax": _iso(prediction.moment(s.tmax_h)),
                    "auc": round(float(s.auc), 6),
                    "terminal_half_life_h": round(float(s.terminal_half_life_h), 4),
                },
                "wear_off": [
                    {"start": _iso(prediction.moment(w.start_h)),
                     "end": _iso(prediction.moment(w.end_h))}
                    for w in curve.wear_off
                ],
                "rebound": [
                    {"start": _iso(prediction.moment(w.start_h)),
                     "end": _iso(prediction.moment(w.end_h)),
                     "severity": round(float(w.severity or 0.0), 4)}
                    for w in curve.rebound
                ],
            }
        )
    return {"times": times, "analytes": analytes,
            "assumptions": list(prediction.result.assumptions)}


def _finite_only(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite_only(v) for v in value]
    return value


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
