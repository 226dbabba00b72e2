"""The whole window, wired as the app wires it, over a real store with a demo history.

``app_window`` is the MainWindow hosted in the StartupWindow exactly as ``gui.launch`` does
(same size, same error handler writing to the data directory's log). Modal dialogs opened
by a journey are driven with ``journeys_helpers.on_modal``.
"""

from __future__ import annotations

import pytest
from reminder_fakes import Clock, RecordedNotifications

from rebound_tracker.ui import error_reporting
from rebound_tracker.ui.main_window import MainWindow
from rebound_tracker.ui.reminder_host import ReminderHost
from rebound_tracker.ui.startup_window import StartupWindow

DEMO_DAYS = 21


@pytest.fixture
def demo_services(tmp_path):
    """Services over a fresh store filled with a 21-day demo history."""
    from rebound_tracker.gui import open_services_offering_restore

    opened = open_services_offering_restore(str(tmp_path / "data"), [])
    opened.demo.fill(days=DEMO_DAYS)
    yield opened
    opened.close()


@pytest.fixture
def host_window(qtbot, monkeypatch):
    """``host_window(services)``: the main window over ``services`` as the person sees it;
    fails the test if the error handler was used."""
    shown: list[str] = []
    reporters = []
    # The error dialog is modal: record what it would say instead of blocking the test.
    monkeypatch.setattr(error_reporting.ErrorDialog, "exec",
                        lambda self: shown.append(self.details) or 0)

    def host(services) -> MainWindow:
        startup = StartupWindow()
        reporters.append(error_reporting.ErrorReporter(services.paths.data_dir / "logs",
                                                       lambda: startup).install())
        qtbot.addWidget(startup)
        startup.show()
        window = MainWindow(services)
        startup.host(window)
        startup.activateWindow()
        qtbot.waitUntil(startup.isActiveWindow)
        window.startup = startup
        return window

    yield host
    qtbot.wait(1)  # deliver what is queued (an error dialog, a background result)
    for reporter in reporters:
        reporter.uninstall()
    assert not shown, "the window showed an unexpected error:\n" + "\n".join(shown)


@pytest.fixture
def app_window(host_window, demo_services):
    """The main window over the 21-day demo history."""
    return host_window(demo_services)


# --- reminders: the module supplies ``services`` over the injected ``clock`` -------------
@pytest.fixture
def clock():
    return Clock(7, 30)


@pytest.fixture
def notifications(monkeypatch):
    recorder = RecordedNotifications()
    monkeypatch.setattr(ReminderHost, "notifications_factory",
                        staticmethod(lambda parent: recorder))
    return recorder


@pytest.fixture
def window(host_window, services, notifications, qtbot):
    """The reminder journeys' window over the module's ``services``, its runner started."""
    window = host_window(services)
    qtbot.waitUntil(lambda: window.reminder_host.runner.timer.isActive())
    return window
