"""The meeting page: one meeting of a board, from building its agenda and papers to recording, in the room,
who attended, what was decided and who does what next.

A header names the meeting (board, date, time, place, chairs, the paper deadline) and holds the "Meeting in
session" switch: while it is on, the session logs every edit and board move against this meeting. Three tabs
follow: Agenda, In the room and Minutes. Every change is a domain Edit applied through the session (saved at
once, undoable); a rule's refusal (GovernanceError) is shown in its own words above the tabs.

Minutes typed but not saved are never lost silently: showing another meeting asks first (save, discard or
stay), and whoever replaces the page (closing the register, opening another) calls `leave()` to ask the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import governance
from ...core.edits import Edit
from ...core.formatting import format_date
from ...core.governance import GovernanceError
from ...core.model import Meeting, RegisterData
from ..session import RegisterSession
from .agenda import AgendaTab
from .room import RoomTab
from .widgets import PAGE_STYLE, MessageBanner, button, repolish

EditSource = Edit | Callable[[], Edit | None] | None


def meeting_details(meeting: Meeting) -> str:
    """'Tuesday 15 Dec 2026 · 10:00 to 12:00 · Lancashire Constabulary Headquarters, Hutton'."""
    parts = [f"{meeting.date:%A} {format_date(meeting.date)}"]
    try:
        start = datetime.strptime(meeting.time, "%H:%M")
    except ValueError:
        parts.append(f"{meeting.minutes_allowed} minutes")
    else:
        end = start + timedelta(minutes=meeting.minutes_allowed)
        parts.append(f"{start:%H:%M} to {end:%H:%M}")
    if meeting.location:
        parts.append(meeting.location)
    return " · ".join(parts)


class MinutesTab(QWidget):
    """The minutes as plain text, saved with one button (one undoable step)."""

    def __init__(self, page: MeetingPage) -> None:
        super().__init__()
        self.setObjectName("minutesTab")
        self.page = page
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("minutesEditor")
        self.editor.setAccessibleName("Minutes of the meeting")
        self.editor.setPlaceholderText(
            "Write or paste the minutes here: who attended, each item's discussion and decision, and the actions."
        )
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_text_changed)
        label = QLabel("Minutes &of the meeting")
        label.setObjectName("sectionTitle")
        label.setBuddy(self.editor)
        self.state = QLabel()
        self.state.setObjectName("sectionHint")
        self.state.setAccessibleName("Minutes saved")
        self.save_button = button("Save minu&tes", "Save minutes", "Save the minutes (one step you can undo)")
        self.save_button.setObjectName("saveMinutesButton")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        self._shown_for: str | None = None
        self._saved_text = ""

    @property
    def unsaved(self) -> bool:
        return self.editor.toPlainText() != self._saved_text

    def refresh(self, meeting: Meeting) -> None:
        # Keep what the user is typing unless the saved minutes of this meeting are what the editor shows.
        if meeting.id != self._shown_for or not self.unsaved or self.editor.toPlainText() == meeting.minutes_text:
            self._saved_text = meeting.minutes_text
            self.editor.blockSignals(True)
            self.editor.setPlainText(meeting.minutes_text)
            self.editor.blockSignals(False)
        else:
            self._saved_text = meeting.minutes_text
        self._shown_for = meeting.id
        self.editor.setReadOnly(self.page.session.read_only)
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        unsaved = self.unsaved
        self.save_button.setEnabled(unsaved and not self.page.session.read_only)
        if unsaved:
            self.state.setText("Changes not saved yet")
        elif self._saved_text:
            self.state.setText("Saved")
        else:
            self.state.setText("No minutes recorded yet")

    def save(self) -> bool:
        """Save the minutes as typed: True once the register holds them (also when there was nothing to save)."""
        meeting = self.page.meeting
        if meeting is None or self.page.session.read_only:
            return False
        text = self.editor.toPlainText()
        if text == meeting.minutes_text:
            return True
        return self.page.apply(lambda: governance.save_minutes(self.page.session.data, meeting.id, text))

    def discard(self) -> None:
        """Put back the minutes as saved, dropping what was typed since."""
        meeting = self.page.meeting
        self._saved_text = meeting.minutes_text if meeting is not None else self._saved_text
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._saved_text)
        self.editor.blockSignals(False)
        self._on_text_changed()


class MeetingPage(QWidget):
    """One meeting: header, Agenda, In the room and Minutes."""

    opportunity_opened = Signal(str)  # the user asks to open this opportunity
    in_session_changed = Signal(bool)

    def __init__(
        self, session: RegisterSession, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingPage")
        self.setStyleSheet(PAGE_STYLE)
        self.session = session
        self.today = today
        self.dialog: QDialog | None = None  # the dialog open now, if any (tests fill it in)
        self._meeting_id: str | None = None
        self._in_session = False

        # ---- header
        self.title_label = QLabel()
        self.title_label.setObjectName("meetingTitle")
        self.title_label.setAccessibleName("Meeting")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancelled_label = QLabel("Cancelled")
        self.cancelled_label.setObjectName("meetingCancelled")
        self.cancelled_label.setAccessibleName("Meeting status")
        self.cancelled_label.hide()
        self.details_label = QLabel()
        self.details_label.setObjectName("meetingDetails")
        self.details_label.setAccessibleName("When and where")
        self.chairs_label = QLabel()
        self.chairs_label.setObjectName("meetingChairs")
        self.chairs_label.setAccessibleName("Chairs")
        self.chairs_label.setWordWrap(True)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("paperDeadline")
        self.deadline_label.setAccessibleName("Paper deadline")
        self.in_session_button = QPushButton("Meeting in &session")
        self.in_session_button.setObjectName("inSessionButton")
        self.in_session_button.setAccessibleName("Meeting in session")
        self.in_session_button.setCheckable(True)
        self.in_session_button.setAutoDefault(False)
        self.in_session_button.toggled.connect(self._on_session_toggled)
        self.in_session_note = QLabel()
        self.in_session_note.setObjectName("inSessionNote")
        self.in_session_note.setAccessibleName("Meeting in session")

        self.header = QWidget()
        self.header.setObjectName("meetingHeader")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(self.header)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title_label)
        title_row.addWidget(self.cancelled_label)
        title_row.addStretch(1)
        grid.addLayout(title_row, 0, 0)
        grid.addWidget(self.details_label, 1, 0)
        grid.addWidget(self.chairs_label, 2, 0)
        side = QVBoxLayout()
        side.setSpacing(6)
        session_row = QHBoxLayout()
        session_row.addStretch(1)
        session_row.addWidget(self.in_session_note)
        session_row.addWidget(self.in_session_button)
        side.addLayout(session_row)
        deadline_row = QHBoxLayout()
        deadline_row.addStretch(1)
        deadline_row.addWidget(self.deadline_label)
        side.addLayout(deadline_row)
        side.addStretch(1)
        grid.addLayout(side, 0, 1, 3, 1)
        grid.setColumnStretch(0, 1)

        self.message = MessageBanner()

        # ---- tabs
        self.agenda = AgendaTab(self)
        self.room = RoomTab(self)
        self.minutes = MinutesTab(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        self.tabs.setAccessibleName("Meeting")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.agenda, "&Agenda")
        self.tabs.addTab(self.room, "&In the room")
        self.tabs.addTab(self.minutes, "Mi&nutes")
        self.tabs.setTabToolTip(0, "The items, their order and time, and their papers")
        self.tabs.setTabToolTip(1, "Attendance, decisions, actions and board moves")
        self.tabs.setTabToolTip(2, "The minutes of the meeting")
        self.tabs.currentChanged.connect(lambda _i: self.message.clear_text())

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.header)
        message_box = QHBoxLayout()
        message_box.setContentsMargins(10, 8, 10, 0)
        message_box.addWidget(self.message)
        body_layout.addLayout(message_box)
        body_layout.addWidget(self.tabs, 1)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyMeeting")
        self.empty_label.setAccessibleName("No meeting")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.tabs)

        session.changed.connect(self.refresh)
        session.meeting_in_session_changed.connect(self._on_meeting_in_session)
        self.refresh()

    # ------------------------------------------------------------------------------------------ meeting

    @property
    def meeting_id(self) -> str | None:
        """The meeting shown, or None when the page is empty."""
        return self._meeting_id if self.meeting is not None else None

    @property
    def meeting(self) -> Meeting | None:
        return self.session.data.meetings.get(self._meeting_id or "")

    def show_meeting(self, meeting_id: str) -> bool:
        """Show a meeting; False (still showing this one) when the user chose to stay with unsaved minutes."""
        if meeting_id != self._meeting_id:
            if not self.leave():
                return False
            if self._meeting_id is not None and self.session.current_meeting_id == self._meeting_id:
                self.session.current_meeting_id = None  # showing another meeting ends this one's session
            self.agenda.reset()
            self.message.clear_text()
        self._meeting_id = meeting_id
        self.refresh()
        return True

    def leave(self) -> bool:
        """Settle minutes typed but not saved before the page shows another meeting or is replaced: ask whether
        to save them (True once saved), discard them (True) or stay (False: the caller leaves things as they
        are, and the Minutes tab is shown with the text still in it)."""
        if self.meeting is None or not self.minutes.unsaved or self.session.read_only:
            return True
        answer = self.ask_unsaved_minutes(governance.meeting_title(self.session.data, self.meeting))
        if answer == "save" and self.minutes.save():
            return True
        if answer == "discard":
            self.minutes.discard()
            return True
        self.tabs.setCurrentWidget(self.minutes)  # stay (or the save failed): show what is still unsaved
        self.minutes.editor.setFocus()
        return False

    def refresh(self) -> None:
        """Show the meeting as the register now holds it (after every write, undo and redo)."""
        data = self.session.data
        meeting = self.meeting
        if meeting is None:
            self._show_empty()
        else:
            self.stack.setCurrentIndex(1)
            self._show_header(data, meeting)
            self.agenda.refresh(data, meeting)
            self.room.refresh(data, meeting)
            self.minutes.refresh(meeting)
        self._sync_in_session()

    def _show_empty(self) -> None:
        if self._meeting_id is None:
            text = "No meeting open. Choose a meeting in the calendar to see its agenda."
        else:
            text = "This meeting is no longer in the register: it was deleted, or its creation was undone."
        self.empty_label.setText(text)
        self.stack.setCurrentIndex(0)
        if self.dialog is not None:
            self.dialog.reject()

    def _show_header(self, data: RegisterData, meeting: Meeting) -> None:
        title = governance.meeting_title(data, meeting)
        self.title_label.setText(title)
        self.cancelled_label.setVisible(meeting.cancelled)
        self.details_label.setText(meeting_details(meeting))
        board = data.boards.get(meeting.board_id)
        chairs = board.chair_list if board else []
        if chairs:
            label = "Chair" if len(chairs) == 1 else "Chairs"
            self.chairs_label.setText(f"{label}: {'; '.join(chairs)}")
        else:
            self.chairs_label.setText("No chair named for this board")
        today = self.today()
        if board is None:
            self.deadline_label.hide()
        else:
            state = governance.deadline_state(data, meeting, today)
            level = state.level
            if level == "passed":
                level = "late" if meeting.date >= today and not meeting.cancelled else "past"
            self.deadline_label.setText(state.text)
            self.deadline_label.setProperty("level", level)
            self.deadline_label.setToolTip(
                f"Papers are published {board.paper_lead_days} clear working days before the meeting"
            )
            repolish(self.deadline_label)
            self.deadline_label.show()
        self.in_session_button.setEnabled(not meeting.cancelled)
        self.in_session_button.setToolTip(
            "A cancelled meeting cannot be in session"
            if meeting.cancelled
            else "While on, board moves and edits are recorded against this meeting"
        )

    # ------------------------------------------------------------------------------------- in session

    @property
    def in_session(self) -> bool:
        return self._in_session

    def set_in_session(self, on: bool) -> None:
        self.in_session_button.setChecked(on)

    def _on_session_toggled(self, checked: bool) -> None:
        meeting = self.meeting
        if checked and meeting is not None and not meeting.cancelled:
            self.session.current_meeting_id = meeting.id
        elif self.meeting_id is not None and self.session.current_meeting_id == self.meeting_id:
            self.session.current_meeting_id = None
        self._sync_in_session()

    def _on_meeting_in_session(self, _meeting_id: str) -> None:
        self._sync_in_session()

    def _sync_in_session(self) -> None:
        """Show whether this meeting is the session's meeting in session (the board can change it too)."""
        on = self.meeting_id is not None and self.session.current_meeting_id == self.meeting_id
        if self.in_session_button.isChecked() != on:
            self.in_session_button.blockSignals(True)
            self.in_session_button.setChecked(on)
            self.in_session_button.blockSignals(False)
        self.in_session_note.setText("In session: moves and edits are recorded against this meeting" if on else "")
        self.in_session_note.setVisible(on)
        if on != self._in_session:
            self._in_session = on
            self.in_session_changed.emit(on)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._sync_in_session()

    # ------------------------------------------------------------------------------------------ writing

    def apply(self, source: EditSource, at_meeting: bool = False) -> bool:
        """Apply an Edit (or build it now, so a refusal is caught): True if saved. A GovernanceError is shown
        in its own words; None or an empty edit saves nothing. `at_meeting` logs the change against this
        meeting even when it is not in session (a decision's stage change belongs to its meeting)."""
        self.message.clear_text()
        try:
            edit = source() if callable(source) else source
        except GovernanceError as exc:
            self.show_message(str(exc))
            return False
        if edit is None or not edit.changes:
            return False
        return self.session.apply(edit, meeting_id=self.meeting_id if at_meeting else None)

    def confirm(self, title: str, text: str, accept: str) -> bool:
        """Ask before a change the user might not mean (removing a record): True to go ahead. `accept` names
        the button that does it; Cancel is the default. Tests replace this."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        go = box.addButton(accept, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is go

    def ask_unsaved_minutes(self, meeting_title: str) -> str:
        """'save', 'discard' or 'cancel' for minutes typed but not saved; tests replace this."""
        answer = QMessageBox.question(
            self,
            "Unsaved minutes",
            f"The minutes of the {meeting_title} have changes that are not saved yet. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            answer, "cancel"
        )

    def show_message(self, text: str, kind: str = "error") -> None:
        self.message.show_text(text, kind)

    def open_dialog(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        """Open a form window-modally without blocking; `on_accept` saves it."""
        self.message.clear_text()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
