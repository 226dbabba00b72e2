"""A small chart in the medication editor: one dose of the product being defined, as the
model predicts it, beside the product it was started from."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from rebound_tracker.pk.model import SimulationResult
from rebound_tracker.report.charts.axes import add_legend, style_plot
from rebound_tracker.report.charts.theme import GREY, system_theme
from rebound_tracker.ui.number_box import NumberBox

PREVIEW_HOURS = 24.0


class MedicationPreview(QWidget):
    """``dose_changed`` when the person changes the dose previewed."""

    dose_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = system_theme()
        title = QLabel("<b>Preview</b>: predicted concentration after one dose, fasted, "
                       "with your saved weight and settings.")
        title.setWordWrap(True)
        self.mg = NumberBox(0.0, 2000.0, suffix=" mg", step=5.0,
                            accessible_name="Preview dose in mg")
        self.mg.setValue(10.0)
        self.mg.setMaximumWidth(140)
        self.plot_widget = pg.PlotWidget(background=self._theme.background)
        self.plot_widget.setAccessibleName("Preview of one dose's predicted concentration")
        self.plot_widget.setMinimumSize(340, 240)
        for widget in (self.plot_widget, self.plot_widget.viewport()):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do with keys
        self.plot = self.plot_widget.getPlotItem()
        style_plot(self.plot, self._theme)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "hours after the dose")
        self.plot.setXRange(0, PREVIEW_HOURS, padding=0)
        self.plot.getAxis("bottom").setTicks([[(h, str(h)) for h in range(0, 25, 4)]])
        add_legend(self.plot, self._theme, columns=1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Preview message")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Preview summary")
        dose_row = QFormLayout()
        dose_label = QLabel("D&ose")
        dose_label.setBuddy(self.mg)
        dose_row.addRow(dose_label, self.mg)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(dose_row)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.mg.valueChanged.connect(self.dose_changed)

    def show_result(self, result: SimulationResult, name: str,
                    compared: tuple[str, SimulationResult] | None = None) -> None:
        """Draw ``result`` (and, dashed, the product it was started from)."""
        self._clear()
        self.message.setText("")
        if self.plot.legend is not None:
            self.plot.legend.setVisible(True)
        units = set()
        for index, curve in enumerate(result.analytes):
            pen = pg.mkPen(self._theme.analyte_colour(index), width=2.5 if index == 0 else 1.5)
            label = name if len(result.analytes) == 1 else f"{name}: {curve.analyte}"
            self.plot.plot(result.t_h, curve.concentration, pen=pen, name=label)
            units.add(curve.unit)
        if compared is not None:
            other_name, other = compared
            first = other.analytes[0]
            self.plot.plot(other.t_h, first.concentration, name=f"{other_name} (original)",
                           pen=pg.mkPen(GREY, width=1.5, style=Qt.PenStyle.DashLine))
        self.plot.setLabel("left", f"{result.analytes[0].analyte}",
                           units=None if len(units) != 1 else units.pop())
        self.plot.setYRange(0, _top(result, compared), padding=0)
        main = result.analytes[0]
        peak_at = float(result.t_h[int(np.argmax(main.concentration))])
        self.summary.setText(
            f"Peak {main.concentration.max():.3g} {main.unit} at {peak_at:.1f} h after the "
            "dose" + ("" if compared is None else f"; {compared[0]} peaks at "
                      f"{compared[1].analytes[0].concentration.max():.3g} {main.unit}") + ".")

    def show_message(self, text: str) -> None:
        """No curve: say why (the definition is not valid yet, or no dose is set)."""
        self._clear()
        self.summary.setText("")
        self.message.setText(text)

    def _clear(self) -> None:
        self.plot.clear()
        if self.plot.legend is not None:
            self.plot.legend.clear()
            self.plot.legend.setVisible(False)


def _top(result: SimulationResult, compared: tuple[str, SimulationResult] | None) -> float:
    peaks = [float(c.concentration.max()) for c in result.analytes]
    if compared is not None:
        peaks.append(float(compared[1].analytes[0].concentration.max()))
    return max(max(peaks) * 1.35, 1e-6)  # room for the legend above the curves
