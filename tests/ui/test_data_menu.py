"""The Data menu as a person uses it: export, import with a preview, back up, restore.

File and message dialogs are answered by monkeypatching QFileDialog / QMessageBox static
functions; everything else runs for real over temporary SQLite stores.
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from rebound_tracker.app import open_services
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.ui.data_menu import DataMenu

RESERVED = {"Ctrl+D", "Ctrl+K", "Ctrl+T", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Q", "Ctrl+E",
            "Ctrl+Shift+M", "Alt+W", "F1", "Ctrl+P", "Alt+Left", "Alt+Right",
            *(f"Ctrl+{i}" for i in range(1, 6)), *(f"Alt+{i}" for i in range(1, 7))}


def hours_ago(hours: float) -> datetime:
    return local_now() - timedelta(hours=hours)


def make_menu(qtbot, services, disposed: list | None = None) -> tuple[QMainWindow, DataMenu]:
    window = QMainWindow()
    qtbot.addWidget(window)

    def dispose() -> None:
        if disposed is not None:
            disposed.append(True)
        services.engine.dispose()

    menu = DataMenu(services.portability, services.backups, dispose, window,
                    backups_dir=services.paths.backups_dir)
    window.menuBar().addMenu(menu)
    window.show()
    return window, menu


@pytest.fixture
def window_and_menu(qtbot, services):
    return make_menu(qtbot, services)


@pytest.fixture
def other(tmp_path):
    """A second, empty store to import into."""
    opened = open_services(str(tmp_path / "other"))
    yield opened
    opened.close()


def log_sample(services) -> None:
    services.doses.add("concerta", 36, hours_ago(30))
    services.doses.add("ritalin", 10, hours_ago(26), note="afternoon, with food")
    services.checkins.add({"mood": 6, "focus": 4}, hours_ago(25))


def answer_files(monkeypatch, name: str, value) -> None:
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *args, **kwargs: value))


def status_text(window: QMainWindow) -> str:
    return window.statusBar().currentMessage()


def export_json(qtbot, window, menu, monkeypatch, path):
    answer_files(monkeypatch, "getSaveFileName", (str(path), "JSON (*.json)"))
    menu.export_json_action.trigger()
    qtbot.waitUntil(lambda: str(path) in status_text(window))
    return path


def open_import(qtbot, menu, monkeypatch, paths):
    answer_files(monkeypatch, "getOpenFileNames", ([str(p) for p in paths], ""))
    menu.import_action.trigger()
    dialog = menu.import_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_json_export_imports_into_another_store_after_a_preview(
        qtbot, services, other, window_and_menu, monkeypatch, tmp_path):
    window, menu = window_and_menu
    log_sample(services)
    path = export_json(qtbot, window, menu, monkeypatch, tmp_path / "export.json")
    assert path.is_file()
    other_window, other_menu = make_menu(qtbot, other)

    dialog = open_import(qtbot, other_menu, monkeypatch, [path])
    assert not dialog.import_button.isEnabled()  # still checking
    qtbot.waitUntil(dialog.import_button.isEnabled)

    assert "Importing will add 2 doses and 1 check-in." in dialog.status.text()
    assert dialog.counts.isVisible() and not dialog.problem_table.isVisible()
    assert dialog.counts.labels["added.doses"].text() == "2"
    assert dialog.counts.labels["added.checkins"].text() == "1"
    assert dialog.counts.labels["unchanged"].text() == "0"
    assert other.doses.count() == 0 and other.checkins.count() == 0  # a preview writes nothing

    with qtbot.waitSignal(other_menu.data_changed):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert other.doses.list() == services.doses.list()
    assert other.checkins.list() == services.checkins.list()
    assert "Imported: added 2 doses and 1 check-ins" in status_text(other_window)


def test_importing_the_same_file_again_says_it_changes_nothing(
        qtbot, services, window_and_menu, monkeypatch, tmp_path):
    window, menu = window_and_menu
    log_sample(services)
    path = export_json(qtbot, window, menu, monkeypatch, tmp_path / "export.json")

    dialog = open_import(qtbot, menu, monkeypatch, [path])
    qtbot.waitUntil(lambda: dialog.counts.isVisible())

    assert "already here, so importing would change nothing" in dialog.status.text()
    assert dialog.counts.labels["unchanged"].text() == "3"
    assert not dialog.import_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"


def write_csv_with_one_bad_row(services, directory):
    doses_csv, _checkins_csv = services.portability.export_csv(directory)
    with open(doses_csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index("dose_mg")] = "-5"  # the second dose: row 3 in a spreadsheet
    with open(doses_csv, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return doses_csv


def test_a_rejected_file_lists_the_problem_by_row_and_writes_nothing(
        qtbot, services, other, monkeypatch, tmp_path):
    log_sample(services)
    doses_csv = write_csv_with_one_bad_row(services, tmp_path / "csv")
    _window, menu = make_menu(qtbot, other)

    dialog = open_import(qtbot, menu, monkeypatch, [doses_csv])
    qtbot.waitUntil(lambda: dialog.problem_table.isVisible())

    table = dialog.problem_table
    assert table.rowCount() == 1
    cells = [table.item(0, column).text() for column in range(table.columnCount())]
    assert cells[:4] == ["doses.csv", "3", "dose_mg", "-5"]
    assert "positive" in cells[4]
    assert "Nothing was imported: the file has 1 problem" in dialog.status.text()
    assert not dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert not dialog.counts.isVisible()
    assert other.doses.count() == 0  # the good row was not written either


def test_cancel_after_the_preview_writes_nothing(
        qtbot, services, other, window_and_menu, monkeypatch, tmp_path):
    window, menu = window_and_menu
    log_sample(services)
    path = export_json(qtbot, window, menu, monkeypatch, tmp_path / "export.json")
    _other_window, other_menu = make_menu(qtbot, other)
    dialog = open_import(qtbot, other_menu, monkeypatch, [path])
    qtbot.waitUntil(dialog.import_button.isEnabled)

    with qtbot.assertNotEmitted(other_menu.data_changed):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert other.doses.count() == 0 and other.checkins.count() == 0


def test_choosing_json_and_csv_together_is_explained(
        qtbot, services, window_and_menu, monkeypatch, tmp_path):
    _window, menu = window_and_menu
    dialog = open_import(qtbot, menu, monkeypatch, [tmp_path / "a.json", tmp_path / "doses.csv"])
    assert "Nothing was imported: a.json, doses.csv is not accepted" in dialog.status.text()
    assert not dialog.import_button.isEnabled()


def test_csv_export_writes_both_files_and_names_them(
        qtbot, services, window_and_menu, monkeypatch, tmp_path):
    window, menu = window_and_menu
    log_sample(services)
    answer_files(monkeypatch, "getExistingDirectory", str(tmp_path))
    menu.export_csv_action.trigger()
    qtbot.waitUntil(lambda: "checkins.csv" in status_text(window))
    assert str(tmp_path / "doses.csv") in status_text(window)
    assert len((tmp_path / "doses.csv").read_text("utf-8-sig").splitlines()) == 3


def test_a_failed_export_is_shown_plainly(qtbot, services, window_and_menu, monkeypatch,
                                          tmp_path):
    _window, menu = window_and_menu
    (tmp_path / "a-file").write_text("not a folder")
    answer_files(monkeypatch, "getSaveFileName", (str(tmp_path / "a-file" / "x.json"), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    menu.export_json_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings[0].startswith("The export failed: ")
    assert menu.export_json_action.isEnabled()  # ready to try again


def back_up_now(qtbot, window, menu, services):
    menu.backup_action.trigger()
    qtbot.waitUntil(lambda: "Backed up to" in status_text(window))
    (backup,) = [p for p in services.backups.list_backups() if p.name.startswith("manual-")]
    return backup


def test_back_up_now_writes_a_file_in_backups(qtbot, services, window_and_menu):
    window, menu = window_and_menu
    log_sample(services)
    backup = back_up_now(qtbot, window, menu, services)
    assert backup.parent == services.paths.backups_dir
    assert str(backup) in status_text(window)


def count_doses(database) -> int:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT count(*) FROM doses").fetchone()[0]
    finally:
        connection.close()


def test_restore_goes_back_to_the_backup_and_keeps_a_pre_restore_copy(
        qtbot, services, monkeypatch):
    disposed: list = []
    window, menu = make_menu(qtbot, services, disposed)
    first = services.doses.add("concerta", 36, hours_ago(30))
    backup = back_up_now(qtbot, window, menu, services)
    services.doses.add("ritalin", 10, hours_ago(2))
    answer_files(monkeypatch, "getOpenFileName", (str(backup), ""))
    questions = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: questions.append(text) or QMessageBox.StandardButton.Yes))

    with qtbot.waitSignal(menu.data_changed):
        menu.restore_action.trigger()

    assert "pre-restore" in questions[0] and backup.name in questions[0]
    assert disposed == [True]
    assert services.doses.list() == [first]
    (kept,) = services.paths.backups_dir.glob("pre-restore-*.sqlite3")
    assert count_doses(kept) == 2  # the data from just before the restore
    assert str(kept) in status_text(window)


def test_declining_the_restore_changes_nothing(qtbot, services, monkeypatch):
    disposed: list = []
    window, menu = make_menu(qtbot, services, disposed)
    services.doses.add("concerta", 36, hours_ago(30))
    backup = back_up_now(qtbot, window, menu, services)
    services.doses.add("ritalin", 10, hours_ago(2))
    answer_files(monkeypatch, "getOpenFileName", (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a: QMessageBox.StandardButton.Cancel))

    with qtbot.assertNotEmitted(menu.data_changed):
        menu.restore_action.trigger()

    assert disposed == [] and services.doses.count() == 2
    assert not list(services.paths.backups_dir.glob("pre-restore-*"))


def test_shortcuts_do_not_clash_with_the_window(window_and_menu):
    _window, menu = window_and_menu
    shortcuts = [a.shortcut().toString() for a in menu.actions() if not a.shortcut().isEmpty()]
    assert shortcuts == ["Ctrl+Shift+E", "Ctrl+Shift+I", "Ctrl+Shift+B"]
    assert not RESERVED & set(shortcuts)


def test_main_window_has_the_data_menu_and_a_restore_clears_undo(qtbot, services):
    from datetime import timedelta

    from rebound_tracker.domain.timeparse import local_now
    from rebound_tracker.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Data" in titles
    window.dose_form.medication.lineEdit().setText("Concerta")
    window.dose_form.mg.setText("36")
    window.dose_form.time.set_moment(local_now() - timedelta(hours=1))
    window.dose_form.log_dose()
    assert window.undo_stack.canUndo()
    window.data_menu.data_changed.emit()  # as after an import or a restore
    assert not window.undo_stack.canUndo()


def test_a_restore_brings_back_the_backups_own_medications(qtbot, services, monkeypatch):
    from custom_medication_sample import MY_ER, typed

    from rebound_tracker.ui.main_window import MainWindow

    services.medications.add_custom(typed(MY_ER))
    window = MainWindow(services)
    qtbot.addWidget(window)
    backup = back_up_now(qtbot, window, window.data_menu, services)
    services.medications.remove_custom("my-mph-er")
    window.dose_form.refresh_medications()
    box = window.dose_form.medication
    assert box.findData("my-mph-er") < 0
    answer_files(monkeypatch, "getOpenFileName", (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a: QMessageBox.StandardButton.Yes))

    with qtbot.waitSignal(window.data_menu.data_changed):
        window.data_menu.restore_action.trigger()

    assert services.medications.get("my-mph-er").name == "My MPH ER"
    assert box.findData("my-mph-er") >= 0  # the dose form offers it again, no restart
