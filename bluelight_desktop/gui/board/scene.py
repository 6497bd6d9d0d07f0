"""The board's scene: quadrants, threshold lines, axes and cards, laid out by core.board.BoardGeometry.

Scene coordinates are the board's own: (0, 0) is the top-left corner of the Park quadrant and
(width, height) the bottom-right corner of Quick win, so `geometry.scores(x, y)` of a scene point is the
effort and benefit there. Headers and axis labels sit outside that area.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen, QPixmapCache
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem

from ...core.board import PLACED_QUADRANTS, BoardGeometry
from ...core.board_layout import lay_out_cards
from ...core.quadrant import Quadrant, Thresholds, quadrant_for
from .items import CARD_Z, SELECTED_Z, CardData, CardItem, QuadrantHeader, QuadrantItem, font
from .style import DESK, BoardStyle

RIGHT_MARGIN = 10.0


class BoardScene(QGraphicsScene):
    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # moves are cheap; 1,000 items
        self.style_ = DESK
        self.thresholds = Thresholds()
        self.geometry = BoardGeometry(800, 500, DESK.card_width, DESK.card_height, self.thresholds)
        self.cards: dict[str, CardItem] = {}
        self.visible_ids: list[str] = []  # in reading order: Tab goes through them
        self.totals: dict[Quadrant, int] = {}
        self.quadrants = {q: QuadrantItem(q, self.style_) for q in PLACED_QUADRANTS}
        self.headers = {q: QuadrantHeader(q, self.style_) for q in PLACED_QUADRANTS}
        for item in (*self.quadrants.values(), *self.headers.values()):
            self.addItem(item)
        for quadrant_item in self.quadrants.values():
            for edge in quadrant_item.edges:
                self.addItem(edge)
        # Cards paint once into the pixmap cache, then a repaint is a copy. Qt's default cache (10 MB) holds
        # about 200 cards; a board of 1,000 would repaint every card from scratch on every frame.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 160 * 1024))
        self.frame = QGraphicsRectItem()
        self.frame.setZValue(2)
        self.addItem(self.frame)
        self.split_lines = (QGraphicsLineItem(), QGraphicsLineItem())
        for line in self.split_lines:
            line.setZValue(2)
            self.addItem(line)
        self.axis_texts: list[QGraphicsSimpleTextItem] = []
        self._viewport = (0.0, 0.0)
        self._layout_key: object = None

    # ------------------------------------------------------------------------------------------- layout

    def set_style(self, style: BoardStyle) -> None:
        if style is self.style_:
            return
        self.style_ = style
        for quadrant_item in self.quadrants.values():
            quadrant_item.set_style(style)
        for card in self.cards.values():
            card.set_data(card.data_, style)
        self._viewport = (0.0, 0.0)

    def set_thresholds(self, thresholds: Thresholds) -> None:
        if thresholds != self.thresholds:
            self.thresholds = thresholds
            self._viewport = (0.0, 0.0)

    def fit(self, viewport_width: float, viewport_height: float) -> None:
        """Lay the board out to fill a viewport of this size (in pixels, the scene is never scaled)."""
        if (viewport_width, viewport_height) == self._viewport:
            return
        self._viewport = (viewport_width, viewport_height)
        style = self.style_
        width = max(viewport_width - style.axis_band - RIGHT_MARGIN, 2 * style.card_width + 60)
        height = max(viewport_height - 2 * style.header_band - style.axis_band, 2 * style.card_height + 60)
        self.geometry = BoardGeometry(width, height, style.card_width, style.card_height, self.thresholds)
        self.setSceneRect(
            QRectF(
                -style.axis_band,
                -style.header_band,
                width + style.axis_band + RIGHT_MARGIN,
                height + 2 * style.header_band + style.axis_band,
            )
        )
        self._layout_decorations()
        self.layout_cards()

    def _layout_decorations(self) -> None:
        style, geometry = self.style_, self.geometry
        for quadrant, item in self.quadrants.items():
            x, y, w, h = geometry.quadrant_rect(quadrant)
            item.set_area(QRectF(x, y, w, h))
            top = quadrant in (Quadrant.PARK, Quadrant.MAJOR_PROJECT)
            band = QRectF(x, -style.header_band if top else geometry.height, w, style.header_band)
            self.headers[quadrant].set_layout(band, style)
        line_pen = QPen(QColor(style.line), style.line_width)
        self.frame.setRect(QRectF(0, 0, geometry.width, geometry.height))
        self.frame.setPen(QPen(QColor(style.line), style.line_width / 2))
        split_x, split_y = geometry.point(self.thresholds.effort, self.thresholds.benefit)
        vertical, horizontal = self.split_lines
        vertical.setLine(split_x, 0, split_x, geometry.height)
        horizontal.setLine(0, split_y, geometry.width, split_y)
        for line in self.split_lines:
            line.setPen(line_pen)

        for item in self.axis_texts:
            self.removeItem(item)
        self.axis_texts = []
        axis_font = font(style.axis_pt, bold=True)
        tick_font = font(style.header_meaning_pt)
        metrics, tick_m = QFontMetricsF(axis_font), QFontMetricsF(tick_font)
        bottom = geometry.height + style.header_band
        band_middle = bottom + (style.axis_band - metrics.height()) / 2

        def text(value: str, bold: bool = True) -> QGraphicsSimpleTextItem:
            item = QGraphicsSimpleTextItem(value)
            item.setFont(axis_font if bold else tick_font)
            item.setBrush(QColor(style.text if bold else style.muted))
            item.setZValue(2)
            self.addItem(item)
            self.axis_texts.append(item)
            return item

        benefit = text("Benefit →")
        title_w = metrics.horizontalAdvance("Benefit →")
        benefit.setPos(geometry.width / 2 - title_w / 2, band_middle)
        tick_y = bottom + (style.axis_band - tick_m.height()) / 2
        text("Low", bold=False).setPos(0, tick_y)
        text("High", bold=False).setPos(geometry.width - tick_m.horizontalAdvance("High"), tick_y)
        threshold = str(self.thresholds.benefit)
        # The threshold's value, where it does not collide with the axis title (at 50 it would).
        if abs(split_x - geometry.width / 2) > title_w / 2 + tick_m.horizontalAdvance(threshold) + 8:
            text(threshold, bold=False).setPos(split_x - tick_m.horizontalAdvance(threshold) / 2, tick_y)

        effort = text("Effort →")
        effort.setRotation(-90)
        left = -style.axis_band + (style.axis_band - metrics.height()) / 2
        effort.setPos(left, geometry.height / 2 + metrics.horizontalAdvance("Effort →") / 2)
        tick_x = -style.axis_band + (style.axis_band - tick_m.height()) / 2
        ticks = [("Low", geometry.height), ("High", tick_m.horizontalAdvance("High"))]
        effort_threshold = str(self.thresholds.effort)
        if abs(split_y - geometry.height / 2) > metrics.horizontalAdvance("Effort →") / 2 + 24:
            ticks.append((effort_threshold, split_y + tick_m.horizontalAdvance(effort_threshold) / 2))
        for label, at in ticks:
            tick = text(label, bold=False)
            tick.setRotation(-90)
            tick.setPos(tick_x, at)

    # -------------------------------------------------------------------------------------------- cards

    def set_cards(self, cards: Iterable[CardData], shown: set[str], matched: set[str] | None) -> None:
        """Show these cards (placed ones only), of which `shown` pass the filters; `matched` are those the
        search text finds (None: no search). Items are kept by id, so selection survives a reload."""
        wanted: dict[str, CardData] = {c.id: c for c in cards if c.effort is not None and c.benefit is not None}
        for card_id in [i for i in self.cards if i not in wanted]:
            self.removeItem(self.cards.pop(card_id))
        for card_id, data in wanted.items():
            item = self.cards.get(card_id)
            if item is None:
                item = CardItem(data, self.style_)
                self.cards[card_id] = item
                self.addItem(item)
            else:
                item.set_data(data, self.style_)
            if card_id not in shown and item.isSelected():
                item.setSelected(False)
            item.setVisible(card_id in shown)
            item.set_matched(matched is not None and card_id in matched)
            item.setOpacity(0.35 if matched is not None and card_id not in matched else 1.0)
        self.totals = {q: 0 for q in PLACED_QUADRANTS}
        for data in wanted.values():
            self.totals[quadrant_for(data.effort, data.benefit, self.thresholds)] += 1
        # Search and colour change nothing of the layout: skip it (a keystroke in the search box stays quick).
        key = (
            self.geometry,
            frozenset((d.id, d.reference, d.effort, d.benefit) for i, d in wanted.items() if i in shown),
        )
        if key != self._layout_key:
            self.layout_cards()

    def layout_cards(self) -> None:
        """Place the shown cards as core.board_layout lays them out (as the PDF does); fan what still overlaps."""
        shown_now = [item for item in self.cards.values() if item.isVisible()]
        self._layout_key = (
            self.geometry,
            frozenset((c.data_.id, c.data_.reference, c.data_.effort, c.data_.benefit) for c in shown_now),
        )
        self._layout()

    def _layout(self) -> None:
        shown = [item for item in self.cards.values() if item.isVisible()]
        placed = [_Placed(c.data_.id, c.data_.reference, c.data_.effort, c.data_.benefit) for c in shown]
        counts = {q: 0 for q in PLACED_QUADRANTS}
        for item in shown:
            counts[quadrant_for(item.data_.effort, item.data_.benefit, self.thresholds)] += 1
        for quadrant, header in self.headers.items():
            header.set_counts(counts[quadrant], self.totals.get(quadrant, 0))

        h = self.style_.card_height
        layout = lay_out_cards(placed, self.geometry)
        beneath = {card_id: depth for front in layout.fans.values() for depth, card_id in enumerate(front, 1)}
        for item in shown:
            card_id = item.data_.id
            x, y = layout.positions[card_id]
            item.setPos(x, y)
            item.base_z = CARD_Z - beneath.get(card_id, 0) * 0.01
            item.setZValue(SELECTED_Z if item.isSelected() else item.base_z)
            item.set_stacked_under(len(layout.fans.get(card_id, ())))
        order = {q: n for n, q in enumerate(PLACED_QUADRANTS)}
        self.visible_ids = [
            item.data_.id
            for item in sorted(
                shown,
                key=lambda c: (
                    order[quadrant_for(c.data_.effort, c.data_.benefit, self.thresholds)],
                    round(c.y() / (h / 2)),
                    c.x(),
                ),
            )
        ]

    # ------------------------------------------------------------------------------------------ queries

    def card_at(self, scene_pos: QPointF) -> CardItem | None:
        for item in self.items(scene_pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder):
            if isinstance(item, CardItem) and item.isVisible():
                return item
        return None

    def quadrant_at(self, scene_pos: QPointF) -> Quadrant:
        effort, benefit = self.geometry.scores(scene_pos.x(), scene_pos.y())
        return quadrant_for(effort, benefit, self.thresholds)

    def highlight(self, quadrant: Quadrant | None) -> None:
        for q, item in self.quadrants.items():
            item.set_highlighted(q is quadrant)
            self.headers[q].set_highlighted(q is quadrant)

    def board_rect(self) -> QRectF:
        return QRectF(0, 0, self.geometry.width, self.geometry.height)


class _Placed:
    """What card_positions needs of a card."""

    __slots__ = ("id", "reference", "effort", "benefit")

    def __init__(self, id: str, reference: str, effort: int | None, benefit: int | None) -> None:  # noqa: A002
        self.id, self.reference, self.effort, self.benefit = id, reference, effort, benefit
