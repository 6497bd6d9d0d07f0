"""The governance side of the main window: the Calendar, Meeting and Actions tabs and the Meetings menu.

The pages are built the first time their tab is shown (as the board is), so opening a register costs nothing
for them. Every command here asks a page or a dialog for what to do and applies the domain's Edit through the
session; the rules live in core.governance, imported only when first used (with dateutil and holidays it
costs ~90 ms, which start-up does not pay).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

CALENDAR_FILTER = "Calendar files (*.ics);;All files (*)"


class _LazyTab:
    """A tab whose page is built on first show (and rebuilt for each register opened)."""

    def __init__(self, views: Any, title: str, tip: str, build: Callable[[], QWidget]) -> None:
        self.views = views
        self.title = title
        self.tip = tip
        self.build = build
        self.page: QWidget | None = None
        self.slot = QWidget()
        self.slot.setAccessibleName(title)
        views.addTab(self.slot, title)
        views.setTabToolTip(views.indexOf(self.slot), tip)

    @property
    def widget(self) -> QWidget:
        return self.page if self.page is not None else self.slot

    def ensure(self) -> QWidget:
        if self.page is None:
            index = self.views.indexOf(self.slot)
            showing = self.views.currentIndex() == index
            page = self.build()
            self.views.blockSignals(True)
            self.views.removeTab(index)
            self.views.insertTab(index, page, self.title)
            self.views.setTabToolTip(index, self.tip)
            if showing:
                self.views.setCurrentIndex(index)
            self.views.blockSignals(False)
            self.slot.hide()
            self.page = page
        return self.page

    def reset(self) -> None:
        """Forget the page (the register it showed has closed); a fresh one is built on next show."""
        if self.page is None:
            return
        index = self.views.indexOf(self.page)
        showing = self.views.currentIndex() == index
        self.views.blockSignals(True)
        self.views.removeTab(index)
        self.views.insertTab(index, self.slot, self.title)
        self.views.setTabToolTip(index, self.tip)
        if showing:
            self.views.setCurrentIndex(0)
        self.views.blockSignals(False)
        self.page.deleteLater()
        self.page = None


class MeetingsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        views = window.views
        self.calendar_tab = _LazyTab(views, "Calendar", "Meetings and paper deadlines (Ctrl+3)", self._build_calendar)
        self.meeting_tab = _LazyTab(
            views, "Meeting", "The open meeting: agenda, papers, the room (Ctrl+4)", self._build_meeting
        )
        self.actions_tab = _LazyTab(views, "Actions", "Actions from every meeting (Ctrl+5)", self._build_actions_log)
        self.tabs = (self.calendar_tab, self.meeting_tab, self.actions_tab)
        self._build_menu()

    # ------------------------------------------------------------------------------------------ pages

    def _build_calendar(self) -> QWidget:
        from .calendar import CalendarPage

        page = CalendarPage(self._session(), today=self.window.today)
        page.meeting_opened.connect(self.open_meeting)
        return page

    def _build_meeting(self) -> QWidget:
        from .meeting import MeetingPage

        page = MeetingPage(self._session(), today=self.window.today)
        page.opportunity_opened.connect(self.window.edit_opportunity)
        return page

    def _build_actions_log(self) -> QWidget:
        from .actions_log import ActionsLogPage

        page = ActionsLogPage(self._session(), today=self.window.today)
        page.meeting_opened.connect(self.open_meeting)
        return page

    def _session(self) -> Any:
        assert self.window.session is not None
        return self.window.session

    @property
    def calendar(self) -> Any:
        return self.calendar_tab.ensure()

    @property
    def meeting_page(self) -> Any:
        return self.meeting_tab.ensure()

    @property
    def actions_log(self) -> Any:
        return self.actions_tab.ensure()

    def on_tab_shown(self, widget: QWidget) -> bool:
        """Build the page of a tab shown for the first time; True if the widget was one of ours."""
        for tab in self.tabs:
            if widget is tab.slot:
                if self.window.session is not None:
                    tab.ensure()
                return True
            if widget is tab.page:
                return True
        return False

    def ready_to_leave(self) -> bool:
        """False when the meeting page holds minutes not yet saved and the user chose to stay with them."""
        page = self.meeting_tab.page
        return page is None or bool(page.leave())  # type: ignore[attr-defined]

    def register_closed(self) -> None:
        for tab in self.tabs:
            tab.reset()

    # ------------------------------------------------------------------------------------------- menu

    def _action(self, text: str, slot: Callable[[], object], keys: list[str] | None = None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _build_menu(self) -> None:
        self.show_calendar_action = self._action("&Calendar", self.show_calendar, ["Ctrl+3"])
        self.show_meeting_action = self._action("&Meeting", self.show_meeting, ["Ctrl+4"])
        self.show_actions_action = self._action("&Actions log", self.show_actions, ["Ctrl+5"])
        self.open_meeting_action = self._action(
            "&Open the selected meeting", self.open_selected_meeting, ["Ctrl+Shift+M"]
        )
        self.boards_action = self._action(
            "&Boards and cadences…", self.manage_boards, ["Ctrl+Shift+B"], "Boards, their members and when they meet"
        )
        self.closure_days_action = self._action(
            "C&losure days…", self.manage_closure_days, tip="Days that do not count towards paper deadlines"
        )
        self.add_meeting_action = self._action("A&dd a meeting…", self.add_meeting, ["Ctrl+Shift+A"])
        self.move_meeting_action = self._action("Mo&ve the selected meeting…", self.move_meeting, ["Ctrl+Shift+V"])
        self.cancel_meeting_action = self._action("Ca&ncel the selected meeting", self.cancel_meeting)
        self.reinstate_meeting_action = self._action("&Reinstate the selected meeting", self.reinstate_meeting)
        self.export_calendar_action = self._action(
            "&Export calendar…", self.export_calendar, ["Ctrl+Shift+E"], "Meetings and paper deadlines as an .ics file"
        )
        self.build_pack_action = self._action(
            "Build &pack for the selected meeting…", self.build_pack, ["Ctrl+P"], "The printed agenda pack, as a PDF"
        )
        menu = QMenu("&Meetings", self.window)
        menu.addActions([self.show_calendar_action, self.show_meeting_action, self.show_actions_action])
        menu.addSeparator()
        menu.addActions([self.open_meeting_action, self.build_pack_action])
        menu.addSeparator()
        menu.addActions(
            [
                self.add_meeting_action,
                self.move_meeting_action,
                self.cancel_meeting_action,
                self.reinstate_meeting_action,
            ]
        )
        menu.addSeparator()
        menu.addActions([self.boards_action, self.closure_days_action, self.export_calendar_action])
        self.menu = menu
        self.all_actions = [
            self.show_calendar_action,
            self.show_meeting_action,
            self.show_actions_action,
            self.open_meeting_action,
            self.build_pack_action,
            self.add_meeting_action,
            self.move_meeting_action,
            self.cancel_meeting_action,
            self.reinstate_meeting_action,
            self.boards_action,
            self.closure_days_action,
            self.export_calendar_action,
        ]
        self.writing_actions = [
            self.add_meeting_action,
            self.move_meeting_action,
            self.cancel_meeting_action,
            self.reinstate_meeting_action,
            self.boards_action,
            self.closure_days_action,
        ]

    def update_actions(self, has_register: bool, writable: bool) -> None:
        for action in self.all_actions:
            action.setEnabled(has_register)
        for action in self.writing_actions:
            action.setEnabled(writable)

    # --------------------------------------------------------------------------------------- commands

    def show_calendar(self) -> None:
        if self.window.session is not None:
            self.window.views.setCurrentWidget(self.calendar)
            self.calendar.setFocus()

    def show_meeting(self) -> None:
        if self.window.session is None:
            return
        page = self.meeting_page
        if page.meeting_id is None:
            chosen = self.selected_meeting_id() or self._next_meeting_id()
            if chosen:
                page.show_meeting(chosen)
        self.window.views.setCurrentWidget(page)
        page.setFocus()

    def show_actions(self) -> None:
        if self.window.session is not None:
            self.window.views.setCurrentWidget(self.actions_log)
            self.actions_log.setFocus()

    def _next_meeting_id(self) -> str | None:
        from ..core import governance

        session = self.window.session
        if session is None:
            return None
        today = self.window.today()
        coming = [m for m in governance.meetings_of(session.data, include_cancelled=False) if m.date >= today]
        return coming[0].id if coming else None

    def open_meeting(self, meeting_id: str) -> None:
        if self.window.session is None or meeting_id not in self.window.session.data.meetings:
            return
        page = self.meeting_page
        if page.show_meeting(meeting_id) is False:  # the user stayed with unsaved minutes
            self.window.views.setCurrentWidget(page)
            return
        self.window.views.setCurrentWidget(page)
        page.setFocus()

    def selected_meeting_id(self) -> str | None:
        """The meeting the user is looking at: the open meeting on its tab, else the calendar's selection."""
        current = self.window.views.currentWidget()
        if current is self.meeting_tab.page and self.meeting_tab.page is not None:
            return self.meeting_tab.page.meeting_id  # type: ignore[attr-defined]
        if self.calendar_tab.page is not None:
            chosen = self.calendar_tab.page.selected_meeting_id()  # type: ignore[attr-defined]
            if chosen:
                return chosen
        if self.meeting_tab.page is not None:
            return self.meeting_tab.page.meeting_id  # type: ignore[attr-defined]
        return None

    def _selected_or_explain(self, what: str) -> str | None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            self.window.show_error("No meeting chosen", f"Choose a meeting in the calendar first, then {what}.")
        return meeting_id

    def open_selected_meeting(self) -> None:
        meeting_id = self._selected_or_explain("open it")
        if meeting_id:
            self.open_meeting(meeting_id)

    def _apply(self, make_edit: Callable[[], Any], title: str) -> bool:
        from ..core.governance import GovernanceError

        session = self.window.session
        if session is None or session.read_only:
            return False
        try:
            edit = make_edit()
        except GovernanceError as exc:
            self.window.show_error(title, str(exc))
            return False
        if edit is None or not edit.changes:
            return False
        return session.apply(edit)

    def manage_boards(self) -> None:
        if self.window.session is None or self.window.session.read_only:
            return
        from .boards_dialog import BoardsDialog

        self.window.run_dialog(BoardsDialog(self.window.session, today=self.window.today, parent=self.window))

    def manage_closure_days(self) -> None:
        if self.window.session is None or self.window.session.read_only:
            return
        from .boards_dialog import ClosureDaysDialog

        self.window.run_dialog(ClosureDaysDialog(self.window.session, self.window))

    def add_meeting(self) -> None:
        session = self.window.session
        if session is None or session.read_only:
            return
        if not session.data.boards:
            self.window.show_error("No boards yet", "Add a board first (Meetings > Boards and cadences).")
            return
        from .meeting_schedule import AddMeetingDialog

        dialog = AddMeetingDialog(session.data, self.window.today(), self.window)
        if self.window.run_dialog(dialog) and self._apply(dialog.edit, "The meeting was not added"):
            self.open_meeting(dialog.meeting_id)

    def move_meeting(self) -> None:
        session = self.window.session
        meeting_id = self._selected_or_explain("move it")
        if session is None or meeting_id is None or session.read_only:
            return
        from .meeting_schedule import MoveMeetingDialog

        dialog = MoveMeetingDialog(session.data, meeting_id, self.window.today(), self.window)
        if self.window.run_dialog(dialog):
            self._apply(dialog.edit, "The meeting was not moved")

    def cancel_meeting(self) -> None:
        from ..core import governance

        session = self.window.session
        meeting_id = self._selected_or_explain("cancel it")
        if session is None or meeting_id is None:
            return
        title = governance.meeting_title(session.data, session.data.meetings[meeting_id])
        if self.window.confirm("Cancel the meeting", f"Cancel the {title}? It stays in the calendar, struck through."):
            self._apply(
                lambda: governance.cancel_meeting(session.data, meeting_id, self.window.today()),
                "The meeting was not cancelled",
            )

    def reinstate_meeting(self) -> None:
        from ..core import governance

        session = self.window.session
        meeting_id = self._selected_or_explain("reinstate it")
        if session is None or meeting_id is None:
            return
        self._apply(lambda: governance.reinstate_meeting(session.data, meeting_id), "The meeting was not reinstated")

    def export_calendar(self) -> None:
        session = self.window.session
        if session is None:
            return
        from ..reports.calendar_file import write_calendar

        suggestion = session.register.path.with_suffix(".ics")
        path = self.window.ask_path_to_write("Export calendar", suggestion, CALENDAR_FILTER, ".ics")
        if path is None:
            return
        if path.suffix.lower() != ".ics":  # as the command line: Outlook and the rest look for .ics
            self.window.show_error("Not exported", f"{path.name}: choose a name ending .ics for a calendar file.")
            return
        try:
            count = write_calendar(session.data, path, self.window.today(), history=session.register.history)
        except (OSError, ValueError) as exc:
            self.window.show_error(
                "The calendar was not exported", f"{path.name}: {getattr(exc, 'strerror', None) or exc}"
            )
            return
        self.window.statusBar().showMessage(
            f"Exported {count} meetings and their paper deadlines to {path.name}.", 8000
        )

    def build_pack(self) -> None:
        session = self.window.session
        meeting_id = self._selected_or_explain("build its pack")
        if session is None or meeting_id is None:
            return
        from .pack_dialog import PackDialog

        self.window.run_dialog(PackDialog(session, meeting_id, self.window))


def ask_path(parent: QWidget, title: str, suggestion: Path, file_filter: str, suffix: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggestion), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(suffix)
