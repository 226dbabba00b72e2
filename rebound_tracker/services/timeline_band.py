"""The timeline's uncertainty band, as plain arrays on the chart's clock (POSIX seconds):
once a personal calibration is in force, each analyte's personal effect between its 95%
limits, the population effect for comparison (a faint line), and the 95% range of every
window's start and end. Qt-free; drawn by ``report.charts.personal_band``.

The band comes from ``CalibrationService.band`` (the accepted calibration's interval)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rebound_tracker.services.calibration_band import PredictionBand
from rebound_tracker.services.simulation import Prediction

BandSource = Callable[[Prediction], PredictionBand | None]


@dataclass(frozen=True)
class EffectBandSeries:
    """One analyte: the 2.5–97.5% range of its personal effect and its population effect,
    at times ``x`` (the curve's own grid)."""

    analyte: str
    x: np.ndarray
    low: np.ndarray
    high: np.ndarray
    population: np.ndarray


@dataclass(frozen=True)
class EdgeSeries:
    """Where windows of one kind may start or end (95% ranges), as intervals: one interval
    per window start (``start_low``..``start_high``) and per window end."""

    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def empty(cls) -> EdgeSeries:
        return cls(np.empty(0), np.empty(0))


@dataclass(frozen=True)
class BandSeries:
    caption: str
    """'Personal timing, calibrated on DATE from N check-ins'."""
    effects: tuple[EffectBandSeries, ...]
    wear_off_edges: EdgeSeries
    rebound_edges: EdgeSeries


def band_series(band: PredictionBand) -> BandSeries:
    """``band`` (hours on its prediction's grid) on the chart's clock: edge ranges become
    the intervals the chart shades, sorted by time, merged where they overlap."""
    prediction = band.prediction
    origin = prediction.origin.timestamp()
    x = prediction.epoch_seconds()
    effects = tuple(EffectBandSeries(a.analyte, x, np.asarray(a.effect_low, dtype=float),
                                     np.asarray(a.effect_high, dtype=float),
                                     np.asarray(a.population_effect, dtype=float))
                    for a in band.analytes)
    edges = {}
    for kind in ("wear_off", "rebound"):
        spans = [(w.start_low_h, w.start_high_h) for a in band.analytes for w in a.windows
                 if w.kind == kind]
        spans += [(w.end_low_h, w.end_high_h) for a in band.analytes for w in a.windows
                  if w.kind == kind]
        edges[kind] = _intervals(spans, origin)
    return BandSeries(band.caption, effects, edges["wear_off"], edges["rebound"])


def _intervals(spans: list[tuple[float, float]], origin: float) -> EdgeSeries:
    merged: list[list[float]] = []
    for lo, hi in sorted((min(a, b), max(a, b)) for a, b in spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    if not merged:
        return EdgeSeries.empty()
    hours = np.asarray(merged, dtype=float)
    return EdgeSeries(origin + hours[:, 0] * 3600.0, origin + hours[:, 1] * 3600.0)


def band_of(source: BandSource | None, prediction: Prediction | None) -> BandSeries | None:
    """The band of ``prediction`` when a calibration is in force, else None."""
    if source is None or prediction is None:
        return None
    band = source(prediction)
    return None if band is None else band_series(band)
