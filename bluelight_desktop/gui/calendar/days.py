"""What the calendar shows on each day and in its lists, read from the register with core.governance's rules.
No Qt here: the month grid, the agenda and the forward plan only draw these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ...core import governance
from ...core.formatting import format_date
from ...core.governance import DeadlineState
from ...core.model import AgendaItem, Board, Meeting, RegisterData

AGENDA_WEEKS = 8
GRID_DAYS = 42  # six weeks: every month fits, and the grid keeps its size from month to month
LEVEL_WORDS = {"passed": "deadline passed", "today": "due today", "soon": "due soon", "later": ""}


def long_date(day: date) -> str:
    """'Tuesday 15 December 2026', as a screen reader should say a day."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: date) -> str:
    """'Tue 15 Dec 2026'."""
    return f"{day:%a} {format_date(day)}"


def month_title(year: int, month: int) -> str:
    return f"{date(year, month, 1):%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), kept inside a shorter month: 31 Jan + 1 -> 28 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def month_dates(year: int, month: int) -> list[date]:
    """The 42 days of a month grid: from the Monday on or before the 1st (UK weeks start on Monday)."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    return [start + timedelta(days=n) for n in range(GRID_DAYS)]


def boards_shown(data: RegisterData, board_id: str | None) -> list[Board]:
    boards = sorted(data.boards.values(), key=lambda b: (b.name.casefold(), b.id))
    return [b for b in boards if board_id is None or b.id == board_id]


@dataclass(frozen=True)
class MeetingEntry:
    meeting: Meeting
    board: Board
    moved_from: date | None
    deadline: DeadlineState | None  # None for a cancelled meeting: no papers are due
    items: int  # agenda items

    @property
    def cancelled(self) -> bool:
        return self.meeting.cancelled

    @property
    def short(self) -> str:
        """'CPB 10:00'."""
        return f"{self.board.label} {self.meeting.time}".strip()

    @property
    def state(self) -> str:
        if self.cancelled:
            return "Cancelled"
        if self.moved_from:
            return f"Moved from {format_date(self.moved_from)}"
        return "Scheduled"

    @property
    def spoken(self) -> str:
        """'Collaboration Programme Board 10:00, cancelled'."""
        text = f"{self.board.name} {self.meeting.time}".strip()
        if self.cancelled:
            return f"{text}, cancelled"
        if self.moved_from:
            return f"{text}, moved from {format_date(self.moved_from)}"
        return text


@dataclass(frozen=True)
class DeadlineEntry:
    meeting: Meeting
    board: Board
    state: DeadlineState

    @property
    def short(self) -> str:
        return f"{self.board.label} papers due"

    @property
    def spoken(self) -> str:
        words = LEVEL_WORDS[self.state.level]
        text = f"{self.board.label} papers due for the meeting of {format_date(self.meeting.date)}"
        return f"{text}, {words}" if words else text


@dataclass
class CalendarDay:
    day: date
    meetings: list[MeetingEntry] = field(default_factory=list)
    deadlines: list[DeadlineEntry] = field(default_factory=list)
    closed: str = ""  # a bank holiday's or closure day's name

    def spoken(self, today: date) -> str:
        """What a screen reader says for the day's cell."""
        parts = [e.spoken for e in self.meetings] + [d.spoken for d in self.deadlines]
        if self.closed:
            parts.append(self.closed)
        head = long_date(self.day) + (", today" if self.day == today else "")
        return f"{head}: {'; '.join(parts)}" if parts else f"{head}: nothing planned"


def meeting_entry(data: RegisterData, meeting: Meeting, today: date) -> MeetingEntry:
    board = data.boards[meeting.board_id]
    deadline = None if meeting.cancelled else governance.deadline_state(data, meeting, today)
    items = sum(1 for i in data.agenda_items.values() if i.meeting_id == meeting.id)
    return MeetingEntry(meeting, board, governance.meeting_moved_from(meeting), deadline, items)


def calendar_days(
    data: RegisterData, start: date, end: date, today: date, board_id: str | None = None
) -> dict[date, CalendarDay]:
    """Every day from `start` to `end` with its meetings (cancelled ones too), the paper deadlines falling on it
    (of meetings not cancelled) and its bank holiday or closure day, for the nations of the boards shown."""
    days = {start + timedelta(days=n): CalendarDay(start + timedelta(days=n)) for n in range((end - start).days + 1)}
    boards = boards_shown(data, board_id)
    wanted = {b.id for b in boards}
    # A deadline falls at most a few weeks before its meeting: look that far beyond the range.
    horizon = end + timedelta(days=120)
    for meeting in governance.meetings_of(data):
        if meeting.board_id not in wanted or not start <= meeting.date <= horizon:
            continue
        entry = meeting_entry(data, meeting, today)
        if meeting.date in days:
            days[meeting.date].meetings.append(entry)
        if entry.deadline is not None and entry.deadline.deadline in days:
            days[entry.deadline.deadline].deadlines.append(DeadlineEntry(meeting, entry.board, entry.deadline))
    for day, name in governance.closed_days(data, start, end, {b.nation for b in boards}).items():
        days[day].closed = name
    return days


def agenda_entries(
    data: RegisterData, today: date, board_id: str | None = None, weeks: int = AGENDA_WEEKS
) -> list[MeetingEntry]:
    """The meetings from today to the end of the next `weeks` weeks, in date order, cancelled ones included."""
    until = today + timedelta(weeks=weeks)
    return [
        meeting_entry(data, m, today)
        for m in governance.meetings_of(data, board_id)
        if today <= m.date < until and m.board_id in data.boards
    ]


@dataclass(frozen=True)
class PlannedMeeting:
    entry: MeetingEntry
    decisions: list[tuple[AgendaItem, str]]  # the item and its opportunity, as 'LAN-004 Shared estates'


def planned_decisions(data: RegisterData, today: date, board_id: str | None = None) -> list[PlannedMeeting]:
    """The forward plan: each coming meeting not cancelled, with the decision items on its agenda."""
    plan = []
    for planned in governance.forward_plan(data, today, board_id):
        if planned.meeting.board_id not in data.boards:
            continue
        decisions = []
        for item in planned.items:
            opportunity = data.opportunities.get(item.opportunity_id or "")
            decisions.append((item, f"{opportunity.reference} {opportunity.title}" if opportunity else ""))
        plan.append(PlannedMeeting(meeting_entry(data, planned.meeting, today), decisions))
    return plan
