"""Import JSON or CSV files in two steps: a dry run that says what would happen (or lists
every problem in the file), then the real import once the person agrees.

Both steps run off the UI thread. The dry run is the same merge as the import, rolled back,
so the preview cannot disagree with what importing does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.errors import ImportProblem, ImportRejected, ValidationError
from rebound_tracker.services.portability import ImportSummary, PortabilityService
from rebound_tracker.ui.background import run_in_background

ACCEPTED_FILES = "one JSON export, or the doses.csv and/or checkins.csv files of a CSV export"
PROBLEM_COLUMNS = ("File", "Row", "Field", "Value", "Accepted")


def importer_for(portability: PortabilityService,
                 paths: Sequence[Path]) -> Callable[[bool], ImportSummary]:
    """The import to run for the chosen files: ``importer(dry_run) -> ImportSummary``.

    Raises ValidationError for a mix the app cannot read as one import.
    """
    paths = [Path(p) for p in paths]
    suffixes = {p.suffix.lower() for p in paths}
    if len(paths) == 1 and suffixes == {".json"}:
        # The import itself runs after the preview has listed any rows the form would ask
        # about (summary.confirmed), so pressing Import is the confirmation.
        return lambda dry_run: portability.import_json(paths[0], dry_run=dry_run,
                                                       confirmed=True)
    if paths and suffixes == {".csv"}:
        return lambda dry_run: portability.import_csv(paths, dry_run=dry_run, confirmed=True)
    raise ValidationError("files", ", ".join(p.name for p in paths), ACCEPTED_FILES)


def entry_count(summary: ImportSummary) -> int:
    """How many entries and settings importing adds or replaces (0: it changes nothing)."""
    return (sum(summary.added.values()) + sum(summary.updated.values())
            + summary.settings_added + _custom_added(summary))


def _custom_added(summary: ImportSummary) -> int:
    # Custom medications in JSON exports are being added to ImportSummary alongside this
    # dialog; read the count only where the service reports it.
    return getattr(summary, "custom_added", 0)


def describe_preview(summary: ImportSummary) -> str:
    """What importing will do, in plain words (future tense: nothing has happened yet)."""
    if entry_count(summary) == 0:
        return ("Everything in the file is already here, so importing would change nothing.")
    added, updated = summary.added, summary.updated
    lines = [f"Importing will add {_count(added['doses'], 'dose')} and "
             f"{_count(added['checkins'], 'check-in')}."]
    if sum(updated.values()):
        lines.append(f"It will replace {_count(updated['doses'], 'dose')} and "
                     f"{_count(updated['checkins'], 'check-in')} with the newer copies "
                     "in the file.")
    if summary.unchanged:
        lines.append(f"{_count(summary.unchanged, 'entry', 'entries')} already here "
                     "stay as they are.")
    if summary.kept_newer_local:
        lines.append(f"{_count(summary.kept_newer_local, 'entry', 'entries')} changed more "
                     "recently here than in the file; your copies are kept.")
    if _custom_added(summary):
        lines.append(f"{_count(_custom_added(summary), 'custom medication')} will be added.")
    if summary.settings_added:
        lines.append(f"{_count(summary.settings_added, 'setting')} will be added.")
    if summary.confirmed:
        shown = "; ".join(summary.confirmed[:5]) + ("; …" if len(summary.confirmed) > 5 else "")
        lines.append(f"Please check {_count(len(summary.confirmed), 'row')} the form would "
                     f"ask about ({shown}): pressing Import adds them as they are.")
    lines.append("Nothing is deleted by an import.")
    return " ".join(lines)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class ImportDialog(QDialog):
    """Checks the files when shown; the Import button applies them.

    ``imported(summary)`` is emitted once the import has been written; the dialog then
    closes with Accepted. Cancel (or closing) before that writes nothing.
    """

    imported = Signal(object)  # ImportSummary

    def __init__(self, portability: PortabilityService, paths: Sequence[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setMinimumWidth(620)
        self.paths = [Path(p) for p in paths]
        self.preview: ImportSummary | None = None
        self.problems: list[ImportProblem] = []
        self._portability = portability
        self._importer: Callable[[bool], ImportSummary] | None = None
        self._busy = False
        self._build()
        self._check()

    def _build(self) -> None:
        names = ", ".join(p.name for p in self.paths)
        self.files = QLabel(f"<b>{_escape(names)}</b>")
        self.files.setToolTip("\n".join(str(p) for p in self.paths))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file content is shown in it
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: the services report no progress
        self.progress.setTextVisible(False)
        self.counts = _CountsGrid()
        self.problem_table = _problem_table()
        self.buttons = QDialogButtonBox()
        self.import_button: QPushButton = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self._apply)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.files, self.status, self.progress, self.counts,
                       self.problem_table, self.buttons):
            layout.addWidget(widget)

    # --- the two steps ---------------------------------------------------------------
    def _check(self) -> None:
        try:
            self._importer = importer_for(self._portability, self.paths)
        except ValidationError as error:
            self._show_failure(error)
            return
        self._set_busy(True, "Checking the file — nothing is written yet…")
        importer = self._importer
        run_in_background(lambda: importer(True), self._show_preview, self._show_failure,
                          owner=self)

    def _apply(self) -> None:
        if self._importer is None or self.preview is None:
            return
        self._set_busy(True, "Importing…")
        importer = self._importer
        run_in_background(lambda: importer(False), self._done, self._show_failure, owner=self)

    def _done(self, summary: ImportSummary) -> None:
        self._set_busy(False, "")
        self.imported.emit(summary)
        self.accept()

    # --- what the person sees --------------------------------------------------------
    def _show_preview(self, summary: ImportSummary) -> None:
        self.preview = summary
        self._set_busy(False, describe_preview(summary))
        self.counts.show_summary(summary)
        self.counts.show()
        if entry_count(summary) == 0:
            self.preview = None  # nothing to apply
            self.cancel_button.setText("Close")
        self.import_button.setEnabled(self.preview is not None)

    def _show_failure(self, error: BaseException) -> None:
        self.preview = None
        self.counts.hide()
        if isinstance(error, ImportRejected):
            self.problems = list(error.problems)
            n = len(self.problems)
            where = "the files have" if len(self.paths) > 1 else "the file has"
            text = (f"Nothing was imported: {where} {_count(n, 'problem')}, listed below. "
                    "Correct them (or export again) and import again.")
            _fill_problems(self.problem_table, self.problems)
            self.problem_table.show()
        elif isinstance(error, ValidationError):
            text = f"Nothing was imported: {error.value} is not accepted; choose {error.accepted}."
        else:
            text = f"Nothing was imported: {str(error) or type(error).__name__}"
        self._set_busy(False, text)
        self.import_button.setEnabled(False)

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.status.setText(text)
        self.progress.setVisible(busy)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(not busy or self.preview is None)
        if busy:
            self.counts.hide()
            self.problem_table.hide()

    def reject(self) -> None:
        if self._busy and self.preview is not None:
            return  # the import is being written: it cannot be half-cancelled
        super().reject()


class _CountsGrid(QWidget):
    """Added / updated per kind, and the entries left alone, as a small table of numbers."""

    ROWS = (("Will be added", "added"), ("Will be replaced by a newer copy", "updated"))

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        for column, heading in enumerate(("Doses", "Check-ins"), start=1):
            grid.addWidget(_bold(heading), 0, column, Qt.AlignmentFlag.AlignRight)
        self.labels: dict[str, QLabel] = {}
        for row, (title, key) in enumerate(self.ROWS, start=1):
            grid.addWidget(QLabel(title), row, 0)
            for column, kind in enumerate(("doses", "checkins"), start=1):
                self.labels[f"{key}.{kind}"] = label = QLabel()
                grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
        for row, (title, key) in enumerate(
                (("Already here, unchanged (doses and check-ins)", "unchanged"),
                 ("Kept because your copy is newer (doses and check-ins)", "kept_newer_local")),
                start=len(self.ROWS) + 1):
            grid.addWidget(QLabel(title), row, 0)
            self.labels[key] = label = QLabel()
            grid.addWidget(label, row, 1, 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        self.hide()

    def show_summary(self, summary: ImportSummary) -> None:
        for _title, key in self.ROWS:
            for kind, n in getattr(summary, key).items():
                self.labels[f"{key}.{kind}"].setText(str(n))
        self.labels["unchanged"].setText(str(summary.unchanged))
        self.labels["kept_newer_local"].setText(str(summary.kept_newer_local))


class _ProblemTable(QTableWidget):
    """One row per problem; "Accepted" is a sentence, wrapped within its row."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # the stretched last column changed width


def _problem_table() -> QTableWidget:
    table = _ProblemTable(0, len(PROBLEM_COLUMNS))
    table.setHorizontalHeaderLabels(PROBLEM_COLUMNS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    table.setAccessibleName("Problems in the import file")
    table.hide()
    return table


def _fill_problems(table: QTableWidget, problems: list[ImportProblem]) -> None:
    table.setRowCount(len(problems))
    for row, problem in enumerate(problems):
        cells = (problem.source, "—" if problem.row is None else str(problem.row),
                 problem.field, "(empty)" if problem.value in (None, "") else str(problem.value),
                 problem.accepted)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, column, item)
    for column in range(len(PROBLEM_COLUMNS) - 1):
        table.resizeColumnToContents(column)
    table.resizeRowsToContents()


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
