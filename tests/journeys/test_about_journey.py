"""Help ▸ About shows the one version number (the same as --version and the metainfo)."""

from __future__ import annotations

from journeys_helpers import on_modal, trigger
from PySide6.QtWidgets import QMessageBox

import rebound_tracker


def test_about_names_the_version_the_data_folder_and_that_it_is_not_advice(app_window,
                                                                          demo_services):
    seen: dict[str, str] = {}

    def read_and_close(dialog):
        assert isinstance(dialog, QMessageBox)
        seen["title"], seen["text"] = dialog.windowTitle(), dialog.text()
        dialog.accept()

    driver = on_modal(read_and_close)
    trigger(app_window, "About and assumptions")
    assert driver.dialog is not None
    assert seen["title"] == "About Rebound Tracker"
    assert f"Rebound Tracker {rebound_tracker.__version__}" in seen["text"]
    assert "not medical advice" in seen["text"]
    assert str(demo_services.paths.data_dir) in seen["text"]
