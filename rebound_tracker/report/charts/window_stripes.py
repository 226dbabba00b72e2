"""The timeline's shaded wear-off and rebound windows: one full-height pair for one
substance, or a named stripe each when several substances have windows."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from rebound_tracker.report.charts.theme import REBOUND_RGB, WEAR_OFF_RGB, ChartTheme
from rebound_tracker.report.charts.window_bands import WindowBands
from rebound_tracker.services.timeline import TimelineData

REBOUND_SHADES = (0.7, 1.1, 1.6)
"""Opacity factors for rebound windows of low (<1/3), middle and high predicted severity."""
WEAR_OFF_NAME = "Wearing off (predicted)"
REBOUND_NAME = "Rebound risk (predicted; darker = steeper fall)"

Stripe = tuple[WindowBands, WindowBands, pg.TextItem]


class WindowStripes:
    """Owns the band items on ``plot``; ``stripes`` holds one (wear-off, rebound, label)
    per substance, top first (the first pair also serves a single substance)."""

    def __init__(self, plot: pg.PlotItem, theme: ChartTheme) -> None:
        self.plot, self.theme = plot, theme
        self.stripes: list[Stripe] = [(*self._band_pair(), self._stripe_label())]

    @property
    def wear_off(self) -> WindowBands:
        return self.stripes[0][0]

    @property
    def rebound(self) -> WindowBands:
        return self.stripes[0][1]

    def _band_pair(self) -> tuple[WindowBands, WindowBands]:
        theme = self.theme
        wear_off = WindowBands([pg.mkBrush(*theme.rgba(WEAR_OFF_RGB))], WEAR_OFF_NAME)
        rebound = WindowBands([pg.mkBrush(*theme.rgba(REBOUND_RGB, f))
                               for f in REBOUND_SHADES], REBOUND_NAME)
        for bands in (wear_off, rebound):
            self.plot.addItem(bands, ignoreBounds=True)
        return wear_off, rebound

    def _stripe_label(self) -> pg.TextItem:
        label = pg.TextItem("", color=self.theme.foreground, anchor=(0.0, 0.0))
        label.setZValue(-5)
        label.hide()
        self.plot.addItem(label, ignoreBounds=True)
        return label

    def set_data(self, data: TimelineData) -> None:
        """One full-height pair of bands for one substance; with several, a stripe each,
        named, so that no band is without its substance and none lies over another."""
        groups = [(g.wear_off, g.rebound, g.analyte) for g in data.by_substance]
        if len(groups) < 2:
            groups = [(data.wear_off, data.rebound, "")]
        while len(self.stripes) < len(groups):
            self.stripes.append((*self._band_pair(), self._stripe_label()))
        count = len(groups)
        for i, (wear_off, rebound, label) in enumerate(self.stripes):
            wear_off.span = rebound.span = (1.0 - (i + 1) / count, 1.0 - i / count)
            series = groups[i] if i < count else None
            if series is None:
                wear_off.set_windows(np.empty(0), np.empty(0))
                rebound.set_windows(np.empty(0), np.empty(0))
            else:
                wear_off.set_windows(series[0].starts, series[0].ends)
                levels = np.minimum((series[1].severity * 3).astype(int), 2)
                rebound.set_windows(series[1].starts, series[1].ends, levels)
            label.setText(series[2] if series else "")
            label.setVisible(bool(series and series[2]))

    def place_labels(self, left: float, right: float) -> None:
        """Each substance's name at the bottom of its stripe, on its first band in view
        (read leftwards near the right edge)."""
        shown = [(wear, rebound, label) for wear, rebound, label in self.stripes
                 if label.isVisible()]
        top = self.plot.getViewBox().viewRange()[1][1]
        width = right - left
        for i, (wear, rebound, label) in enumerate(shown):
            starts = [x for bands in (wear, rebound) for x in bands.starts.tolist()
                      if left <= x < right]
            x = min(starts) if starts else left  # a band begun before the view: its left
            near_edge = x > left + 0.85 * width
            label.setAnchor((1.0, 1.0) if near_edge else (0.0, 1.0))
            label.setPos(right - 0.004 * width if near_edge else max(x, left) + 0.002 * width,
                         top * (1.0 - (i + 1) / len(shown)))

    def names(self) -> list[str]:
        """The substances named on the band stripes (none for a single substance)."""
        return [label.toPlainText() for _w, _r, label in self.stripes if label.isVisible()]
