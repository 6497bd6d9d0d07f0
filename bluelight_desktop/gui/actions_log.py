"""The actions log: every action from every meeting in one table, overdue ones first and marked so.

The rows come from `core.governance.actions_log`; filters narrow them by owner, board and state (open,
overdue, done). Mark done and Reopen apply `governance.set_action_status` through the session (saved at once,
undoable); Open meeting emits `meeting_opened` with the action's meeting id, which the host opens. An overdue
action says Overdue in bold besides its red tint, so the state never rests on colour alone.

Keys: Enter (or a double-click) opens the action's meeting; Space marks the selected actions done, or open
again when they are all done already. Every filter and button has a mnemonic that no menu uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import governance
from ..core.edits import Edit
from ..core.formatting import format_date
from ..core.model import ActionStatus
from .session import RegisterSession

__all__ = ["ActionsLogPage", "STATES", "count_text"]

STATES = ("Open", "Overdue", "Done")
COLUMNS = ("Action", "Owner", "Due", "Status", "Board", "Meeting", "Opportunity")
ACTION, OWNER, DUE, STATUS, BOARD, MEETING, OPPORTUNITY = range(len(COLUMNS))
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ALL = ""  # the "All owners" / "All boards" entry's data

OVERDUE_FILL = "#fdecec"
OVERDUE_TEXT = "#9b1c1c"
DONE_TEXT = "#5a6778"
_STATE_ORDER = {"Overdue": 0, "Open": 1, "Done": 2}

PAGE_STYLE = """
QLabel#actionsTitle { font-size: 15pt; font-weight: 600; color: #123a6b; }
QLabel#actionsCount { color: #37475a; }
QLabel#actionsEmpty { color: #5a6778; padding: 12px; }
QPushButton:disabled { color: #9aa5b4; border-color: #d3dae3; }
QLabel#actionsReadOnly { background: #fff4d6; border: 1px solid #e7c665; padding: 6px; border-radius: 3px; }
"""


def count_text(states: list[str], shown: int | None = None) -> str:
    """'12 actions: 3 overdue, 5 open, 4 done', with '(7 shown)' when the state filters hide some."""
    total = len(states)
    noun = "action" if total == 1 else "actions"
    parts = ", ".join(f"{states.count(state)} {state.lower()}" for state in ("Overdue", "Open", "Done"))
    text = f"{total} {noun}: {parts}"
    if shown is not None and shown != total:
        text += f" ({shown} shown)"
    return text


class _Item(QTableWidgetItem):
    """A read-only cell sorted by a key of its own (a date, a state's order, case-free text)."""

    def __init__(self, text: str, key: object = None) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, text.casefold() if key is None else key)
        self.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if type(mine) is type(theirs):
            return bool(mine < theirs)
        return super().__lt__(other)


class ActionsLogPage(QWidget):
    """Actions across meetings, with filters, Mark done / Reopen and Open meeting."""

    meeting_opened = Signal(str)  # meeting id

    def __init__(
        self,
        session: RegisterSession,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionsLogPage")
        self.setAccessibleName("Actions log")
        self.setStyleSheet(PAGE_STYLE)
        self.session = session
        self._today = today
        self._stale = False

        title = QLabel("Actions log")
        title.setObjectName("actionsTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("actionsCount")
        self.count_label.setAccessibleName("Number of actions")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)

        # ---- filters (mnemonics clear of the menus: File, Edit, View, Board, Meetings, Register, Help)
        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("actionsOwnerFilter")
        self.owner_combo.setAccessibleName("Owner filter")
        self.owner_combo.setToolTip("Show the actions of one owner, or of everyone")
        self.owner_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.owner_combo.setMinimumContentsLength(28)
        owner_label = QLabel("O&wner:")
        owner_label.setBuddy(self.owner_combo)
        self.board_combo = QComboBox()
        self.board_combo.setObjectName("actionsBoardFilter")
        self.board_combo.setAccessibleName("Board filter")
        self.board_combo.setToolTip("Show the actions of one board's meetings, or of all boards")
        self.board_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        board_label = QLabel("Boar&d:")
        board_label.setBuddy(self.board_combo)
        self.state_boxes: dict[str, QCheckBox] = {}
        for state, text in zip(STATES, ("&Open", "Overd&ue", "Do&ne"), strict=True):
            box = QCheckBox(text)
            box.setObjectName(f"actionsShow{state}")
            box.setAccessibleName(f"Show {state.lower()} actions")
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.refresh())
            self.state_boxes[state] = box
        filters = QHBoxLayout()
        filters.addWidget(owner_label)
        filters.addWidget(self.owner_combo)
        filters.addSpacing(12)
        filters.addWidget(board_label)
        filters.addWidget(self.board_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Show:"))
        for box in self.state_boxes.values():
            filters.addWidget(box)
        filters.addStretch(1)
        self.owner_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.board_combo.currentIndexChanged.connect(lambda _i: self.refresh())

        # ---- the table
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("actionsTable")
        self.table.setAccessibleName("Actions")
        self.table.setAccessibleDescription(
            "Press Enter to open the action's meeting; press Space to mark the selected actions done, or open "
            "again if they are done."
        )
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(False)  # the overdue tint must not be mistaken for striping
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(STATUS, Qt.SortOrder.AscendingOrder)
        # The description takes what the others leave; the owner is as wide as its longest name up to a
        # third of the table (refitted as the page resizes); the short columns fit their contents.
        for column in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column == ACTION:
                mode = QHeaderView.ResizeMode.Stretch
            elif column == OWNER:
                mode = QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(lambda _index: self.open_meeting())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        self.setFocusProxy(self.table)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("actionsEmpty")
        self.empty_label.setAccessibleName("No actions")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.read_only_label = QLabel("This register is open read-only, so actions cannot be marked done.")
        self.read_only_label.setObjectName("actionsReadOnly")
        self.read_only_label.setVisible(session.read_only)

        # ---- buttons
        self.done_button = self._button("Mar&k done", "markDoneButton", "Mark the selected actions done")
        self.done_button.clicked.connect(lambda: self.set_status(ActionStatus.DONE))
        self.reopen_button = self._button("Reo&pen", "reopenButton", "Reopen the selected actions")
        self.reopen_button.clicked.connect(lambda: self.set_status(ActionStatus.OPEN))
        self.open_button = self._button("Open mee&ting", "openMeetingButton", "Open the action's meeting")
        self.open_button.clicked.connect(self.open_meeting)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

        session.changed.connect(self._on_session_changed)
        self.refresh()

    def _button(self, text: str, object_name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        return button

    # ------------------------------------------------------------------------------------------ filters

    def owner_filter(self) -> str | None:
        return self.owner_combo.currentData() or None

    def board_filter(self) -> str | None:
        return self.board_combo.currentData() or None

    def state_filter(self) -> list[str]:
        return [state for state, box in self.state_boxes.items() if box.isChecked()]

    def _fill_filters(self) -> None:
        """Owners and boards as the register now has them, keeping the user's choice where it still exists."""
        data = self.session.data
        owner, board = self.owner_filter(), self.board_filter()
        for combo in (self.owner_combo, self.board_combo):
            combo.blockSignals(True)
            combo.clear()
        self.owner_combo.addItem("All owners", _ALL)
        for name in governance.action_owners(data):
            self.owner_combo.addItem(name, name)
        self.board_combo.addItem("All boards", _ALL)
        for each in sorted(data.boards.values(), key=lambda b: (b.name.casefold(), b.id)):
            self.board_combo.addItem(each.name, each.id)
        for combo, wanted in ((self.owner_combo, owner), (self.board_combo, board)):
            index = combo.findData(wanted) if wanted else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    # ------------------------------------------------------------------------------------------ the table

    def refresh(self) -> None:
        """Rebuild the rows from the session, keeping the selected actions selected where still shown."""
        self._stale = False
        data = self.session.data
        today = self._today()
        self._fill_filters()
        selected = self.selected_action_ids()
        current_row = max(self.table.currentRow(), 0)
        owner, board_id = self.owner_filter(), self.board_filter()
        in_scope = governance.actions_log(data, today, owner=owner, board_id=board_id)
        wanted = set(self.state_filter())
        rows = [row for row in in_scope if row.state in wanted]

        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for number, row in enumerate(rows):
            action = row.action
            opportunity = data.opportunities.get(action.opportunity_id or "")
            meeting = row.meeting
            cells = [
                _Item(action.description),
                _Item(action.owner),
                _Item(format_date(action.due) if action.due else "No date", action.due or date.max),
                _Item(row.state, _STATE_ORDER[row.state]),
                _Item(row.board.label if row.board else ""),
                _Item(format_date(meeting.date) if meeting else "", meeting.date if meeting else date.min),
                _Item(opportunity.reference if opportunity else ""),
            ]
            cells[ACTION].setToolTip(action.description)
            cells[OWNER].setToolTip(action.owner)
            if row.board is not None:
                cells[BOARD].setToolTip(row.board.name)
            if meeting is not None:
                cells[MEETING].setToolTip(governance.meeting_title(data, meeting))
            if opportunity is not None:
                cells[OPPORTUNITY].setToolTip(f"{opportunity.reference} {opportunity.title}")
            if row.state == "Overdue":
                late = (today - action.due).days if action.due else 0
                cells[STATUS].setToolTip(f"Due {format_date(action.due)}, {late} day{'s' * (late != 1)} ago")
                cells[STATUS].setFont(bold)
                cells[DUE].setFont(bold)
                for cell in cells:
                    cell.setBackground(QBrush(QColor(OVERDUE_FILL)))
                    cell.setForeground(QBrush(QColor(OVERDUE_TEXT)))
            elif row.state == "Done":
                for cell in cells:
                    cell.setForeground(QBrush(QColor(DONE_TEXT)))
            for column, cell in enumerate(cells):
                cell.setData(ID_ROLE, action.id)
                self.table.setItem(number, column, cell)
        self.table.setSortingEnabled(True)  # sorts by the header's indicator: status (overdue first) by default

        self.count_label.setText(count_text([row.state for row in in_scope], shown=len(rows)))
        self.empty_label.setText(self._empty_text(bool(data.actions), bool(in_scope)))
        self.empty_label.setVisible(not rows)
        if selected:
            self.select_actions(selected)
        if not self.selected_action_ids() and rows:
            # the selection left the view (marked done with Done hidden, or filtered out): keep the user's
            # place, so the keyboard and the buttons go on working
            self.table.selectRow(min(current_row, len(rows) - 1))
        self._fit_owner()
        self._update_buttons()

    def _empty_text(self, any_actions: bool, any_in_scope: bool) -> str:
        if not any_actions:
            return "No actions yet. Actions agreed at a meeting are recorded on its Meeting tab and gathered here."
        if not any_in_scope:
            return "No actions match this owner and board. Choose All owners or All boards to see more."
        return "No actions in the states ticked. Tick Open, Overdue or Done to see them."

    def _fit_owner(self) -> None:
        """The owner column as wide as its longest name, but no more than a third of the table."""
        natural = max(self.table.sizeHintForColumn(OWNER), self.table.horizontalHeader().sectionSizeHint(OWNER))
        third = self.table.viewport().width() // 3
        self.table.setColumnWidth(OWNER, max(min(natural + 12, third), 120))

    def selected_action_ids(self) -> list[str]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            item = self.table.item(index.row(), 0)
            if item is not None:
                ids.append(str(item.data(ID_ROLE)))
        return ids

    def select_actions(self, action_ids: list[str]) -> None:
        wanted = set(action_ids)
        self.table.clearSelection()
        first = None
        for number in range(self.table.rowCount()):
            item = self.table.item(number, 0)
            if item is not None and item.data(ID_ROLE) in wanted:
                self.table.selectionModel().select(
                    self.table.model().index(number, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows,
                )
                first = item if first is None else first
        if first is not None:
            self.table.setCurrentItem(first, self.table.selectionModel().SelectionFlag.NoUpdate)
            self.table.scrollToItem(first)

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and checks)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def _update_buttons(self) -> None:
        ids = self.selected_action_ids()
        actions = [self.session.data.actions[i] for i in ids if i in self.session.data.actions]
        writable = not self.session.read_only
        self.done_button.setEnabled(writable and any(a.status is ActionStatus.OPEN for a in actions))
        self.reopen_button.setEnabled(writable and any(a.status is ActionStatus.DONE for a in actions))
        self.open_button.setEnabled(len(actions) == 1 and actions[0].meeting_id in self.session.data.meetings)

    # ------------------------------------------------------------------------------------------ commands

    def set_status(self, status: ActionStatus) -> bool:
        """Mark the selected actions done (or open again) as one undoable step."""
        if self.session.read_only:
            return False
        data = self.session.data
        ids = [i for i in self.selected_action_ids() if i in data.actions and data.actions[i].status is not status]
        if not ids:
            return False
        changes = [change for i in ids for change in governance.set_action_status(data, i, status).changes]
        verb = "done" if status is ActionStatus.DONE else "open"
        description = (
            governance.set_action_status(data, ids[0], status).description
            if len(ids) == 1
            else f"Mark {len(ids)} actions {verb}"
        )
        applied = self.session.apply(Edit(description, changes))
        self.table.setFocus()
        return applied

    def open_meeting(self) -> None:
        ids = self.selected_action_ids()
        if len(ids) != 1:
            return
        action = self.session.data.actions.get(ids[0])
        if action is not None and action.meeting_id in self.session.data.meetings:
            self.meeting_opened.emit(action.meeting_id)

    # ------------------------------------------------------------------------------------------ events

    def _on_session_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # caught up when shown: a hidden tab does not rebuild on every change

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_owner()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.open_meeting()
                return True
            if key == Qt.Key.Key_Space and not event.modifiers():
                data = self.session.data
                chosen = [data.actions[i] for i in self.selected_action_ids() if i in data.actions]
                all_done = bool(chosen) and all(a.status is ActionStatus.DONE for a in chosen)
                self.set_status(ActionStatus.OPEN if all_done else ActionStatus.DONE)
                return True
        return super().eventFilter(watched, event)
