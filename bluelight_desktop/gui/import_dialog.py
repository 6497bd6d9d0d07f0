"""File > Import from spreadsheet…: opportunities from an .xlsx workbook or a CSV file.

`ImportDialog(session, path, parent)` reads the file on a worker thread, matches its columns to the register's
fields from common header spellings (one combo per field, changeable), and previews every row with its problems
(in red, and in words) and notes (new organisations and workstreams, renumbered references). Nothing is written
until Import is pressed; while a row has a problem Import stays disabled unless "Skip rows with problems" is
ticked. The import is one Edit, written after a backup on a worker thread, then put on the session's undo stack,
so one Undo takes it all back.

The dialog holds no rules: `core.spreadsheet_import` reads and checks the rows, `storage.spreadsheet` reads the
file and writes the import. `choose_file()` asks for a file and is replaced in tests.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import Edit
from ..core.formatting import format_date, format_pounds
from ..core.model import RegisterData
from ..core.spreadsheet_import import (
    FIELDS,
    ImportPlan,
    ImportProblem,
    RowResult,
    cell_text,
    column_letter,
    plan_import,
)
from ..paths import data_dir
from ..storage.register import Register
from ..storage.spreadsheet import SheetTable, apply_import, read_spreadsheet, reference_span, taken_references
from .session import EditCommand, RegisterSession

FILE_FILTER = "Spreadsheets (*.xlsx *.csv *.txt);;All files (*)"
NOT_IMPORTED = "(not imported)"
PROBLEM_FILL = "#fdecec"
PROBLEM_TEXT = "#9b1c1c"
NOTE_TEXT = "#5a6470"
# Mnemonics: unique where a letter is free; Qt cycles between controls sharing one.
FIELD_LABELS = {
    "reference": "&Reference",
    "title": "&Title",
    "summary": "Su&mmary",
    "workstream": "&Workstream",
    "lead_organisation": "&Lead organisation",
    "partners": "&Partners",
    "lead_officer": "Lead &officer",
    "sponsor": "Spo&nsor",
    "stage": "Sta&ge",
    "effort": "&Effort",
    "benefit": "&Benefit",
    "start_date": "Start &date",
    "end_date": "End d&ate",
    "cashable_saving": "&Cashable saving a year",
    "one_off_cost": "One-o&ff cost",
    "non_cashable_benefits": "Non-cashable &benefits",
    "risks": "Ris&ks",
    "notes": "No&tes",
    "shareable": "Share&able",
}


def choose_spreadsheet(parent: QWidget | None = None, folder: Path | None = None) -> Path | None:
    """The standard Open dialog for a spreadsheet to import (None if cancelled): for a menu action that asks for
    the file before opening ImportDialog."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import from spreadsheet", str(folder or data_dir()), FILE_FILTER)
    return Path(chosen) if chosen else None


_running: set[QThread] = set()  # workers still running, whatever became of their dialogs


def _keep_until_finished(worker: QThread) -> None:
    """Workers have no parent: a dialog deleted while one runs (the app quitting) must not take the running thread
    with it, which would abort the process. The worker is kept here until it has finished."""
    _running.add(worker)

    def release() -> None:
        if worker in _running:
            _running.discard(worker)
            worker.deleteLater()

    worker.finished.connect(release)


class PlanWorker(QThread):
    """Reads the sheet (unless it is given) and plans the import off the UI thread. Signals arrive queued."""

    progressed = Signal(int)  # rows read so far
    succeeded = Signal(object, object)  # SheetTable, ImportPlan | None (None: no title column chosen)
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        sheet: str | None,
        table: SheetTable | None,
        columns: dict[str, int] | None,
        data: RegisterData,
        taken: set[str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.sheet, self.table, self.columns = path, sheet, table, columns
        self.data, self.taken = data, taken
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            table = self.table
            if table is None:
                table = read_spreadsheet(
                    self.path, self.sheet, cancelled=self._stop.is_set, progress=self.progressed.emit
                )
            columns = table.columns if self.columns is None else self.columns
            plan = None
            if "title" in columns:
                plan = plan_import(
                    self.data,
                    table.headers,
                    table.rows,
                    columns,
                    self.taken,
                    header_row=table.header_row,
                    sheet_name=table.sheet_name,
                    source_name=table.path.name,
                    cancelled=self._stop.is_set,
                )
        except ImportProblem as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never a traceback on a worker thread: say what happened
            self.failed.emit(f"The spreadsheet could not be read: something went wrong ({type(exc).__name__}: {exc}).")
        else:
            self.succeeded.emit(table, plan)


class WriteWorker(QThread):
    """Backs the register up and applies the import on its own connection, off the UI thread."""

    succeeded = Signal(str)  # the backup's path
    failed = Signal(str)

    def __init__(self, path: Path, edit: Edit, meeting_id: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.edit, self.meeting_id = path, edit, meeting_id

    def run(self) -> None:
        try:
            with Register(self.path) as register:
                backup = apply_import(register, self.edit, self.meeting_id)
        except Exception as exc:  # disk full, file gone: the transaction rolled back, the register is as it was
            self.failed.emit(f"Nothing was imported: the register could not be written ({exc}).")
        else:
            self.succeeded.emit(str(backup))


class PreviewModel(QAbstractTableModel):
    """The planned rows: problems in red and in words, notes in grey."""

    HEADERS = (
        "Row",
        "Status",
        "Reference",
        "Title",
        "Problems and notes",
        "Workstream",
        "Lead",
        "Partners",
        "Stage",
        "Effort",
        "Benefit",
        "Saving a year",
        "One-off cost",
        "Start",
        "End",
    )
    PROBLEMS_COLUMN = 4
    NUMBER_COLUMNS = (0, 9, 10, 11, 12)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RowResult] = []
        self._problem_brush = QBrush(QColor(PROBLEM_FILL))
        self._problem_text = QBrush(QColor(PROBLEM_TEXT))
        self._note_text = QBrush(QColor(NOTE_TEXT))

    def set_rows(self, rows: list[RowResult]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([*row.problems, *row.notes]) or "Ready to import."
        if role == Qt.ItemDataRole.BackgroundRole and not row.ok:
            return self._problem_brush
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.ok and column in (1, self.PROBLEMS_COLUMN):
                return self._problem_text
            if row.ok and column == self.PROBLEMS_COLUMN:
                return self._note_text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def text(row: RowResult, column: int) -> str:
        opp = row.opportunity
        match column:
            case 0:
                return str(row.number)
            case 1:
                return "Ready" if row.ok else ("Problem" if len(row.problems) == 1 else f"{len(row.problems)} problems")
            case 2:
                return opp.reference or row.wanted_reference
            case 3:
                return opp.title
            case 4:
                return " ".join([*row.problems, *(f"Note: {n}" for n in row.notes)])
            case 5:
                return row.workstream_name
            case 6:
                return row.lead_name
            case 7:
                return ", ".join(row.partner_names)
            case 8:
                return opp.stage.label
            case 9:
                return "" if opp.effort is None else str(opp.effort)
            case 10:
                return "" if opp.benefit is None else str(opp.benefit)
            case 11:
                return format_pounds(opp.cashable_saving_pence) if opp.cashable_saving_pence else ""
            case 12:
                return format_pounds(opp.one_off_cost_pence) if opp.one_off_cost_pence else ""
            case 13:
                return format_date(opp.start_date)
            case _:
                return format_date(opp.end_date)


class ImportDialog(QDialog):
    """`ImportDialog(session, path, parent)`: preview and import the spreadsheet at `path` (None: choose one)."""

    imported = Signal(int)  # how many opportunities were imported

    def __init__(self, session: RegisterSession, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path: Path | None = Path(path) if path is not None else None
        self.table: SheetTable | None = None
        self.plan: ImportPlan | None = None
        self.worker: PlanWorker | None = None
        self.writer: WriteWorker | None = None
        self.result_text = ""
        self._pending: tuple[bool, str | None] | None = None  # a plan asked for while one was running
        self._taken: set[str] | None = None
        self._close_when_stopped = False
        self._filling = False
        self._sheets: list[str] = []  # the workbook's sheets, kept when one of them cannot be read
        self._edit: Edit | None = None
        self.setWindowTitle("Import from spreadsheet")
        self.setMinimumSize(1000, 680)
        self.resize(1180, 800)

        intro = QLabel(
            "Each row of the sheet becomes an opportunity. Check which column holds each field, look over the rows, "
            "then import. Nothing is written until you press Import; a backup is taken first, and Edit > Undo "
            "takes the whole import back."
        )
        intro.setWordWrap(True)

        self.file_label = QLabel()
        self.file_label.setAccessibleName("Spreadsheet file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("C&hoose file…")
        self.choose_button.setAccessibleName("Choose file")
        self.choose_button.clicked.connect(self._choose_pressed)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.setMinimumWidth(220)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet_combo)
        self.found_label = QLabel()
        self.found_label.setAccessibleName("What was found")
        top = QHBoxLayout()
        file_caption = QLabel("File:")
        top.addWidget(file_caption)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addWidget(self.found_label, 1)

        self.columns_group = QGroupBox("Columns: where each field comes from")
        columns_layout = QHBoxLayout(self.columns_group)
        columns_layout.setSpacing(20)
        self.field_combos: dict[str, QComboBox] = {}
        per_column = (len(FIELDS) + 2) // 3
        forms = [QFormLayout() for _ in range(3)]
        for form in forms:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(6)
            columns_layout.addLayout(form, 1)
        for number, item in enumerate(FIELDS):
            combo = QComboBox()
            combo.setAccessibleName(f"{item.label} column")
            combo.setToolTip(item.help or f"The column that holds each opportunity's {item.label.lower()}.")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self._columns_changed)
            label = QLabel(FIELD_LABELS[item.key] + (" (required):" if item.key == "title" else ":"))
            label.setBuddy(combo)
            forms[number // per_column].addRow(label, combo)
            self.field_combos[item.key] = combo

        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)  # the counts and the advice after them can be long
        self.counts_label.setAccessibleName("Counts")
        self.counts_label.setStyleSheet("font-weight: 600;")
        self.only_problems_box = QCheckBox("Show onl&y rows with problems")
        self.only_problems_box.setAccessibleName("Show only rows with problems")
        self.only_problems_box.toggled.connect(self._refresh_preview)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.counts_label, 1)
        counts_row.addWidget(self.only_problems_box)

        self.model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.model)
        self.preview.setAccessibleName("Rows to import")
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().hide()
        self.preview.setWordWrap(False)
        self.preview.setAlternatingRowColors(False)
        header = self.preview.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((48, 84, 84, 220, 330, 150, 64, 110, 120, 56, 66, 104, 96, 94, 94)):
            self.preview.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        preview_label = QLabel("Pre&view:")
        preview_label.setBuddy(self.preview)
        self.detail = QLabel()
        self.detail.setAccessibleName("The selected row's problems and notes")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.selectionModel().currentRowChanged.connect(self._show_detail)

        self.skip_box = QCheckBox("S&kip rows with problems: import the other rows and leave those out")
        self.skip_box.setAccessibleName("Skip rows with problems")
        self.skip_box.toggled.connect(self._update_state)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)

        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import")
        self.import_button.setDefault(True)
        self.import_button.setStyleSheet(
            "QPushButton:disabled { background: #eef1f5; color: #8a939c; border: 1px solid #c5ced8; }"
        )
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self._cancel_pressed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(sheet_row)
        layout.addWidget(self.columns_group)
        layout.addLayout(counts_row)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.skip_box)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self._show_file()
        self._update_state()
        self._show_problems([])
        if self.path is not None:
            self.load(self.path)
        else:
            self.choose_button.setFocus()

    # ---- choosing the file and sheet

    def choose_file(self) -> Path | None:
        """Ask for the spreadsheet to import. Tests replace this."""
        return choose_spreadsheet(self, self.path.parent if self.path is not None else None)

    def _choose_pressed(self) -> None:
        chosen = self.choose_file()
        if chosen is not None:
            self.load(chosen)

    def load(self, path: Path) -> None:
        """Read `path` afresh (its first sheet with a title column), and preview it."""
        self.path = Path(path)
        self.table = None
        self.plan = None
        self._sheets = []
        self.sheet_combo.clear()
        self._clear_columns()
        self._show_file()
        self._request(read=True, sheet=None)

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet_combo.itemText(index)
        if self.table is None or name != self.table.sheet_name:
            self._request(read=True, sheet=name)

    def choose_sheet(self, name: str) -> None:
        """Read the sheet called `name`, as choosing it in the combo does."""
        index = self.sheet_combo.findText(name)
        if index < 0:
            raise KeyError(name)
        self.sheet_combo.setCurrentIndex(index)
        self._sheet_chosen(index)

    def _show_file(self) -> None:
        self.file_label.setText(str(self.path) if self.path is not None else "No file chosen yet: choose one.")
        self.setWindowTitle(f"Import from spreadsheet: {self.path.name}" if self.path else "Import from spreadsheet")

    # ---- columns

    def _clear_columns(self) -> None:
        self._filling = True
        try:
            for combo in self.field_combos.values():
                combo.clear()
        finally:
            self._filling = False
        self.found_label.setText("")

    def _fill_columns(self, table: SheetTable) -> None:
        self._filling = True
        try:
            items = [NOT_IMPORTED] + [
                f"{column_letter(i)}: {cell_text(h) or '(no header)'}" for i, h in enumerate(table.headers)
            ]
            for key, combo in self.field_combos.items():
                combo.clear()
                combo.addItems(items)
                index = table.columns.get(key)
                combo.setCurrentIndex(0 if index is None else index + 1)
            if table.sheet_names != self._sheets:
                self._sheets = list(table.sheet_names)
                self.sheet_combo.clear()
                self.sheet_combo.addItems(self._sheets)
            self.sheet_combo.setCurrentText(table.sheet_name)
            kind = f"CSV, {table.encoding}" if table.is_csv else "Excel workbook"
            rows = len(table.rows)
            self.found_label.setText(
                f"{kind}; headers on row {table.header_row}; {rows:,} {'row' if rows == 1 else 'rows'} below them."
            )
        finally:
            self._filling = False

    def columns(self) -> dict[str, int]:
        """The column chosen for each field (0-based), fields not imported left out."""
        return {key: combo.currentIndex() - 1 for key, combo in self.field_combos.items() if combo.currentIndex() > 0}

    def set_column(self, key: str, header: str | None) -> None:
        """Choose the column headed `header` for the field `key` (None: not imported), as a user would."""
        combo = self.field_combos[key]
        if header is None:
            combo.setCurrentIndex(0)
            return
        for index in range(1, combo.count()):
            if combo.itemText(index).split(": ", 1)[1] == header:
                combo.setCurrentIndex(index)
                return
        raise KeyError(header)

    def _columns_changed(self) -> None:
        if self._filling or self.table is None:
            return
        taken: dict[int, str] = {}
        for key, index in self.columns().items():
            if index in taken:
                label = {f.key: f.label for f in FIELDS}
                self._show_problems(
                    [f"{label[taken[index]]} and {label[key]} both read column {column_letter(index)}: choose one."]
                )
                self.plan = None
                self._refresh_preview()
                return
            taken[index] = key
        self._request(read=False, sheet=self.table.sheet_name)

    # ---- planning (off the UI thread)

    def is_busy(self) -> bool:
        return self.worker is not None or self.writer is not None

    def _request(self, read: bool, sheet: str | None) -> None:
        if self.path is None:
            return
        if self.worker is not None:  # plan again once the running one stops
            self._pending = (read or (self._pending is not None and self._pending[0]), sheet)
            self.worker.cancel()
            return
        if self._taken is None:
            self._taken = taken_references(self.session.register)
        table = None if read else self.table
        worker = PlanWorker(self.path, sheet, table, None if read else self.columns(), self.session.data, self._taken)
        _keep_until_finished(worker)
        self.destroyed.connect(worker.cancel)  # a read nobody will see stops early
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._planned)
        worker.failed.connect(self._plan_failed)
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        self._show_problems([])
        self.status.setText("Reading the spreadsheet…" if read else "Checking the rows…")
        self.progress.show()
        self._update_state()
        worker.start()

    def _progressed(self, rows: int) -> None:
        if self.worker is not None and rows:
            self.status.setText(f"Reading the spreadsheet… {rows:,} rows so far")

    def _planned(self, table: SheetTable, plan: ImportPlan | None) -> None:
        if self.worker is not None and self.worker.cancelled:
            return
        if self.table is not table:
            self.table = table
            self._fill_columns(table)
        self.plan = plan
        self.status.setText("")
        if plan is None:
            self._show_problems(["Choose the column that holds each opportunity's title: an import needs titles."])
        self._refresh_preview()

    def _plan_failed(self, message: str) -> None:
        if self.worker is not None and self.worker.cancelled:
            return
        self.plan = None
        self.table = None  # the other sheets stay listed, to choose another
        self._clear_columns()
        self.status.setText("")
        self._show_problems([message])
        self._refresh_preview()

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.wait()
        self.progress.hide()
        if self._close_when_stopped:
            super().reject()
            return
        if self._pending is not None:
            read, sheet = self._pending
            self._pending = None
            self._request(read, sheet)
        elif worker.cancelled and self.plan is None:
            self.status.setText("Stopped reading: nothing was imported.")
        self._update_state()

    # ---- the preview

    def _refresh_preview(self) -> None:
        rows = [] if self.plan is None else self.plan.rows
        if self.only_problems_box.isChecked():
            rows = [row for row in rows if not row.ok]
        self.model.set_rows(rows)
        self._show_detail()
        self._update_state()

    def _show_detail(self, current: QModelIndex | None = None, _previous: QModelIndex | None = None) -> None:
        """The current row's problems and notes in full, under the table (a cell shows only their start)."""
        index = current if current is not None else self.preview.currentIndex()
        rows = self.model.rows
        if not rows:
            self.detail.setText("")
            return
        if index is None or not index.isValid():
            self.detail.setText("Select a row to read its problems and notes in full.")
            return
        row = rows[index.row()]
        lines = [*row.describe(), *(f"Row {row.number}: note: {note}" for note in row.notes)]
        self.detail.setText("\n".join(lines) or f"Row {row.number} is ready to import.")

    def counts_text(self) -> str:
        if self.plan is None:
            return ""
        if not self.plan.rows:
            return "The sheet has no rows to import below its headers."
        text = self.plan.counts_text(self.skip_box.isChecked())
        if self.plan.with_problems and not self.skip_box.isChecked():
            text += " Put the problems right in the sheet and choose it again, or skip those rows."
        return text

    def _update_state(self) -> None:
        plan = self.plan
        self.counts_label.setText(self.counts_text())
        ready = len(plan.ready) if plan is not None else 0
        bad = len(plan.with_problems) if plan is not None else 0
        self.skip_box.setEnabled(bad > 0 and not self.is_busy())
        self.only_problems_box.setEnabled(bad > 0 or self.only_problems_box.isChecked())
        can_import = (
            plan is not None
            and ready > 0
            and (bad == 0 or self.skip_box.isChecked())
            and not self.is_busy()
            and not self.session.read_only
            and not self.result_text
        )
        self.import_button.setEnabled(can_import)
        self.import_button.setText(f"&Import {ready:,} {'opportunity' if ready == 1 else 'opportunities'}")
        self.import_button.setMinimumWidth(self.import_button.sizeHint().width())  # the count changes its length
        if plan is None:
            self.import_button.setText("&Import")
        busy = self.is_busy()
        self.choose_button.setEnabled(not busy and not self.result_text)
        self.columns_group.setEnabled(self.table is not None and not self.result_text and self.writer is None)
        self.sheet_combo.setEnabled(len(self._sheets) > 1 and not self.result_text and self.writer is None)
        if bad and not self.skip_box.isChecked() and not busy and not self.result_text:
            self.import_button.setToolTip("Rows with problems must be put right in the sheet, or skipped.")
        else:
            self.import_button.setToolTip("")

    def _show_problems(self, problems: list[str]) -> None:
        if self.session.read_only:
            problems = ["This register is open read-only: it cannot take an import.", *problems]
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    # ---- importing

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or self.is_busy() or not self.import_button.isEnabled():
            return
        try:
            edit = plan.edit(skip_problem_rows=self.skip_box.isChecked())
        except ImportProblem as exc:
            self._show_problems([str(exc)])
            return
        self._edit = edit
        writer = WriteWorker(self.session.register.path, edit, self.session.current_meeting_id)
        _keep_until_finished(writer)  # the write runs to its end (one transaction) even if the dialog goes
        writer.succeeded.connect(self._written)
        writer.failed.connect(self._write_failed)
        writer.finished.connect(self._writer_finished)
        self.writer = writer
        self.status.setText("Importing… (a backup is taken first)")
        self.progress.show()
        self.cancel_button.setEnabled(False)  # one transaction: it cannot stop part way, and takes seconds at most
        self._update_state()
        writer.start()

    def _written(self, backup: str) -> None:
        plan, edit = self.plan, self._edit
        assert plan is not None and edit is not None
        self.session.reload()
        self.session.undo_stack.push(EditCommand(self.session, edit))  # already written: the first redo is skipped
        skip = self.skip_box.isChecked()
        rows = plan.ready
        workstreams, organisations = plan.creates(skip)
        count = f"{len(rows):,} {'opportunity' if len(rows) == 1 else 'opportunities'}"
        made = []
        if organisations:
            made.append(f"{len(organisations)} new {'organisation' if len(organisations) == 1 else 'organisations'}")
        if workstreams:
            made.append(f"{len(workstreams)} new {'workstream' if len(workstreams) == 1 else 'workstreams'}")
        left_out = len(plan.with_problems)
        text = f"Imported {count} ({reference_span(r.opportunity.reference for r in rows)})"
        text += f" with {' and '.join(made)}" if made else ""
        text += f"; {left_out} {'row' if left_out == 1 else 'rows'} with problems left out." if left_out else "."
        text += " Edit > Undo takes the import back."
        self.result_text = text
        self.status.setText(text)
        self.cancel_button.setText("Close")
        self.import_button.hide()
        self.imported.emit(len(rows))

    def _write_failed(self, message: str) -> None:
        self.status.setText("")
        self._show_problems([message])

    def _writer_finished(self) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        writer.wait()
        self.progress.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self._update_state()

    # ---- closing

    def _cancel_pressed(self) -> None:
        """Cancel stops a read and keeps the dialog (to choose another file or sheet); else it closes."""
        if self.worker is not None:
            self._pending = None
            self.worker.cancel()
            self.status.setText("Stopping…")
            return
        if self.result_text:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self.writer is not None:
            return  # the import is being written: wait for it (seconds at most)
        if self.worker is not None:
            self._close_when_stopped = True
            self._pending = None
            self.worker.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.is_busy():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
