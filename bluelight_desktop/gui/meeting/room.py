"""The "In the room" tab: who attended, what the board decided, the actions it set, and the board moves made
while the meeting was in session. Decisions and actions are corrected in place: Edit… (Enter, double click)
reopens the form filled in, Remove (Delete) asks first; both are one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import governance
from ...core.model import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    RegisterData,
)
from .dialogs import ActionDialog, DecisionDialog, describe_due
from .widgets import MUTED, EditableTable, RecordTable, button, button_row, cell, muted, section_title

if TYPE_CHECKING:
    from .page import MeetingPage


class AttendanceToggle(QWidget):
    """Present, apologies or absent for one person: three buttons, one of them down."""

    chosen = Signal(str, object)  # attendance id, AttendanceStatus

    def __init__(self, record: Attendance, enabled: bool) -> None:
        super().__init__()
        self.record_id = record.id
        self.setObjectName("attendanceToggle")
        self.setAccessibleName(f"Attendance of {record.name}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[AttendanceStatus, QToolButton] = {}
        for status in AttendanceStatus:
            choice = QToolButton()
            choice.setObjectName("attendanceChoice")
            choice.setProperty("status", status.value)
            choice.setText(status.label)
            choice.setCheckable(True)
            choice.setChecked(status is record.status)
            choice.setEnabled(enabled)
            choice.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            choice.setAccessibleName(f"{record.name}: {status.label}")
            choice.setToolTip(f"Mark {record.name} as {status.label.lower()}")
            choice.clicked.connect(lambda _checked=False, s=status: self._choose(s))
            self.group.addButton(choice)
            layout.addWidget(choice)
            self.buttons[status] = choice
        layout.addStretch(1)

    def _choose(self, status: AttendanceStatus) -> None:
        self.chosen.emit(self.record_id, status)


class PersonCell(QWidget):
    """A person in the attendance list: the name, and under it their role and organisation, each cut short with
    an ellipsis when the column is narrow (the tooltip has it all)."""

    def __init__(self, name: str, detail: str, preview: bool) -> None:
        super().__init__()
        self.name = name
        self.detail = detail
        self.preview = preview
        self.setAccessibleName(f"{name}, {detail}" if detail else name)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.rect().adjusted(6, 0, -6, 0)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        lines = [(self.name, bold, QColor(MUTED if self.preview else "#1b2430"))]
        if self.detail:
            lines.append((self.detail, self.font(), QColor(MUTED)))
        height = sum(QFontMetrics(font).lineSpacing() for _text, font, _colour in lines)
        y = rect.top() + (rect.height() - height) // 2
        for text, font, colour in lines:
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(colour)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.left(), y + metrics.ascent(), shown)
            y += metrics.lineSpacing()
        painter.end()


class RoomTab(QWidget):
    def __init__(self, page: MeetingPage) -> None:
        super().__init__()
        self.setObjectName("roomTab")
        self.page = page

        # ---- attendance
        attendance_title, _ = section_title("Attendance")
        self.attendance_summary = QLabel()
        self.attendance_summary.setObjectName("sectionHint")
        self.attendance_summary.setAccessibleName("Attendance summary")
        self.attendance_summary.setWordWrap(True)
        self.attendance_table = RecordTable(
            ["Member", "Attendance"], "Attendance", "The board has no members yet, so there is no one to list."
        )
        self.attendance_table.setObjectName("attendanceTable")
        self.attendance_table.set_widths(0, {1: 250})
        self.attendance_table.setSelectionMode(RecordTable.SelectionMode.NoSelection)
        self.attendance_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the toggles take the focus, row by row
        self.attendance_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 14)
        self.take_attendance_button = button(
            "&Take attendance from members",
            "Take attendance from members",
            "List the board's members, each marked present; then mark apologies and absences",
            "takeAttendanceButton",
        )
        self.take_attendance_button.clicked.connect(self.take_attendance)
        attendance = QWidget()
        attendance_layout = QVBoxLayout(attendance)
        attendance_layout.setContentsMargins(0, 0, 0, 0)
        attendance_layout.setSpacing(6)
        attendance_layout.addLayout(button_row(attendance_title, None, self.take_attendance_button))
        attendance_layout.addWidget(self.attendance_summary)
        attendance_layout.addWidget(self.attendance_table, 1)

        # ---- decisions
        decisions_title, _ = section_title("Decisions")
        self.decision_button = button(
            "Record &decision…", "Record decision", "Record what the board decided", "recordDecisionButton"
        )
        self.edit_decision_button = button(
            "&Edit decision…", "Edit decision", "Correct the selected decision (Enter)", "editDecisionButton"
        )
        self.remove_decision_button = button(
            "Re&move decision",
            "Remove decision",
            "Take the selected decision off the record (Del)",
            "removeDecisionButton",
        )
        self.decision_button.clicked.connect(self.record_decision)
        self.edit_decision_button.clicked.connect(self.edit_decision)
        self.remove_decision_button.clicked.connect(self.remove_decision)
        self.decisions_table = EditableTable(
            ["Item", "Outcome", "Decision", "Opportunity", "Stage set"],
            "Decisions",
            "No decisions recorded at this meeting yet.",
        )
        self.decisions_table.setObjectName("decisionsTable")
        self.decisions_table.setAccessibleDescription("Enter edits the selected decision; Delete removes it")
        self.decisions_table.set_widths(2, {0: 200, 1: 186, 3: 104, 4: 110})
        self.decisions_table.itemSelectionChanged.connect(self._set_decision_buttons)
        self.decisions_table.edit_requested.connect(self.edit_decision)
        self.decisions_table.remove_requested.connect(self.remove_decision)
        decisions = QWidget()
        decisions_layout = QVBoxLayout(decisions)
        decisions_layout.setContentsMargins(0, 0, 0, 0)
        decisions_layout.setSpacing(6)
        decisions_layout.addLayout(
            button_row(
                decisions_title, None, self.decision_button, self.edit_decision_button, self.remove_decision_button
            )
        )
        decisions_layout.addWidget(self.decisions_table, 1)

        # ---- actions
        actions_title, _ = section_title("Actions")
        self.action_button = button("Add a&ction…", "Add action", "Add an action with its owner and due date")
        self.action_button.setObjectName("addActionButton")
        self.edit_action_button = button(
            "Edit acti&on…", "Edit action", "Correct the selected action (Enter)", "editActionButton"
        )
        self.remove_action_button = button(
            "Remo&ve action", "Remove action", "Take the selected action off the record (Del)", "removeActionButton"
        )
        self.done_button = button("Mar&k done", "Mark action done", "Mark the selected action done", "markDoneButton")
        self.reopen_button = button("Reo&pen", "Reopen action", "Open the selected action again", "reopenButton")
        self.action_button.clicked.connect(self.add_action)
        self.edit_action_button.clicked.connect(self.edit_action)
        self.remove_action_button.clicked.connect(self.remove_action)
        self.done_button.clicked.connect(lambda: self.set_action_status(ActionStatus.DONE))
        self.reopen_button.clicked.connect(lambda: self.set_action_status(ActionStatus.OPEN))
        self.actions_table = EditableTable(
            ["Action", "Owner", "Due", "Status"], "Actions", "No actions set at this meeting yet."
        )
        self.actions_table.setObjectName("actionsTable")
        self.actions_table.setAccessibleDescription("Enter edits the selected action; Delete removes it")
        self.actions_table.set_widths(0, {1: 190, 2: 100, 3: 90})
        self.actions_table.itemSelectionChanged.connect(self._set_action_buttons)
        self.actions_table.edit_requested.connect(self.edit_action)
        self.actions_table.remove_requested.connect(self.remove_action)
        actions = QWidget()
        actions_layout = QVBoxLayout(actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.setSpacing(6)
        actions_layout.addLayout(
            button_row(
                actions_title,
                None,
                self.action_button,
                self.edit_action_button,
                self.remove_action_button,
                self.done_button,
                self.reopen_button,
            )
        )
        actions_layout.addWidget(self.actions_table, 1)

        # ---- board moves
        moves_title, _ = section_title("Board moves at this meeting")
        self.moves_list = QListWidget()
        self.moves_list.setObjectName("boardMovesList")
        self.moves_list.setAccessibleName("Board moves at this meeting")
        self.moves_list.setWordWrap(True)
        moves = QWidget()
        moves_layout = QVBoxLayout(moves)
        moves_layout.setContentsMargins(0, 0, 0, 0)
        moves_layout.setSpacing(6)
        moves_layout.addWidget(moves_title)
        moves_layout.addWidget(self.moves_list, 1)

        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("roomRightSplitter")
        for widget in (decisions, actions, moves):
            self.right.addWidget(widget)
        self.right.setChildrenCollapsible(False)
        self.right.setSizes([300, 260, 140])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("roomSplitter")
        self.splitter.addWidget(attendance)
        self.splitter.addWidget(self.right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(14)
        self.right.setHandleWidth(12)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([560, 840])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    # ------------------------------------------------------------------------------------------ showing

    def refresh(self, data: RegisterData, meeting: Meeting) -> None:
        writable = not self.page.session.read_only
        self._show_attendance(data, meeting, writable)
        self._show_decisions(data, meeting)
        self._show_actions(data, meeting)
        self._show_moves(data, meeting)
        self.decision_button.setEnabled(writable)
        self.action_button.setEnabled(writable)
        self._set_decision_buttons()
        self._set_action_buttons()

    def _show_attendance(self, data: RegisterData, meeting: Meeting, writable: bool) -> None:
        table = self.attendance_table
        records = governance.attendance_of(data, meeting.id)
        members = governance.board_members_of(data, meeting.board_id)
        table.setRowCount(0)
        if records:
            table.setRowCount(len(records))
            for row, record in enumerate(records):
                self._person(table, row, record.id, record.name, record.role, record.organisation_id, data, False)
                table.setItem(row, 1, cell("", tip=record.status.label))
                toggle = AttendanceToggle(record, writable)
                toggle.chosen.connect(self.set_attendance)
                table.setCellWidget(row, 1, toggle)
            counts = {status: sum(r.status is status for r in records) for status in AttendanceStatus}
            self.attendance_summary.setText(
                f"{counts[AttendanceStatus.PRESENT]} present · {counts[AttendanceStatus.APOLOGIES]} apologies · "
                f"{counts[AttendanceStatus.ABSENT]} absent"
            )
        else:
            # Not taken yet: the board's members as a preview of who will be listed.
            table.setRowCount(len(members))
            for row, member in enumerate(members):
                self._person(table, row, member.id, member.name, member.role, member.organisation_id, data, True)
                table.setItem(row, 1, muted(cell("Not taken yet")))
            noun = "member" if len(members) == 1 else "members"
            self.attendance_summary.setText(
                f"Attendance not taken yet. The board has {len(members)} {noun}: take attendance to mark who is "
                "present and who sent apologies."
                if members
                else "Attendance not taken yet, and the board has no members to take it from."
            )
        self.take_attendance_button.setVisible(not records)
        self.take_attendance_button.setEnabled(writable and bool(members))

    @staticmethod
    def _person(
        table: RecordTable,
        row: int,
        record_id: str,
        name: str,
        role: str,
        organisation_id: str | None,
        data: RegisterData,
        preview: bool,
    ) -> None:
        """A person's cell: the name, and under it their role and organisation."""
        organisation = data.organisations.get(organisation_id or "")
        detail = ", ".join(part for part in (role, organisation.short_name if organisation else "") if part)
        tip = ", ".join(part for part in (name, role, organisation.name if organisation else "") if part)
        item = cell("", record_id, tip=tip)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {detail}" if detail else name)
        table.setItem(row, 0, item)
        label = PersonCell(name, detail, preview)
        label.setToolTip(tip)
        table.setCellWidget(row, 0, label)

    def _show_decisions(self, data: RegisterData, meeting: Meeting) -> None:
        positions = {i.id: i.position for i in governance.agenda_of(data, meeting.id)}
        decisions = sorted(
            (d for d in data.decisions.values() if d.meeting_id == meeting.id),
            key=lambda d: (positions.get(d.agenda_item_id or "", 10_000), d.outcome.value, d.text),
        )
        keep = self.decisions_table.selected_id()
        table = self.decisions_table
        table.setRowCount(len(decisions))
        for row, decision in enumerate(decisions):
            table.setItem(row, 0, self._item_cell(data, decision))
            table.setItem(row, 1, cell(decision.outcome.label))
            table.setItem(row, 2, cell(decision.text.replace("\n", " "), tip=decision.text))
            opportunity = data.opportunities.get(decision.opportunity_id or "")
            table.setItem(
                row, 3, cell(opportunity.reference if opportunity else "", tip=opportunity.title if opportunity else "")
            )
            table.setItem(row, 4, cell(decision.stage_set.label if decision.stage_set else ""))
        table.select_id(keep)

    @staticmethod
    def _item_cell(data: RegisterData, decision: Decision) -> object:
        item = data.agenda_items.get(decision.agenda_item_id or "")
        text = f"{item.position}. {item.title}" if item else "No item"
        widget = cell(text, decision.id, tip=item.title if item else "")
        return widget if item else muted(widget)

    def _show_actions(self, data: RegisterData, meeting: Meeting) -> None:
        today = self.page.today()
        actions = sorted(
            (a for a in data.actions.values() if a.meeting_id == meeting.id),
            key=lambda a: (a.status is ActionStatus.DONE, a.due or meeting.date, a.description),
        )
        keep = self.actions_table.selected_id()
        table = self.actions_table
        table.setRowCount(len(actions))
        for row, action in enumerate(actions):
            state = self._state(action, today)
            table.setItem(row, 0, cell(action.description.replace("\n", " "), action.id, tip=action.description))
            table.setItem(row, 1, cell(action.owner))
            table.setItem(row, 2, cell(describe_due(action.due)))
            status = cell(state)
            if state == "Overdue":
                status.setForeground(Qt.GlobalColor.darkRed)
                font = status.font()
                font.setBold(True)
                status.setFont(font)
            elif state == "Done":
                muted(status)
            table.setItem(row, 3, status)
        table.select_id(keep)

    @staticmethod
    def _state(action: Action, today: object) -> str:
        if action.status is ActionStatus.DONE:
            return "Done"
        return "Overdue" if action.overdue(today) else "Open"  # type: ignore[arg-type]

    def _show_moves(self, data: RegisterData, meeting: Meeting) -> None:
        lines = governance.quadrant_moves_at(self.page.session.register.meeting_changes(meeting.id), data)
        self.moves_list.clear()
        if not lines:
            placeholder = QListWidgetItem(
                "No board moves recorded at this meeting. Moves made on the board while the meeting is in "
                "session appear here."
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setForeground(Qt.GlobalColor.darkGray)
            self.moves_list.addItem(placeholder)
        for line in lines:
            self.moves_list.addItem(line)

    def _set_decision_buttons(self) -> None:
        chosen = self.selected_decision() is not None and not self.page.session.read_only
        self.edit_decision_button.setEnabled(chosen)
        self.remove_decision_button.setEnabled(chosen)

    def _set_action_buttons(self) -> None:
        writable = not self.page.session.read_only
        action = self.selected_action()
        self.edit_action_button.setEnabled(writable and action is not None)
        self.remove_action_button.setEnabled(writable and action is not None)
        self.done_button.setEnabled(writable and action is not None and action.status is ActionStatus.OPEN)
        self.reopen_button.setEnabled(writable and action is not None and action.status is ActionStatus.DONE)

    def selected_decision(self) -> Decision | None:
        return self.page.session.data.decisions.get(self.decisions_table.selected_id() or "")

    def selected_action(self) -> Action | None:
        return self.page.session.data.actions.get(self.actions_table.selected_id() or "")

    @staticmethod
    def _select_near(table: RecordTable, row: int) -> None:
        """After a row was removed: select the one that took its place (or the new last one)."""
        if table.rowCount():
            table.selectRow(min(row, table.rowCount() - 1))
            table.setCurrentCell(min(row, table.rowCount() - 1), 0)
        table.setFocus()

    # ------------------------------------------------------------------------------------------ commands

    def take_attendance(self) -> None:
        meeting = self.page.meeting
        if meeting is not None and not self.page.session.read_only:
            self.page.apply(lambda: governance.take_attendance(self.page.session.data, meeting.id))

    def set_attendance(self, attendance_id: str, status: AttendanceStatus) -> None:
        record = self.page.session.data.attendance.get(attendance_id)
        if record is None or record.status is status or self.page.session.read_only:
            return
        self.page.apply(lambda: governance.set_attendance(self.page.session.data, attendance_id, status))

    def record_decision(self, agenda_item_id: str | None = None) -> None:
        meeting = self.page.meeting
        if meeting is None or self.page.session.read_only:
            return
        dialog = DecisionDialog(self.page.session.data, meeting, agenda_item_id or None, self.page)
        self.page.open_dialog(dialog, lambda: self._save_decision(dialog))

    def _save_decision(self, dialog: DecisionDialog) -> None:
        decision = dialog.decision()
        # A decision belongs to its meeting even when the meeting is not in session: the opportunity's history
        # then says the stage changed at this meeting.
        if self.page.apply(lambda: governance.record_decision(self.page.session.data, decision), at_meeting=True):
            self.decisions_table.select_id(decision.id)
            self.decisions_table.setFocus()

    def edit_decision(self) -> None:
        decision = self.selected_decision()
        meeting = self.page.meeting
        if decision is None or meeting is None or self.page.session.read_only:
            return
        dialog = DecisionDialog(self.page.session.data, meeting, None, self.page, decision=decision)
        self.page.open_dialog(dialog, lambda: self._save_decision_edit(dialog))

    def _save_decision_edit(self, dialog: DecisionDialog) -> None:
        after = dialog.decision()
        # Logged against the meeting, as recording it was: a stage it now sets changed at this meeting.
        self.page.apply(lambda: governance.update_decision(self.page.session.data, after), at_meeting=True)
        self.decisions_table.select_id(after.id)
        self.decisions_table.setFocus()

    def remove_decision(self) -> None:
        decision = self.selected_decision()
        meeting = self.page.meeting
        if decision is None or meeting is None or self.page.session.read_only:
            return
        data = self.page.session.data
        parts = [
            f"Remove this decision from the record of the {governance.meeting_title(data, meeting)}?",
            f"{decision.outcome.label}: {_shortened(decision.text)}",
        ]
        note = governance.stage_kept_note(data, decision)
        if note:
            parts.append(note)
        parts.append("Undo puts the decision back.")
        if not self.page.confirm("Remove decision", "\n\n".join(parts), "Remove decision"):
            return
        row = self.decisions_table.currentRow()
        if self.page.apply(lambda: governance.remove_decision(self.page.session.data, decision.id), at_meeting=True):
            removed = _shortened(decision.text, 60)
            self.page.show_message(f"Removed the decision “{removed}”. Undo puts it back.", "info")
            self._select_near(self.decisions_table, row)

    def add_action(self) -> None:
        meeting = self.page.meeting
        if meeting is None or self.page.session.read_only:
            return
        dialog = ActionDialog(self.page.session.data, meeting, self.page.today(), None, self.page)
        self.page.open_dialog(dialog, lambda: self._save_action(dialog))

    def _save_action(self, dialog: ActionDialog) -> None:
        action = dialog.action()
        if self.page.apply(lambda: governance.add_action(self.page.session.data, action, self.page.today())):
            self.actions_table.select_id(action.id)
            self.actions_table.setFocus()

    def edit_action(self) -> None:
        action = self.selected_action()
        meeting = self.page.meeting
        if action is None or meeting is None or self.page.session.read_only:
            return
        dialog = ActionDialog(self.page.session.data, meeting, self.page.today(), None, self.page, action=action)
        self.page.open_dialog(dialog, lambda: self._save_action_edit(dialog))

    def _save_action_edit(self, dialog: ActionDialog) -> None:
        after = dialog.action()
        self.page.apply(lambda: governance.update_action(self.page.session.data, after, self.page.today()))
        self.actions_table.select_id(after.id)
        self.actions_table.setFocus()

    def remove_action(self) -> None:
        action = self.selected_action()
        if action is None or self.page.session.read_only:
            return
        owner = action.owner.strip() or "no one"
        text = (
            f"Remove the action for {owner}?\n\n“{_shortened(action.description)}”\n\n"
            "It goes from this meeting and from the actions log. Undo puts it back."
        )
        if not self.page.confirm("Remove action", text, "Remove action"):
            return
        row = self.actions_table.currentRow()
        if self.page.apply(lambda: governance.remove_action(self.page.session.data, action.id)):
            self.page.show_message(f"Removed the action for {owner}. Undo puts it back.", "info")
            self._select_near(self.actions_table, row)

    def set_action_status(self, status: ActionStatus) -> None:
        action_id = self.actions_table.selected_id()
        action = self.page.session.data.actions.get(action_id or "")
        if action is None or action.status is status or self.page.session.read_only:
            return
        if self.page.apply(lambda: governance.set_action_status(self.page.session.data, action.id, status)):
            self.actions_table.select_id(action.id)


def _shortened(text: str, limit: int = 200) -> str:
    """A record's words on one line, cut at a word with an ellipsis when long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
