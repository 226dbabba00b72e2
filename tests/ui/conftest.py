from __future__ import annotations

import pytest

from rebound_tracker.app import open_services


@pytest.fixture
def services(tmp_path):
    opened = open_services(str(tmp_path / "data"))
    yield opened
    opened.close()
