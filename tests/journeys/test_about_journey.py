"""Help ▸ About shows the one version number (the same as --version and the metainfo) and
the folder the data is in."""

from __future__ import annotations

from journeys_helpers import trigger
from PySide6.QtWidgets import QApplication

import rebound_tracker


def test_about_names_the_version_the_data_folder_and_that_it_is_not_advice(
        qtbot, app_window, demo_services):
    trigger(app_window, "About and assumptions")
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.windowTitle().startswith("About Rebound Tracker") and w.isVisible())
    text = dialog.text.toPlainText()
    assert f"Rebound Tracker {rebound_tracker.__version__}" in text
    assert "not medical advice" in text
    assert str(demo_services.paths.data_dir) in text
    dialog.close()
