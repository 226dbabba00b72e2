"""The timeline and trends views: plotted data items and regions for known logs, driven by
the keyboard and mouse the way a person would."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtWidgets import QApplication

from rebound_tracker.domain.timeparse import attach_local, day_bounds
from rebound_tracker.report.evidence_words import statement
from rebound_tracker.ui.main_window import MainWindow
from rebound_tracker.ui.timeline_panel import X_PAD

DAY = date.today() - timedelta(days=3)
DAY_S = 86400.0


def local(day: date, hour: float) -> datetime:
    return attach_local(datetime(day.year, day.month, day.day)) + timedelta(hours=hour)


@pytest.fixture
def logged(services):
    """A Concerta morning with a booster and two check-ins on DAY; a lone dose 80 days ago."""
    ids = {
        "concerta": services.doses.add("concerta", 36, local(DAY, 7.5)).id,
        "booster": services.doses.add("methylphenidate-ir", 10, local(DAY, 14)).id,
        "checkin": services.checkins.add({"focus": 6, "mood": 7}, local(DAY, 10)).id,
        "late": services.checkins.add({"focus": 3, "mood": 4, "fatigue": 8},
                                      local(DAY, 19)).id,
    }
    services.doses.add("concerta", 36, local(DAY - timedelta(days=80), 8))
    return ids


@pytest.fixture
def window(qtbot, services, logged):
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(win.isActiveWindow)
    win.show_day(DAY)
    return win


def test_day_view_plots_the_model_doses_checkins_and_windows(window, services, logged):
    chart = window.timeline.chart
    start, end = day_bounds(DAY)
    assert chart.x_range() == pytest.approx((start.timestamp(), end.timestamp()))
    x, y = chart.curves["methylphenidate"].getOriginalDataset()
    expected = services.simulation.predict_logged(start - timedelta(days=1),
                                                  end + timedelta(days=1), step_min=2)
    np.testing.assert_allclose(x, expected.epoch_seconds())
    np.testing.assert_allclose(y, expected.result.analytes[0].concentration)
    assert [i for _x, _y, i in chart.doses.marks_in_view()] == [
        logged["concerta"], logged["booster"]]
    assert chart.doses.visible_labels() == ["Concerta 36 mg", "Ritalin 10 mg"]
    assert chart.checkins.items["focus"].points_in_view() == [
        (local(DAY, 10).timestamp(), 6.0, logged["checkin"]),
        (local(DAY, 19).timestamp(), 3.0, logged["late"])]
    origin = expected.origin.timestamp()
    rebound = [(origin + w.start_h * 3600, origin + w.end_h * 3600)
               for w in expected.result.analytes[0].rebound]
    assert np.allclose(chart.rebound.windows(), rebound)
    assert any(start.timestamp() < s < end.timestamp() for s, _ in chart.rebound.windows())
    assert chart.wear_off.windows()
    names = chart.series_names()
    for name in ("Dose", "Wearing off (predicted)",
                 "Rebound risk (predicted; darker = steeper fall)", "Focus check-in",
                 "Methylphenidate (predicted)"):
        assert name in names


def test_ranges_from_the_keyboard(qtbot, window):
    chart = window.timeline.chart
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    left, right = chart.x_range()
    pad = 7 * DAY_S * X_PAD  # a margin, so that entries at the ends are drawn whole
    assert right - left == pytest.approx(7 * DAY_S + 2 * pad, rel=0.01)
    assert right == pytest.approx(day_bounds(DAY)[1].timestamp() + pad)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.day == DAY - timedelta(days=1)
    assert chart.x_range()[1] == pytest.approx(day_bounds(DAY)[0].timestamp() + pad)
    assert chart.checkins.raw_mode
    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    # all history is the raster; the curve chart zoomed out that far (by scrolling) shows
    # daily means
    assert window.timeline.stack.currentWidget() is window.timeline.raster_view
    chart.set_x_range(*(t.timestamp() for t in window.timeline.span()))
    left, right = chart.x_range()
    assert left <= local(DAY - timedelta(days=80), 8).timestamp()
    assert not chart.checkins.raw_mode  # 80 days in view: daily means, not every point
    assert chart.checkins.daily_items["focus"].isVisible()
    assert not chart.checkins.items["focus"].isVisible()
    assert chart.doses.visible_labels() == []
    # The view ends with the day before DAY: of the three doses, the lone one is in it.
    assert [x for x, _y, _id in chart.doses.marks_in_view()] == [
        local(DAY - timedelta(days=80), 8).timestamp()]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.timeline.stack.currentWidget() is window.timeline.plot
    assert chart.x_range()[1] - chart.x_range()[0] == pytest.approx(DAY_S, rel=0.05)
    assert chart.checkins.raw_mode


def test_series_and_curve_kind_toggle_from_the_keyboard(qtbot, window):
    chart = window.timeline.chart
    assert not chart.checkins.items.get("fatigue")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # fatigue
    assert chart.checkins.items["fatigue"].isVisible()
    assert [y for _x, y, _id in chart.checkins.items["fatigue"].points_in_view()] == [8.0]
    assert "Fatigue check-in" in chart.series_names()
    assert "Fatigue check-in" in window.timeline.plot.accessibleDescription()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # focus off
    assert not chart.checkins.items["focus"].isVisible()
    assert "Focus check-in" not in chart.series_names()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    _, effect = chart.curves["methylphenidate"].getOriginalDataset()
    assert 0.2 < effect.max() <= 1.0
    assert "effect" in chart.plot.getAxis("left").labelText.lower()


def test_what_if_overlay(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    chart = window.timeline.chart
    bar = window.timeline.what_if
    assert bar.enabled.isChecked()
    assert bar.medication.currentData() == "methylphenidate-ir" and bar.mg.value() == 10.0
    assert bar.times.text() == "07:30, 11:30, 15:30"
    plan = bar.plan(DAY)
    expected = services.timeline.what_if(DAY, plan)
    _, y = chart.what_if_curves["methylphenidate"].getOriginalDataset()
    np.testing.assert_allclose(y, expected.curves[0].concentration)
    assert np.allclose(chart.what_if_rebound.windows(),
                       list(zip(expected.rebound.starts, expected.rebound.ends, strict=True)))
    assert "What if: Ritalin 10 mg × 3" in chart.series_names()
    bar.times.setText("08:00")
    bar.times.editingFinished.emit()
    _, one = chart.what_if_curves["methylphenidate"].getOriginalDataset()
    assert one.max() < y.max()
    bar.times.setText("8 o'clock")
    bar.times.editingFinished.emit()
    assert "HH:MM" in bar.error.text() and not chart.what_if_curves
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert not chart.what_if_curves


def test_hover_reads_out_the_values_under_the_cursor(qtbot, window):
    chart = window.timeline.chart
    view = chart.plot.getViewBox()
    moment = local(DAY, 10).timestamp()
    scene = view.mapViewToScene(QPointF(moment, 1.0))
    viewport = window.timeline.plot.viewport()
    qtbot.mouseMove(viewport, window.timeline.plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: "methylphenidate" in window.timeline.readout.text())
    text = window.timeline.readout.text()
    assert "ng/mL" in text and "check-in 10:00: mood 7, focus 6" in text
    assert chart.cursor_line.isVisible()


def test_clicking_a_dose_marker_opens_that_entry(qtbot, window, logged, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "edit_entry", opened.append)
    chart = window.timeline.chart
    (point,) = [QPointF(x, y) for x, y, i in chart.doses.marks_in_view()
                if i == logged["booster"]]
    scene = chart.plot.getViewBox().mapViewToScene(point)
    position = window.timeline.plot.mapFromScene(scene)
    qtbot.mouseClick(window.timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].id == logged["booster"] and opened[0].mg == 10.0


def test_trends_tab_shows_the_services_figures(qtbot, window, services):
    for back in range(1, 5):
        day = DAY - timedelta(days=back)
        services.doses.add("concerta", 36, local(day, 7.5))
        services.checkins.add({"focus": 4 + back % 2, "mood": 5}, local(day, 10))
    with qtbot.waitSignal(window.trends.computed, timeout=10000) as signal:
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    trends = signal.args[0]
    first, last = window.trends.period_days()
    again = services.trends.compute(first, last)
    assert trends.evidence == again.evidence
    assert trends.adherence == again.adherence
    assert not window.history.isVisible()
    focus = trends.typical_day.scale("focus")
    x, y = window.trends.typical_chart.means["focus"].getOriginalDataset()
    shown = {float(a): float(b) for a, b in zip(x, y, strict=True) if np.isfinite(b)}
    assert shown == {2.5: pytest.approx((4 + 5 + 4 + 5 + 6) / 5)}  # 10:00 is 2.5 h after 07:30
    assert focus.bins[2].n == 5 and focus.bins[11].n == 1  # 19:00 alone is too few to draw
    assert focus.n == 6
    heights = window.trends.comparison_bars["inside"].opts["height"]
    assert len(heights) == 6
    html = window.trends.summary.toPlainText()
    focus_words = statement(trends.evidence.scale("focus"))
    assert focus_words.startswith("Focus: not enough data to say — ") and focus_words in html
    assert "Usual regimen" in html or "No usual regimen" in html
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.timeline and window.history.isVisible()


def test_theme_follows_the_system_scheme():
    from rebound_tracker.report.charts.theme import DARK, LIGHT, system_theme

    scheme = QApplication.styleHints().colorScheme()
    assert system_theme() is (DARK if scheme == Qt.ColorScheme.Dark else LIGHT)


def test_switching_to_dark_redraws_the_same_data(qtbot, window, monkeypatch):
    import rebound_tracker.ui.main_window as main_window
    from rebound_tracker.report.charts.theme import DARK

    before = window.timeline.chart
    x_range = before.x_range()
    monkeypatch.setattr(main_window, "system_theme", lambda: DARK)
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    chart = window.timeline.chart
    assert chart is not before and chart.theme is DARK
    assert window.timeline.plot.backgroundBrush().color().name() == DARK.background
    assert chart.x_range() == pytest.approx(x_range)
    _, y = chart.curves["methylphenidate"].getOriginalDataset()
    _, y_before = before.curves["methylphenidate"].getOriginalDataset()
    np.testing.assert_allclose(y, y_before)
    assert chart.rebound.windows() == before.rebound.windows()
    assert window.trends.theme is DARK


def test_an_empty_store_shows_every_view_without_error(qtbot, services):
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    with qtbot.waitSignal(win.timeline.loaded, timeout=10000):
        qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert win.timeline.chart.empty_text.isVisible()
    with qtbot.waitSignal(win.trends.computed, timeout=10000) as signal:
        qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    trends = signal.args[0]
    assert trends.checkins == 0 and trends.typical_day.days == 0
    assert "No usual regimen" in win.trends.summary.toPlainText()


def test_clicking_a_checkin_point_opens_that_checkin(qtbot, window, logged, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "edit_entry", opened.append)
    chart = window.timeline.chart
    item = chart.checkins.items["mood"]
    (point,) = [QPointF(x, y) for x, y, i in item.points_in_view() if i == logged["late"]]
    scene = chart.scales_view.mapViewToScene(point)
    position = window.timeline.plot.mapFromScene(scene)
    qtbot.mouseClick(window.timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].id == logged["late"] and opened[0].fatigue == 8


def test_marks_follow_the_view(qtbot, window, logged):
    chart = window.timeline.chart
    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    lone_day = DAY - timedelta(days=80)

    def held_doses() -> list:
        return [i for _x, _y, i in chart.doses.marks_in_view()]

    def held_focus() -> list:
        return [y for _x, y, _id in chart.checkins.items["focus"].points_in_view()]

    chart.set_x_range(*(t.timestamp() for t in day_bounds(lone_day)))
    assert len(held_doses()) == 1 and logged["concerta"] not in held_doses()
    assert held_focus() == []
    assert chart.doses.visible_labels() == ["Concerta 36 mg"]
    chart.set_x_range(*(t.timestamp() for t in day_bounds(DAY)))
    assert held_doses() == [logged["concerta"], logged["booster"]]
    assert held_focus() == [6.0, 3.0]
    assert chart.doses.visible_labels() == ["Concerta 36 mg", "Ritalin 10 mg"]


def test_timeline_load_matches_the_stored_entries(services, logged):
    from rebound_tracker.services.timeline import checkin_series, dose_marks

    start, end = day_bounds(DAY)
    data = services.timeline.load(None, end)
    doses = services.doses.list(None, end)
    marks = dose_marks(doses, services.timeline.names())
    assert data.doses.ids == marks.ids and data.doses.labels == marks.labels
    np.testing.assert_allclose(data.doses.x, marks.x)
    expected = checkin_series(services.checkins.list(None, end))
    assert data.checkins.ids == expected.ids
    np.testing.assert_allclose(data.checkins.x, expected.x)
    assert data.checkins.day.tolist() == expected.day.tolist()
    for scale, values in expected.values.items():
        np.testing.assert_array_equal(data.checkins.values[scale], values)
    assert data.start == day_bounds(DAY - timedelta(days=80))[0]
    one_day = services.timeline.load(start, end)
    assert one_day.doses.ids == (logged["concerta"], logged["booster"])


def test_stepping_a_day_redraws_the_chart_once(qtbot, window):
    """pyqtgraph applies a new range when painting starts, which used to schedule a second
    full repaint of the chart for every pan or zoom step."""
    viewport = window.timeline.plot.viewport()
    paints = []

    class Counter(QObject):
        def eventFilter(self, _obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                paints.append(event)
            return False

    counter = Counter(viewport)
    viewport.installEventFilter(counter)
    # The first visit to the day before widens the y axis for its tick labels ("0.5" after
    # "15"), a one-off re-layout; come back and count the steady step.
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        QApplication.processEvents()
    paints.clear()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(paints))
    for _ in range(5):
        QApplication.processEvents()
    assert len(paints) == 1
    assert window.timeline.chart.x_range()[1] == pytest.approx(
        day_bounds(DAY)[0].timestamp() + DAY_S * X_PAD)


def test_browsing_dates_renders_each_checkin_symbol_once(qtbot, window, logged):
    """pyqtgraph keys its symbol images by brush object: a colour given as a string made a
    new brush, a new image and a bigger atlas on every refill while browsing dates."""
    chart = window.timeline.chart
    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    for back in range(0, 90, 3):
        chart.set_x_range(*(t.timestamp() for t in day_bounds(DAY - timedelta(days=back))))
    chart.set_x_range(*(t.timestamp() for t in day_bounds(DAY)))
    focus = chart.checkins.items["focus"]
    assert [y for _x, y, _id in focus.points_in_view()] == [6.0, 3.0]
    assert focus.image(1.0) is focus.image(1.0)


def test_whole_history_marks_every_dose_on_the_curve_shown(qtbot, window, logged):
    chart = window.timeline.chart

    def marker_positions() -> dict:
        return {i: y for _x, y, i in chart.doses.marks_in_view()}

    def on_total_curve(kind: str) -> dict:
        x, total = chart.data.total(kind)
        marks = chart.data.doses
        return dict(zip(marks.ids, np.interp(marks.x, x, total).tolist(), strict=True))

    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert set(marker_positions()) == {logged["concerta"], logged["booster"],
                                       chart.data.doses.ids[0]}
    assert marker_positions() == pytest.approx(on_total_curve("concentration"))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # effect
    assert marker_positions() == pytest.approx(on_total_curve("effect"))
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # back to a day
    near = marker_positions()
    assert set(near) == {logged["concerta"], logged["booster"]}
    expected = on_total_curve("effect")
    assert near == pytest.approx({i: expected[i] for i in near})
