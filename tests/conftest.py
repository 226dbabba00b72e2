"""Test configuration shared by every layer: offscreen Qt, isolated user settings."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports Qt: the suite runs on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep QSettings (window geometry) out of the developer's real configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="rebound-tracker-test-config-")
os.environ.pop("REBOUND_TRACKER_DATA_DIR", None)

import pytest


@pytest.fixture
def services(tmp_path):
    """The application's services over a fresh SQLite store in a temporary data dir."""
    from rebound_tracker.app import open_services

    opened = open_services(str(tmp_path / "data"))
    yield opened
    opened.close()
