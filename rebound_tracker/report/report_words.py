"""The summary's regimen changes and notable days, in words (services.report_data gives
the days and dose patterns)."""

from __future__ import annotations

from rebound_tracker.services.report_data import ReportData

MISSED_SHOWN = 5
"""Weekdays without a dose named before '… and N more'."""


def change_lines(data: ReportData) -> list[str]:
    """``12 Mar: first logged Ritalin 10 mg`` for each dose pattern begun or ended."""
    return [f"{c.day:%d %b}: {c.kind} logged {c.item.name} {c.item.mg:g} mg"
            for c in data.changes]


def notable_day_lines(data: ReportData) -> list[str]:
    """The lowest-focus days, then the weekdays with no dose logged."""
    notable = data.notable_days
    lines = [f"{d.day:%a %d %b}: lowest focus of the period (average {d.mean_focus:.1f} over "
             f"{d.checkins} check-ins, {d.doses} dose{'s' if d.doses != 1 else ''} logged)"
             for d in notable.lowest_focus]
    missed = notable.weekdays_without_dose
    if missed:
        shown = ", ".join(f"{d:%a %d %b}" for d in missed[:MISSED_SHOWN])
        more = f" and {len(missed) - MISSED_SHOWN} more" if len(missed) > MISSED_SHOWN else ""
        lines.append(f"Weekdays with no dose logged: {shown}{more}")
    return lines
