"""Test configuration shared by every layer: offscreen Qt, isolated user settings."""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile

# Set before anything imports Qt: the suite runs on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep QSettings (window geometry) out of the developer's real configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="rebound-tracker-test-config-")
os.environ.pop("REBOUND_TRACKER_DATA_DIR", None)

import pytest

STUCK_S = 300
"""A test (set-up, call and tear-down) still running after this long is stuck: the longest
test takes well under a minute on the 2-core CI machine."""
_stderr_copy = -1


def pytest_configure(config):
    global _stderr_copy
    _stderr_copy = os.dup(sys.__stderr__.fileno())  # the terminal, not pytest's capture


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A stuck test prints every thread's stack and ends the run with exit status 1.
    faulthandler's watchdog is a C thread: it fires even when the GIL is never released."""
    faulthandler.dump_traceback_later(STUCK_S, exit=True, file=_stderr_copy)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def services(tmp_path):
    """The application's services over a fresh SQLite store in a temporary data dir."""
    from rebound_tracker.app import open_services

    opened = open_services(str(tmp_path / "data"))
    yield opened
    opened.close()
