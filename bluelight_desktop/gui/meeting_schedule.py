"""Moving one meeting of a series, and adding a meeting outside it.

Both dialogs are thin: the rules (no date in the past, a held meeting stays where it was, a moved meeting keeps
its place in the series) are core.governance's, and OK stays open with its plain message when they refuse.
After OK, `edit()` gives the Edit for the session to apply (one Undo). A date that is a weekend, a bank holiday
of the board's nation or a closure day is allowed but said, with the paper deadline it would give.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core import governance
from ..core.edits import Edit, RecordChange
from ..core.formatting import format_date
from ..core.model import Board, Meeting, RegisterData
from .boards_dialog import DIALOG_STYLE, date_edit, pydate

__all__ = ["AddMeetingDialog", "MoveMeetingDialog"]

_WARNING_STYLE = "color: #7a4b00; background: #fff4d6; border: 1px solid #e7c665; padding: 6px; border-radius: 3px;"


def _time_edit(text: str, accessible: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(accessible)
    time = QTime.fromString(text, "HH:mm")
    edit.setTime(time if time.isValid() else QTime(10, 0))
    return edit


def _label(object_name: str, accessible: str, style: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    label.hide()
    return label


def day_note(data: RegisterData, board: Board, day: date) -> tuple[str, str]:
    """(warning, deadline) for a meeting of `board` on `day`: why the day is not a working day, if it is not,
    and when its papers would be due."""
    calendar = governance.working_calendar(data, board)
    why = calendar.why_closed(day)
    warning = ""
    if why:
        warning = f"{format_date(day)} is not a working day: {why}. You can still hold the meeting then."
    deadline = calendar.paper_deadline(day, board.paper_lead_days)
    lead = "1 clear working day" if board.paper_lead_days == 1 else f"{board.paper_lead_days} clear working days"
    return warning, f"Papers would be due {format_date(deadline)} ({lead} before)."


class _MeetingDialog(QDialog):
    """Shared parts: the form, the notes under it, OK and Cancel."""

    ok_text = "OK"

    def __init__(self, data: RegisterData, today: date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.data = data
        self.today = today
        self._edit: Edit | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.warning_label = _label("warningLabel", "Warning", _WARNING_STYLE)
        self.deadline_label = _label("deadlineLabel", "Paper deadline")
        self.problems_label = _label("problems", "Problems")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.ok_text)
        self.ok_button.setAccessibleName(self.ok_text.replace("&", ""))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self, intro: QLabel | None = None) -> None:
        layout = QVBoxLayout(self)
        if intro is not None:
            layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.setStyleSheet(DIALOG_STYLE)

    def _row(self, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        self.form.addRow(label, field)

    def _show_day(self, board: Board | None, day: date) -> None:
        if board is None:
            self.warning_label.hide()
            self.deadline_label.hide()
            return
        warning, deadline = day_note(self.data, board, day)
        self.warning_label.setText(warning)
        self.warning_label.setVisible(bool(warning))
        self.deadline_label.setText(deadline)
        self.deadline_label.show()

    def show_problem(self, text: str) -> None:
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(text))

    def make_edit(self) -> Edit:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            edit = self.make_edit()
        except governance.GovernanceError as exc:
            self.show_problem(str(exc))
            return
        self._edit = edit
        super().accept()

    def edit(self) -> Edit | None:
        """The change to apply, once the dialog has been accepted; None before (or after Cancel)."""
        return self._edit if self.result() == QDialog.DialogCode.Accepted else None


class MoveMeetingDialog(_MeetingDialog):
    """A new date and time for one meeting. It keeps its place in the series, so planning never adds it twice."""

    ok_text = "&Move meeting"

    def __init__(self, data: RegisterData, meeting_id: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(data, today, parent)
        self.setObjectName("moveMeetingDialog")
        self.setWindowTitle("Move meeting")
        self.setAccessibleName("Move meeting")
        self.meeting: Meeting = data.meetings[meeting_id]
        self.board = data.boards.get(self.meeting.board_id)
        meeting = self.meeting

        when = f" at {meeting.time}" if meeting.time else ""
        intro = QLabel(f"<b>{governance.meeting_title(data, meeting)}</b>{when}")
        intro.setObjectName("meetingLabel")
        intro.setWordWrap(True)
        moved_from = meeting.series_date if meeting.series_date not in (None, meeting.date) else None
        if moved_from is not None:
            intro.setText(intro.text() + f"<br>Moved already: the cadence gave it {format_date(moved_from)}.")
        start = meeting.date if meeting.date >= today else today
        self.date_edit = date_edit("New date", start)
        self.date_edit.setObjectName("newDateEdit")
        self.time_edit = _time_edit(meeting.time, "New time")
        self.time_edit.setObjectName("newTimeEdit")
        self._row("New &date:", self.date_edit)
        self._row("&Time:", self.time_edit)
        self._finish_layout(intro)

        self.date_edit.dateChanged.connect(self._date_changed)
        self._date_changed()
        try:  # a meeting already held cannot be moved: say so at once, not only on OK
            governance.move_meeting(data, meeting.id, today, meeting.time, today)
        except governance.GovernanceError as exc:
            self.show_problem(str(exc))
            self.ok_button.setEnabled(False)
        self.date_edit.setFocus()

    def new_date(self) -> date:
        return pydate(self.date_edit.date())

    def _date_changed(self) -> None:
        self._show_day(self.board, self.new_date())
        if self.ok_button.isEnabled():
            self.show_problem("")

    def make_edit(self) -> Edit:
        return governance.move_meeting(
            self.data, self.meeting.id, self.new_date(), self.time_edit.time().toString("HH:mm"), self.today
        )


class AddMeetingDialog(_MeetingDialog):
    """A meeting outside the board's cadence (an extraordinary meeting). Time and place start from the board's
    defaults. After OK, `meeting_id` is the new meeting's id."""

    ok_text = "&Add meeting"

    def __init__(
        self, data: RegisterData, today: date, parent: QWidget | None = None, board_id: str | None = None
    ) -> None:
        super().__init__(data, today, parent)
        self.setObjectName("addMeetingDialog")
        self.setWindowTitle("Add a meeting")
        self.setAccessibleName("Add a meeting")
        self.meeting_id: str | None = None
        intro = QLabel("A meeting outside the board's regular cadence. Its paper deadline follows the board's rules.")
        intro.setWordWrap(True)

        self.board_combo = QComboBox()
        self.board_combo.setObjectName("boardCombo")
        self.board_combo.setAccessibleName("Board")
        for board in sorted(data.boards.values(), key=lambda b: (b.name.casefold(), b.id)):
            self.board_combo.addItem(board.name, board.id)
        if board_id is not None and self.board_combo.findData(board_id) >= 0:
            self.board_combo.setCurrentIndex(self.board_combo.findData(board_id))
        self.date_edit = date_edit("Date", today)
        self.date_edit.setObjectName("dateEdit")
        self.time_edit = _time_edit("", "Time")
        self.time_edit.setObjectName("timeEdit")
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("placeEdit")
        self.place_edit.setAccessibleName("Place")
        self._row("&Board:", self.board_combo)
        self._row("&Date:", self.date_edit)
        self._row("&Time:", self.time_edit)
        self._row("&Place:", self.place_edit)
        self._finish_layout(intro)

        self.board_combo.currentIndexChanged.connect(self._board_changed)
        self.date_edit.dateChanged.connect(self._date_changed)
        self._board_changed()
        self.ok_button.setEnabled(self.board_combo.count() > 0)
        if not self.board_combo.count():
            self.show_problem("There are no boards yet. Add a board first.")
        self.date_edit.setFocus()

    def board(self) -> Board | None:
        return self.data.boards.get(self.board_combo.currentData() or "")

    def _board_changed(self) -> None:
        board = self.board()
        if board is not None:
            time = QTime.fromString(board.default_time, "HH:mm")
            self.time_edit.setTime(time if time.isValid() else QTime(10, 0))
            self.place_edit.setText(board.default_location)
        self._date_changed()

    def _date_changed(self) -> None:
        self._show_day(self.board(), pydate(self.date_edit.date()))
        self.show_problem("")

    def make_edit(self) -> Edit:
        board = self.board()
        if board is None:
            raise governance.GovernanceError("Choose the board the meeting is of.")
        meeting, edit = governance.add_extra_meeting(self.data, board.id, pydate(self.date_edit.date()), self.today)
        meeting = replace(
            meeting, time=self.time_edit.time().toString("HH:mm"), location=self.place_edit.text().strip()
        )
        self.meeting_id = meeting.id
        return Edit(edit.description, [RecordChange(None, meeting)])
