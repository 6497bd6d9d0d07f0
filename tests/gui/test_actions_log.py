"""The actions log page (gui/actions_log): every action across meetings, filtered by owner, board and state,
overdue ones marked by colour and by the bold word Overdue, Mark done / Reopen saved to the file and undoable,
Open meeting by button, Enter or double-click, sortable columns, keyboard path and accessible names.

The sample's own actions may change as the sample grows, so each test adds its own (owners no sample uses) and
compares the rest with `governance.actions_log`, which the page shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from bluelight_desktop.core import governance
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.model import Action, ActionStatus, RegisterData
from bluelight_desktop.gui.actions_log import (
    ACTION,
    DUE,
    OVERDUE_FILL,
    OVERDUE_TEXT,
    STATUS,
    ActionsLogPage,
    count_text,
)
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import open_register

TODAY = date(2026, 11, 21)
LATE = "Write the fleet workshop options paper"  # overdue, Programme Board, Fleet Manager
SOON = "Book the joint training ground for March"  # open, Executive Board, Fleet Manager
FINISHED = "Send the estates survey to both services"  # done, Programme Board, Estates Officer
UNDATED = "Find a venue for the partners' away day"  # open, no due date, Executive Board, Estates Officer


def board_id(data: RegisterData, short_name: str) -> str:
    board = governance.find_board(data, short_name)
    assert board is not None
    return board.id


def our_actions(data: RegisterData) -> list[Action]:
    cpb, ceb = board_id(data, "CPB"), board_id(data, "CEB")
    held_cpb = next(m for m in governance.meetings_of(data, cpb) if m.date < TODAY)
    held_ceb = next(m for m in governance.meetings_of(data, ceb) if m.date < TODAY)
    return [
        Action(held_cpb.id, LATE, "Fleet Manager, LFRS", date(2026, 10, 30)),
        Action(held_ceb.id, SOON, "Fleet Manager, LFRS", date(2026, 12, 18)),
        Action(held_cpb.id, FINISHED, "Estates Officer", date(2026, 10, 1), ActionStatus.DONE),
        Action(held_ceb.id, UNDATED, "Estates Officer"),
    ]


@pytest.fixture
def session(sample_path: Path) -> Iterator[RegisterSession]:
    register = open_register(sample_path)
    session = RegisterSession(register)
    actions = our_actions(session.data)
    assert session.apply(Edit("Add the test's actions", [RecordChange(None, a) for a in actions]))
    session.undo_stack.clear()
    yield session
    session.close()


@pytest.fixture
def page(qtbot: QtBot, session: RegisterSession) -> ActionsLogPage:
    make_application()  # the app's style sheet, as users see it
    shown = ActionsLogPage(session, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1280, 640)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def descriptions(page: ActionsLogPage) -> list[str]:
    return [row[ACTION] for row in page.row_texts()]


def row_of(page: ActionsLogPage, description: str) -> int:
    return descriptions(page).index(description)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} is not offered"
    combo.setCurrentIndex(index)


def select(qtbot: QtBot, page: ActionsLogPage, description: str) -> None:
    row = row_of(page, description)
    rect = page.table.visualItemRect(page.table.item(row, ACTION))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_action_ids() == [page.table.item(row, ACTION).data(Qt.ItemDataRole.UserRole)]


def action_named(data: RegisterData, description: str) -> Action:
    return next(a for a in data.actions.values() if a.description == description)


def test_every_action_overdue_first_with_a_count(page: ActionsLogPage, session: RegisterSession) -> None:
    rows = governance.actions_log(session.data, TODAY)
    assert descriptions(page) == [row.action.description for row in rows]
    states = [row[STATUS] for row in page.row_texts()]
    assert states == sorted(states, key=["Overdue", "Open", "Done"].index)
    assert page.count_label.text() == count_text([row.state for row in rows])
    late = page.row_texts()[row_of(page, LATE)]
    assert late[1:] == ["Fleet Manager, LFRS", "30 Oct 2026", "Overdue", "CPB", late[5], ""]
    assert page.row_texts()[row_of(page, UNDATED)][DUE] == "No date"


def test_count_text() -> None:
    assert count_text(["Overdue"] * 3 + ["Open"] * 5 + ["Done"] * 4) == "12 actions: 3 overdue, 5 open, 4 done"
    assert count_text(["Open"]) == "1 action: 0 overdue, 1 open, 0 done"
    assert count_text(["Open", "Done"], shown=1) == "2 actions: 0 overdue, 1 open, 1 done (1 shown)"


def test_filter_by_owner(page: ActionsLogPage, session: RegisterSession) -> None:
    owners = [page.owner_combo.itemText(i) for i in range(page.owner_combo.count())]
    assert owners == ["All owners", *governance.action_owners(session.data)]
    choose(page.owner_combo, "Fleet Manager, LFRS")
    assert descriptions(page) == [LATE, SOON]
    assert page.count_label.text() == "2 actions: 1 overdue, 1 open, 0 done"
    choose(page.owner_combo, "Estates Officer")
    assert descriptions(page) == [UNDATED, FINISHED]
    choose(page.owner_combo, "All owners")
    assert len(descriptions(page)) == len(session.data.actions)


def test_filter_by_board_and_owner(page: ActionsLogPage, session: RegisterSession) -> None:
    boards = [page.board_combo.itemText(i) for i in range(page.board_combo.count())]
    assert boards == ["All boards", "Collaboration Executive Board", "Collaboration Programme Board"]
    choose(page.board_combo, "Collaboration Executive Board")
    ceb = board_id(session.data, "CEB")
    expected = [row.action.description for row in governance.actions_log(session.data, TODAY, board_id=ceb)]
    assert descriptions(page) == expected and SOON in expected and LATE not in expected
    assert {row[4] for row in page.row_texts()} == {"CEB"}
    choose(page.owner_combo, "Fleet Manager, LFRS")
    assert descriptions(page) == [SOON]
    choose(page.owner_combo, "Estates Officer")
    choose(page.board_combo, "Collaboration Programme Board")
    assert descriptions(page) == [FINISHED]


def test_state_boxes_hide_and_the_count_says_how_many_show(qtbot: QtBot, page: ActionsLogPage) -> None:
    choose(page.owner_combo, "Estates Officer")
    qtbot.mouseClick(page.state_boxes["Done"], Qt.MouseButton.LeftButton)
    assert descriptions(page) == [UNDATED]
    assert page.count_label.text() == "2 actions: 0 overdue, 1 open, 1 done (1 shown)"
    qtbot.mouseClick(page.state_boxes["Open"], Qt.MouseButton.LeftButton)
    assert descriptions(page) == []
    assert page.empty_label.isVisible() and "No actions in the states ticked" in page.empty_label.text()
    qtbot.mouseClick(page.state_boxes["Done"], Qt.MouseButton.LeftButton)
    assert descriptions(page) == [FINISHED] and not page.empty_label.isVisible()


def test_overdue_rows_are_tinted_and_say_overdue_in_bold(qtbot: QtBot, page: ActionsLogPage) -> None:
    late, soon = row_of(page, LATE), row_of(page, SOON)
    status = page.table.item(late, STATUS)
    assert status.text() == "Overdue" and status.font().bold()
    assert "days ago" in status.toolTip()
    for column in range(page.table.columnCount()):
        assert page.table.item(late, column).background().color() == QColor(OVERDUE_FILL)
        assert page.table.item(late, column).foreground().color() == QColor(OVERDUE_TEXT)
    assert page.table.item(soon, STATUS).text() == "Open" and not page.table.item(soon, STATUS).font().bold()
    assert page.table.item(soon, STATUS).background().style() == Qt.BrushStyle.NoBrush

    # and on screen: the unselected overdue row is drawn in its tint
    select(qtbot, page, SOON)
    picture = page.table.viewport().grab().toImage()
    rect = page.table.visualItemRect(page.table.item(late, page.table.columnCount() - 1))
    spot = QPoint(rect.right() - 4, rect.center().y())
    assert QColor(picture.pixel(spot)).name() == OVERDUE_FILL


def test_mark_done_persists_and_undoes(qtbot: QtBot, page: ActionsLogPage, session: RegisterSession) -> None:
    select(qtbot, page, LATE)
    assert page.done_button.isEnabled() and not page.reopen_button.isEnabled()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert page.row_texts()[row_of(page, LATE)][STATUS] == "Done"
    assert page.table.hasFocus() or QApplication.focusWidget() is page.table
    with open_register(session.register.path, read_only=True) as fresh:
        assert action_named(fresh.load(), LATE).status is ActionStatus.DONE
    assert session.undo_stack.undoText() == "Mark action done"

    session.undo_stack.undo()
    assert page.row_texts()[row_of(page, LATE)][STATUS] == "Overdue"
    with open_register(session.register.path, read_only=True) as fresh:
        assert action_named(fresh.load(), LATE).status is ActionStatus.OPEN


def test_reopen_and_space_toggle(qtbot: QtBot, page: ActionsLogPage, session: RegisterSession) -> None:
    select(qtbot, page, FINISHED)
    assert page.reopen_button.isEnabled() and not page.done_button.isEnabled()
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert action_named(session.data, FINISHED).status is ActionStatus.OPEN
    assert page.row_texts()[row_of(page, FINISHED)][STATUS] == "Overdue"  # due 1 Oct, open again: overdue
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert action_named(session.data, FINISHED).status is ActionStatus.DONE
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert action_named(session.data, FINISHED).status is ActionStatus.OPEN


def test_marking_done_with_done_hidden_keeps_a_row_selected(qtbot: QtBot, page: ActionsLogPage) -> None:
    choose(page.owner_combo, "Fleet Manager, LFRS")
    qtbot.mouseClick(page.state_boxes["Done"], Qt.MouseButton.LeftButton)
    select(qtbot, page, LATE)
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert descriptions(page) == [SOON]
    assert len(page.selected_action_ids()) == 1 and page.done_button.isEnabled()


def test_open_meeting_by_button_enter_and_double_click(
    qtbot: QtBot, page: ActionsLogPage, session: RegisterSession
) -> None:
    meeting_id = action_named(session.data, SOON).meeting_id
    select(qtbot, page, SOON)
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [meeting_id]
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [meeting_id]
    rect = page.table.visualItemRect(page.table.item(row_of(page, LATE), ACTION))
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        # as a person double-clicks: a press and release, then the second press that Qt reads as a double-click
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [action_named(session.data, LATE).meeting_id]


def test_columns_sort_by_date_not_text(qtbot: QtBot, page: ActionsLogPage) -> None:
    choose(page.owner_combo, "All owners")
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(DUE) + 8, 8)
    )
    assert header.sortIndicatorSection() == DUE
    dues = [row[DUE] for row in page.row_texts()]
    dated = [d for d in dues if d != "No date"]
    parsed = [datetime.strptime(d, "%d %b %Y").date() for d in dated]
    assert parsed == sorted(parsed) and dues[-1] == "No date"


def test_refreshes_when_the_register_changes(page: ActionsLogPage, session: RegisterSession) -> None:
    meeting = next(iter(session.data.meetings.values()))
    added = Action(meeting.id, "Check the new radio handsets", "Radio Lead", date(2027, 1, 8))
    session.apply(Edit("Add an action", [RecordChange(None, added)]))
    assert "Check the new radio handsets" in descriptions(page)
    assert page.owner_combo.findText("Radio Lead") >= 0


def test_keyboard_path_and_accessible_names(qtbot: QtBot, page: ActionsLogPage) -> None:
    for widget in page.findChildren(QWidget):
        if isinstance(widget, (QComboBox, QCheckBox, QPushButton, QTableWidget)):
            assert widget.accessibleName(), widget.objectName()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    for keys, target in (
        (Qt.Key.Key_W, page.owner_combo),
        (Qt.Key.Key_D, page.board_combo),
        (Qt.Key.Key_U, page.state_boxes["Overdue"]),
    ):
        qtbot.keyClick(page, keys, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is target
    page.table.setFocus()
    select(qtbot, page, SOON)
    qtbot.keyClick(page, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Mar&k done (Qt animates the click)
    qtbot.waitUntil(lambda: page.row_texts()[row_of(page, SOON)][STATUS] == "Done", timeout=2000)


def test_read_only_register_cannot_be_marked(qtbot: QtBot, session: RegisterSession, sample_path: Path) -> None:
    session.close()
    read_only = RegisterSession(open_register(sample_path, read_only=True))
    shown = ActionsLogPage(read_only, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.show()
    select(qtbot, shown, LATE)
    assert not shown.done_button.isEnabled() and not shown.reopen_button.isEnabled()
    assert shown.open_button.isEnabled() and shown.read_only_label.isVisible()
    qtbot.keyClick(shown.table, Qt.Key.Key_Space)
    assert action_named(read_only.data, LATE).status is ActionStatus.OPEN
    read_only.close()
