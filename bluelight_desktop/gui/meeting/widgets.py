"""Small pieces the meeting page and its dialogs share: read-only table cells, a table that says what its
emptiness means, section headings, and the page's message banner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..checked_dialog import announce

ID_ROLE = Qt.ItemDataRole.UserRole

MUTED = "#5a6778"
PAGE_STYLE = """
QLabel#meetingTitle { font-size: 15pt; font-weight: 700; color: #123a6b; }
QLabel#meetingDetails { color: #37475a; }
QLabel#meetingChairs { color: #37475a; }
QWidget#meetingHeader { background: #ffffff; border-bottom: 1px solid #d5dde8; }
QLabel#meetingCancelled { background: #fdecec; color: #8a1414; border: 1px solid #e5a3a0; border-radius: 3px;
    padding: 2px 8px; font-weight: 600; }
QLabel#paperDeadline { border-radius: 3px; padding: 3px 8px; border: 1px solid #cfd7e2; background: #f1f5fa; }
QLabel#paperDeadline[level="soon"], QLabel#paperDeadline[level="today"] {
    background: #fff4d6; border: 1px solid #e7c665; color: #5c4300; font-weight: 600; }
QLabel#paperDeadline[level="late"] { background: #fdecec; border: 1px solid #e5a3a0; color: #8a1414;
    font-weight: 600; }
QPushButton#inSessionButton { padding: 6px 14px; font-weight: 600; }
QPushButton#inSessionButton:checked { background: #b3261e; color: #ffffff; border: 1px solid #8a1414; }
QLabel#inSessionNote { color: #8a1414; font-weight: 600; }
QPushButton:disabled { color: #97a3b3; border-color: #d3dae4; background: #f7f9fb; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 700; color: #123a6b; }
QLabel#sectionHint { color: #5a6778; }
QLabel#agendaTotal { padding: 4px 8px; border-radius: 3px; background: #eef3f9; border: 1px solid #cfd7e2; }
QLabel#agendaTotal[over="true"] { background: #fdecec; border: 1px solid #e5a3a0; border-left: 6px solid #b3261e;
    color: #8a1414; font-weight: 600; }
QLabel#meetingMessage { border-radius: 3px; padding: 6px 10px; }
QLabel#meetingMessage[kind="error"] { background: #fdecec; border: 1px solid #f2b8b5; color: #9b1c1c;
    font-weight: 600; }
QLabel#meetingMessage[kind="info"] { background: #e8f1fb; border: 1px solid #b6cde9; color: #123a6b; }
QLabel#emptyMeeting { font-size: 12pt; color: #5a6778; }
QTextBrowser#paperPreview { background: #ffffff; border: 1px solid #cfd7e2; }
QTableWidget { background: #ffffff; alternate-background-color: #f4f7fb; gridline-color: #e3e8ef;
    selection-background-color: #1f5aa6; selection-color: #ffffff; border: 1px solid #cfd7e2; }
QToolButton#attendanceChoice { border: 1px solid #b9c4d2; padding: 2px 8px; background: #ffffff; }
QToolButton#attendanceChoice:checked[status="present"] { background: #dcefe1; border-color: #2e7d4f;
    color: #1d5434; font-weight: 600; }
QToolButton#attendanceChoice:checked[status="apologies"] { background: #fff1cc; border-color: #b8860b;
    color: #5c4300; font-weight: 600; }
QToolButton#attendanceChoice:checked[status="absent"] { background: #e6e9ee; border-color: #6b7788;
    color: #2b3440; font-weight: 600; }
QToolButton#attendanceChoice:focus { border: 2px solid #1f5aa6; }
"""


def cell(text: str, record_id: str | None = None, number: bool = False, tip: str = "") -> QTableWidgetItem:
    """A read-only table cell, holding its record's id."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if record_id is not None:
        item.setData(ID_ROLE, record_id)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def muted(item: QTableWidgetItem) -> QTableWidgetItem:
    item.setForeground(QColor(MUTED))
    return item


class RecordTable(QTableWidget):
    """A read-only table of records, one row each, selected by row; says in words what an empty table means."""

    def __init__(self, headers: list[str], accessible_name: str, placeholder: str = "") -> None:
        super().__init__(0, len(headers))
        self.placeholder = placeholder
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in every other list of the app
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def set_widths(self, stretch: int, fixed: dict[int, int]) -> None:
        header = self.horizontalHeader()
        for column in range(self.columnCount()):
            if column == stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(column, fixed.get(column, 100))

    def selected_id(self) -> str | None:
        row = self.currentRow()
        if row < 0 or not self.selectionModel().isRowSelected(row, self.rootIndex()):
            return None
        item = self.item(row, 0)
        return item.data(ID_ROLE) if item is not None else None

    def row_of(self, record_id: str | None) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and record_id is not None and item.data(ID_ROLE) == record_id:
                return row
        return -1

    def select_id(self, record_id: str | None) -> bool:
        row = self.row_of(record_id)
        if row >= 0:
            self.selectRow(row)
            self.setCurrentCell(row, 0)
            return True
        self.clearSelection()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(MUTED))
            rect = self.viewport().rect().adjusted(16, 12, -16, -12)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            painter.end()


class EditableTable(RecordTable):
    """A record table whose rows are corrected in place: Enter or a double click asks to edit the selected row,
    Delete to remove it. The keys are claimed before any window shortcut sees them."""

    edit_requested = Signal()
    remove_requested = Signal()

    def __init__(self, headers: list[str], accessible_name: str, placeholder: str = "") -> None:
        super().__init__(headers, accessible_name, placeholder)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self.command_for(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def command_for(self, event: QKeyEvent) -> str | None:
        """The command a key asks for: "edit", "remove" (subclasses add their own), or None."""
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return "edit"
            if event.key() == Qt.Key.Key_Delete:
                return "remove"
        return None

    def run_command(self, command: str) -> None:
        if command == "edit":
            self.edit_requested.emit()
        elif command == "remove":
            self.remove_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        command = self.command_for(event)
        if command is None:
            super().keyPressEvent(event)
            return
        self.run_command(command)
        event.accept()


def section_title(text: str, hint: str = "") -> tuple[QLabel, QLabel | None]:
    title = QLabel(text)
    title.setObjectName("sectionTitle")
    title.setMinimumHeight(button("x", "x").sizeHint().height())  # rows line up with or without buttons
    title.setAccessibleName(text)
    note = None
    if hint:
        note = QLabel(hint)
        note.setObjectName("sectionHint")
        note.setWordWrap(True)
    return title, note


def button(text: str, accessible_name: str, tip: str = "", object_name: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(accessible_name)
    if tip:
        widget.setToolTip(tip)
    if object_name:
        widget.setObjectName(object_name)
    widget.setAutoDefault(False)
    return widget


def button_row(*widgets: QWidget | None) -> QHBoxLayout:
    """Buttons left to right; None puts the stretch there."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row


class MessageBanner(QLabel):
    """What the page has to tell the user: a refusal in the rules' own words (error) or what just happened
    (info). It stays until the next thing the user does."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("meetingMessage")
        self.setAccessibleName("Message")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_text(self, text: str, kind: str = "error") -> None:
        self.kind = kind if text else ""
        self.setProperty("kind", self.kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))
        announce(self, text)

    def clear_text(self) -> None:
        self.show_text("")


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
