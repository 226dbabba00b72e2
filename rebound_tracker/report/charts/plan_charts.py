"""The two charts of a dose-change plan, drawn by the Planner window and the plan PDF alike.

- :func:`draw_plan_exposure`: the projected concentration over the whole plan (dates on x),
  a dashed line where each step begins, numbered.
- :func:`draw_step_days`: one day per step (each step's last day), by clock time, one line
  per step with its own colour and dash so the steps differ without colour too.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from rebound_tracker.report.charts.axes import add_legend, nice_ceiling
from rebound_tracker.report.charts.theme import ChartTheme
from rebound_tracker.services.plan_projection import PlanProjection

DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
MAX_POINTS = 4000
"""The whole-plan curve is thinned to about this many points (min/max kept per bucket)."""


def draw_plan_exposure(plot: pg.PlotItem, projection: PlanProjection,
                       theme: ChartTheme) -> None:
    """Concentration over the whole plan on a date axis, step starts marked."""
    plot.clear()
    x, y = _thin(projection.epoch_seconds, projection.concentration)
    plot.plot(x, y, pen=pg.mkPen(theme.analyte_colour(0), width=1.6))
    top = nice_ceiling(float(np.max(projection.concentration)) * 1.15)
    for step in projection.steps:
        day = projection.days.index(step.start) if step.start in projection.days else None
        if day is None:
            continue
        at = float(projection.epoch_seconds[0]) + day * 86400.0
        line = pg.InfiniteLine(at, angle=90, pen=pg.mkPen(theme.muted, width=1,
                                                          style=Qt.PenStyle.DashLine),
                               label=str(step.number),
                               labelOpts={"position": 0.93, "color": theme.foreground})
        plot.addItem(line)
    plot.setYRange(0, top, padding=0)
    plot.setXRange(float(x[0]), float(x[-1]), padding=0.01)
    plot.setLabel("left", f"{projection.analyte} ({projection.unit})",
                  color=theme.foreground)


LEGEND_GAP_PX = 10.0
"""The legend's offset from the top of the plot plus a little air below it."""
MAX_LEGEND_SHARE = 0.6
DEFAULT_LEGEND_SHARE = 0.26
"""Before the plot is laid out (its height unknown): the old fixed headroom of 1.35."""


def draw_step_days(plot: pg.PlotItem, projection: PlanProjection,
                   theme: ChartTheme) -> None:
    """Each step's last day by clock time (0-24 h), one styled line per step."""
    plot.clear()
    columns = min(4, max(1, len(projection.steps)))
    legend = add_legend(plot, theme, columns=columns)
    top = 0.0
    for i, step in enumerate(projection.steps):
        pen = pg.mkPen(theme.analyte_colour(i), width=1.8, style=DASHES[i % len(DASHES)])
        item = plot.plot(step.day_hours, step.day_concentration, pen=pen)
        legend.addItem(item, f"{step.number}: {step.total_mg:g} mg/day")
        top = max(top, float(np.max(step.day_concentration)))
    plot.setXRange(0, 24, padding=0)
    plot.getAxis("bottom").setTicks([[(h, f"{h:02d}:00") for h in range(0, 25, 4)]])
    plot.step_days_top = top
    if not getattr(plot, "step_days_fitted", False):  # one connection per plot, not per draw
        plot.step_days_fitted = True
        plot.vb.sigResized.connect(lambda *_: _fit_under_legend(plot))
        legend.geometryChanged.connect(lambda: _fit_under_legend(plot))
    _fit_under_legend(plot)
    plot.setLabel("left", f"{projection.analyte} ({projection.unit})",
                  color=theme.foreground)


def _fit_under_legend(plot: pg.PlotItem) -> None:
    """A y range whose top leaves the legend strip (its height in pixels, as laid out)
    above the highest curve, so no step's peak runs under the legend."""
    height = plot.vb.height()
    legend = plot.legend.boundingRect().height() + LEGEND_GAP_PX if plot.legend else 0.0
    share = min(legend / height, MAX_LEGEND_SHARE) if height > 0 else DEFAULT_LEGEND_SHARE
    top = plot.step_days_top * 1.05 / (1.0 - share)
    plot.setYRange(0, nice_ceiling(top or 1.0), padding=0)


def _thin(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep each bucket's min and max so peaks and troughs survive the thinning."""
    if x.size <= MAX_POINTS:
        return x, y
    size = int(np.ceil(x.size / (MAX_POINTS / 2)))
    cut = (x.size // size) * size
    bx = x[:cut].reshape(-1, size)
    by = y[:cut].reshape(-1, size)
    lo, hi = by.argmin(axis=1), by.argmax(axis=1)
    rows = np.arange(bx.shape[0])
    first = np.minimum(lo, hi)
    second = np.maximum(lo, hi)
    xs = np.column_stack([bx[rows, first], bx[rows, second]]).ravel()
    ys = np.column_stack([by[rows, first], by[rows, second]]).ravel()
    return np.append(xs, x[cut:]), np.append(ys, y[cut:])
