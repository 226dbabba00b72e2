"""The medication library: every product with its blocks and sources, and the person's own
products, which they add (from scratch or starting from another), edit and remove here.

Changes go through the window's undo stack (Ctrl+Z works here and in the main window). A
medication that logged doses use is not removed: the doses would lose their curve.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rebound_tracker.services.medications import MedicationService
from rebound_tracker.services.simulation import SimulationService
from rebound_tracker.ui.medication_commands import RemoveMedication
from rebound_tracker.ui.medication_editor import MedicationEditor
from rebound_tracker.ui.medication_table import ID_ROLE, MedicationTableModel, search_proxy
from rebound_tracker.ui.medication_words import details_html

STATUS_TIMEOUT_MS = 10000


class MedicationsDialog(QDialog):
    """``editor_opened(editor)`` whenever an editor is shown (tests drive it)."""

    editor_opened = Signal(object)

    def __init__(self, medications: MedicationService, simulation: SimulationService,
                 undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Medications")
        self.resize(1000, 640)
        self._medications, self._simulation, self._undo = medications, simulation, undo_stack
        self.editor: MedicationEditor | None = None
        self.model = MedicationTableModel(medications.is_custom, self)
        self.proxy = search_proxy(self.model)
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setAccessibleName("Search medications")
        self.search.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Medications")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Medication details")
        self.details.setOpenLinks(False)
        self.new_button = self._button("&New…", "Define a medication of your own")
        self.copy_button = self._button("&Start from this one…",
                                        "A new medication of your own, starting from a copy "
                                        "of the selected one")
        self.edit_button = self._button("&Edit…", "Change a medication you added")
        self.remove_button = self._button("&Remove", "Remove a medication you added "
                                          "(Ctrl+Z undoes it)")
        self.close_button = self._button("Close", "")
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        self._lay_out()
        self._add_undo_actions()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        return button

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_label = QLabel("Searc&h")
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setSizes([470, 530])
        buttons = QHBoxLayout()
        for button in (self.new_button, self.copy_button, self.edit_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _add_undo_actions(self) -> None:
        """Ctrl+Z / Ctrl+Shift+Z here too: the main window's shortcuts stop at this window."""
        undo = self._undo.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self._undo.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        remove = QAction(self)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._activated)
        self.new_button.clicked.connect(lambda: self.open_editor())
        self.copy_button.clicked.connect(
            lambda: self.open_editor(template=self.selected_id()))
        self.edit_button.clicked.connect(lambda: self.open_editor(editing=self.selected_id()))
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button.clicked.connect(self.close)
        self._undo.indexChanged.connect(self.refresh)

    # --- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the library again (after any change, here or elsewhere), keeping the row."""
        selected = self.selected_id()
        self.model.set_formulations(self._medications.all())
        self.select(selected or "")
        if self.selected_id() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def select(self, medication_id: str) -> None:
        row = self.model.row_of(medication_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.proxy.data(index.siblingAtColumn(0), ID_ROLE)

    def _search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.selected_id() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        med_id = self.selected_id()
        custom = med_id is not None and self._medications.is_custom(med_id)
        self.copy_button.setEnabled(med_id is not None)
        self.edit_button.setEnabled(custom)
        self.remove_button.setEnabled(custom)
        if med_id is None:
            self.details.setHtml("<p>No medication matches the search.</p>")
            return
        doses = self._medications.doses_using(med_id) if custom else None
        self.details.setHtml(details_html(self._medications.get(med_id), custom=custom,
                                          doses=doses))

    def _activated(self) -> None:
        med_id = self.selected_id()
        if med_id is not None and self._medications.is_custom(med_id):
            self.open_editor(editing=med_id)

    # --- changes -------------------------------------------------------------------------
    def open_editor(self, *, template: str | None = None,
                    editing: str | None = None) -> MedicationEditor:
        """The editor (window-modal): a new medication, a copy of ``template``, or an edit."""
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = MedicationEditor(self._medications, self._simulation, self._undo,
                                       self.report, template=template, editing=editing,
                                       parent=self)
        self.editor.saved.connect(self._saved)
        self.editor.open()
        self.editor_opened.emit(self.editor)
        return self.editor

    def _saved(self, medication_id: str) -> None:
        self.search.clear()
        self.refresh()
        self.select(medication_id)
        name = self._medications.get(medication_id).name
        self.show_status(f"Saved {name}. It is in the dose form's list now; Ctrl+Z undoes it.")

    def remove_selected(self) -> bool:
        """Remove the selected medication of the person's own, unless doses use it."""
        med_id = self.selected_id()
        if med_id is None or not self._medications.is_custom(med_id):
            return False
        name = self._medications.get(med_id).name
        used = self._medications.doses_using(med_id)
        if used:
            QMessageBox.information(
                self, "Medication in use",
                f"{name} is not removed: {used} logged dose{'s use' if used != 1 else ' uses'}"
                " it, and their predicted curves are computed from it.\n\nTo remove it, "
                "first delete those doses or change them to another medication.")
            return False
        command = RemoveMedication(self._medications, med_id, name, self.report)
        self._undo.push(command)
        if command.failed:
            self.show_status(command.failed)
            return False
        self.show_status(f"Removed {name}. Ctrl+Z puts it back.")
        return True

    def report(self, text: str) -> None:
        """A refused undo or redo (see medication_commands): say so where it will be seen."""
        self.show_status(text)
        if not self.isVisible():
            QMessageBox.warning(self.parentWidget(), "Medications", text)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
