"""The calendar page on the sample register as a user drives it: the month grid (meetings, paper deadlines, bank
holidays, today), the keyboard (Page Up/Down, arrows, Home, Enter), clicks, the board filter, the agenda of the
next eight weeks and the forward plan of decisions; a change saved through the session shows at once. Today is
fixed at 21 Nov 2026. The calendar helpers added to core.governance are tested at the end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QListWidget, QTableView, QTreeWidget

from bluelight_desktop.core import governance
from bluelight_desktop.core.model import (
    AgendaItem,
    ClosureDay,
    Meeting,
    Nation,
    Purpose,
    RegisterData,
    RegisterSettings,
)
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.calendar import CalendarPage
from bluelight_desktop.gui.calendar.days import add_months, month_dates
from bluelight_desktop.gui.calendar.lists import MEETING_ROLE
from bluelight_desktop.gui.calendar.month import CellLayout
from bluelight_desktop.gui.calendar.style import ACCENT, AMBER_FILL
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import open_register

TODAY = date(2026, 11, 21)
LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SPOKEN = Qt.ItemDataRole.AccessibleTextRole


@pytest.fixture
def session(qtbot, sample_path: Path) -> Iterator[RegisterSession]:
    make_application()
    opened = RegisterSession(open_register(sample_path))
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot, session: RegisterSession) -> CalendarPage:
    shown = CalendarPage(session, today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1440, 860)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def meeting(session: RegisterSession, short_name: str, day: date) -> Meeting:
    data = session.data
    return next(m for m in data.meetings.values() if m.date == day and data.boards[m.board_id].label == short_name)


def spoken(page: CalendarPage, day: date) -> str:
    return str(page.month_model.index_of(day).data(SPOKEN))


def focus_grid(qtbot, page: CalendarPage) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.grid.setFocus()
    qtbot.waitUntil(page.grid.hasFocus)


def key(qtbot, widget, name: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(widget, name)


def line_centre(page: CalendarPage, day: date, meeting_id: str) -> QPoint:
    """Where a meeting's (or its deadline's) line is drawn in the day's cell, on the grid's viewport."""
    index = page.month_model.index_of(day)
    cell = page.month_model.day_at(index)
    assert cell is not None
    lines = CellLayout(page.grid.font()).lines(page.grid.visualRect(index), cell)
    return next(line.rect.center() for line in lines if line.entry and line.entry.meeting.id == meeting_id)


def agenda_rows(page: CalendarPage) -> list[tuple[str, ...]]:
    tree = page.agenda
    return [tuple(row.text(c) for c in range(tree.columnCount())) for row in tree.meeting_rows()]


# ------------------------------------------------------------------------------------------ the month grid


def test_december_shows_both_boards_meetings_the_paper_deadline_and_the_bank_holidays(page: CalendarPage) -> None:
    page.show_month(2026, 12)
    assert page.title.text() == "December 2026"
    assert page.shown_month() == (2026, 12)
    dates = page.month_model.dates
    assert len(dates) == 42 and dates[0] == date(2026, 11, 30) and dates[0].weekday() == 0  # weeks start Monday
    header = page.grid.model()
    assert [header.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    # A screen reader hears each day in full.
    assert spoken(page, date(2026, 12, 10)).startswith("Thursday 10 December 2026: Collaboration Executive Board 14:00")
    assert spoken(page, date(2026, 12, 15)).startswith("Tuesday 15 December 2026: Collaboration Programme Board 10:00")
    assert "CPB papers due for the meeting of 15 Dec 2026" in spoken(page, date(2026, 12, 7))
    assert spoken(page, date(2026, 12, 25)) == "Friday 25 December 2026: Christmas Day"
    assert "Boxing Day (substitute day)" in spoken(page, date(2026, 12, 28))
    assert spoken(page, date(2026, 12, 2)) == "Wednesday 2 December 2026: nothing planned"
    # What the cells hold is what the rules say.
    cpb = meeting(page.session, "CPB", date(2026, 12, 15))
    deadline = page.month_model.day_at(page.month_model.index_of(date(2026, 12, 7)))
    assert deadline is not None
    assert [d.meeting.id for d in deadline.deadlines] == [cpb.id]
    assert deadline.deadlines[0].state == governance.deadline_state(page.session.data, cpb, TODAY)
    tooltip = page.month_model.index_of(date(2026, 12, 15)).data(Qt.ItemDataRole.ToolTipRole)
    assert cpb.location in tooltip and "Papers due 7 Dec 2026" in tooltip


def test_today_is_selected_at_first_and_clearly_marked(page: CalendarPage, qtbot) -> None:
    assert page.title.text() == "November 2026"
    assert page.selected_date() == TODAY
    assert spoken(page, TODAY).startswith("Saturday 21 November 2026, today:")
    assert ", today" not in spoken(page, date(2026, 11, 20))
    assert page.day_panel.title.text() == "Saturday 21 November 2026"
    notes = page.day_panel.notes.text()  # a day with nothing says what comes next
    assert "Nothing planned" in notes and "Collaboration Executive Board, Thu 10 Dec 2026 (in 19 days)" in notes
    assert not page.day_panel.open_button.isEnabled()
    # The date sits in a disc of the app's blue; other days' numbers do not.
    page.grid.setCurrentIndex(page.month_model.index_of(date(2026, 11, 18)))  # so today's cell is not selected
    image = page.grid.viewport().grab().toImage()
    for day, marked in ((TODAY, True), (date(2026, 11, 20), False)):
        rect = page.grid.visualRect(page.month_model.index_of(day))
        colour = image.pixelColor(rect.left() + CellLayout.PAD + 2, rect.top() + 14)
        assert (colour == QColor(ACCENT)) is marked, (day, colour.name())


def test_nearing_deadline_is_amber_and_a_passed_one_grey(page: CalendarPage) -> None:
    """CEB papers for 10 Dec are due 25 Nov, three working days after today: amber. CPB papers for 17 Nov were
    due 9 Nov: passed."""
    soon = page.month_model.day_at(page.month_model.index_of(date(2026, 11, 25)))
    passed = page.month_model.day_at(page.month_model.index_of(date(2026, 11, 9)))
    assert soon is not None and passed is not None
    assert [d.state.level for d in soon.deadlines] == ["soon"]
    assert soon.deadlines[0].state.text == "Papers due 25 Nov 2026, in 3 working days"
    assert [d.state.level for d in passed.deadlines] == ["passed"]
    image = page.grid.viewport().grab().toImage()
    ceb = soon.deadlines[0].meeting.id
    point = line_centre(page, date(2026, 11, 25), ceb)
    assert image.pixelColor(point.x() + 50, point.y() - 5) == QColor(AMBER_FILL)


# ------------------------------------------------------------------------------------------ the keyboard


def test_keyboard_pages_months_moves_by_day_and_enter_opens_the_meeting(page: CalendarPage, qtbot) -> None:
    focus_grid(qtbot, page)
    key(qtbot, page.grid, Qt.Key.Key_PageDown)
    assert page.title.text() == "December 2026"
    assert page.selected_date() == date(2026, 12, 21)
    key(qtbot, page.grid, Qt.Key.Key_Up)  # a week back
    assert page.selected_date() == date(2026, 12, 14)
    key(qtbot, page.grid, Qt.Key.Key_Right)
    assert page.selected_date() == date(2026, 12, 15)
    cpb = meeting(page.session, "CPB", date(2026, 12, 15))
    assert page.selected_meeting_id() == cpb.id
    assert page.grid.currentIndex() == page.month_model.index_of(date(2026, 12, 15))
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        key(qtbot, page.grid, Qt.Key.Key_Return)
    assert opened.args == [cpb.id]
    # Left five days to the 10th: the Executive Board.
    key(qtbot, page.grid, Qt.Key.Key_Left, 5)
    ceb = meeting(page.session, "CEB", date(2026, 12, 10))
    assert page.selected_meeting_id() == ceb.id
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        key(qtbot, page.grid, Qt.Key.Key_Enter)
    assert opened.args == [ceb.id]
    # Arrows cross into the next month; Page Up goes back; Home (or T) returns to today.
    page.select_date(date(2026, 12, 31))
    key(qtbot, page.grid, Qt.Key.Key_Right)
    assert (page.selected_date(), page.title.text()) == (date(2027, 1, 1), "January 2027")
    key(qtbot, page.grid, Qt.Key.Key_PageUp, 2)
    assert (page.selected_date(), page.title.text()) == (date(2026, 11, 1), "November 2026")
    key(qtbot, page.grid, Qt.Key.Key_PageDown, 3)
    key(qtbot, page.grid, Qt.Key.Key_Home)
    assert (page.selected_date(), page.title.text()) == (TODAY, "November 2026")
    key(qtbot, page.grid, Qt.Key.Key_PageUp)
    key(qtbot, page.grid, Qt.Key.Key_T)
    assert page.selected_date() == TODAY
    # Enter on a day with nothing opens nothing.
    with qtbot.assertNotEmitted(page.meeting_opened):
        key(qtbot, page.grid, Qt.Key.Key_Return)


def test_buttons_change_month_and_the_end_of_a_month_is_kept_inside_the_next(page: CalendarPage, qtbot) -> None:
    page.select_date(date(2027, 1, 31))
    qtbot.mouseClick(page.next_button, LEFT)
    assert (page.selected_date(), page.title.text()) == (date(2027, 2, 28), "February 2027")
    qtbot.mouseClick(page.previous_button, LEFT)
    qtbot.mouseClick(page.previous_button, LEFT)
    assert page.title.text() == "December 2026"
    qtbot.mouseClick(page.today_button, LEFT)
    assert (page.selected_date(), page.title.text()) == (TODAY, "November 2026")


def test_a_day_with_only_a_deadline_opens_the_meeting_the_papers_are_for(page: CalendarPage, qtbot) -> None:
    focus_grid(qtbot, page)
    page.select_date(date(2026, 11, 25))
    ceb = meeting(page.session, "CEB", date(2026, 12, 10))
    assert page.day_panel.entries.count() == 1
    assert "papers due" in page.day_panel.entries.item(0).text()
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        key(qtbot, page.grid, Qt.Key.Key_Return)
    assert opened.args == [ceb.id]


# ------------------------------------------------------------------------------------------ the mouse and the panel


def test_click_selects_a_meeting_and_double_click_opens_it(page: CalendarPage, qtbot) -> None:
    page.show_month(2026, 12)
    ceb = meeting(page.session, "CEB", date(2026, 12, 10))
    viewport = page.grid.viewport()
    point = line_centre(page, date(2026, 12, 10), ceb.id)
    QTest.mouseClick(viewport, LEFT, NO_MODIFIER, point)
    assert page.selected_date() == date(2026, 12, 10)
    assert page.selected_meeting_id() == ceb.id
    assert page.day_panel.title.text() == "Thursday 10 December 2026"
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        QTest.mouseDClick(viewport, LEFT, NO_MODIFIER, point)
    assert opened.args == [ceb.id]
    # A click on a day of the month either side selects it without turning the page under the pointer.
    corner = page.grid.visualRect(page.month_model.index_of(date(2027, 1, 9))).center()
    QTest.mouseClick(viewport, LEFT, NO_MODIFIER, corner)
    assert (page.selected_date(), page.title.text()) == (date(2027, 1, 9), "December 2026")


def test_the_day_panel_chooses_between_a_days_meetings(page: CalendarPage, session: RegisterSession, qtbot) -> None:
    """Two meetings on one day: the first is selected; the panel's list picks the other, and Enter there (or the
    Open meeting button) opens it."""
    cpb = meeting(session, "CPB", date(2026, 12, 15))
    ceb = meeting(session, "CEB", date(2026, 12, 10))
    assert session.apply(governance.move_meeting(session.data, ceb.id, date(2026, 12, 15), "14:00", TODAY))
    page.select_date(date(2026, 12, 15))
    cell = page.month_model.day_at(page.month_model.index_of(date(2026, 12, 15)))
    assert cell is not None and [e.meeting.id for e in cell.meetings] == [cpb.id, ceb.id]
    assert page.selected_meeting_id() == cpb.id
    assert "Collaboration Executive Board 14:00, moved from 10 Dec 2026" in spoken(page, date(2026, 12, 15))
    entries = page.day_panel.entries
    assert [entries.item(n).text() for n in range(entries.count())] == [
        "Collaboration Programme Board",
        "Collaboration Executive Board",
    ]
    entries.setFocus()
    qtbot.keyClick(entries, Qt.Key.Key_Down)
    assert page.selected_meeting_id() == ceb.id
    assert page.month_model.selected_meeting_id == ceb.id  # the grid outlines the chosen one
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.keyClick(entries, Qt.Key.Key_Return)
    assert opened.args == [ceb.id]
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.mouseClick(page.day_panel.open_button, LEFT)
    assert opened.args == [ceb.id]


# ------------------------------------------------------------------------------------------ board filter


def test_the_board_filter_hides_the_other_board_everywhere(page: CalendarPage, qtbot) -> None:
    page.show_month(2026, 12)
    combo = page.board_combo
    assert [combo.itemText(n) for n in range(combo.count())] == [
        "All boards",
        "Collaboration Executive Board",
        "Collaboration Programme Board",
    ]
    combo.setCurrentIndex(combo.findText("Collaboration Programme Board"))  # as a user picks it
    assert "Collaboration Executive Board" not in spoken(page, date(2026, 12, 10))
    assert "Collaboration Programme Board 10:00" in spoken(page, date(2026, 12, 15))
    assert "CEB papers due" not in spoken(page, date(2026, 11, 25))
    assert "CPB" in page.legend.text() and "CEB" not in page.legend.text()
    page.show_view("agenda")
    assert {row[1] for row in agenda_rows(page)} == {"Collaboration Programme Board"}
    page.show_view("forward plan")
    tree = page.forward_plan
    boards = {tree.topLevelItem(n).text(0).split(" · ")[2] for n in range(tree.topLevelItemCount())}
    assert boards == {"Collaboration Programme Board"}
    page.set_board_filter(None)
    assert combo.currentText() == "All boards"
    assert "Collaboration Executive Board" in {row[1] for row in agenda_rows(page)} | {
        tree.topLevelItem(n).text(0).split(" · ")[2] for n in range(tree.topLevelItemCount())
    }
    page.show_view("month")
    assert "Collaboration Executive Board 14:00" in spoken(page, date(2026, 12, 10))


# ------------------------------------------------------------------------------------------ agenda


def test_the_agenda_lists_the_next_eight_weeks_in_order_and_opens_with_enter(page: CalendarPage, qtbot) -> None:
    qtbot.mouseClick(page.view_buttons["agenda"], LEFT)
    assert page.views.currentWidget() is page.agenda
    assert page.title.text() == "Next 8 weeks: 21 Nov 2026 to 15 Jan 2027"
    data = page.session.data
    expected = [m for m in governance.meetings_of(data) if TODAY <= m.date < TODAY + timedelta(weeks=8)]
    assert len(expected) >= 2
    rows = page.agenda.meeting_rows()
    assert [r.data(0, MEETING_ROLE) for r in rows] == [m.id for m in expected]
    first = agenda_rows(page)[0]
    ceb = meeting(page.session, "CEB", date(2026, 12, 10))
    assert first[:5] == ("Thu 10 Dec 2026", "Collaboration Executive Board", "14:00", ceb.location, "Scheduled")
    assert first[5] == "⚠ Papers due 25 Nov 2026, in 3 working days"  # warned about as it nears
    items = len(governance.agenda_of(data, ceb.id))
    assert first[6] == (f"{items} item{'s' * (items != 1)}" if items else "None yet")
    assert rows[0].background(5).color() == QColor(AMBER_FILL)
    # Week headings carry the deadlines that fall in them, and are no stop for the keyboard.
    headings = [
        page.agenda.topLevelItem(n).text(0)
        for n in range(page.agenda.topLevelItemCount())
        if not page.agenda.topLevelItem(n).data(0, MEETING_ROLE)
    ]
    assert headings[0] == "This week, from Sat 21 Nov 2026 · no meetings"
    assert headings[1] == "Next week, from Mon 23 Nov 2026 · no meetings · ⚠ CEB papers due Wed 25 Nov 2026"
    page.agenda.setFocus()
    assert page.selected_meeting_id() == ceb.id
    qtbot.keyClick(page.agenda, Qt.Key.Key_Down)
    second = expected[1]
    assert page.selected_meeting_id() == second.id
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.keyClick(page.agenda, Qt.Key.Key_Return)
    assert opened.args == [second.id]
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        page.agenda.itemDoubleClicked.emit(rows[0], 1)
    assert opened.args == [ceb.id]


# ------------------------------------------------------------------------------------------ forward plan


def test_the_forward_plan_lists_the_decisions_expected_at_each_coming_meeting(
    page: CalendarPage, session: RegisterSession, qtbot
) -> None:
    data = session.data
    jan = next(m for m in governance.meetings_of(data, include_cancelled=False) if m.date >= date(2027, 1, 1))
    opportunity = sorted(data.opportunities.values(), key=lambda o: o.reference)[0]
    added = AgendaItem(
        meeting_id=jan.id,
        title="Approve the shared estates business case",
        purpose=Purpose.DECISION,
        presenter="Head of Estates, LFRS",
        opportunity_id=opportunity.id,
    )
    assert session.apply(governance.add_agenda_item(session.data, added))
    qtbot.mouseClick(page.view_buttons["forward plan"], LEFT)
    tree = page.forward_plan
    assert page.views.currentWidget() is tree
    plan = governance.forward_plan(session.data, TODAY)
    headings = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    assert [h.data(0, MEETING_ROLE) for h in headings] == [p.meeting.id for p in plan]
    for heading, planned in zip(headings, plan, strict=True):
        children = [heading.child(n) for n in range(heading.childCount())]
        if planned.items:
            assert [(c.text(0), c.text(1)) for c in children] == [(str(i.position), i.title) for i in planned.items]
        else:
            assert [c.text(1) for c in children] == ["No decisions expected yet"]
    jan_heading = next(h for h in headings if h.data(0, MEETING_ROLE) == jan.id)
    last = jan_heading.child(jan_heading.childCount() - 1)
    position = len(governance.agenda_of(session.data, jan.id))
    assert [last.text(c) for c in range(4)] == [
        str(position),
        "Approve the shared estates business case",
        f"{opportunity.reference} {opportunity.title}",
        "Head of Estates, LFRS",
    ]
    assert last.toolTip(3) == "Head of Estates, LFRS"  # a long name cut short in its column reads in full
    # A meeting with none says so; a cancelled one leaves the plan.
    march = next(p for p in plan if p.meeting.date >= date(2027, 3, 1) and not p.items)
    march_heading = next(h for h in headings if h.data(0, MEETING_ROLE) == march.meeting.id)
    assert march_heading.child(0).text(1) == "No decisions expected yet"
    assert session.apply(governance.cancel_meeting(session.data, march.meeting.id, TODAY))
    remaining = [tree.topLevelItem(n).data(0, MEETING_ROLE) for n in range(tree.topLevelItemCount())]
    assert march.meeting.id not in remaining and jan.id in remaining
    # Enter on a decision opens its meeting.
    tree.setFocus()
    fresh = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    tree.setCurrentItem(next(h for h in fresh if h.data(0, MEETING_ROLE) == jan.id).child(0))
    with qtbot.waitSignal(page.meeting_opened, timeout=1000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [jan.id]


# ------------------------------------------------------------------------------------------ changes


def test_a_change_saved_through_the_session_shows_at_once_and_undo_reverses_it(
    page: CalendarPage, session: RegisterSession
) -> None:
    page.show_month(2026, 12)
    ceb = meeting(session, "CEB", date(2026, 12, 10))
    assert session.apply(governance.cancel_meeting(session.data, ceb.id, TODAY))
    assert spoken(page, date(2026, 12, 10)).endswith("Collaboration Executive Board 14:00, cancelled")
    cell = page.month_model.day_at(page.month_model.index_of(date(2026, 12, 10)))
    assert cell is not None and cell.meetings[0].cancelled
    page.show_month(2026, 11)
    assert "CEB papers due" not in spoken(page, date(2026, 11, 25))  # no papers for a cancelled meeting
    page.show_view("agenda")
    first = agenda_rows(page)[0]
    assert (first[1], first[4], first[5]) == ("Collaboration Executive Board", "Cancelled", "—")
    assert page.agenda.meeting_rows()[0].font(1).strikeOut()
    session.undo_stack.undo()
    assert agenda_rows(page)[0][4] == "Scheduled"
    page.show_view("month")
    assert "CEB papers due" in spoken(page, date(2026, 11, 25))


# ------------------------------------------------------------------------------------------ access


def test_every_control_has_an_accessible_name_and_views_switch_from_the_keyboard(page: CalendarPage, qtbot) -> None:
    for kind in (QAbstractButton, QComboBox, QTableView, QTreeWidget, QListWidget):
        for widget in page.findChildren(kind):
            if widget.objectName().startswith("qt_"):
                continue
            assert widget.accessibleName(), widget
    assert page.grid.accessibleDescription().startswith("November 2026. Arrows move a day or a week")
    focus_grid(qtbot, page)
    for letter, view in ((Qt.Key.Key_G, page.agenda), (Qt.Key.Key_P, page.forward_plan), (Qt.Key.Key_M, page.grid)):
        qtbot.keyClick(page, letter, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks its button (animated)
        qtbot.waitUntil(lambda view=view: view.isVisible() and view.hasFocus())  # the keyboard goes with it
    assert page.view_buttons["month"].isChecked()
    # Tab from the filter reaches the view switch, then the view.
    page.board_combo.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.view_buttons["month"].hasFocus()
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Board: focuses the filter
    assert page.board_combo.hasFocus()
    with pytest.raises(ValueError):
        page.show_view("year")


# ------------------------------------------------------------------------------------------ helpers, no Qt


def _empty_data(**records: object) -> RegisterData:
    return RegisterData(RegisterSettings(), {}, {}, {}, {}, {}, **records)  # type: ignore[arg-type]


def test_closed_days_names_bank_holidays_per_nation_and_closure_days() -> None:
    shutdown = ClosureDay(date(2026, 12, 29), "Shared services shutdown")
    unnamed = ClosureDay(date(2026, 12, 30))
    data = _empty_data(closure_days={shutdown.id: shutdown, unnamed.id: unnamed})
    england = governance.closed_days(data, date(2026, 11, 28), date(2027, 1, 1))
    assert england == {
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Boxing Day",
        date(2026, 12, 28): "Boxing Day (substitute day)",
        date(2026, 12, 29): "Shared services shutdown",
        date(2026, 12, 30): "Closure day",
        date(2027, 1, 1): "New Year's Day",
    }
    both = governance.closed_days(data, date(2026, 11, 30), date(2026, 11, 30), [Nation.ENGLAND, Nation.SCOTLAND])
    assert both == {date(2026, 11, 30): "Saint Andrew's Day (Scotland)"}
    assert governance.closed_days(data, date(2026, 11, 30), date(2026, 11, 30), [Nation.SCOTLAND]) == {
        date(2026, 11, 30): "Saint Andrew's Day"
    }


def test_meeting_moved_from_reads_the_series_date() -> None:
    moved = Meeting("board", date(2027, 1, 21), series_date=date(2027, 1, 19))
    assert governance.meeting_moved_from(moved) == date(2027, 1, 19)
    assert governance.meeting_moved_from(Meeting("board", date(2027, 1, 19), series_date=date(2027, 1, 19))) is None
    assert governance.meeting_moved_from(Meeting("board", date(2027, 1, 19))) is None  # added by hand


def test_month_arithmetic() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    grid = month_dates(2026, 6)  # 1 Jun 2026 is a Monday: the grid starts on it
    assert grid[0] == date(2026, 6, 1) and grid[-1] == date(2026, 7, 12)
