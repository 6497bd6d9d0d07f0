"""Meetings > Boards and cadences, and the closure days: driven as a user would (typing, clicking, choosing from
lists), on a copy of the sample register, with what was saved read back from the file by a fresh Register. The
governance helpers the dialog relies on (validate_board, save_board, planned_meeting_changes, delete_board,
add_closure_day, remove_closure_day) are tested here too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTimeEdit,
    QWidget,
)

from bluelight_desktop.core import governance
from bluelight_desktop.core.cadence import parse_cadence
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.formatting import format_date
from bluelight_desktop.core.model import Board, BoardMember, ClosureDay, Meeting, MeetingStatus, Nation, RegisterData
from bluelight_desktop.gui.boards_dialog import BoardsDialog, ClosureDaysDialog
from bluelight_desktop.gui.meeting_schedule import MoveMeetingDialog
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import Register, open_register

TODAY = date(2026, 11, 21)


@pytest.fixture
def session(sample_path: Path) -> Iterator[RegisterSession]:
    session = RegisterSession(open_register(sample_path))
    yield session
    session.close()


@pytest.fixture
def dialog(qtbot, session: RegisterSession) -> BoardsDialog:
    dialog = BoardsDialog(session, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    # No modal prompt may block a test: each test that expects one answers it itself.
    dialog._ask_unsaved = lambda name: "discard"  # type: ignore[method-assign]
    dialog._confirm = lambda title, text: pytest.fail(f"unexpected question: {text}")  # type: ignore[method-assign]
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def on_disk(path: Path) -> RegisterData:
    register = Register(path, read_only=True)
    try:
        return register.load()
    finally:
        register.close()


def board_called(data: RegisterData, short_name: str) -> Board:
    return next(b for b in data.boards.values() if b.short_name == short_name)


def text_of(label: QLabel) -> str:
    """A label's text as read aloud: dates are kept whole on screen with no-break spaces."""
    return label.text().replace("\u00a0", " ")


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def type_into(qtbot, edit: QLineEdit | QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    if isinstance(edit, QLineEdit):
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    else:
        edit.clear()
    qtbot.keyClicks(edit, text)


def type_in_cell(qtbot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Go to a cell, press F2 and type, then Enter: as a keyboard user edits a table cell."""
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(table.currentIndex()) is None)  # the editor commits and closes


def choose_in_cell(qtbot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Open the cell's list with F2, type the start of an entry to jump to it, and press Enter."""
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QComboBox)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(table.currentIndex()) is None)


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_cadence(dialog: BoardsDialog, frequency: str, week: int, weekday: int) -> None:
    editor = dialog.cadence_editor
    choose(editor.frequency_combo, frequency)
    choose(editor.week_combo, week)
    choose(editor.weekday_combo, weekday)


def future_series(data: RegisterData, board_id: str) -> list[Meeting]:
    return [m for m in governance.meetings_of(data, board_id) if m.date >= TODAY]


# ------------------------------------------------------------------------------------- a new board


def test_a_new_quarterly_board_with_two_chairs_and_a_member_is_saved_and_its_meetings_planned(
    qtbot, dialog: BoardsDialog, session: RegisterSession, sample_path: Path
) -> None:
    click(qtbot, dialog.new_button)
    assert dialog.current_board_id() is None and dialog.name_edit.hasFocus()
    assert dialog.lead_spin.value() == 5  # the default lead time
    type_into(qtbot, dialog.name_edit, "Blue Light Estates Board")
    type_into(qtbot, dialog.short_name_edit, "BLEB")
    type_into(qtbot, dialog.remit_edit, "Agrees shared estates projects.")
    type_into(qtbot, dialog.first_chair_edit, "Director of Estates, LFRS")
    type_into(qtbot, dialog.second_chair_edit, "Head of Estates, Lancashire Constabulary")
    type_into(qtbot, dialog.place_edit, "Leyland Fire Station")
    dialog.lead_spin.setFocus()
    dialog.lead_spin.selectAll()
    qtbot.keyClicks(dialog.lead_spin, "7")
    set_cadence(dialog, "quarterly", 2, 3)  # quarterly, second Thursday
    assert dialog.cadence_editor.description_label.text() == (
        "Quarterly (March, June, September, December) on the second Thursday"
    )
    assert text_of(dialog.preview_label).startswith("Next meetings: 10 Dec 2026, 11 Mar 2027, 10 Jun 2027")

    click(qtbot, dialog.add_member_button)
    type_in_cell(qtbot, dialog.members_table, 0, 0, "Sam Patel")
    type_in_cell(qtbot, dialog.members_table, 0, 1, "Estates lead")
    choose_in_cell(qtbot, dialog.members_table, 0, 2, "North")
    assert [m.name for m in dialog.members()] == ["Sam Patel"]
    assert not dialog.plan_button.isEnabled()  # a new board is saved before its meetings are planned

    click(qtbot, dialog.save_button)
    assert dialog.problems_label.isHidden()

    saved = on_disk(sample_path)
    board = board_called(saved, "BLEB")
    assert board.name == "Blue Light Estates Board" and board.remit == "Agrees shared estates projects."
    assert board.chair_list == ["Director of Estates, LFRS", "Head of Estates, Lancashire Constabulary"]
    assert board.paper_lead_days == 7 and board.default_location == "Leyland Fire Station"
    assert parse_cadence(board.cadence) == parse_cadence("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=+2TH")
    assert board.cadence_from == TODAY
    (member,) = [m for m in saved.board_members.values() if m.board_id == board.id]
    organisation = saved.organisations[member.organisation_id or ""]
    assert (member.name, member.role, organisation.short_name) == ("Sam Patel", "Estates lead", "NWAS")
    assert dialog.current_board_id() == board.id and "Blue Light Estates Board (BLEB)" in [
        dialog.board_list.item(r).text() for r in range(dialog.board_list.count())
    ]

    dialog.until_edit.setDate(QDate(2027, 12, 31))
    click(qtbot, dialog.plan_button)
    meetings = governance.meetings_of(on_disk(sample_path), board.id)
    assert [m.date for m in meetings] == [
        date(2026, 12, 10),
        date(2027, 3, 11),
        date(2027, 6, 10),
        date(2027, 9, 9),
        date(2027, 12, 9),
    ]
    assert all(m.series_date == m.date and m.location == "Leyland Fire Station" for m in meetings)
    assert text_of(dialog.plan_result_label).startswith("Added 5 meetings")
    assert "5 meetings planned: 10 Dec 2026 to 9 Dec 2027." in text_of(dialog.summary_label)

    click(qtbot, dialog.plan_button)  # again: the series has them all
    assert "Nothing to add" in text_of(dialog.plan_result_label)
    assert len(governance.meetings_of(on_disk(sample_path), board.id)) == 5

    session.undo_stack.undo()  # the planning
    assert governance.meetings_of(on_disk(sample_path), board.id) == []
    session.undo_stack.undo()  # the board and its member, in one step
    saved = on_disk(sample_path)
    assert board.id not in saved.boards and member.id not in saved.board_members


def test_planning_names_the_meetings_that_fall_on_a_bank_holiday_of_the_boards_nation(
    qtbot, dialog: BoardsDialog, sample_path: Path
) -> None:
    click(qtbot, dialog.new_button)
    type_into(qtbot, dialog.name_edit, "Response Board")
    set_cadence(dialog, "monthly", -1, 0)  # the last Monday of every month
    assert text_of(dialog.preview_label) == (
        "Next meetings: 30 Nov 2026, 28 Dec 2026, 25 Jan 2027, 22 Feb 2027 …\n"
        "Check the date: 28 Dec 2026 is Boxing Day (observed)."
    )
    click(qtbot, dialog.save_button)
    dialog.until_edit.setDate(QDate(2027, 9, 30))
    click(qtbot, dialog.plan_button)
    text = text_of(dialog.plan_result_label)
    assert text.startswith("Added 11 meetings, from 30 Nov 2026 to 27 Sep 2027. Check the date: 28 Dec 2026 is ")
    assert "31 May 2027 is Spring Bank Holiday" in text and "30 Aug 2027 is Late Summer Bank Holiday" in text

    # In Scotland the summer holiday is the first Monday of August: the last one is a working day there.
    choose(dialog.nation_combo, Nation.SCOTLAND.value)
    click(qtbot, dialog.save_button)
    saved = on_disk(sample_path)
    board = next(b for b in saved.boards.values() if b.name == "Response Board")
    assert board.nation is Nation.SCOTLAND
    august = next(m for m in saved.meetings.values() if m.board_id == board.id and m.date == date(2027, 8, 30))
    assert governance.meeting_clash(saved, august) is None


# ---------------------------------------------------------------------------------- a cadence change


def test_a_new_cadence_replaces_untouched_planned_meetings_only_and_undo_reverts_it_whole(
    qtbot, dialog: BoardsDialog, session: RegisterSession, sample_path: Path
) -> None:
    cpb = board_called(session.data, "CPB")
    assert dialog.select_board(cpb.id)
    assert dialog.cadence_editor.description_label.text() == "Monthly on the third Tuesday"
    dialog.until_edit.setDate(QDate(2027, 6, 30))
    click(qtbot, dialog.plan_button)
    assert "Added" in text_of(dialog.plan_result_label)

    # Move one planned meeting (with the move dialog) and cancel another, as a clerk would.
    untouched = [m for m in future_series(session.data, cpb.id) if m.series_date == m.date and not m.cancelled]
    to_move, to_cancel = untouched[-2], untouched[-1]
    move = MoveMeetingDialog(session.data, to_move.id, TODAY)
    qtbot.addWidget(move)
    move.date_edit.setDate(QDate(to_move.date.year, to_move.date.month, to_move.date.day + 1))
    move.accept()
    edit = move.edit()
    assert edit is not None and session.apply(edit)
    assert session.apply(governance.cancel_meeting(session.data, to_cancel.id, TODAY))

    before = on_disk(sample_path)
    held = {m.id: m for m in governance.meetings_of(before, cpb.id) if m.date < TODAY}
    future = future_series(before, cpb.id)
    touched = [
        m
        for m in future
        if m.series_date != m.date or m.cancelled or governance.agenda_of(before, m.id) or m.id == to_move.id
    ]
    replaced = [m for m in future if m not in touched]
    assert replaced and {to_move.id, to_cancel.id} <= {m.id for m in touched}

    asked: list[str] = []
    dialog._confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    set_cadence(dialog, "monthly", 2, 2)  # the second Wednesday
    assert dialog.cadence_editor.description_label.text() == "Monthly on the second Wednesday"
    assert not dialog.plan_button.isEnabled()  # unsaved changes come first
    click(qtbot, dialog.save_button)

    assert len(asked) == 1
    assert f"{len(replaced)} planned meetings from the old cadence" in asked[0]
    assert "already held, moved, cancelled or with an agenda keep their dates" in asked[0]
    after = on_disk(sample_path)
    assert parse_cadence(after.boards[cpb.id].cadence) == parse_cadence("FREQ=MONTHLY;BYDAY=+2WE")
    assert after.boards[cpb.id].cadence_from == TODAY
    now = {m.id: m for m in governance.meetings_of(after, cpb.id)}
    assert all(now[i] == m for i, m in held.items())  # meetings already held are never rewritten
    assert all(now[m.id] == m for m in touched)  # moved, cancelled or with an agenda: kept as they were
    assert not any(m.id in now for m in replaced)
    added = [m for m in now.values() if m.id not in held and m not in touched]
    assert added and all(d.weekday() == 2 and 8 <= d.day <= 14 for d in (m.date for m in added))
    assert max(m.date for m in added) <= max(m.date for m in future)
    assert "The new cadence applies from 21 Nov 2026" in text_of(dialog.plan_result_label)

    session.undo_stack.undo()
    reverted = on_disk(sample_path)
    assert reverted.boards[cpb.id] == before.boards[cpb.id]
    assert governance.meetings_of(reverted, cpb.id) == governance.meetings_of(before, cpb.id)
    assert dialog.cadence_editor.description_label.text() == "Monthly on the third Tuesday"


def test_declining_the_cadence_change_saves_nothing(qtbot, dialog: BoardsDialog, session, sample_path) -> None:
    cpb = board_called(session.data, "CPB")
    dialog.select_board(cpb.id)
    dialog._confirm = lambda title, text: False  # type: ignore[method-assign]
    set_cadence(dialog, "monthly", 1, 0)
    click(qtbot, dialog.save_button)
    assert on_disk(sample_path).boards[cpb.id].cadence == cpb.cadence
    assert dialog.is_dirty() and session.undo_stack.count() == 0


def test_member_changes_and_details_are_one_undoable_change(qtbot, dialog: BoardsDialog, session, sample_path) -> None:
    ceb = board_called(session.data, "CEB")
    dialog.select_board(ceb.id)
    members_before = {m.id: m for m in session.data.board_members.values() if m.board_id == ceb.id}
    type_into(qtbot, dialog.short_name_edit, "EXEC")
    click(qtbot, dialog.add_member_button)
    row = dialog.members_table.rowCount() - 1
    type_in_cell(qtbot, dialog.members_table, row, 0, "Alex Morgan")
    type_in_cell(qtbot, dialog.members_table, row, 1, "Observer")
    if members_before:
        dialog.members_table.selectRow(0)
        removed = dialog.members()[0]
        click(qtbot, dialog.remove_member_button)
    click(qtbot, dialog.save_button)

    saved = on_disk(sample_path)
    assert saved.boards[ceb.id].short_name == "EXEC"
    names = {m.name for m in saved.board_members.values() if m.board_id == ceb.id}
    assert "Alex Morgan" in names
    if members_before:
        assert removed.id not in saved.board_members
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    reverted = on_disk(sample_path)
    assert reverted.boards[ceb.id].short_name == "CEB"
    assert {m.id: m for m in reverted.board_members.values() if m.board_id == ceb.id} == members_before


# ------------------------------------------------------------------------------ refusals and prompts


def test_plain_messages_for_a_board_that_cannot_be_saved(qtbot, dialog: BoardsDialog, session, sample_path) -> None:
    click(qtbot, dialog.new_button)
    type_into(qtbot, dialog.short_name_edit, "A short name far too long")
    choose(dialog.cadence_editor.frequency_combo, "chosen")
    for check in dialog.cadence_editor.month_checks:
        if check.isChecked():
            check.click()
    click(qtbot, dialog.save_button)
    text = dialog.problems_label.text()
    assert not dialog.problems_label.isHidden()
    assert "Give the board a name." in text
    assert "The short name can be up to 20 characters; it has 25." in text
    assert "Tick at least one month" in text
    type_into(qtbot, dialog.name_edit, "Collaboration Programme Board")
    type_into(qtbot, dialog.short_name_edit, "cpb")
    click(qtbot, dialog.save_button)
    assert "Another board is already called Collaboration Programme Board." in dialog.problems_label.text()
    assert "already has the short name CPB" in dialog.problems_label.text()
    assert len(on_disk(sample_path).boards) == len(session.data.boards) == 2


def test_a_board_with_meetings_cannot_be_deleted_and_one_without_can(qtbot, dialog: BoardsDialog, session, sample_path):
    cpb = board_called(session.data, "CPB")
    dialog.select_board(cpb.id)
    count = len(governance.meetings_of(session.data, cpb.id))
    click(qtbot, dialog.delete_button)
    assert dialog.problems_label.text() == (
        f"The Collaboration Programme Board cannot be deleted: it has {count} meetings. "
        "Its meetings are the record of its business."
    )
    assert cpb.id in on_disk(sample_path).boards

    click(qtbot, dialog.new_button)
    type_into(qtbot, dialog.name_edit, "Short-lived Board")
    click(qtbot, dialog.save_button)
    new_id = dialog.current_board_id()
    assert new_id in on_disk(sample_path).boards
    asked: list[str] = []
    dialog._confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    click(qtbot, dialog.delete_button)
    assert asked == ["Delete the Short-lived Board? You can undo this afterwards."]
    assert new_id not in on_disk(sample_path).boards
    assert new_id not in dialog.board_ids()
    session.undo_stack.undo()
    assert new_id in on_disk(sample_path).boards and new_id in dialog.board_ids()


def test_unsaved_changes_are_asked_about_before_leaving_a_board(qtbot, dialog: BoardsDialog, session, sample_path):
    ceb, cpb = board_called(session.data, "CEB"), board_called(session.data, "CPB")
    dialog.select_board(ceb.id)
    type_into(qtbot, dialog.place_edit, "Hutton")
    answers = ["cancel", "save"]
    asked: list[str] = []

    def answer(name: str) -> str:
        asked.append(name)
        return answers.pop(0)

    dialog._ask_unsaved = answer  # type: ignore[method-assign]
    dialog.board_list.setCurrentRow(dialog.board_ids().index(cpb.id))
    assert dialog.current_board_id() == ceb.id and dialog.place_edit.text() == "Hutton"
    assert dialog.board_list.currentItem().data(Qt.ItemDataRole.UserRole) == ceb.id
    dialog.board_list.setCurrentRow(dialog.board_ids().index(cpb.id))
    assert asked == ["Collaboration Executive Board", "Collaboration Executive Board"]
    assert dialog.current_board_id() == cpb.id
    assert on_disk(sample_path).boards[ceb.id].default_location == "Hutton"

    type_into(qtbot, dialog.place_edit, "Somewhere else")
    dialog._ask_unsaved = lambda name: "discard"  # type: ignore[method-assign]
    dialog.reject()
    assert not dialog.isVisible()
    assert on_disk(sample_path).boards[cpb.id].default_location == cpb.default_location


def test_an_undo_elsewhere_shows_in_the_open_dialog(qtbot, dialog: BoardsDialog, session) -> None:
    cpb = board_called(session.data, "CPB")
    dialog.select_board(cpb.id)
    members = [m for m in session.data.board_members.values() if m.board_id == cpb.id]
    assert session.apply(governance.save_board(session.data, replace(cpb, default_location="Hutton"), members, TODAY))
    assert dialog.place_edit.text() == "Hutton"
    session.undo_stack.undo()
    assert dialog.place_edit.text() == cpb.default_location and not dialog.is_dirty()


# ---------------------------------------------------------------------------------------- closure days


def test_closure_days_move_a_paper_deadline_earlier(qtbot, dialog: BoardsDialog, session, sample_path) -> None:
    cpb = board_called(session.data, "CPB")
    meeting = governance.next_meeting(session.data, cpb.id, TODAY)
    assert meeting is not None
    deadline = governance.paper_deadline(session.data, meeting)
    calendar = governance.working_calendar(session.data, cpb)
    closing = next(
        d for d in (date.fromordinal(deadline.toordinal() + n) for n in range(1, 10)) if calendar.is_working_day(d)
    )

    click(qtbot, dialog.closure_button)
    closures = dialog.closure_dialog
    assert isinstance(closures, ClosureDaysDialog)
    qtbot.waitExposed(closures)
    closures.date_edit.setDate(QDate(closing.year, closing.month, closing.day))
    type_into(qtbot, closures.name_edit, "Shared services training day")
    click(qtbot, closures.add_button)

    saved = on_disk(sample_path)
    assert any(c.date == closing and c.name == "Shared services training day" for c in saved.closure_days.values())
    earlier = governance.paper_deadline(saved, saved.meetings[meeting.id])
    assert earlier < deadline and calendar.working_days_between(earlier, deadline) == 1
    message = closures.message_label.text()
    assert f"Added {format_date(closing)} as a closure day." in message
    assert governance.meeting_title(saved, meeting) in message and f"(was {format_date(deadline)})" in message
    row = [r for r in closures.row_texts() if r[0] == format_date(closing)]
    assert row == [[format_date(closing), f"{closing:%A}", "Shared services training day"]]

    click(qtbot, closures.add_button)  # the same day again
    assert "is already a closure day (Shared services training day)" in closures.problems_label.text()
    closures.date_edit.setDate(QDate(2026, 11, 28))
    click(qtbot, closures.add_button)
    assert "28 Nov 2026 is a Saturday" in closures.problems_label.text()

    closures.table.selectRow([r[0] for r in closures.row_texts()].index(format_date(closing)))
    click(qtbot, closures.remove_button)
    saved = on_disk(sample_path)
    assert not any(c.date == closing for c in saved.closure_days.values())
    assert governance.paper_deadline(saved, saved.meetings[meeting.id]) == deadline


# ---------------------------------------------------------------------------------------- accessibility


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("which", ["boards", "closure days"])
def test_every_control_is_named_and_labelled_with_its_own_mnemonic(qtbot, session, which: str) -> None:
    if which == "boards":
        shown: QWidget = BoardsDialog(session, today=lambda: TODAY)
    else:
        shown = ClosureDaysDialog(session, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit, QTableWidget, QListWidget)
    controls = [w for w in shown.findChildren(QWidget) if isinstance(w, inputs) and w.isVisible()]
    controls = [w for w in controls if not isinstance(w.parent(), (QSpinBox, QDateEdit, QTimeEdit, QComboBox))]
    assert controls
    unnamed = [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []
    buddies = {label.buddy() for label in shown.findChildren(QLabel) if label.buddy() is not None}
    unlabelled = [w.accessibleName() for w in controls if w not in buddies]
    assert unlabelled == []
    keys = [_mnemonic(label.text()) for label in shown.findChildren(QLabel) if label.buddy() is not None]
    keys += [_mnemonic(b.text()) for b in shown.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    keys = [k for k in keys if k]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert [b.text() for b in shown.findChildren(QPushButton) if not b.accessibleName()] == []
    assert all(check.accessibleName() for check in shown.findChildren(QCheckBox))


def test_the_keyboard_reaches_the_name_from_the_list(qtbot, dialog: BoardsDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.board_list.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert dialog.name_edit.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert dialog.cadence_editor.week_combo.hasFocus()


# ------------------------------------------------------------------------------------- governance helpers


def test_validate_board_in_plain_words() -> None:
    board = Board("Programme Board", "PB", paper_lead_days=31, chairs="One\nTwo\nThree", cadence="FREQ=WEEKLY")
    problems = governance.validate_board(board, [BoardMember(board.id, " ")], [Board("programme board", "pb")])
    assert "The paper lead time is 0 to 30 clear working days." in problems
    assert "A board has one chair, or two who chair it jointly." in problems
    assert any("FREQ=WEEKLY" in p for p in problems)
    assert "Another board is already called programme board." in problems
    assert "The programme board already has the short name pb." in problems
    assert "Give every member a name (row 1 of the members list)." in problems
    fine = Board("Programme Board", "PB", cadence="FREQ=MONTHLY;BYDAY=+3TU", paper_lead_days=0)
    assert governance.validate_board(fine, [BoardMember(fine.id, "Sam")], [fine]) == []


def test_save_board_creates_updates_and_deletes_members_in_one_edit(session) -> None:
    cpb = board_called(session.data, "CPB")
    stored = [BoardMember(cpb.id, name) for name in ("Kept", "Gone", "Unchanged")]
    data = replace(session.data, board_members={m.id: m for m in stored})
    assert not governance.save_board(data, cpb, stored, TODAY).changes  # nothing changed: nothing to save
    kept, gone, unchanged = stored
    renamed = replace(kept, role="Chair")
    new = BoardMember("", "New member")
    edit = governance.save_board(data, replace(cpb, default_time="09:30"), [renamed, new, unchanged], TODAY)
    assert edit.description == "Change CPB"
    by_kind = {(type(c.record).__name__, c.before is None, c.after is None): c for c in edit.changes}
    assert set(by_kind) == {
        ("Board", False, False),
        ("BoardMember", False, False),
        ("BoardMember", True, False),
        ("BoardMember", False, True),
    }
    assert by_kind[("BoardMember", False, False)].after == renamed
    created = by_kind[("BoardMember", True, False)].after
    assert isinstance(created, BoardMember) and created.board_id == cpb.id and created.name == "New member"
    assert by_kind[("BoardMember", False, True)].before == gone

    fresh = Board("Fresh Board", cadence="FREQ=MONTHLY;BYDAY=+1MO")
    added = governance.save_board(data, fresh, [BoardMember("", "Sam")], TODAY)
    assert added.description == "Add board Fresh Board"
    assert added.changes[0].after == replace(fresh, cadence_from=TODAY)  # the cadence runs from today
    assert added.changes[1].after.board_id == fresh.id


def test_planned_meeting_changes_and_delete_board() -> None:
    board = Board("Board")
    early, late = Meeting(board.id, date(2027, 1, 5)), Meeting(board.id, date(2026, 12, 1))
    edit = Edit("x", [RecordChange(early, None), RecordChange(None, late), RecordChange(board, board)])
    assert governance.planned_meeting_changes(edit) == ([early], [late])
    data = RegisterData(
        settings=None,  # type: ignore[arg-type]
        organisations={},
        workstreams={},
        opportunities={},
        boards={board.id: board},
        meetings={late.id: late},
    )
    with pytest.raises(governance.GovernanceError, match="it has 1 meeting. "):
        governance.delete_board(data, board.id)
    cancelled = Meeting(board.id, date(2027, 2, 1), status=MeetingStatus.CANCELLED)
    data.meetings = {late.id: late, cancelled.id: cancelled}
    with pytest.raises(governance.GovernanceError, match="it has 2 meetings"):
        governance.delete_board(data, board.id)
    data.meetings = {}
    member = BoardMember(board.id, "Sam")
    data.board_members = {member.id: member}
    deleted = governance.delete_board(data, board.id)
    assert [(c.before, c.after) for c in deleted.changes] == [(board, None), (member, None)]


def test_closure_day_helpers() -> None:
    existing = ClosureDay(date(2026, 12, 29), "Shutdown")
    data = RegisterData(None, {}, {}, {}, {}, {}, closure_days={existing.id: existing})  # type: ignore[arg-type]
    with pytest.raises(governance.GovernanceError, match=r"29 Dec 2026 is already a closure day \(Shutdown\)\."):
        governance.add_closure_day(data, date(2026, 12, 29))
    with pytest.raises(governance.GovernanceError, match="27 Dec 2026 is a Sunday"):
        governance.add_closure_day(data, date(2026, 12, 27))
    edit = governance.add_closure_day(data, date(2026, 12, 30), "  Shared   shutdown ")
    added = edit.changes[0].after
    assert isinstance(added, ClosureDay) and (added.date, added.name) == (date(2026, 12, 30), "Shared shutdown")
    removal = governance.remove_closure_day(data, existing.id)
    assert removal.description == "Remove closure day 29 Dec 2026" and removal.changes[0].after is None
