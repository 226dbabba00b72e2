"""The chart functions the PDF report reuses: drawn on a fresh PlotItem and exported
without any window, from plain service data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.charts.axes import new_plot
from rebound_tracker.report.charts.theme import LIGHT
from rebound_tracker.report.charts.timeline import draw_timeline
from rebound_tracker.report.charts.trend_charts import (
    draw_adherence,
    draw_daily_averages,
    draw_rebound_evidence,
    rolling_mean,
    timing_histogram,
)
from rebound_tracker.report.charts.typical_day import draw_typical_day

FIRST = date(2026, 3, 2)


def local(day: date, hour: float) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day)) + timedelta(hours=hour)


def export(plot: pg.PlotItem):
    layout = pg.GraphicsLayoutWidget()
    layout.resize(800, 400)
    layout.addItem(plot)
    layout.show()
    image = pg.exporters.ImageExporter(plot).export(toBytes=True)
    layout.close()
    return image


def test_typical_day_and_trend_charts_on_a_new_plot(qtbot, services):
    for i in range(7):
        day = FIRST + timedelta(days=i)
        services.doses.add("concerta", 36, local(day, 8), confirmed=True)
        services.checkins.add({"focus": 7, "mood": 6}, local(day, 10.5))
        services.checkins.add({"focus": 3, "mood": 4}, local(day, 19.5))
    trends = services.trends.compute(FIRST, FIRST + timedelta(days=6))
    plot = new_plot(LIGHT)
    chart = draw_typical_day(trends.typical_day, ("focus", "mood"), plot=plot, theme=LIGHT)
    x, y = chart.means["focus"].getOriginalDataset()
    drawn = {float(a): float(b) for a, b in zip(x, y, strict=True) if np.isfinite(b)}
    assert drawn == {2.5: 7.0, 11.5: 3.0}
    assert chart.effect is not None and chart.rebound is not None
    assert not export(plot).isNull()
    evidence_plot = new_plot(LIGHT)
    bars = draw_rebound_evidence(trends.evidence, plot=evidence_plot, theme=LIGHT)
    # A week is too little for an estimate: no bar has a height, the counts are labelled.
    assert list(bars["inside"].opts["height"]) == [0.0] * 6
    labels = [i.toPlainText() for i in evidence_plot.items if hasattr(i, "toPlainText")]
    focus = trends.evidence.scale("focus").estimate
    assert focus.n_inside + focus.n_baseline == 14
    assert str(focus.n_inside) in labels and str(focus.n_baseline) in labels
    assert not any("too few" in t or "not enough" in t for t in labels)  # not over the bars:
    ticks = [label for _v, label in evidence_plot.getAxis("bottom")._tickLevels[0]]
    assert "focus\n(too few)" in ticks
    lines = draw_daily_averages(trends.daily, ["focus"], plot=new_plot(LIGHT, dates=True),
                                theme=LIGHT)
    assert lines["focus"].getOriginalDataset()[1].tolist() == [5.0] * 7
    timing = draw_adherence(trends.adherence, plot=new_plot(LIGHT), theme=LIGHT)
    assert int(np.sum(timing.opts["height"])) == trends.adherence.taken == 7


def test_draw_timeline_spans_its_period(qtbot, services):
    services.doses.add("concerta", 36, local(FIRST, 8), confirmed=True)
    start, end = day_bounds(FIRST)
    data = services.timeline.load(start, end)
    chart = draw_timeline(data, theme=LIGHT, kind="effect", now=end + timedelta(days=1))
    assert chart.x_range() == (start.timestamp(), end.timestamp())
    assert not chart.now_line.isVisible()
    assert chart.curves["methylphenidate"].getOriginalDataset()[1].max() <= 1.0
    assert not export(chart.plot).isNull()


def test_rolling_mean_skips_days_without_checkins():
    values = np.array([2.0, np.nan, 4.0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 6.0])
    out = rolling_mean(values, days=3)
    assert out[:3].tolist() == [2.0, 2.0, 3.0]
    assert np.isnan(out[5]) and out[9] == 6.0


def test_timing_histogram_keeps_outliers_in_the_end_bins():
    edges, counts = timing_histogram([-500, -5, 0, 5, 500], bin_min=10, limit=30)
    assert edges[0] == -30 and edges[-1] == 30
    assert counts.tolist() == [1, 0, 1, 2, 0, 1]


def test_calibration_wear_off_labels_stay_inside_the_plot(qtbot):
    from rebound_tracker.domain.calibration import CalibrationPlot, ObservedPoint
    from rebound_tracker.report.charts.calibration_fit import draw_calibration_fit

    hours = tuple(np.linspace(0, 15.5, 64))
    curve = tuple(4 + np.sin(np.array(hours) / 5))
    for late, early in ((12.6, 12.4), (3.1, 2.9)):  # Concerta-like, then IR-like
        data = CalibrationPlot("focus", hours, curve, curve,
                               (ObservedPoint(1.0, "focus", 4), ObservedPoint(15.0, "focus", 3)),
                               late, early)
        chart = draw_calibration_fit(data, theme=LIGHT)
        layout = pg.GraphicsLayoutWidget()
        layout.resize(900, 330)
        layout.addItem(chart.plot)
        layout.show()
        qtbot.waitExposed(layout)
        qtbot.wait(50)  # the labels take their places once the view has its size
        view = chart.plot.getViewBox().sceneBoundingRect()
        for line in chart.wear_off_lines.values():
            label = line.label.sceneBoundingRect()
            assert view.left() <= label.left() and label.right() <= view.right() + 1, \
                (line.value(), label, view)
        layout.close()
