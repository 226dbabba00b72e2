"""The timeline's personal-calibration layer: once a calibration is in force, a band around
each predicted effect curve (the 95% interval of the accepted parameters), the population
effect as a faint line for comparison, and hatched ranges where each predicted window may
start or end. Part of ``TimelineChart``, so the window and the PDF draw it alike.

The effect band and the population line belong to the effect view (personal timing moves
the effect, not the blood level); the window-edge ranges show in both views."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from rebound_tracker.report.charts.theme import REBOUND_RGB, WEAR_OFF_RGB, ChartTheme
from rebound_tracker.report.charts.window_bands import BlockSample, WindowBands
from rebound_tracker.services.timeline_band import BandSeries

BAND_NAME = "Personal timing: 95% range"
POPULATION_NAME = "Population timing (for comparison)"
EDGE_NAME = "Window start/end: 95% range"
_CLEAR = (0, 0, 0, 0)


class PersonalBandLayer:
    """Owns the band items on ``plot`` and their legend entries (shown only when drawn)."""

    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem, theme: ChartTheme) -> None:
        self.plot, self.legend, self.theme = plot, legend, theme
        self.data: BandSeries | None = None
        self.kind = "concentration"
        self.fills: list[tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem]] = []
        self.population: list[pg.PlotDataItem] = []
        edge_brushes = []
        for rgb in (WEAR_OFF_RGB, REBOUND_RGB):
            brush = pg.mkBrush(*theme.rgba(rgb, 3.0))
            brush.setStyle(Qt.BrushStyle.FDiagPattern)
            edge_brushes.append(brush)
        self.edges = WindowBands(edge_brushes, EDGE_NAME)
        self.edges.setZValue(-9)  # over the windows' own shading
        plot.addItem(self.edges, ignoreBounds=True)

    def set_data(self, data: BandSeries | None, kind: str) -> None:
        self.data, self.kind = data, kind
        self._draw_effects()
        if data is None:
            self.edges.set_windows(np.empty(0), np.empty(0))
        else:
            starts = np.concatenate([data.wear_off_edges.starts, data.rebound_edges.starts])
            ends = np.concatenate([data.wear_off_edges.ends, data.rebound_edges.ends])
            levels = np.r_[np.zeros(data.wear_off_edges.starts.size, dtype=int),
                           np.ones(data.rebound_edges.starts.size, dtype=int)]
            order = np.argsort(starts, kind="stable")
            self.edges.set_windows(starts[order], ends[order], levels[order])
        self._legend()

    def set_kind(self, kind: str) -> None:
        self.set_data(self.data, kind)

    def shown(self) -> bool:
        """Whether the effect band is drawn now (a calibration in force, effect view)."""
        return bool(self.fills) and self.fills[0][2].isVisible()

    def describe(self, x: float) -> str:
        """The band at time ``x`` for the hover read-out ('' when none is drawn)."""
        if self.data is None:
            return ""
        parts = []
        for series in self.data.effects:
            if series.x.size and series.x[0] <= x <= series.x[-1]:
                low, high, population = (float(np.interp(x, series.x, y)) for y in
                                         (series.low, series.high, series.population))
                parts.append(f"{series.analyte} effect 95% {low:.2f}–{high:.2f}, population "
                             f"timing {population:.2f}")
        return "  ·  ".join(parts)

    def _draw_effects(self) -> None:
        effects = self.data.effects if self.data is not None else ()
        while len(self.fills) < len(effects):
            self.fills.append(self._fill_items(len(self.fills)))
            self.population.append(self._population_item())
        on = self.kind == "effect"
        for i, (low, high, fill) in enumerate(self.fills):
            series = effects[i] if i < len(effects) else None
            visible = on and series is not None
            for item in (low, high, fill, self.population[i]):
                item.setVisible(visible)
            if series is None:
                for item in (low, high, self.population[i]):
                    item.setData([], [])
                continue
            low.setData(series.x, series.low)
            high.setData(series.x, series.high)
            self.population[i].setData(series.x, series.population)

    def _fill_items(self, index: int):
        colour = pg.mkColor(self.theme.analyte_colour(index))
        colour.setAlpha(55)
        edges = []
        for _ in range(2):
            item = pg.PlotDataItem(pen=pg.mkPen(_CLEAR))
            item.setDownsampling(auto=True, method="peak")
            item.setClipToView(True)
            self.plot.addItem(item)
            edges.append(item)
        fill = pg.FillBetweenItem(edges[0], edges[1], brush=pg.mkBrush(colour))
        fill.setZValue(-1)
        self.plot.addItem(fill)
        return edges[0], edges[1], fill

    def _population_item(self) -> pg.PlotDataItem:
        colour = pg.mkColor(self.theme.muted)
        colour.setAlpha(150)
        item = pg.PlotDataItem(pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine))
        item.setDownsampling(auto=True, method="peak")
        item.setClipToView(True)
        self.plot.addItem(item)
        return item

    def _legend(self) -> None:
        """List the band, the faint population line and the edge ranges while drawn."""
        wanted = {
            BAND_NAME: self.fills[0][2] if self.shown() else None,
            POPULATION_NAME: self.population[0] if self.shown() else None,
            EDGE_NAME: self.edges if self.edges.starts.size else None,
        }
        listed = {label.text for _sample, label in self.legend.items}
        for name, item in wanted.items():
            if item is not None and name not in listed:
                sample = (BlockSample(item) if item is self.edges
                          else FillSample(item) if item is self.fills[0][2] else item)
                self.legend.addItem(sample, name)
            elif item is None and name in listed:
                self.legend.removeItem(name)


class FillSample(ItemSample):
    """A legend swatch for a filled band: a block in the band's own brush."""

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setPen(QPen(self.item.brush().color().darker(150), 1.0))
        painter.setBrush(self.item.brush())
        painter.drawRect(QRectF(1.0, 3.0, 18.0, 15.0))
