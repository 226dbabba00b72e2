"""The model's predicted wear-off and rebound windows as plain arrays of POSIX seconds, and
which moments fall inside them: what trends, the timeline and the evidence analysis share.
"""

from __future__ import annotations

import numpy as np

from rebound_tracker.services.simulation import Prediction


def inside_windows(moments: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which ``moments`` (epoch s) fall inside any [start, end] window (sorted, disjoint)."""
    if starts.size == 0:
        return np.zeros(moments.shape, dtype=bool)
    index = np.searchsorted(starts, moments, side="right") - 1
    safe = np.clip(index, 0, None)
    return (index >= 0) & (moments <= ends[safe])


def predicted_windows(prediction: Prediction | None, kind: str = "rebound"
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end (epoch s) and severity (0..1; 0 for wear-off) of the predicted ``kind``
    windows of every analyte, sorted, with overlapping windows (e.g. d- and
    l-amphetamine) merged into one that keeps the higher severity."""
    if prediction is None:
        return np.empty(0), np.empty(0), np.empty(0)
    origin = prediction.origin.timestamp()
    rows = sorted((origin + w.start_h * 3600.0, origin + w.end_h * 3600.0, w.severity or 0.0)
                  for curve in prediction.result.analytes for w in getattr(curve, kind))
    merged: list[list[float]] = []
    for start, end, severity in rows:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = max(merged[-1][2], severity)
        else:
            merged.append([start, end, severity])
    arr = np.asarray(merged, dtype=float).reshape(-1, 3)
    return arr[:, 0], arr[:, 1], arr[:, 2]


def rebound_bounds(prediction: Prediction | None, kind: str = "rebound"
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Sorted, disjoint start and end (epoch s) of the predicted ``kind`` windows."""
    starts, ends, _severity = predicted_windows(prediction, kind)
    return starts, ends
