"""The register table's Qt model: a thin shell over core.register_view, which builds, filters and sorts the
rows in plain Python (far faster than QSortFilterProxyModel calling back into Python per comparison)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..core.formatting import format_pounds
from ..core.model import RegisterData
from ..core.register_view import (
    ACTUAL_SAVINGS_COLUMN,
    COLUMN_TIPS,
    COLUMNS,
    MONEY_COLUMNS,
    RegisterFilter,
    RegisterRow,
    build_rows,
    sorted_rows,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_TWO_LINE_HEADINGS = frozenset({COLUMNS.index("Lead organisation"), *MONEY_COLUMNS})
_Index = QModelIndex | QPersistentModelIndex


class RegisterTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[RegisterRow] = []
        self._shown: list[RegisterRow] = []
        self._filter = RegisterFilter()
        self._sort_column = 0
        self._descending = False
        self._data: RegisterData | None = None

    # ---- what the window drives

    def set_register(self, data: RegisterData | None, rows: list[RegisterRow] | None = None) -> None:
        """Show a register; `rows` are its rows when already built (RegisterSession.rows)."""
        self.beginResetModel()
        self._all = (rows if rows is not None else build_rows(data)) if data is not None else []
        self._data = data
        self._refresh()
        self.endResetModel()

    def set_filter(self, register_filter: RegisterFilter) -> None:
        if register_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = register_filter
        self._refresh()
        self.endResetModel()

    @property
    def register_filter(self) -> RegisterFilter:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._shown = sorted_rows(self._shown, column, self._descending)
        self.layoutChanged.emit()

    def _refresh(self) -> None:
        matching = [row for row in self._all if self._filter.matches(row)] if self._filter.active else self._all
        self._shown = sorted_rows(matching, self._sort_column, self._descending)

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def shown_rows(self) -> list[RegisterRow]:
        return self._shown

    def row_of(self, opportunity_id: str) -> int:
        for number, row in enumerate(self._shown):
            if row.id == opportunity_id:
                return number
        return -1

    def opportunity_id(self, row: int) -> str | None:
        return self._shown[row].id if 0 <= row < len(self._shown) else None

    # ---- QAbstractTableModel

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return self._title_tip(row.id)
            if column == ACTUAL_SAVINGS_COLUMN and row.actual_savings_pence is not None:
                return _realised_tip(row)
            return row.cells[column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and row.colour:
            return QColor(row.colour)
        if role == ID_ROLE:
            return row.id
        return None

    def _title_tip(self, opportunity_id: str) -> str:
        opportunity = self._data.opportunities.get(opportunity_id) if self._data else None
        return f"{opportunity.reference}: {opportunity.title}\n\n{opportunity.summary}".strip() if opportunity else ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            # Long headings over short figures take two lines, so eleven columns fit a laptop's width.
            return COLUMNS[section].replace(" ", "\n", 1) if section in _TWO_LINE_HEADINGS else COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS.get(section, COLUMNS[section])
        return None


def _realised_tip(row: RegisterRow) -> str:
    """The actual savings cell's tooltip: what was realised against what was planned for the same years."""
    actual = row.actual_savings_pence or 0
    measured = row.measured_savings_pence
    if not measured:
        return f"{format_pounds(actual)} realised so far"
    percent = round(100 * actual / measured)
    return (
        f"{format_pounds(actual)} realised against {format_pounds(measured)} planned "
        f"for the years measured so far ({percent}%)"
    )
