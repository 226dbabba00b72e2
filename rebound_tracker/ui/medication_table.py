"""The medication library as a table: the person's own products first, then the built-ins."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from rebound_tracker.domain.medication import Formulation

COLUMNS = ("Name", "Active substance", "Label dose", "Kind")
ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class MedicationTableModel(QAbstractTableModel):
    """Rows are formulations; ``is_custom(id)`` tells the person's own from the built-ins."""

    def __init__(self, is_custom: Callable[[str], bool], parent=None) -> None:
        super().__init__(parent)
        self._is_custom = is_custom
        self.rows: list[Formulation] = []

    def set_formulations(self, formulations: Sequence[Formulation]) -> None:
        self.beginResetModel()
        self.rows = sorted(formulations,
                           key=lambda f: (not self._is_custom(f.id), f.name.casefold()))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(f, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.description
        if role == ID_ROLE:
            return f.id
        if role == SEARCH_ROLE:
            return " ".join((f.id, f.name, f.generic, f.analyte, *f.aliases))
        return None

    def _cell(self, f: Formulation, column: int) -> str:
        if column == 0:
            return f.name
        if column == 1:
            return f.analyte
        if column == 2:
            return f"{f.label_min_mg:g}–{f.label_max_mg:g} mg"
        return "yours" if self._is_custom(f.id) else "built-in"

    def row_of(self, medication_id: str) -> int:
        """The row of a medication, or -1."""
        return next((i for i, f in enumerate(self.rows) if f.id == medication_id), -1)


def search_proxy(model: MedicationTableModel) -> QSortFilterProxyModel:
    """A filter over names, aliases, generic name and analyte (case-insensitive), owned by
    the model's parent: a proxy owned by Python alone could be freed at exit before the
    view and the slots that use it (RuntimeError: … already deleted, on quit)."""
    proxy = QSortFilterProxyModel(model.parent())
    proxy.setSourceModel(model)
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(0)
    return proxy
