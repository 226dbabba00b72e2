"""Trends across weeks: the typical day, the rebound evidence, daily averages and dose
timing, with the figures in plain language. Computed off the UI thread."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.report.adherence_words import adherence_statement
from rebound_tracker.report.charts.axes import style_plot
from rebound_tracker.report.charts.theme import ChartTheme, system_theme
from rebound_tracker.report.charts.timeline import DEFAULT_SCALES
from rebound_tracker.report.charts.trend_charts import (
    draw_adherence,
    draw_daily_averages,
    draw_rebound_evidence,
)
from rebound_tracker.report.charts.typical_day import draw_typical_day
from rebound_tracker.report.evidence_words import CAVEAT, summary_lines
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.trends import Trends, TrendsService
from rebound_tracker.ui.background import run_in_background

TITLES = {
    "typical": "Typical day: check-ins by hours since the morning dose",
    "comparison": "Inside rebound windows vs your usual at the same clock time",
    "daily": "Daily means, 7-day average line",
    "timing": "Regimen dose timing vs your usual time",
}
PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last 365 days", 365),
           ("All history", None))


class TrendsPanel(QWidget):
    computed = Signal(object)  # the Trends just drawn

    def __init__(self, trends: TrendsService, medications: MedicationService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trends, self._meds = trends, medications
        self.trends: Trends | None = None
        self.scales: tuple[str, ...] = DEFAULT_SCALES
        self.stale = True
        self._generation = 0
        self.theme = system_theme()
        self.period = QComboBox()
        self.period.setAccessibleName("Trends period")
        for text, days in PERIODS:
            self.period.addItem(text, days)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.refresh)
        self.status = QLabel()
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(self.theme.background)
        self.graphics.setAccessibleName("Trend charts")
        self.summary = QTextBrowser()
        self.summary.setAccessibleName("Trend figures in words")
        self.summary.setMaximumHeight(150)
        top = QHBoxLayout()
        top.addWidget(QLabel("Period:"))
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.summary)
        self.plots: dict[str, pg.PlotItem] = {}
        self._make_plots()

    def _make_plots(self) -> None:
        """The four plots live as long as the panel; each draw empties and refills them
        (replacing them leaked their legends' and right-hand views' items into the scene,
        and a view linked to a deleted plot crashed the next paint)."""
        for key, row, col in (("typical", 0, 0), ("comparison", 0, 1), ("daily", 1, 0),
                              ("timing", 1, 1)):
            axes = {"bottom": pg.DateAxisItem()} if key == "daily" else None
            self.plots[key] = self.graphics.addPlot(row=row, col=col, axisItems=axes)

    def _empty_plots(self) -> None:
        for key, plot in self.plots.items():
            plot.clear()
            if plot.legend is not None:
                plot.legend.clear()
            plot.setTitle(TITLES[key], color=self.theme.foreground, size="10pt")
            style_plot(plot, self.theme)

    def set_theme(self, theme: ChartTheme) -> None:
        self.theme = theme
        self.graphics.setBackground(theme.background)
        if self.trends is not None:
            self._draw(self.trends)

    def set_scales(self, scales: Iterable[str]) -> None:
        self.scales = tuple(scales)
        if self.trends is not None:
            self._draw(self.trends)

    def period_days(self) -> tuple[date | None, date]:
        today = local_now().date()
        days = self.period.currentData()
        return (None if days is None else today - timedelta(days=days - 1)), today

    def refresh(self) -> None:
        """Recompute in the background; the charts are replaced when it is done."""
        self._generation += 1
        generation = self._generation
        self.stale = False
        first, last = self.period_days()
        self.status.setText("Computing…")

        def done(trends: Trends) -> None:
            if generation == self._generation:
                self._draw(trends)

        run_in_background(lambda: self._trends.compute(first, last), done,
                          lambda e: self.status.setText(f"Could not compute: {e}"), owner=self)

    def _draw(self, trends: Trends) -> None:
        self.trends = trends
        self._empty_plots()
        theme = self.theme
        self.typical_chart = draw_typical_day(trends.typical_day, self.scales,
                                              plot=self.plots["typical"], theme=theme)
        self.comparison_bars = draw_rebound_evidence(trends.evidence,
                                                     plot=self.plots["comparison"], theme=theme)
        self.daily_lines = draw_daily_averages(trends.daily, self.scales,
                                               plot=self.plots["daily"], theme=theme)
        self.timing_bars = draw_adherence(trends.adherence, plot=self.plots["timing"],
                                          theme=theme)
        self.summary.setHtml(self.summary_html(trends))
        self.status.setText(f"{trends.first_day:%d %b %Y} – {trends.last_day:%d %b %Y}: "
                            f"{trends.doses} doses, {trends.checkins} check-ins")
        self.computed.emit(trends)

    def summary_html(self, trends: Trends) -> str:
        names = {f.id: f.name for f in self._meds.all()}
        typical = trends.typical_day
        items = [f"Typical day from {typical.days} days with a morning dose."]
        if typical.rebound_h is not None:
            start, end = typical.rebound_h
            items.append(f"Predicted rebound typically {start:.1f}–{end:.1f} h after the "
                         "morning dose.")
        items += summary_lines(trends.evidence, self.scales)
        items.append(adherence_statement(trends.adherence, names))
        items.append(CAVEAT)
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
