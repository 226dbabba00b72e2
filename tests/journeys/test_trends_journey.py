"""The Trends view, as a person uses it: change the period again and again."""

from __future__ import annotations

from journeys_helpers import assert_survives, trigger

PERIODS_TO_VISIT = 12


def _scene_items(window) -> int:
    return len(window.trends.graphics.scene().items())


def _change_period(qtbot, window, index: int) -> None:
    combo = window.trends.period
    with qtbot.waitSignal(window.trends.computed, timeout=10000):
        combo.setCurrentIndex(index)
    window.trends.graphics.grab()  # paint it, as the screen would


def test_changing_the_period_many_times_draws_one_set_of_series(qtbot, app_window):
    trigger(app_window, "Trends")
    qtbot.waitUntil(lambda: app_window.trends.trends is not None, timeout=10000)
    _change_period(qtbot, app_window, 0)
    first = _scene_items(app_window)
    legend_rows = len(app_window.trends.plots["typical"].legend.items)
    for n in range(1, PERIODS_TO_VISIT + 1):  # 1, 2, 3, 0, 1, … ending on 0 again
        _change_period(qtbot, app_window, n % 4)
    assert _scene_items(app_window) == first
    assert len(app_window.trends.plots["typical"].legend.items) == legend_rows


PERIOD_CHANGES = """
    services = open_services_offering_restore(data, [])
    services.demo.fill(days=60)
    startup, window = open_window(services)
    window.views.setCurrentWidget(window.trends)
    for n in range(24):
        window.trends.period.setCurrentIndex(n % 4)
        for _ in range(30):
            app.processEvents()
            startup.repaint()
        QApplication.instance().thread().msleep(20)
        app.processEvents()
    startup.close()
    services.close()
"""


def test_changing_the_period_never_crashes_the_process(tmp_path):
    """At the app's own size, painting between changes (a segfault kills the process)."""
    assert_survives(PERIOD_CHANGES, tmp_path / "data")
