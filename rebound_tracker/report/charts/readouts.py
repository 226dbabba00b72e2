"""The hover read-outs of the timeline and the day raster, in words (the services give
the curves, windows, cells and check-ins; this says what is under the cursor)."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np

from rebound_tracker.domain.entries import SCALES
from rebound_tracker.services.day_raster import DayRaster
from rebound_tracker.services.timeline_series import CheckinSeries, TimelineData


def describe_moment(data: TimelineData, moment: float, kind: str = "concentration",
                    near_s: float = 1800.0) -> str:
    """One line for the timeline's read-out: time, each curve's value, the window it lies
    in, and the nearest check-in within ``near_s`` seconds."""
    when = datetime.fromtimestamp(moment).astimezone()
    parts = [f"{when:%a %d %b %H:%M}"]
    for curve in data.curves:
        if curve.x.size and curve.x[0] <= moment <= curve.x[-1]:
            conc = float(np.interp(moment, curve.x, curve.concentration))
            eff = float(np.interp(moment, curve.x, curve.effect))
            parts.append(f"{curve.analyte} {conc:.1f} {curve.unit} (effect {eff:.2f})")
    if data.rebound.contains(moment):
        parts.append("predicted rebound risk")
    elif data.wear_off.contains(moment):
        parts.append("predicted wearing off")
    parts.extend(_nearest_checkin(data.checkins, moment, near_s))
    return "  ·  ".join(parts)


def _nearest_checkin(series: CheckinSeries, moment: float, near_s: float) -> list[str]:
    if series.x.size == 0:
        return []
    i = int(np.argmin(np.abs(series.x - moment)))
    if abs(series.x[i] - moment) > near_s:
        return []
    when = datetime.fromtimestamp(series.x[i]).astimezone()
    scales = ", ".join(f"{s} {int(v)}" for s in SCALES
                       if not math.isnan(v := float(series.values[s][i])))
    return [f"check-in {when:%H:%M}: {scales}"]


def describe_cell(raster: DayRaster, row: int, hour: float, scale: str,
                  near_h: float = 0.5) -> str:
    """One line for the day raster's read-out at ``row`` and clock ``hour``."""
    if not 0 <= row < raster.days or not 0 <= hour < 24:
        return ""
    minutes = int(hour * 60)
    parts = [f"{raster.day_of(row):%a %d %b %Y} {minutes // 60:02d}:{minutes % 60:02d}"]
    effect = raster.effect_at(row, hour)
    parts.append("no prediction" if math.isnan(effect) else f"predicted effect {effect:.2f}")
    doses = np.flatnonzero(raster.dose_row == row)
    if doses.size:
        parts.append("doses " + ", ".join(
            f"{raster.dose_labels[i]} at {_clock(raster.dose_hour[i])}" for i in doses))
    near = np.flatnonzero((raster.checkin_row == row)
                          & (np.abs(raster.checkin_hour - hour) <= near_h))
    values = raster.checkin_values.get(scale, np.empty(0))
    for i in near[:2]:
        value = values[i]
        answer = "not rated" if math.isnan(value) else f"{int(value)}"
        parts.append(f"check-in {_clock(raster.checkin_hour[i])}: {scale} {answer}")
    return "  ·  ".join(parts)


def _clock(hour: float) -> str:
    minutes = round(hour * 60) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
