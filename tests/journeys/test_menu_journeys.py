"""Every menu item of the window, chosen as a person chooses it, with what it should do
checked where it lands: a file, the database, the screen."""

from __future__ import annotations

import json
import sqlite3

from journeys_helpers import choose_file, click, on_modal, press_button, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rebound_tracker import __version__
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.ui.about_dialog import AboutDialog


def _wait_status(qtbot, window, text: str) -> None:
    qtbot.waitUntil(lambda: text in window.statusBar().currentMessage(), timeout=10000)


def test_export_everything_writes_the_whole_log_as_json(qtbot, app_window, demo_services,
                                                        tmp_path):
    target = tmp_path / "mine.json"
    driver = on_modal(choose_file(target))
    trigger(app_window, "Export everything")
    assert driver.dialog is not None
    _wait_status(qtbot, app_window, "Exported everything")
    exported = json.loads(target.read_text())
    assert len(exported["doses"]) == len(demo_services.doses.list(None, None))
    assert len(exported["checkins"]) == len(demo_services.checkins.list(None, None))


def test_importing_an_export_brings_back_a_deleted_dose(qtbot, app_window, demo_services,
                                                       tmp_path):
    target = tmp_path / "mine.json"
    demo_services.portability.export_json(target)
    doses = demo_services.doses.list(None, None)
    demo_services.doses.delete(doses[3].id)
    driver = on_modal(choose_file(target))
    trigger(app_window, "Import")
    assert driver.dialog is not None
    menu = app_window.data_menu
    qtbot.waitUntil(lambda: menu.import_dialog is not None
                    and menu.import_dialog.import_button.isEnabled(), timeout=10000)
    assert "1" in menu.import_dialog.status.text()
    click(menu.import_dialog.import_button)
    _wait_status(qtbot, app_window, "Imported")
    assert [d.id for d in demo_services.doses.list(None, None)] == [d.id for d in doses]


def test_back_up_then_restore_goes_back_to_the_backup(qtbot, app_window, demo_services):
    trigger(app_window, "Back up now")
    _wait_status(qtbot, app_window, "Backed up to")
    backup = demo_services.backups.newest_backup()
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count = len(demo_services.doses.list(None, None))
    demo_services.doses.add("concerta", 36, local_now().replace(second=0, microsecond=0))
    assert len(demo_services.doses.list(None, None)) == count + 1
    driver = on_modal(choose_file(backup, then=press_button("Yes")))
    trigger(app_window, "Restore")
    assert driver.dialog is not None
    _wait_status(qtbot, app_window, "Restored from")
    assert len(demo_services.doses.list(None, None)) == count
    assert app_window.undo_stack.count() == 0


def test_about_names_the_version_the_data_and_the_caveat(qtbot, app_window, demo_services):
    seen = {}

    def read(dialog) -> None:
        seen["text"] = dialog.text.toPlainText()
        dialog.close()

    driver = on_modal(read)
    trigger(app_window, "About")
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert isinstance(driver.dialog, AboutDialog)
    assert __version__ in seen["text"]
    assert str(demo_services.paths.data_dir) in seen["text"]
    assert "not medical advice" in seen["text"].lower()


def test_view_menu_and_its_shortcuts_do_what_they_say(qtbot, app_window):
    timeline = app_window.timeline
    for number, name in enumerate(("day", "week", "month", "all"), start=1):
        qtbot.keyClick(app_window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert timeline.range == name and timeline.range_buttons[name].isChecked()
    qtbot.keyClick(app_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    today = app_window.day
    qtbot.keyClick(app_window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (today - app_window.day).days == 1
    qtbot.keyClick(app_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(app_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert (app_window.day - today).days == 1
    qtbot.keyClick(app_window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert app_window.day == today
    mood = timeline.scale_boxes["mood"]
    shown = mood.isChecked()
    qtbot.keyClick(app_window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert mood.isChecked() is not shown
    kind = timeline.kind.currentData()
    qtbot.keyClick(app_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert timeline.kind.currentData() != kind
    qtbot.keyClick(app_window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert timeline.what_if.enabled.isChecked()
    qtbot.keyClick(app_window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert app_window.views.currentWidget() is app_window.trends
    qtbot.waitUntil(lambda: app_window.trends.trends is not None, timeout=10000)


def test_edit_menu_moves_the_focus_to_the_forms(qtbot, app_window):
    trigger(app_window, "Log a dose")
    assert QApplication.focusWidget() is app_window.dose_form.medication
    trigger(app_window, "Check in")
    assert QApplication.focusWidget() is app_window.checkin_form.scales["mood"]


def test_medications_menu_opens_the_library_and_the_editor(qtbot, app_window):
    trigger(app_window, "Medication library")
    library = app_window.medications_dialog
    qtbot.waitUntil(library.isVisible)
    assert library.proxy.rowCount() > 10
    library.close()
    trigger(app_window, "Add your own medication")
    qtbot.waitUntil(lambda: library.editor is not None and library.editor.isVisible())
    library.editor.reject()
    library.close()


def test_quit_closes_the_window(qtbot, app_window):
    trigger(app_window, "Quit")
    qtbot.waitUntil(lambda: not app_window.startup.isVisible(), timeout=5000)


def test_export_for_a_spreadsheet_writes_both_files(qtbot, app_window, tmp_path):
    on_modal(choose_file(tmp_path))
    trigger(app_window, "Export for a spreadsheet")
    _wait_status(qtbot, app_window, "Exported")
    header = (tmp_path / "doses.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("id,taken_at,medication,dose_mg")
    assert (tmp_path / "checkins.csv").read_text().count("\n") > 20


TRIED = {"Appointment summary (PDF)…", "Quit", "Export everything (JSON)…",
         "Export for a spreadsheet (CSV)…", "Import…", "Back up now", "Restore from a backup…",
         "Log a dose", "Check in", "Medication library…", "Add your own medication…",
         "Previous day", "Today", "Next day", "Timeline: day", "Timeline: week",
         "Timeline: month", "Timeline: all", "Trends", "Curve: concentration / effect",
         "What-if overlay", "Mood", "Focus", "Irritability", "Fatigue", "Anxiety",
         "Restlessness", "About and assumptions", "Settings…", "Welcome and example day…",
         "Dose-change planner…", "Personal calibration…", "Keyboard shortcuts"}
"""Menu items with a journey: here; Undo/Redo in test_entry_journeys; Settings and the
welcome in test_settings_journeys; the planner in test_planner_journey; personal calibration
and the shortcuts help in test_calibration_journey; the check-in series
share one mechanism, tried with Alt+1."""


def _menu_items(menu) -> set[str]:
    items = set()
    for action in menu.actions():
        if action.menu() is not None:
            items |= _menu_items(action.menu())
        elif not action.isSeparator():
            items.add(action.text().replace("&", "").strip("◀▶ "))
    return items


def test_no_menu_item_is_left_untried(app_window):
    """Adding a menu item means adding its journey (and its name to TRIED)."""
    items = _menu_items(app_window.menuBar())
    undo_redo = {i for i in items if i.startswith(("Undo", "Redo"))}
    assert items - undo_redo - TRIED == set()
