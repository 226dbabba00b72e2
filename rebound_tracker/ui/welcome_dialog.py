"""The first-run welcome (and Help ▸ Welcome and example day): what the app does, that it is
not medical advice, where the data lives; the optional body weight and usual regimen; and
one example day whose curve, wear-off band and rebound band are labelled and explained."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker import NOT_MEDICAL_ADVICE
from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.domain.settings import DEFINITIONS, RegimenDose, parse_setting
from rebound_tracker.report.charts.date_axis import DateAxis
from rebound_tracker.report.charts.theme import system_theme
from rebound_tracker.report.charts.timeline import TimelineChart
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.regimen_plans import example_day
from rebound_tracker.services.settings import SettingsService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.services.timeline import TimelineData
from rebound_tracker.ui.feedback import error_label
from rebound_tracker.ui.regimen_editor import RegimenEditor
from rebound_tracker.ui.settings_dialog import describe_setting_error

WHAT_IT_DOES = (
    "Log each dose and a few quick check-ins a day (mood, focus, irritability …, 0–10). "
    "Rebound Tracker lays them over a pharmacokinetic model of your doses, so you can see "
    "when your dips come relative to them, and bring a summary to your prescriber.")

EXPLANATION = (
    "<b>①&nbsp;The line</b> is the predicted effect of the dose (0–1): a model from "
    "population averages, not a measurement of you. "
    "<b>②&nbsp;Blue: wearing off</b> — the effect has fallen below half of its peak. "
    "<b>③&nbsp;Orange: rebound risk</b> — the effect falls towards baseline, and the hours "
    "just after: when irritability, tiredness or low mood most often come. Darker orange "
    "means a steeper fall. Your check-ins appear on the right-hand 0–10 axis; over weeks "
    "the Trends view compares them inside and outside these windows.")


class ExampleDay(QWidget):
    """A one-day timeline chart of the effect, with the three parts numbered on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme = system_theme()
        self.plot = pg.PlotWidget(background=theme.background, axisItems={"bottom": DateAxis()})
        self.plot.setAccessibleName("Example day: predicted effect with its wear-off and "
                                    "rebound risk windows")
        self.plot.setMinimumSize(520, 300)
        self.chart = TimelineChart(self.plot.getPlotItem(), theme)
        self.chart.set_kind("effect")
        self.chart.set_scales(())
        plot = self.plot.getPlotItem()
        plot.getViewBox().setMouseEnabled(x=False, y=False)
        plot.getAxis("left").enableAutoSIPrefix(False)  # an effect of 0–1, not "x0.001"
        plot.hideAxis("right")  # no check-ins in an example
        plot.hideButtons()
        # The numbered labels on the plot and the caption under it are this chart's legend.
        self.chart.legend.setVisible(False)
        self.marks = [pg.TextItem("", color=theme.foreground, anchor=(0.5, 1.0))
                      for _ in range(3)]
        for mark in self.marks:
            self.plot.addItem(mark, ignoreBounds=True)
        self.caption = QLabel(EXPLANATION)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

    def show_day(self, data: TimelineData) -> None:
        after = data.end + timedelta(days=1)  # no 'now' line, no dashed rest of today
        self.chart.set_data(data, now=after)
        self.chart.set_x_range(data.start.timestamp(), data.end.timestamp())
        self.label_parts(data)

    def label_parts(self, data: TimelineData) -> None:
        """Put ①, ② and ③ on the curve's peak and on the first wear-off and rebound band."""
        top = self.chart.plot.getViewBox().viewRange()[1][1]
        curve = data.curves[0] if data.curves else None
        spots: list[tuple[str, float, float] | None] = [None, None, None]
        if curve is not None and curve.effect.size:
            i = int(np.argmax(curve.effect))
            spots[0] = ("① predicted effect", float(curve.x[i]), float(curve.effect[i]) + 0.03)
        for n, (series, text) in enumerate(((data.wear_off, "② wearing off"),
                                            (data.rebound, "③ rebound risk")), start=1):
            if series.starts.size:
                middle = (float(series.starts[0]) + float(series.ends[0])) / 2
                spots[n] = (text, middle, top * (0.80 if n == 1 else 0.68))
        left, right = data.start.timestamp(), data.end.timestamp()
        for mark, spot in zip(self.marks, spots, strict=True):
            mark.setVisible(spot is not None)
            if spot is not None:
                mark.setText(spot[0])
                # Near the right edge the text runs leftwards from its spot, not off the plot.
                near_edge = spot[1] > left + 0.8 * (right - left)
                mark.setAnchor((1.0, 1.0) if near_edge else (0.5, 1.0))
                mark.setPos(min(spot[1], right - 0.01 * (right - left)), spot[2])

    def mark_texts(self) -> list[str]:
        return [m.textItem.toPlainText() for m in self.marks if m.isVisible()]


class WelcomeDialog(QDialog):
    """Non-modal: the window behind stays usable. ``finished_welcome`` is emitted once the
    person saves or skips (the caller remembers that this store has been welcomed)."""

    finished_welcome = Signal()

    def __init__(self, settings: SettingsService, medications: MedicationService,
                 simulation: SimulationService, data_dir: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Rebound Tracker")
        self.setObjectName("welcomeDialog")
        self._settings, self._medications, self._simulation = settings, medications, simulation
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("optional; the model uses 70 kg without it")
        self.weight.setAccessibleName("Body weight in kg (optional)")
        self.regimen = RegimenEditor(medications)
        self.example = ExampleDay()
        self.example_title = QLabel()
        self.error = error_label()
        self.skip = QPushButton("Skip for now")
        self.skip.setAutoDefault(False)
        self.save = QPushButton("Save and start")
        self.save.setDefault(True)
        self._build(data_dir)
        current = settings.current()
        if "weight_kg" in settings.stored_names():
            self.weight.setText(f"{current.weight_kg:g}")
        self.regimen.set_regimen(current.regimen)
        self.regimen.changed.connect(self.refresh_example)
        self.skip.clicked.connect(self.skip_welcome)
        self.save.clicked.connect(self.save_and_start)
        self.refresh_example()
        self.resize(1150, 640)

    def _build(self, data_dir: str) -> None:
        intro = QLabel(f"<p>{WHAT_IT_DOES}</p><p><b>{NOT_MEDICAL_ADVICE}</b></p>"
                       f"<p>Your data stays on this computer, in <code>{data_dir}</code>. "
                       "The app makes no network connection.</p>")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        about_you = QGroupBox("Tell the model about you (optional, changeable in "
                              "Edit ▸ Settings)")
        form = QFormLayout(about_you)
        form.addRow("Body &weight (kg)", self.weight)
        form.addRow(QLabel(DEFINITIONS["regimen"].description))
        form.addRow(self.regimen)
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(about_you)
        left.addStretch(1)
        left.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip)
        buttons.addWidget(self.save)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.example_title)
        right.addWidget(self.example, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def refresh_example(self) -> None:
        """The example day of the regimen typed so far (while it reads), else the example."""
        regimen = self._typed_regimen()
        data = example_day(self._simulation, self._medications, date.today(), regimen)
        names = ", ".join(data.doses.labels)
        self.example_title.setText(
            f"<b>{'Your usual day' if regimen else 'An example day'}:</b> {names} "
            "(predicted; nothing is logged)")
        self.example.show_day(data)

    def _typed_regimen(self) -> tuple[RegimenDose, ...]:
        try:
            checked = self._settings.check({"regimen": self.regimen.regimen_text()})
            return parse_setting("regimen", checked["regimen"])[1]
        except ReboundError:
            return ()

    def save_and_start(self) -> bool:
        changes = {"regimen": self.regimen.regimen_text()}
        if self.weight.text().strip():
            changes["weight_kg"] = self.weight.text()
        try:
            self._settings.update(changes)
        except ReboundError as error:
            self.error.setText(describe_setting_error(error))
            self.error.show()
            return False
        self.error.hide()
        self.finished_welcome.emit()
        self.accept()
        return True

    def skip_welcome(self) -> None:
        self.finished_welcome.emit()
        self.reject()
