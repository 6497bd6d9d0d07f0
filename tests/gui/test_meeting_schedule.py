"""Moving a meeting and adding one outside the cadence: the dialogs refuse what the rules refuse (a date in the
past, a meeting already held) with the rules' own words, warn about a bank holiday, and give one Edit that the
session saves; the file is read back with a fresh Register."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialog

from bluelight_desktop.core import governance
from bluelight_desktop.core.formatting import format_date
from bluelight_desktop.core.model import Board, Meeting, RegisterData
from bluelight_desktop.gui.meeting_schedule import AddMeetingDialog, MoveMeetingDialog
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import Register, open_register

TODAY = date(2026, 11, 21)


@pytest.fixture
def session(sample_path: Path) -> Iterator[RegisterSession]:
    session = RegisterSession(open_register(sample_path))
    yield session
    session.close()


def on_disk(path: Path) -> RegisterData:
    register = Register(path, read_only=True)
    try:
        return register.load()
    finally:
        register.close()


def board_called(data: RegisterData, short_name: str) -> Board:
    return next(b for b in data.boards.values() if b.short_name == short_name)


def next_untouched(data: RegisterData, board_id: str) -> Meeting:
    return next(
        m
        for m in governance.meetings_of(data, board_id, include_cancelled=False)
        if m.date >= TODAY and m.series_date == m.date
    )


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def press_ok(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_a_meeting_moves_to_a_new_date_and_time_and_keeps_its_place_in_the_series(
    qtbot, session: RegisterSession, sample_path: Path
) -> None:
    cpb = board_called(session.data, "CPB")
    meeting = next_untouched(session.data, cpb.id)
    dialog = MoveMeetingDialog(session.data, meeting.id, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.displayFormat() == "d MMM yyyy"
    assert dialog.date_edit.date() == qdate(meeting.date) and dialog.time_edit.time() == QTime(10, 0)
    new_day = date.fromordinal(meeting.date.toordinal() + 1)
    dialog.date_edit.setDate(qdate(new_day))
    dialog.time_edit.setTime(QTime(14, 30))
    assert dialog.warning_label.isHidden()
    deadline = governance.working_calendar(session.data, cpb).paper_deadline(new_day, cpb.paper_lead_days)
    assert dialog.deadline_label.text().startswith(f"Papers would be due {format_date(deadline)}")
    assert dialog.edit() is None  # nothing until OK
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    edit = dialog.edit()
    assert edit is not None and session.apply(edit)

    moved = on_disk(sample_path).meetings[meeting.id]
    assert (moved.date, moved.time, moved.series_date) == (new_day, "14:30", meeting.date)
    # Planning again never brings the series' date back as a second meeting.
    again = governance.generate_meetings(session.data, cpb.id, date(2027, 12, 31), TODAY)
    assert meeting.date not in {c.after.date for c in again.changes if c.after is not None}
    session.undo_stack.undo()
    assert on_disk(sample_path).meetings[meeting.id] == meeting


def test_a_date_in_the_past_is_refused_in_the_rules_words(qtbot, session: RegisterSession, sample_path) -> None:
    meeting = next_untouched(session.data, board_called(session.data, "CPB").id)
    dialog = MoveMeetingDialog(session.data, meeting.id, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setDate(QDate(2026, 11, 2))
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.edit() is None
    assert dialog.problems_label.text() == (
        "2 Nov 2026 is in the past. Choose today or a later date; meetings already held keep their date."
    )
    dialog.date_edit.setDate(QDate(2026, 12, 1))
    assert dialog.problems_label.isHidden()  # the message goes once the date is put right
    assert on_disk(sample_path).meetings[meeting.id] == meeting


def test_a_meeting_already_held_cannot_be_moved(qtbot, session: RegisterSession) -> None:
    held = next(m for m in governance.meetings_of(session.data) if m.date < TODAY)
    dialog = MoveMeetingDialog(session.data, held.id, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.problems_label.text() == "A meeting that has already been held cannot be moved."
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.edit() is None


def test_a_bank_holiday_or_weekend_is_warned_about_but_allowed(qtbot, session: RegisterSession) -> None:
    meeting = next_untouched(session.data, board_called(session.data, "CPB").id)
    dialog = MoveMeetingDialog(session.data, meeting.id, TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 12, 28))
    assert dialog.warning_label.text() == (
        "28 Dec 2026 is not a working day: Boxing Day (observed). You can still hold the meeting then."
    )
    dialog.date_edit.setDate(QDate(2027, 1, 9))
    assert "9 Jan 2027 is not a working day: Saturday." in dialog.warning_label.text()
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_extra_meeting_is_added_with_the_boards_time_and_place(
    qtbot, session: RegisterSession, sample_path: Path
) -> None:
    ceb, cpb = board_called(session.data, "CEB"), board_called(session.data, "CPB")
    dialog = AddMeetingDialog(session.data, TODAY, board_id=ceb.id)
    qtbot.addWidget(dialog)
    assert dialog.board_combo.currentData() == ceb.id
    assert dialog.time_edit.time().toString("HH:mm") == ceb.default_time
    assert dialog.place_edit.text() == ceb.default_location
    dialog.board_combo.setCurrentIndex(dialog.board_combo.findData(cpb.id))
    assert dialog.time_edit.time().toString("HH:mm") == cpb.default_time
    dialog.date_edit.setDate(QDate(2027, 1, 6))
    dialog.time_edit.setTime(QTime(9, 0))
    dialog.place_edit.clear()
    qtbot.keyClicks(dialog.place_edit, "Preston Fire Station")
    press_ok(qtbot, dialog)
    edit = dialog.edit()
    assert edit is not None and session.apply(edit)

    added = on_disk(sample_path).meetings[dialog.meeting_id or ""]
    assert (added.board_id, added.date, added.time, added.location) == (
        cpb.id,
        date(2027, 1, 6),
        "09:00",
        "Preston Fire Station",
    )
    assert added.series_date is None  # outside the cadence: planning and cadence changes leave it alone
    change = governance.change_board(session.data, replace(cpb, cadence="FREQ=MONTHLY;BYDAY=+1MO"), TODAY)
    assert added.id not in {c.before.id for c in change.changes if c.before is not None and c.after is None}


def test_an_extra_meeting_in_the_past_is_refused(qtbot, session: RegisterSession) -> None:
    dialog = AddMeetingDialog(session.data, TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 11, 20))
    dialog.accept()
    assert dialog.edit() is None and dialog.meeting_id is None
    assert dialog.problems_label.text().startswith("20 Nov 2026 is in the past.")


def test_the_dialogs_are_labelled_for_the_keyboard(qtbot, session: RegisterSession) -> None:
    meeting = next_untouched(session.data, board_called(session.data, "CPB").id)
    move = MoveMeetingDialog(session.data, meeting.id, TODAY)
    add = AddMeetingDialog(session.data, TODAY)
    for dialog, fields in (
        (move, [move.date_edit, move.time_edit]),
        (add, [add.board_combo, add.date_edit, add.time_edit, add.place_edit]),
    ):
        qtbot.addWidget(dialog)
        labels = {label.buddy(): label.text() for label in dialog.findChildren(type(dialog.problems_label))}
        for field in fields:
            assert field.accessibleName()
            assert "&" in labels[field]
        assert "&" in dialog.ok_button.text()
