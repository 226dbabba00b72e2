"""The Data menu on a full disk, and an import with rows the form would ask about, walked
through the whole window over a real store."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from journeys_helpers import click, trigger
from PySide6.QtWidgets import QFileDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data_safety"))
from fault_disks import tiny_disk


@pytest.fixture
def demo_services(tmp_path):
    """The journeys' demo store, on a 4 MB tmpfs this test can fill."""
    from rebound_tracker.gui import open_services_offering_restore

    with tiny_disk(tmp_path / "disk", "4m") as disk:
        opened = open_services_offering_restore(str(disk.path / "data"), [])
        opened.demo.fill(days=21)
        opened.disk = disk
        yield opened
        opened.close()


@pytest.fixture
def warnings(monkeypatch):
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _parent, title, text, *a: told.append((title, text))))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return told


def entry_count(database: Path) -> int:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT (SELECT count(*) FROM doses) + "
                                  "(SELECT count(*) FROM checkins)").fetchone()[0]
    finally:
        connection.close()


def test_back_up_and_restore_on_a_full_disk_say_so_and_change_nothing(
        qtbot, app_window, demo_services, warnings, monkeypatch):
    menu = app_window.data_menu
    trigger(app_window, "Back up now")
    qtbot.waitUntil(lambda: not menu.busy)
    (good,) = [p for p in demo_services.backups.list_backups() if p.name.startswith("manual-")]
    before = entry_count(demo_services.paths.database)
    demo_services.disk.fill(leave=8 * 1024)

    trigger(app_window, "Back up now")
    qtbot.waitUntil(lambda: not menu.busy and bool(warnings))
    title, text = warnings.pop()
    assert title == "The backup failed"
    assert "disk that holds your log is full" in text and "not damaged" in text
    assert "Not saved" not in text
    assert [p.name for p in demo_services.backups.list_backups()
            if p.name.startswith("manual-")] == [good.name]  # no empty manual- file

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(good), "")))
    trigger(app_window, "Restore from a backup")
    qtbot.waitUntil(lambda: not menu.busy and bool(warnings))
    title, text = warnings.pop()
    assert title == "The backup was not restored"
    assert "full" in text and "needs" in text, text
    demo_services.disk.free()
    assert entry_count(demo_services.paths.database) == before  # the old data, whole
    assert not list(demo_services.paths.backups_dir.glob("pre-restore-*"))


def test_an_import_lists_the_rows_the_form_would_ask_about_then_adds_them(
        qtbot, app_window, demo_services, tmp_path, monkeypatch):
    path = tmp_path / "from-the-clinic.json"
    path.write_text(json.dumps({
        "format": "rebound-tracker", "version": 1, "exported_at": "2026-03-10T12:00:00Z",
        "doses": [{"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "medication": "concerta",
                   "taken_at": "2026-03-02T08:00+01:00", "dose_mg": 108, "fed": False,
                   "note": "titration trial"}],
        "checkins": []}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(path)], "")))
    trigger(app_window, "Import")
    dialog = app_window.data_menu.import_dialog
    qtbot.waitUntil(dialog.import_button.isEnabled)
    shown = dialog.status.text()
    assert "1 row the form would ask about" in shown
    assert "above the label maximum of 72 mg" in shown
    count = demo_services.doses.count()
    click(dialog.import_button)
    qtbot.waitUntil(lambda: demo_services.doses.count() == count + 1)
    assert demo_services.doses.get("0f8fad5b-d9cb-469f-a165-70867728950e").mg == 108


def test_opening_the_window_on_a_full_disk_says_so_without_offering_a_restore(
        qtbot, tmp_path, monkeypatch):
    from rebound_tracker.app import open_services
    from rebound_tracker.domain.errors import StoreUnavailable
    from rebound_tracker.gui import open_services_offering_restore
    from rebound_tracker.ui import database_problem_dialog as dialogs

    shown = []
    monkeypatch.setattr(dialogs.PlaceProblemDialog, "exec",
                        lambda self: shown.append((self.text(), self.informativeText())))
    monkeypatch.setattr(dialogs.DatabaseProblemDialog, "exec",
                        lambda self: pytest.fail("offered a restore for a healthy file"))
    with tiny_disk(tmp_path / "disk", "1m") as disk:
        services = open_services(str(disk.path / "data"))
        services.doses.add("concerta", 36)
        services.close()
        Path(f"{services.paths.database}-shm").unlink(missing_ok=True)
        disk.fill(leave=8 * 1024)
        with pytest.raises(StoreUnavailable):
            open_services_offering_restore(str(disk.path / "data"), [])
        disk.free()
        assert entry_count(services.paths.database) == 1
    ((text, informative),) = shown
    assert text.startswith("Your data is on a full disk (") and "/data)" in text
    assert "not damaged" in informative and "Free some space" in informative
