"""Rebound evidence per scale: check-ins inside the predicted rebound windows against the
person's own baseline at the same clock time (``stats.rebound_evidence``; docs/evidence.md).

Returns data only; the window, the PDF and the command line word it
(``report.evidence_words``). The windows come from the model's own window functions
(``services.trends.predicted_windows``), so a new window definition flows in unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import numpy as np

from rebound_tracker.domain.entries import SCALES, CheckIn
from rebound_tracker.services.predicted_windows import inside_windows, rebound_bounds
from rebound_tracker.services.simulation import Prediction
from rebound_tracker.stats.rebound_evidence import (
    MIN_SEPARABLE_SHARE,
    N_BOOT,
    SEED,
    WindowEffect,
    bootstrap_weights,
    separability,
    window_effect,
)
from rebound_tracker.stats.scale_model import ScaleSeries

HIGHER_IS_BETTER = frozenset({"mood", "focus"})
VERDICTS = ("worse", "better", "no clear difference", "not enough data")


@dataclass(frozen=True)
class ScaleEvidence:
    """One scale's :class:`WindowEffect` and its verdict: 'worse' / 'better' when the 95%
    interval excludes 0 (worse = higher irritability, fatigue, anxiety, restlessness or
    lower mood, focus), 'no clear difference' when it holds 0, 'not enough data' when there
    is no estimate (``estimate.reason`` says why)."""

    scale: str
    estimate: WindowEffect
    verdict: str


@dataclass(frozen=True)
class Evidence:
    """The analysis of a period: whether clock time and the rebound windows can be told
    apart in this log (``separability`` ≥ the threshold), how many check-ins and
    predicted rebound windows it rests on, and each scale's evidence in SCALES order."""

    first_day: date
    last_day: date
    checkins: int
    windows: int
    separability: float
    separable: bool
    scales: tuple[ScaleEvidence, ...]

    def scale(self, name: str) -> ScaleEvidence:
        return next(s for s in self.scales if s.scale == name)


def verdict(scale: str, estimate: WindowEffect) -> str:
    interval = estimate.interval()
    if interval is None:
        return "not enough data"
    _, low, high = interval
    if low <= 0.0 <= high:
        return "no clear difference"
    higher = low > 0.0
    return "better" if higher == (scale in HIGHER_IS_BETTER) else "worse"


@dataclass(frozen=True)
class CheckinArrays:
    """Check-ins as arrays: POSIX seconds, local clock hour, local day (days since the
    epoch in the offset they were logged in) and each scale's values (NaN: unanswered)."""

    moments: np.ndarray
    clock_h: np.ndarray
    day: np.ndarray
    values: Mapping[str, np.ndarray]


def checkin_arrays(checkins: Sequence[CheckIn]) -> CheckinArrays:
    moments = np.array([c.at.instant.timestamp() for c in checkins], dtype=float)
    local = moments + np.array([c.at.offset_min * 60.0 for c in checkins], dtype=float)
    answers = attrgetter(*SCALES)
    table = np.array([answers(c) for c in checkins], dtype=float)
    table = table.reshape(len(checkins), len(SCALES))  # None (unanswered) became NaN
    values = {s: table[:, i] for i, s in enumerate(SCALES)}
    return CheckinArrays(moments, (local % 86400.0) / 3600.0,
                         np.floor(local / 86400.0).astype(np.int64), values)


def effect_at(prediction: Prediction | None, moments: np.ndarray) -> np.ndarray:
    """The summed predicted effect of every analyte at ``moments`` (0 off the grid)."""
    if prediction is None or not prediction.result.analytes:
        return np.zeros(moments.shape)
    x = prediction.epoch_seconds()
    total = np.sum([c.effect for c in prediction.result.analytes], axis=0)
    return np.interp(moments, x, total, left=0.0, right=0.0)


def evidence_from_arrays(arrays: CheckinArrays, prediction: Prediction | None,
                         windows: tuple[np.ndarray, np.ndarray], first_day: date,
                         last_day: date, *, n_boot: int = N_BOOT, seed: int = SEED
                         ) -> Evidence:
    """The analysis of check-in arrays against a prediction and its rebound windows
    (sorted, disjoint start and end arrays, POSIX s)."""
    window = inside_windows(arrays.moments, *windows).astype(float)
    effect = effect_at(prediction, arrays.moments)
    share = separability(arrays.clock_h, window)
    separable = share >= MIN_SEPARABLE_SHARE
    all_days = np.unique(arrays.day)
    weights = bootstrap_weights(max(all_days.size, 1), n_boot, seed)
    scales = []
    for scale in SCALES:
        keep = ~np.isnan(arrays.values[scale])
        series = ScaleSeries(arrays.values[scale][keep], arrays.clock_h[keep],
                             arrays.day[keep], effect[keep], window[keep])
        estimate = window_effect(series, weights, all_days, separable)
        scales.append(ScaleEvidence(scale, estimate, verdict(scale, estimate)))
    return Evidence(first_day, last_day, int(arrays.moments.size), int(windows[0].size),
                    share, separable, tuple(scales))


def compute_evidence(checkins: Sequence[CheckIn], prediction: Prediction | None,
                     first_day: date, last_day: date) -> Evidence:
    """The analysis of a period's check-ins over the prediction of its logged doses."""
    return evidence_from_arrays(checkin_arrays(checkins), prediction,
                                rebound_bounds(prediction), first_day, last_day)
