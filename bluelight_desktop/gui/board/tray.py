"""The tray: opportunities with no effort and benefit yet, waiting to be placed on the board."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QRect, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

OPPORTUNITY_MIME = "application/x-bluelight-opportunity-id"
ID_ROLE = Qt.ItemDataRole.UserRole


class TrayList(QListWidget):
    """Drag an entry onto the board to place it; Enter asks for a quadrant instead."""

    place_requested = Signal(str)  # opportunity id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardTray")
        self.setAccessibleName("Opportunities not yet placed")
        self.setToolTip("Drag onto the board to place, or press Enter to send to a quadrant")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemDoubleClicked.connect(lambda item: self.place_requested.emit(item.data(ID_ROLE)))

    def set_entries(self, entries: Sequence[tuple[str, str, str]], matched: set[str] | None) -> None:
        """(id, text, tooltip) for each; `matched` (search hits) show in bold."""
        current = self.current_id()
        self.clear()
        for opportunity_id, text, tip in entries:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, opportunity_id)
            item.setToolTip(tip)
            if matched is not None and opportunity_id in matched:
                bold = QFont(self.font())
                bold.setBold(True)
                item.setFont(bold)
            self.addItem(item)
            if opportunity_id == current:
                self.setCurrentItem(item)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its entries, up to six or so: the panel's room goes to the card's details."""
        metrics = self.fontMetrics()
        width = max(60, self.viewport().width() - 8)
        rows = 0
        for row in range(min(self.count(), 6)):
            text = self.item(row).text()
            flags = int(Qt.TextFlag.TextWordWrap)
            rows += metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height() + 4
        self.setFixedHeight(min(max(rows, metrics.height() + 4), 180) + 2 * self.frameWidth() + 8)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # wrapped entries grow taller when narrower
            self._fit_height()

    def ids(self) -> list[str]:
        return [self.item(row).data(ID_ROLE) for row in range(self.count())]

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [OPPORTUNITY_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if items:
            data.setData(OPPORTUNITY_MIME, str(items[0].data(ID_ROLE)).encode("utf-8"))
            data.setText(items[0].text())
        return data

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.place_requested.emit(self.current_id())
            event.accept()
            return
        super().keyPressEvent(event)


def mime_for(opportunity_id: str) -> QMimeData:
    """What a drag from the tray carries (tests build drops with it)."""
    data = QMimeData()
    data.setData(OPPORTUNITY_MIME, opportunity_id.encode("utf-8"))
    return data
