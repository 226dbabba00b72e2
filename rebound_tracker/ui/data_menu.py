"""The Data menu: export, import (with a preview), back up now, restore from a backup.

Every file operation runs off the UI thread; while one runs, the menu's actions are disabled
so a second click cannot start another. Success is reported in the window's status bar (or
a message box when there is none), naming the files written; failures in a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from rebound_tracker.domain.errors import StoreUnavailable, ValidationError
from rebound_tracker.report.import_words import import_summary_text
from rebound_tracker.services.backups import BackupService, RestoreResult
from rebound_tracker.services.csv_format import CHECKINS_FILE, DOSES_FILE
from rebound_tracker.services.portability import ImportSummary, PortabilityService
from rebound_tracker.ui.background import run_in_background
from rebound_tracker.ui.import_dialog import ImportDialog, entry_count

IMPORT_FILTER = ("Rebound Tracker exports (*.json *.csv);;JSON export (*.json);;"
                 "CSV files (*.csv)")
BACKUP_FILTER = "Rebound Tracker backups (*.sqlite3);;All files (*)"
STATUS_TIMEOUT_MS = 15000


class DataMenu(QMenu):
    """``data_changed`` is emitted after an import or a restore changed the store."""

    data_changed = Signal()

    def __init__(self, portability: PortabilityService, backups: BackupService,
                 engine_dispose: Callable[[], None], parent: QWidget, *,
                 backups_dir: Path | None = None) -> None:
        super().__init__("&Data", parent)
        self._portability = portability
        self._backups = backups
        self._engine_dispose = engine_dispose
        self._backups_dir = backups_dir
        self._last_dir = Path.home()
        self.import_dialog: ImportDialog | None = None
        self.busy = False
        self.export_json_action = self._add("Export everything (&JSON)…", "Ctrl+Shift+E",
                                            self.export_json)
        self.export_csv_action = self._add("Export for a &spreadsheet (CSV)…", None,
                                           self.export_csv)
        self.import_action = self._add("&Import…", "Ctrl+Shift+I", self.import_files)
        self.addSeparator()
        self.backup_action = self._add("&Back up now", "Ctrl+Shift+B", self.backup_now)
        self.restore_action = self._add("&Restore from a backup…", None, self.restore)

    def _add(self, text: str, shortcut: str | None, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- export -----------------------------------------------------------------------
    def export_json(self) -> None:
        suggested = self._last_dir / f"rebound-tracker-{date.today().isoformat()}.json"
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parentWidget(), "Export everything (JSON)", str(suggested), "JSON (*.json)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
            # The file dialog asked about the name typed, not the one with .json added.
            if path.exists() and not self._confirm_replace([path]):
                return
        self._last_dir = path.parent
        self._run("Exporting…", lambda: self._portability.export_json(path),
                  lambda written: self._report(f"Exported everything to {written}"),
                  "The export failed")

    def export_csv(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self.parentWidget(), "Export for a spreadsheet: choose a folder", str(self._last_dir))
        if not chosen:
            return
        directory = Path(chosen)
        existing = [directory / name for name in (DOSES_FILE, CHECKINS_FILE)
                    if (directory / name).exists()]
        if existing and not self._confirm_replace(existing):
            return
        self._last_dir = directory
        self._run("Exporting…", lambda: self._portability.export_csv(directory),
                  lambda written: self._report("Exported " + " and ".join(map(str, written))),
                  "The export failed")

    def _confirm_replace(self, paths: list[Path]) -> bool:
        names = " and ".join(p.name for p in paths)
        answer = QMessageBox.question(
            self.parentWidget(), "Replace files?",
            f"{names} already {'exist' if len(paths) > 1 else 'exists'} in "
            f"{paths[0].parent}.\n\nReplace {'them' if len(paths) > 1 else 'it'}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # --- import -----------------------------------------------------------------------
    def import_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self.parentWidget(), "Import: a JSON export or CSV files", str(self._last_dir),
            IMPORT_FILTER)
        if not chosen:
            return
        paths = [Path(p) for p in chosen]
        self._last_dir = paths[0].parent
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
        self.import_dialog = ImportDialog(self._portability, paths, self.parentWidget())
        self.import_dialog.imported.connect(self._imported)
        self.import_dialog.open()  # window-modal, and the menu returns at once

    def _imported(self, summary: ImportSummary) -> None:
        self._report(f"Imported: {import_summary_text(summary)}")
        if entry_count(summary):
            self.data_changed.emit()

    # --- backups ----------------------------------------------------------------------
    def backup_now(self) -> None:
        self._run("Backing up…", self._backups.backup,
                  lambda written: self._report(f"Backed up to {written}"),
                  "The backup failed")

    def restore(self) -> None:
        directory = self._backup_folder()
        chosen, _filter = QFileDialog.getOpenFileName(
            self.parentWidget(), "Restore from a backup", str(directory), BACKUP_FILTER)
        if not chosen or not self._confirm_restore(Path(chosen), directory):
            return
        source = Path(chosen)
        # No pooled connection may keep the old file open while the backup is copied in.
        self._engine_dispose()
        self._run("Restoring…", lambda: self._backups.restore(source), self._restored,
                  "The backup was not restored", on_failure=self._restore_failed)

    def _backup_folder(self) -> Path:
        if self._backups_dir is not None:
            return self._backups_dir
        newest = self._backups.newest_backup()
        return newest.parent if newest is not None else self._last_dir

    def _confirm_restore(self, source: Path, directory: Path) -> bool:
        try:
            written = datetime.fromtimestamp(source.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        except OSError:
            written = "an unknown time"
        answer = QMessageBox.question(
            self.parentWidget(), "Restore from a backup?",
            f"Replace everything now in Rebound Tracker with the backup {source.name} "
            f"(written {written})?\n\nYour current data is not lost: it is first kept as a "
            f"pre-restore copy (pre-restore-….sqlite3) in {directory}, from which you can "
            "restore it again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _restored(self, result: RestoreResult) -> None:
        kept = (f"; your previous data is kept in {result.previous_kept_at}"
                if result.previous_kept_at else "")
        self._report(f"Restored from {result.restored_from}{kept}")
        self.data_changed.emit()

    def _restore_failed(self, error: BaseException) -> None:
        # A ValidationError is raised before anything is touched; any other failure may have
        # come after the copy, so the window must read the store again either way.
        if not isinstance(error, ValidationError):
            self.data_changed.emit()

    # --- running and reporting --------------------------------------------------------
    def _run(self, doing: str, work: Callable[[], Any], on_done: Callable[[Any], None],
             failed: str, on_failure: Callable[[BaseException], None] | None = None) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self._status(doing)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def error(exc: BaseException) -> None:
            self._set_busy(False)
            self._status("")
            QMessageBox.warning(self.parentWidget(), failed, describe_failure(failed, exc))
            if on_failure is not None:
                on_failure(exc)

        run_in_background(work, done, error, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for action in self.actions():
            action.setEnabled(not busy)

    def _status(self, text: str) -> bool:
        window = self.parentWidget()
        status_bar = getattr(window, "statusBar", None)
        if status_bar is None:
            return False
        if text:
            status_bar().showMessage(text, STATUS_TIMEOUT_MS)
        else:
            status_bar().clearMessage()
        return True

    def _report(self, text: str) -> None:
        if not self._status(text):
            QMessageBox.information(self.parentWidget(), "Rebound Tracker", text)


def describe_failure(failed: str, error: BaseException) -> str:
    """``failed`` and why, in words a person can act on."""
    if isinstance(error, ValidationError):
        return (f"{failed}: {error.value} is not accepted; expected {error.accepted}.\n\n"
                "Nothing was changed.")
    if isinstance(error, StoreUnavailable):
        detail = f" ({error.detail})" if error.detail and error.kind == "full" else ""
        return (f"{failed}: {error.advice}{detail}.\n\nYour data is not damaged and nothing "
                "was changed.")
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{failed}: {error.strerror}{where}."
    return f"{failed}: {error or type(error).__name__}."
