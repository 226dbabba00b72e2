"""The calibration chart: one scale's check-ins by hours since the usual morning dose, with
what the population timing and the personal timing predict for a typical day, and the
wear-off start each of them implies. Drawn by the Calibration window (and by anything else
that shows a calibration, from the same CalibrationPlot)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from rebound_tracker.domain.calibration import CalibrationPlot
from rebound_tracker.report.charts.axes import (
    HEADROOM,
    add_legend,
    new_plot,
    style_plot,
    zero_to_ten_ticks,
)
from rebound_tracker.report.charts.theme import SCALE_SYMBOLS, ChartTheme, system_theme

POPULATION_NAME = "Population timing (predicted)"
PERSONAL_NAME = "Personal timing (predicted)"
X_RANGE_H = (0.0, 15.5)
"""Hours since the dose shown (check-ins outside still count in the fit): from the dose to
the evening, clear of the edges of the predicted day."""


@dataclass
class CalibrationFitChart:
    """The chart's items (tests and the window's read-out reach them)."""

    plot: pg.PlotItem
    observed: pg.ScatterPlotItem
    population: pg.PlotDataItem
    personal: pg.PlotDataItem | None
    wear_off_lines: dict[str, pg.InfiniteLine]

    def series_names(self) -> list[str]:
        legend = self.plot.legend
        return [] if legend is None else [label.text for _sample, label in legend.items]


def draw_calibration_fit(data: CalibrationPlot, *, plot: pg.PlotItem | None = None,
                         theme: ChartTheme | None = None) -> CalibrationFitChart:
    """Draw ``data`` on ``plot`` (a new PlotItem by default), emptied first."""
    theme = theme or system_theme()
    plot = plot or new_plot(theme)
    plot.clear()
    if plot.legend is not None:
        plot.legend.clear()
    style_plot(plot, theme)
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    legend = add_legend(plot, theme, columns=2)
    plot.setLabel("bottom", "Hours since the usual morning dose", color=theme.foreground)
    plot.setLabel("left", f"{data.scale.capitalize()} (0–10)", color=theme.foreground)
    zero_to_ten_ticks(plot.getAxis("left"))
    colour = pg.mkColor(theme.scale_colours.get(data.scale, theme.foreground))
    observed = _observed(data, colour, theme)
    plot.addItem(observed)
    legend.addItem(observed, f"Your {data.scale} check-ins (n={len(data.observed)})")
    hours = np.asarray(data.hours, dtype=float)
    population = plot.plot(hours, np.asarray(data.population, dtype=float),
                           pen=pg.mkPen(theme.muted, width=2.5, style=Qt.PenStyle.DashLine),
                           name=POPULATION_NAME)
    personal = None
    if data.personal is not None:
        personal = plot.plot(hours, np.asarray(data.personal, dtype=float),
                             pen=pg.mkPen(theme.analyte_colour(0), width=3),
                             name=PERSONAL_NAME)
    x_range = _x_range(hours)
    lines = _wear_off_lines(plot, data, theme, x_range)
    plot.setXRange(*x_range, padding=0.01)
    plot.setYRange(0.0, 10.0 * HEADROOM, padding=0)
    return CalibrationFitChart(plot, observed, population, personal, lines)


def _observed(data: CalibrationPlot, colour, theme: ChartTheme) -> pg.ScatterPlotItem:
    x = np.array([p.hours_since_dose for p in data.observed], dtype=float)
    y = np.array([p.value for p in data.observed], dtype=float)
    fill = pg.mkColor(colour)
    fill.setAlpha(70 if x.size > 200 else 120)  # whole-number answers stack: density shows
    return pg.ScatterPlotItem(x, y, size=6, symbol=SCALE_SYMBOLS.get(data.scale, "o"),
                              brush=pg.mkBrush(fill), pen=pg.mkPen(None))


def _wear_off_lines(plot: pg.PlotItem, data: CalibrationPlot, theme: ChartTheme,
                    x_range: tuple[float, float]) -> dict[str, pg.InfiniteLine]:
    """The two wear-off starts, each labelled on the side with room: a line in the right
    half of the plot has its label to its left, so the label is never cut at the edge."""
    lines = {}
    middle = (x_range[0] + x_range[1]) / 2
    for key, hours, pen, text in (
            ("population", data.wear_off_population_h,
             pg.mkPen(theme.muted, width=1.5, style=Qt.PenStyle.DashLine), "population"),
            ("personal", data.wear_off_personal_h,
             pg.mkPen(theme.analyte_colour(0), width=1.5), "personal")):
        if hours is None:
            continue
        side = (1, 1) if hours > middle else (0, 1)
        line = pg.InfiniteLine(hours, angle=90, pen=pen,
                               label=f"wear-off starts ({text}) {hours:.1f} h",
                               labelOpts={"position": 0.08 if key == "population" else 0.16,
                                          "color": theme.foreground, "anchors": [side, side]})
        plot.addItem(line, ignoreBounds=True)
        lines[key] = line
    return lines


def _x_range(hours: np.ndarray) -> tuple[float, float]:
    if hours.size == 0:
        return X_RANGE_H
    return max(X_RANGE_H[0], float(hours.min())), min(X_RANGE_H[1], float(hours.max()))
