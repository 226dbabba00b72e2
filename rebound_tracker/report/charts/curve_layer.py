"""The timeline's predicted curves: solid up to now, the rest of today dashed, and the
what-if dashed in its own colour; thinned to a min/max pair per pixel and clipped to view."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from rebound_tracker.report.charts.theme import ChartTheme
from rebound_tracker.services.timeline import CurveSeries, TimelineData

REST_OF_TODAY = "Rest of today (predicted)"


class CurveLayer:
    """Owns one curve item per analyte in each of ``curves`` (before now),
    ``future_curves`` (the rest of today) and ``what_if_curves`` on ``plot``."""

    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem, theme: ChartTheme) -> None:
        self.plot, self.legend, self.theme = plot, legend, theme
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.future_curves: dict[str, pg.PlotDataItem] = {}
        self.what_if_curves: dict[str, pg.PlotDataItem] = {}

    def _item(self, store: dict, analyte: str, index: int, *, dashed: bool,
              name: str | None, width: float = 2.5) -> pg.PlotDataItem:
        item = store.get(analyte)
        if item is None:
            style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
            colour = self.theme.what_if if store is self.what_if_curves else (
                self.theme.analyte_colour(index))
            item = self.plot.plot(pen=pg.mkPen(colour, width=width, style=style), name=name)
            item.opts["autoDownsampleFactor"] = 1.0  # a min/max pair per pixel column
            item.setDownsampling(auto=True, method="peak")
            item.setClipToView(True)
            store[analyte] = item
        return item

    def _drop_missing(self, store: dict, wanted: set[str]) -> None:
        for analyte in [a for a in store if a not in wanted]:
            item = store.pop(analyte)
            self.plot.removeItem(item)
            self.legend.removeItem(item)

    def draw(self, data: TimelineData | None, kind: str, now: float | None) -> None:
        """The predicted ``kind`` of each analyte, split at ``now``."""
        curves = data.curves if data else ()
        wanted = {c.analyte for c in curves}
        self._drop_missing(self.curves, wanted)
        self._drop_missing(self.future_curves, wanted)
        for i, curve in enumerate(curves):
            y = getattr(curve, kind)
            split = int(np.searchsorted(curve.x, now or np.inf, side="right"))
            past = self._item(self.curves, curve.analyte, i, dashed=False,
                              name=f"{curve.analyte.capitalize()} (predicted)")
            past.setData(curve.x[:split], y[:split])
            rest = self._item(self.future_curves, curve.analyte, i, dashed=True, name=None)
            lo = max(split - 1, 0)
            future = split < curve.x.size
            rest.setData(curve.x[lo:], y[lo:]) if future else rest.setData([], [])

    def draw_what_if(self, data: TimelineData | None, kind: str, label: str) -> None:
        """The what-if's curves, the first named ``label`` in the legend."""
        curves: tuple[CurveSeries, ...] = data.curves if data else ()
        self._drop_missing(self.what_if_curves, {c.analyte for c in curves})
        for i, curve in enumerate(curves):
            name = label if i == 0 else None
            item = self._item(self.what_if_curves, curve.analyte, i, dashed=True,
                              name=name, width=2.0)
            item.setData(curve.x, getattr(curve, kind))
            for sample, text in self.legend.items:  # the plan changed: so does its name
                if sample.item is item and name is not None and text.text != name:
                    text.setText(name)

    def set_smooth(self, smooth: bool) -> None:
        """Antialiased, thick curves for short spans; 1-pixel aliased ones (Qt's fast path)
        for long spans, where a curve is a dense comb of peaks anyway."""
        for store in (self.curves, self.future_curves, self.what_if_curves):
            for item in store.values():
                if item.opts["antialias"] != smooth:
                    item.opts["antialias"] = smooth
                    item.curve.opts["antialias"] = smooth
                    pen = pg.mkPen(item.opts["pen"])
                    pen.setWidthF(pen.widthF() * (2.5 if smooth else 0.4))
                    item.setPen(pen)
                    for sample, _label in self.legend.items:  # cached: redraw the new pen
                        if sample.item is item:
                            sample.update()

    def legend_rest_of_today(self, left: float, right: float) -> None:
        """Name the dashed rest-of-today curve only while some of it is in view."""
        first = next(iter(self.future_curves.values()), None)
        if first is None:
            return
        x = first.getOriginalDataset()[0]
        visible = x is not None and len(x) > 1 and x[0] < right and x[-1] > left
        listed = any(sample.item is first for sample, _ in self.legend.items)
        if visible and not listed:
            self.legend.addItem(first, REST_OF_TODAY)
        elif listed and not visible:
            self.legend.removeItem(first)
