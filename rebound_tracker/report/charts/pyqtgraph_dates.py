"""The one module that reaches into pyqtgraph's DateAxisItem internals.

``date_axis.DateAxis`` caches the ticks pyqtgraph's date axis would place, and for that it
needs what pyqtgraph keeps private: the zoom level chosen for a density, its tick specs
(spacing, skip factor) and its own tick placement, the length of a day and the UTC offset
pyqtgraph computes for a moment. Everything of that is named here, and ``check()`` fails
loudly, naming the pyqtgraph version and what is missing, when an upgrade changes any of it
(tests/ui/test_pyqtgraph_dates.py runs it; so does the date axis when it is created).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg

_module = importlib.import_module("pyqtgraph.graphicsItems.DateAxisItem")

TESTED_WITH = ("0.13.7", "0.14.0")
"""pyqtgraph versions this module was checked against (a newer one is checked at run time)."""

_NEEDED = {
    "module": ("DAY_SPACING", "calculateUtcOffset", "TickSpec", "ZoomLevel"),
    "DateAxisItem": ("setZoomLevelForDensity", "tickStrings", "tickValues"),
    "ZoomLevel": ("tickValues",),
    "TickSpec": ("skipFactor",),
}


class PyqtgraphChanged(RuntimeError):
    """pyqtgraph's date-axis internals are not what this module expects."""


@functools.cache
def check() -> None:
    """Raise PyqtgraphChanged naming each internal that is missing or changed (the check
    runs once per process)."""
    owners: dict[str, Any] = {"module": _module, "DateAxisItem": pg.DateAxisItem,
                              "ZoomLevel": getattr(_module, "ZoomLevel", None),
                              "TickSpec": getattr(_module, "TickSpec", None)}
    missing = [f"{owner}.{name}" for owner, names in _NEEDED.items()
               for name in names if not hasattr(owners[owner], name)]
    if not missing:
        levels = getattr(pg.DateAxisItem(), "zoomLevels", {})
        if not levels or not all(hasattr(spec, "spacing") for level in levels.values()
                                 for spec in getattr(level, "tickSpecs", [None])):
            missing.append("DateAxisItem.zoomLevels[].tickSpecs[].spacing")
    if missing:
        raise PyqtgraphChanged(
            f"pyqtgraph {pg.__version__} changed the DateAxisItem internals that "
            f"report/charts/pyqtgraph_dates.py uses (checked with {', '.join(TESTED_WITH)}): "
            + ", ".join(missing))


DAY_SPACING: float = getattr(_module, "DAY_SPACING", 86400)
"""Seconds in a day, as pyqtgraph counts them for tick spacing."""

utc_offset: Callable[[float], int] = getattr(_module, "calculateUtcOffset", lambda t: 0)
"""pyqtgraph's UTC offset (s, its sign convention) of the local time at POSIX time ``t``."""


def zoom_level(axis: pg.DateAxisItem, density: float) -> tuple[Any, float]:
    """The zoom level ``axis`` picks for ``density`` (s per px), and its minimum spacing."""
    axis.setZoomLevelForDensity(density)
    try:
        return axis.zoomLevel, axis.minSpacing
    except AttributeError as missing:
        raise PyqtgraphChanged(f"pyqtgraph {pg.__version__}: DateAxisItem no longer sets "
                               f"{missing.name} in setZoomLevelForDensity") from missing


def tick_steps(level: Any, spacing: float) -> list[tuple[float, int]]:
    """Each tick kind of ``level``: its spacing (s) and skip factor at ``spacing``."""
    return [(spec.spacing, spec.skipFactor(spacing)) for spec in level.tickSpecs]


def level_tick_values(level: Any, start: float, end: float,
                      spacing: float) -> Sequence[tuple[float, Sequence[float]]]:
    """The ticks ``level`` places on ``start``..``end`` (POSIX s): (step, values) pairs."""
    return level.tickValues(start, end, spacing)
