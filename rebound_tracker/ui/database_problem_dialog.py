"""What the window says when the database file cannot be used: which file, that it is kept
as it is, and an offer to go back to the newest backup."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


class DatabaseProblemDialog(QMessageBox):
    """Names the file and the reason; offers the newest backup when there is one."""

    def __init__(self, path: str, reason: str, newest_backup: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Rebound Tracker cannot open your data")
        self.setText(f"The database {path} {reason}.")
        detail = "The file has been left exactly as it is; nothing was written to it."
        self.restore_button = None
        if newest_backup:
            detail += (f"\n\nYour newest backup is {newest_backup}. Restoring it keeps the "
                       "current file in the backups folder, so nothing is deleted.")
            self.restore_button = self.addButton("Restore the newest backup",
                                                 QMessageBox.ButtonRole.AcceptRole)
        else:
            detail += "\n\nNo backup was found in the backups folder."
        self.setInformativeText(detail)
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)

    def wants_restore(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button


def ask_to_restore(path: str, reason: str, newest_backup: str | None,
                   argv: list[str]) -> bool:
    """Show the dialog (making the QApplication if needed); True if restoring was chosen."""
    _app = QApplication.instance() or QApplication(argv)
    dialog = DatabaseProblemDialog(path, reason, newest_backup)
    dialog.exec()
    return dialog.wants_restore()


class PlaceProblemDialog(QMessageBox):
    """The data cannot be opened because of where it is (a full or read-only disk, another
    program writing): says so, that nothing is damaged, and what to do. No restore offer."""

    def __init__(self, what: str, to_do: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Rebound Tracker cannot open your data")
        self.setText(what)
        self.setInformativeText(to_do)
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)


def tell_place_problem(what: str, to_do: str, argv: list[str]) -> None:
    """Show :class:`PlaceProblemDialog` (making the QApplication if needed)."""
    _app = QApplication.instance() or QApplication(argv)
    PlaceProblemDialog(what, to_do).exec()
