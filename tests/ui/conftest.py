"""Fixtures shared by the window tests."""

import pytest

from rebound_tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services):
    """The main window over the test's temporary store, shown."""
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win
