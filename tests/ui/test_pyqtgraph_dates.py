"""pyqtgraph's date-axis internals, which report/charts/pyqtgraph_dates.py names: this fails
loudly, by name, when a pyqtgraph upgrade changes them."""

from __future__ import annotations

import time

import pyqtgraph as pg
import pytest

from rebound_tracker.report.charts import pyqtgraph_dates


def test_the_internals_the_date_axis_uses_are_there(qapp):
    pyqtgraph_dates.check.cache_clear()
    pyqtgraph_dates.check()  # raises PyqtgraphChanged naming what moved


def test_they_mean_what_the_date_axis_assumes(qtbot):
    axis = pg.DateAxisItem()
    widget = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    widget.grab()  # drawn once: the axis now knows its font (pyqtgraph needs it for density)
    level, spacing = pyqtgraph_dates.zoom_level(axis, 3600.0 / 100)  # an hour per 100 px
    steps = pyqtgraph_dates.tick_steps(level, spacing)
    assert steps and all(step > 0 and skip >= 1 for step, skip in steps)
    ticks = pyqtgraph_dates.level_tick_values(level, 0.0, pyqtgraph_dates.DAY_SPACING,
                                              spacing)
    assert ticks and all(len(values) > 0 for _step, values in ticks)
    assert pyqtgraph_dates.DAY_SPACING == 86400
    # pyqtgraph's sign convention: seconds to add to local time to get UTC.
    assert pyqtgraph_dates.utc_offset(0.0) == -time.localtime(0.0).tm_gmtoff


def test_a_missing_internal_is_named_with_the_pyqtgraph_version(qapp, monkeypatch):
    monkeypatch.delattr(pg.DateAxisItem, "setZoomLevelForDensity")
    pyqtgraph_dates.check.cache_clear()
    with pytest.raises(pyqtgraph_dates.PyqtgraphChanged) as raised:
        pyqtgraph_dates.check()
    pyqtgraph_dates.check.cache_clear()
    message = str(raised.value)
    assert pg.__version__ in message and "DateAxisItem.setZoomLevelForDensity" in message
