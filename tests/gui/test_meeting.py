"""The meeting page as an officer and a board use it: building the agenda and its papers through the item
dialog, reordering by keyboard and by drop, the over-time warning, carrying and referring items, and in the
room attendance, decisions that move an opportunity's stage, actions, board moves and minutes; correcting and
removing decisions and actions; minutes never lost unsaved; the session logging an edit against a meeting.
What the page saved is read back with a fresh Register on the same file. Today is fixed at 21 Nov 2026."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from bluelight_desktop.core import governance
from bluelight_desktop.core.board import BoardRules, move_edit
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.governance import GovernanceError
from bluelight_desktop.core.model import (
    Action,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    BoardMember,
    Decision,
    Meeting,
    Opportunity,
    Outcome,
    Purpose,
    RegisterData,
    Stage,
)
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.meeting import (
    ActionDialog,
    AgendaItemDialog,
    DecisionDialog,
    MeetingPage,
    agenda_mime,
    order_after_drop,
)
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import Register, open_register

# The offscreen platform cannot raise a completer's popup or let it grab the keyboard; harmless, offscreen only.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)

TODAY = date(2026, 11, 21)
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def delete_closed_widgets() -> None:
    """Delete the widgets qtbot closed (deleteLater waits for an event loop that a test never runs): left
    alive, every later make_application() would restyle them all, and the run slows test by test."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def session(qtbot, sample_path: Path):
    make_application()
    session = RegisterSession(open_register(sample_path))
    yield session
    delete_closed_widgets()
    session.close()


def meeting(session: RegisterSession, reference: str) -> Meeting:
    found = governance.find_meeting(session.data, reference)
    assert found is not None, reference
    return found


@pytest.fixture
def page(qtbot, session: RegisterSession) -> MeetingPage:
    widget = MeetingPage(session, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1440, 860)
    widget.show_meeting(meeting(session, "CPB-2026-12-15").id)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def on_disk(path: Path) -> RegisterData:
    """The register as a fresh reader sees it."""
    with Register(path, read_only=True) as register:
        return register.load()


def titled(data: RegisterData, title: str) -> Opportunity:
    return next(o for o in data.opportunities.values() if o.title == title)


def ensure_items(session: RegisterSession, meeting_id: str, count: int) -> list[AgendaItem]:
    """At least `count` items on the agenda (the sample may or may not have them), each 10 minutes."""
    have = len(governance.agenda_of(session.data, meeting_id))
    for number in range(have, count):
        item = AgendaItem(meeting_id=meeting_id, title=f"Test item {number + 1}", minutes=10)
        assert session.apply(governance.add_agenda_item(session.data, item))
    return governance.agenda_of(session.data, meeting_id)


def ensure_members(session: RegisterSession, board_id: str) -> list[BoardMember]:
    members = governance.board_members_of(session.data, board_id)
    if not members:
        added = [
            BoardMember(board_id, "Area Manager Ben Norman", "Joint chair"),
            BoardMember(board_id, "Chief Superintendent Chris Bithell", "Joint chair"),
            BoardMember(board_id, "Head of Finance", "Finance lead"),
        ]
        assert session.apply(Edit("Add members", [RecordChange(None, m) for m in added]))
        members = governance.board_members_of(session.data, board_id)
    return members


def select_row(qtbot, table: QAbstractItemView, row: int, column: int = 2) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())


def click(qtbot, widget: QAbstractButton) -> None:
    assert widget.isEnabled(), widget.text()
    qtbot.mouseClick(widget, LEFT)


# ------------------------------------------------------------------------------------- domain helpers


def test_take_attendance_lists_the_members_present_then_one_is_marked(session: RegisterSession) -> None:
    cpb = meeting(session, "CPB-2026-12-15")
    members = ensure_members(session, cpb.board_id)
    edit = governance.take_attendance(session.data, cpb.id)
    records = [c.after for c in edit.changes]
    assert [r.name for r in records] == [m.name for m in members]
    assert {r.status for r in records} == {AttendanceStatus.PRESENT} and {r.meeting_id for r in records} == {cpb.id}
    session.apply(edit)
    with pytest.raises(GovernanceError, match="already been taken"):
        governance.take_attendance(session.data, cpb.id)
    first = governance.attendance_of(session.data, cpb.id)[0]
    marked = governance.set_attendance(session.data, first.id, AttendanceStatus.APOLOGIES)
    assert marked.changes[0].after.status is AttendanceStatus.APOLOGIES and "apologies" in marked.description


def test_take_attendance_without_members_says_so(session: RegisterSession) -> None:
    cpb = meeting(session, "CPB-2026-12-15")
    data = session.data
    data.board_members = {k: m for k, m in data.board_members.items() if m.board_id != cpb.board_id}
    with pytest.raises(GovernanceError, match="no members yet"):
        governance.take_attendance(data, cpb.id)


def test_an_action_needs_words_an_owner_and_a_due_date_not_in_the_past(session: RegisterSession) -> None:
    cpb = meeting(session, "CPB-2026-12-15")
    problems = governance.action_problems(Action(cpb.id, " ", "", date(2026, 11, 20)), TODAY)
    assert problems == [
        "Say what the action is.",
        "Name the person who owns the action.",
        "The due date, 20 Nov 2026, is in the past. Choose today or a later date.",
    ]
    assert governance.action_problems(Action(cpb.id, "Report back", "Head of Finance", TODAY), TODAY) == []
    with pytest.raises(GovernanceError, match="in the past"):
        governance.add_action(session.data, Action(cpb.id, "Report back", "Head of Finance", date(2026, 1, 1)), TODAY)
    edit = governance.add_action(session.data, Action(cpb.id, "Report back", "Head of Finance", TODAY), TODAY)
    assert edit.changes[0].before is None and edit.changes[0].after.owner == "Head of Finance"


def test_saving_unchanged_minutes_is_no_edit(session: RegisterSession) -> None:
    cpb = meeting(session, "CPB-2026-12-15")
    assert governance.save_minutes(session.data, cpb.id, cpb.minutes_text) is None
    edit = governance.save_minutes(session.data, cpb.id, "Minutes")
    assert edit is not None and edit.changes[0].after.minutes_text == "Minutes"


def test_order_after_drop() -> None:
    ids = ["a", "b", "c", "d"]
    assert order_after_drop(ids, ["d"], 0) == ["d", "a", "b", "c"]
    assert order_after_drop(ids, ["a"], 4) == ["b", "c", "d", "a"]
    assert order_after_drop(ids, ["a"], 3) == ["b", "c", "a", "d"]
    assert order_after_drop(ids, ["b"], 1) == ids  # dropped where it was


# ----------------------------------------------------------------------------------------------- header


def test_header_names_the_meeting_its_chairs_and_paper_deadline(page: MeetingPage) -> None:
    assert page.title_label.text() == "Collaboration Programme Board, 15 Dec 2026"
    assert page.details_label.text().startswith("Tuesday 15 Dec 2026 · 10:00 to 12:00")
    assert "Chief Superintendent Chris Bithell" in page.chairs_label.text()
    state = governance.deadline_state(page.session.data, page.meeting, TODAY)
    assert page.deadline_label.text() == state.text and "Dec 2026" in state.text
    assert not page.cancelled_label.isVisible()


def test_a_deadline_close_by_is_a_visible_warning(page: MeetingPage, session: RegisterSession) -> None:
    cpb = meeting(session, "CPB-2026-12-15")
    deadline = governance.paper_deadline(session.data, cpb)
    page.today = lambda: deadline
    page.refresh()
    assert page.deadline_label.text().startswith("Papers are due today")
    assert page.deadline_label.property("level") == "today"


# ----------------------------------------------------------------------------------------------- agenda


def test_an_item_built_in_the_dialog_is_prefilled_from_its_opportunity_and_saved(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    cpb = page.meeting
    before = len(governance.agenda_of(session.data, cpb.id))
    procurement = titled(session.data, "Joint Procurement")
    click(qtbot, page.agenda.add_button)
    dialog = page.dialog
    assert isinstance(dialog, AgendaItemDialog) and dialog.isVisible()

    click(qtbot, dialog.ok_button)  # no title yet: refused in plain words, the dialog stays open
    assert dialog.isVisible() and dialog.problems_label.text() == "Give the item a title."

    qtbot.keyClicks(dialog.title_edit, "Joint procurement: business case")
    qtbot.keyClicks(dialog.purpose_combo, "Dec")
    assert dialog.purpose_combo.currentText() == "Decision"
    qtbot.keyClicks(dialog.opportunity_combo, procurement.reference)
    assert dialog.opportunity_combo.currentData() == procurement.id
    background = dialog.paper_edits["background"].toPlainText()
    assert background.startswith(f"{procurement.reference} Joint Procurement is at the business case stage")
    assert dialog.paper_edits["decision_required"].toPlainText().startswith("The board is asked to decide")
    assert dialog.paper_edits["executive_summary"].toPlainText() == procurement.summary.strip()
    assert dialog.title_edit.text() == "Joint procurement: business case"  # what the author typed is kept
    dialog.minutes_spin.setValue(25)
    qtbot.keyClicks(dialog.paper_edits["proposal"], "Buy together from April.")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()

    saved = governance.agenda_of(on_disk(sample_path), cpb.id)
    assert len(saved) == before + 1
    item = saved[-1]
    assert (item.title, item.purpose, item.minutes, item.opportunity_id, item.position) == (
        "Joint procurement: business case",
        Purpose.DECISION,
        25,
        procurement.id,
        before + 1,
    )
    assert item.background == background and item.proposal == "Buy together from April."
    assert page.agenda.table.selected_id() == item.id
    assert page.agenda.table.item(before, 6).text() == procurement.reference
    assert "Buy together from April." in page.agenda.preview.toPlainText()


def test_editing_an_item_keeps_its_place_and_saves_the_change(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    items = ensure_items(session, page.meeting_id, 2)
    select_row(qtbot, page.agenda.table, 1)
    qtbot.keyClick(page.agenda.table, Qt.Key.Key_Return)  # Enter edits, as a double click does
    dialog = page.dialog
    assert isinstance(dialog, AgendaItemDialog) and dialog.title_edit.text() == items[1].title
    dialog.presenter_edit.clear()
    qtbot.keyClicks(dialog.presenter_edit, "Head of Estates")
    click(qtbot, dialog.ok_button)
    stored = on_disk(sample_path).agenda_items[items[1].id]
    assert stored.presenter == "Head of Estates" and stored.position == 2


def test_alt_down_and_alt_up_move_the_selected_item(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    items = ensure_items(session, page.meeting_id, 3)
    first, second = items[0].id, items[1].id
    table = page.agenda.table
    select_row(qtbot, table, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down, ALT)
    order = [i.id for i in governance.agenda_of(on_disk(sample_path), page.meeting_id)]
    assert order[:2] == [second, first]
    assert table.selected_id() == first and table.item(1, 0).text() == "2"  # it stays selected, renumbered
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)  # already first: nothing to do, nothing saved
    order = [i.id for i in governance.agenda_of(on_disk(sample_path), page.meeting_id)]
    assert order[:2] == [first, second]
    assert session.undo_stack.count() == 2


def test_a_drop_reorders_the_agenda(qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path) -> None:
    items = ensure_items(session, page.meeting_id, 3)
    table = page.agenda.table
    last = items[-1]
    rect = table.visualRect(table.model().index(0, 2))
    drop_at = QPointF(rect.center().x(), rect.top() + 2)  # the upper half of the first row: before it
    mime = agenda_mime([last.id])  # an event does not own its data: keep it alive while it is delivered
    text_only = QMimeData()
    text_only.setText("not an agenda item")
    refused = QDragEnterEvent(drop_at.toPoint(), Qt.DropAction.MoveAction, text_only, LEFT, NO_MODIFIER)
    QApplication.sendEvent(table.viewport(), refused)
    assert not refused.isAccepted()
    # Qt delivers a drop only to the widget that accepted the drag's entry, as a real drag does.
    enter = QDragEnterEvent(drop_at.toPoint(), Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(drop_at, Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(table.viewport(), event)
    assert event.isAccepted()
    order = [i.id for i in governance.agenda_of(on_disk(sample_path), page.meeting_id)]
    assert order == [last.id] + [i.id for i in items[:-1]]
    assert table.rowCount() == len(items)  # Qt removed no row: the table shows what was saved
    assert table.item(0, 2).text().startswith(last.title) and table.item(0, 1).text() == "10:00"

    below = table.visualRect(table.model().index(table.rowCount() - 1, 2)).bottom() + 20
    assert below < table.viewport().height()
    end = QPointF(drop_at.x(), below)
    again = QDragEnterEvent(end.toPoint(), Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(table.viewport(), again)
    back = QDropEvent(end, Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(table.viewport(), back)  # under the last row: to the end
    assert [i.id for i in governance.agenda_of(on_disk(sample_path), page.meeting_id)] == [i.id for i in items]


def test_the_total_turns_into_a_warning_when_the_agenda_runs_over(
    qtbot, page: MeetingPage, session: RegisterSession
) -> None:
    cpb = page.meeting
    total = governance.agenda_minutes(session.data, cpb.id)
    if total >= cpb.minutes_allowed:  # make room so the page starts within time
        for item in reversed(governance.agenda_of(session.data, cpb.id)):
            session.apply(governance.remove_agenda_item(session.data, item.id))
            if governance.agenda_minutes(session.data, cpb.id) < cpb.minutes_allowed:
                break
        total = governance.agenda_minutes(session.data, cpb.id)
    label = page.agenda.total_label
    assert label.text().startswith(f"Total {total} of {cpb.minutes_allowed} minutes")
    assert label.property("over") == "false"
    extra = cpb.minutes_allowed - total + 15
    session.apply(governance.add_agenda_item(session.data, AgendaItem(cpb.id, "A long item", minutes=extra)))
    assert label.property("over") == "true"
    assert label.text() == (
        f"⚠ Over time. The agenda runs {total + extra} minutes, 15 more than the {cpb.minutes_allowed} minutes "
        "the meeting has."
    )


def test_carry_to_the_next_meeting_and_refer_to_the_executive_board(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    items = ensure_items(session, page.meeting_id, 1)
    item = items[0]
    cpb = page.meeting
    ceb = governance.executive_board_for(session.data, cpb.board_id)
    january = governance.next_meeting(session.data, cpb.board_id, cpb.date, strictly_after=True)
    march_ceb = governance.next_meeting(session.data, ceb.id, cpb.date, strictly_after=True)
    select_row(qtbot, page.agenda.table, 0)
    assert (
        page.agenda.refer_button.isEnabled() and "Collaboration Executive Board" in page.agenda.refer_button.toolTip()
    )

    click(qtbot, page.agenda.carry_button)
    data = on_disk(sample_path)
    carried = [i for i in governance.agenda_of(data, january.id) if i.carried_from_id == item.id]
    assert len(carried) == 1 and carried[0].title == item.title
    assert page.message.isVisible() and governance.meeting_title(data, january) in page.message.text()
    assert item.id in data.agenda_items  # the original stays, as the record of what was tabled

    click(qtbot, page.agenda.refer_button)
    referred = [i for i in governance.agenda_of(on_disk(sample_path), march_ceb.id) if i.carried_from_id == item.id]
    assert len(referred) == 1 and governance.meeting_title(data, march_ceb) in page.message.text()
    assert march_ceb.board_id == ceb.id and march_ceb.date > cpb.date

    page.show_meeting(march_ceb.id)  # the executive board refers to no one
    select_row(qtbot, page.agenda.table, 0)
    assert page.agenda.table.selected_id() is not None
    assert not page.agenda.refer_button.isEnabled()
    assert (
        page.agenda.table.item(page.agenda.table.row_of(referred[0].id), 2)
        .text()
        .endswith("(referred from CPB 15 Dec 2026)")
    )


def test_carrying_past_the_last_planned_meeting_is_refused_in_plain_words(
    qtbot, page: MeetingPage, session: RegisterSession
) -> None:
    last = governance.meetings_of(session.data, page.meeting.board_id, include_cancelled=False)[-1]
    page.show_meeting(last.id)
    ensure_items(session, last.id, 1)
    select_row(qtbot, page.agenda.table, 0)
    count = session.undo_stack.count()
    click(qtbot, page.agenda.carry_button)
    assert page.message.property("kind") == "error"
    assert page.message.text().startswith("Collaboration Programme Board has no meeting planned after")
    assert session.undo_stack.count() == count


def test_removing_an_item_renumbers_and_undo_puts_it_back(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    items = ensure_items(session, page.meeting_id, 3)
    select_row(qtbot, page.agenda.table, 0)
    qtbot.keyClick(page.agenda.table, Qt.Key.Key_Delete)
    saved = governance.agenda_of(on_disk(sample_path), page.meeting_id)
    assert [i.id for i in saved] == [i.id for i in items[1:]] and saved[0].position == 1
    session.undo_stack.undo()
    assert [i.id for i in governance.agenda_of(on_disk(sample_path), page.meeting_id)] == [i.id for i in items]
    assert page.agenda.table.rowCount() == len(items)


# ------------------------------------------------------------------------------------------- in the room


def test_a_decision_moves_the_opportunity_to_approved_at_this_meeting_and_undo_reverts_it(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    procurement = titled(session.data, "Joint Procurement")
    assert procurement.stage is Stage.BUSINESS_CASE
    assert session.current_meeting_id is None  # recorded after the meeting: still logged against it
    decisions_before = page.room.decisions_table.rowCount()
    page.tabs.setCurrentWidget(page.room)
    click(qtbot, page.room.decision_button)
    dialog = page.dialog
    assert isinstance(dialog, DecisionDialog)
    assert [dialog.outcome_combo.itemText(i) for i in range(dialog.outcome_combo.count())] == [
        "Approved",
        "Approved with conditions",
        "Deferred",
        "Rejected",
        "Noted",
    ]
    assert not dialog.stage_combo.isEnabled()  # no opportunity yet
    qtbot.keyClicks(dialog.opportunity_combo, procurement.reference)
    assert dialog.stage_combo.isEnabled() and dialog.stage_combo.currentText() == "Approved"
    qtbot.keyClicks(dialog.outcome_combo, "Rej")
    assert dialog.stage_combo.currentText() == "Parked"  # the usual stage follows the outcome
    qtbot.keyClick(dialog.outcome_combo, Qt.Key.Key_Home)  # back to the first outcome
    assert dialog.outcome_combo.currentText() == "Approved" and dialog.stage_combo.currentText() == "Approved"
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "Write the decision" in dialog.problems_label.text()
    qtbot.keyClicks(dialog.text_edit, "The board approved the joint procurement business case.")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()

    data = on_disk(sample_path)
    assert data.opportunities[procurement.id].stage is Stage.APPROVED
    decision = next(
        d for d in data.decisions.values() if d.opportunity_id == procurement.id and d.meeting_id == page.meeting_id
    )
    assert decision.stage_set is Stage.APPROVED and decision.meeting_id == page.meeting_id
    with Register(sample_path, read_only=True) as register:
        history = register.history(procurement.id)
    stage_rows = [r for r in history if r["field"] == "stage"]
    assert stage_rows[-1]["new_value"] == "approved" and stage_rows[-1]["meeting_id"] == page.meeting_id
    assert session.current_meeting_id is None  # the meeting was not put in session to log it
    table = page.room.decisions_table
    assert table.rowCount() == decisions_before + 1
    row = table.row_of(decision.id)
    assert table.item(row, 1).text() == "Approved" and table.item(row, 4).text() == "Approved"

    session.undo_stack.undo()
    data = on_disk(sample_path)
    assert decision.id not in data.decisions
    assert data.opportunities[procurement.id].stage is Stage.BUSINESS_CASE
    assert table.rowCount() == decisions_before


def test_choosing_an_agenda_item_in_the_decision_dialog_brings_its_opportunity(
    qtbot, page: MeetingPage, session: RegisterSession
) -> None:
    smartphone = titled(session.data, "Police Smartphone HFSC Referrals")
    item = AgendaItem(page.meeting_id, "Smartphone referrals", opportunity_id=smartphone.id)
    session.apply(governance.add_agenda_item(session.data, item))
    dialog = DecisionDialog(session.data, page.meeting, None, page)
    qtbot.addWidget(dialog)
    dialog.item_combo.setCurrentIndex(dialog.item_combo.findData(item.id))
    assert dialog.opportunity_combo.currentData() == smartphone.id
    assert dialog.stage_note.text().startswith(f"{smartphone.reference} is now at the")


def test_an_action_is_added_marked_done_and_reopened(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    page.tabs.setCurrentWidget(page.room)
    click(qtbot, page.room.action_button)
    dialog = page.dialog
    assert isinstance(dialog, ActionDialog)
    assert dialog.due_edit.displayFormat() == "d MMM yyyy" and dialog.due_edit.text() == "12 Jan 2027"
    qtbot.keyClicks(dialog.description_edit, "Bring the procurement savings profile to the January board")
    qtbot.keyClicks(dialog.owner_combo.lineEdit(), "Head of Finance, LFRS")
    dialog.set_due(date(2027, 1, 12))
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    action = next(
        a for a in on_disk(sample_path).actions.values() if a.description.startswith("Bring the procurement savings")
    )
    assert (action.owner, action.due, action.status, action.meeting_id) == (
        "Head of Finance, LFRS",
        date(2027, 1, 12),
        ActionStatus.OPEN,
        page.meeting_id,
    )
    table = page.room.actions_table
    row = table.row_of(action.id)
    assert [table.item(row, c).text() for c in (1, 2, 3)] == ["Head of Finance, LFRS", "12 Jan 2027", "Open"]
    assert page.room.done_button.isEnabled() and not page.room.reopen_button.isEnabled()

    click(qtbot, page.room.done_button)
    assert on_disk(sample_path).actions[action.id].status is ActionStatus.DONE
    assert table.item(table.row_of(action.id), 3).text() == "Done"
    click(qtbot, page.room.reopen_button)
    assert on_disk(sample_path).actions[action.id].status is ActionStatus.OPEN


def test_an_action_due_in_the_past_is_refused(qtbot, page: MeetingPage, session: RegisterSession) -> None:
    page.tabs.setCurrentWidget(page.room)
    count = len(session.data.actions)
    click(qtbot, page.room.action_button)
    dialog = page.dialog
    qtbot.keyClicks(dialog.description_edit, "Circulate the terms of reference")
    qtbot.keyClicks(dialog.owner_combo.lineEdit(), "Project Support Officer")
    dialog.set_due(date(2026, 11, 1))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.problems_label.text() == "The due date, 1 Nov 2026, is in the past. Choose today or a later date."
    assert len(session.data.actions) == count
    dialog.set_due(TODAY)  # today is fine; the message goes as soon as it is fixed
    assert not dialog.problems_label.isVisible()
    click(qtbot, dialog.ok_button)
    assert len(session.data.actions) == count + 1


def test_attendance_is_taken_from_members_and_marked_by_toggle(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    cpb = page.meeting
    members = ensure_members(session, cpb.board_id)
    page.tabs.setCurrentWidget(page.room)
    table = page.room.attendance_table
    assert table.rowCount() == len(members)  # the members, before attendance is taken
    assert table.item(0, 1).text() == "Not taken yet" and "not taken yet" in page.room.attendance_summary.text()
    click(qtbot, page.room.take_attendance_button)
    records = governance.attendance_of(on_disk(sample_path), cpb.id)
    assert [r.name for r in records] == [m.name for m in members]
    assert not page.room.take_attendance_button.isVisible()

    toggle = table.cellWidget(1, 1)
    apologies = toggle.buttons[AttendanceStatus.APOLOGIES]
    assert apologies.accessibleName() == f"{records[1].name}: Apologies"
    click(qtbot, apologies)
    stored = on_disk(sample_path).attendance[records[1].id]
    assert stored.status is AttendanceStatus.APOLOGIES
    assert page.room.attendance_summary.text() == f"{len(members) - 1} present · 1 apologies · 0 absent"
    assert table.cellWidget(1, 1).buttons[AttendanceStatus.APOLOGIES].isChecked()


# -------------------------------------------------------------------------------------------- in session


def test_meeting_in_session_logs_board_moves_against_it(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    assert not page.in_session_button.isChecked()
    with qtbot.waitSignal(page.in_session_changed) as signal:
        click(qtbot, page.in_session_button)
    assert signal.args == [True] and session.current_meeting_id == page.meeting_id
    assert page.in_session_note.isVisible() and "recorded against this meeting" in page.in_session_note.text()

    demand = titled(session.data, "Real Time Demand Management")
    session.apply(move_edit(demand, 30, 85, BoardRules.from_settings(session.register.settings())))
    moves = [page.room.moves_list.item(i).text() for i in range(page.room.moves_list.count())]
    assert any(line.startswith(f"{demand.reference} Real Time Demand Management:") for line in moves)
    with Register(sample_path, read_only=True) as register:
        logged = register.meeting_changes(page.meeting_id)
    assert {r["record_id"] for r in logged if r["field"] in ("effort", "benefit")} == {demand.id}

    with qtbot.waitSignal(page.in_session_changed) as signal:
        click(qtbot, page.in_session_button)
    assert signal.args == [False] and session.current_meeting_id is None

    click(qtbot, page.in_session_button)
    with qtbot.waitSignal(page.in_session_changed) as signal:
        page.show_meeting(meeting(session, "CPB-2027-03-16").id)  # showing another meeting ends the session
    assert signal.args == [False] and session.current_meeting_id is None and not page.in_session_button.isChecked()


def test_the_page_follows_a_meeting_put_in_session_elsewhere(page: MeetingPage, session: RegisterSession) -> None:
    session.current_meeting_id = page.meeting_id  # as the board's "Meeting in session" does
    assert page.in_session_button.isChecked() and page.in_session
    session.current_meeting_id = None
    assert not page.in_session_button.isChecked() and not page.in_session


def test_a_meeting_undone_away_leaves_an_empty_page(qtbot, page: MeetingPage, session: RegisterSession) -> None:
    cpb = page.meeting
    extra, edit = governance.add_extra_meeting(session.data, cpb.board_id, date(2026, 12, 22), TODAY)
    session.apply(edit)
    page.show_meeting(extra.id)
    click(qtbot, page.in_session_button)
    assert session.current_meeting_id == extra.id
    with qtbot.waitSignal(page.in_session_changed) as signal:
        session.undo_stack.undo()
    assert signal.args == [False]
    assert page.meeting_id is None and session.current_meeting_id is None
    assert page.stack.currentWidget() is page.empty_label
    assert "no longer in the register" in page.empty_label.text()
    session.undo_stack.redo()  # it comes back, and so does the page
    assert page.meeting_id == extra.id and page.stack.currentIndex() == 1


def test_a_cancelled_meeting_says_so_and_cannot_be_in_session(page: MeetingPage, session: RegisterSession) -> None:
    march = meeting(session, "CPB-2027-03-16")
    session.apply(governance.cancel_meeting(session.data, march.id, TODAY))
    page.show_meeting(march.id)
    assert page.cancelled_label.isVisible() and page.cancelled_label.text() == "Cancelled"
    assert not page.in_session_button.isEnabled()


# ----------------------------------------------------------------------------------------------- minutes


def test_minutes_are_saved_in_one_step_and_undone(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    page.tabs.setCurrentWidget(page.minutes)
    editor = page.minutes.editor
    assert not page.minutes.save_button.isEnabled()
    editor.selectAll()
    qtbot.keyClicks(editor, "Present: the joint chairs.")
    assert page.minutes.state.text() == "Changes not saved yet"
    count = session.undo_stack.count()
    click(qtbot, page.minutes.save_button)
    assert on_disk(sample_path).meetings[page.meeting_id].minutes_text == "Present: the joint chairs."
    assert session.undo_stack.count() == count + 1 and page.minutes.state.text() == "Saved"
    assert not page.minutes.save_button.isEnabled()
    session.undo_stack.undo()
    assert on_disk(sample_path).meetings[page.meeting_id].minutes_text == editor.toPlainText()
    assert "Present: the joint chairs." not in editor.toPlainText()


def test_minutes_being_typed_survive_another_change(qtbot, page: MeetingPage, session: RegisterSession) -> None:
    page.tabs.setCurrentWidget(page.minutes)
    qtbot.keyClicks(page.minutes.editor, " Draft line")
    session.apply(governance.add_agenda_item(session.data, AgendaItem(page.meeting_id, "Late item")))
    assert page.minutes.editor.toPlainText().endswith(" Draft line") and page.minutes.unsaved


# ------------------------------------------------------------------------ correcting decisions and actions


def show_november(page: MeetingPage) -> Meeting:
    """The sample's CPB of 17 Nov 2026, held: it moved LAN-031 to the business case stage."""
    november = meeting(page.session, "CPB-2026-11-17")
    assert page.show_meeting(november.id)
    page.tabs.setCurrentWidget(page.room)
    QApplication.processEvents()
    return november


def stage_decision(data: RegisterData, meeting_id: str) -> Decision:
    return next(d for d in data.decisions.values() if d.meeting_id == meeting_id and d.stage_set is not None)


def stage_history(path: Path, opportunity_id: str) -> list[tuple[str | None, str | None, str | None]]:
    with Register(path, read_only=True) as register:
        rows = register.history(opportunity_id)
    return [(r["old_value"], r["new_value"], r["meeting_id"]) for r in rows if r["field"] == "stage"]


def test_enter_edits_a_decision_and_a_new_stage_moves_its_opportunity_at_that_meeting(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    november = show_november(page)
    decision = stage_decision(session.data, november.id)
    table = page.room.decisions_table
    assert not page.room.edit_decision_button.isEnabled() and not page.room.remove_decision_button.isEnabled()
    select_row(qtbot, table, table.row_of(decision.id))
    assert page.room.edit_decision_button.isEnabled() and page.room.remove_decision_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, DecisionDialog) and dialog.windowTitle() == "Edit decision"
    assert dialog.text_edit.toPlainText() == decision.text
    assert dialog.outcome_combo.currentText() == "Approved with conditions"
    assert dialog.opportunity_combo.currentData() == decision.opportunity_id
    assert dialog.stage_combo.currentText() == "Business case"
    assert dialog.stage_note.text() == (
        "LAN-031 is now at the business case stage. This decision moved it to business case: leaving the stage as "
        "it is does not move it back."
    )
    qtbot.keyClick(dialog.outcome_combo, Qt.Key.Key_Home)
    assert dialog.outcome_combo.currentText() == "Approved"
    assert dialog.stage_combo.currentText() == "Business case"  # correcting the outcome leaves the stage alone
    qtbot.keyClicks(dialog.stage_combo, "Ap")
    assert dialog.stage_combo.currentText() == "Approved"
    count = session.undo_stack.count()
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()

    data = on_disk(sample_path)
    stored = data.decisions[decision.id]
    assert (stored.outcome, stored.stage_set, stored.text) == (Outcome.APPROVED, Stage.APPROVED, decision.text)
    assert data.opportunities[decision.opportunity_id].stage is Stage.APPROVED
    assert stage_history(sample_path, decision.opportunity_id)[-1] == ("business case", "approved", november.id)
    assert session.current_meeting_id is None and session.undo_stack.count() == count + 1
    assert table.item(table.row_of(decision.id), 4).text() == "Approved" and table.selected_id() == decision.id

    session.current_meeting_id = meeting(session, "CPB-2026-12-15").id  # another meeting is in session now
    session.undo_stack.undo()
    data = on_disk(sample_path)
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE
    assert data.decisions[decision.id].outcome is Outcome.APPROVED_WITH_CONDITIONS
    # The undo is logged against the meeting the decision was corrected at, not the one in session.
    assert stage_history(sample_path, decision.opportunity_id)[-1] == ("approved", "business case", november.id)


def test_a_double_click_edits_a_decision_and_clearing_its_stage_leaves_the_opportunity(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    november = show_november(page)
    decision = stage_decision(session.data, november.id)
    before = stage_history(sample_path, decision.opportunity_id)
    table = page.room.decisions_table
    rect = table.visualRect(table.model().index(table.row_of(decision.id), 2))
    # A real double click is a press and release, then the double click: QTest's sends only the second half.
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), LEFT, pos=rect.center())
    dialog = page.dialog
    assert isinstance(dialog, DecisionDialog) and dialog.original == decision
    qtbot.keyClick(dialog.stage_combo, Qt.Key.Key_Home)
    assert dialog.stage_combo.currentText() == "Leave the stage as it is"
    dialog.text_edit.selectAll()
    qtbot.keyClicks(dialog.text_edit, "Approved, with conditions, developing a full business case.")
    click(qtbot, dialog.ok_button)
    data = on_disk(sample_path)
    assert data.decisions[decision.id].stage_set is None
    assert data.decisions[decision.id].text == "Approved, with conditions, developing a full business case."
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE
    assert stage_history(sample_path, decision.opportunity_id) == before  # the move it made stays on record
    assert table.item(table.row_of(decision.id), 4).text() == ""


def test_delete_removes_a_decision_once_confirmed_and_the_stage_stays(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    november = show_november(page)
    decision = stage_decision(session.data, november.id)
    asked: list[tuple[str, str, str]] = []
    answers = [False, True]
    page.confirm = lambda title, text, accept: asked.append((title, text, accept)) or answers.pop(0)
    table = page.room.decisions_table
    rows = table.rowCount()
    row = table.row_of(decision.id)
    select_row(qtbot, table, row)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    title, text, accept = asked[0]
    assert (title, accept) == ("Remove decision", "Remove decision")
    assert text.startswith("Remove this decision from the record of the Collaboration Programme Board, 17 Nov 2026?")
    assert "LAN-031 stays at the business case stage, and its history keeps the change" in text
    assert text.endswith("Undo puts the decision back.")
    assert decision.id in on_disk(sample_path).decisions and table.rowCount() == rows  # not confirmed: kept

    click(qtbot, page.room.remove_decision_button)
    data = on_disk(sample_path)
    assert decision.id not in data.decisions
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE
    assert ("scoping", "business case", november.id) in stage_history(sample_path, decision.opportunity_id)
    with Register(sample_path, read_only=True) as register:
        removal = register.history(decision.id)[-1]
    assert (removal["field"], removal["meeting_id"]) == ("deleted", november.id)
    assert table.rowCount() == rows - 1 and table.currentRow() == min(row, rows - 2)
    assert page.message.property("kind") == "info" and "Undo puts it back" in page.message.text()
    session.undo_stack.undo()
    assert on_disk(sample_path).decisions[decision.id] == decision and table.rowCount() == rows


def test_editing_an_overdue_action_keeps_its_date_but_a_new_past_date_is_refused(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    november = show_november(page)
    action = next(a for a in session.data.actions.values() if a.meeting_id == november.id and a.due < TODAY)
    assert (action.due, action.status) == (date(2026, 11, 20), ActionStatus.DONE)
    table = page.room.actions_table
    assert not page.room.edit_action_button.isEnabled()
    select_row(qtbot, table, table.row_of(action.id), 0)
    click(qtbot, page.room.edit_action_button)
    dialog = page.dialog
    assert isinstance(dialog, ActionDialog) and dialog.windowTitle() == "Edit action"
    assert dialog.description_edit.toPlainText() == action.description
    assert dialog.owner_combo.currentText() == action.owner and dialog.due_edit.text() == "20 Nov 2026"
    dialog.owner_combo.lineEdit().selectAll()
    qtbot.keyClicks(dialog.owner_combo.lineEdit(), "Project Support Officer, LFRS")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    stored = on_disk(sample_path).actions[action.id]
    assert (stored.owner, stored.due, stored.status) == ("Project Support Officer, LFRS", action.due, ActionStatus.DONE)

    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ActionDialog)
    dialog.set_due(date(2026, 11, 19))
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.problems_label.text() == "The due date, 19 Nov 2026, is in the past. Choose today or a later date."
    dialog.set_due(date(2026, 11, 20))  # back to the date it had: fine again
    assert not dialog.problems_label.isVisible()
    dialog.set_due(date(2026, 12, 4))
    click(qtbot, dialog.ok_button)
    assert on_disk(sample_path).actions[action.id].due == date(2026, 12, 4)
    assert table.item(table.row_of(action.id), 2).text() == "4 Dec 2026"


def test_delete_removes_an_action_once_confirmed(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    november = show_november(page)
    action = next(
        a for a in session.data.actions.values() if a.meeting_id == november.id and a.owner.startswith("Data")
    )
    asked: list[str] = []
    answers = [False, True]
    page.confirm = lambda title, text, accept: asked.append(text) or answers.pop(0)
    table = page.room.actions_table
    rows = table.rowCount()
    select_row(qtbot, table, table.row_of(action.id), 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert asked[0].startswith(f"Remove the action for {action.owner}?") and action.description[:40] in asked[0]
    assert action.id in on_disk(sample_path).actions
    click(qtbot, page.room.remove_action_button)
    assert action.id not in on_disk(sample_path).actions and table.rowCount() == rows - 1
    session.undo_stack.undo()
    assert on_disk(sample_path).actions[action.id] == action


# --------------------------------------------------------------------------------- logging at a meeting


def test_session_apply_logs_against_a_given_meeting_and_its_undo_and_redo_remember_it(
    qtbot, session: RegisterSession, sample_path: Path
) -> None:
    december, march = meeting(session, "CPB-2026-12-15"), meeting(session, "CPB-2027-03-16")
    demand = titled(session.data, "Real Time Demand Management")
    assert demand.stage is not Stage.PARKED
    edit = Edit("Park it", [RecordChange(demand, replace(demand, stage=Stage.PARKED))])
    with qtbot.assertNotEmitted(session.meeting_in_session_changed):
        assert session.apply(edit, meeting_id=december.id)
    assert session.current_meeting_id is None
    assert stage_history(sample_path, demand.id)[-1][2] == december.id
    session.current_meeting_id = march.id
    session.undo_stack.undo()
    session.undo_stack.redo()
    assert [row[2] for row in stage_history(sample_path, demand.id)[-3:]] == [december.id] * 3

    # Without one, the meeting in session when the edit was made, also for its undo once the session is over.
    back = Edit("Back", [RecordChange(replace(demand, stage=Stage.PARKED), demand)])
    assert session.apply(back)
    session.current_meeting_id = None
    session.undo_stack.undo()
    assert [row[2] for row in stage_history(sample_path, demand.id)[-2:]] == [march.id] * 2
    assert session.write(back) and stage_history(sample_path, demand.id)[-1] == ("parked", demand.stage.value, None)
    assert session.undo_stack.count() == 2  # write saves without stacking


# ---------------------------------------------------------------------------------------- unsaved minutes


def test_showing_another_meeting_asks_about_unsaved_minutes(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    december, march = page.meeting, meeting(session, "CPB-2027-03-16")
    asked: list[str] = []
    answers = ["cancel", "discard", "save"]
    page.ask_unsaved_minutes = lambda title: asked.append(title) or answers.pop(0)
    page.tabs.setCurrentWidget(page.minutes)
    qtbot.keyClicks(page.minutes.editor, " Draft line")
    page.tabs.setCurrentWidget(page.agenda)

    assert page.show_meeting(march.id) is False  # cancel: stay, with the text and the Minutes tab in front
    assert asked == ["Collaboration Programme Board, 15 Dec 2026"]
    assert page.meeting_id == december.id and page.tabs.currentWidget() is page.minutes
    assert page.minutes.editor.toPlainText().endswith(" Draft line") and page.minutes.unsaved

    assert page.show_meeting(march.id)  # discard
    assert page.meeting_id == march.id and not page.minutes.unsaved
    assert page.minutes.editor.toPlainText() == march.minutes_text
    assert on_disk(sample_path).meetings[december.id].minutes_text == december.minutes_text

    assert page.show_meeting(december.id) and len(asked) == 2  # nothing typed: nothing asked
    qtbot.keyClicks(page.minutes.editor, " Kept line")
    count = session.undo_stack.count()
    assert page.show_meeting(march.id)  # save
    assert on_disk(sample_path).meetings[december.id].minutes_text.endswith(" Kept line")
    assert page.meeting_id == march.id and session.undo_stack.count() == count + 1 and len(asked) == 3


def test_leave_settles_unsaved_minutes_before_the_page_is_replaced(
    qtbot, page: MeetingPage, session: RegisterSession, sample_path: Path
) -> None:
    assert page.leave()  # nothing typed
    page.tabs.setCurrentWidget(page.minutes)
    qtbot.keyClicks(page.minutes.editor, " Draft line")
    page.ask_unsaved_minutes = lambda _title: "save"
    assert page.leave()
    assert on_disk(sample_path).meetings[page.meeting_id].minutes_text.endswith(" Draft line")
    assert not page.minutes.unsaved and page.minutes.state.text() == "Saved"


# ----------------------------------------------------------------------------------- read-only, access


@pytest.fixture
def read_only_session(qtbot, sample_path: Path):
    make_application()
    session = RegisterSession(open_register(sample_path, read_only=True))
    yield session
    delete_closed_widgets()
    session.close()


def test_a_read_only_register_shows_the_meeting_but_offers_no_change(qtbot, read_only_session) -> None:
    page = MeetingPage(read_only_session, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show_meeting(governance.find_meeting(read_only_session.data, "CPB-2026-12-15").id)
    assert page.title_label.text() == "Collaboration Programme Board, 15 Dec 2026"
    for widget in (
        page.agenda.add_button,
        page.room.decision_button,
        page.room.action_button,
        page.room.take_attendance_button,
    ):
        assert not widget.isEnabled(), widget.text()
    page.show_meeting(governance.find_meeting(read_only_session.data, "CPB-2026-11-17").id)
    page.room.decisions_table.selectRow(0)
    page.room.actions_table.selectRow(0)
    for widget in (
        page.room.edit_decision_button,
        page.room.remove_decision_button,
        page.room.edit_action_button,
        page.room.remove_action_button,
    ):
        assert not widget.isEnabled(), widget.text()
    assert page.room.decisions_table.selected_id() is not None
    page.room.remove_decision()  # the Delete key's command does nothing either
    assert page.room.decisions_table.selected_id() in read_only_session.data.decisions
    assert page.minutes.editor.isReadOnly()


def _unnamed(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView | QPlainTextEdit):
            if not isinstance(widget, QAbstractSpinBox):
                continue
        parent = widget.parentWidget()
        if isinstance(parent, QTabBar | QAbstractSpinBox | QComboBox) or isinstance(widget, QHeaderView):
            continue  # parts of a control that carries the name
        if type(widget).__name__ == "QTableCornerButton":
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractItemView):
            continue
        if widget.window() is not root.window():
            continue  # popups (a combo's list, a completer's) belong to the control that opens them
        if not widget.accessibleName():
            found.append(f"{type(widget).__name__} {widget.objectName()} {getattr(widget, 'text', lambda: '')()}")
    return found


def test_every_control_has_an_accessible_name(qtbot, page: MeetingPage, session: RegisterSession) -> None:
    ensure_members(session, page.meeting.board_id)
    page.room.take_attendance()
    assert _unnamed(page) == []
    november = meeting(session, "CPB-2026-11-17")
    decision = stage_decision(session.data, november.id)
    action = next(a for a in session.data.actions.values() if a.meeting_id == november.id)
    for dialog in (
        AgendaItemDialog(session.data, page.meeting, None, page),
        DecisionDialog(session.data, page.meeting, None, page),
        ActionDialog(session.data, page.meeting, TODAY, None, page),
        DecisionDialog(session.data, november, None, page, decision=decision),
        ActionDialog(session.data, november, TODAY, None, page, action=action),
    ):
        qtbot.addWidget(dialog)
        assert _unnamed(dialog) == [], dialog.windowTitle()


def test_both_tabs_render_at_full_size(qtbot, page: MeetingPage, tmp_path: Path) -> None:
    show_november(page)  # a held meeting: decisions and actions in the room
    for tab in (page.agenda, page.room):
        page.tabs.setCurrentWidget(tab)
        QApplication.processEvents()
        image = page.grab().toImage()
        assert (image.width(), image.height()) == (1440, 860)
        assert image.save(str(tmp_path / f"{tab.objectName()}.png"))
