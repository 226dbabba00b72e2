"""The selected day: predicted concentration, dose markers, check-ins, wear-off and rebound."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rebound_tracker.domain.entries import CheckIn, Dose
from rebound_tracker.domain.timeparse import day_bounds
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import Prediction, SimulationService
from rebound_tracker.ui import palette

SHOWN_SCALES = ("focus", "mood", "irritability")


class PlotPanel(QWidget):
    """Owns a pyqtgraph PlotWidget; pyqtgraph types stay inside this class."""

    def __init__(
        self,
        simulation: SimulationService,
        doses: DoseService,
        checkins: CheckInService,
        medications: MedicationService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._simulation, self._doses, self._checkins = simulation, doses, checkins
        self._meds = medications
        self.day: date | None = None
        self.prediction: Prediction | None = None

        pg.setConfigOptions(antialias=True)
        self.plot = pg.PlotWidget(background="w", axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setAccessibleName("Predicted concentration with doses and check-ins")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setLabel("left", "Predicted concentration", units="ng/mL")
        item.showAxis("right")
        item.setLabel("right", "Check-in (0–10)")
        item.getViewBox().setMouseEnabled(x=True, y=False)
        self.legend = item.addLegend(offset=(10, 5), labelTextColor="#222",
                                     brush=(255, 255, 255, 200))

        self.scales_view = pg.ViewBox()
        item.scene().addItem(self.scales_view)
        item.getAxis("right").linkToView(self.scales_view)
        self.scales_view.setXLink(item)
        self.scales_view.setYRange(0, 10.5, padding=0)
        self.scales_view.setMouseEnabled(x=False, y=False)
        item.getViewBox().sigResized.connect(self._sync_views)

        self.concentration_items: dict[str, pg.PlotDataItem] = {}
        self.dose_markers = pg.ScatterPlotItem(symbol="t1", size=14, pen=pg.mkPen("#222"),
                                               brush=pg.mkBrush(palette.YELLOW))
        self.dose_labels: list[pg.TextItem] = []
        self.checkin_items: dict[str, pg.PlotDataItem] = {}
        self.wear_off_regions: list[pg.LinearRegionItem] = []
        self.rebound_regions: list[pg.LinearRegionItem] = []
        self.now_line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen(palette.GREY, style=Qt.PenStyle.DashLine), label="now",
            labelOpts={"position": 0.95, "color": palette.GREY},
        )
        self.empty_text = pg.TextItem("", color=palette.GREY, anchor=(0.5, 0.5))
        item.addItem(self.dose_markers)
        item.addItem(self.now_line, ignoreBounds=True)
        item.addItem(self.empty_text, ignoreBounds=True)
        self.legend.addItem(self.dose_markers, "Dose")
        for rgba, text in ((palette.WEAR_OFF_RGBA, "Predicted wear-off"),
                           (palette.REBOUND_RGBA, "Predicted rebound")):
            swatch = pg.PlotDataItem([], [], pen=None, fillLevel=0,
                                     fillBrush=pg.mkBrush(*rgba[:3], 140))
            self.legend.addItem(swatch, text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    # --- public ------------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        """Recompute the day's prediction and redraw every layer."""
        if self.day is None:
            return
        start, end = day_bounds(self.day)
        self.prediction = self._simulation.predict_day(self.day)
        doses = self._doses.list(start, end)
        checkins = self._checkins.list(start, end)
        self._draw_curves(self.prediction)
        self._draw_windows(self.prediction)
        self._draw_doses(doses, self.prediction)
        self._draw_checkins(checkins)
        self._draw_now(start, end)
        self._draw_empty_state(start, end, doses, self.prediction)
        self.plot.getPlotItem().setXRange(start.timestamp(), end.timestamp(), padding=0)
        self.plot.getPlotItem().enableAutoRange(axis="y")

    # --- layers ------------------------------------------------------------------------
    def _draw_curves(self, prediction: Prediction | None) -> None:
        item = self.plot.getPlotItem()
        curves = prediction.result.analytes if prediction else ()
        wanted = {c.analyte for c in curves}
        for analyte in list(self.concentration_items):
            if analyte not in wanted:
                old = self.concentration_items.pop(analyte)
                item.removeItem(old)
                self.legend.removeItem(old)
        if prediction is None:
            return
        x = prediction.epoch_seconds()
        for i, curve in enumerate(curves):
            data = self.concentration_items.get(curve.analyte)
            if data is None:
                colour = palette.ANALYTE_COLOURS[i % len(palette.ANALYTE_COLOURS)]
                data = item.plot(pen=pg.mkPen(colour, width=2.5),
                                 name=f"{curve.analyte} (predicted)")
                self.concentration_items[curve.analyte] = data
            data.setData(x, curve.concentration)

    def _draw_windows(self, prediction: Prediction | None) -> None:
        item = self.plot.getPlotItem()
        for region in self.wear_off_regions + self.rebound_regions:
            item.removeItem(region)
        self.wear_off_regions, self.rebound_regions = [], []
        if prediction is None:
            return
        origin = prediction.origin.timestamp()
        for curve in prediction.result.analytes:
            for window in curve.wear_off:
                self.wear_off_regions.append(self._region(origin, window.start_h, window.end_h,
                                                          palette.WEAR_OFF_RGBA, "wear-off"))
            for window in curve.rebound:
                r, g, b, a = palette.REBOUND_RGBA
                alpha = int(a * (0.6 + 0.8 * (window.severity or 0.0)))
                self.rebound_regions.append(self._region(origin, window.start_h, window.end_h,
                                                         (r, g, b, alpha), "rebound"))

    def _region(self, origin: float, start_h: float, end_h: float, rgba, label: str):
        region = pg.LinearRegionItem(
            values=(origin + start_h * 3600, origin + end_h * 3600), movable=False,
            brush=pg.mkBrush(*rgba), pen=pg.mkPen(None),
        )
        region.setZValue(-10)
        region.setToolTip(f"Predicted {label} window")
        self.plot.getPlotItem().addItem(region)
        return region

    def _draw_doses(self, doses: list[Dose], prediction: Prediction | None) -> None:
        item = self.plot.getPlotItem()
        for label in self.dose_labels:
            item.removeItem(label)
        self.dose_labels = []
        x = np.array([d.taken.instant.timestamp() for d in doses], dtype=float)
        if prediction is not None and doses:
            total = np.sum([c.concentration for c in prediction.result.analytes], axis=0)
            y = np.interp(x, prediction.epoch_seconds(), total)
        else:
            y = np.zeros_like(x)
        self.dose_markers.setData(x=x, y=y, data=[d.id for d in doses])
        for dose, xi, yi in zip(doses, x, y, strict=True):
            name = self._meds.get(dose.medication_id).name
            label = pg.TextItem(f"{name} {dose.mg:g} mg", color="#222", anchor=(0, 1.2))
            label.setPos(xi, yi)
            item.addItem(label, ignoreBounds=True)
            self.dose_labels.append(label)

    def _draw_checkins(self, checkins: list[CheckIn]) -> None:
        x = np.array([c.at.instant.timestamp() for c in checkins], dtype=float)
        for scale in SHOWN_SCALES:
            values = np.array([np.nan if c.scale(scale) is None else c.scale(scale)
                               for c in checkins], dtype=float)
            data = self.checkin_items.get(scale)
            if data is None:
                colour = palette.SCALE_COLOURS[scale]
                data = pg.PlotDataItem(pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine),
                                       symbol="o", symbolSize=8, symbolBrush=colour,
                                       symbolPen=pg.mkPen("w"), name=f"{scale} (check-in)",
                                       connect="finite")
                self.scales_view.addItem(data)
                self.legend.addItem(data, f"{scale.capitalize()} (check-in)")
                self.checkin_items[scale] = data
            data.setData(x, values)

    def _draw_now(self, start: datetime, end: datetime) -> None:
        now = datetime.now().astimezone()
        inside = start <= now < end
        self.now_line.setVisible(inside)
        if inside:
            self.now_line.setValue(now.timestamp())

    def _draw_empty_state(self, start, end, doses, prediction) -> None:
        if prediction is None and not doses:
            self.empty_text.setText("No doses logged on this day — log one on the left.")
            self.empty_text.setPos((start.timestamp() + end.timestamp()) / 2, 0.5)
            self.empty_text.show()
        else:
            self.empty_text.hide()

    def _sync_views(self) -> None:
        main = self.plot.getPlotItem().getViewBox()
        self.scales_view.setGeometry(main.sceneBoundingRect())
        self.scales_view.linkedViewChanged(main, self.scales_view.XAxis)
