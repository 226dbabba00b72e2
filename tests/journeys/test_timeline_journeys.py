"""The timeline as a person uses it: a dose that cannot be drawn among good ones, and a
what-if typed wrong."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from journeys_helpers import assert_survives, trigger
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.report.appointment_report import write_report
from rebound_tracker.storage.custom_medications import CustomMedicationRepository
from rebound_tracker.storage.database import make_session_factory
from rebound_tracker.ui.timeline_panel import HOVER_HINT

sys.path.insert(0, str(Path(__file__).parent.parent))
from custom_medication_sample import MY_ER, typed, with_change


def _store_with_an_unreadable_medication(path):
    from rebound_tracker.gui import open_services_offering_restore

    services = open_services_offering_restore(path, [])
    services.demo.fill(days=7)
    services.medications.add_custom(typed(MY_ER))
    services.doses.add("my-mph-er", 20, local_now())
    with make_session_factory(services.engine).begin() as session:
        # As if this version's library no longer had the analyte the definition names.
        CustomMedicationRepository(session).put(
            "my-mph-er", json.dumps(with_change(MY_ER, ("moieties", 0, "analyte"), "caffeine")))
    services.close()
    return open_services_offering_restore(path, [])


def test_an_unreadable_custom_medication_leaves_the_other_curves_drawn(
        qtbot, host_window, tmp_path):
    services = _store_with_an_unreadable_medication(str(tmp_path / "data"))
    try:
        window = host_window(services)
        timeline = window.timeline
        qtbot.waitUntil(lambda: timeline.data is not None, timeout=10000)
        assert timeline.data.curves, "the good doses' curves must still be drawn"
        assert max(float(c.concentration.max()) for c in timeline.data.curves) > 0
        assert timeline.notice.isVisible()
        assert "my-mph-er" in timeline.notice.text() and "not drawn" in timeline.notice.text()
        # The dose itself is still listed, unchanged.
        assert any("20 mg" in row.what for row in window.history.model.rows)
        assert len(services.doses.list(None, None)) >= 8
        # Trends and the appointment summary read the same log.
        with qtbot.waitSignal(window.trends.computed, timeout=10000):
            trigger(window, "Trends")
        assert window.trends.trends.doses >= 8
        today = local_now().date()
        data = services.report_data.collect(today - timedelta(days=6), today)
        assert write_report(data, tmp_path / "summary.pdf") >= 1
        assert any("my-mph-er" in a and "not drawn" in a for a in data.assumptions)
    finally:
        services.close()


def test_a_what_if_time_error_never_widens_the_window(qtbot, app_window):
    startup = app_window.startup
    width = startup.width()
    bar = app_window.timeline.what_if
    qtbot.keyClick(app_window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(bar.times.isEnabled)
    bar.times.setFocus()
    bar.times.selectAll()
    qtbot.keyClicks(bar.times, "08:00, 25:00 and a long note typed by mistake here")
    qtbot.keyClick(bar.times, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "25:00" in bar.error.text())
    qtbot.wait(50)
    assert startup.width() == width
    assert startup.minimumSizeHint().width() <= width
    assert bar.error.isVisible() and bar.error.width() > 0


HUGE_DOSE = """
    services = open_services_offering_restore(data, [])
    services.demo.fill(days=20)
    dose = services.doses.list(None, None)[-3]
    services.close()
    with sqlite3.connect(services.paths.database) as db:  # as an old import let in
        db.execute("UPDATE doses SET mg = 1e200 WHERE id = ?", (dose.id,))
    services = open_services_offering_restore(data, [])
    startup, window = open_window(services)
    for name in ("day", "week", "month", "all", "month"):
        window.show_range(name)
        for _ in range(40):
            app.processEvents()
        startup.repaint()
        startup.grab()
    startup.close()
    services.close()
"""


def test_a_dose_of_1e200_mg_in_the_store_is_drawn_without_a_crash(tmp_path):
    assert_survives(HUGE_DOSE, tmp_path / "data")


def test_the_cursor_read_out_follows_a_day_step_under_a_still_mouse(qtbot, app_window):
    timeline = app_window.timeline
    qtbot.waitUntil(lambda: timeline.data is not None, timeout=10000)
    viewport = timeline.plot.viewport()
    middle = viewport.rect().center()
    QTest.mouseMove(viewport, middle)
    qtbot.waitUntil(lambda: timeline.readout.text() != HOVER_HINT, timeout=3000)
    today = local_now().date()
    assert f"{today:%a %d %b}" in timeline.readout.text()
    qtbot.keyClick(app_window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    yesterday = today - timedelta(days=1)
    qtbot.waitUntil(lambda: f"{yesterday:%a %d %b}" in timeline.readout.text(), timeout=3000)


def test_the_day_view_rolls_over_at_midnight(qtbot, app_window, monkeypatch):
    import rebound_tracker.ui.timeline_panel as timeline_panel

    timeline = app_window.timeline
    qtbot.waitUntil(lambda: timeline.data is not None, timeout=10000)
    today = local_now().date()
    after_midnight = local_now().replace(hour=0, minute=1) + timedelta(days=1)
    monkeypatch.setattr(timeline_panel, "local_now", lambda: after_midnight)
    timeline.clock.timeout.emit()
    tomorrow = today + timedelta(days=1)
    qtbot.waitUntil(lambda: app_window.day == tomorrow, timeout=3000)
    assert app_window.date_edit.date().toPython() == tomorrow
    assert app_window.history.day == tomorrow
    left, right = timeline.chart.x_range()
    assert left <= after_midnight.timestamp() <= right
    assert timeline.chart.now == after_midnight.timestamp()
