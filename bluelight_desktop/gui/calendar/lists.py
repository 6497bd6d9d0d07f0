"""The agenda view (the next weeks' meetings as a list) and the forward plan (the decisions expected at each
coming meeting). Both open the current row's meeting on Enter or a double-click."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ...core.formatting import format_date
from .days import AGENDA_WEEKS, DeadlineEntry, MeetingEntry, PlannedMeeting, short_day
from .style import AMBER_FILL, AMBER_TEXT, FAINT, MUTED, TEXT, tint

MEETING_ROLE = Qt.ItemDataRole.UserRole
WEEK_FILL = "#eef2f7"


class MeetingTree(QTreeWidget):
    """A list of meetings (or of their items) that opens the current row's meeting."""

    open_requested = Signal(str)  # meeting id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(False)
        self.setAllColumnsShowFocus(True)
        self.itemDoubleClicked.connect(lambda item, _column: self._open(item))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setHighlightSections(False)

    def selected_meeting_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(0, MEETING_ROLE) if item is not None else None
        return str(value) if value else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self._open(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)

    def _open(self, item: QTreeWidgetItem | None) -> None:
        value = item.data(0, MEETING_ROLE) if item is not None else None
        if value:
            self.open_requested.emit(str(value))

    def select_meeting(self, meeting_id: str | None) -> None:
        """Make the meeting's row current again after a refresh, else the first row."""
        rows = [self.topLevelItem(n) for n in range(self.topLevelItemCount())]
        rows = [r for r in rows if r is not None and r.data(0, MEETING_ROLE)]
        found = next((r for r in rows if r.data(0, MEETING_ROLE) == meeting_id), rows[0] if rows else None)
        if found is not None:
            self.setCurrentItem(found)


class AgendaList(MeetingTree):
    """The meetings of the next weeks under a heading for each week (weeks without one say so)."""

    COLUMNS = ("Date", "Board", "Time", "Location", "Status", "Papers", "Agenda")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarAgenda")
        self.setAccessibleName(f"Meetings in the next {AGENDA_WEEKS} weeks")
        self.setRootIsDecorated(False)
        self.setHeaderLabels(list(self.COLUMNS))
        for column, width in enumerate((150, 260, 64, 300, 150, 360, 100)):
            self.setColumnWidth(column, width)
        self.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def meeting_rows(self) -> list[QTreeWidgetItem]:
        rows = [self.topLevelItem(n) for n in range(self.topLevelItemCount())]
        return [r for r in rows if r is not None and r.data(0, MEETING_ROLE)]

    def set_entries(
        self, entries: list[MeetingEntry], deadlines: list[DeadlineEntry], colours: dict[str, str], today: date
    ) -> None:
        """The meetings, under a heading for each week that names the paper deadlines falling in it."""
        current = self.selected_meeting_id()
        self.clear()
        until = today + timedelta(weeks=AGENDA_WEEKS)
        week = today - timedelta(days=today.weekday())
        while week < until:
            following = week + timedelta(days=7)
            in_week = [e for e in entries if week <= e.meeting.date < following]
            due = [d for d in deadlines if week <= d.state.deadline < following]
            self._week_heading(week, today, len(in_week), due)
            for entry in in_week:
                self.addTopLevelItem(self._row(entry, colours))
            week = following
        self.select_meeting(current)

    def _week_heading(self, week: date, today: date, count: int, due: list[DeadlineEntry]) -> None:
        if week <= today:
            text = f"This week, from {short_day(today)}"
        elif week - timedelta(days=7) <= today:
            text = f"Next week, from {short_day(week)}"
        else:
            text = f"Week of {short_day(week)}"
        if not count:
            text += " · no meetings"
        urgent = any(d.state.level in ("soon", "today") for d in due)
        for deadline in due:
            mark = "⚠ " if deadline.state.level in ("soon", "today") else ""
            text += f" · {mark}{deadline.short} {deadline.state.deadline:%a} {format_date(deadline.state.deadline)}"
        heading = QTreeWidgetItem([text])
        heading.setFlags(Qt.ItemFlag.NoItemFlags)  # not a stop for the keyboard: arrows go from meeting to meeting
        heading.setData(0, Qt.ItemDataRole.AccessibleTextRole, text)
        font = QFont(self.font())
        font.setBold(bool(count) or urgent)
        font.setPointSizeF(self.font().pointSizeF() - 0.5)
        heading.setFont(0, font)
        heading.setForeground(0, QBrush(QColor(AMBER_TEXT if urgent else MUTED if count or due else FAINT)))
        for column in range(len(self.COLUMNS)):
            heading.setBackground(column, QBrush(QColor(WEEK_FILL)))
        self.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)

    def _row(self, entry: MeetingEntry, colours: dict[str, str]) -> QTreeWidgetItem:
        meeting = entry.meeting
        papers = "—" if entry.deadline is None else entry.deadline.text
        if entry.cancelled:
            agenda = "—"
        else:
            agenda = f"{entry.items} item{'s' * (entry.items != 1)}" if entry.items else "None yet"
        item = QTreeWidgetItem(
            [short_day(meeting.date), entry.board.name, meeting.time, meeting.location, entry.state, papers, agenda]
        )
        item.setData(0, MEETING_ROLE, meeting.id)
        spoken = f"{short_day(meeting.date)}, {entry.spoken}"
        if entry.deadline is not None:
            spoken += f". {entry.deadline.text}"
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
        for column in (0, 3, 4, 5):
            item.setToolTip(column, item.text(column))
        item.setToolTip(1, entry.board.remit or entry.board.name)
        bold = QFont(self.font())
        bold.setBold(True)
        item.setFont(1, bold)
        item.setForeground(1, QBrush(QColor(colours.get(entry.board.id, TEXT))))
        if entry.cancelled:
            struck = QFont(self.font())
            struck.setStrikeOut(True)
            for column in range(len(self.COLUMNS)):
                item.setForeground(column, QBrush(QColor(FAINT)))
                if column != 4:
                    item.setFont(column, struck)
            item.setFont(4, bold)
        elif entry.moved_from:
            item.setForeground(4, QBrush(QColor(AMBER_TEXT)))
        if entry.deadline is not None:
            if entry.deadline.level in ("soon", "today"):
                item.setBackground(5, QBrush(QColor(AMBER_FILL)))
                item.setForeground(5, QBrush(QColor(AMBER_TEXT)))
                item.setFont(5, bold)
                item.setText(5, f"⚠ {papers}")
            elif entry.deadline.level == "passed":
                item.setForeground(5, QBrush(QColor(FAINT)))
        if entry.items == 0 and not entry.cancelled:
            item.setForeground(6, QBrush(QColor(MUTED)))
        return item


class ForwardPlanTree(MeetingTree):
    COLUMNS = ("Item", "Decision expected", "Opportunity", "Presenter")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarForwardPlan")
        self.setAccessibleName("Forward plan: decisions expected at coming meetings")
        self.setRootIsDecorated(True)
        self.setItemsExpandable(True)
        self.setHeaderLabels(list(self.COLUMNS))
        for column, width in enumerate((70, 480, 330, 390)):
            self.setColumnWidth(column, width)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def set_plan(self, plan: list[PlannedMeeting], colours: dict[str, str]) -> None:
        current = self.selected_meeting_id()
        self.clear()
        if not plan:
            empty = QTreeWidgetItem(["No meetings planned from today."])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            empty.setForeground(0, QBrush(QColor(MUTED)))
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
            return
        heading_font = QFont(self.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(self.font().pointSizeF() + 0.5)
        for planned in plan:
            entry = planned.entry
            meeting = entry.meeting
            count = len(planned.decisions)
            expected = f"{count} decision{'s' * (count != 1)} expected" if count else "No decisions expected yet"
            bits = [short_day(meeting.date), meeting.time, entry.board.name]
            if entry.moved_from:
                bits.append(f"moved from {format_date(entry.moved_from)}")
            if entry.deadline is not None:
                urgent = entry.deadline.level in ("soon", "today")
                bits.append(("⚠ " if urgent else "") + entry.deadline.text)
            heading = QTreeWidgetItem([" · ".join(b for b in bits if b)])
            heading.setData(0, MEETING_ROLE, meeting.id)
            heading.setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"{entry.board.name}, {format_date(meeting.date)}: {expected}"
            )
            heading.setFont(0, heading_font)
            colour = colours.get(entry.board.id, TEXT)
            heading.setForeground(0, QBrush(QColor(colour)))
            for column in range(len(self.COLUMNS)):
                heading.setBackground(column, QBrush(QColor(tint(colour, 0.92))))
            self.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            if not planned.decisions:
                none = QTreeWidgetItem(["", "No decisions expected yet"])
                none.setData(0, MEETING_ROLE, meeting.id)
                none.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{entry.board.name}: no decisions expected yet")
                italic = QFont(self.font())
                italic.setItalic(True)
                none.setFont(1, italic)
                none.setForeground(1, QBrush(QColor(MUTED)))
                heading.addChild(none)
            for agenda_item, opportunity in planned.decisions:
                row = QTreeWidgetItem(
                    [str(agenda_item.position), agenda_item.title, opportunity, agenda_item.presenter]
                )
                row.setData(0, MEETING_ROLE, meeting.id)
                row.setData(
                    0,
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"Item {agenda_item.position}: {agenda_item.title}",
                )
                row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                for column in (2, 3):
                    row.setToolTip(column, row.text(column))
                row.setToolTip(1, agenda_item.decision_required.strip() or agenda_item.title)
                heading.addChild(row)
            heading.setExpanded(True)
        self.select_meeting(current)
