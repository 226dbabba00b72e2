"""The other trend charts: the rebound evidence (check-ins inside the predicted rebound
windows against the same-clock-time baseline), daily averages over weeks, and dose timing
against the usual regimen. Drawn by the trends view and the PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time

import numpy as np
import pyqtgraph as pg

from rebound_tracker.domain.timeparse import attach_local
from rebound_tracker.report.charts.axes import (
    HEADROOM,
    add_legend,
    new_plot,
    style_plot,
    zero_to_ten_ticks,
)
from rebound_tracker.report.charts.theme import (
    REBOUND_RGB,
    WEAR_OFF_RGB,
    ChartTheme,
    system_theme,
)
from rebound_tracker.services.adherence import ON_TIME_MIN, Adherence
from rebound_tracker.services.evidence import Evidence
from rebound_tracker.services.trends import DailyAverage

ROLLING_DAYS = 7
TIMING_BIN_MIN = 10


def _plot(plot: pg.PlotItem | None, theme: ChartTheme, dates: bool = False) -> pg.PlotItem:
    plot = plot or new_plot(theme, dates=dates)
    style_plot(plot, theme)
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    return plot


NOT_ENOUGH = "(too few)"
"""Written under a scale's name when it has no estimate (the summary below says why); one
short line, since 'not enough data' under six names ran into its neighbours."""


def draw_rebound_evidence(evidence: Evidence, *, plot: pg.PlotItem | None = None,
                          theme: ChartTheme | None = None) -> dict[str, pg.GraphicsObject]:
    """Per scale, the mean check-in inside the predicted rebound windows (orange, with the
    95% interval of its difference from the baseline) beside what the same person reports at
    those clock times without a rebound (blue), labelled with the check-ins inside and
    outside the windows; scales without an estimate say 'too few' under their name."""
    theme = theme or system_theme()
    plot = _plot(plot, theme)
    legend = add_legend(plot, theme, columns=1)
    scales = evidence.scales
    x = np.arange(len(scales), dtype=float)
    inside = np.array([np.nan if s.estimate.inside_mean is None else s.estimate.inside_mean
                       for s in scales])
    baseline = np.array([np.nan if s.estimate.baseline_mean is None
                         else s.estimate.baseline_mean for s in scales])
    items: dict[str, pg.GraphicsObject] = {
        "inside": pg.BarGraphItem(x=x - 0.18, height=np.nan_to_num(inside), width=0.34,
                                  brush=pg.mkBrush(*REBOUND_RGB, 220), pen=pg.mkPen(None)),
        "baseline": pg.BarGraphItem(x=x + 0.18, height=np.nan_to_num(baseline), width=0.34,
                                    brush=pg.mkBrush(*WEAR_OFF_RGB, 220), pen=pg.mkPen(None)),
    }
    names = {"inside": "Inside rebound windows",
             "baseline": "Your usual at those clock times"}
    for key, item in items.items():
        plot.addItem(item)
        legend.addItem(item, names[key])
    has = np.isfinite(inside)
    low = np.array([s.estimate.low or 0.0 for s in scales])
    high = np.array([s.estimate.high or 0.0 for s in scales])
    items["interval"] = pg.ErrorBarItem(
        x=x[has] - 0.18, y=baseline[has], top=high[has], bottom=-low[has], beam=0.12,
        pen=pg.mkPen(theme.foreground, width=1.5))
    plot.addItem(items["interval"])
    for i, s in enumerate(scales):
        for dx, n in ((-0.18, s.estimate.n_inside), (0.18, s.estimate.n_baseline)):
            label = pg.TextItem(str(n), color="#1a1a1a", anchor=(0.5, 1.0))
            label.setPos(i + dx, 0.1)
            plot.addItem(label)
    # "too few" goes under the scale's name: floating over the bars, neighbouring
    # notes overlapped each other and the counts.
    ticks = [(i, s.scale + ("\n" + NOT_ENOUGH if s.estimate.effect is None else ""))
             for i, s in enumerate(scales)]
    plot.getAxis("bottom").setTicks([ticks])
    if any("\n" in label for _x, label in ticks):
        plot.getAxis("bottom").setHeight(52)  # room for the second line
    plot.setLabel("left", "Mean check-in (0–10)", color=theme.foreground)
    plot.setYRange(0, 10 * HEADROOM, padding=0)
    zero_to_ten_ticks(plot.getAxis("left"))
    plot.setXRange(-0.6, len(scales) - 0.4, padding=0)
    return items


def rolling_mean(values: np.ndarray, days: int = ROLLING_DAYS) -> np.ndarray:
    """Trailing mean over ``days`` calendar days, ignoring NaN (days without check-ins)."""
    finite = np.isfinite(values)
    sums = np.convolve(np.where(finite, values, 0.0), np.ones(days))[:values.size]
    counts = np.convolve(finite.astype(float), np.ones(days))[:values.size]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def draw_daily_averages(daily: Sequence[DailyAverage], scales: Iterable[str], *,
                        plot: pg.PlotItem | None = None,
                        theme: ChartTheme | None = None) -> dict[str, pg.PlotDataItem]:
    """Each day's mean per scale (faint points) and its trailing 7-day mean (line)."""
    theme = theme or system_theme()
    plot = _plot(plot, theme, dates=True)
    legend = add_legend(plot, theme, columns=3)
    legend.setLabelTextSize("8pt")
    lines: dict[str, pg.PlotDataItem] = {}
    if not daily:
        return lines
    first = daily[0].day.toordinal()
    span = daily[-1].day.toordinal() - first + 1
    noon = np.array([attach_local(datetime.combine(daily[0].day.fromordinal(first + i),
                                                   time(12))).timestamp()
                     for i in range(span)])
    for scale in scales:
        colour = theme.scale_colours[scale]
        per_day = np.full(span, np.nan)
        for entry in daily:
            per_day[entry.day.toordinal() - first] = entry.means[scale]
        c = pg.mkColor(colour)
        has = np.isfinite(per_day)
        plot.plot(noon[has], per_day[has], pen=None, symbol="o", symbolSize=4, symbolPen=None,
                  symbolBrush=pg.mkBrush(c.red(), c.green(), c.blue(), 90))
        line = plot.plot(noon, rolling_mean(per_day), pen=pg.mkPen(colour, width=2),
                         connect="finite")
        legend.addItem(line, scale.capitalize())
        lines[scale] = line
    plot.setLabel("left", "Daily mean (0–10)", color=theme.foreground)
    plot.setYRange(0, 10 * HEADROOM, padding=0)
    zero_to_ten_ticks(plot.getAxis("left"))
    plot.setXRange(noon[0] - 43200, noon[-1] + 43200, padding=0)
    return lines


def timing_histogram(offsets_min: Sequence[float], bin_min: int = TIMING_BIN_MIN,
                     limit: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """Counts of regimen doses by minutes late (negative early), outliers in the end bins."""
    edges = np.arange(-limit, limit + bin_min, bin_min, dtype=float)
    clipped = np.clip(np.asarray(offsets_min, dtype=float), -limit, limit - 1e-9)
    counts, _ = np.histogram(clipped, bins=edges)
    return edges, counts


def draw_adherence(adherence: Adherence, *, plot: pg.PlotItem | None = None,
                   theme: ChartTheme | None = None) -> pg.BarGraphItem:
    """How late or early regimen doses were taken, with the on-time band shaded."""
    theme = theme or system_theme()
    plot = _plot(plot, theme)
    edges, counts = timing_histogram(adherence.offsets_min)
    zone = pg.LinearRegionItem((-ON_TIME_MIN, ON_TIME_MIN), movable=False,
                               brush=pg.mkBrush(0, 158, 115, 40), pen=pg.mkPen(None))
    zone.setZValue(-10)
    plot.addItem(zone)
    bars = pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts,
                           brush=pg.mkBrush(theme.analyte_colour(0)), pen=pg.mkPen(
                               theme.background))
    plot.addItem(bars)
    plot.setLabel("bottom", "Minutes from the usual time (− early, + late)",
                  color=theme.foreground)
    plot.setLabel("left", "Regimen doses", color=theme.foreground)
    plot.setXRange(edges[0], edges[-1], padding=0.02)
    # Whole doses from 0 up: with nothing counted, pyqtgraph's own range ran from −400 to 400.
    top = max(int(counts.max()) if counts.size else 0, 4)
    step = max(1, int(np.ceil(top / 4)))
    plot.setYRange(0, top * HEADROOM, padding=0)
    plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, top + 1, step)]])
    return bars
