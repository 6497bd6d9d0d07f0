"""The governance tabs and the Meetings menu in the real main window: calendar, meeting, actions, moving and
cancelling a meeting, exporting the calendar. Each result is read back from the file on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from bluelight_desktop.core.model import MeetingStatus
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.main_window import MainWindow
from bluelight_desktop.storage.register import Register

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = date(2026, 11, 21)


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    make_application()
    win = MainWindow()
    win.today = lambda: TODAY
    qtbot.addWidget(win)
    win.resize(1440, 860)
    win.show()
    qtbot.waitExposed(win)
    win.errors = []  # type: ignore[attr-defined]
    win.show_error = lambda title, text: win.errors.append((title, text))  # type: ignore[method-assign]
    assert win.open_path(sample_path)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def meeting_on(path: Path, short_name: str, day: str):  # type: ignore[no-untyped-def]
    with Register(path, read_only=True) as register:
        data = register.load()
    board = next(b for b in data.boards.values() if b.short_name == short_name)
    return next(m for m in data.meetings.values() if m.board_id == board.id and m.date.isoformat() == day)


def test_ctrl_3_shows_the_calendar_without_the_register_filters_and_ctrl_1_brings_them_back(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    calendar = window.meetings.calendar
    assert window.views.currentWidget() is calendar
    assert not window.filters.isVisible()
    assert calendar.shown_month() == (2026, 11)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.views.currentWidget() is window.table and window.filters.isVisible()


def test_enter_on_a_day_in_the_calendar_opens_its_meeting_in_the_meeting_tab(window, qtbot, sample_path) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    calendar = window.meetings.calendar
    calendar.select_date(date(2026, 12, 15))
    calendar.open_selected()
    page = window.meetings.meeting_page
    assert window.views.currentWidget() is page
    expected = meeting_on(sample_path, "CPB", "2026-12-15")
    assert page.meeting_id == expected.id
    assert page.agenda.table.model().rowCount() >= 5  # the sample's agenda for the next Programme Board


def test_move_then_cancel_the_selected_meeting_from_the_meetings_menu(window, qtbot, sample_path) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    window.meetings.calendar.select_date(date(2026, 12, 15))

    def move(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.date_edit.setDate(QDate(2026, 12, 17))
        dialog.accept()
        return bool(dialog.result())

    window.run_dialog = move  # type: ignore[method-assign]
    window.meetings.move_meeting_action.trigger()
    moved = meeting_on(sample_path, "CPB", "2026-12-17")
    assert moved.series_date == date(2026, 12, 15)  # it keeps its place in the series

    window.meetings.calendar.select_date(date(2026, 12, 17))
    window.confirm = lambda title, text: "Cancel the Collaboration Programme Board" in text  # type: ignore[method-assign]
    window.meetings.cancel_meeting_action.trigger()
    assert meeting_on(sample_path, "CPB", "2026-12-17").status is MeetingStatus.CANCELLED
    window.undo_action.trigger()
    assert meeting_on(sample_path, "CPB", "2026-12-17").status is MeetingStatus.SCHEDULED
    assert window.errors == []


def test_moving_a_meeting_already_held_is_refused_in_plain_words(window, qtbot, sample_path) -> None:
    before = sample_path.read_bytes()
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    window.meetings.calendar.select_date(date(2026, 11, 17))
    window.confirm = lambda title, text: True  # type: ignore[method-assign]
    window.meetings.cancel_meeting_action.trigger()
    assert window.errors and "already been held" in window.errors[-1][1]
    assert sample_path.read_bytes() == before


def test_export_calendar_writes_an_ics_that_icalendar_reads(window, tmp_path) -> None:
    out = tmp_path / "meetings.ics"
    window.ask_path_to_write = lambda *args: out  # type: ignore[method-assign]
    window.meetings.export_calendar_action.trigger()
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Collaboration Programme Board" in summaries
    assert "Papers due: Collaboration Programme Board 15 Dec 2026" in summaries
    assert "Exported" in window.statusBar().currentMessage()


def test_ctrl_5_shows_the_actions_log_with_the_overdue_actions_first(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    log = window.meetings.actions_log
    assert window.views.currentWidget() is log
    rows = log.row_texts()
    assert rows and any("Overdue" in cell for cell in rows[0])


def test_the_pages_follow_the_register_that_is_open(window, qtbot, sample_path) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    first = window.meetings.calendar
    window.close_register()
    assert window.meetings.calendar_tab.page is None
    assert window.open_path(sample_path)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.meetings.calendar is not first
    assert window.meetings.calendar.selected_meeting_id() is None or window.session is not None


def test_the_meetings_menu_lists_every_command_with_its_shortcut(window) -> None:
    menu = window.meetings.menu
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    for wanted in ("Calendar", "Actions log", "Boards and cadences…", "Export calendar…", "Add a meeting…"):
        assert wanted in texts
    assert window.meetings.show_calendar_action.shortcut().toString() == "Ctrl+3"
    assert all(a.isEnabled() for a in window.meetings.all_actions)


def test_ctrl_p_opens_the_pack_dialog_for_the_meeting_chosen_in_the_calendar(window, qtbot, sample_path) -> None:
    from bluelight_desktop.gui.pack_dialog import PackDialog

    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    window.meetings.calendar.select_date(date(2026, 12, 10))
    shown: list[PackDialog] = []
    window.run_dialog = lambda dialog: shown.append(dialog) or False  # type: ignore[method-assign]
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert len(shown) == 1 and isinstance(shown[0], PackDialog)
    assert shown[0].meeting_id == meeting_on(sample_path, "CEB", "2026-12-10").id
    shown[0].deleteLater()


def test_build_pack_without_a_meeting_chosen_says_what_to_do(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    window.meetings.build_pack_action.trigger()
    assert window.errors and "Choose a meeting in the calendar first" in window.errors[-1][1]


def test_closing_the_register_with_unsaved_minutes_asks_first(window, qtbot, sample_path) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    window.meetings.calendar.select_date(date(2026, 12, 15))
    window.meetings.calendar.open_selected()
    page = window.meetings.meeting_page
    page.minutes.editor.setPlainText("Draft minutes typed in the room.")
    asked: list[str] = []
    page.ask_unsaved_minutes = lambda title: asked.append(title) or "cancel"  # type: ignore[method-assign]
    window.close_register()
    assert asked == ["Collaboration Programme Board, 15 Dec 2026"]
    assert window.session is not None and page.minutes.editor.toPlainText() == "Draft minutes typed in the room."
    page.ask_unsaved_minutes = lambda title: "save"  # type: ignore[method-assign]
    window.close_register()
    assert window.session is None
    assert meeting_on(sample_path, "CPB", "2026-12-15").minutes_text == "Draft minutes typed in the room."


def test_the_registers_protective_marking_is_chosen_from_the_register_menu(window, sample_path) -> None:
    window.marking_menu.aboutToShow.emit()
    assert window.marking_actions["OFFICIAL"].isChecked()
    window.marking_actions["OFFICIAL-SENSITIVE"].trigger()
    with Register(sample_path, read_only=True) as register:
        assert register.settings().marking == "OFFICIAL-SENSITIVE"
    window.marking_menu.aboutToShow.emit()
    assert window.marking_actions["OFFICIAL-SENSITIVE"].isChecked()
    assert not window.marking_actions["OFFICIAL"].isChecked()


def test_export_calendar_refuses_a_name_that_is_not_a_calendar_file(window, tmp_path) -> None:
    out = tmp_path / "meetings.txt"
    window.ask_path_to_write = lambda *args: out  # type: ignore[method-assign]
    window.meetings.export_calendar_action.trigger()
    assert not out.exists()
    assert window.errors and "ending .ics" in window.errors[-1][1]
