"""The panel beside the month grid: the selected day in words, its meetings and paper deadlines as a list to
choose from, and the button that opens the chosen meeting."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.formatting import format_date
from .days import CalendarDay, DeadlineEntry, MeetingEntry, long_date
from .style import (
    ACCENT,
    AMBER_FILL,
    AMBER_LINE,
    AMBER_TEXT,
    CANCELLED_FILL,
    FAINT,
    HOLIDAY,
    LINE,
    MUTED,
    SELECTED_FILL,
    TEXT,
)

Index = QModelIndex | QPersistentModelIndex

MEETING_ROLE = Qt.ItemDataRole.UserRole
LOOK_ROLE = Qt.ItemDataRole.UserRole + 1  # (title, detail lines, colour, look), look: meeting, cancelled or a level


class EntryDelegate(QStyledItemDelegate):
    """A card for each meeting or deadline: the board's colour at the left, its name in bold, details below."""

    PAD = 8

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)  # type: ignore[attr-defined]
        bold.setBold(True)
        return bold, QFont(option.font)  # type: ignore[attr-defined]

    def _blocks(self, option: QStyleOptionViewItem, index: Index, width: int) -> list[tuple[str, QFont, int]]:
        title, lines, _colour, look = index.data(LOOK_ROLE)
        bold, plain = self._fonts(option)
        bold.setStrikeOut(look == "cancelled")
        blocks = []
        for text, font in [(title, bold), *((line, plain) for line in lines)]:
            height = QFontMetrics(font).boundingRect(QRect(0, 0, width, 2000), Qt.TextFlag.TextWordWrap, text).height()
            blocks.append((text, font, height))
        return blocks

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        width = self.view.viewport().width() - 2 * self.view.spacing() - 2 * self.PAD - 6
        blocks = self._blocks(option, index, max(80, width))
        return QSize(width, sum(h for _t, _f, h in blocks) + 2 * self.PAD + 2 * (len(blocks) - 1))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _title, _lines, colour, look = index.data(LOOK_ROLE)
        rect: QRect = option.rect.adjusted(1, 1, -1, -1)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        focused = self.view.hasFocus()
        fill, outline, text = {
            "cancelled": (CANCELLED_FILL, LINE, FAINT),
            "soon": (AMBER_FILL, AMBER_LINE, AMBER_TEXT),
            "today": (AMBER_FILL, AMBER_LINE, AMBER_TEXT),
            "passed": (CANCELLED_FILL, LINE, FAINT),
        }.get(look, ("#ffffff", LINE, TEXT))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(ACCENT if selected else outline), 2 if selected and focused else 1))
        painter.setBrush(QColor(SELECTED_FILL if selected and look not in ("soon", "today") else fill))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FAINT if look in ("cancelled", "passed") else colour))
        painter.drawRoundedRect(QRect(rect.left() + 3, rect.top() + 4, 4, rect.height() - 8), 2, 2)
        y = rect.top() + self.PAD - 1
        left = rect.left() + self.PAD + 6
        width = rect.right() - self.PAD - left
        for n, (line, font, height) in enumerate(self._blocks(option, index, width)):
            painter.setFont(font)
            painter.setPen(QColor(text if n == 0 or look in ("cancelled", "passed") else MUTED))
            painter.drawText(QRect(left, y, width, height), Qt.TextFlag.TextWordWrap, line)
            y += height + 2
        painter.restore()


class EntryList(QListWidget):
    """The day's meetings and deadlines; Enter opens the current one's meeting."""

    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.open_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DayPanel(QFrame):
    meeting_chosen = Signal(str)  # meeting id ("" when none)
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarDayPanel")
        self.setAccessibleName("Selected day")
        self.title = QLabel()
        self.title.setObjectName("calendarDayTitle")
        self.title.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("calendarDayNotes")
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setWordWrap(True)
        self.heading = heading = QLabel("Meetings and &deadlines")
        heading.setStyleSheet(f"color: {MUTED}; font-weight: 600;")
        self.entries = EntryList()
        self.entries.setObjectName("calendarDayEntries")
        self.entries.setAccessibleName("Meetings and paper deadlines on the selected day")
        self.entries.setWordWrap(True)
        self.entries.setSpacing(3)
        self.entries.setResizeMode(QListView.ResizeMode.Adjust)
        self.entries.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.entries.setItemDelegate(EntryDelegate(self.entries))
        self.entries.setStyleSheet("QListWidget { border: none; background: transparent; }")
        self.entries.currentItemChanged.connect(self._on_current)
        self.entries.itemDoubleClicked.connect(lambda _item: self.open_requested.emit())
        self.entries.open_requested.connect(self.open_requested)
        heading.setBuddy(self.entries)
        self.open_button = QPushButton("&Open meeting")
        self.open_button.setObjectName("calendarOpenMeeting")
        self.open_button.setAccessibleName("Open the selected meeting")
        self.open_button.setToolTip("Open the selected meeting (Enter)")
        self.open_button.clicked.connect(self.open_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.notes)
        layout.addWidget(heading)
        layout.addWidget(self.entries, 1)
        layout.addStretch(0)
        layout.addWidget(self.open_button)
        self._filling = False

    def show_day(
        self,
        day: CalendarDay | None,
        today: date,
        meeting_id: str | None,
        colours: dict[str, str],
        coming: str = "",
    ) -> None:
        """Show a day; `coming` names the next meeting after it, for a day with nothing planned."""
        self._filling = True
        self.entries.clear()
        if day is None:
            self.title.setText("")
            self.notes.setText("")
            self.open_button.setEnabled(False)
            self._filling = False
            return
        self.title.setText(long_date(day.day))
        notes = []
        if day.day == today:
            notes.append("<b>Today</b>")
        if day.closed:
            notes.append(f"<span style='color:{HOLIDAY}'><i>{html.escape(day.closed)}</i></span>")
        if not day.meetings and not day.deadlines:
            notes.append(f"<span style='color:{MUTED}'>Nothing planned.</span>")
            if coming:
                notes.append(f"<br><span style='color:{MUTED}'>Next meeting:</span><br>{html.escape(coming)}")
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))
        for entry in [*day.meetings, *day.deadlines]:
            title, lines = _entry_text(entry)
            item = QListWidgetItem(title)
            item.setData(MEETING_ROLE, entry.meeting.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, ". ".join([title, *lines]))
            if isinstance(entry, MeetingEntry):
                look = "cancelled" if entry.cancelled else "meeting"
            else:
                look = entry.state.level
            item.setData(LOOK_ROLE, (title, lines, colours.get(entry.board.id, ACCENT), look))
            self.entries.addItem(item)
            if entry.meeting.id == meeting_id and self.entries.currentItem() is None:
                self.entries.setCurrentItem(item)
        self.open_button.setEnabled(self.entries.count() > 0)
        self.entries.setVisible(self.entries.count() > 0)
        self.heading.setVisible(self.entries.count() > 0)
        self._filling = False

    def set_current_meeting(self, meeting_id: str) -> None:
        """Make the meeting's line current (after a click on it in the grid), without echoing it back."""
        self._filling = True
        for row in range(self.entries.count()):
            item = self.entries.item(row)
            if item.data(MEETING_ROLE) == meeting_id:
                self.entries.setCurrentItem(item)
                break
        self._filling = False

    def _on_current(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if not self._filling:
            self.meeting_chosen.emit(str(current.data(MEETING_ROLE)) if current else "")


def _entry_text(entry: MeetingEntry | DeadlineEntry) -> tuple[str, list[str]]:
    """A title and the lines under it."""
    if isinstance(entry, DeadlineEntry):
        return f"{entry.board.name}: papers due", [
            f"For the meeting of {entry.meeting.date:%a} {format_date(entry.meeting.date)}",
            ("⚠ " if entry.state.level in ("soon", "today") else "") + entry.state.text,
        ]
    meeting = entry.meeting
    lines = [" · ".join(x for x in (meeting.time, meeting.location) if x)]
    if entry.cancelled:
        lines.append("Cancelled")
    else:
        if entry.moved_from:
            lines.append(f"Moved from {format_date(entry.moved_from)}")
        if entry.deadline is not None:
            lines.append(("⚠ " if entry.deadline.level in ("soon", "today") else "") + entry.deadline.text)
        lines.append("No agenda yet" if not entry.items else f"{entry.items} agenda item{'s' * (entry.items != 1)}")
    return entry.board.name, [line for line in lines if line]
