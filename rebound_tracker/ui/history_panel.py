"""The day's doses and check-ins in one list, with edit and (undoable) delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.domain.entries import SCALES, CheckIn, Dose
from rebound_tracker.domain.errors import ReboundError
from rebound_tracker.domain.timeparse import day_bounds
from rebound_tracker.services.checkins import CheckInService
from rebound_tracker.services.doses import DoseService
from rebound_tracker.services.medications import MedicationService
from rebound_tracker.ui.undo import push_delete

SHORT = {"irritability": "irritable", "restlessness": "restless"}


@dataclass(frozen=True)
class Row:
    when: datetime
    kind: str
    what: str
    note: str
    entry: Dose | CheckIn


class EntryTableModel(QAbstractTableModel):
    HEADERS = ("Time", "Entry", "Details", "Note")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (row.when.strftime("%H:%M"), row.kind, row.what, row.note)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class EntryTable(QTableView):
    """A table that turns Delete and Enter on the selected row into signals."""

    delete_pressed = Signal()
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
        else:
            super().keyPressEvent(event)


class HistoryPanel(QWidget):
    """Lists the selected day's entries; emits edit requests, deletes through undo."""

    edit_requested = Signal(object)  # a Dose or CheckIn
    delete_refused = Signal(str)  # why the store refused a delete (nothing was deleted)

    def __init__(
        self,
        doses: DoseService,
        checkins: CheckInService,
        medications: MedicationService,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._doses, self._checkins, self._meds = doses, checkins, medications
        self._undo = undo_stack
        self.day: date | None = None
        self.model = EntryTableModel(self)  # owned by the panel, freed with its view
        self.table = EntryTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Entries of the selected day")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.title = QLabel()
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the selected entry (Enter or double-click)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected entry (Delete); Ctrl+Z undoes it")
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.delete_pressed.connect(self.delete_selected)
        self.table.enter_pressed.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_day(self, day: date) -> None:
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        if self.day is None:
            return
        start, end = day_bounds(self.day)
        rows = [self._dose_row(d) for d in self._doses.list(start, end)]
        rows += [self._checkin_row(c) for c in self._checkins.list(start, end)]
        rows.sort(key=lambda r: r.when)
        self.model.set_rows(rows)
        count = len(rows)
        self.title.setText(f"{self.day:%A %d %B %Y}: {count} entr{'y' if count == 1 else 'ies'}")
        self._update_buttons()

    def selected_entry(self) -> Dose | CheckIn | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()].entry if indexes else None

    def select_entry(self, entry_id: str) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.entry.id == entry_id:
                self.table.selectRow(i)
                return True
        return False

    def edit_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.edit_requested.emit(entry)

    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            if isinstance(entry, Dose):
                name = self._meds.name_of(entry.medication_id)
                push_delete(self._undo, self._doses, entry, f"{name} {entry.mg:g} mg")
            else:
                push_delete(self._undo, self._checkins, entry, "check-in")
        except ReboundError as error:
            self.delete_refused.emit(str(error))

    def _dose_row(self, dose: Dose) -> Row:
        name = self._meds.name_of(dose.medication_id)
        fed = ", with food" if dose.fed else ""
        return Row(dose.taken.local, "Dose", f"{name} {dose.mg:g} mg{fed}", dose.note, dose)

    def _checkin_row(self, checkin: CheckIn) -> Row:
        parts = [f"{SHORT.get(s, s)} {checkin.scale(s)}" for s in SCALES
                 if checkin.scale(s) is not None]
        return Row(checkin.at.local, "Check-in", " · ".join(parts), checkin.note, checkin)

    def _update_buttons(self) -> None:
        has = self.selected_entry() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
