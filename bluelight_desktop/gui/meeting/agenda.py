"""The Agenda tab: the numbered items with their start times, reordered by drag and drop or Alt+Up/Alt+Down,
the running total against the meeting's length, and the selected item's paper.

A drop is turned into the new order (`order_after_drop`) and given to governance.reorder_agenda; Qt never
moves the rows itself, so the table always shows what was saved.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core import governance
from ...core.formatting import format_date
from ...core.governance import GovernanceError
from ...core.model import PAPER_HEADINGS, AgendaItem, Meeting, RegisterData
from .dialogs import AgendaItemDialog
from .widgets import ID_ROLE, EditableTable, button, cell, muted, repolish

if TYPE_CHECKING:
    from .page import MeetingPage

AGENDA_MIME = "application/x-bluelight-agenda-items"
COLUMNS = ["No.", "Start", "Title", "Purpose", "Presenter", "Minutes", "Opportunity"]
TITLE_COLUMN = 2


def agenda_mime(item_ids: list[str]) -> QMimeData:
    """What a drag of agenda items carries: their ids (tests build the same to simulate a drop)."""
    mime = QMimeData()
    mime.setData(AGENDA_MIME, QByteArray(json.dumps(item_ids).encode("utf-8")))
    return mime


def ids_from_mime(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(AGENDA_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(AGENDA_MIME).data()).decode("utf-8"))
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []


def order_after_drop(ids: list[str], moving: list[str], target_row: int) -> list[str]:
    """The agenda's order once `moving` is dropped before row `target_row` of `ids` (len(ids): at the end)."""
    moved = [i for i in ids if i in moving]
    before = [i for i in ids[:target_row] if i not in moving]
    after = [i for i in ids[target_row:] if i not in moving]
    return before + moved + after


class AgendaTable(EditableTable):
    """The agenda's rows. Drag a row (or Alt+Up / Alt+Down) to move it; Enter or a double click edits it."""

    reorder_requested = Signal(list)  # the agenda's item ids in their new order
    move_requested = Signal(int)  # -1 up, +1 down

    def __init__(self) -> None:
        super().__init__(
            COLUMNS,
            "Agenda items",
            "No items on the agenda yet. Add item… puts the first one on it.",
        )
        self.setObjectName("agendaTable")
        self.setAccessibleDescription("Alt+Up and Alt+Down move the selected item; Enter edits it")
        self.setToolTip("Drag an item, or press Alt+Up or Alt+Down, to change the order")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.set_widths(TITLE_COLUMN, {0: 44, 1: 58, 3: 96, 4: 190, 5: 70, 6: 104})

    def item_ids(self) -> list[str]:
        return [self.item(row, 0).data(ID_ROLE) for row in range(self.rowCount())]

    # ---- keyboard: Alt+arrows besides EditableTable's Enter and Delete

    def command_for(self, event: QKeyEvent) -> str | None:
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return "up" if event.key() == Qt.Key.Key_Up else "down"
        return super().command_for(event)

    def run_command(self, command: str) -> None:
        if command in ("up", "down"):
            self.move_requested.emit(-1 if command == "up" else 1)
        else:
            super().run_command(command)

    # ---- drag and drop

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        """Drag the selected rows carrying their ids. The drop asks for a new order; Qt itself removes nothing
        (QAbstractItemView's own drag would delete the source rows after a move)."""
        ids = [self.item(index.row(), 0).data(ID_ROLE) for index in self.selectionModel().selectedRows()]
        if not ids:
            return
        mime = self.model().mimeData(self.selectedIndexes())  # the model's own format, so the drop indicator shows
        mime.setData(AGENDA_MIME, agenda_mime(ids).data(AGENDA_MIME))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        # Qt's own check refuses a drag whose source is not this view; ours carries the items' ids, which is
        # what a drop needs (and an id not on this agenda is ignored when it lands).
        super().dragEnterEvent(event)
        self._accept_ours(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        super().dragMoveEvent(event)  # places the drop indicator
        self._accept_ours(event)

    @staticmethod
    def _accept_ours(event: QDragMoveEvent) -> None:
        if ids_from_mime(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def drop_row(self, position: QPoint) -> int:
        """The row a drop at `position` (viewport coordinates) goes before: the upper half of a row puts it
        above that row, the lower half below; under the last row, at the end."""
        index = self.indexAt(position)
        if not index.isValid():
            return self.rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if position.y() >= rect.center().y() else 0)

    def handle_drop(self, moving: list[str], target_row: int) -> bool:
        """Ask for the order a drop gives; False when it changes nothing."""
        ids = self.item_ids()
        moving = [i for i in moving if i in ids]
        if not moving:
            return False
        order = order_after_drop(ids, moving, target_row)
        if order == ids:
            return False
        self.reorder_requested.emit(order)
        return True

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        moving = ids_from_mime(event.mimeData())
        self.setState(QAbstractItemView.State.NoState)  # hide the drop indicator
        if not moving:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.handle_drop(moving, self.drop_row(event.position().toPoint()))
        self.viewport().update()


def paper_html(data: RegisterData, item: AgendaItem) -> str:
    """The selected item's paper for the preview beside the agenda."""
    opportunity = data.opportunities.get(item.opportunity_id or "")
    facts = [item.purpose.label, f"{item.minutes} minutes"]
    if item.presenter:
        facts.append(f"presented by {item.presenter}")
    parts = [
        f"<h3 style='margin:0 0 2px 0; color:#123a6b'>{item.position}. {html.escape(item.title)}</h3>",
        f"<p style='margin:0 0 4px 0; color:#37475a'>{html.escape(' · '.join(facts))}</p>",
    ]
    if opportunity is not None:
        parts.append(
            "<p style='margin:0 0 4px 0; color:#37475a'>Opportunity: "
            f"{html.escape(opportunity.reference)} {html.escape(opportunity.title)} "
            f"({html.escape(opportunity.stage.label.lower())})</p>"
        )
    source = data.agenda_items.get(item.carried_from_id or "")
    if source is not None and source.meeting_id in data.meetings:
        parts.append(f"<p style='margin:0 0 4px 0; color:#37475a'>{html.escape(carried_note(data, item))}</p>")
    if not item.has_paper:
        parts.append("<p style='color:#5a6778'><i>No paper written yet. Edit item… writes it.</i></p>")
        return "".join(parts)
    for name, heading in PAPER_HEADINGS:
        text = getattr(item, name).strip()
        parts.append(f"<h4 style='margin:10px 0 2px 0; color:#1b2430'>{html.escape(heading)}</h4>")
        if text:
            body = "<br>".join(html.escape(line) for line in text.splitlines())
            parts.append(f"<p style='margin:0'>{body}</p>")
        else:
            parts.append("<p style='margin:0; color:#5a6778'><i>Not written yet</i></p>")
    return "".join(parts)


def carried_note(data: RegisterData, item: AgendaItem) -> str:
    """'Carried from CPB 17 Nov 2026' or 'Referred from CPB 15 Dec 2026'; '' for an item first tabled here."""
    source = data.agenda_items.get(item.carried_from_id or "")
    meeting = data.meetings.get(item.meeting_id)
    if source is None or meeting is None:
        return ""
    earlier = data.meetings.get(source.meeting_id)
    if earlier is None:
        return ""
    board = data.boards.get(earlier.board_id)
    verb = "Carried" if earlier.board_id == meeting.board_id else "Referred"
    label = board.label if board else "an earlier meeting"
    return f"{verb} from {label} {format_date(earlier.date)}"


class AgendaTab(QWidget):
    def __init__(self, page: MeetingPage) -> None:
        super().__init__()
        self.setObjectName("agendaTab")
        self.page = page
        self.table = AgendaTable()
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.reorder_requested.connect(self.reorder)
        self.table.move_requested.connect(self.move_selected)
        self.table.edit_requested.connect(self.edit_item)
        self.table.remove_requested.connect(self.remove_item)

        self.add_button = button("A&dd item…", "Add agenda item", "Add an item at the end of the agenda")
        self.add_button.setObjectName("addItemButton")
        self.edit_button = button("Edi&t item…", "Edit agenda item", "Edit the selected item and its paper (Enter)")
        self.edit_button.setObjectName("editItemButton")
        self.remove_button = button("Rem&ove item", "Remove agenda item", "Take the selected item off the agenda (Del)")
        self.remove_button.setObjectName("removeItemButton")
        self.up_button = button("Move &up", "Move item up", "Move the selected item up the agenda (Alt+Up)")
        self.up_button.setObjectName("moveUpButton")
        self.down_button = button("Move do&wn", "Move item down", "Move the selected item down the agenda (Alt+Down)")
        self.down_button.setObjectName("moveDownButton")
        self.carry_button = button(
            "&Carry to next meeting",
            "Carry to next meeting",
            "Copy the selected item, with its paper, to this board's next meeting",
        )
        self.carry_button.setObjectName("carryButton")
        self.refer_button = button("Refer to E&xecutive Board", "Refer to Executive Board")
        self.refer_button.setObjectName("referButton")
        self.open_button = button(
            "Open o&pportunity", "Open linked opportunity", "Open the opportunity the selected item is about"
        )
        self.open_button.setObjectName("openOpportunityButton")
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.carry_button.clicked.connect(self.carry)
        self.refer_button.clicked.connect(self.refer)
        self.open_button.clicked.connect(self.open_opportunity)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for widget in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addSpacing(12)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.carry_button)
        buttons.addWidget(self.refer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        self.total_label = QLabel()
        self.total_label.setObjectName("agendaTotal")
        self.total_label.setAccessibleName("Agenda time")
        self.total_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.total_label)

        self.preview = QTextBrowser()
        self.preview.setObjectName("paperPreview")
        self.preview.setAccessibleName("Paper of the selected item")
        self.preview.setOpenLinks(False)
        self.preview.document().setDocumentMargin(10)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.setSpacing(4)
        caption = QLabel("Paper")
        caption.setObjectName("sectionTitle")
        preview_layout.addWidget(caption)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("agendaSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(preview_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(12)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([940, 460])
        preview_box.setMinimumWidth(280)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self._selected: str | None = None

    # ------------------------------------------------------------------------------------------ showing

    def refresh(self, data: RegisterData, meeting: Meeting) -> None:
        keep = self._selected
        items = governance.agenda_of(data, meeting.id)
        starts = governance.start_times(meeting, items)
        self.table.blockSignals(True)
        self.table.setRowCount(len(items))
        for row, (item, start) in enumerate(zip(items, starts, strict=True)):
            opportunity = data.opportunities.get(item.opportunity_id or "")
            note = carried_note(data, item)
            title = f"{item.title} ({note[0].lower()}{note[1:]})" if note else item.title
            cells = [
                cell(str(item.position), item.id, number=True),
                cell(start),
                cell(title, tip=item.title + (f"\n{note}" if note else "")),
                cell(item.purpose.label),
                cell(item.presenter),
                cell(str(item.minutes), number=True),
                cell(opportunity.reference if opportunity else "", tip=opportunity.title if opportunity else ""),
            ]
            if not item.has_paper:
                cells[TITLE_COLUMN].setToolTip(cells[TITLE_COLUMN].toolTip() + "\nNo paper written yet")
            for column, value in enumerate(cells):
                value.setFlags(value.flags() | Qt.ItemFlag.ItemIsDragEnabled)
                self.table.setItem(row, column, value)
            if not start:
                muted(cells[1])
        self.table.blockSignals(False)
        self.table.select_id(keep)
        self._selected = self.table.selected_id()
        self._show_total(data, meeting, items, starts)
        self._show_preview(data)
        self._set_enabled(data, meeting)

    def _show_total(self, data: RegisterData, meeting: Meeting, items: list[AgendaItem], starts: list[str]) -> None:
        total = sum(i.minutes for i in items)
        over = governance.agenda_over_time(data, meeting)
        if over:
            text = f"⚠ Over time. {over}"
        else:
            text = f"Total {total} of {meeting.minutes_allowed} minutes"
            if items and starts[-1]:
                ends = datetime.strptime(starts[-1], "%H:%M") + timedelta(minutes=items[-1].minutes)
                text += f" · ends at {ends:%H:%M}"
        self.total_label.setText(text)
        self.total_label.setProperty("over", "true" if over else "false")
        self.total_label.setToolTip(f"The meeting has {meeting.minutes_allowed} minutes")
        repolish(self.total_label)

    def _show_preview(self, data: RegisterData) -> None:
        item = data.agenda_items.get(self._selected or "")
        if item is None:
            self.preview.setHtml("<p style='color:#5a6778'>Choose an item to read its paper.</p>")
        else:
            self.preview.setHtml(paper_html(data, item))

    def _set_enabled(self, data: RegisterData, meeting: Meeting) -> None:
        writable = not self.page.session.read_only
        item = data.agenda_items.get(self._selected or "")
        ids = self.table.item_ids()
        self.add_button.setEnabled(writable)
        for widget in (self.edit_button, self.remove_button, self.carry_button):
            widget.setEnabled(writable and item is not None)
        self.up_button.setEnabled(writable and item is not None and ids.index(item.id) > 0)
        self.down_button.setEnabled(writable and item is not None and ids.index(item.id) < len(ids) - 1)
        executive = governance.executive_board_for(data, meeting.board_id)
        can_refer = executive is not None and executive.id != meeting.board_id
        self.refer_button.setEnabled(writable and item is not None and can_refer)
        self.refer_button.setToolTip(
            f"Copy the selected item, with its paper, to the next meeting of the {executive.name}"
            if can_refer and executive is not None
            else "Items are referred up from a programme board to its executive board"
        )
        self.open_button.setEnabled(item is not None and item.opportunity_id in data.opportunities)
        self.table.setDragEnabled(writable)

    def _on_selection(self) -> None:
        self._selected = self.table.selected_id()
        meeting = self.page.meeting
        if meeting is not None:
            self._show_preview(self.page.session.data)
            self._set_enabled(self.page.session.data, meeting)

    def selected_item(self) -> AgendaItem | None:
        return self.page.session.data.agenda_items.get(self.table.selected_id() or "")

    def reset(self) -> None:
        """Forget the selection (another meeting is being shown)."""
        self.table.clearSelection()
        self._selected = None

    def select(self, item_id: str | None) -> None:
        self.table.select_id(item_id)
        self._selected = self.table.selected_id()

    # ------------------------------------------------------------------------------------------ commands

    def add_item(self) -> None:
        meeting = self.page.meeting
        if meeting is None or self.page.session.read_only:
            return
        dialog = AgendaItemDialog(self.page.session.data, meeting, None, self.page)
        self.page.open_dialog(dialog, lambda: self._save_new(dialog))

    def _save_new(self, dialog: AgendaItemDialog) -> None:
        item = dialog.item()
        if self.page.apply(lambda: governance.add_agenda_item(self.page.session.data, item)):
            self.select(item.id)
        self.table.setFocus()

    def edit_item(self) -> None:
        item = self.selected_item()
        meeting = self.page.meeting
        if item is None or meeting is None or self.page.session.read_only:
            return
        dialog = AgendaItemDialog(self.page.session.data, meeting, item, self.page)
        self.page.open_dialog(dialog, lambda: self._save_edit(item, dialog))

    def _save_edit(self, before: AgendaItem, dialog: AgendaItemDialog) -> None:
        after = dialog.item()
        if after != before:
            self.page.apply(lambda: governance.update_agenda_item(self.page.session.data, after))
        self.table.setFocus()

    def remove_item(self) -> None:
        item = self.selected_item()
        if item is None or self.page.session.read_only:
            return
        row = self.table.currentRow()
        if self.page.apply(lambda: governance.remove_agenda_item(self.page.session.data, item.id)):
            self.page.show_message(f"Removed “{item.title}” from the agenda. Undo puts it back.", "info")
            ids = self.table.item_ids()
            self.select(ids[min(row, len(ids) - 1)] if ids else None)

    def move_selected(self, steps: int) -> None:
        item = self.selected_item()
        if item is None or self.page.session.read_only:
            return
        edit = governance.move_agenda_item(self.page.session.data, item.id, steps)
        if edit is not None and self.page.apply(edit):
            self.select(item.id)

    def reorder(self, ordered_ids: list[str]) -> None:
        meeting = self.page.meeting
        if meeting is None or self.page.session.read_only:
            return
        chosen = self._selected
        if self.page.apply(lambda: governance.reorder_agenda(self.page.session.data, meeting.id, ordered_ids)):
            self.select(chosen)

    def carry(self) -> None:
        self._copy_on(None)

    def refer(self) -> None:
        meeting = self.page.meeting
        if meeting is None:
            return
        executive = governance.executive_board_for(self.page.session.data, meeting.board_id)
        if executive is None or executive.id == meeting.board_id:
            return
        self._copy_on(executive.id)

    def _copy_on(self, board_id: str | None) -> None:
        item = self.selected_item()
        if item is None or self.page.session.read_only:
            return
        data = self.page.session.data
        try:
            target, edit = governance.carry_item(data, item.id, board_id)
        except GovernanceError as exc:
            self.page.show_message(str(exc))
            return
        verb = "Referred" if board_id else "Carried"
        if self.page.apply(edit):
            self.page.show_message(
                f"{verb} “{item.title}” to the {governance.meeting_title(data, target)}. "
                "It stays on this agenda as the record of what was tabled.",
                "info",
            )

    def open_opportunity(self) -> None:
        item = self.selected_item()
        if item is not None and item.opportunity_id in self.page.session.data.opportunities:
            self.page.opportunity_opened.emit(item.opportunity_id)
