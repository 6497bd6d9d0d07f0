"""View > History (Ctrl+7): the register's change log, newest first, as the audit of who changed what and when.

Columns: When (21 Nov 2026 14:05, local time), Who (the operating-system user), What (the action, 'Move LAN-017
from Park to Quick win'), Record, Field, From, To, At meeting. Filters: who, a search over the record, the
action and the values, and a period (today, the last 7 or 30 days, 12 months, or between two dates). The rows
are shaped in core/history.py; this page only shows them, through a table model (a register's log runs to tens
of thousands of rows). It follows the register: each change appends to the log and the page reads what is new
(when it is showing; otherwise when next shown). Export CSV writes the rows the filters leave.

Keys: Ctrl+7 shows the page with the table focused; Alt+W, Alt+S, Alt+P choose a filter; Alt+X exports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.history import (
    COLUMNS,
    ChangeLogEntry,
    HistoryFilter,
    HistoryRow,
    Names,
    count_text,
    filter_history,
    history_rows,
    people,
)
from .session import RegisterSession

__all__ = ["HistoryModel", "HistoryPage", "PERIODS"]

WHEN, WHO, WHAT, RECORD, FIELD, FROM, TO, MEETING = range(len(COLUMNS))
_EVERYONE = ""
PERIODS = ("Any time", "Today", "Last 7 days", "Last 30 days", "Last 12 months", "Between dates")
_TYPE_AHEAD_ROWS = 20_000  # above this many rows, the search waits for a pause in the typing
_CELL_LIMIT = 160  # longer text (minutes, summaries) is cut in the cell and shown whole below the table
CSV_FILTER = "CSV files (*.csv);;All files (*)"
PAGE_STYLE = """
QLabel#historyTitle { font-size: 15pt; font-weight: 600; color: #123a6b; }
QLabel#historyCount { color: #37475a; }
QLabel#historyEmpty { color: #5a6778; padding: 12px; }
QLabel#historyDetail { background: #ffffff; border: 1px solid #cfd7e2; border-radius: 3px; padding: 6px; }
"""


def _cell(text: str) -> str:
    line = text.split("\n", 1)[0]
    if len(line) > _CELL_LIMIT:
        return line[: _CELL_LIMIT - 1].rstrip() + "…"
    return line + (" …" if "\n" in text.strip() else "")


class HistoryModel(QAbstractTableModel):
    """History rows, read-only, in the order given (newest first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(self.rows[index.row()].cells()[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.rows[index.row()].cells()[index.column()]
            return text if text != _cell(text) else None
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def row(self, number: int) -> HistoryRow | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


class HistoryPage(QWidget):
    """The change log with filters and a CSV export. `status` carries a message for the status bar, `failed` one
    for an error box."""

    status = Signal(str)
    failed = Signal(str)  # a plain message: the export could not be written

    def __init__(
        self,
        session: RegisterSession,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self.setAccessibleName("History")
        self.setStyleSheet(PAGE_STYLE)
        self.session = session
        self._today = today
        self._entries: list[ChangeLogEntry] = []
        self._names = Names(None)
        self._all: list[HistoryRow] = []
        self._stale = True

        title = QLabel("History")
        title.setObjectName("historyTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")
        self.count_label.setAccessibleName("Number of changes")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)

        # ---- filters (mnemonics clear of the menus: File, Edit, View, Board, Meetings, Register, Help)
        self.person_combo = QComboBox()
        self.person_combo.setObjectName("historyPersonFilter")
        self.person_combo.setAccessibleName("Who made the change")
        self.person_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        person_label = QLabel("&Who:")
        person_label.setBuddy(self.person_combo)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName("Search the history")
        self.search.setPlaceholderText("Reference, title, action or value")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("historyPeriod")
        self.period_combo.setAccessibleName("Period")
        self.period_combo.addItems(list(PERIODS))
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.period_combo)
        self.from_date = self._date_edit("historyFrom", "From date")
        self.to_date = self._date_edit("historyTo", "To date")
        from_label = QLabel("fr&om")
        from_label.setBuddy(self.from_date)
        to_label = QLabel("&to")
        to_label.setBuddy(self.to_date)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setAccessibleName("Clear the filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setObjectName("historyExport")
        self.export_button.setAccessibleName("Export the history shown as a CSV file")
        self.export_button.setToolTip("The changes shown, as a CSV file for Excel")
        self.export_button.clicked.connect(self.export_csv)
        filters = QHBoxLayout()
        for widget in (person_label, self.person_combo):
            filters.addWidget(widget)
        filters.addSpacing(10)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addSpacing(10)
        for widget in (period_label, self.period_combo, from_label, self.from_date, to_label, self.to_date):
            filters.addWidget(widget)
        filters.addSpacing(10)
        filters.addWidget(self.clear_button)
        filters.addWidget(self.export_button)
        self._custom_widgets = (from_label, self.from_date, to_label, self.to_date)

        # ---- the table
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Change history")
        self.table.setAccessibleDescription(
            "Every change to the register, newest first: when, who, what, the record, the field, from, to and "
            "the meeting it was made at."
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        # Fixed widths (ResizeToContents would measure every row); the Record column takes the rest. When fits the
        # longest date and time in this font.
        metrics = self.table.fontMetrics()
        when_width = metrics.horizontalAdvance("30 Sep 2026 23:59") + 24
        for column, width in zip(range(len(COLUMNS)), (when_width, 90, 260, 260, 150, 160, 160, 130), strict=True):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(RECORD, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._show_detail())
        self.setFocusProxy(self.table)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("historyEmpty")
        self.empty_label.setAccessibleName("No changes")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.detail = QLabel()
        self.detail.setObjectName("historyDetail")
        self.detail.setAccessibleName("The selected change in full")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMaximumHeight(120)
        self.detail.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.detail)

        self.person_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        # Typing filters at once, except over a very large log, where it waits for a pause in the typing.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_changed)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.from_date.dateChanged.connect(lambda _d: self.apply_filters())
        self.to_date.dateChanged.connect(lambda _d: self.apply_filters())
        self._period_changed()
        session.changed.connect(self._on_register_changed)
        self.refresh()

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        today = self._today()
        edit.setDate(QDate(today.year, today.month, today.day))
        return edit

    # ------------------------------------------------------------------------------------------- data

    def refresh(self) -> None:
        """Build every row again from the whole change log, naming records as the register now names them (on
        first show, and on showing the page again after changes)."""
        self._entries = self.session.register.change_log()
        self._names = Names(self.session.data, self._entries)
        self._all = history_rows(self._entries, self.session.data, self._names)
        self._stale = False
        self._fill_people()
        self.apply_filters()

    def _catch_up(self) -> None:
        """Add the rows of the changes written since the last read, on top (the log only grows): a change made
        while the page shows costs its own rows, not the whole log's (185,000 rows take ~1.5 s to shape)."""
        last = self._entries[-1].seq if self._entries else 0
        new = self.session.register.change_log(after_seq=last)
        if not new:
            return
        self._entries.extend(new)
        self._names.add(new)
        self._all = history_rows(new, self.session.data, self._names) + self._all
        self._fill_people()
        self.apply_filters()

    def _on_register_changed(self) -> None:
        if self.isVisible() and not self._stale:
            self._catch_up()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _fill_people(self) -> None:
        current = self.person_combo.currentData()
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        self.person_combo.addItem("Everyone", _EVERYONE)
        for person in people(self._all):
            self.person_combo.addItem(person, person)
        index = self.person_combo.findData(current)
        self.person_combo.setCurrentIndex(max(index, 0))
        self.person_combo.blockSignals(False)

    # ---------------------------------------------------------------------------------------- filters

    def _period_changed(self) -> None:
        custom = self.period_combo.currentText() == "Between dates"
        for widget in self._custom_widgets:
            widget.setVisible(custom)
        self.apply_filters()

    def current_filter(self) -> HistoryFilter:
        today = self._today()
        start: date | None = None
        end: date | None = None
        period = self.period_combo.currentText()
        if period == "Today":
            start = end = today
        elif period == "Last 7 days":
            start, end = today - timedelta(days=6), today
        elif period == "Last 30 days":
            start, end = today - timedelta(days=29), today
        elif period == "Last 12 months":
            start, end = today.replace(year=today.year - 1) + timedelta(days=1), today
        elif period == "Between dates":
            start, end = self.from_date.date().toPython(), self.to_date.date().toPython()  # type: ignore[assignment]
            if start and end and start > end:
                start, end = end, start
        return HistoryFilter(
            person=self.person_combo.currentData() or None, text=self.search.text(), start=start, end=end
        )

    def apply_filters(self) -> None:
        self._typing.stop()
        wanted = self.current_filter()
        shown = filter_history(self._all, wanted) if wanted.active else self._all
        self.model.set_rows(shown)
        self.count_label.setText(count_text(len(shown), len(self._all)))
        if not self._all:
            self.empty_label.setText("Nothing has been changed in this register yet.")
        else:
            self.empty_label.setText("No changes match these filters. Clear them (Alt+L) to see every change.")
        self.empty_label.setVisible(not shown)
        self.export_button.setEnabled(bool(shown))
        if shown:
            self.table.selectRow(0)
        self._show_detail()

    def _search_changed(self) -> None:
        if len(self._all) > _TYPE_AHEAD_ROWS:
            self._typing.start()
        else:
            self.apply_filters()

    def clear_filters(self) -> None:
        for widget in (self.person_combo, self.period_combo):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._period_changed()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_detail(self) -> None:
        row = self.model.row(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        if row is None:
            self.detail.hide()
            return
        lines = [f"{row.when_text}, {row.who}: {row.what}", f"{row.record} · {row.field}"]
        if row.old or row.new:
            lines.append(f"From: {row.old or '(empty)'}")
            lines.append(f"To: {row.new or '(empty)'}")
        if row.meeting:
            lines.append(f"At the meeting: {row.meeting}")
        self.detail.setText("\n".join(lines))
        self.detail.show()

    # ----------------------------------------------------------------------------------------- export

    def ask_csv_path(self, suggestion: Path) -> Path | None:
        """Where to write the CSV (tests replace this)."""
        chosen, _ = QFileDialog.getSaveFileName(self, "Export history as CSV", str(suggestion), CSV_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(".csv")

    def export_csv(self) -> Path | None:
        from ..reports.history_csv import write_history_csv

        rows = self.model.rows
        if not rows:
            return None
        register = self.session.register.path
        path = self.ask_csv_path(register.with_name(f"{register.stem} history.csv"))
        if path is None:
            return None
        if path.suffix.lower() != ".csv":
            self.failed.emit(f"{path.name}: choose a name ending .csv.")
            return None
        try:
            count = write_history_csv(rows, path, self.session.data.settings.marking)
        except OSError as exc:
            self.failed.emit(f"{path.name} could not be written: {exc.strerror or exc}.")
            return None
        noun = "change" if count == 1 else "changes"
        self.status.emit(f"Exported {count:,} {noun} to {path.name}.")
        return path
