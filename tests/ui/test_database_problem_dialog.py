"""The window's answer to a damaged database: names the file, keeps it, offers the backup."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from rebound_tracker.ui.database_problem_dialog import DatabaseProblemDialog


def test_dialog_names_file_and_backup_and_offers_restore(qtbot):
    dialog = DatabaseProblemDialog("/data/rebound-tracker.sqlite3", "is not an SQLite database",
                                   "/data/backups/auto-20260302T071500Z.sqlite3")
    qtbot.addWidget(dialog)
    assert "/data/rebound-tracker.sqlite3" in dialog.text()
    assert "auto-20260302T071500Z" in dialog.informativeText()
    assert "left exactly as it is" in dialog.informativeText()
    assert dialog.restore_button is not None
    QTimer.singleShot(0, dialog.restore_button.click)
    dialog.exec()
    assert dialog.wants_restore()


def test_without_a_backup_there_is_only_quit(qtbot):
    dialog = DatabaseProblemDialog("/data/x.sqlite3", "is damaged", None)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert "No backup" in dialog.informativeText()
    QTimer.singleShot(0, dialog.quit_button.click)
    dialog.exec()
    assert not dialog.wants_restore()
