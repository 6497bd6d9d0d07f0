"""The calendar page: the boards' meetings and paper deadlines as a month grid, as the next eight weeks' agenda
and as the forward plan of decisions, under one board filter. Opening a meeting is the host's business: the
page emits `meeting_opened` with the meeting's id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import governance
from ...core.formatting import format_date
from .days import (
    AGENDA_WEEKS,
    CalendarDay,
    add_months,
    agenda_entries,
    boards_shown,
    calendar_days,
    month_dates,
    month_title,
    planned_decisions,
    short_day,
)
from .lists import AgendaList, ForwardPlanTree
from .month import DATE_ROLE, MonthGrid, MonthModel
from .panel import DayPanel
from .style import AMBER_FILL, AMBER_TEXT, FAINT, HOLIDAY, MUTED, PAGE_STYLE, WEEKEND, board_colours

if TYPE_CHECKING:
    from ..session import RegisterSession

VIEWS = ("month", "agenda", "forward plan")
_ALL = "__all__"


class CalendarPage(QWidget):
    meeting_opened = Signal(str)  # meeting id

    def __init__(
        self,
        session: RegisterSession,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self.setStyleSheet(PAGE_STYLE)
        self.session = session
        self._today = today
        first = today()
        self._month = (first.year, first.month)
        self._selected = first
        self._selected_meeting: str | None = None
        self._board_id: str | None = None
        self._view = "month"
        self._days: dict[date, CalendarDay] = {}
        self._colours: dict[str, str] = {}
        self._stale = set(VIEWS)
        self._moving = False

        # ---- toolbar
        self.board_combo = QComboBox()
        self.board_combo.setObjectName("calendarBoardFilter")
        self.board_combo.setAccessibleName("Board filter")
        self.board_combo.setToolTip("Show the meetings of one board, or of all boards")
        self.board_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.board_combo.currentIndexChanged.connect(self._on_board_chosen)
        board_label = QLabel("Boar&d:")
        board_label.setBuddy(self.board_combo)

        self.view_buttons: dict[str, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        segments = QWidget()
        segments.setObjectName("calendarViewSwitch")
        segments.setAccessibleName("View")
        segment_layout = QHBoxLayout(segments)
        segment_layout.setContentsMargins(0, 0, 0, 0)
        segment_layout.setSpacing(0)
        for n, (name, text, tip) in enumerate(
            (
                ("month", "&Month", "The month as a grid (Alt+M)"),
                ("agenda", "A&genda", f"The next {AGENDA_WEEKS} weeks as a list (Alt+G)"),
                ("forward plan", "Forward &plan", "The decisions expected at each coming meeting (Alt+P)"),
            )
        ):
            button = QPushButton(text)
            button.setObjectName(f"calendarView{name.title().replace(' ', '')}")
            button.setCheckable(True)
            button.setAccessibleName(f"{name.capitalize()} view")
            button.setToolTip(tip)
            button.setProperty("segment", True)
            button.setProperty("first", n == 0)
            button.setProperty("last", n == 2)
            button.clicked.connect(lambda _checked=False, v=name: self._switch_to(v))
            self.view_group.addButton(button)
            segment_layout.addWidget(button)
            self.view_buttons[name] = button
        self.view_buttons["month"].setChecked(True)

        self.previous_button = QToolButton()
        self.previous_button.setObjectName("calendarPrevious")
        self.previous_button.setText("‹")
        self.previous_button.setAccessibleName("Previous month")
        self.previous_button.setToolTip("Previous month (Page Up)")
        self.previous_button.clicked.connect(lambda: self.step_month(-1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("calendarNext")
        self.next_button.setText("›")
        self.next_button.setAccessibleName("Next month")
        self.next_button.setToolTip("Next month (Page Down)")
        self.next_button.clicked.connect(lambda: self.step_month(1))
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAutoRaise(False)
            button.setStyleSheet(
                "QToolButton { font-size: 15pt; min-width: 30px; max-height: 28px; border: 1px solid #9fb0c4;"
                " border-radius: 4px; background: #ffffff; padding: 0 0 3px 0; }"
                " QToolButton:hover { background: #eaf1fa; } QToolButton:focus { border: 2px solid #1f5aa6; }"
            )
        self.today_button = QPushButton("&Today")
        self.today_button.setObjectName("calendarToday")
        self.today_button.setAccessibleName("Go to today")
        self.today_button.setToolTip("Go to today (Home or T in the month)")
        self.today_button.clicked.connect(self.go_to_today)
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        self.title.setAccessibleName("Month shown")

        self.toolbar = QWidget()
        self.toolbar.setObjectName("calendarToolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(self.today_button)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(board_label)
        bar.addWidget(self.board_combo)
        bar.addSpacing(16)
        bar.addWidget(segments)

        # ---- month
        self.month_model = MonthModel(self)
        self.grid = MonthGrid(self.month_model)
        self.grid.move_requested.connect(lambda days: self.select_date(self._selected + timedelta(days=days)))
        self.grid.month_requested.connect(self.step_month)
        self.grid.today_requested.connect(self.go_to_today)
        self.grid.open_requested.connect(self.open_selected)
        self.grid.meeting_clicked.connect(self._choose_meeting)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current)
        self.day_panel = DayPanel()
        self.day_panel.meeting_chosen.connect(self._choose_meeting)
        self.day_panel.open_requested.connect(self.open_selected)
        self.legend = QLabel()
        self.legend.setObjectName("calendarLegend")
        self.legend.setAccessibleName("Key")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)

        month_column = QWidget()
        column = QVBoxLayout(month_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.grid, 1)
        column.addWidget(self.legend)
        self.month_view = QSplitter(Qt.Orientation.Horizontal)
        self.month_view.setObjectName("calendarMonthSplitter")
        self.month_view.addWidget(month_column)
        self.month_view.addWidget(self.day_panel)
        self.month_view.setStretchFactor(0, 1)
        self.month_view.setStretchFactor(1, 0)
        self.month_view.setChildrenCollapsible(False)
        self.month_view.setSizes([1130, 290])
        self.day_panel.setMinimumWidth(240)

        # ---- agenda and forward plan
        self.agenda = AgendaList()
        self.agenda.open_requested.connect(self.meeting_opened)
        self.forward_plan = ForwardPlanTree()
        self.forward_plan.open_requested.connect(self.meeting_opened)

        self.views = QStackedWidget()
        self.views.setObjectName("calendarViews")
        self.views.addWidget(self.month_view)
        self.views.addWidget(self.agenda)
        self.views.addWidget(self.forward_plan)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.views, 1)
        self.setFocusProxy(self.grid)

        order = [
            self.today_button,
            self.previous_button,
            self.next_button,
            self.board_combo,
            *self.view_buttons.values(),
            self.grid,
            self.day_panel.entries,
            self.day_panel.open_button,
        ]
        for first_widget, second_widget in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first_widget, second_widget)
        QWidget.setTabOrder(self.view_buttons["forward plan"], self.agenda)
        QWidget.setTabOrder(self.agenda, self.forward_plan)

        session.changed.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------------------------------ public

    def refresh(self) -> None:
        """Reload from the session's data (after every write, undo and redo) and today's date."""
        data = self.session.data
        if self._board_id is not None and self._board_id not in data.boards:
            self._board_id = None
        self._colours = board_colours(data)
        self._fill_boards()
        self._stale = set(VIEWS)
        self._show_current()

    def selected_meeting_id(self) -> str | None:
        if self._view == "agenda":
            return self.agenda.selected_meeting_id()
        if self._view == "forward plan":
            return self.forward_plan.selected_meeting_id()
        return self._selected_meeting

    def set_board_filter(self, board_id: str | None) -> None:
        self._board_id = board_id if board_id in self.session.data.boards else None
        self._fill_boards()
        self._stale = set(VIEWS)
        self._show_current()

    def show_month(self, year: int, month: int) -> None:
        """Show a month, keeping the selected day of the month where it exists (31 Jan -> 28 Feb)."""
        self.select_date(
            add_months(self._selected, (year * 12 + month) - (self._selected.year * 12 + self._selected.month))
        )

    def show_view(self, name: str) -> None:
        if name not in VIEWS:
            raise ValueError(f"No calendar view called {name!r}; choose one of {', '.join(VIEWS)}")
        self._view = name
        self.view_buttons[name].setChecked(True)
        self.views.setCurrentIndex(VIEWS.index(name))
        month = name == "month"
        for widget in (self.previous_button, self.next_button):
            widget.setVisible(month)
        self.today_button.setVisible(month)
        self._show_current()

    def step_month(self, months: int) -> None:
        self.select_date(add_months(self._selected, months))

    def go_to_today(self) -> None:
        if self._view != "month":
            self.show_view("month")
        self.select_date(self._today())

    def select_date(self, day: date, follow: bool = True) -> None:
        """Select a day in the month grid; `follow` turns the grid to its month when it lies outside the one
        shown (the keyboard does; a click on a day of the month either side does not)."""
        self._selected = day
        if follow and (day.year, day.month) != self._month:
            self._month = (day.year, day.month)
            self._stale.add("month")
        if "month" in self._stale:
            self._fill_month()
        found = self._days.get(day)
        entries = [*found.meetings, *found.deadlines] if found else []
        if self._selected_meeting not in {e.meeting.id for e in entries}:
            self._selected_meeting = entries[0].meeting.id if entries else None
        self.month_model.selected_meeting_id = self._selected_meeting
        self._moving = True
        try:
            self.grid.setCurrentIndex(self.month_model.index_of(day))
        finally:
            self._moving = False
        self.grid.viewport().update()
        self.day_panel.show_day(found, self._today(), self._selected_meeting, self._colours, self._coming(day))

    def selected_date(self) -> date:
        return self._selected

    def shown_month(self) -> tuple[int, int]:
        return self._month

    def open_selected(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id:
            self.meeting_opened.emit(meeting_id)

    # ------------------------------------------------------------------------------------------ inside

    def _switch_to(self, name: str) -> None:
        """A view chosen with its button (or its Alt key): show it and put the keyboard in it."""
        self.show_view(name)
        {"month": self.grid, "agenda": self.agenda, "forward plan": self.forward_plan}[name].setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._show_current()

    def _fill_boards(self) -> None:
        combo = self.board_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All boards", _ALL)
        for board in boards_shown(self.session.data, None):
            combo.addItem(board.name, board.id)
            combo.setItemData(combo.count() - 1, board.remit or board.name, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(self._board_id or _ALL)))
        combo.blockSignals(False)

    def _on_board_chosen(self, _index: int) -> None:
        value = self.board_combo.currentData()
        self.set_board_filter(None if value in (None, _ALL) else str(value))

    def _show_current(self) -> None:
        today = self._today()
        data = self.session.data
        if self._view == "month":
            self.select_date(self._selected, follow=False)
            self.title.setText(month_title(*self._month))
            self.title.setAccessibleName(f"Month shown: {month_title(*self._month)}")
        elif self._view == "agenda":
            until = today + timedelta(weeks=AGENDA_WEEKS) - timedelta(days=1)
            self.title.setText(f"Next {AGENDA_WEEKS} weeks: {format_date(today)} to {format_date(until)}")
            self.title.setAccessibleName(self.title.text())
            if "agenda" in self._stale:
                window = calendar_days(data, today, until, today, self._board_id)
                deadlines = [d for day in window.values() for d in day.deadlines]
                self.agenda.set_entries(agenda_entries(data, today, self._board_id), deadlines, self._colours, today)
                self._stale.discard("agenda")
        else:
            self.title.setText("Forward plan: decisions expected at coming meetings")
            self.title.setAccessibleName(self.title.text())
            if "forward plan" in self._stale:
                self.forward_plan.set_plan(planned_decisions(data, today, self._board_id), self._colours)
                self._stale.discard("forward plan")

    def _fill_month(self) -> None:
        self._stale.discard("month")
        dates = month_dates(*self._month)
        days = calendar_days(self.session.data, dates[0], dates[-1], self._today(), self._board_id)
        self._days = days
        self.month_model.set_month(self._month, dates, days, self._today(), self._colours)
        self.title.setText(month_title(*self._month))
        self.title.setAccessibleName(f"Month shown: {month_title(*self._month)}")
        self.grid.setAccessibleDescription(
            f"{month_title(*self._month)}. Arrows move a day or a week, Page Up and Page Down change month, "
            "Home goes to today, Enter opens the selected meeting."
        )
        self._update_legend()

    def _coming(self, day: date) -> str:
        """'Collaboration Executive Board, Thu 10 Dec 2026 (in 19 days)': the next meeting after the day."""
        data = self.session.data
        later = [m for m in governance.meetings_of(data, self._board_id, include_cancelled=False) if m.date > day]
        if not later or later[0].board_id not in data.boards:
            return ""
        days = (later[0].date - day).days
        return f"{data.boards[later[0].board_id].name}, {short_day(later[0].date)} (in {days} day{'s' * (days != 1)})"

    def _update_legend(self) -> None:
        data = self.session.data
        swatches = [
            f"<span style='color:{self._colours[b.id]}; font-size:12pt'>■</span>&nbsp;{b.label}"
            for b in boards_shown(data, self._board_id)
        ]
        keys = [
            f"<span style='background:{AMBER_FILL}; color:{AMBER_TEXT}'>&nbsp;⚠ papers due soon&nbsp;</span>",
            f"<span style='color:{FAINT}'>papers due, passed</span>",
            f"<span style='color:{FAINT}'><s>cancelled</s></span>",
            f"<span style='color:{HOLIDAY}'><i>bank holiday or closure day</i></span>",
            f"<span style='background:{WEEKEND}'>&nbsp;weekend&nbsp;</span>",
        ]
        self.legend.setText(
            f"<span style='color:{MUTED}'>Key:</span>&nbsp;&nbsp;" + "&nbsp;&nbsp;&nbsp;".join(swatches + keys)
        )

    def _on_grid_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if self._moving or not current.isValid():
            return
        day = current.data(DATE_ROLE)
        if isinstance(day, date) and day != self._selected:
            self.select_date(day, follow=False)

    def _choose_meeting(self, meeting_id: str) -> None:
        if not meeting_id:
            return
        self._selected_meeting = meeting_id
        self.month_model.selected_meeting_id = meeting_id
        self.grid.viewport().update()
        self.day_panel.set_current_meeting(meeting_id)
