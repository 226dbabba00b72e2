"""The typical day: each check-in scale by hours since the morning dose (mean and a ±1 SD
band over the period) over the mean predicted effect curve, with the median predicted
wear-off and rebound windows shaded. Drawn by the trends view and the PDF report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from rebound_tracker.report.charts.axes import (
    HEADROOM,
    add_legend,
    add_right_view,
    new_plot,
    style_plot,
)
from rebound_tracker.report.charts.theme import (
    REBOUND_RGB,
    SCALE_SYMBOLS,
    WEAR_OFF_RGB,
    ChartTheme,
    system_theme,
)
from rebound_tracker.report.charts.window_bands import BlockSample, WindowBands
from rebound_tracker.services.trends import MAX_HOURS, ScaleByHour, TypicalDay

MIN_BIN_N = 3
"""Hour bins with fewer check-ins than this are left out of the mean line (too noisy)."""


@dataclass
class TypicalDayChart:
    plot: pg.PlotItem
    scales_view: pg.ViewBox
    effect: pg.PlotDataItem | None = None
    means: dict[str, pg.PlotDataItem] = field(default_factory=dict)
    bands: dict[str, pg.FillBetweenItem] = field(default_factory=dict)
    wear_off: WindowBands | None = None
    rebound: WindowBands | None = None


def bin_centres_and_means(series: ScaleByHour, min_n: int = MIN_BIN_N
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x (bin centres, h), mean, low and high (mean ∓ SD) with NaN where n < ``min_n``."""
    x = np.array([(b.start_h + b.end_h) / 2 for b in series.bins])
    ok = np.array([b.n >= min_n for b in series.bins])
    mean = np.where(ok, [b.mean for b in series.bins], np.nan)
    low = np.where(ok, [b.low for b in series.bins], np.nan)
    high = np.where(ok, [b.high for b in series.bins], np.nan)
    return x, mean, low, high


def draw_typical_day(typical: TypicalDay, scales: Iterable[str] = ("focus", "mood",
                                                                   "irritability"),
                     *, plot: pg.PlotItem | None = None,
                     theme: ChartTheme | None = None) -> TypicalDayChart:
    """Add the typical-day layers to ``plot`` (a new PlotItem by default)."""
    theme = theme or system_theme()
    plot = plot or new_plot(theme)
    style_plot(plot, theme)
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    legend = add_legend(plot, theme, columns=2)
    plot.setLabel("bottom", "Hours since the morning dose", color=theme.foreground)
    plot.setLabel("left", "Predicted effect (0–1)", color=theme.foreground)
    # 0–10 over the same height as 0–1: the right-hand ticks sit on the left grid lines.
    view = add_right_view(plot, "Check-in (0–10)", (0.0, 10.0), theme)
    chart = TypicalDayChart(plot, view)
    _draw_windows(chart, typical, legend, theme)
    _draw_effect(chart, typical, legend, theme)
    for scale in scales:
        _draw_scale(chart, typical.scale(scale), legend, theme)
    plot.setXRange(0, MAX_HOURS, padding=0.01)
    plot.setYRange(0, 1.0 * HEADROOM, padding=0)
    plot.getAxis("left").setTicks([[(v / 5, f"{v / 5:.1f}") for v in range(6)]])
    return chart


def _draw_windows(chart: TypicalDayChart, typical: TypicalDay, legend, theme) -> None:
    for attr, window, rgb, name in (("wear_off", typical.wear_off_h, WEAR_OFF_RGB,
                                     "Wearing off (median)"),
                                    ("rebound", typical.rebound_h, REBOUND_RGB,
                                     "Rebound risk (median)")):
        if window is None:
            continue
        bands = WindowBands([pg.mkBrush(*theme.rgba(rgb, 1.4))], name)
        bands.set_windows(np.array([window[0]]), np.array([window[1]]))
        chart.plot.addItem(bands, ignoreBounds=True)
        legend.addItem(BlockSample(bands), name)
        setattr(chart, attr, bands)


def _draw_effect(chart: TypicalDayChart, typical: TypicalDay, legend, theme) -> None:
    profile = typical.effect
    if profile is None:
        return
    colour = theme.analyte_colour(0)
    band_brush = pg.mkBrush(pg.mkColor(colour).red(), pg.mkColor(colour).green(),
                            pg.mkColor(colour).blue(), 40)
    low = pg.PlotCurveItem(profile.hours, np.clip(profile.mean - profile.sd, 0, 1))
    high = pg.PlotCurveItem(profile.hours, np.clip(profile.mean + profile.sd, 0, 1))
    chart.plot.addItem(pg.FillBetweenItem(low, high, brush=band_brush))
    chart.effect = chart.plot.plot(profile.hours, profile.mean, pen=pg.mkPen(colour, width=2.5))
    legend.addItem(chart.effect, "Predicted effect")


def _draw_scale(chart: TypicalDayChart, series: ScaleByHour, legend, theme) -> None:
    colour = theme.scale_colours[series.scale]
    x, mean, low, high = bin_centres_and_means(series)
    finite = np.isfinite(mean)
    c = pg.mkColor(colour)
    lo = pg.PlotCurveItem(x[finite], low[finite])
    hi = pg.PlotCurveItem(x[finite], high[finite])
    if not finite.any():  # no hour with enough check-ins: an empty (but named) series
        x, mean = np.empty(0), np.empty(0)
    band = pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(c.red(), c.green(), c.blue(), 38))
    line = pg.PlotDataItem(x, mean, pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.SolidLine),
                           symbol=SCALE_SYMBOLS[series.scale], symbolSize=7,
                           symbolBrush=pg.mkBrush(colour), symbolPen=pg.mkPen(theme.background),
                           connect="finite")
    for item in (band, line):
        chart.scales_view.addItem(item)
    legend.addItem(line, f"{series.scale.capitalize()} (n={series.n})")
    chart.means[series.scale], chart.bands[series.scale] = line, band
