"""The uncertainty band of a personal prediction: the effect curve and the window edges
recomputed for parameter draws from the accepted calibration's 95% interval."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rebound_tracker.services.simulation import Prediction


@dataclass(frozen=True)
class WindowBand:
    """One predicted window (hours on the prediction's grid, like ``pk.windows.Window``)
    with the 95% range of its start and of its end over the parameter draws."""

    kind: str  # "wear_off" | "rebound"
    start_h: float
    end_h: float
    start_low_h: float
    start_high_h: float
    end_low_h: float
    end_high_h: float


@dataclass(frozen=True)
class AnalyteBand:
    """One analyte on the prediction's grid: the personal effect (as in the prediction),
    its pointwise 2.5–97.5% range, and the population effect for comparison."""

    analyte: str
    effect: np.ndarray
    effect_low: np.ndarray
    effect_high: np.ndarray
    population_effect: np.ndarray
    windows: tuple[WindowBand, ...]


@dataclass(frozen=True)
class PredictionBand:
    """The band of ``prediction`` (personal), per analyte in the prediction's order, and a
    sentence for the legend/assumptions ("personal timing, calibrated on DATE from N
    check-ins")."""

    prediction: Prediction
    analytes: tuple[AnalyteBand, ...]
    caption: str
