"""What the board scene holds: cards, quadrant backgrounds and their headers. Each item paints itself from
text laid out once (when its data or the style changes), so a drag step only moves one cached item."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from ...core.quadrant import Quadrant
from .style import BoardStyle

CARD_Z = 10.0
SELECTED_Z = 50.0
DRAGGED_Z = 100.0


@dataclass(frozen=True)
class CardData:
    """One opportunity as a card shows it."""

    id: str
    reference: str
    title: str
    stage: str
    partners: str
    colour: str
    tooltip: str
    effort: int | None
    benefit: int | None


def font(points: float, bold: bool = False) -> QFont:
    result = QFont()
    result.setPointSizeF(points)
    result.setBold(bold)
    return result


def wrap(text: str, metrics: QFontMetricsF, width: float, lines: int) -> list[str]:
    """Words into at most `lines` lines of `width`, the last one elided if the text runs over."""
    words = text.split()
    result: list[str] = []
    while words and len(result) < lines:
        if len(result) == lines - 1:
            result.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
            break
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if metrics.horizontalAdvance(line) > width:
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
        result.append(line)
    return result


class CardItem(QGraphicsItem):
    """An opportunity on the board. Its position is its top-left corner; the view moves it, never Qt's
    built-in item dragging (which could not be cancelled with Esc)."""

    def __init__(self, data: CardData, style: BoardStyle) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(CARD_Z)
        self.matched = False  # the search text matches it: bold border
        self.stacked_under = 0  # cards hidden beneath this one ("+N")
        self.base_z = CARD_Z
        self.data_ = data
        self.style = style
        self._lines: list[str] = []
        self.set_data(data, style)

    # ---- content

    def set_data(self, data: CardData, style: BoardStyle) -> None:
        if data == self.data_ and style is self.style and self._lines:
            return
        self.prepareGeometryChange()
        self.data_ = data
        self.style = style
        self.setToolTip(data.tooltip)
        self._layout_text()
        self.update()

    @property
    def opportunity_id(self) -> str:
        return self.data_.id

    @property
    def width(self) -> float:
        return self.style.card_width

    @property
    def height(self) -> float:
        return self.style.card_height

    def centre(self) -> QPointF:
        return self.pos() + QPointF(self.width / 2, self.height / 2)

    def _layout_text(self) -> None:
        style, data = self.style, self.data_
        self._reference_font = font(style.reference_pt, bold=True)
        self._title_font = font(style.title_pt)
        self._small_font = font(style.small_pt)
        reference_m = QFontMetricsF(self._reference_font)
        title_m = QFontMetricsF(self._title_font)
        small_m = QFontMetricsF(self._small_font)
        pad = max(4.0, style.card_height * 0.07)
        self._left = style.strip_width + pad + 1
        inner = style.card_width - self._left - pad
        self._pad = pad
        self._reference_baseline = pad + reference_m.ascent()
        stage_room = inner - reference_m.horizontalAdvance(data.reference) - pad
        self._stage = small_m.elidedText(data.stage, Qt.TextElideMode.ElideRight, max(0.0, stage_room))
        self._stage_width = small_m.horizontalAdvance(self._stage)
        self._partners_baseline = style.card_height - pad - small_m.descent()
        self._partners = small_m.elidedText(data.partners, Qt.TextElideMode.ElideRight, inner)
        title_top = pad + reference_m.height() + 1
        title_bottom = self._partners_baseline - small_m.ascent() - 1 if data.partners else style.card_height - pad
        room = max(1, int((title_bottom - title_top) // title_m.lineSpacing()))
        self._lines = wrap(data.title, title_m, inner, min(2, room)) or [""]
        self._title_baselines = [title_top + title_m.ascent() + n * title_m.lineSpacing() for n in range(room)]

    def set_matched(self, matched: bool) -> None:
        if matched != self.matched:
            self.matched = matched
            self.update()

    def set_stacked_under(self, count: int) -> None:
        if count != self.stacked_under:
            self.stacked_under = count
            self.update()

    # ---- painting

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-5, -8, self.style.card_width + 12, self.style.card_height + 14)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.style.card_width, self.style.card_height))
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setZValue(SELECTED_Z if value else self.base_z)
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        style, data = self.style, self.data_
        w, h = style.card_width, style.card_height
        rect = QRectF(0, 0, w, h)
        radius = 5.0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 30, 45, 34))
        painter.drawRoundedRect(rect.translated(0.5, 2), radius, radius)
        card = QPainterPath()
        card.addRoundedRect(rect, radius, radius)
        painter.fillPath(card, QColor(style.background))
        painter.save()
        painter.setClipPath(card)
        painter.fillRect(QRectF(0, 0, style.strip_width, h), QColor(data.colour))
        painter.restore()

        if self.isSelected():
            pen = QPen(QColor(style.selected), 3.0)
        elif self.matched:
            pen = QPen(QColor(style.match), 3.0)
        else:
            pen = QPen(QColor(style.card_border), style.card_border_width)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = pen.widthF() / 2
        painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
        if self.isSelected():  # a second, outer ring: selection reads even on a washed-out projector
            painter.setPen(QPen(QColor(style.selected), 1.5))
            painter.drawRoundedRect(rect.adjusted(-3.5, -3.5, 3.5, 3.5), radius + 3, radius + 3)

        text = QColor(style.text)
        muted = QColor(style.muted)
        painter.setFont(self._reference_font)
        painter.setPen(text)
        painter.drawText(QPointF(self._left, self._reference_baseline), data.reference)
        painter.setFont(self._small_font)
        painter.setPen(muted)
        painter.drawText(QPointF(w - self._pad - self._stage_width, self._reference_baseline), self._stage)
        painter.setFont(self._title_font)
        painter.setPen(text)
        for line, baseline in zip(self._lines, self._title_baselines, strict=False):
            painter.drawText(QPointF(self._left, baseline), line)
        if self._partners:
            painter.setFont(self._small_font)
            painter.setPen(muted)
            painter.drawText(QPointF(self._left, self._partners_baseline), self._partners)

        if self.stacked_under:
            badge_font = font(style.small_pt, bold=True)
            label = f"+{self.stacked_under}"
            badge_w = QFontMetricsF(badge_font).horizontalAdvance(label) + 10
            badge = QRectF(w - badge_w + 5, -7, badge_w, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(style.selected))
            painter.drawRoundedRect(badge, 7.5, 7.5)
            painter.setPen(QColor("#ffffff"))
            painter.setFont(badge_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)


class QuadrantItem(QGraphicsRectItem):
    """A quadrant's background. While a card is dragged over it, four thin bars outline it and its header
    is tinted: never a new fill, which would make every card in the quadrant repaint on each change."""

    def __init__(self, quadrant: Quadrant, style: BoardStyle) -> None:
        super().__init__()
        self.quadrant = quadrant
        self.style = style
        self.highlighted = False
        self.setPen(Qt.PenStyle.NoPen)
        self.setZValue(0)
        self.edges = [QGraphicsRectItem() for _ in range(4)]
        for edge in self.edges:
            edge.setPen(Qt.PenStyle.NoPen)
            edge.setZValue(DRAGGED_Z - 1)
            edge.hide()
        self.set_style(style)

    def set_style(self, style: BoardStyle) -> None:
        self.style = style
        self.setBrush(QBrush(QColor(style.quadrant_fill[self.quadrant])))
        for edge in self.edges:
            edge.setBrush(QBrush(QColor(style.selected)))

    def set_area(self, rect: QRectF) -> None:
        self.setRect(rect)
        width = 4.0
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        for edge, area in zip(
            self.edges,
            (
                QRectF(left, top, rect.width(), width),
                QRectF(left, bottom - width, rect.width(), width),
                QRectF(left, top, width, rect.height()),
                QRectF(right - width, top, width, rect.height()),
            ),
            strict=True,
        ):
            edge.setRect(area)

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            for edge in self.edges:
                edge.setVisible(on)


class QuadrantHeader(QGraphicsItem):
    """A quadrant's name, its count of cards and the paper's one-line meaning, outside the board's area
    (above the top quadrants, below the bottom ones) so cards never cover it."""

    def __init__(self, quadrant: Quadrant, style: BoardStyle) -> None:
        super().__init__()
        self.quadrant = quadrant
        self.style = style
        self.rect = QRectF()
        self.shown = 0
        self.total = 0
        self.highlighted = False
        self.setZValue(1)

    def set_layout(self, rect: QRectF, style: BoardStyle) -> None:
        self.prepareGeometryChange()
        self.rect = rect
        self.style = style
        self.update()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def set_counts(self, shown: int, total: int) -> None:
        if (shown, total) != (self.shown, self.total):
            self.shown, self.total = shown, total
            self.update()

    @property
    def count_text(self) -> str:
        return str(self.total) if self.shown == self.total else f"{self.shown} of {self.total}"

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        style = self.style
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.highlighted:
            painter.fillRect(self.rect, QColor(style.quadrant_highlight))
        name_font = font(style.header_name_pt, bold=True)
        meaning_font = font(style.header_meaning_pt)
        count_font = font(style.header_meaning_pt, bold=True)
        name_m, meaning_m, count_m = QFontMetricsF(name_font), QFontMetricsF(meaning_font), QFontMetricsF(count_font)
        x = self.rect.left() + 8
        block = name_m.height() + meaning_m.height()
        top = self.rect.top() + (self.rect.height() - block) / 2
        painter.setFont(name_font)
        painter.setPen(QColor(style.text))
        painter.drawText(QPointF(x, top + name_m.ascent()), self.quadrant.value)
        count = self.count_text
        pill_w = count_m.horizontalAdvance(count) + 14
        pill_h = count_m.height() + 2
        pill = QRectF(
            x + name_m.horizontalAdvance(self.quadrant.value) + 10,
            top + (name_m.height() - pill_h) / 2 + 1,
            pill_w,
            pill_h,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.muted))
        painter.drawRoundedRect(pill, pill_h / 2, pill_h / 2)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(count_font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, count)
        painter.setFont(meaning_font)
        painter.setPen(QColor(style.muted))
        meaning = meaning_m.elidedText(self.quadrant.meaning, Qt.TextElideMode.ElideRight, self.rect.width() - 16)
        painter.drawText(QPointF(x, top + name_m.height() + meaning_m.ascent()), meaning)
