"""The month view: a six-week grid, Monday to Sunday, drawn by a delegate from days.CalendarDay, and the panel
beside it that lists the selected day's meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ...core.formatting import format_date
from .days import GRID_DAYS, CalendarDay, DeadlineEntry, MeetingEntry, long_date
from .style import (
    ACCENT,
    BACKGROUND,
    CANCELLED_FILL,
    DEADLINE_COLOURS,
    FAINT,
    HOLIDAY,
    MUTED,
    OTHER_MONTH,
    SELECTED_FILL,
    TEXT,
    WEEKEND,
    tint,
)

DATE_ROLE = Qt.ItemDataRole.UserRole
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Index = QModelIndex | QPersistentModelIndex


class MonthModel(QAbstractTableModel):
    """Six weeks of CalendarDays; the cell's accessible text is what a screen reader says for the day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dates: list[date] = []
        self.days: dict[date, CalendarDay] = {}
        self.month = (2000, 1)
        self.today = date(2000, 1, 1)
        self.colours: dict[str, str] = {}
        self.selected_meeting_id: str | None = None

    def set_month(
        self,
        month: tuple[int, int],
        dates: list[date],
        days: dict[date, CalendarDay],
        today: date,
        colours: dict[str, str],
    ) -> None:
        self.beginResetModel()
        self.month, self.dates, self.days, self.today, self.colours = month, dates, days, today, colours
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.dates) // 7

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 7

    def index_of(self, day: date) -> QModelIndex:
        if day not in self.dates:
            return QModelIndex()
        n = self.dates.index(day)
        return self.index(n // 7, n % 7)

    def day_at(self, index: Index) -> CalendarDay | None:
        if not index.isValid():
            return None
        return self.days.get(self.dates[index.row() * 7 + index.column()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        day = self.day_at(index)
        if day is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day.day)
        if role == DATE_ROLE:
            return day.day
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return day.spoken(self.today)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return day_details(day, plain=role == Qt.ItemDataRole.AccessibleDescriptionRole)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation is Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return WEEKDAYS[section][:3]
            if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
                return WEEKDAYS[section]
        elif role == Qt.ItemDataRole.DisplayRole and self.dates:
            return f"Week of {format_date(self.dates[section * 7])}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


def day_details(day: CalendarDay, plain: bool = False) -> str:
    """The day's meetings in full (place, papers, agenda), for the tooltip and a screen reader's description."""
    lines = []
    for entry in day.meetings:
        place = f" at {entry.meeting.location}" if entry.meeting.location else ""
        lines.append(f"{entry.spoken}{place}.")
        if entry.deadline is not None:
            lines.append(f"{entry.deadline.text}.")
    for deadline in day.deadlines:
        lines.append(f"{deadline.spoken}.")
    if day.closed:
        lines.append(f"{day.closed}.")
    if not lines:
        return "" if plain else long_date(day.day)
    return " ".join(lines) if plain else "\n".join([long_date(day.day), *lines])


@dataclass(frozen=True)
class Line:
    """One line drawn in a day's cell: a meeting, a paper deadline or '+2 more'."""

    rect: QRect
    entry: MeetingEntry | DeadlineEntry | None
    more: int = 0


class CellLayout:
    """Where a cell's header and lines go; the delegate draws it and the grid hit-tests clicks with it."""

    PAD = 5
    GAP = 3

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        self.metrics = QFontMetrics(self.font)
        self.small_metrics = QFontMetrics(self.small)
        self.header = self.metrics.height() + 10
        self.line = self.small_metrics.height() + 6

    def closed_rect(self, rect: QRect, day: CalendarDay) -> QRect:
        """Room under the date for the bank holiday's or closure day's name: up to two lines."""
        if not day.closed:
            return QRect(rect.left() + self.PAD, rect.top() + self.header, rect.width() - 2 * self.PAD, 0)
        width = rect.width() - 2 * self.PAD
        height = len(self.closed_lines(day.closed, width)) * self.small_metrics.lineSpacing()
        return QRect(rect.left() + self.PAD, rect.top() + self.header - 3, width, height + 3)

    def closed_lines(self, text: str, width: int) -> list[str]:
        """The name over at most two lines, the second elided when it runs on."""
        metrics = QFontMetrics(_italic(self.small))
        words = text.split()
        first = ""
        while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
            first = f"{first} {words.pop(0)}".strip()
        if not first:  # one long word: elide it on the first line
            return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
        if not words:
            return [first]
        return [first, metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)]

    def lines(self, rect: QRect, day: CalendarDay) -> list[Line]:
        entries: list[MeetingEntry | DeadlineEntry] = [*day.meetings, *day.deadlines]
        top = self.closed_rect(rect, day).bottom() + 1
        room = max(0, (rect.bottom() - self.PAD - top + self.GAP) // (self.line + self.GAP))
        shown = entries if len(entries) <= room else entries[: max(0, room - 1)]
        lines = []
        width = rect.width() - 2 * self.PAD
        for n, entry in enumerate(shown):
            lines.append(Line(QRect(rect.left() + self.PAD, top + n * (self.line + self.GAP), width, self.line), entry))
        if len(shown) < len(entries) and room > 0:
            n = len(shown)
            more = QRect(rect.left() + self.PAD, top + n * (self.line + self.GAP), width, self.line)
            lines.append(Line(more, None, len(entries) - len(shown)))
        return lines


class MonthDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        assert isinstance(model, MonthModel)
        day = index.data(DAY_ROLE)
        if not isinstance(day, CalendarDay):
            return
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        in_month = (day.day.year, day.day.month) == model.month
        layout = CellLayout(option.font)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        fill = BACKGROUND if in_month else OTHER_MONTH
        if day.day.weekday() >= 5 or day.closed:
            fill = WEEKEND
        painter.fillRect(rect, QColor(SELECTED_FILL if selected else fill))

        # Header: the date (in a disc for today), the bank holiday's name at the right.
        number = str(day.day.day) if day.day.day != 1 else f"1 {day.day:%b}"
        painter.setFont(_bold(layout.font) if day.day == model.today or day.day.day == 1 else layout.font)
        metrics = QFontMetrics(painter.font())
        top = rect.top() + 4
        text_height = metrics.height()
        number_rect = QRect(rect.left() + layout.PAD + 2, top, metrics.horizontalAdvance(number) + 2, text_height)
        if day.day == model.today:
            side = max(text_height + 4, metrics.horizontalAdvance(number) + 12)
            disc = QRect(rect.left() + layout.PAD - 1, top - 1, side, text_height + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(ACCENT))
            painter.drawRoundedRect(disc, disc.height() / 2, disc.height() / 2)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, number)
            number_rect = disc
        else:
            painter.setPen(QColor(TEXT if in_month else FAINT))
            painter.drawText(number_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number)
        if day.closed:
            painter.setFont(_italic(layout.small))
            painter.setPen(QColor(HOLIDAY if in_month else FAINT))
            room = layout.closed_rect(rect, day).adjusted(2, 0, 0, 0)
            painter.drawText(room, Qt.AlignmentFlag.AlignLeft, "\n".join(layout.closed_lines(day.closed, room.width())))

        for line in layout.lines(rect, day):
            if line.entry is None:
                painter.setFont(layout.small)
                painter.setPen(QColor(MUTED))
                painter.drawText(line.rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, f"+{line.more} more")
            elif isinstance(line.entry, MeetingEntry):
                self._meeting(painter, layout, line.rect, line.entry, model, in_month)
            else:
                self._deadline(painter, layout, line.rect, line.entry, in_month)

        if selected:
            pen = QPen(QColor(ACCENT), 2 if focused else 1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()

    def _meeting(
        self, painter: QPainter, layout: CellLayout, rect: QRect, entry: MeetingEntry, model: MonthModel, bright: bool
    ) -> None:
        colour = model.colours.get(entry.board.id, ACCENT)
        cancelled = entry.cancelled
        fill = CANCELLED_FILL if cancelled else tint(colour, 0.86 if bright else 0.93)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setBrush(QColor(FAINT if cancelled else colour))
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        if entry.meeting.id == model.selected_meeting_id:
            painter.setPen(QPen(QColor(colour if not cancelled else MUTED), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        text_rect = rect.adjusted(9, 0, -4, 0)
        name = _bold(layout.small)
        time = QFont(layout.small)
        if cancelled:
            name.setStrikeOut(True)
            time.setStrikeOut(True)
        colour_text = FAINT if cancelled else (TEXT if bright else MUTED)
        x = text_rect.left()
        for text, font, pen in (
            (entry.board.label, name, colour_text),
            (f" {entry.meeting.time}" if entry.meeting.time else "", time, colour_text),
            (" moved" if entry.moved_from and not cancelled else "", _italic(layout.small), MUTED),
        ):
            if not text or x >= text_rect.right():
                continue
            painter.setFont(font)
            painter.setPen(QColor(pen))
            metrics = QFontMetrics(font)
            room = text_rect.right() - x
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown)
            x += metrics.horizontalAdvance(shown)

    def _deadline(self, painter: QPainter, layout: CellLayout, rect: QRect, entry: DeadlineEntry, bright: bool) -> None:
        fill, outline, text = DEADLINE_COLOURS[entry.state.level]
        painter.setPen(QPen(QColor(outline), 1))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        urgent = entry.state.level in ("soon", "today")
        painter.setFont(_bold(layout.small) if urgent else layout.small)
        painter.setPen(QColor(text if bright else FAINT))
        label = ("⚠ " if urgent else "") + entry.short
        shown = layout.small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, rect.width() - 12)
        painter.drawText(rect.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, shown)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(120, 96)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _italic(font: QFont) -> QFont:
    italic = QFont(font)
    italic.setItalic(True)
    return italic


class MonthGrid(QTableView):
    """The grid. Arrows move a day or a week (into the next month too), Page Up and Page Down change month,
    Home or T goes to today, Enter opens the selected meeting; a click on a meeting's line selects it."""

    move_requested = Signal(int)  # days
    month_requested = Signal(int)  # months
    today_requested = Signal()
    open_requested = Signal()
    meeting_clicked = Signal(str)  # meeting id

    def __init__(self, model: MonthModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonthGrid")
        self.setAccessibleName("Month")
        self.setModel(model)
        self.setItemDelegate(MonthDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setMouseTracking(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumSize(7 * 90, GRID_DAYS // 7 * 64)

    def month_model(self) -> MonthModel:
        model = self.model()
        assert isinstance(model, MonthModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in steps and plain:
            self.move_requested.emit(steps[key])
        elif key == Qt.Key.Key_PageUp:
            self.month_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.month_requested.emit(1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_T) and plain:
            self.today_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def meeting_at(self, point: QPoint) -> str | None:
        index = self.indexAt(point)
        day = self.month_model().day_at(index)
        if day is None:
            return None
        for line in CellLayout(self.font()).lines(self.visualRect(index), day):
            if isinstance(line.entry, MeetingEntry | DeadlineEntry) and line.rect.contains(point):
                return line.entry.meeting.id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mousePressEvent(event)
        if event.button() is Qt.MouseButton.LeftButton:
            meeting_id = self.meeting_at(event.position().toPoint())
            if meeting_id:
                self.meeting_clicked.emit(meeting_id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() is Qt.MouseButton.LeftButton and self.indexAt(event.position().toPoint()).isValid():
            meeting_id = self.meeting_at(event.position().toPoint())
            if meeting_id:
                self.meeting_clicked.emit(meeting_id)
            self.open_requested.emit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = self.meeting_at(event.position().toPoint())
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)
