"""The board's view: the mouse drags a card (Esc puts it back), the keyboard selects and nudges, and the
tray's cards drop onto it. It moves items only; what a move means is the page's business (signals)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QWidget

from ...core.quadrant import Quadrant
from .items import DRAGGED_Z, SELECTED_Z, CardItem
from .scene import BoardScene
from .tray import OPPORTUNITY_MIME

_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}


@dataclass
class _Drag:
    card: CardItem
    press: QPointF  # scene point where the button went down
    start: QPointF  # the card's position then
    moved: bool = False
    quadrant: Quadrant | None = None


class BoardView(QGraphicsView):
    card_dropped = Signal(str, int, int)  # opportunity id, effort, benefit
    nudge_requested = Signal(int, int)  # benefit steps, effort steps
    open_requested = Signal(str)
    tray_dropped = Signal(str, QPointF)  # opportunity id, scene point
    context_requested = Signal(str, QPointF, QPoint)  # card id ("" for none), scene point, global point

    def __init__(self, scene: BoardScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.board = scene
        self.setObjectName("boardView")
        self.setAccessibleName("Effort and benefit board")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A fixed-width border that only changes colour: a border that grew on focus would resize the board.
        self.setStyleSheet(
            "QGraphicsView#boardView { border: 2px solid #dde3ea; background: #ffffff; }"
            "QGraphicsView#boardView:focus { border: 2px solid #1f5aa6; }"
        )
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self._drag: _Drag | None = None

    # --------------------------------------------------------------------------------------- size

    def fit_board(self) -> None:
        size = self.maximumViewportSize()
        self.board.fit(size.width(), size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_board()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_board()

    # --------------------------------------------------------------------------------------- selection

    def selected_card(self) -> CardItem | None:
        for item in self.board.selectedItems():
            if isinstance(item, CardItem):
                return item
        return None

    def select_card(self, card: CardItem | None) -> None:
        if card is not None and card.isSelected() and len(self.board.selectedItems()) == 1:
            return
        self.board.clearSelection()
        if card is not None:
            card.setSelected(True)

    def _select_step(self, forward: bool) -> bool:
        """Tab's step through the cards in reading order; False at the end, so focus moves on."""
        ids = self.board.visible_ids
        if not ids:
            return False
        current = self.selected_card()
        index = ids.index(current.opportunity_id) if current and current.opportunity_id in ids else -1
        if index == -1:
            target = 0 if forward else len(ids) - 1
        else:
            target = index + (1 if forward else -1)
            if not 0 <= target < len(ids):
                return False
        self.select_card(self.board.cards[ids[target]])
        return True

    def _select_towards(self, dx: int, dy: int) -> None:
        """The nearest shown card in a direction (dy > 0 is up, towards more effort)."""
        current = self.selected_card()
        shown = [self.board.cards[i] for i in self.board.visible_ids]
        if current is None:
            if shown:
                self.select_card(shown[0])
            return
        here = current.centre()
        best: tuple[float, CardItem] | None = None
        fallback: tuple[float, CardItem] | None = None
        for card in shown:
            if card is current:
                continue
            offset = card.centre() - here
            along = offset.x() * dx - offset.y() * dy  # screen y grows downwards
            across = abs(offset.y()) if dx else abs(offset.x())
            if along <= 1:
                continue
            score = along + 2 * across
            if across <= 2 * along and (best is None or score < best[0]):
                best = (score, card)
            if fallback is None or score < fallback[0]:
                fallback = (score, card)
        chosen = best or fallback
        if chosen is not None:
            self.select_card(chosen[1])

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        if self._select_step(next):
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            if self.selected_card() is None:
                self._select_step(event.reason() == Qt.FocusReason.TabFocusReason)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.cancel_drag()
        super().focusOutEvent(event)

    # ---------------------------------------------------------------------------------------- keyboard

    def event(self, event: QEvent) -> bool:
        # Esc while dragging belongs to the drag, not to a window shortcut (leaving presentation mode).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self._drag is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, modifiers = event.key(), event.modifiers()
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self.cancel_drag()
            event.accept()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            if self._select_step(key == Qt.Key.Key_Tab and not modifiers & Qt.KeyboardModifier.ShiftModifier):
                event.accept()
                return
            event.ignore()
            return
        if key in _ARROWS and self._drag is None:
            dx, dy = _ARROWS[key]
            if control:
                step = 10 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1
                if self.selected_card() is not None:
                    self.nudge_requested.emit(dx * step, dy * step)
            else:
                self._select_towards(dx, dy)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            card = self.selected_card()
            if card is not None:
                self.open_requested.emit(card.opportunity_id)
                event.accept()
                return
        super().keyPressEvent(event)

    # -------------------------------------------------------------------------------------------- mouse

    def _scene_point(self, event: QMouseEvent | QDropEvent | QDragMoveEvent) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = self._scene_point(event)
        card = self.board.card_at(point)
        if card is None:
            if event.button() == Qt.MouseButton.LeftButton:
                self.select_card(None)
        else:
            self.select_card(card)
            if event.button() == Qt.MouseButton.LeftButton:
                self._drag = _Drag(card, point, card.pos())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self._drag
        if drag is None:
            super().mouseMoveEvent(event)
            return
        point = self._scene_point(event)
        delta = point - drag.press
        if not drag.moved:
            on_screen = self.mapFromScene(point) - self.mapFromScene(drag.press)
            if on_screen.manhattanLength() < QApplication.startDragDistance():
                return
            drag.moved = True
            drag.card.setZValue(DRAGGED_Z)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        # The card's centre stays on the board; the layout tucks it inside its quadrant after the drop.
        half_w, half_h = drag.card.width / 2, drag.card.height / 2
        rect = self.board.board_rect()
        centre_x = min(max(drag.start.x() + delta.x() + half_w, rect.left()), rect.right())
        centre_y = min(max(drag.start.y() + delta.y() + half_h, rect.top()), rect.bottom())
        drag.card.setPos(centre_x - half_w, centre_y - half_h)
        quadrant = self.board.quadrant_at(QPointF(centre_x, centre_y))
        if quadrant is not drag.quadrant:
            drag.quadrant = quadrant
            self.board.highlight(quadrant)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            event.accept()
            return
        self._drag = None
        self.board.highlight(None)
        self.viewport().unsetCursor()
        if drag.moved:
            centre = drag.card.centre()
            effort, benefit = self.board.geometry.scores(centre.x(), centre.y())
            drag.card.setZValue(SELECTED_Z)
            self.card_dropped.emit(drag.card.opportunity_id, effort, benefit)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        card = self.board.card_at(self._scene_point(event))
        if card is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.open_requested.emit(card.opportunity_id)
        event.accept()

    @property
    def dragging(self) -> bool:
        return self._drag is not None and self._drag.moved

    def cancel_drag(self) -> None:
        """Put a card being dragged back where it was."""
        drag = self._drag
        if drag is None:
            return
        self._drag = None
        drag.card.setPos(drag.start)
        drag.card.setZValue(SELECTED_Z if drag.card.isSelected() else drag.card.base_z)
        self.board.highlight(None)
        self.viewport().unsetCursor()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        self.cancel_drag()
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            card = self.selected_card()
            point = card.centre() if card else self.board.board_rect().center()
            global_point = self.viewport().mapToGlobal(self.mapFromScene(point))
        else:
            point = self.mapToScene(event.pos())
            card = self.board.card_at(point)
            if card is not None:
                self.select_card(card)
            global_point = event.globalPos()
        self.context_requested.emit(card.opportunity_id if card else "", point, global_point)
        event.accept()

    # ------------------------------------------------------------------------------------ drops (tray)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(OPPORTUNITY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(OPPORTUNITY_MIME):
            self.board.highlight(self.board.quadrant_at(self._scene_point(event)))
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self.board.highlight(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.board.highlight(None)
        if not event.mimeData().hasFormat(OPPORTUNITY_MIME):
            event.ignore()
            return
        opportunity_id = bytes(event.mimeData().data(OPPORTUNITY_MIME).data()).decode("utf-8")
        event.acceptProposedAction()
        self.tray_dropped.emit(opportunity_id, self._scene_point(event))
